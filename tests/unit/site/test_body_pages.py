"""A page for each body: a body that ended says since when and who took over, one entered
ahead says it is forthcoming, and a site of one body has no such pages."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from helpers import FIXTURES
from pelican.plugins.congkhai.content.model import build_content
from pelican.plugins.congkhai.content.reading import read_tree
from pelican.plugins.congkhai.site import contexts
from pelican.plugins.congkhai.site import pages as site_pages
from pelican.plugins.congkhai.site.pages import body_pages
from pelican.plugins.congkhai.site.views import SiteView


@pytest.fixture
def content(tmp_path):
    shutil.copytree(FIXTURES / "defects" / "base", tmp_path, dirs_exist_ok=True)
    shutil.copytree(FIXTURES / "defects" / "bodies-valid" / "content", tmp_path / "content", dirs_exist_ok=True)
    return build_content(read_tree(tmp_path / "content"))


def pages_by_url(content, as_of):
    return {page.url: page.made() for page in body_pages(SiteView(content, as_of))}


def test_a_body_that_ended_says_since_when_and_who_took_over(content):
    pages = pages_by_url(content, dt.date(2026, 12, 6))
    district = pages["don-vi/huyen-ham-tan/"]
    assert district.ceased == dt.date(2025, 7, 1) and not district.forthcoming
    assert [(body.id, s.note) for body, s in district.successors] == [("xa-ham-tan", "Tân Nghĩa, Tân Hà, Tân Xuân")]
    assert [s.id for s in district.held] == ["2018-06-12-tan-ha"] and district.figures.total == 2
    commune = pages["don-vi/xa-ham-tan/"]
    assert [body.id for body, _ in commune.predecessors] == ["huyen-ham-tan"]
    assert commune.parent.id == "tinh-lam-dong" and commune.held == [] and commune.figures.total == 0
    assert [child.id for child in pages["don-vi/tinh-lam-dong/"].children] == ["xa-ham-tan"]


def test_before_the_reorganisation_the_district_is_alive_and_the_commune_forthcoming(content):
    pages = pages_by_url(content, dt.date(2025, 6, 30))
    assert pages["don-vi/huyen-ham-tan/"].ceased is None
    assert pages["don-vi/xa-ham-tan/"].forthcoming


def test_the_list_has_every_body_with_its_figures(content):
    listing = pages_by_url(content, dt.date(2018, 7, 5))["don-vi/"]
    assert isinstance(listing, contexts.Bodies)
    assert [(body.id, figures.total) for body, figures in listing.entries] == [
        ("huyen-ham-tan", 2), ("tinh-lam-dong", 0), ("xa-ham-tan", 0)]


def test_a_site_of_one_body_has_no_body_pages():
    content = build_content(read_tree(FIXTURES / "defects" / "base" / "content"))
    assert body_pages(SiteView(content, dt.date(2018, 7, 5))) == []


def test_a_province_page_rolls_up_the_bodies_within_it(content):
    pages = pages_by_url(content, dt.date(2026, 12, 6))
    province = pages["don-vi/tinh-lam-dong/"]
    assert [row.body.id for row in province.rollup] == ["tinh-lam-dong", "xa-ham-tan"]  # itself first
    assert province.rollup[0].figures == province.figures
    assert pages["don-vi/xa-ham-tan/"].rollup == []  # nothing within a commune


def test_each_body_has_a_feed_of_the_answers_given_while_it_held_the_item():
    """The sample as of today: the district's answers stay in its feed, the answer xã Tân Minh gave
    in 2026 to an item the district handed it is in the commune's."""
    from helpers import ROOT
    from pelican.plugins.congkhai.outputs import feeds

    view = SiteView(build_content(read_tree(ROOT / "content")), dt.date(2026, 12, 6))
    files = dict(feeds.files(view, {"SITEURL": "https://x.vn", "ID_DOMAIN": "x.vn"}))
    commune = files["don-vi/xa-tan-minh/atom.xml"].decode()
    district = files["don-vi/huyen-ham-tan/atom.xml"].decode()
    assert "tra-loi/2018-06-26-tan-duc/5.1-1</id>" in commune and "2018-06-26-tan-duc/5.1-1</id>" not in district
    import re

    responses = {r.id: r for r in view.content.responses}
    shown = re.findall(r"tra-loi/([^<]+)</id>", district)
    assert shown and all(view.holder(view.content.items[responses[r].item_id], responses[r].date) == "huyen-ham-tan"
                         for r in shown)
    assert {f"don-vi/{body}/atom.xml" for body in view.content.bodies} <= set(files)


