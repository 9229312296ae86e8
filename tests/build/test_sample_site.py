"""The real sample content, built as of the district's report day (2018-07-05)."""

from helpers import ROOT, figures_on, item_pages, page_text

from pelican.plugins.congkhai.content.reading import read_tree
from pelican.plugins.congkhai.content.model import build_content

REPORT_SENTENCE = (
    "Từ tháng 12/2015 đến tháng 6/2018, huyện Hàm Tân đã tổ chức được 28 cuộc đối thoại, "
    "thu hút {attendance} lượt người tham dự. Tại các buổi đối thoại, đã có 359 ý kiến/577 nội dung. "
    "Đến nay, đã giải quyết xong 454/577 nội dung, tồn 123 nội dung, trong đó có 41 nội dung "
    "chưa tới thời hạn trả lời theo quy định."
)


def test_the_2018_report_states_the_district_figures(sample_site):
    content = build_content(read_tree(ROOT / "content"))
    attendance = sum(s.attendance for s in content.sessions if s.date.year <= 2018)
    expected = REPORT_SENTENCE.format(attendance=f"{attendance:,}".replace(",", "."))
    assert expected in page_text(sample_site, "bao-cao/2018-07-05/")


def test_every_item_of_the_source_has_exactly_one_page(sample_site):
    content = build_content(read_tree(ROOT / "content"))
    held = [s for s in content.sessions if s.date.isoformat() <= "2018-07-05"]
    expected = {f"{i.session_id}/{i.opinion_no}-{i.no}" for s in held for i in s.items}
    assert len(expected) == 577  # the district's report; the sessions of 2025-2026 are not held yet
    assert item_pages(sample_site) == expected


def test_home_figures_add_up(sample_site):
    figures = figures_on(sample_site, "")
    assert figures == {"total": 577, "resolved": 454, "outstanding": 123, "not_yet_due": 41, "overdue": 82}
    assert figures["resolved"] + figures["outstanding"] == figures["total"]
    assert figures["not_yet_due"] + figures["overdue"] == figures["outstanding"]


def test_an_item_resolved_after_its_deadline_says_how_late_and_by_whom(sample_site):
    """2015-12-22-tan-nghia/9.1 was due 27/1/2016 and resolved 4/2/2016: eight days late."""
    text = page_text(sample_site, "noi-dung/2015-12-22-tan-nghia/9-1/")
    assert "Giải quyết trễ 8 ngày so với thời hạn 27/1/2016, do " in text
    english = page_text(sample_site, "en/noi-dung/2015-12-22-tan-nghia/9-1/")
    assert "Resolved 8 days after the deadline of 27 Jan 2016, answered by " in english


def test_an_item_resolved_on_time_says_nothing_of_lateness(sample_site):
    from pelican.plugins.congkhai.site.views import SiteView
    import datetime as dt

    view = SiteView(build_content(read_tree(ROOT / "content")), dt.date(2018, 7, 5))
    on_time = [i for i in view.items if view.status[i.id].state == "resolved" and not view.status[i.id].resolved_late
               and i.handling != "answered"]
    late = [i for i in view.items if view.status[i.id].resolved_late]
    assert len(late) == 109 and on_time
    for item in on_time[:20]:
        assert "Giải quyết trễ" not in page_text(sample_site, f"noi-dung/{item.session_id}/{item.slug}/")
    for item in late[:20]:
        days = view.status[item.id].resolved_late
        assert f"Giải quyết trễ {days} ngày" in page_text(sample_site, f"noi-dung/{item.session_id}/{item.slug}/")


def test_the_comparison_of_bodies_agrees_with_each_bodys_page(sample_site):
    """Same definitions everywhere: each row's figures are those of the body's own page, and as of
    2018-07-05 the district answers for every item of its 28 sessions."""
    import re

    raw = (sample_site / "don-vi" / "so-sanh" / "index.html").read_text(encoding="utf-8")
    body = raw[raw.index("<tbody>"):raw.index("</tbody>")]
    cells = {}
    for row in re.findall(r"<tr>.*?</tr>", body, re.S):
        url = re.search(r'<a href="/(don-vi/[^"]+)">', row).group(1)
        cells[url] = [float(v) for v in re.findall(r'<td class="num" data-sort="([^"]+)"', row)]
    assert len(cells) == 7
    assert cells["don-vi/huyen-ham-tan/"][:5] == [28, 577, 454, 123, 82]
    for url, (sessions, total, resolved, outstanding, overdue, *_timeliness) in cells.items():
        if total:
            figures = figures_on(sample_site, url)
            assert (figures["total"], figures["resolved"], figures["outstanding"], figures["overdue"]) == \
                (total, resolved, outstanding, overdue), url
