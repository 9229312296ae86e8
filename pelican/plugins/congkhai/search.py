"""Search: a Pagefind index of item and session pages, Vietnamese-aware.

No Pelican import: `index_output` receives the Pelican object from the
`finalized` signal (wired in plugin.py) and reads only its settings and output
path. Pagefind 1.5 strips combining marks from index and query ("thuy loi"
finds "thủy lợi") but treats đ as a letter of its own, so "dat dai" never finds
"đất đai". Each indexed page therefore carries, in a searchable metadata field
that never shows in excerpts, the folded forms of its words that contain đ
(`folded_terms`); the browser folds the query the same way (theme/static/js/fold.js).
"""

from __future__ import annotations

import html
import logging
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from .status import STATES
from .views import FORWARDED, Page
from .vietnamese import fold

log = logging.getLogger(__name__)

SEARCH_URL = "tim-kiem/"
BUNDLE = "pagefind"  # the folder Pagefind writes into the output
FOLD_META = "fold"  # the metadata key holding the folded đ-words
# Filter keys in the order the search page shows them.
FACETS = ("status", "topic", "agency", "commune", "year")
SORTS = ("date", "deadline")  # the first is the default, newest first

_WORD = re.compile(r"\w+")


class SearchIndexError(RuntimeError):
    """Pagefind failed; the message carries its own output."""


