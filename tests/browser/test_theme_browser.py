"""The theme in headless Chromium: axe-core, CSP, reading controls, print, no foreign request."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def page_kinds(site: Path) -> dict[str, str]:
    """One page of each kind, found in the built sample (paths relative to the root)."""
    def first(pattern):
        # The agency folder also holds the ranking page (co-quan/xep-hang/): not an agency.
        found = sorted(p for p in site.glob(pattern) if p.parent.name != "xep-hang")
        return found[0].parent.relative_to(site).as_posix() + "/"
    return {
        "home": "", "sessions": "doi-thoai/", "session": first("doi-thoai/*/index.html"),
        "item": first("noi-dung/*/*/index.html"), "topic": first("linh-vuc/*/index.html"),
        "agency": first("co-quan/*/index.html"), "report": "bao-cao/2018-07-05/", "search": "tim-kiem/",
        "dashboard": "tong-quan/",  # charts: SVG with a text alternative and the data as tables
        "body": "don-vi/huyen-ham-tan/", "comparison": "don-vi/so-sanh/",  # a sortable table
        "body items": "don-vi/huyen-ham-tan/noi-dung/", "body reports": "don-vi/huyen-ham-tan/bao-cao/",
        "body report": "don-vi/huyen-ham-tan/bao-cao/2018-quy-2/",  # printable, with its QR code
    }


@pytest.fixture(scope="session")
def kinds(sample_site):
    return page_kinds(sample_site)


@pytest.fixture
def axe_page(browser):
    """A 360 px page that may inject axe-core (an inline script the site's own CSP would refuse)."""
    if not AXE.is_file():
        pytest.fail(f"{AXE} missing: run `npm ci --no-audit --no-fund` (make test does)")
    context = browser.new_context(viewport={"width": 360, "height": 800}, bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("lang", ["", "en/"])
@pytest.mark.parametrize("kind", ["home", "sessions", "session", "item", "topic", "agency", "report", "search",
                                  "dashboard", "body", "comparison", "body items", "body reports", "body report"])
def test_axe_finds_no_violation(axe_page, sample_server, kinds, kind, lang):
    axe_page.goto(f"{sample_server.url}/{lang}{kinds[kind]}")
    axe_page.wait_for_load_state("networkidle")
    axe_page.add_script_tag(path=str(AXE))
    result = axe_page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => `${v.id} (${v.impact}): ${v.help} – ` +
            v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
    }""")
    assert result == []


def test_no_page_violates_the_content_security_policy(page, sample_server, kinds):
    """The site's own CSP (the <meta> fallback) holds on every page kind, search included."""
    messages = []
    page.on("console", lambda m: messages.append(m.text) if "Content Security Policy" in m.text else None)
    page.add_init_script("window.__csp = []; document.addEventListener('securitypolicyviolation',"
                         " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
    for lang in ("", "en/"):
        for path in kinds.values():
            page.goto(f"{sample_server.url}/{lang}{path}")
            page.wait_for_load_state("networkidle")
            assert page.evaluate("window.__csp") == [], path
    if kinds["search"]:
        page.goto(f"{sample_server.url}/tim-kiem/?q=dat+dai")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__csp") == []
    assert messages == []
    assert page.foreign_requests == []


def test_no_page_kind_scrolls_sideways_on_a_360px_phone(page, sample_server, kinds):
    """Tables reflow into labelled blocks; long names and addresses wrap."""
    wide = []
    for lang in ("", "en/"):
        for kind, path in kinds.items():
            page.goto(f"{sample_server.url}/{lang}{path}")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 360:
                wide.append(f"/{lang}{path}: {width}px")
    assert wide == []


def test_text_size_is_remembered_across_pages_and_reloads(page, sample_server, kinds):
    page.goto(f"{sample_server.url}/{kinds['item']}")
    base = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    larger = page.get_by_role("button", name=re.compile("A\\+"))
    larger.click()
    larger.click()
    assert page.evaluate("document.documentElement.dataset.textSize") == "2"
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") > base * 1.2
    page.reload()
    assert page.evaluate("document.documentElement.dataset.textSize") == "2"
    page.goto(f"{sample_server.url}/en/")
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") > base * 1.2
    page.get_by_role("button", name=re.compile("A−")).click()
    assert page.evaluate("document.documentElement.dataset.textSize") == "1"


def test_reading_controls_are_absent_without_javascript(browser, sample_server, kinds):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(f"{sample_server.url}/{kinds['item']}")
    assert page.locator("[data-reading-tools]").is_hidden()
    assert page.get_by_role("button", name=re.compile("A\\+|A−|In trang")).count() == 0
    assert page.locator("main h1").is_visible()
    context.close()


@pytest.mark.parametrize("kind", ["session", "item", "report"])
def test_print_layout_is_a4_without_navigation(page, sample_server, kinds, kind):
    page.goto(f"{sample_server.url}/{kinds[kind]}")
    assert page.get_by_role("button", name="In trang").is_visible()
    page.emulate_media(media="print")
    for selector in ("header nav", ".breadcrumbs", "[data-reading-tools]", ".languages", ".skip-link"):
        assert page.locator(selector).first.is_hidden(), selector
    assert page.locator("main h1").is_visible()
    link = page.locator("main a").first
    assert link.evaluate("a => getComputedStyle(a).textDecorationLine") == "none"
    assert link.evaluate("a => getComputedStyle(a).color") == "rgb(0, 0, 0)"
    pdf = page.pdf(prefer_css_page_size=True, print_background=False)
    sizes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf))
    assert {(round(float(w)), round(float(h))) for w, h in sizes} == {(595, 842)}  # A4 in points
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 60


