"""What Pagefind's own work costs, per page and per word, and what trimming its input would save.

    python benchmarks/pagefind_cost.py OUTPUT_DIR

OUTPUT_DIR is a site already built (one bundle: up to SEARCH_BUNDLE_PAGES indexed pages,
e.g. the 5,000-item province of benchmarks/generate.py). Its indexed pages are given to
Pagefind's service as the build gives them (search/service.py), in three forms:

- built:   the pages as written;
- main:    only their <main data-pagefind-body> (what is indexed), the rest of the page gone;
- trimmed: that <main> without the reading tools, headings, labels, the item's id and status
           lines and the parts marked data-pagefind-ignore (the answers and questions kept);
- title:   only the page's <h1>: what Pagefind's work costs per page whatever the page holds,
           the floor under any change to the pages (its fragment, its place in every chunk).

Prints, per form: pages, megabytes of HTML, words inside <main>, the wall time, Pagefind's
CPU (its process, from rusage) and this process's CPU (the client: reading the pages, the
protocol, writing the bundle's files). Nothing here is what the build publishes: the
trimmed form only measures what a narrower data-pagefind-body would save.
"""

from __future__ import annotations

import re
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pelican.plugins.congkhai.search import service  # noqa: E402
from pelican.plugins.congkhai.search.index import bundle_pages  # noqa: E402
from pelican.plugins.congkhai.search.page import BUNDLE, Bundle  # noqa: E402

MAIN = re.compile(r"<main.*?</main>", re.S)
TRIMMED = [re.compile(pattern, re.S) for pattern in (
    r'<div class="reading-tools".*?</div>', r"<h2[^>]*>.*?</h2>", r"<dt>.*?</dt>",
    r'<p class="(?:item-id|status-line)">.*?</p>', r"<(h3|p|div) data-pagefind-ignore>.*?</\1>")]
TITLE = re.compile(r"<h1.*?</h1>", re.S)
SHELL = '<!DOCTYPE html><html lang="vi"><head><title>x</title></head><body>{}</body></html>'


def words(markup: str) -> int:
    return len(re.sub(r"<[^>]*>", " ", markup).split())


def rewrite(site: Path, pages: list[str], copy: Path, form: str) -> int:
    """Each page as only its <main> (trimmed, or its title alone, per form) under copy; the
    words of those <main>s."""
    total = 0
    for relative in pages:
        main = MAIN.search((site / relative).read_text(encoding="utf-8")).group(0)
        for pattern in TRIMMED if form == "trimmed" else ():
            main = pattern.sub("", main)
        if form == "title":
            main = "<main data-pagefind-body>" + TITLE.search(main).group(0) + "</main>"
        total += words(main)
        target = copy / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(SHELL.format(main), encoding="utf-8")
    return total


def index(site: Path, pages: list[str], output: Path) -> tuple[float, float, float]:
    """(wall, Pagefind's CPU, this process's CPU) of one bundle of these pages."""
    children, own = resource.getrusage(resource.RUSAGE_CHILDREN), resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    service.index_pages(site, pages, output)
    wall = time.perf_counter() - started
    children_after, own_after = resource.getrusage(resource.RUSAGE_CHILDREN), resource.getrusage(resource.RUSAGE_SELF)
    cpu = lambda before, after: (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)  # noqa: E731
    return wall, cpu(children, children_after), cpu(own, own_after)


def main(argv: list[str]) -> None:
    site = Path(argv[0])
    pages = bundle_pages(site, Bundle(BUNDLE))
    with tempfile.TemporaryDirectory(prefix="congkhai-pagefind-") as temporary:
        work = Path(temporary)
        built_words = sum(words(MAIN.search((site / p).read_text(encoding="utf-8")).group(0)) for p in pages)
        forms = [("built", site, built_words)]
        for name in ("main", "trimmed", "title"):
            forms.append((name, work / name, rewrite(site, pages, work / name, name)))
        print(f"{'form':8} {'pages':>6} {'HTML MB':>8} {'words':>10} {'wall s':>7} {'Pagefind CPU s':>15} "
              f"{'client CPU s':>13} {'Pagefind ms/page':>17}")
        for name, folder, count in forms:
            size = sum((folder / p).stat().st_size for p in pages) / 1e6
            wall, pagefind, client = index(folder, pages, work / f"{name}-bundle")
            print(f"{name:8} {len(pages):6,} {size:8.1f} {count:10,} {wall:7.2f} {pagefind:15.2f} "
                  f"{client:13.2f} {1000 * pagefind / len(pages):17.2f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