TODAY = dt.date(2026, 12, 6)  # the sample as it reads today: a commune forwards an item up to the province


@pytest.fixture(scope="module")
def sample_view():
    from helpers import ROOT

    return SiteView(build_content(read_tree(ROOT / "content")), TODAY)


def test_an_item_forwarded_up_is_listed_by_both_bodies_and_counted_where_it_was_raised(sample_view):
    view = sample_view
    pages = {page.url: page.made() for page in body_pages(view)}
    up = [item for item in view.items if view.forwarded_body(item) == "tinh-lam-dong"]
    assert up and {view.session_of(item).body for item in up} == {"xa-ham-tan"}
    for item in up:
        assert item in pages["don-vi/tinh-lam-dong/"].forwarded_in
        assert item in pages["don-vi/xa-ham-tan/"].forwarded_out
        assert item in view.items_by_body["xa-ham-tan"]  # its report counts what it forwarded
        assert item not in view.items_by_body.get("tinh-lam-dong", [])
        assert view.content.agencies[view.status[item.id].forwarded_to].body == "tinh-lam-dong"
    # Forwarded within one body (the district's items to its own province's departments count as
    # up: another body); an item forwarded to an agency of its own body is not listed as forwarded.
    assert all(view.forwarded_body(item) != view.session_of(item).body for item in view.items)
    assert pages["don-vi/tinh-binh-thuan/"].forwarded_in  # the district's requests to the old province


def test_a_body_lists_every_item_it_answers_for_over_its_pages_and_no_other(sample_view):
    view = sample_view
    listed: dict[str, list] = {}
    totals = {}
    for page in body_pages(view):
        context = page.made()
        if isinstance(context, contexts.BodyItems):
            listed.setdefault(context.body.id, []).extend(context.items)
            totals[context.body.id] = context.pager.total
    for body in view.content.bodies:
        answered = view.items_by_body.get(body, [])
        assert sorted(i.id for i in listed[body]) == sorted(i.id for i in answered), body
        assert totals[body] == view.body_figures(body).total == len(answered)


def test_a_body_shows_the_outstanding_items_it_holds_also_those_handed_to_it_late(sample_view):
    view = sample_view
    pages = {page.url: page.made() for page in body_pages(view)}
    late = [item for item in view.items if view.status[item.id].outstanding and view.transfers.get(item.id)
            and view.status[item.id].due < view.transfers[item.id][-1].date]
    assert late  # the sample's district handed over items that were already overdue
    for item in late:
        holder = view.holder(item)
        shown = pages[f"don-vi/{holder}/"].outstanding
        assert item in shown or len(shown) == 20, item.id  # the first twenty, most overdue first
        assert view.answering_body(item) == "huyen-ham-tan"  # counted for who held it when it fell due
    commune = pages["don-vi/xa-ham-tan/"]
    assert [agency.id for agency, _ in commune.agencies] == ["ubnd-xa-ham-tan"]
    assert all(view.status[i.id].outstanding for i in commune.outstanding)


def test_a_bodys_monthly_and_quarterly_reports_add_up_to_its_yearly_one(sample_view):
    view = sample_view
    reports = view.body_reports["huyen-ham-tan"]
    for year in (2016, 2017):
        by_cycle = {cycle: [e for e in reports if e.period.cycle == cycle and e.period.end.year == year
                            and e.period.start >= dt.date(year - 1, 12, 15)] for cycle in ("thang", "quy", "nam")}
        yearly = by_cycle["nam"][0].report
        for cycle in ("thang", "quy"):
            assert sum(e.report.sessions for e in by_cycle[cycle]) == yearly.sessions > 0
            assert sum(e.report.opinions for e in by_cycle[cycle]) == yearly.opinions
            assert sum(e.report.figures.total for e in by_cycle[cycle]) == yearly.figures.total


