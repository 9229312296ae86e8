"""The URLs a page links to, judged as a browser reads them (site/markup.py, safe_url):
obfuscated javascript:, vbscript: and data: links come out of Markdown with no URL, and
the links answers need are kept byte for byte."""

from __future__ import annotations

import html
from html.parser import HTMLParser

import pytest

from pelican.plugins.congkhai.site import environment
from pelican.plugins.congkhai.site.markup import (
    SAFE_SCHEMES, URL_SCHEMES, attribute_url, render, safe_url, sanitize)

EXECUTABLE = ("javascript:", "vbscript:", "data:")


class _URLs(HTMLParser):
    """Every href and src of a fragment, decoded as a browser's HTML parser decodes them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.found += [value or "" for name, value in attrs if name in ("href", "src", "xlink:href")]


def browser_urls(fragment: str) -> list[str]:
    """Each URL of the fragment as the URL parser reads it: entities decoded (by the HTML
    parser), leading and trailing C0 controls and spaces stripped, tabs and newlines removed,
    lower-cased (written here apart from safe_url, so that the two check each other)."""
    parser = _URLs()
    parser.feed(fragment)
    parser.close()
    return ["".join(c for c in url.strip("".join(map(chr, range(0x21)))) if c not in "\t\n\r").lower()
            for url in parser.found]


OBFUSCATED = [
    "[a](javascript:alert(1))",
    "[a](&#106;avascript:alert(1))",
    "[a](&#x6A;avascript:alert(1))",
    "[a](java&#x09;script:alert(1))",
    "[a](java\tscript:alert(1))",
    "[a](JaVaScRiPt:alert(1))",
    "[a](<  javascript:alert(1)>)",
    "[a](\x01javascript:alert(1))",
    "[a](javascript&colon;alert(1))",
    "[a](jav&#x0A;ascript:alert(1))",
    "[a](javascript&#0000058alert(1))",
    "[a](javascript:alert(1) \"title\")",
    "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[a](vbscript:msgbox(1))",
    "<javascript:alert(1)>",
    "[a][1]\n\n[1]: javascript:alert(1)",
    "[a][1]\n\n[1]: <&#x6A;avascript:alert(1)>",
    "![x](javascript:alert(1))",
    '<a href="javascript:alert(1)">a</a>',
    '<a href="java&Tab;script:alert(1)">a</a>',
    '<a href="java&NewLine;script:alert(1)">a</a>',
    '<a href="&#106avascript:alert(1)">a</a>',
    '<a href="&#0000106;avascript:alert(1)">a</a>',
    '<a href="&#32;javascript:alert(1)">a</a>',
    '<a href="&#x0A;javascript:alert(1)">a</a>',
    '<a href="jav&#x0D;ascript:alert(1)">a</a>',
    '<a href="\x00javascript:alert(1)">a</a>',
    '<a href=" \tjavascript:alert(1)">a</a>',
    "<a href=javascript:alert(1)>a</a>",
    '<a href="javascript&colon;alert(1)">a</a>',
    '<a href="jAvAsCrIpT&#x3A;alert(1)">a</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">a</a>',
    '<a href="javascript://%0aalert(1)">a</a>',
    '<a href="VBScript:msgbox(1)">a</a>',
    '<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">a</a>',
    '<a href="data&colon;text/html,x">a</a>',
    '<a href="&amp;#106;avascript:alert(1)">a</a>',  # decoded twice by a careless reader: dropped too
    '<img src="javascript:alert(1)">',
    '<img src="data:image/svg+xml,&lt;svg onload=alert(1)&gt;">',
    '<svg><a xlink:href="javascript:alert(1)"><text>a</text></a></svg>',
    '<a title="x" href="javascript:alert(1)" href="/ok/">a</a>',
]


def test_the_table_holds_at_least_25_forms():
    assert len(OBFUSCATED) >= 25


@pytest.mark.parametrize("text", OBFUSCATED)
def test_no_obfuscated_form_leaves_an_executable_url(text):
    out = str(render(text))
    urls = browser_urls(out)
    assert not [url for url in urls if url.startswith(EXECUTABLE)], out
    # What is kept is what safe_url keeps, judged once more: nothing left for a browser to run.
    assert all(safe_url(html.unescape(url)) is not None for url in urls), out


def test_every_href_nh3_keeps_is_judged_again():
    """The attribute filter drops what nh3 alone keeps: a reference written twice over,
    which nh3 decodes once into a relative URL and a careless reader would decode again."""
    import nh3

    from pelican.plugins.congkhai.site.markup import ALLOWED_ATTRIBUTES, ALLOWED_TAGS

    text = '<a href="&amp;#106;avascript:alert(1)">a</a>'
    assert 'href="' in nh3.clean(text, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES)
    assert 'href="' not in sanitize(text)


KEPT = [
    ("[a](https://congkhai.example.vn/noi-dung/2018-03-01-tan-ha/1-1/)",
     "https://congkhai.example.vn/noi-dung/2018-03-01-tan-ha/1-1/"),
    ("[a](http://example.vn/van-ban?so=512&nam=2018)", "http://example.vn/van-ban?so=512&nam=2018"),
    ("[a](HTTPS://Example.VN/A)", "HTTPS://Example.VN/A"),
    ("[a](mailto:ubnd@hamtan.binhthuan.gov.vn)", "mailto:ubnd@hamtan.binhthuan.gov.vn"),
    ("[a](/noi-dung/2018-03-01-tan-ha/1-1/)", "/noi-dung/2018-03-01-tan-ha/1-1/"),
    ("[a](../doi-thoai/)", "../doi-thoai/"),
    ("[a](van-ban-512.pdf)", "van-ban-512.pdf"),
    ("[a](#tra-loi)", "#tra-loi"),
    ("[a](?q=dat)", "?q=dat"),
    ("[a](//example.vn/x)", "//example.vn/x"),
    ("<https://example.vn/a>", "https://example.vn/a"),
    ("[a][1]\n\n[1]: https://example.vn/b", "https://example.vn/b"),
    ('<a href="https://example.vn/%C4%91%E1%BA%A5t">a</a>', "https://example.vn/%C4%91%E1%BA%A5t"),
]


@pytest.mark.parametrize("text, url", KEPT)
def test_the_links_answers_need_are_kept_exactly(text, url):
    parser = _URLs()
    parser.feed(str(render(text)))
    assert parser.found == [url]


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)", "\x00\x1fjavascript:alert(1)",
    "java\tscript:alert(1)", "java\nscript:alert(1)", "java\rscript:alert(1)", "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)", "java&#x09;script:alert(1)", "javascript&colon;alert(1)", "java&Tab;script:x",
    "vbscript:x", "data:text/html,x", "DATA:text/html,x", "file:///etc/passwd", "blob:https://x/1",
    "feed:javascript:alert(1)", "c:/windows",
])
def test_safe_url_refuses_every_scheme_but_the_safe_ones(url):
    assert safe_url(url) is None
    assert attribute_url(url) == ""


@pytest.mark.parametrize("url", [
    "https://example.vn/a?b=1&c=2", "http://example.vn", "HTTP://EXAMPLE.VN", "mailto:a@example.vn",
    "tel:+842523843000", "/du-lieu/", "du-lieu/items.csv", "#main", "?q=1", "//example.vn/", "",
    "java script:x", "\u2028javascript:x", "1javascript:x", "/javascript:x", "./javascript:x",
])
def test_safe_url_keeps_safe_schemes_and_relative_urls_unchanged(url):
    assert safe_url(url) == url
    assert attribute_url(url) == url


def test_markdown_links_allow_fewer_schemes_than_templates():
    """tel: is safe in a template's URL; an answer writes a phone number as text."""
    assert URL_SCHEMES <= SAFE_SCHEMES
    assert "href" not in str(render("[gọi](tel:+842523843000)"))
    assert safe_url("tel:+842523843000") == "tel:+842523843000"


def test_templates_judge_urls_with_the_safe_url_filter():
    filters = environment.filters(_NoView())
    assert filters["safe_url"]("javascript:alert(1)") == ""
    assert filters["safe_url"]("https://github.com/org/repo/commits/main/content/x.yaml") == \
        "https://github.com/org/repo/commits/main/content/x.yaml"


class _NoView:
    """A stand-in for the view: the filter table only reads its Markdown store."""

    class markdown:  # noqa: N801
        html = plain = staticmethod(str)
