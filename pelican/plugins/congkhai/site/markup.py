"""Markdown from content -> safe HTML, and the URLs a page may link to.

Editors paste from Word and the web; whatever they paste, no script, event
handler, style, iframe or javascript:/data: URL reaches a citizen's browser.
The allow-list keeps what answers need: paragraphs, lists, tables, links,
emphasis.

Every URL of a page is judged as a browser reads it (`safe_url`): nh3 keeps only
URL_SCHEMES, then every href and src it keeps is judged again, and templates judge the
URLs they write into an attribute (the `safe_url` filter, site/environment.py).
"""

from __future__ import annotations

import hashlib
import html as html_lib
import re
import string
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
# The schemes a URL of a page may have: none of them runs code in the page. A Markdown
# link may have fewer, URL_SCHEMES (answers link documents on the web and e-mail
# addresses): a telephone number is written as text, which the privacy guard reads.
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
URL_SCHEMES = {"http", "https", "mailto"}
URL_ATTRIBUTES = frozenset({"href", "src"})  # the attributes of ALLOWED_ATTRIBUTES holding a URL

# WHATWG URL parsing (https://url.spec.whatwg.org/#concept-basic-url-parser): leading and
# trailing C0 controls and spaces are stripped, every tab, LF and CR removed; a scheme is
# an ASCII letter, then ASCII letters, digits, +, - or ., then ":", compared lower-cased.
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_TAB_OR_NEWLINE = str.maketrans("", "", "\t\n\r")
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.\-]*:")
_LETTERS = frozenset(string.ascii_letters)


def safe_url(url: str, schemes=SAFE_SCHEMES) -> str | None:
    """`url` unchanged if a browser would read it as a relative URL or one of `schemes`; else None.

    Judged as a browser parses it: HTML character references decoded (`&#106;`,
    `&Tab;`, `&colon;`), leading and trailing C0 controls and spaces stripped, tabs and
    newlines removed, the scheme lower-cased. The value an attribute holds has been
    decoded once already (by nh3, or never if a template escaped it); decoding it again
    can only refuse more, never let a scheme through: a scheme has no "&" in it."""
    judged = html_lib.unescape(url).strip(_C0_AND_SPACE).translate(_TAB_OR_NEWLINE)
    if not judged or judged[0] not in _LETTERS:
        return url  # relative: /path, //host/path, #part, ?query, path
    scheme = _SCHEME.match(judged)
    if scheme is None or scheme.group()[:-1].lower() in schemes:
        return url
    return None


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    """nh3 keeps an href or a src only if safe_url does (None drops the attribute)."""
    return safe_url(value, URL_SCHEMES) if attribute in URL_ATTRIBUTES else value


_markdown = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")


def sanitize(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                     url_schemes=URL_SCHEMES, link_rel="noopener noreferrer", attribute_filter=_attribute_filter)


def attribute_url(url: str) -> str:
    """The `safe_url` filter of templates: the URL, or "" (no link) when it is refused."""
    return safe_url(url or "") or ""


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
