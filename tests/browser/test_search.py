"""Search in headless Chromium against the built sample site.

Expected results are computed here from the built pages' indexed text (the
`data-pagefind-body` element minus `data-pagefind-ignore` parts, as
search.indexed_text reads it), folded the way a phone user types: a page
matches when every folded query word begins one of its folded words
(Pagefind matches word beginnings). Nothing is
hard-coded, so the tests follow the sample content as it grows.
"""

from __future__ import annotations

import re
import unicodedata
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from helpers import bundle_urls, search_bundles
from pelican.plugins.congkhai.search.terms import indexed_text
from pelican.plugins.congkhai.vietnamese import fold

QUERIES = ["dat dai", "đất đai", "DAT DAI", "Đất Đai", "duong", "đường", "giay chung nhan", "tan ha"]
SAME_AS = {"dat dai": "đất đai", "DAT DAI": "đất đai", "Đất Đai": "đất đai", "duong": "đường"}
READY = "[data-search][data-ready]:not([data-busy])"
BODY = re.compile(r"<main[^>]*data-pagefind-body[^>]*>(.*)</main>", re.S)


@pytest.fixture(scope="module")
def indexed_pages(sample_site):
    """URL -> set of folded words, for every Vietnamese page Pagefind indexes."""
    pages = {}
    for path in sample_site.rglob("index.html"):
        url = "/" + str(path.parent.relative_to(sample_site)).replace("\\", "/") + "/"
        if url.startswith(("/en/", "/./")):
            continue
        html = path.read_text(encoding="utf-8")
        if "data-pagefind-body" not in html:
            continue
        pages[url] = set(re.findall(r"\w+", fold(indexed_text(BODY.search(html).group(1)))))
    return pages


def expected(indexed_pages, query: str) -> set[str]:
    terms = fold(query).split()
    return {url for url, words in indexed_pages.items()
            if all(any(word.startswith(term) for word in words) for term in terms)}


def state_items(sample_site, state: str) -> set[str]:
    """The items of a status list page (/tinh-trang/<state>/): the model's answer."""
    html = (sample_site / "tinh-trang" / state / "index.html").read_text(encoding="utf-8")
    main = html[html.index("<main"):html.index("</main>")]
    return set(re.findall(r'href="(/noi-dung/[^"]+/)"', main))