def test_a_periodic_report_counts_what_the_body_held_on_its_last_day(sample_view):
    view = sample_view
    commune = {e.period.key: e for e in view.body_reports["xa-ham-tan"]}
    # Its reports start with the items handed to it on 1/7/2025, before its first session in 2026.
    assert "2025-07" in commune and commune["2025-07"].report.sessions == 0
    handed = [i for i, passed in view.transfers.items() if passed[-1].rule.to == "xa-ham-tan"]
    assert commune["2025-07"].held.total == len(handed) > 0
    quarter = commune["2026-quy-2"]  # 15/3 to 14/6/2026: its session of 21/4/2026
    assert quarter.report.sessions == 1 and quarter.period.end == dt.date(2026, 6, 14)
    raised = [i for s in view.sessions_by_body["xa-ham-tan"] if s.date <= quarter.period.end for i in s.items]
    assert quarter.held.total == len(handed) + len(raised)
    assert quarter.url == "don-vi/xa-ham-tan/bao-cao/2026-quy-2/"
    assert "Quý II/2026 (từ 15/3/2026 đến 14/6/2026), xã Hàm Tân đã tổ chức được 1 cuộc đối thoại" in \
        quarter.report.period_sentence("xã Hàm Tân", quarter.period.label)
    assert not [k for k in commune if k.startswith("2026-12")]  # not complete on 6/12/2026


def test_the_site_speaks_for_its_body_and_a_report_for_the_body_it_names():
    from helpers import ROOT
    from pelican.plugins.congkhai import settings
    from pelican.plugins.congkhai.settings import ReportSpec

    content = build_content(read_tree(ROOT / "content"))
    options = settings.resolve({"AS_OF": "2026-12-06", "SITE_BODY": "xa-ham-tan"})
    view = SiteView(content, TODAY, options=options)
    assert (view.site_heading, view.site_issuer) == ("Xã Hàm Tân, tỉnh Lâm Đồng", "xã Hàm Tân")
    province = SiteView(content, TODAY, options=settings.resolve({"AS_OF": "2026-12-06", "SITE_BODY": "tinh-lam-dong"}))
    assert (province.site_heading, province.site_issuer) == ("Tỉnh Lâm Đồng", "tỉnh Lâm Đồng")
    alone = SiteView(content, TODAY, options=settings.resolve({"AS_OF": "2026-12-06"}))
    assert (alone.site_heading, alone.site_issuer) == ("Huyện Hàm Tân, tỉnh Bình Thuận", "huyện Hàm Tân")
    spec = ReportSpec(dt.date(2026, 12, 6), dt.date(2025, 7, 1), dt.date(2026, 11, 30), "xa-son-my")
    entry = SiteView(content, TODAY, [spec], options=options).reports[0]
    assert entry.report.sessions == len([s for s in view.sessions_by_body["xa-son-my"] if s.date <= TODAY]) > 0
    assert entry.url == "bao-cao/2026-12-06/" and view.report_issuer(entry) == "xã Sơn Mỹ"
    assert entry.report.sentence(view.report_issuer(entry)).startswith("Từ tháng 7/2025 đến tháng 11/2026, xã Sơn Mỹ")
    # A report of the site's whose sessions one body held all speaks for that body: the district's of 2018.
    district = SiteView(content, dt.date(2018, 7, 5), [ReportSpec(dt.date(2018, 7, 5), dt.date(2015, 12, 1),
                                                                  dt.date(2018, 6, 30))], options=options).reports[0]
    assert district.body is None and view.report_issuer(district) == "huyện Hàm Tân"
    everyone = SiteView(content, TODAY, [ReportSpec(TODAY, dt.date(2015, 12, 1), TODAY)], options=options).reports[0]
    assert view.report_issuer(everyone) == "xã Hàm Tân"  # the site's own, SITE_BODY here


@pytest.mark.parametrize("report, message", [
    ({"as_of": "2018-07-05", "start": "2015-12-01", "end": "2018-06-30", "don_vi": "x"},
     "setting REPORTS[0]: unknown key don_vi (expected a dict with as_of, start and end, and body if it is one body's, "
     "issuer for its layout)"),
    ({"as_of": "2018-07-05", "start": "2015-12-01", "end": "2018-06-30", "body": 7},
     "setting REPORTS[0].body: not a body id (got 7; expected e.g. 'xa-ham-tan')"),
])
def test_a_wrong_report_setting_is_named(report, message):
    from pelican.plugins.congkhai import settings

    with pytest.raises(settings.SettingsError) as raised:
        settings.resolve({"REPORTS": [report]})
    assert str(raised.value) == message