# Elements whose text Pagefind never indexes; their words need no folded copy.
SKIPPED_TAGS = {"nav", "footer", "form", "svg", "template", "script", "style"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _IndexedText(HTMLParser):
    """The text of a fragment as Pagefind reads it: without data-pagefind-ignore parts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skipping = []  # one flag per open element: is its text left out?
        self.text = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID_TAGS:
            return
        parent = bool(self.skipping and self.skipping[-1])
        ignored = any(name == "data-pagefind-ignore" and value != "none" for name, value in attrs)
        self.skipping.append(parent or ignored or tag in SKIPPED_TAGS)

    def handle_endtag(self, tag):
        if tag not in VOID_TAGS and self.skipping:
            self.skipping.pop()

    def handle_data(self, data):
        if not (self.skipping and self.skipping[-1]):
            self.text.append(data)


def indexed_text(markup: str) -> str:
    """The text of an indexed fragment that Pagefind puts into its index."""
    parser = _IndexedText()
    parser.feed(markup)
    parser.close()
    return " ".join(parser.text)


# One token of rendered markup: a comment, a tag (name, attributes), or a run of text.
_TOKEN = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>|([^<]+)|<", re.S)
_IGNORE = re.compile(r"""\sdata-pagefind-ignore(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_RAW_TEXT = {"script", "style"}  # their content is not markup: skip to the end tag


def _ignored(attrs: str) -> bool:
    found = _IGNORE.search(attrs)
    if not found:
        return False
    value = next((v for v in found.groups() if v is not None), None)
    return value != "none"


def _indexed_d_words(markup: str):
    """The words with đ/Đ of the text Pagefind indexes (what `indexed_text` keeps).

    A single regular-expression scan instead of html.parser: this runs on
    every item and session page, and html.parser was a large share of their
    cost. tests/unit/test_search_folding.py checks both agree on built pages.
    """
    skipping: list[bool] = []
    position, end = 0, len(markup)
    while position < end:
        token = _TOKEN.match(markup, position)
        position = token.end()
        text = token.group(4)
        if text is not None:
            if (skipping and skipping[-1]) or ("đ" not in text and "Đ" not in text and "&" not in text):
                continue
            for word in _WORD.findall(html.unescape(text) if "&" in text else text):
                if "đ" in word.lower():
                    yield word
            continue
        name = token.group(2)
        if name is None:
            continue  # a comment or a stray '<'
        name, attrs = name.lower(), token.group(3)
        if token.group(1):  # an end tag
            if name not in VOID_TAGS and skipping:
                skipping.pop()
        elif name not in VOID_TAGS and not attrs.rstrip().endswith("/"):
            parent = bool(skipping and skipping[-1])
            skipping.append(parent or name in SKIPPED_TAGS or _ignored(attrs))
            if name in _RAW_TEXT:
                close = markup.lower().find(f"</{name}", position)
                position = end if close < 0 else close


def folded_terms(markup: str) -> str:
    """'Đất đai, đường' -> 'dat dai duong': the words of a page Pagefind cannot fold.

    Only words with đ/Đ: Pagefind folds every other mark itself, so copying
    the rest would only grow the index. Each word once, in order of first use.
    """
    return " ".join(dict.fromkeys(fold(word) for word in _indexed_d_words(markup)))


def _day_number(day) -> int:
    """20180301: Pagefind sorts numerically only when every value is a number."""
    return day.year * 10000 + day.month * 100 + day.day


@dataclass(frozen=True)
class SearchData:
    """What one indexed page tells Pagefind: filters, sort keys, metadata (all key:value)."""
    filters: tuple[tuple[str, str], ...]
    sorts: tuple[tuple[str, int], ...]
    meta: tuple[tuple[str, str], ...]


def item_data(view, item) -> SearchData:
    session, status = view.session_of(item), view.status_of(item)
    states = [status.state] + ([FORWARDED] if status.outstanding and status.forwarded_to else [])
    groups = [(kind, view.group_id(kind, item)) for kind in ("topic", "agency", "commune")]
    filters = [("status", state) for state in states] + [(k, v) for k, v in groups if v]
    filters.append(("year", str(session.date.year)))
    # Items answered on the spot have no deadline: their session day stands in,
    # because Pagefind drops a page without the sort key from sorted results.
    deadline = getattr(status, "due", None) or item.due or session.date
    return SearchData(tuple(filters), (("date", _day_number(session.date)), ("deadline", _day_number(deadline))),
                      (("kind", "item"),))


def session_data(view, session) -> SearchData:
    filters = [("year", str(session.date.year))] + ([("commune", session.commune)] if session.commune else [])
    day = _day_number(session.date)
    return SearchData(tuple(filters), (("date", day), ("deadline", day)),
                      (("kind", "session"),))


def search_data(view, item=None, session=None) -> SearchData:
    """The template global: item pages pass the item, session pages the session."""
    return item_data(view, item) if item is not None else session_data(view, session)


def facet_values(view) -> dict[str, list[tuple[str, str]]]:
    """Every filter value the index can hold, with its Vietnamese name, in Vietnamese order.

    Counts are not computed here: the search page asks Pagefind, so they
    always agree with the current query.
    """
    # Status names are interface text, translated in the template: no name here.
    facets = {"status": [(state, "") for state in (*STATES, FORWARDED)]}
    facets.update({kind: [(g.id, g.name) for g in view.groups[kind] if g.items]
                   for kind in ("topic", "agency", "commune")})
    facets["year"] = [(str(y), str(y)) for y in sorted({s.date.year for s in view.held}, reverse=True)]
    return facets


def pages(view) -> list[Page]:
    """The page family: one search page."""
    return [Page(SEARCH_URL, "search", {"facets": facet_values(view), "sorts": SORTS})]


@dataclass(frozen=True)
class IndexStats:
    seconds: float
    bytes: int
    files: int


def run_pagefind(site: Path) -> IndexStats:
    """Index the whole built folder at once (one page at a time is a hundred times slower)."""
    started = time.perf_counter()
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", BUNDLE, "--silent"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SearchIndexError(f"congkhai: search index: pagefind failed on {str(site)!r} "
                               f"(exit {result.returncode}):\n{result.stdout}{result.stderr}")
    seconds = time.perf_counter() - started
    files = [f for f in (site / BUNDLE).rglob("*") if f.is_file()]
    return IndexStats(seconds, sum(f.stat().st_size for f in files), len(files))


def index_output(pelican) -> None:
    """`finalized` receiver: every build ends with a fresh index of what it wrote."""
    site = Path(pelican.output_path)
    if not (site / SEARCH_URL / "index.html").exists():
        return  # not a Công khai site (or rendering stopped early): nothing to search
    stats = run_pagefind(site)
    log.info("congkhai: search index: %d files, %d bytes in %.2f s", stats.files, stats.bytes, stats.seconds)
