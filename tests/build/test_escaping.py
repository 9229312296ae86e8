"""A content tree with XSS payloads in every field, built: nothing executable
reaches a page, a feed or a data file; plain fields show as text."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers import FIXTURES, build_site, page_text

PAYLOAD_TEXT = '<script>alert("xss")</script>'


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory):
    output = tmp_path_factory.mktemp("xss") / "output"
    build_site(FIXTURES / "xss", output, as_of="2018-07-05")
    return output


class Inspector(HTMLParser):
    """Collects what would run in a browser: handlers, script text, dangerous URLs and tags."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        if tag in {"iframe", "object", "embed"}:  # the theme has forms (search); content has none
            self.bad.append(f"<{tag}>")
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.bad.append(f"{tag} {name}=")
            if name in {"href", "src", "action"} and value.startswith(("javascript:", "data:text", "vbscript:")):
                self.bad.append(f"{tag} {name}={value[:30]}")
            if name == "style" and ("position:fixed" in value or "javascript" in value):
                self.bad.append(f"{tag} style={value[:30]}")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and "alert" in data:
            self.bad.append("script text: " + data[:40])
        if "display:none" in data and self.get_starttag_text() and "<style" in self.get_starttag_text():
            self.bad.append("style from content")


def dangers(html: str) -> list[str]:
    inspector = Inspector()
    inspector.feed(html)
    return inspector.bad


def files(site: Path, *suffixes: str) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.suffix in suffixes)


def test_no_html_page_carries_anything_executable(xss_site):
    pages = files(xss_site, ".html")
    assert len(pages) > 10
    for page in pages:
        assert dangers(page.read_text(encoding="utf-8")) == [], page


def test_plain_fields_show_as_text_not_markup(xss_site):
    text = page_text(xss_site, "doi-thoai/2018-06-12-tan-ha")
    assert f"Đối thoại {PAYLOAD_TEXT} xã Tân Hà" in text
    assert "Cử tri <script>" in text


def test_feeds_are_well_formed_and_their_html_is_inert(xss_site):
    feeds = files(xss_site, ".xml")
    assert any(f.name == "atom.xml" for f in feeds)
    for feed in feeds:
        root = ET.parse(feed).getroot()  # raises on a payload that broke the XML
        for element in root.iter():
            # Atom type="html" is rendered by feed readers; other elements are text.
            if element.get("type") == "html" and element.text:
                assert dangers(element.text) == [], feed


def test_data_files_carry_the_payload_as_data(xss_site):
    for path in files(xss_site, ".json"):
        json.loads(path.read_text(encoding="utf-8"))
    sessions = (xss_site / "du-lieu" / "sessions.json").read_text(encoding="utf-8")
    assert PAYLOAD_TEXT in json.loads(sessions).__repr__() or "alert" in sessions


# --- hostile text in a spreadsheet and in links -------------------------------

# Questions that start like spreadsheet formulas, and links written to run code.
FORMULAS = ['=HYPERLINK("http://evil")', "@SUM(1)", "+1", "-1+1"]
HOSTILE_SESSION = """\
title: '=HYPERLINK("http://evil") Đối thoại'
date: 2018-05-10
place: "\\tHội trường thôn 3"
commune: tan-ha
audience: nhan-dan
chairs: [Chủ tịch UBND huyện]
attendance: 30
summary: '[bấm](&#106;avascript:alert(1)) [văn bản](https://example.vn/van-ban-512.pdf)'
opinions:
  - stt: 1
    speaker: Cử tri thôn 3
    items:
{items}
"""
ITEM = """\
      - stt: {no}
        topic: dat-dai
        text: {text}
        handling: assigned
        agency: phong-tnmt
        due: 2018-06-10
"""
LINKS = ["[a](java&#x09;script:alert(1))", "[b](JaVaScRiPt:alert(1))", "<javascript:alert(1)>",
         '<a href="java&Tab;script:alert(1)">c</a>', "[d][1]\n\n[1]: vbscript:msgbox(1)"]
HOSTILE_REPO = "JavaScript:alert(1)//"  # a setting is judged like content: no link to it
HOSTILE_RESPONSE = """\
---
item: "2018-05-10-tan-ha/1.1"
date: 2018-06-01
agency: phong-tnmt
outcome: in-progress
document: "=cmd|' /C calc'!A0"
---
-1+1 hộ đã được cấp giấy. [e](&#x6A;avascript:alert(1))
"""


