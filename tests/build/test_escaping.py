"""A content tree with XSS payloads in every field, built: nothing executable
reaches a page, a feed or a data file; plain fields show as text."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
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
