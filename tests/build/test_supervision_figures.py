"""The agency ranking, the dashboard's chart tables and the report's overdue list
agree with the item pages, for the sample as of 2018-07-05 and as of today.

Every expected figure is recomputed here from what the built item pages
show (their status badge, handling, deadline, resolving day, days late and
the agency filter the search index uses), never from the plugin's own code.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import statistics
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml

from helpers import ROOT, build_site

from pelican.plugins.congkhai.settings import today_in_vietnam

LONG_DATE = re.compile(r"ngày (\d+) tháng (\d+) năm (\d{4})")
ACCOUNTABLE = ("Giao cơ quan giải quyết", "Kiến nghị cấp trên")
STATES = ("resolved", "not-yet-due", "overdue")


@pytest.fixture(scope="session")
def sample_today(tmp_path_factory):
    """The sample built as of today, with a report as of today over the whole period."""
    today = today_in_vietnam().isoformat()
    output = tmp_path_factory.mktemp("sample-today") / "output"
    build_site(ROOT, output, as_of=today,
               settings={"REPORTS": [{"as_of": today, "start": "2015-12-01", "end": today}]})
    return output, today


def _date(text: str | None) -> dt.date | None:
    match = LONG_DATE.search(text or "")
    return dt.date(int(match[3]), int(match[2]), int(match[1])) if match else None


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _fact(page: str, label: str) -> str | None:
    match = re.search(rf"<dt>{label}</dt><dd>(.*?)</dd>", page, re.S)
    return _text(match[1]) if match else None


def read_item_pages(output: Path) -> dict[str, dict]:
    """Item id -> what its page shows (root language only)."""
    items = {}
    for file in sorted((output / "noi-dung").glob("*/*/index.html")):
        page = file.read_text(encoding="utf-8")
        session, slug = file.parent.parent.name, file.parent.name
        status_line = re.search(r'<p class="status-line">(.*?)</p>', page, re.S)[1]
        late = re.search(r"Đã quá hạn ([\d.]+) ngày", status_line)
        agency = re.search(r'data-pagefind-filter="agency:([^"]+)"', page)
        items[f"{session}/{slug.replace('-', '.')}"] = {
            "state": re.search(r'class="badge badge-([a-z-]+)"', status_line)[1],
            "long_overdue": "badge-long-overdue" in status_line,
            "handling": _fact(page, "Cách xử lý"),
            "agency": agency[1] if agency else "",
            "topic": re.search(r'data-pagefind-filter="topic:([^"]+)"', page)[1],
            "commune": (re.search(r'data-pagefind-filter="commune:([^"]+)"', page) or [None, ""])[1],
            "due": _date(_fact(page, "Hạn trả lời")),
            "resolved_on": _date(re.search(r"Giải quyết xong (ngày \d+ tháng \d+ năm \d{4})", status_line)[1])
            if "Giải quyết xong" in status_line else None,
            "session_date": dt.datetime.strptime(re.search(r"buổi đối thoại (\d+/\d+/\d{4})</h1>", page)[1],
                                                 "%d/%m/%Y").date(),
            "days_late": int(late[1].replace(".", "")) if late else 0,
        }
    return items


def _names(kind: str) -> dict[str, str]:
    data = yaml.safe_load((ROOT / "content" / "data" / f"{kind}.yaml").read_text(encoding="utf-8"))
    return {entry["id"]: entry["name"] for entry in data[kind]}


def _number(cell: str) -> int:
    return int(re.match(r"[\d.]+", cell)[0].replace(".", ""))


def table_rows(page: str, start_marker: str) -> list[list[str]]:
    """The body rows (cells as text) of the first table after start_marker."""
    start = page.index(start_marker)
    body = page[page.index("<tbody>", start): page.index("</tbody>", start)]
    return [[_text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def expected_ranking(items: dict[str, dict]) -> dict[str, tuple]:
    by_agency = defaultdict(list)
    for item in items.values():
        if item["handling"] in ACCOUNTABLE and item["agency"]:
            by_agency[item["agency"]].append(item)
    expected = {}
    for agency, members in by_agency.items():
        resolved = [i for i in members if i["state"] == "resolved"]
        overdue = [i for i in members if i["state"] == "overdue"]
        on_time = [i for i in resolved if i["due"] is None or i["resolved_on"] <= i["due"]]
        days = [(i["resolved_on"] - i["session_date"]).days for i in resolved]
        expected[agency] = (len(members), len(resolved), len(on_time), len(resolved) + len(overdue),
                            len(overdue), sum(i["long_overdue"] for i in overdue),
                            statistics.median(days) if days else None)
    return expected


def shown_ranking(output: Path) -> dict[str, tuple]:
    page = (output / "co-quan" / "xep-hang" / "index.html").read_text(encoding="utf-8")
    ids = {name: code for code, name in _names("agencies").items()}
    shown = {}
    for rank, name, assigned, resolved, on_time, overdue, median in table_rows(page, 'class="figures-table ranking"'):
        share = re.search(r"\(([\d.]+)/([\d.]+)\)", on_time)
        long_overdue = re.search(r"\(([\d.]+) quá hạn lâu\)", overdue)
        median_value = None if median == "–" else _number(median) + (0.5 if "½" in median else 0)
        shown[ids[name]] = (_number(assigned), _number(resolved),
                            int(share[1]) if share else 0, int(share[2]) if share else 0,
                            _number(overdue), int(long_overdue[1]) if long_overdue else 0, median_value)
    return shown


def check_ranking(output: Path, items: dict[str, dict]):
    assert shown_ranking(output) == expected_ranking(items)


def check_dashboard(output: Path, items: dict[str, dict]):
    page = (output / "tong-quan" / "index.html").read_text(encoding="utf-8")
    states = Counter(i["state"] for i in items.values())
    status_rows = {label: _number(count) for label, count in table_rows(page, 'id="status"')}
    assert status_rows == {"Đã giải quyết": states["resolved"], "Chưa tới hạn": states["not-yet-due"],
                           "Quá hạn": states["overdue"]}
    raised = table_rows(page, 'id="raised"')
    assert [_number(v) for v in raised[-1][1:]] == [len(items), states["resolved"]]
    for key, field, kind, shown_states in (("topic", "topic", "topics", STATES),
                                           ("commune", "commune", "communes", STATES),
                                           ("agency", "agency", "agencies", ("not-yet-due", "overdue"))):
        names = _names(kind)
        counts = defaultdict(Counter)
        for item in items.values():
            if item[field]:
                counts[names[item[field]]][item["state"]] += 1
        expected = {name: [c[s] for s in shown_states] + [sum(c[s] for s in shown_states)]
                    for name, c in counts.items() if sum(c[s] for s in shown_states)}
        shown = {row[0]: [_number(v) for v in row[1:]] for row in table_rows(page, f'id="{key}"')}
        assert shown == expected, key


def check_overdue_list(output: Path, report_day: str, items: dict[str, dict]):
    page = (output / "bao-cao" / report_day / "index.html").read_text(encoding="utf-8")
    names = _names("agencies")
    rows = table_rows(page, 'class="items overdue-list"')
    shown = {row[0].split(":", 1)[0].strip(): (row[1], _number(row[3])) for row in rows}
    expected = {item_id: (names.get(i["agency"], "–"), i["days_late"])
                for item_id, i in items.items() if i["state"] == "overdue"}
    assert shown == expected
    days = [_number(row[3]) for row in rows]
    assert days == sorted(days, reverse=True)


def check_changes(output: Path, as_of: str, items: dict[str, dict], days: int = 30):
    import feedparser

    day = dt.date.fromisoformat(as_of)
    expected = {item_id for item_id, i in items.items()
                if (i["state"] == "resolved" and i["handling"] != "Trả lời tại buổi đối thoại"
                    and 0 <= (day - i["resolved_on"]).days < days)
                or (i["state"] == "overdue" and 1 <= i["days_late"] <= days)}
    page = (output / "thay-doi" / "index.html").read_text(encoding="utf-8")
    shown = set(re.findall(r'<a href="/noi-dung/[^"]+">([^<]+)</a>:', page))
    assert shown == expected
    feed = feedparser.parse((output / "thay-doi" / "atom.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == len(expected)


def test_figures_agree_with_item_pages_as_of_the_report_day(sample_site):
    items = read_item_pages(sample_site)
    assert len(items) == 577
    assert Counter(i["state"] for i in items.values())["overdue"] == 123 - 41
    check_ranking(sample_site, items)
    check_dashboard(sample_site, items)
    check_overdue_list(sample_site, "2018-07-05", items)
    check_changes(sample_site, "2018-07-05", items)


def test_figures_agree_with_item_pages_as_of_today(sample_today):
    output, today = sample_today
    items = read_item_pages(output)
    check_ranking(output, items)
    check_dashboard(output, items)
    check_overdue_list(output, today, items)
    check_changes(output, today, items)


def test_agency_page_shows_its_ranking_row(sample_site):
    ranking = shown_ranking(sample_site)
    agency = max(ranking, key=lambda a: ranking[a][0])
    page = (sample_site / "co-quan" / agency / "index.html").read_text(encoding="utf-8")
    row = table_rows(page, 'id="h-accountability"')[0]
    assert (_number(row[1]), _number(row[2]), _number(row[4])) == (ranking[agency][0], ranking[agency][1],
                                                                   ranking[agency][4])


def test_supervision_records_show_on_their_page_items_and_agencies(sample_site):
    from helpers import page_text

    records = sorted((ROOT / "content" / "supervision").glob("*.md"))
    listing = (sample_site / "giam-sat" / "index.html").read_text(encoding="utf-8")
    assert listing.count('class="supervision-record"') == len(records) >= 3
    timeline = page_text(sample_site, "noi-dung/2016-08-16-tan-xuan/14-1/")
    response, record = timeline.index("30/8/2016 – Phòng Tài nguyên"), timeline.index("28/11/2017 – Giám sát")
    assert response < record  # in date order on the item's timeline
    assert "Giám sát việc giải quyết kiến nghị của cử tri về đất đai" in page_text(sample_site, "co-quan/phong-tnmt/")
