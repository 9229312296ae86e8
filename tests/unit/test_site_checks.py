"""The theme's checks find what they look for (tests/site_checks.py): each kind of reference is seen."""

import pytest

from site_checks import _css_urls, _js_urls, is_foreign, read_html


@pytest.mark.parametrize("html, url", [
    ('<img src="https://cdn.example.com/a.png">', "https://cdn.example.com/a.png"),
    ('<link rel="stylesheet" href="//fonts.example.com/css">', "//fonts.example.com/css"),
    ('<form action="https://forms.example.com/x">', "https://forms.example.com/x"),
    ('<img srcset="/a.png 1x, https://x.example.com/b.png 2x">', "https://x.example.com/b.png"),
    ('<p style="background: url(https://x.example.com/bg.png)">', "https://x.example.com/bg.png"),
    ("<style>@import 'https://x.example.com/s.css';</style>", "https://x.example.com/s.css"),
    ('<script>fetch("https://api.example.com/q")</script>', "https://api.example.com/q"),
    ('<meta http-equiv="refresh" content="0; url=https://x.example.com/">', "https://x.example.com/"),
])
def test_every_kind_of_html_reference_is_seen(html, url):
    assert url in [u for _, u in read_html(html).references]


def test_inline_scripts_styles_and_handlers_are_reported():
    found = read_html('<script>var a;</script><style>p{}</style><p style="x" onclick="y">').inline
    assert found == ["<script> without src", "<style>", "<p style>", "<p onclick>"]
    assert read_html('<script src="/a.js"></script><link rel="stylesheet" href="/a.css">').inline == []


def test_loads_are_the_fetched_assets_only():
    html = ('<link rel="stylesheet" href="/a.css"><link rel="alternate" hreflang="en" href="/en/">'
            '<script src="/a.js"></script><img src="/i.png"><a href="/b/">b</a>')
    assert read_html(html).loads == ["/a.css", "/a.js", "/i.png"]


def test_css_and_js_references():
    assert _css_urls("a{background:url('https://x.example/a.png')} @import \"/b.css\";") == [
        "https://x.example/a.png", "/b.css"]
    assert _js_urls('fetch("https://a.example/x"); import("/m.js"); import x from "https://b.example/y.js";'
                    ' x.open("GET", "https://c.example/"); img.src = "https://d.example/p.gif";'
                    ' new URL(`https://example.com${path}`)') == [
        "https://a.example/x", "/m.js", "https://b.example/y.js", "https://c.example/", "https://d.example/p.gif"]


@pytest.mark.parametrize("url, foreign", [
    ("/doi-thoai/", False), ("theme/css/site.css", False), ("data:image/png;base64,AA", False),
    ("#main", False), ("https://example.com/", True), ("//example.com/x", True), ("HTTP://EXAMPLE.COM", True),
    ("https://cong-khai.example.vn/doi-thoai/", False),
])
def test_foreign_means_another_host(url, foreign):
    assert is_foreign(url, own_origins=("https://cong-khai.example.vn/",)) is foreign
