"""One search index for every language (search.py): only the first language's
item and session pages are indexed, Pagefind reads only their folders, and the
bundle holds one language whose pages are exactly those. A site with more
indexed pages than SEARCH_BUNDLE_PAGES is split into bundles of whole sessions
in date order (the `bundled_site` fixture: the sample with small bundles)."""

import json
import re

import pytest

from helpers import BUNDLE_PAGES, bundle_urls, search_bundles
from pelican.plugins.congkhai.search import index as search
from pelican.plugins.congkhai.search import page as search_page
from pelican.plugins.congkhai.site.urls import item_url, session_url

BODY = re.compile(r"<main[^>]*\sdata-pagefind-body[\s>]")


def html_pages(site):
    for path in sorted(site.rglob("index.html")):
        if search_page.BUNDLE not in path.relative_to(site).parts:
            yield path.relative_to(site), path.read_text(encoding="utf-8")


def test_only_first_language_item_and_session_pages_are_indexed(sample_site):
    indexed = {str(path.parent) for path, page in html_pages(sample_site) if BODY.search(page)}
    assert indexed
    assert not any(url.startswith("en/") for url in indexed)  # the English copies are not indexed
    for url in indexed:
        assert url.split("/")[0] in search_page.INDEXED_FOLDERS, url
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

    assert item_url(Item).split("/")[0] in search_page.INDEXED_FOLDERS
    assert session_url(Session).split("/")[0] in search_page.INDEXED_FOLDERS


def test_bundle_has_one_language_with_every_indexed_page(sample_site):
    entry = json.loads((sample_site / search_page.BUNDLE / "pagefind-entry.json").read_text(encoding="utf-8"))
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


def test_the_sample_keeps_one_bundle_at_the_usual_place(sample_site):
    assert search_bundles(sample_site) == search_bundles(sample_site, "en/tim-kiem") == ["pagefind"]
    assert not [p for p in (sample_site / "pagefind").iterdir() if p.name.isdigit()]


def indexed_urls(site) -> set[str]:
    return {"/" + str(path.parent) + "/" for path, page in html_pages(site) if BODY.search(page)}


def test_every_indexed_page_is_in_exactly_one_bundle(bundled_site):
    folders = search_bundles(bundled_site)
    assert search_bundles(bundled_site, "en/tim-kiem") == folders
    assert len(folders) >= 2 and not (bundled_site / "pagefind" / "pagefind.js").exists()
    urls = [url for folder in folders for url in bundle_urls(bundled_site, folder)]
    assert sorted(urls) == sorted(indexed_urls(bundled_site))  # no page twice, none missing
    for folder in folders:
        entry = json.loads((bundled_site / folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert list(entry["languages"]) == ["vi"]
        assert entry["languages"]["vi"]["page_count"] == len(bundle_urls(bundled_site, folder))


def sort_day(site, url: str) -> int:
    page = (site / url.strip("/") / "index.html").read_text(encoding="utf-8")
    return int(re.search(r'data-pagefind-sort="date:(\d+)"', page).group(1))


def test_bundles_hold_whole_sessions_in_date_order(bundled_site):
    sessions_of = []  # per bundle: the sessions its pages belong to
    for folder in search_bundles(bundled_site):
        urls = bundle_urls(bundled_site, folder)
        assert len(urls) <= BUNDLE_PAGES
        sessions = {url.split("/")[2] for url in urls}
        # A session's own page is in the bundle of its items.
        assert {url.split("/")[2] for url in urls if url.startswith("/doi-thoai/")} == sessions
        days = sorted(sort_day(bundled_site, url) for url in urls)
        sessions_of.append((sessions, days[0], days[-1]))
    for (_, _, last), (_, first, _) in zip(sessions_of, sessions_of[1:]):
        assert last <= first  # in date order: new sessions go to the last bundle


def test_indexed_pages_carry_their_sort_keys_as_metadata(sample_site):
    """search.js merges several bundles' sorted results by these (Pagefind's results lack them)."""
    for path, page in html_pages(sample_site):
        if BODY.search(page):
            sorts = dict(re.findall(r'data-pagefind-sort="(\w+):(\d+)"', page))
            meta = dict(re.findall(r'data-pagefind-meta="sort_(\w+)\[data-value\]" data-value="(\d+)"', page))
            assert sorts == meta and set(sorts) == set(search_page.SORTS), path


def test_a_failed_pagefind_run_fails_with_its_bundle_and_output(tmp_path):
    """Every run finishes; the error names each bundle that failed and what went wrong."""
    page = tmp_path / "noi-dung" / "s1" / "1-1" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<html lang=vi><body><main data-pagefind-body><p>Đường liên thôn</p></main></body></html>",
                    encoding="utf-8")
    plan = [search_page.Bundle("pagefind/1", ("s1",)), search_page.Bundle("pagefind/2", ("s2",))]
    with pytest.raises(search.SearchIndexError) as error:
        search.run_pagefind(tmp_path, plan, jobs=2)
    assert str(error.value) == (f"congkhai: search index: pagefind/2/: no page to index under {str(tmp_path)!r} "
                                "(its sessions' pages are missing)")
    assert bundle_urls(tmp_path, "pagefind/1") == ["/noi-dung/s1/1-1/"]
