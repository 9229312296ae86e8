"""Search after an incremental build, in headless Chromium: the pages changed since their bundle
was indexed are in the recent bundle laid over the settled ones (search/recent.py), and the
reader finds what a clean build of the same content finds: the same results in the same
order, the same counts, the edited answer's new words included.

The sample, split into bundles (SEARCH_BUNDLE_PAGES as the `bundled_site` fixture), built with
BUILD_CACHE; then one answer of an item still in progress is changed to resolved, with a
sentence of new words, and built again in place; the same content is built clean beside it.
"""

from __future__ import annotations

import json
import re
import shutil
from urllib.parse import urlsplit

import pytest

from conftest import SiteServer
from helpers import BUNDLE_PAGES, ROOT, build_site, search_bundles
from test_search import all_results, open_search, result_count

AS_OF = "2026-11-30"  # after the sample's last answers: an item's last answer is its latest
NEW_WORDS = "Đã lát gạch terrazzo toàn tuyến."
# Words every bundle, the recent one included, holds a word beginning with: Pagefind matches a
# word no page of a bundle begins with by the longest word of that bundle it begins with
# (search.rs, find_word_extensions), so such a word's results depend on how pages are split
# into bundles, in a clean index too.
QUERIES = ["?q=doi+thoai", "?q=noi+dung&status=resolved", "?status=resolved", "?status=overdue&sort=deadline",
           "?q=buoi&sort=deadline&topic=moi-truong"]


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    """(the incremental build, the clean build, the edited item's URL)."""
    root = tmp_path_factory.mktemp("recent")
    site = root / "site"
    shutil.copytree(ROOT / "content", site / "content")
    settings = {"SEARCH_BUNDLE_PAGES": BUNDLE_PAGES, "BUILD_COMMIT": "test"}
    cached = {**settings, "BUILD_CACHE": True, "CACHE_PATH": str(root / "cache")}
    build_site(site, root / "out", AS_OF, cached)
    # the last answer of an item, in progress: it now resolves the item
    answers = sorted(site.glob("content/responses/*/*/*.md"))
    answer = next(path for path in reversed(answers) if "\noutcome: in-progress\n" in path.read_text(encoding="utf-8")
                  and re.search(r"\ndate: (\S+)\n", path.read_text(encoding="utf-8")).group(1) < AS_OF
                  and not path.with_name(_next(path.name)).exists())
    text = answer.read_text(encoding="utf-8").replace("\noutcome: in-progress\n", "\noutcome: resolved\n")
    answer.write_text(text.rstrip("\n") + f"\n\n{NEW_WORDS}\n", encoding="utf-8")
    build_site(site, root / "out", AS_OF, cached)
    build_site(site, root / "clean", AS_OF, settings)
    item = re.search(r'item: "([^"]+)"', text).group(1)
    session, number = item.split("/")
    return root / "out", root / "clean", f"/noi-dung/{session}/{number.replace('.', '-')}/"


def _next(name: str) -> str:
    """The file name of the item's next answer: 1.4-1.md -> 1.4-2.md."""
    item, number = name[:-len(".md")].rsplit("-", 1)
    return f"{item}-{int(number) + 1}.md"


def seen(page, server, query_string):
    """What the reader sees: the count line, every facet's counts, every result in order."""
    open_search(page, server, query_string)
    counts = {(box.get_attribute("name"), box.get_attribute("value")):
              box.locator("xpath=..").locator("[data-count]").text_content()
              for box in page.locator("[data-facet] input[type=checkbox]").all()}
    return result_count(page), counts, all_results(page)


def test_the_incremental_index_lays_the_edited_pages_over_its_bundles(edited):
    out, clean, item_url = edited
    manifest = json.loads((out / "pagefind" / "recent.json").read_text(encoding="utf-8"))
    assert manifest["recent"] == "recent/pagefind.js" and len(manifest["stale"]) == len(search_bundles(out)) >= 2
    old = [filters for ids in manifest["stale"] for filters in ids.values()]
    assert old and any(filters["status"] != ["resolved"] for filters in old)  # its counts must be put right
    assert json.loads((clean / "pagefind" / "recent.json").read_text(encoding="utf-8")) == {"recent": None,
                                                                                            "stale": []}


@pytest.mark.parametrize("query_string", QUERIES)
def test_an_incremental_index_finds_what_a_clean_one_finds(page, edited, query_string):
    out, clean, item_url = edited
    fetched = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    with SiteServer(out) as incremental, SiteServer(clean) as whole:
        laid_over = seen(page, incremental, query_string)
        assert "/pagefind/recent/pagefind.js" in fetched
        fetched.clear()
        assert laid_over == seen(page, whole, query_string)
        assert not any(name.startswith("/pagefind/recent/") for name in fetched)
    total, counts, results = laid_over
    assert total > 0 and len(results) == total
    assert page.foreign_requests == []


def test_the_edited_item_is_found_under_its_new_status(page, edited):
    out, _, item_url = edited
    with SiteServer(out) as server:
        open_search(page, server, "?q=terrazzo&status=resolved")
        assert item_url in all_results(page)
        open_search(page, server, "?q=terrazzo&status=overdue")
        assert item_url not in all_results(page)
