"""What the đ folding costs: the Pagefind index of a built site in three forms.

    python benchmarks/search_index.py OUTPUT_DIR

OUTPUT_DIR is a site already built (e.g. `invoke build --as-of 2018-07-05`).
Each variant is a copy of it whose indexed pages are rewritten, then indexed
with the same Pagefind command the build runs:

- none:  the folded metadata removed (what Pagefind gives alone: "dat dai" misses "đất đai");
- meta:  the site as built: folded đ-words, each once per page, in metadata (shipped);
- copy:  the naive fix: a hidden folded copy of each page's whole text.

Prints, per variant, the bundle's bytes (all of /pagefind/), the bytes of the
index proper (index, fragment and filter chunks and metadata, without the UI
scripts a site may not use) and the indexing time.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pelican.plugins.congkhai.search.page import BUNDLE  # noqa: E402
from pelican.plugins.congkhai.search.index import run_pagefind
from pelican.plugins.congkhai.vietnamese import fold  # noqa: E402

FOLD_SPAN = re.compile(r'<span hidden data-pagefind-meta="fold:[^"]*"></span>')
MAIN = re.compile(r"(<main[^>]*data-pagefind-body[^>]*>)(.*?)(</main>)", re.S)
TAG = re.compile(r"<[^>]*>")


def without_fold(html: str) -> str:
    return FOLD_SPAN.sub("", html)


def with_folded_copy(html: str) -> str:
    def add_copy(match):
        text = " ".join(TAG.sub(" ", match.group(2)).split())
        return f'{match.group(1)}{match.group(2)}<div class="visually-hidden">{fold(text)}</div>{match.group(3)}'
    return MAIN.sub(add_copy, without_fold(html))


VARIANTS = {"none": without_fold, "meta": None, "copy": with_folded_copy}


def index_bytes(bundle: Path) -> int:
    """Bytes the browser may fetch for searching: chunks and metadata, not the optional UI files."""
    return sum(f.stat().st_size for f in bundle.rglob("*")
               if f.is_file() and not f.name.startswith("pagefind-") and "-ui" not in f.name)


def measure(site: Path, rewrite) -> tuple[int, int, float]:
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "site"
        shutil.copytree(site, copy, ignore=shutil.ignore_patterns(BUNDLE))
        if rewrite:
            for page in copy.rglob("*.html"):
                html = page.read_text(encoding="utf-8")
                if "data-pagefind-body" in html:
                    page.write_text(rewrite(html), encoding="utf-8")
        stats = run_pagefind(copy)
        return stats.bytes, index_bytes(copy / BUNDLE), stats.seconds


def main(argv: list[str]) -> None:
    site = Path(argv[1])
    pages = sum(1 for p in site.rglob("*.html") if "data-pagefind-body" in p.read_text(encoding="utf-8"))
    print(f"{site}: {pages} indexed pages (all languages)")
    print(f"{'variant':8} {'bundle bytes':>13} {'index bytes':>12} {'seconds':>8}")
    for name, rewrite in VARIANTS.items():
        total, index, seconds = measure(site, rewrite)
        print(f"{name:8} {total:13,} {index:12,} {seconds:8.2f}")


if __name__ == "__main__":
    main(sys.argv)
