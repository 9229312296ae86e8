"""Markdown from content -> safe HTML.

Editors paste from Word and the web; whatever they paste, no script, event
handler, style, iframe or javascript:/data: URL reaches a citizen's browser.
The allow-list keeps what answers need: paragraphs, lists, tables, links,
emphasis.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import pickle
import re
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

import markdown
import nh3
from markupsafe import Markup

from ..build.files import replace_file

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "sub", "sup", "blockquote", "code", "pre",
    "ul", "ol", "li", "dl", "dt", "dd", "a", "abbr",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    "h3", "h4", "h5", "h6",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}

_markdown = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")


def sanitize(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel="noopener noreferrer")


# Most questions and answers are plain paragraphs: no character Markdown or HTML
# would read as syntax, no line that could open a block (list, heading, quote,
# code, table, rule, setext underline), no hard break. For those, Markdown's
# output is known: each paragraph in <p>, its lines kept. Converting them directly
# is about 30 times cheaper; tests/unit/test_markup.py checks that the shortcut
# gives Markdown's own bytes on every text of the sample and the benchmark.
_NOT_PLAIN = re.compile(r"[*_`\[\]!<>&\\#|~\t\r\x00-\x08\x0b-\x1f]"  # inline syntax, HTML, entities
                        r"|^(?![^\W\d_]|[(\"'\u201c])"  # a line not opened by a letter, ( or a quote
                        r"|[ ]$",  # trailing spaces: a hard line break
                        re.MULTILINE)


def _plain_paragraphs(text: str) -> list[str] | None:
    """The paragraphs of a text Markdown would only wrap in <p>, or None."""
    paragraphs = text.strip("\n").split("\n\n")
    if any(not p or _NOT_PLAIN.search(p) for p in paragraphs):
        return None
    return paragraphs


def _to_html(text: str) -> str:
    paragraphs = _plain_paragraphs(text)
    if paragraphs is None:
        return _markdown.reset().convert(text)
    return "\n".join(f"<p>{p}</p>" for p in paragraphs)


# Every text appears on several pages (its item, its session, three group lists, a
# status list): converting it once per build keeps Markdown out of the profile.
# Unbounded: a province's 20,000 texts take a few tens of MB.
@lru_cache(maxsize=None)
def render(text: str) -> Markup:
    """Markdown -> sanitised HTML, safe to put into a template unescaped."""
    if not text:
        return Markup("")
    return Markup(_stored("html", text, lambda: sanitize(_to_html(text))))


@lru_cache(maxsize=None)  # the same texts go to pages, data files, Open311 and feeds
def plain(text: str) -> str:
    """Markdown -> plain text for excerpts, feeds and data files."""
    return _stored("plain", text, lambda: " ".join(
        text.split() if _plain_paragraphs(text or "") is not None
        else html_lib.unescape(nh3.clean(_markdown.reset().convert(text or ""), tags=set())).split()))


# --- Conversions kept between builds (BUILD_CACHE) ------------------------------
# A rebuild reuses most pages unrendered, but the data files and feeds still need
# every text converted: without this store, Markdown was most of a rebuild's time.
# Keyed by a hash of the text; the versions of this code, Markdown and nh3 guard it.
_VERSION = (Path(__file__).read_bytes(), version("markdown"), version("nh3"))
_previous: dict[bytes, str] = {}
_used: dict[bytes, str] = {}


def _stored(kind: str, text: str, convert) -> str:
    key = hashlib.blake2b(kind.encode() + b"\0" + text.encode(), digest_size=16).digest()
    result = _used.get(key)
    if result is None:
        result = _previous.get(key)
        if result is None:
            result = convert()
        _used[key] = result
    return result


def load_conversions(path: Path) -> None:
    """Start a build with the previous build's conversions (a missing or stale file: none)."""
    _previous.clear()
    try:
        stored_version, conversions = pickle.loads(path.read_bytes())
    except Exception:  # missing or damaged: only a slower build
        return
    if stored_version == _VERSION:
        _previous.update(conversions)


def save_conversions(path: Path) -> None:
    """Keep this build's conversions only, so the store never grows with deleted texts."""
    replace_file(path, pickle.dumps((_VERSION, dict(_used)), protocol=pickle.HIGHEST_PROTOCOL))


def conversions() -> dict[bytes, str]:
    """This build's conversions so far (a forked process hands them to its parent)."""
    return dict(_used)


def keep_conversions(conversions: dict[bytes, str]) -> None:
    """Count conversions another process of this build made as this process's own."""
    _used.update(conversions)


def forget() -> None:
    """Drop this build's conversions from memory (saved first, if the build keeps them)."""
    render.cache_clear()
    plain.cache_clear()
    _used.clear()
    _previous.clear()
