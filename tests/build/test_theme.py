"""The theme on the built sample site: budget, no foreign host, no inline code, languages, structure."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from helpers import page_text
from pelican.plugins.congkhai.settings import DEFAULTS
from site_checks import gzip_size, is_foreign, read_html, references

BUDGET_BYTES = 40 * 1024  # HTML + CSS + JS, gzip-compressed
BUDGET_REQUESTS = 4  # the page and what it loads
SEARCH_PAGES = ("tim-kiem/", "en/tim-kiem/")  # the search page loads Pagefind: out of budget


def html_pages(site: Path) -> list[Path]:
    """The site's pages; the web editor (admin/) is an application of its own, held by
    tests/build/test_admin_site.py and tests/browser/test_web_editor.py."""
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != "admin")


def page_path(site: Path, page: Path) -> str:
    return page.parent.relative_to(site).as_posix().strip(".") + "/" if page.parent != site else ""


def asset_file(site: Path, url: str) -> Path:
    """The file a root-relative URL of the built site serves (SITEURL is empty in the tests)."""
    path = urlsplit(url).path
    assert path.startswith("/"), f"asset URL {url!r} is not root-relative"
    return site / path.lstrip("/")


def test_every_page_keeps_the_budget(sample_site):
    @lru_cache(maxsize=None)
    def asset_size(url):
        return gzip_size(asset_file(sample_site, url).read_bytes())

    over, heaviest = [], (0, "")
    for page in html_pages(sample_site):
        url = page_path(sample_site, page)
        if url.startswith(SEARCH_PAGES):
            continue
        data = page.read_bytes()
        loads = read_html(data.decode("utf-8")).loads
        total = gzip_size(data) + sum(asset_size(u) for u in loads)
        heaviest = max(heaviest, (total, url))
        if total > BUDGET_BYTES or 1 + len(loads) > BUDGET_REQUESTS:
            over.append(f"/{url}: {total} bytes gzip, {1 + len(loads)} requests ({', '.join(loads)})")
    assert over == [], "\n".join(over[:20])
    assert heaviest[0] > 0  # and the heaviest page was measured (printed with -s)
    print(f"heaviest page: /{heaviest[1]} at {heaviest[0]} bytes gzip")


def test_images_are_sized_and_lazy(sample_site):
    bad = []
    for page in html_pages(sample_site):
        for tag in re.findall(r"<img\b[^>]*>", page.read_text(encoding="utf-8")):
            if not all(f"{attribute}=" in tag for attribute in ("width", "height", 'loading="lazy"', "alt")):
                bad.append(f"{page.relative_to(sample_site)}: {tag}")
    assert bad == []


def test_no_file_refers_to_another_host(sample_site):
    """src, href, action, url(), @import, fetch/import in every file the site serves. Decap's
    bundle holds its backends' hosts (GitHub's API…) and never asks the local one's: what it
    loads is watched in headless Chromium (tests/browser/test_web_editor.py)."""
    found = [f"{path.relative_to(sample_site)}: {where} {url}"
             for path in sorted(sample_site.rglob("*")) if path.is_file() and not path.name.endswith("decap-cms.js")
             for where, url in references(path) if is_foreign(url)]
    assert found == [], "\n".join(found[:30])


def test_no_page_has_inline_scripts_styles_or_handlers(sample_site):
    found = [f"{page.relative_to(sample_site)}: {what}"
             for page in html_pages(sample_site) for what in read_html(page.read_text(encoding="utf-8")).inline]
    assert found == [], "\n".join(found[:30])


def test_each_page_has_one_h1_a_skip_link_and_landmarks(sample_site):
    bad = []
    for page in html_pages(sample_site):
        html = page.read_text(encoding="utf-8")
        checks = {"one h1": len(re.findall(r"<h1\b", html)) == 1, "skip link": 'href="#main"' in html,
                  "main": '<main id="main"' in html, "header": "<header" in html, "footer": "<footer" in html}
        bad += [f"{page.relative_to(sample_site)}: {name}" for name, ok in checks.items() if not ok]
    assert bad == [], "\n".join(bad[:20])


def test_every_page_exists_in_both_languages_with_a_switch(sample_site):
    vietnamese = {page_path(sample_site, p) for p in html_pages(sample_site) if not str(
        page_path(sample_site, p)).startswith("en/")}
    english = {page_path(sample_site, p)[3:] for p in html_pages(sample_site)
               if page_path(sample_site, p).startswith("en/")}
    assert vietnamese == english
    for url in ("", "doi-thoai/", "bao-cao/2018-07-05/"):
        vi_html = (sample_site / url / "index.html").read_text(encoding="utf-8")
        en_html = (sample_site / "en" / url / "index.html").read_text(encoding="utf-8")
        assert '<html lang="vi">' in vi_html and '<html lang="en">' in en_html
        assert f'<a href="/en/{url}" lang="en" hreflang="en">English</a>' in vi_html
        assert f'<a href="/{url}" lang="vi" hreflang="vi">Tiếng Việt</a>' in en_html


@pytest.mark.parametrize("url, expected, absent", [
    ("", ["Số liệu tính đến ngày 5 tháng 7 năm 2018.", "Tổng số nội dung 577", "Đã giải quyết 454 (78,7%)"],
     ["Figures as of"]),
    ("en/", ["Figures as of 5 July 2018.", "Total items 577", "Resolved 454 (78.7%)", "Home", "Reports",
             "Skip to main content"], ["Trang chủ", "Số liệu tính đến"]),
])
def test_interface_dates_and_numbers_follow_the_language(sample_site, url, expected, absent):
    text = page_text(sample_site, url)
    for phrase in expected:
        assert phrase in text
    for phrase in absent:
        assert phrase not in text


def test_english_pages_link_to_english_pages_and_shared_assets(sample_site):
    html = (sample_site / "en" / "index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'<a href="(/[^"]*)"', html)
    pages = [h for h in hrefs if h.endswith("/")]
    assert pages and all(h.startswith("/en/") for h in pages if 'lang="vi"' not in h and h != "/"), pages
    assert '<link rel="stylesheet" href="/theme/css/site.css">' in html
    assert '<script src="/theme/js/reading.js"></script>' in html


def test_content_stays_vietnamese_on_english_pages(sample_site):
    text = page_text(sample_site, "en/bao-cao/2018-07-05/")
    assert "huyện Hàm Tân đã tổ chức được 28 cuộc đối thoại" in text


def test_print_button_only_on_session_item_and_report_pages(sample_site):
    def has_print(url):
        return "data-print" in (sample_site / url / "index.html").read_text(encoding="utf-8")

    item = next((sample_site / "noi-dung").rglob("index.html")).parent.relative_to(sample_site).as_posix() + "/"
    session = next((sample_site / "doi-thoai").glob("*/index.html")).parent.relative_to(sample_site).as_posix() + "/"
    assert has_print(item) and has_print(session) and has_print("bao-cao/2018-07-05/")
    assert not has_print("") and not has_print("doi-thoai/")


def test_footer_names_licence_and_as_of(sample_site):
    text = page_text(sample_site, "")
    assert f"giấy phép {DEFAULTS['DATA_LICENSE']}" in text
    assert DEFAULTS["DATA_LICENSE_URL"] in text


def test_vietnamese_content_is_marked_on_english_pages(sample_site):
    """WCAG 3.1.2: a screen reader reading an English page switches voice for the Vietnamese content."""
    item = next((sample_site / "en" / "noi-dung").rglob("index.html"))
    html = item.read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    assert '<div lang="vi" class="prose question">' in html
    session = next((sample_site / "en" / "doi-thoai").glob("*/index.html")).read_text(encoding="utf-8")
    assert '<h1 lang="vi">' in session
