"""Open data in the built site: exports round-trip against the pages, feeds and
calendar parse with real parsers, the sitemap covers every page, /du-lieu/ lists
every file, and two builds of the same content give the same bytes."""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from xml.etree import ElementTree as ET

import feedparser
import icalendar
import pytest

from helpers import FIXTURES, ROOT, build_site, links

from pelican.plugins.congkhai.outputs import open311
from pelican.plugins.congkhai.content.model import build_content
from pelican.plugins.congkhai.content.reading import read_tree

SITEURL = "https://congkhai.example.vn"
SMALL_SETTINGS = {"REPORTS": [{"as_of": "2018-07-05", "start": "2018-01-01", "end": "2018-06-30"}]}
BADGE = re.compile(r'class="status-line">\s*<span class="badge badge-([a-z-]+)"')
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def small_again(tmp_path_factory):
    """A second build of the small site with the very same settings as `small_site`."""
    output = tmp_path_factory.mktemp("small-again") / "output"
    build_site(FIXTURES / "small", output, as_of="2018-07-05", settings=SMALL_SETTINGS)
    return output


@pytest.fixture(scope="module")
def small_published(tmp_path_factory):
    """The small site as publishconf builds it: with an absolute SITEURL."""
    output = tmp_path_factory.mktemp("small-published") / "output"
    build_site(FIXTURES / "small", output, as_of="2018-07-05", settings={**SMALL_SETTINGS, "SITEURL": SITEURL})
    return output


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def badge_of(output, url: str) -> str:
    return BADGE.search((output / url.lstrip("/") / "index.html").read_text(encoding="utf-8")).group(1)


# --- items.csv / items.json round trip --------------------------------------

def test_every_item_appears_once_in_items_csv_with_the_status_of_its_page(sample_site):
    rows = read_csv(sample_site / "du-lieu" / "items.csv")
    source = build_content(read_tree(ROOT / "content"))
    held = {i.id for s in source.sessions for i in s.items if s.date.isoformat() <= "2018-07-05"}
    assert len(rows) == 577
    assert sorted(r["id"] for r in rows) == sorted(held)
    mismatched = [(r["id"], r["status"]) for r in rows if badge_of(sample_site, r["url"]) != r["status"]]
    assert mismatched == []
    assert {r["status"] for r in rows if r["status"] == "resolved"} and \
        sum(r["status"] == "resolved" for r in rows) == 454


def test_items_json_agrees_with_items_csv(sample_site):
    document = json.loads((sample_site / "du-lieu" / "items.json").read_text(encoding="utf-8"))
    rows = read_csv(sample_site / "du-lieu" / "items.csv")
    assert document["as_of"] == "2018-07-05" and document["license"]
    # The commit the data was built from, as in the footer: a figure can be traced and rebuilt.
    footer = (sample_site / "index.html").read_text(encoding="utf-8")
    assert document["commit"] and document["commit"] in footer
    assert [(i["id"], i["status"]) for i in document["items"]] == [(r["id"], r["status"]) for r in rows]
    assert [f["name"] for f in document["fields"]] == list(rows[0])
    assert all(isinstance(i["days_late"], int) for i in document["items"])