def _yaml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n") + '"'


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The small fixture with one more session whose questions start like formulas and
    whose Markdown links are written to run code."""
    import shutil

    site = tmp_path_factory.mktemp("hostile")
    shutil.copytree(FIXTURES / "small" / "content", site / "content")
    texts = FORMULAS + ["\tDanh sách hộ xin cấp đất"] + LINKS
    items = "".join(ITEM.format(no=no, text=_yaml(text)) for no, text in enumerate(texts, start=1))
    (site / "content" / "sessions" / "2018-05-10-tan-ha.yaml").write_text(
        HOSTILE_SESSION.format(items=items.rstrip("\n")), encoding="utf-8")
    answers = site / "content" / "responses" / "2018-05-10-tan-ha"
    answers.mkdir()
    (answers / "1.1-1.md").write_text(HOSTILE_RESPONSE, encoding="utf-8")
    output = site / "output"
    build_site(site, output, as_of="2018-07-05", settings={"REPO_URL": HOSTILE_REPO})
    return output


def _csv(path: Path) -> list[dict]:
    import csv

    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_cells_that_start_like_formulas_are_neutralised(hostile_site):
    items = {r["id"]: r for r in _csv(hostile_site / "du-lieu" / "items.csv")}
    texts = [items[f"2018-05-10-tan-ha/1.{no}"]["text"] for no in range(1, 5)]
    assert texts == ["'" + text for text in FORMULAS]
    (session,) = [r for r in _csv(hostile_site / "du-lieu" / "sessions.csv") if r["id"] == "2018-05-10-tan-ha"]
    assert session["title"] == "'" + '=HYPERLINK("http://evil") Đối thoại'
    assert session["place"] == "'\tHội trường thôn 3"
    (response,) = [r for r in _csv(hostile_site / "du-lieu" / "responses.csv") if r["item"] == "2018-05-10-tan-ha/1.1"]
    assert response["document"] == "'=cmd|' /C calc'!A0"
    assert response["text"].startswith("'-1+1 hộ")
    # Every text cell is quoted in the file itself; numbers are not.
    raw = (hostile_site / "du-lieu" / "items.csv").read_text(encoding="utf-8-sig")
    assert '"\'=HYPERLINK(""http://evil"")"' in raw
    for rows in (items.values(), _csv(hostile_site / "du-lieu" / "responses.csv")):
        for row in rows:
            for name, cell in row.items():
                assert not cell[:1] in ("=", "+", "-", "@", "\t", "\r", "\n"), (name, cell)


def test_csv_numbers_stay_numbers_and_json_keeps_the_text_as_written(hostile_site):
    raw = (hostile_site / "du-lieu" / "sessions.csv").read_text(encoding="utf-8-sig").splitlines()
    (line,) = [line for line in raw if line.startswith('"2018-05-10-tan-ha"')]
    assert ",30," in line  # attendance: an unquoted number
    document = json.loads((hostile_site / "du-lieu" / "items.json").read_text(encoding="utf-8"))
    texts = {i["id"]: i["text"] for i in document["items"]}
    assert [texts[f"2018-05-10-tan-ha/1.{no}"] for no in range(1, 5)] == FORMULAS
    assert all(isinstance(i["days_late"], int) for i in document["items"])
    with zipfile.ZipFile(hostile_site / "du-lieu" / "cong-khai-du-lieu.zip") as archive:
        assert archive.read("items.csv") == (hostile_site / "du-lieu" / "items.csv").read_bytes()


def test_the_page_shows_the_text_as_written(hostile_site):
    for no, text in enumerate(FORMULAS, start=1):
        assert text in page_text(hostile_site, f"noi-dung/2018-05-10-tan-ha/1-{no}"), text
    session = page_text(hostile_site, "doi-thoai/2018-05-10-tan-ha")
    assert '=HYPERLINK("http://evil") Đối thoại' in session and "Hội trường thôn 3" in session


def test_no_obfuscated_link_leaves_a_url_to_run_in_a_page_or_feed(hostile_site):
    # The unit tests' reading of a URL as a browser parses it (tests/ is on the path).
    from unit.site.test_markup_urls import EXECUTABLE, browser_urls

    pages = files(hostile_site, ".html")
    found = [(page.name, url) for page in pages for url in browser_urls(page.read_text(encoding="utf-8"))
             if url.startswith(EXECUTABLE)]
    for feed in files(hostile_site, ".xml"):
        for element in ET.parse(feed).getroot().iter():
            if element.get("type") == "html" and element.text:
                found += [(feed.name, url) for url in browser_urls(element.text) if url.startswith(EXECUTABLE)]
    assert found == []
    session = (hostile_site / "doi-thoai" / "2018-05-10-tan-ha" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://example.vn/van-ban-512.pdf"' in session  # the link an answer needs, kept
    item = (hostile_site / "noi-dung" / "2018-05-10-tan-ha" / "1-1" / "index.html").read_text(encoding="utf-8")
    assert "h-history" not in item  # no history links to a REPO_URL that runs code


def test_the_supervisors_workbook_holds_formula_like_text_as_text(hostile_site):
    import openpyxl

    book = openpyxl.load_workbook(hostile_site / "du-lieu" / "noi-dung.xlsx")
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    hostile = [cell for cell in cells if isinstance(cell.value, str) and cell.value in FORMULAS]
    assert sorted({cell.value for cell in hostile}) == sorted(FORMULAS)
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in hostile)
