"""What a built page loads and what it refers to, read from the files alone.

Used by the theme's build tests (budget, crawl for foreign hosts) and tested
on small snippets of its own so a check that finds nothing is known to look.
"""

from __future__ import annotations

import gzip
import re
from html.parser import HTMLParser
from pathlib import Path

# Attributes through which an HTML document makes the browser fetch or go somewhere.
REFERENCE_ATTRIBUTES = {"src", "href", "action", "srcset", "poster", "data", "formaction", "manifest",
                        "background", "cite", "ping", "xlink:href"}
# <link rel> values the browser fetches on load (alternate, sitemap, canonical are only references).
LOADED_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest",
                    "apple-touch-icon", "shortcut"}

ABSOLUTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.\-]*:)?//", re.I)
# In CSS: url(...) and @import "…".
CSS_REFERENCE = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.I)
# In JavaScript: what code can load: fetch, dynamic and static import, workers, sockets, beacons,
# XMLHttpRequest.open, and src/href set on an element. A `new URL(...)` only parses (Pagefind
# parses with a dummy https://example.com base): it loads nothing, so it is not a reference.
JS_REFERENCE = re.compile(
    r"""(?:fetch|import|importScripts|Worker|SharedWorker|EventSource|WebSocket|sendBeacon)\s*\(\s*[`'"]([^`'"]*)"""
    r"""|\bimport\s[^;'"`]*?\bfrom\s*[`'"]([^`'"]*)|\bimport\s*[`'"]([^`'"]*)"""
    r"""|\.open\(\s*['"][A-Za-z]+['"]\s*,\s*[`'"]([^`'"]*)|\.(?:src|href)\s*=\s*[`'"]([^`'"]*)""")
# In XML (feeds, sitemaps): href and src attributes and <loc>; xmlns declarations are names, not references.
XML_REFERENCE = re.compile(r"""\s(?:href|src)\s*=\s*['"]([^'"]*)|<loc>\s*([^<\s]+)""")


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.references: list[tuple[str, str]] = []  # (what, url)
        self.loads: list[str] = []  # urls fetched when the page loads
        self.inline: list[str] = []  # inline scripts, styles, handlers
        self._in_script = self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if value is None:
                continue
            if name in REFERENCE_ATTRIBUTES:
                for url in (value.split(",") if name == "srcset" else [value]):
                    self.references.append((f"<{tag} {name}>", url.strip().split(" ")[0]))
            if name.startswith("on"):
                self.inline.append(f"<{tag} {name}>")
            if name == "style":
                self.inline.append(f"<{tag} style>")
                self.references += [("style url()", u) for u in _css_urls(value)]
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            self.references.append(("<meta refresh>", (attrs.get("content") or "").partition("url=")[2]))
        rels = set((attrs.get("rel") or "").lower().split())
        if tag == "link" and rels & LOADED_LINK_RELS and attrs.get("href"):
            self.loads.append(attrs["href"])
        if tag in ("script", "img", "iframe", "embed", "video", "audio", "source") and attrs.get("src"):
            self.loads.append(attrs["src"])
        if tag == "script":
            self._in_script = not attrs.get("src")
        if tag == "style":
            self._in_style = True
            self.inline.append("<style>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline.append("<script> without src")
            self.references += [("script", u) for u in _js_urls(data)]
        if self._in_style:
            self.references += [("style url()", u) for u in _css_urls(data)]


def _css_urls(text: str) -> list[str]:
    return [a or b for a, b in CSS_REFERENCE.findall(text)]


def _js_urls(text: str) -> list[str]:
    return [next(g for g in groups if g) for groups in JS_REFERENCE.findall(text) if any(groups)]


def read_html(text: str) -> _Collector:
    collector = _Collector()
    collector.feed(text)
    return collector


def references(path: Path) -> list[tuple[str, str]]:
    """(where, url) of every reference a file of the built site makes."""
    suffix = path.suffix.lower()
    if suffix not in (".html", ".css", ".js", ".mjs", ".xml", ".svg"):
        return []  # data (JSON, CSV, ICS, TXT) and binaries: text, never loaded by the site
    text = path.read_text(encoding="utf-8", errors="replace")
    if suffix == ".html":
        return read_html(text).references
    if suffix == ".css":
        return [("css", u) for u in _css_urls(text)]
    if suffix in (".js", ".mjs"):
        return [("js", u) for u in _js_urls(text)]
    return [("xml", a or b) for a, b in XML_REFERENCE.findall(text)]


def is_foreign(url: str, own_origins: tuple[str, ...] = ()) -> bool:
    """True for a URL that names another host: absolute (scheme://host or //host) and not our own."""
    url = url.strip()
    if not ABSOLUTE.match(url):
        return False
    return not any(url.startswith(origin) for origin in own_origins)


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))
