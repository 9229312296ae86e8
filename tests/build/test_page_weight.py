"""What a reader's phone pays: no HTML page of the synthetic province transfers more than
100 KB as nginx sends it (gzip at its default level), whatever the province's size, because
every list that grows with the content is split into pages that keep their addresses, and
each of those pages links a few of the others (pages.Pager.window), never all of them.

Benchmark-like: it builds benchmarks/generate.py's province of CONGKHAI_WEIGHT_ITEMS items
(default 600, with lists of 10 rows a page so that every kind of list is split; for the
real figure, e.g. `CONGKHAI_WEIGHT_ITEMS=20000 CONGKHAI_WEIGHT_ROWS=200`, under the bench
lock). benchmarks/scale.py records the heaviest page of each size up to 200,000 items.
"""

from __future__ import annotations

import gzip
import os
import re
import sys

import pytest

from helpers import ROOT, build_site

from pelican.plugins.congkhai.site.pages import PAGER_NEIGHBOURS
from pelican.plugins.congkhai.tools.linkcheck import check_output

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import AS_OF, generate  # noqa: E402
from scale import NGINX_GZIP_LEVEL, PAGE_LIMIT_BYTES  # noqa: E402

ITEMS = int(os.environ.get("CONGKHAI_WEIGHT_ITEMS", "600"))
ROWS = int(os.environ.get("CONGKHAI_WEIGHT_ROWS", "10"))
REPORT = f"bao-cao/{AS_OF.isoformat()}/"  # pelicanconf.py's report of the day

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    root = tmp_path_factory.mktemp("weight")
    generate(root / "content", ITEMS)
    build_site(root, root / "output", AS_OF.isoformat(), {"BUILD_COMMIT": "test", "LIST_PAGE_ROWS": ROWS})
    return root / "output"


def html(output, url: str) -> str:
    return (output / url / "index.html").read_text(encoding="utf-8")


def pages_of(output, url: str) -> list[str]:
    """A list's pages: its own address, then trang/2/, trang/3/, … while they exist."""
    found, number = [html(output, url)], 2
    while (output / url / "trang" / str(number) / "index.html").exists():
        found.append(html(output, f"{url}trang/{number}/"))
        number += 1
    return found


def pager_links(output, url: str) -> tuple[list[str], list[str]]:
    """The pages a list's page links in its pager: the numbered ones, then its previous and next."""
    nav = re.search(r'<nav class="pagination" [^>]*>(.*?)</nav>', html(output, url), re.S).group(1)
    numbered = re.findall(r'<a href="/([^"]+)"[^>]*>\d+</a>', nav)
    return numbered, re.findall(r'<a rel="(?:prev|next)" href="/([^"]+)"', nav)


def test_the_longest_list_links_a_few_of_its_pages_and_reaches_them_all(province):
    lists = [path.parent.parent.relative_to(province).as_posix() + "/" for path in province.glob("**/trang/2")
             if not path.relative_to(province).parts[0] == "en"]
    url = max(lists, key=lambda base: len(pages_of(province, base)))
    count = len(pages_of(province, url))
    bound = 2 * PAGER_NEIGHBOURS + 5
    assert count > bound + 2, f"/{url} has {count} pages: too few for the window to leave any out"
    pages = [url] + [f"{url}trang/{n}/" for n in range(2, count + 1)]
    links = {page: pager_links(province, page) for page in pages}
    assert all(len(numbered) <= bound for numbered, _ in links.values())
    assert all(page in numbered for page, (numbered, _) in links.items())
    assert links[pages[count // 2]][0] == [url, *pages[count // 2 - 2:count // 2 + 3], pages[-1]]
    reached, frontier = {url}, [url]  # a crawler from the list's own address, following the pager
    while frontier:
        frontier = sorted({link for page in frontier for group in links[page] for link in group} - reached)
        reached.update(frontier)
    assert reached == set(pages)


def test_every_link_of_the_province_resolves(province):
    """The link checker over the whole province: every pager link, on every list, leads to a page."""
    assert check_output(province) == []


def test_no_page_transfers_more_than_100_kb(province):
    sizes = sorted(((len(gzip.compress(path.read_bytes(), NGINX_GZIP_LEVEL)), path.relative_to(province).as_posix())
                    for path in province.rglob("*.html") if "pagefind" not in path.relative_to(province).parts),
                   reverse=True)
    assert len(sizes) > 2 * ITEMS  # the whole site was weighed: item pages in two languages, and more
    heaviest, where = sizes[0]
    assert heaviest <= PAGE_LIMIT_BYTES, f"/{where}: {heaviest:,} bytes gzip"


def test_the_sessions_list_is_split_and_keeps_its_address(province):
    pages = pages_of(province, "doi-thoai/")
    sessions = [re.findall(r'<th scope="row"><a href="/doi-thoai/([^/"]+)/"', page) for page in pages]
    total = -(-ITEMS // 20)
    assert len(pages) == -(-total // ROWS) > 1
    assert [len(rows) for rows in sessions[:-1]] == [ROWS] * (len(pages) - 1)
    assert len({s for rows in sessions for s in rows}) == total  # each once, newest first
    assert sessions[0][0] > sessions[-1][-1]
    count = f"({total:,} buổi)".replace(",", ".")  # 1.000 from 20,000 items on
    assert count in pages[0] and count in pages[-1]
    assert 'rel="next" href="/doi-thoai/trang/2/"' in pages[0]
    assert 'rel="prev" href="/doi-thoai/"' in pages[1]
    assert re.search(r"<title>Buổi đối thoại – trang 2 –", pages[1])


def test_a_reports_overdue_items_continue_on_its_later_pages(province):
    pages = pages_of(province, REPORT)
    assert len(pages) > 1
    overdue = [re.findall(r'<td data-label="Nội dung"><a href="/noi-dung/([^"]+)"', page) for page in pages]
    assert all(len(rows) == ROWS for rows in overdue[:-1]) and 0 < len(overdue[-1]) <= ROWS
    total = sum(len(rows) for rows in overdue)
    assert len({item for rows in overdue for item in rows}) == total
    caption = f"{total:,}".replace(",", ".") + " nội dung quá hạn"
    assert all(caption in page for page in pages)
    # the report itself is on its first page only; a later page leads back to it
    assert "Theo lĩnh vực" in pages[0] and 'class="report-sentence"' in pages[0]
    assert "Theo lĩnh vực" not in pages[1] and 'class="report-sentence"' not in pages[1]
    assert f'<p class="report-continued"><a href="/{REPORT}">' in pages[1]


def test_a_bodys_page_shows_the_first_items_forwarded_to_it_and_their_total(province):
    page = html(province, "don-vi/tinh-lam-dong/")
    section = re.search(r'<section aria-labelledby="h-forwarded-in">(.*?)</section>', page, re.S).group(1)
    total = int(re.search(r"chuyển lên \(([\d.]+)\)", section).group(1).replace(".", ""))
    shown = len(re.findall(r'<a lang="vi" href="/noi-dung/', section))
    assert 0 < shown <= 20 and total >= shown
    if total > shown:
        assert f"Đây là {shown} nội dung đầu" in section
