"""The sanitiser with real XSS payloads: nothing executable survives, the
formatting answers need still renders."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from pelican.plugins.congkhai.site import markup

# From the OWASP XSS filter evasion cheat sheet and PortSwigger's list, in the
# forms an editor could paste into Markdown.
PAYLOADS = [
    '<script>alert("xss")</script>',
    '<SCRIPT SRC=https://evil.example/x.js></SCRIPT>',
    '<img src=x onerror=alert(1)>',
    '<IMG SRC="javascript:alert(\'XSS\');">',
    '<svg onload=alert(1)>',
    '<svg><script>alert(1)</script></svg>',
    '<body onload=alert(1)>',
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<a href="javascript:alert(1)">bấm</a>',
    '<a href="JaVaScRiPt:alert(1)">bấm</a>',
    '<a href="jav&#x09;ascript:alert(1)">bấm</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">bấm</a>',
    '<a href="vbscript:msgbox(1)">bấm</a>',
    '[bấm](javascript:alert(1))',
    '[bấm](data:text/html;base64,PHNjcmlwdD4=)',
    '![ảnh](javascript:alert(1))',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<style>body{display:none}</style>',
    '<p style="position:fixed;top:0">x</p>',
    '<form action="https://evil.example"><input name=q><button>Gửi</button></form>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<details open ontoggle=alert(1)>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    '<link rel=stylesheet href="https://evil.example/x.css">',
    '"><script>alert(1)</script>',
    '<scr<script>ipt>alert(1)</script>',
]

FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "style", "form", "input", "button", "svg", "math",
                  "meta", "base", "link", "img", "body", "details"}


class Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]


def parsed(html: str) -> Collector:
    collector = Collector()
    collector.feed(html)
    return collector


def assert_inert(html: str):
    found = parsed(html)
    assert not FORBIDDEN_TAGS & set(found.tags), html
    for tag, name, value in found.attributes:
        assert not name.startswith("on"), html
        assert name not in {"style", "src", "srcdoc", "action", "formaction", "data"}, html
        if name == "href":
            assert value.split(":")[0].strip().lower() in {"http", "https", "mailto"} or ":" not in value, html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_are_neutralised(payload):
    assert_inert(markup.render(payload))
    assert_inert(markup.render(f"Đoạn đầu.\n\n{payload}\n\nĐoạn cuối."))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_plain_text_keeps_no_tag_and_no_script_text(payload):
    """plain() feeds excerpts, feeds and data files: text only (escaped again where it is written)."""
    text = markup.plain(payload)
    assert not re.search(r"<[a-zA-Z/][^>]*>", text), text
    assert "alert" not in text and "javascript" not in text.lower(), text


def test_what_answers_need_still_renders():
    html = markup.render("**đậm** *nghiêng*\n\n- một\n- hai\n\n1. a\n2. b\n\n"
                         "| Cột A | Cột B |\n|---|---|\n| 1 | 2 |\n\n[Cổng thông tin](https://hamtan.binhthuan.gov.vn)\n\n"
                         "> trích dẫn")
    tags = parsed(html).tags
    for tag in ("strong", "em", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "a", "blockquote"):
        assert tag in tags, tag
    assert 'href="https://hamtan.binhthuan.gov.vn"' in html
    assert 'rel="noopener noreferrer"' in html


def test_vietnamese_text_survives_unchanged():
    assert str(markup.render("Đất đai, thủy lợi: «đường liên thôn»")) == \
        "<p>Đất đai, thủy lợi: «đường liên thôn»</p>"