def test_items_csv_opens_with_a_bom_and_correct_vietnamese(sample_site):
    raw = (sample_site / "du-lieu" / "items.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text == unicodedata.normalize("NFC", text)
    topics = {r["topic_name"] for r in read_csv(sample_site / "du-lieu" / "items.csv")}
    assert "Đất đai" in topics


def test_sessions_and_responses_files_round_trip(sample_site):
    sessions = read_csv(sample_site / "du-lieu" / "sessions.csv")
    held = [s for s in sessions if s["announced"] == "0"]
    assert len(held) == 28 and sum(int(s["items"]) for s in held) == 577
    responses = json.loads((sample_site / "du-lieu" / "responses.json").read_text(encoding="utf-8"))
    assert responses["responses"] and all(r["date"] <= "2018-07-05" for r in responses["responses"])


# --- Open311 ----------------------------------------------------------------

def test_open311_files_hold_every_item(sample_site):
    folder = sample_site / "du-lieu" / "open311"
    requests = json.loads((folder / "requests.json").read_text(encoding="utf-8"))
    assert len(requests) == 577 and all(tuple(r) == open311.REQUEST_FIELDS for r in requests)
    assert sum(r["status"] == "closed" for r in requests) == 454
    xml = ET.parse(folder / "requests.xml").getroot()
    assert len(xml.findall("request")) == 577
    services = json.loads((folder / "services.json").read_text(encoding="utf-8"))
    assert {r["service_code"] for r in requests} <= {s["service_code"] for s in services}


# --- feeds and calendar -----------------------------------------------------

def test_every_feed_parses_and_links_to_existing_item_pages(sample_site):
    feed_files = [sample_site / "atom.xml", *sample_site.glob("*/*/atom.xml")]
    assert len(feed_files) > 20
    for path in feed_files:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        for entry in parsed.entries:
            assert entry.id.startswith("tag:") and entry.updated_parsed
            assert (sample_site / entry.link.lstrip("/") / "index.html").is_file(), entry.link
    assert len(feedparser.parse((sample_site / "atom.xml").read_bytes()).entries) == 50


def test_group_pages_link_their_feed(sample_site):
    html = (sample_site / "co-quan" / "phong-tnmt" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/co-quan/phong-tnmt/atom.xml"' in html
    assert (sample_site / "co-quan" / "phong-tnmt" / "atom.xml").is_file()


def test_feed_ids_and_data_files_are_stable_across_builds(small_site, small_again):
    first = {e.id for e in feedparser.parse((small_site / "atom.xml").read_bytes()).entries}
    second = {e.id for e in feedparser.parse((small_again / "atom.xml").read_bytes()).entries}
    assert first and first == second
    names = ["atom.xml", "doi-thoai/lich.ics", "sitemap.xml", "du-lieu/cong-khai-du-lieu.zip",
             "du-lieu/items.csv", "du-lieu/open311/requests.xml"]
    assert [n for n in names if (small_site / n).read_bytes() != (small_again / n).read_bytes()] == []


def test_calendar_parses_with_every_session_past_and_announced(sample_site, small_site):
    source = build_content(read_tree(ROOT / "content"))
    calendar = icalendar.Calendar.from_ical((sample_site / "doi-thoai" / "lich.ics").read_bytes())
    events = calendar.walk("VEVENT")
    assert len(events) == len(source.sessions) >= 28
    assert len({str(e["UID"]) for e in events}) == len(events)
    small = icalendar.Calendar.from_ical((small_site / "doi-thoai" / "lich.ics").read_bytes())
    summaries = {str(e["UID"]).split("@")[0]: str(e["DESCRIPTION"]) for e in small.walk("VEVENT")}
    assert "sắp tổ chức" in summaries["2026-12-18-son-my"]


# --- sitemap, robots, metadata ----------------------------------------------

def html_pages(output) -> set[str]:
    """The site's pages: not Pagefind's files, nor the web editor's (admin/, which no search engine lists)."""
    return {p.parent.relative_to(output).as_posix().removeprefix(".") + "/"
            for p in output.rglob("index.html") if "pagefind" not in p.parts and p.parts[len(output.parts)] != "admin"}


def sitemap_locs(output, prefix="") -> set[str]:
    root = ET.parse(output / "sitemap.xml").getroot()
    return {loc.text.removeprefix(prefix + "/") for loc in root.iter(SITEMAP_NS + "loc")}


def test_sitemap_lists_every_html_page(sample_site):
    pages = {p.removeprefix("/") for p in html_pages(sample_site)}
    assert sitemap_locs(sample_site) == pages


def test_published_sitemap_and_robots_are_absolute(small_published):
    assert all(loc.startswith(SITEURL + "/") for loc in
               (e.text for e in ET.parse(small_published / "sitemap.xml").getroot().iter(SITEMAP_NS + "loc")))
    assert f"Sitemap: {SITEURL}/sitemap.xml" in (small_published / "robots.txt").read_text()


def test_shared_item_link_shows_question_and_status(small_published, small_site):
    url = "noi-dung/2018-03-01-tan-ha/1-1/"
    html = (small_published / url / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{SITEURL}/{url}">' in html
    assert f'<meta property="og:url" content="{SITEURL}/{url}">' in html
    description = re.search(r'<meta property="og:description" content="([^"]*)"', html).group(1)
    state = badge_of(small_published, url)
    label = re.search(rf'badge-{state}">([^<]+)<', html).group(1)
    assert description.startswith(label + ":") and len(description) > len(label) + 10
    # A local preview has no absolute URL, so no canonical at all.
    assert "canonical" not in (small_site / url / "index.html").read_text(encoding="utf-8")


# --- /du-lieu/ --------------------------------------------------------------

def test_open_data_page_lists_every_file(sample_site):
    listed = {href.removeprefix("/") for href in links(sample_site, "du-lieu/")}
    data_files = {p.relative_to(sample_site).as_posix() for p in (sample_site / "du-lieu").rglob("*")
                  if p.is_file() and p.name != "index.html"}
    data_files |= {"atom.xml", "doi-thoai/lich.ics", "sitemap.xml", "robots.txt"}
    assert data_files - listed == set()
    assert all((sample_site / path).is_file() for path in data_files)
    text = (sample_site / "du-lieu" / "index.html").read_text(encoding="utf-8")
    assert "CC BY 4.0" in text and 'datetime="2018-07-05"' in text


def test_json_schemas_are_published_and_listed(sample_site):
    schemas = sorted((ROOT / "schemas").glob("*.schema.json")) if (ROOT / "schemas").is_dir() else []
    listed = set(links(sample_site, "du-lieu/"))
    for schema in schemas:
        published = sample_site / "du-lieu" / "schemas" / schema.name
        assert published.read_bytes() == schema.read_bytes()
        assert f"/du-lieu/schemas/{schema.name}" in listed


def _frictionless(descriptor):
    import json
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "frictionless", "validate", "--json", descriptor.name],
                            cwd=descriptor.parent, capture_output=True, text=True, timeout=300)
    return json.loads(result.stdout)


def test_the_data_package_and_its_csv_files_are_valid_for_frictionless(sample_site):
    report = _frictionless(sample_site / "du-lieu" / "datapackage.json")
    assert report["valid"], report
    assert [task["name"] for task in report["tasks"]] == ["items", "sessions", "responses"]
    assert [task["stats"]["rows"] for task in report["tasks"]][0] == 577


def test_the_data_package_inside_the_zip_describes_the_files_beside_it(small_site, tmp_path):
    import zipfile

    with zipfile.ZipFile(small_site / "du-lieu" / "cong-khai-du-lieu.zip") as archive:
        archive.extractall(tmp_path)
    assert _frictionless(tmp_path / "datapackage.json")["valid"]


def test_frictionless_finds_a_broken_reference(small_site, tmp_path):
    """The check can fail: an item whose session is not in sessions.csv breaks a foreign key."""
    import shutil

    folder = tmp_path / "du-lieu"
    shutil.copytree(small_site / "du-lieu", folder)
    items = (folder / "items.csv").read_text(encoding="utf-8-sig").splitlines(keepends=True)
    first = items[1].split(",")
    first[1] = '"nowhere"'
    (folder / "items.csv").write_text("".join([items[0], ",".join(first), *items[2:]]), encoding="utf-8-sig")
    report = _frictionless(folder / "datapackage.json")
    assert not report["valid"]
    assert {error["type"] for task in report["tasks"] for error in task["errors"]} == {"foreign-key"}
