"""A long list's pager in headless Chromium on a 360 px phone: named, marked, big enough to
tap, on no more than three lines, with no sideways scroll and nothing axe-core objects to.

The list is the resolved items of benchmarks/generate.py's province of 600 items, in pages of
10 rows (about 40 pages), so that its middle page shows both gaps.
"""

from __future__ import annotations

import sys

import pytest

from helpers import ROOT, build_site
from test_theme_browser import AXE
from conftest import SiteServer

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import AS_OF, generate  # noqa: E402

LIST = "tinh-trang/resolved/"

pytestmark = [pytest.mark.browser, pytest.mark.build]


@pytest.fixture(scope="module")
def province_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("pager")
    generate(root / "content", 600)
    build_site(root, root / "output", AS_OF.isoformat(), {"BUILD_COMMIT": "test", "LIST_PAGE_ROWS": 10})
    count = len(list((root / "output" / LIST / "trang").iterdir())) + 1
    assert count >= 20, f"/{LIST} has {count} pages: too few for both gaps"
    with SiteServer(root / "output") as server:
        server.pages = count
        yield server


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 800}, bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("lang, label, name, previous", [
    ("", "Các trang của danh sách", "Trang", "Trang trước"),
    ("en/", "Pages of the list", "Page", "Previous page"),
])
def test_the_middle_page_of_a_long_list(phone, province_server, lang, label, name, previous):
    middle = province_server.pages // 2
    phone.goto(f"{province_server.url}/{lang}{LIST}trang/{middle}/")
    nav = phone.get_by_role("navigation", name=label)
    numbers = [f"{name} {n}" for n in (1, *range(middle - 2, middle + 3), province_server.pages)]
    links = nav.get_by_role("link")
    assert links.count() == len(numbers) + 2
    assert [links.nth(k).get_attribute("aria-label") for k in range(1, len(numbers) + 1)] == numbers
    assert links.first.inner_text() == previous
    assert nav.get_by_role("link", name=f"{name} {middle}", exact=True).get_attribute("aria-current") == "page"
    assert nav.get_by_text("…").count() == 2  # the gaps, hidden from screen readers
    assert nav.locator('[aria-hidden="true"]').count() == 2
    boxes = [links.nth(k).bounding_box() for k in range(links.count())]
    assert min(min(box["width"], box["height"]) for box in boxes) >= 44  # a thumb's target
    assert len({round(box["y"]) for box in boxes}) <= 3  # on three lines at most
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.add_script_tag(path=str(AXE))
    violations = phone.evaluate("""async () => (await axe.run(document.querySelector('nav.pagination'),
        {resultTypes: ['violations']})).violations.map(v => v.id + ': ' + v.help)""")
    assert violations == []


def test_the_last_page_is_one_tap_from_the_first_and_leads_back(phone, province_server):
    phone.goto(f"{province_server.url}/{LIST}")
    nav = phone.get_by_role("navigation", name="Các trang của danh sách")
    nav.get_by_role("link", name=f"Trang {province_server.pages}", exact=True).click()
    assert phone.url.endswith(f"/{LIST}trang/{province_server.pages}/")
    assert phone.get_by_role("link", name="Trang sau").count() == 0
    phone.get_by_role("link", name="Trang trước").click()
    assert phone.url.endswith(f"/{LIST}trang/{province_server.pages - 1}/")