def test_skip_link_comes_first_and_focus_is_visible(page, sample_server, kinds):
    page.goto(f"{sample_server.url}/{kinds['session']}")
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => { const e = document.activeElement, s = getComputedStyle(e),
        r = e.getBoundingClientRect();
        return {href: e.getAttribute('href'), left: r.left, outline: s.outlineStyle, width: s.outlineWidth}; }""")
    assert focused["href"] == "#main" and focused["left"] >= 0
    assert focused["outline"] != "none" and float(focused["width"].rstrip("px")) >= 2
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_the_comparison_of_bodies_sorts_by_the_column_pressed(browser, sample_server):
    """Pressing a heading sorts the rows by it, numbers as numbers, again the other way; the
    heading says which (aria-sort). On a wide screen: on a phone the table reflows into one
    labelled block per body, without headings to press."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{sample_server.url}/don-vi/so-sanh/")
    items = page.locator("table[data-sortable] thead th").nth(2)
    first_body = page.locator("table[data-sortable] tbody tr").first.locator("th")
    items.get_by_role("button").click()
    expect(items).to_have_attribute("aria-sort", "ascending")
    counts = [int(v) for v in page.locator("table[data-sortable] tbody tr td:nth-of-type(2)").evaluate_all(
        "cells => cells.map(c => c.dataset.sort)")]
    assert counts == sorted(counts) and counts[-1] == 577
    items.get_by_role("button").click()
    expect(items).to_have_attribute("aria-sort", "descending")
    expect(first_body).to_have_text("Huyện Hàm Tân")  # all 577 items fell due while the district held them
    context.close()


def test_no_page_kind_asks_for_a_file_the_site_lacks(page, sample_server, kinds):
    """No 404 in any page kind's requests, and the icon every browser asks for is there."""
    missing = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    for path in kinds.values():
        page.goto(f"{sample_server.url}/{path}")
        page.wait_for_load_state("networkidle")
    assert missing == []
    icon = page.request.get(f"{sample_server.url}/favicon.ico")
    assert icon.status == 200 and icon.body()[:4] == b"\x00\x00\x01\x00"
