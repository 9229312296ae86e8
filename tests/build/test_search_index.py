"""One search index for every language (search.py): only the first language's
item and session pages are indexed, Pagefind reads only their folders, and the
bundle holds one language whose pages are exactly those."""

import json
import re

from pelican.plugins.congkhai import search
from pelican.plugins.congkhai.views import item_url, session_url

BODY = re.compile(r"<main[^>]*\sdata-pagefind-body[\s>]")


def html_pages(site):
    for path in sorted(site.rglob("index.html")):
        if search.BUNDLE not in path.relative_to(site).parts:
            yield path.relative_to(site), path.read_text(encoding="utf-8")


def test_only_first_language_item_and_session_pages_are_indexed(sample_site):
    indexed = {str(path.parent) for path, page in html_pages(sample_site) if BODY.search(page)}
    assert indexed
    assert not any(url.startswith("en/") for url in indexed)  # the English copies are not indexed
    for url in indexed:
        assert url.split("/")[0] in search.INDEXED_FOLDERS, url
    # Every item and session page of the first language is in it, and nothing else.
    items = {path.parent for path in (sample_site / "noi-dung").glob("*/*/index.html")}
    sessions = {path.parent for path in (sample_site / "doi-thoai").glob("*/index.html")
                if path.parent.name != "trang"}  # …/trang/N/ are pages of the sessions list
    assert indexed == {str(p.relative_to(sample_site)) for p in items | sessions}


def test_indexed_folders_are_the_item_and_session_urls():
    class Item:
        session_id, slug = "2018-01-01-x", "1-1"

    class Session:
        id = "2018-01-01-x"

    assert item_url(Item).split("/")[0] in search.INDEXED_FOLDERS
    assert session_url(Session).split("/")[0] in search.INDEXED_FOLDERS


def test_bundle_has_one_language_with_every_indexed_page(sample_site):
    entry = json.loads((sample_site / search.BUNDLE / "pagefind-entry.json").read_text(encoding="utf-8"))
    pages = sum(1 for _, page in html_pages(sample_site) if BODY.search(page))
    assert list(entry["languages"]) == ["vi"]
    assert entry["languages"]["vi"]["page_count"] == pages


def test_indexed_pages_carry_titles_and_dates_for_every_language(sample_site):
    """The search page of each language writes results from this metadata (search.js)."""
    for path, page in html_pages(sample_site):
        if not BODY.search(page) or path.parts[0] != "noi-dung":
            continue
        meta = dict(re.findall(r'data-pagefind-meta="([^"\[]+)\[data-value\]" data-value="([^"]*)"', page))
        english = (sample_site / "en" / path).read_text(encoding="utf-8")
        english_title = re.search(r"<h1>(.*?)</h1>", english).group(1)
        assert meta["no"] in english_title and meta["date_en"] in english_title, path
        assert re.search(r"<h1>(.*?)</h1>", page).group(1) == f"Nội dung {meta['no']}, buổi đối thoại {meta['date_vi']}"
