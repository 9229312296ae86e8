"""Long lists (status lists, group pages) are split into pages of LIST_PAGE_ROWS rows."""

import re

from pelican.plugins.congkhai.settings import DEFAULTS

PAGE_SIZE = DEFAULTS["LIST_PAGE_ROWS"]

ROW_LINK = re.compile(r'<td data-label="[^"]*"><a lang="vi" href="([^"]+)"')


def rows(html: str) -> list[str]:
    return ROW_LINK.findall(html)


def test_resolved_list_is_split_into_linked_pages(sample_site):
    first = (sample_site / "tinh-trang" / "resolved" / "index.html").read_text(encoding="utf-8")
    total = int(re.search(r"<h1>[^<]*\((\d[\d.]*)\)</h1>", first).group(1).replace(".", ""))
    assert total > 2 * PAGE_SIZE, "the sample must need three pages for this test to prove anything"
    count = -(-total // PAGE_SIZE)
    pages = [first] + [(sample_site / "tinh-trang" / "resolved" / "trang" / str(n) / "index.html")
                       .read_text(encoding="utf-8") for n in range(2, count + 1)]
    assert not (sample_site / "tinh-trang" / "resolved" / "trang" / str(count + 1)).exists()
    assert not (sample_site / "tinh-trang" / "resolved" / "trang" / "1").exists()  # page 1 keeps the list's URL
    links = [link for page in pages for link in rows(page)]
    assert len(links) == len(set(links)) == total  # every row once, across the pages
    assert all(len(rows(page)) == PAGE_SIZE for page in pages[:-1])

    second = pages[1]
    nav = re.search(r'<nav class="pagination" aria-label="[^"]+">(.*?)</nav>', second, re.S).group(1)
    assert 'rel="prev" href="/tinh-trang/resolved/"' in nav
    assert 'rel="next" href="/tinh-trang/resolved/trang/3/"' in nav
    assert 'href="/tinh-trang/resolved/trang/2/" aria-current="page"' in nav
    assert 'rel="prev"' not in first and 'rel="next" href="/tinh-trang/resolved/trang/2/"' in first
    assert 'rel="next"' not in pages[-1]
    assert re.search(r"<title>[^<]* – trang 2 –", second)


def test_english_pages_of_a_list_are_translated(sample_site):
    second = (sample_site / "en" / "tinh-trang" / "resolved" / "trang" / "2" / "index.html").read_text(encoding="utf-8")
    assert 'aria-label="Pages of the list"' in second
    assert 'rel="prev" href="/en/tinh-trang/resolved/"' in second and "Previous page" in second


def test_short_lists_have_no_pagination(sample_site):
    for page in (sample_site / "linh-vuc").glob("*/index.html"):
        html = page.read_text(encoding="utf-8")
        if len(rows(html)) < PAGE_SIZE:
            assert 'class="pagination"' not in html