@pytest.fixture(scope="module")
def api_page(browser, sample_server):
    """A page without the CSP, for calling Pagefind's API with the site's own fold.js."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(sample_server.url + "/tim-kiem/")
    yield page
    context.close()


def api_search(api_page, query: str, filters: dict | None = None) -> set[str]:
    return set(api_page.evaluate("""async ([query, filters]) => {
        const pagefind = await import('/pagefind/pagefind.js');
        const { fold } = await import('/theme/js/fold.js');
        const found = await pagefind.search(fold(query), { filters });
        const datas = await Promise.all(found.results.map((r) => r.data()));
        return datas.map((d) => d.url);
    }""", [query, filters or {}]))


def open_search(page, server, query_string=""):
    page.goto(f"{server.url}/tim-kiem/{query_string}")
    page.wait_for_selector(READY, state="attached")


def result_count(page) -> int:
    text = page.locator("[data-status]").inner_text()
    found = re.search(r"([\d.]+)", text)
    return int(found.group(1).replace(".", "")) if found else 0


def submit_query(page, query: str):
    page.get_by_label("Từ khóa").fill(query)
    page.get_by_label("Từ khóa").press("Enter")
    page.wait_for_selector(READY, state="attached")


# --- Vietnamese-aware matching -----------------------------------------------

@pytest.mark.parametrize("query", QUERIES)
def test_query_finds_the_pages_whose_text_holds_its_words(api_page, indexed_pages, query):
    want = expected(indexed_pages, query)
    assert want, f"the sample has no page for {query!r}: the test would prove nothing"
    assert api_search(api_page, query) == want


@pytest.mark.parametrize("query, accented", SAME_AS.items())
def test_without_diacritics_or_in_capitals_finds_the_same_items(api_page, query, accented):
    assert api_search(api_page, query) == api_search(api_page, accented)


def test_folded_words_never_reach_the_shown_text(api_page):
    """The folded copies live in metadata, which Pagefind searches but never puts in content."""
    pages = api_page.evaluate("""async () => {
        const pagefind = await import('/pagefind/pagefind.js');
        const found = await pagefind.search('dat dai');
        return Promise.all(found.results.slice(0, 30).map(async (r) => {
            const d = await r.data();
            return [d.meta.fold || '', d.content, d.excerpt];
        }));
    }""")
    assert pages and all(folded for folded, _, _ in pages)
    for folded, content, excerpt in pages:
        assert folded not in content and folded not in excerpt
        assert not re.search(r"\bdat\b", content), "content must stay in the original Vietnamese"


def test_javascript_fold_equals_python_fold(api_page, indexed_pages):
    samples = ["Đất Đai", "ĐƯỜNG", "giấy chứng nhận", "Tân Hà", "Thủy lợi", "Quỹ", "ỹ ự ằ",
               unicodedata.normalize("NFD", "Đường Nguyễn Huệ")]
    folded = api_page.evaluate("""async (samples) => {
        const { fold } = await import('/theme/js/fold.js');
        return samples.map(fold);
    }""", samples)
    assert folded == [fold(s) for s in samples]


# --- the search page, under the site's Content-Security-Policy ---------------

def test_typed_query_shows_count_original_text_and_highlights(page, sample_server, indexed_pages):
    open_search(page, sample_server)
    submit_query(page, "dat dai")
    assert result_count(page) == len(expected(indexed_pages, "dat dai"))
    assert parse_qs(urlsplit(page.url).query) == {"q": ["dat dai"]}
    # The condition asserted, waited for: highlighted words in the drawn results.
    expect(page.locator("[data-results] mark").first).to_be_visible()
    marks = page.locator("[data-results] mark").all_inner_texts()
    assert marks and all(fold(m).startswith(("dat", "dai")) for m in marks)
    assert any("đ" in m.lower() for m in marks), "matches must be shown in the original Vietnamese"
    shown = " ".join(page.locator("[data-results]").all_inner_texts())
    assert "Đất đai" in shown or "đất đai" in shown
    assert page.locator("[data-results] > li").count() == min(20, result_count(page))
    assert page.foreign_requests == []


def test_status_filter_narrows_to_the_models_overdue_items(page, sample_server, sample_site, indexed_pages):
    overdue = state_items(sample_site, "overdue")
    want = expected(indexed_pages, "duong") & overdue
    assert want, "the sample has no overdue item about roads"
    open_search(page, sample_server, "?q=duong")
    option = page.locator("[data-facet=status] label", has_text="Quá hạn")
    expect(option.locator("[data-count]")).to_have_text(f"({len(want)})")
    page.get_by_label("Quá hạn").check()
    page.wait_for_selector(READY, state="attached")
    assert result_count(page) == len(want)
    assert parse_qs(urlsplit(page.url).query) == {"q": ["duong"], "status": ["overdue"]}
    assert page.foreign_requests == []


def test_filters_alone_list_every_item_in_that_state(page, sample_server, sample_site):
    open_search(page, sample_server, "?status=overdue")
    assert result_count(page) == len(state_items(sample_site, "overdue"))
    open_search(page, sample_server, "?status=forwarded")
    assert result_count(page) == len(state_items(sample_site, "forwarded"))


def test_filters_of_two_keys_combine_with_the_query(page, sample_server, sample_site, indexed_pages, api_page):
    topic_page = (sample_site / "linh-vuc" / "giao-thong" / "index.html").read_text(encoding="utf-8")
    roads = set(re.findall(r'href="(/noi-dung/[^"]+/)"', topic_page[topic_page.index("<main"):]))
    want = expected(indexed_pages, "duong") & roads & state_items(sample_site, "overdue")
    open_search(page, sample_server, "?q=duong&status=overdue&topic=giao-thong")
    assert result_count(page) == len(want)
    assert api_search(api_page, "duong", {"status": "overdue", "topic": "giao-thong"}) == want


def test_shared_url_restores_query_filters_and_sort(page, sample_server, indexed_pages):
    open_search(page, sample_server, "?q=dat+dai&status=resolved&status=overdue&sort=deadline")
    expect(page.get_by_label("Từ khóa")).to_have_value("dat dai")
    expect(page.get_by_label("Đã giải quyết")).to_be_checked()
    expect(page.get_by_label("Quá hạn")).to_be_checked()
    expect(page.get_by_label("Chưa tới hạn")).not_to_be_checked()
    expect(page.get_by_label("Sắp xếp")).to_have_value("deadline")
    assert result_count(page) > 0
    assert parse_qs(urlsplit(page.url).query) == {
        "q": ["dat dai"], "status": ["resolved", "overdue"], "sort": ["deadline"]}


def sort_key_of(sample_site, href: str, key: str) -> int:
    html = (sample_site / href.strip("/") / "index.html").read_text(encoding="utf-8")
    return int(re.search(rf'data-pagefind-sort="{key}:(\d+)"', html).group(1))


@pytest.mark.parametrize("sort, key, descending", [("", "date", True), ("&sort=deadline", "deadline", False)])
def test_sorts_by_date_newest_first_or_by_deadline_earliest_first(page, sample_server, sample_site,
                                                                   sort, key, descending):
    open_search(page, sample_server, f"?status=overdue{sort}")
    hrefs = all_results(page)  # every page of results continues the order
    values = [sort_key_of(sample_site, href, key) for href in hrefs]
    assert len(values) == len(state_items(sample_site, "overdue")) > 20 and len(set(values)) > 1
    assert values == sorted(values, reverse=descending)
    if key == "deadline":
        expect(page.locator("[data-results] .search-facts").first).to_contain_text("hạn trả lời")


def test_back_button_returns_to_the_previous_state(page, sample_server, indexed_pages):
    open_search(page, sample_server)
    submit_query(page, "duong")
    total = result_count(page)
    page.get_by_label("Quá hạn").check()
    page.wait_for_selector(READY, state="attached")
    assert result_count(page) < total
    page.go_back()
    page.wait_for_selector(READY, state="attached")
    expect(page.get_by_label("Quá hạn")).not_to_be_checked()
    assert parse_qs(urlsplit(page.url).query) == {"q": ["duong"]}
    assert result_count(page) == total == len(expected(indexed_pages, "duong"))


def test_keyboard_only_search(page, sample_server):
    open_search(page, sample_server)
    page.get_by_label("Từ khóa").focus()
    page.keyboard.type("tan ha")
    page.keyboard.press("Enter")
    page.wait_for_selector(READY, state="attached")
    assert page.locator("[data-status]").get_attribute("aria-live") == "polite"
    assert result_count(page) > 0
    page.keyboard.press("Tab")  # the submit button
    page.keyboard.press("Tab")  # the sort menu
    expect(page.get_by_label("Sắp xếp")).to_be_focused()


def test_page_fits_a_360px_phone(page, sample_server):
    open_search(page, sample_server, "?q=giay+chung+nhan")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360


def test_header_box_sends_plain_get_to_search_page(page, sample_server):
    page.goto(sample_server.url + "/")
    page.locator("#search-box-q").fill("tan ha")
    page.locator("#search-box-q").press("Enter")
    page.wait_for_selector(READY, state="attached")
    assert urlsplit(page.url).path == "/tim-kiem/"
    expect(page.get_by_label("Từ khóa")).to_have_value("tan ha")
    assert result_count(page) > 0


def test_without_javascript_the_page_links_to_the_static_lists(browser, sample_server, sample_site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    try:
        page = context.new_page()
        page.goto(sample_server.url + "/tim-kiem/?q=dat+dai")
        notice = page.locator("[data-search-nojs]")
        expect(notice).to_be_visible()
        expect(notice).to_contain_text("JavaScript")
        expect(page.locator("[data-search]")).to_be_hidden()
        hrefs = notice.locator("a").evaluate_all("links => links.map((a) => a.getAttribute('href'))")
        for wanted in ["/linh-vuc/", "/co-quan/", "/xa/", "/tinh-trang/overdue/", "/tinh-trang/forwarded/"]:
            assert wanted in hrefs
        for href in hrefs:
            assert (sample_site / href.strip("/") / "index.html").exists(), href
    finally:
        context.close()


def test_english_interface_searches_the_one_index_and_links_its_own_pages(page, sample_server, sample_site,
                                                                         indexed_pages):
    """Only the Vietnamese pages are indexed (their questions and answers are the English
    pages' too): the English search page finds the same pages and links their English copies,
    with titles and dates as the English pages write them."""
    fetched = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    page.goto(sample_server.url + "/en/tim-kiem/?q=dat+dai")
    page.wait_for_selector(READY, state="attached")
    want = {"/en" + url for url in expected(indexed_pages, "dat dai")}
    assert result_count(page) == len(want) > 0
    links = page.locator("[data-results] > li h2 a")
    hrefs = links.evaluate_all("links => links.map((a) => a.getAttribute('href'))")
    assert hrefs and set(hrefs) <= want
    facts = page.locator("[data-results] .search-facts").all_inner_texts()
    for href, title, fact in zip(hrefs, links.all_inner_texts(), facts):
        english = (sample_site / href.strip("/") / "index.html").read_text(encoding="utf-8")
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", english, re.S).group(1)
        assert title == unescape(re.sub(r"<[^>]+>", "", heading)), href
        if href.startswith("/en/noi-dung/"):
            assert fact.startswith("Item · ")
            day = re.search(r"<h1>.*?(\d+ \w+ \d{4})</h1>", english).group(1)  # e.g. "5 Jul 2018"
            assert day in fact, href
    assert any(name.startswith("/pagefind/pagefind.vi_") for name in fetched)
    assert not any("/en/pagefind/" in name or ".en_" in name for name in fetched)
    assert page.foreign_requests == []


# --- a site whose index is split into several bundles (search.py) -------------
# The sample built with small bundles (the `bundled_site` fixture): the search page
# queries every bundle and merges. Expected values come from the pages, as above,
# and from the one-bundle build of the same content.

@pytest.fixture(scope="module")
def bundle_of(bundled_site):
    """URL -> the bundle folder that holds the page."""
    return {url: folder for folder in search_bundles(bundled_site) for url in bundle_urls(bundled_site, folder)}


def all_results(page) -> list[str]:
    """Every result's link, pressing "more" until the list is complete."""
    while page.locator("[data-more]").is_visible():
        shown = page.locator("[data-results] > li").count()
        page.locator("[data-more]").click()
        page.wait_for_selector(f"[data-results] > li:nth-child({shown + 1})")
    return page.locator("[data-results] > li h2 a").evaluate_all("links => links.map((a) => a.getAttribute('href'))")


def test_query_over_several_bundles_finds_every_matching_page(page, bundled_server, indexed_pages, bundle_of):
    want = expected(indexed_pages, "dat dai")
    assert len({bundle_of[url] for url in want}) >= 2, "the query must match pages of several bundles"
    open_search(page, bundled_server, "?q=dat+dai")
    assert result_count(page) == len(want)
    hrefs = all_results(page)
    assert len(hrefs) == len(set(hrefs)) and set(hrefs) == want
    assert page.foreign_requests == []


@pytest.mark.parametrize("query_string", ["?q=duong", "?status=overdue", "?q=dat+dai&status=resolved"])
def test_facet_counts_over_several_bundles_are_the_sums(page, sample_server, bundled_server, query_string):
    """Each count is the sum of the bundles' counts: the one-bundle build of the same content says it."""
    def counts(server):
        open_search(page, server, query_string)
        return {(box.get_attribute("name"), box.get_attribute("value")):
                box.locator("xpath=..").locator("[data-count]").text_content()
                for box in page.locator("[data-facet] input[type=checkbox]").all()}, result_count(page)

    one, total_one = counts(sample_server)
    split, total_split = counts(bundled_server)
    assert split == one and total_split == total_one > 0
    assert sum(value not in ("(0)", "") for value in one.values()) > 5


def test_overdue_count_over_several_bundles_is_the_models(page, bundled_server, sample_site, indexed_pages):
    want = expected(indexed_pages, "duong") & state_items(sample_site, "overdue")
    open_search(page, bundled_server, "?q=duong")
    option = page.locator("[data-facet=status] label", has_text="Quá hạn")
    expect(option.locator("[data-count]")).to_have_text(f"({len(want)})")


@pytest.mark.parametrize("sort, key, descending", [("", "date", True), ("&sort=deadline", "deadline", False)])
def test_sort_order_holds_across_bundles(page, bundled_server, bundled_site, sample_site, bundle_of,
                                         sort, key, descending):
    want = state_items(sample_site, "overdue")
    open_search(page, bundled_server, f"?status=overdue{sort}")
    hrefs = all_results(page)
    assert set(hrefs) == want and len(hrefs) == len(want) > 20
    assert len({bundle_of[href] for href in hrefs}) >= 3, "the results must come from several bundles"
    values = [sort_key_of(bundled_site, href, key) for href in hrefs]
    assert len(set(values)) > 1 and values == sorted(values, reverse=descending)


def test_english_search_over_several_bundles(page, bundled_server, bundled_site, indexed_pages):
    fetched = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    open_search(page, bundled_server, "?q=duong&sort=deadline")  # the Vietnamese page first, then back
    page.goto(bundled_server.url + "/en/tim-kiem/?q=dat+dai")
    page.wait_for_selector(READY, state="attached")
    want = {"/en" + url for url in expected(indexed_pages, "dat dai")}
    assert result_count(page) == len(want)
    assert set(all_results(page)) == want
    for folder in search_bundles(bundled_site):
        assert any(name.startswith(f"/{folder}/pagefind.vi_") for name in fetched), folder
    assert not any(name.startswith("/pagefind/pagefind") for name in fetched)


def test_back_button_over_several_bundles(page, bundled_server, indexed_pages):
    open_search(page, bundled_server, "?q=duong")
    total = result_count(page)
    page.get_by_label("Sắp xếp").select_option("deadline")
    page.wait_for_selector(READY, state="attached")
    page.get_by_label("Quá hạn").check()
    page.wait_for_selector(READY, state="attached")
    assert result_count(page) < total
    page.go_back()
    page.wait_for_selector(READY, state="attached")
    page.go_back()
    page.wait_for_selector(READY, state="attached")
    expect(page.get_by_label("Sắp xếp")).to_have_value("date")
    assert result_count(page) == total == len(expected(indexed_pages, "duong"))


def test_one_bundle_loads_no_bundle_of_a_split_index(page, sample_server):
    """The sample (one bundle) fetches what it always did: /pagefind/, no numbered bundle."""
    fetched = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    open_search(page, sample_server, "?q=dat+dai&sort=deadline")
    assert [name for name in fetched if name.endswith("pagefind.js")] == ["/pagefind/pagefind.js"]
    assert not any(re.match(r"/pagefind/\d+/", name) for name in fetched)