def test_a_periodic_reports_rows_are_made_for_its_first_page_when_it_is_made_not_with_the_reports(monkeypatch):
    """A province's 16,000 periodic reports are made for every build, but a rebuild shows the rows by
    topic, agency, commune and audience, and the overdue items, of only the changed body's
    (views.ReportView.by): listing the pages makes none, a first page's context makes its
    report's, and a later page of its overdue items (which shows only them) has none."""
    from helpers import ROOT
    from pelican.plugins.congkhai.domain import statistics
    from pelican.plugins.congkhai.settings import DEFAULTS

    view = SiteView(build_content(read_tree(ROOT / "content")), TODAY, options={**DEFAULTS, "LIST_PAGE_ROWS": 1})
    calls, rows_made = [], []
    breakdown, overdue_rows = statistics.breakdown, site_pages.overdue_rows
    monkeypatch.setattr(statistics, "breakdown", lambda *args: calls.append(args) or breakdown(*args))
    monkeypatch.setattr(site_pages, "overdue_rows", lambda *args: rows_made.append(args) or overdue_rows(*args))
    pages = [page for page in body_pages(view) if page.template == contexts.BodyReportPage.template]
    assert pages and calls == rows_made == []
    later = [page for page in pages if "/trang/" in page.url]
    assert later and {page.made().pager.number > 1 and page.made().by == {} for page in later} == {True}
    assert calls == []
    first = next(page for page in pages if "/trang/" not in page.url and later[0].url.startswith(page.url))
    made = first.made()
    assert len(calls) == 4  # topic, agency, commune and audience
    assert made.by == made.entry.by and set(made.by) == {"topic", "agency", "commune", "audience"}
    assert sum(figures.total for _, figures in made.by["topic"]) == len(made.entry.status) > 0
    # each page holds its share of the overdue rows, in the report's order
    shown = [row for page in pages if page.url.startswith(first.url) for row in page.made().overdue]
    assert shown == overdue_rows(view, made.entry) and len(shown) == made.pager.total > 1


def test_a_reports_rows_are_made_once_for_all_its_pages_in_both_languages(monkeypatch):
    """A worker renders a report's pages in both languages within one task (rendering.jobs_by_block):
    its overdue rows and its rows by topic, agency, commune and audience are made once for all of
    them, not once a page (a long overdue list would cost its length squared)."""
    from helpers import ROOT
    from pelican.plugins.congkhai.build import rendering
    from pelican.plugins.congkhai.settings import DEFAULTS

    view = SiteView(build_content(read_tree(ROOT / "content")), TODAY, options={**DEFAULTS, "LIST_PAGE_ROWS": 1})
    made = []
    overdue_rows = site_pages.overdue_rows
    monkeypatch.setattr(site_pages, "overdue_rows", lambda view, entry: made.append(entry) or overdue_rows(view, entry))
    pages = [page for page in body_pages(view) if page.template == contexts.BodyReportPage.template]
    jobs = rendering.jobs_by_block(pages, ["vi", "en"], lambda url, lang, languages: url)
    contexts_made = [job.page.made() for job in jobs]
    shown = {id(entry) for entry in made}
    assert len(made) == len(shown) > 0  # once each
    long_lists = [c for c in contexts_made if c.pager.count > 3]
    assert long_lists and len({id(c.entry) for c in long_lists} - shown) == 0


def test_the_recent_rows_are_kept_by_identity_and_at_most_so_many():
    from pelican.plugins.congkhai.site.views import Recent

    recent, made = Recent(2), []
    first, second, third = {"a": 1}, {"a": 1}, {"b": 2}  # the first two are equal, not the same
    assert recent.get("rows", first, lambda: made.append(1) or "one") == "one"
    assert recent.get("rows", first, lambda: made.append(2) or "again") == "one"
    assert recent.get("rows", second, lambda: made.append(3) or "two") == "two"
    assert recent.get("other", second, lambda: made.append(4) or "kind") == "kind"  # another kind of value
    assert len(recent.found) == 2 and made == [1, 3, 4]
    assert recent.get("rows", first, lambda: made.append(5) or "made again") == "made again"  # the oldest let go
    recent.get("rows", third, lambda: "three")
    assert len(recent.found) == 2
