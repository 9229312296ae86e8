"""Markdown from content -> safe HTML.

Editors paste from Word and the web; whatever they paste, no script, event
handler, style, iframe or javascript:/data: URL reaches a citizen's browser.
The allow-list keeps what answers need: paragraphs, lists, tables, links,
emphasis.
"""

from __future__ import annotations

import html as html_lib
from functools import lru_cache

import markdown
import nh3
from markupsafe import Markup

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


# Every text appears on several pages (its item, its session, three group lists, a
# status list): converting it once per build keeps Markdown out of the profile.
# Unbounded: a province's 20,000 texts take a few tens of MB.
@lru_cache(maxsize=None)
def render(text: str) -> Markup:
    """Markdown -> sanitised HTML, safe to put into a template unescaped."""
    if not text:
        return Markup("")
    html = _markdown.reset().convert(text)
    return Markup(sanitize(html))


@lru_cache(maxsize=None)  # the same texts go to pages, data files, Open311 and feeds
def plain(text: str) -> str:
    """Markdown -> plain text for excerpts, feeds and data files."""
    html = _markdown.reset().convert(text or "")
    return " ".join(html_lib.unescape(nh3.clean(html, tags=set())).split())
