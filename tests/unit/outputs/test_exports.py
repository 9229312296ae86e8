"""Open data, pure side: CSV/JSON encoding, rows, Open311, Atom, iCalendar, sitemap, ZIP.

Built on the small fixture's content read without Pelican, as of 2018-07-05.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
import zlib
from xml.etree import ElementTree as ET

import feedparser
import icalendar
import pytest

from helpers import FIXTURES
from pelican.plugins.congkhai.outputs import exports
from pelican.plugins.congkhai.outputs import feeds
from pelican.plugins.congkhai.outputs import ical
from pelican.plugins.congkhai.outputs import open311
from pelican.plugins.congkhai.outputs import opendata
from pelican.plugins.congkhai.outputs import seo
from pelican.plugins.congkhai.content.model import build_content
from pelican.plugins.congkhai.content.reading import read_tree
from pelican.plugins.congkhai.site.views import SiteView

AS_OF = dt.date(2018, 7, 5)
SETTINGS = {"SITEURL": "https://congkhai.example.vn", "DISTRICT_NAME": "huyện Hàm Tân"}


@pytest.fixture(scope="module")
def view():
    return SiteView(build_content(read_tree(FIXTURES / "small" / "content")), AS_OF)


# --- CSV and JSON -----------------------------------------------------------

COLUMNS = (exports.Column("name", "string", ""), exports.Column("day", "date", ""),
           exports.Column("count", "integer", ""), exports.Column("flag", "boolean", ""))
ROWS = [{"name": "Đường giao thông, \"xã\" Tân Đức", "day": dt.date(2018, 7, 5), "count": None, "flag": True}]


def test_csv_starts_with_a_bom_and_keeps_vietnamese_and_quotes():
    data = exports.to_csv(COLUMNS, ROWS)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["name", "day", "count", "flag"], ["Đường giao thông, \"xã\" Tân Đức", "2018-07-05", "", "1"]]
    assert data.count(b"\r\n") == 2  # CRLF rows, as spreadsheets expect


def test_json_keeps_types_and_column_order():
    document = json.loads(exports.to_json("rows", COLUMNS, ROWS, {"as_of": "2018-07-05"}))
    assert document["as_of"] == "2018-07-05"
    assert [f["name"] for f in document["fields"]] == ["name", "day", "count", "flag"]
    assert list(document["rows"][0].items()) == [("name", ROWS[0]["name"]), ("day", "2018-07-05"),
                                                 ("count", None), ("flag", True)]


def test_every_declared_column_has_a_documented_type():
    for columns in exports.TABLES.values():
        assert {c.type for c in columns} <= set(exports.TYPES)
        assert len({c.name for c in columns}) == len(columns)


def test_item_rows_carry_the_status_of_the_view(view):
    rows = exports.item_rows(view, "https://x.vn")
    assert [r["id"] for r in rows] == [i.id for i in view.items]
    for row in rows:
        state = view.status[row["id"]]
        assert row["status"] == state.state
        assert set(row) == {c.name for c in exports.ITEM_COLUMNS}
        assert row["url"].startswith("https://x.vn/noi-dung/")
        if state.state == "resolved":
            assert row["days_to_resolve"] == (row["resolved_date"] - row["date"]).days >= 0
        else:
            assert row["resolved_date"] is None and row["days_to_resolve"] is None
        assert "<" not in row["text"] and "**" not in row["latest_answer"]  # plain text


def test_responses_after_as_of_are_not_exported(view):
    rows = exports.response_rows(view)
    assert rows and all(r["date"] <= AS_OF for r in rows)
    later = [r for r in view.content.responses if r.date > AS_OF]
    assert not {r.id for r in later} & {row["id"] for row in rows}


def test_announced_sessions_are_listed_and_marked(view):
    rows = {r["id"]: r for r in exports.session_rows(view)}
    assert rows["2026-12-18-son-my"]["announced"] is True
    assert rows["2018-03-01-tan-ha"]["announced"] is False


def test_zip_bytes_depend_on_the_data_only():
    files = [("du-lieu/b.csv", b"2"), ("du-lieu/a.csv", b"1")]
    first = exports.zip_files(files)
    assert first == exports.zip_files(list(reversed(files)))
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.namelist() == ["a.csv", "b.csv"]
        assert {info.date_time for info in archive.infolist()} == {exports.ZIP_TIME}


def test_missing_schema_folder_publishes_no_schema(tmp_path):
    assert exports.schema_files(tmp_path / "absent") == []
    (tmp_path / "session.schema.json").write_text("{}")
    assert exports.schema_files(tmp_path) == [("du-lieu/schemas/session.schema.json", b"{}")]


# --- Open311 GeoReport v2 ---------------------------------------------------

W3C = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$")


def test_open311_requests_follow_the_spec_names_and_types(view):
    requests = json.loads(open311.to_json(open311.service_requests(view)))
    assert len(requests) == len(view.items)
    for request in requests:
        assert tuple(request) == open311.REQUEST_FIELDS
        assert request["status"] in ("open", "closed")
        item_id = "/".join(request["service_request_id"].rsplit("-", 1))
        assert "/" not in request["service_request_id"] and item_id in view.status
        assert (request["status"] == "closed") == (view.status[item_id].state == "resolved")
        for name in ("requested_datetime", "updated_datetime"):
            assert W3C.match(request[name])
        assert request["expected_datetime"] is None or W3C.match(request["expected_datetime"])
        assert all(isinstance(request[k], str) for k in ("service_name", "service_code", "description"))
        assert request["lat"] is None and request["long"] is None


@pytest.mark.parametrize("item_id, request_id", [("2018-06-12-tan-ha/3.2", "2018-06-12-tan-ha-3.2"),
                                                 ("2018-06-12-tan-ha-2/10.1", "2018-06-12-tan-ha-2-10.1")])
def test_an_open311_id_fits_a_path_and_names_one_item(item_id, request_id):
    class Item:
        id = item_id

    assert open311.request_id(Item) == request_id
    assert "/".join(request_id.rsplit("-", 1)) == item_id


def test_open311_services_follow_the_spec(view):
    services = json.loads(open311.to_json(open311.services(view)))
    assert [s["service_code"] for s in services] == list(view.content.topics)
    for service in services:
        assert tuple(service) == open311.SERVICE_FIELDS
        assert service["metadata"] is False and service["type"] in ("realtime", "batch", "blackbox")


def test_open311_xml_has_one_request_element_per_item(view):
    root = ET.fromstring(dict(open311.files(view, SETTINGS))["du-lieu/open311/requests.xml"])
    assert root.tag == "service_requests"
    assert [r.findtext("service_request_id") for r in root.findall("request")] == [
        i.id.replace("/", "-") for i in view.items]
    first = root.find("request")
    assert [child.tag for child in first] == list(open311.REQUEST_FIELDS)


# --- Atom -------------------------------------------------------------------

def test_feed_ids_are_tag_uris_from_response_ids(view):
    files = dict(feeds.files(view, SETTINGS))
    parsed = feedparser.parse(files["atom.xml"])
    assert not parsed.bozo, parsed.get("bozo_exception")
    counted = view.counted_responses()
    assert {e.id for e in parsed.entries} == {f"tag:congkhai.example.vn,2015:tra-loi/{r.id}" for r in counted}
    assert parsed.feed.links[0].href == "https://congkhai.example.vn/atom.xml"


def test_id_domain_prefers_the_setting_then_siteurl():
    assert feeds.id_domain({"ID_DOMAIN": "hamtan.gov.vn", "SITEURL": "https://x.vn"}) == "hamtan.gov.vn"
    assert feeds.id_domain({"SITEURL": "https://congkhai.example.vn/sub"}) == "congkhai.example.vn"
    assert feeds.id_domain({"SITEURL": ""}) == "congkhai.invalid"


def test_every_group_has_a_feed_next_to_its_page(view):
    paths = [path for path, _ in feeds.files(view, SETTINGS)]
    expected = ["atom.xml"] + [g.url + "atom.xml" for groups in view.groups.values() for g in groups]
    assert paths == expected


# --- iCalendar --------------------------------------------------------------

def test_ical_escapes_and_folds_by_octets():
    assert ical.escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "SUMMARY:" + "Đối thoại " * 20
    folded = ical.fold(line)
    parts = folded.split("\r\n ")
    assert "".join(parts) == line
    assert all(len(part.encode("utf-8")) <= 75 for part in parts[:1])
    assert all(len(part.encode("utf-8")) <= 74 for part in parts[1:])


@pytest.mark.parametrize("line", [
    "DESCRIPTION:" + "Đường liên thôn 🙂 " * 12,  # characters of 1, 2, 3 and 4 octets
    "X:" + "🙂" * 40,  # no fold point falls between two characters of the same length by luck
    "X:" + "a" * 73,  # 75 octets: not folded
    "X:" + "ư" * 37,  # 76 octets: folded before the last character
])
def test_ical_folds_each_line_as_full_as_the_limit_allows(line):
    parts = ical.fold(line).split("\r\n ")
    assert "".join(parts) == line
    for number, part in enumerate(parts[:-1]):
        limit = 75 if number == 0 else 74
        following = parts[number + 1][0]
        assert len(part.encode("utf-8")) <= limit < len((part + following).encode("utf-8"))
    assert len(parts[-1].encode("utf-8")) <= (75 if len(parts) == 1 else 74)


def test_calendar_parses_and_is_deterministic(view):
    data = ical.calendar(view, SETTINGS)
    assert data == ical.calendar(view, SETTINGS)
    calendar = icalendar.Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [f"{s.id}@congkhai.example.vn" for s in view.content.sessions]
    announced = next(e for e in events if str(e["UID"]).startswith("2026-12-18-son-my"))
    assert announced.decoded("DTSTART") == dt.date(2026, 12, 18)
    assert "sắp tổ chức" in str(announced["DESCRIPTION"])


# --- sitemap, robots, catalogue --------------------------------------------

def test_sitemap_lists_every_page_it_is_given_in_every_language(view):
    pages = [opendata.Page("", "index", None), opendata.Page("du-lieu/", "data", None)]
    files = dict(seo.files(view, {"SITEURL": "https://x.vn", "LANGUAGES": ["vi", "en"]}, pages))
    root = ET.fromstring(files["sitemap.xml"])
    locs = [e.text for e in root.iter(f"{{{seo.SITEMAP_NS}}}loc")]
    assert locs == ["https://x.vn/", "https://x.vn/du-lieu/", "https://x.vn/en/", "https://x.vn/en/du-lieu/"]
    assert b"Sitemap: https://x.vn/sitemap.xml" in files["robots.txt"]


def test_a_sitemap_of_more_urls_than_the_protocol_allows_is_an_index_of_parts(monkeypatch):
    monkeypatch.setattr(seo, "SITEMAP_URLS", 3)
    urls = [(f"noi-dung/{n}/", dt.date(2018, 1, n)) for n in range(1, 8)]
    files = dict(seo.sitemaps(urls, "https://x.vn"))
    assert list(files) == ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"]
    index = ET.fromstring(files["sitemap.xml"])
    assert index.tag == f"{{{seo.SITEMAP_NS}}}sitemapindex"
    assert [(e.findtext(f"{{{seo.SITEMAP_NS}}}loc"), e.findtext(f"{{{seo.SITEMAP_NS}}}lastmod")) for e in index] == [
        ("https://x.vn/sitemap-1.xml", "2018-01-03"), ("https://x.vn/sitemap-2.xml", "2018-01-06"),
        ("https://x.vn/sitemap-3.xml", "2018-01-07")]
    parts = [[e.text for e in ET.fromstring(files[f"sitemap-{n}.xml"]).iter(f"{{{seo.SITEMAP_NS}}}loc")]
             for n in (1, 2, 3)]
    assert [len(part) for part in parts] == [3, 3, 1]
    assert [loc for part in parts for loc in part] == [f"https://x.vn/noi-dung/{n}/" for n in range(1, 8)]
    # up to the limit, sitemap.xml is the one list of pages, as on every site until now
    assert list(dict(seo.sitemaps(urls[:3], "https://x.vn"))) == ["sitemap.xml"]
    assert ET.fromstring(next(seo.sitemaps(urls[:3], "https://x.vn"))[1]).tag == f"{{{seo.SITEMAP_NS}}}urlset"


def test_the_link_checker_follows_a_sitemap_index_to_its_parts_and_their_pages(monkeypatch, tmp_path):
    from pelican.plugins.congkhai.tools.linkcheck import check_output

    monkeypatch.setattr(seo, "SITEMAP_URLS", 2)
    urls = [(f"noi-dung/{n}/", None) for n in range(1, 6)]
    for url, _ in urls:
        (tmp_path / url).mkdir(parents=True)
        (tmp_path / url / "index.html").write_text("<p>x</p>", encoding="utf-8")
    for path, data in seo.sitemaps(urls, ""):
        (tmp_path / path).write_bytes(data)
    assert check_output(tmp_path) == []
    (tmp_path / "noi-dung" / "5" / "index.html").unlink()
    (tmp_path / "sitemap-2.xml").unlink()
    assert [str(b) for b in check_output(tmp_path)] == [
        "sitemap-3.xml: /noi-dung/5/: no such file in the output",
        "sitemap.xml: /sitemap-2.xml: no such file in the output"]


def test_the_sitemap_part_holds_what_the_protocol_allows():
    assert seo.SITEMAP_URLS == 50_000  # sitemaps.org: at most 50,000 URLs a file


def test_the_catalogue_names_every_data_file_written(view):
    written = {path for path, _ in opendata.data_files(view, SETTINGS)} - {
        path for path, _ in exports.schema_files()}
    assert written == {f.path for f in opendata.CATALOGUE if f.path.startswith("du-lieu/")}


def test_docs_name_every_file_and_column():
    from helpers import ROOT
    text = (ROOT / "docs" / "open-data.md").read_text(encoding="utf-8")
    names = {c.name for f in opendata.CATALOGUE for c in f.columns}
    missing = sorted(n for n in names if f"`{n}`" not in text)
    missing += [f.path for f in opendata.CATALOGUE if f.path.rsplit("/", 1)[-1] not in text]
    assert missing == []


def test_each_sitemap_entry_has_its_pages_latest_dated_event(view):
    from pelican.plugins.congkhai.site import pages as site_pages
    from pelican.plugins.congkhai.site.urls import item_url, session_url

    files = dict(seo.files(view, {"SITEURL": "https://x.vn", "LANGUAGES": ["vi"]}, site_pages.pages(view)))
    root = ET.fromstring(files["sitemap.xml"])
    lastmod = {e.findtext(f"{{{seo.SITEMAP_NS}}}loc").removeprefix("https://x.vn/"):
               e.findtext(f"{{{seo.SITEMAP_NS}}}lastmod") for e in root}
    answered = next(i for i in view.items if view.status_of(i).latest is not None)
    assert lastmod[item_url(answered)] == view.status_of(answered).latest.date.isoformat()
    unanswered = next(i for i in view.items if view.status_of(i).latest is None)
    assert lastmod[item_url(unanswered)] == view.session_of(unanswered).date.isoformat()
    session = view.session_of(answered)
    assert lastmod[session_url(session)] == max(
        (view.status_of(i).latest.date if view.status_of(i).latest else session.date) for i in session.items
    ).isoformat()
    latest = max(v for v in lastmod.values())
    assert lastmod[""] == latest and latest <= view.as_of.isoformat()
    assert all(v for v in lastmod.values())


def test_the_favicon_is_an_ico_that_an_image_reader_opens(view):
    import struct

    data = dict(seo.files(view, {"LANGUAGES": ["vi"]}, []))["favicon.ico"]
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    width, height, _colours, _, planes, bits, size, offset = struct.unpack("<BBBBHHII", data[6:22])
    assert (reserved, kind, count, width, height, planes, bits) == (0, 1, 1, 16, 16, 1, 32)
    assert offset == 22 and len(data) == offset + size
    header = struct.unpack("<IiiHHIIiiII", data[22:62])
    assert header[:5] == (40, 16, 32, 1, 32)  # a BMP header: height doubled for the mask


# --- the data files streamed ---------------------------------------------------------------------

def _rows(count: int) -> list[bytes]:
    return [f"{n},Đường liên xã số {n}\r\n".encode() for n in range(count)]


def test_the_streamed_zip_written_to_disk_is_the_zip_of_the_joined_files(tmp_path):
    """ChunkedZip writes each member as its chunks pass, reading the deflated ones back from disk:
    byte for byte the archive of each file joined whole and deflated chunk by chunk."""
    files = {"du-lieu/items.csv": _rows(5_000), "du-lieu/open311/requests.xml": [b"<service_requests />\n"],
             "du-lieu/empty.json": [b""]}
    archive = exports.ChunkedZip(files)
    passed = {path: b"".join(archive.add(path, exports.chunks_of(pieces))) for path, pieces in files.items()}
    with open(tmp_path / "all.zip", "wb") as file:
        archive.write_to(file)
    archive.close()
    joined = {path: b"".join(pieces) for path, pieces in files.items()}
    assert passed == joined  # every chunk passed on to the member's own file
    expected = exports.zip_archive([
        (path.removeprefix("du-lieu/"), zlib.crc32(data), len(data),
         b"".join(exports._deflate(exports.chunked(files[path]))) + exports._FINAL_BLOCK)
        for path, data in sorted(joined.items())])
    assert (tmp_path / "all.zip").read_bytes() == expected
    with zipfile.ZipFile(tmp_path / "all.zip") as read:
        assert {name: read.read(name) for name in read.namelist()} == {
            path.removeprefix("du-lieu/"): data for path, data in joined.items()}


def test_the_zip_is_not_written_before_every_member_is_in_it():
    archive = exports.ChunkedZip(["du-lieu/a.csv", "du-lieu/b.csv"])
    list(archive.add("du-lieu/a.csv", [b"1\r\n"]))
    with pytest.raises(RuntimeError, match=r"the ZIP is written before its members: \['du-lieu/b.csv'\]"):
        archive.write_to(io.BytesIO())
    archive.close()


class _Asked:
    """A row cache that makes every row and notes what it was asked for."""

    def __init__(self):
        self.asked = []

    def rows(self, kind, objects, serialise, digest=None):
        self.asked.append((kind, len(objects)))
        return serialise(list(objects))

    def save(self):
        self.asked.append(("saved", 0))


def test_the_data_files_make_a_tables_rows_a_batch_at_a_time_as_its_file_is_written(view, monkeypatch):
    from pelican.plugins.congkhai.build import families as file_families
    from pelican.plugins.congkhai.build import rowcache

    monkeypatch.setattr(rowcache, "ROWS_AT_ONCE", 3)
    cache, asked_by_file = _Asked(), {}
    for path, data in opendata.data_files(view, SETTINGS, cache):
        before = len(cache.asked)
        file_families.whole(data)
        asked_by_file[path] = {kind for kind, _ in cache.asked[before:]} - {"zip.deflate"}
    # nothing is made before its file is written, and then only its own rows, in batches
    assert asked_by_file["du-lieu/items.csv"] == {"items.csv"}
    assert asked_by_file["du-lieu/items.json"] == {"items.json"}
    assert asked_by_file["du-lieu/open311/requests.xml"] == {"requests.xml"}
    assert asked_by_file[f"du-lieu/{exports.ZIP_NAME}"] == set()
    batches = [count for kind, count in cache.asked if kind == "items.csv"]
    assert len(batches) == -(-len(view.items) // 3) and max(batches) == 3
    assert cache.asked.index(("saved", 0)) > max(i for i, (kind, _) in enumerate(cache.asked) if kind == "zip.deflate")
