"""Markdown from content -> safe HTML.

Editors paste from Word and the web; whatever they paste, no script, event
handler, style, iframe or javascript:/data: URL reaches a citizen's browser.
The allow-list keeps what answers need: paragraphs, lists, tables, links,
emphasis.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import re
from importlib.metadata import version
from pathlib import Path

import markdown
import nh3
from markupsafe import Markup

from ..build import cachefile

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
# is about 30 times cheaper; tests/unit/site/test_markup.py checks that the shortcut
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


def render(text: str) -> Markup:
    """Markdown -> sanitised HTML, safe to put into a template unescaped."""
    return Markup(sanitize(_to_html(text))) if text else Markup("")


def plain(text: str) -> str:
    """Markdown -> plain text for excerpts, feeds and data files."""
    return " ".join(text.split() if _plain_paragraphs(text or "") is not None
                    else html_lib.unescape(nh3.clean(_markdown.reset().convert(text or ""), tags=set())).split())


# What a stored conversion depends on besides its text: this code, Markdown and nh3.
VERSION = (Path(__file__).read_bytes(), version("markdown"), version("nh3"))
STORE_KEY = cachefile.key_of(*VERSION)


class Markdown:
    """The content's texts converted once per build, and kept between builds.

    Every text appears on several pages (its item, its session, three group lists, a
    status list) and again in the data files and feeds: each is converted once. With
    the build cache, the conversions of the previous build are loaded first (`load`),
    so a rebuild converts only new texts; `save` keeps this build's only, so the store
    never grows with deleted texts. Keyed by a hash of the text; VERSION guards it.
    A forked process of the build hands its conversions back (`made`, `keep`).
    """

    def __init__(self, previous: dict[bytes, str] | None = None):
        self.previous: dict[bytes, str] = previous or {}  # the last build's, by key
        self.used: dict[bytes, str] = {}  # this build's, by key
        self._html: dict[str, Markup] = {}
        self._plain: dict[str, str] = {}

    def html(self, text: str) -> Markup:
        found = self._html.get(text)
        if found is None:
            found = self._html[text] = Markup(self._stored("html", text, lambda: str(render(text)))) \
                if text else Markup("")
        return found

    def plain(self, text: str) -> str:
        found = self._plain.get(text)
        if found is None:
            found = self._plain[text] = self._stored("plain", text, lambda: plain(text))
        return found

    def _stored(self, kind: str, text: str, convert) -> str:
        key = hashlib.blake2b(kind.encode() + b"\0" + text.encode(), digest_size=16).digest()
        result = self.used.get(key)
        if result is None:
            result = self.previous.get(key)
            if result is None:
                result = convert()
            self.used[key] = result
        return result

    @classmethod
    def load(cls, path: Path) -> "Markdown":
        """A store started with the conversions kept at path (missing, stale or damaged: none)."""
        return cls(cachefile.load(path, STORE_KEY))

    def save(self, path: Path) -> None:
        cachefile.save(path, STORE_KEY, dict(self.used))

    def made(self) -> dict[bytes, str]:
        """This build's conversions so far (a forked process hands them to its parent)."""
        return dict(self.used)

    def keep(self, conversions: dict[bytes, str]) -> None:
        """Count conversions another process of this build made as this one's own."""
        self.used.update(conversions)
