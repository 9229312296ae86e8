"""The words of a page Pagefind cannot fold: those with đ/Đ, folded to d.

Pagefind 1.5 strips combining marks from index and query ("thuy loi" finds "thủy lợi")
but treats đ as a letter of its own, so "dat dai" never finds "đất đai". Each indexed
page therefore carries, in a searchable metadata field that never shows in excerpts,
the folded forms of its words that contain đ (`folded_terms`); the browser folds the
query the same way (theme/static/js/fold.js).

Pure text: imports only vietnamese.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from html.parser import HTMLParser

from ..vietnamese import fold

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


# A run of tokens that cannot change what is indexed, as `_TOKEN` splits them: comments,
# end tags, start tags that open no skipped element (their name is not in SKIPPED_TAGS and
# they hold no "data-pagefind-ignore" at all), and text without đ, Đ or "&". While no
# skipped element is open, one match jumps over all of them: an end tag then only pops an
# element that skips nothing, and an ordinary start tag pushes one. Any other token (text
# with đ, a skipping or odd tag, a stray '<') stops the run and goes through `_TOKEN`.
_ATTRS_CLEAN = r"""(?:[^>"'d]++|d(?!ata-pagefind-ignore)|"(?:[^"d]++|d(?!ata-pagefind-ignore))*+"|'(?:[^'d]++|d(?!ata-pagefind-ignore))*+')*+"""
_PLAIN_RUN = re.compile(
    r"(?:<!--.*?-->"
    r"|</[a-zA-Z][^\s/>]*(?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+>"
    rf"|<(?!(?i:{'|'.join(sorted(SKIPPED_TAGS))})[\s/>])[a-zA-Z][^\s/>\"']*+(?=[\s/>]){_ATTRS_CLEAN}>"
    r"|[^<đĐ&]++(?![^<]))*+", re.S)
# Inside a skipped element only tags matter (they open and close elements): text and comments go.
_SKIPPED_RUN = re.compile(r"(?:<!--.*?-->|[^<]++)*+", re.S)
_WORD = re.compile(r"\w+")  # a word, as the tests compare it with what html.parser reads
# A word (\w+) with đ or Đ in it, whole: the same words as _WORD's that hold đ once lower-cased.
_D_WORD = re.compile(r"(?<!\w)[^\WđĐ]*+[đĐ]\w*")


def _indexed_d_words(markup: str):
    """The words with đ/Đ of the text Pagefind indexes (what `indexed_text` keeps).

    A regular-expression scan instead of html.parser: this runs on every
    indexed page, and html.parser was a large share of their cost. Outside
    skipped elements, `_PLAIN_RUN` passes over the tokens that change nothing
    in one match; the rest is read token by token. tests/build/test_search_terms.py
    checks it against html.parser on every built page.
    """
    if "đ" not in markup and "Đ" not in markup and "&" not in markup:
        return
    skipping: list[bool] = []
    position, end = 0, len(markup)
    while position < end:
        position = (_SKIPPED_RUN if skipping and skipping[-1] else _PLAIN_RUN).match(markup, position).end()
        if position >= end:
            break
        token = _TOKEN.match(markup, position)
        position = token.end()
        text = token.group(4)
        if text is not None:
            if (skipping and skipping[-1]) or ("đ" not in text and "Đ" not in text and "&" not in text):
                continue
            yield from _D_WORD.findall(html.unescape(text) if "&" in text else text)
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
    return " ".join(dict.fromkeys(map(_fold_word, _indexed_d_words(markup))))


@lru_cache(maxsize=1 << 16)
def _fold_word(word: str) -> str:
    """fold() of one word, remembered: the same few thousand đ-words come back on every page."""
    return fold(word)
