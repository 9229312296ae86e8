"""The fast đ-word scan (search_terms.folded_terms) reads built pages exactly as the
html.parser reference (search_terms.indexed_text, what the browser tests trust) does."""

import re

from pelican.plugins.congkhai.search import terms as search_terms
from pelican.plugins.congkhai.vietnamese import fold

MAIN = re.compile(r"<main[^>]*>(.*)</main>", re.S)


def reference(markup: str) -> str:
    words = re.findall(r"\w+", search_terms.indexed_text(markup))
    return " ".join(dict.fromkeys(fold(word) for word in words if "đ" in word.lower()))


def test_fast_scan_equals_html_parser_on_every_built_page(sample_site):
    pages = sorted(sample_site.rglob("*.html"))
    assert len(pages) > 1000
    checked = 0
    for path in pages:
        if "pagefind" in path.parts:
            continue
        html = path.read_text(encoding="utf-8")
        # The whole page (nav, footer, forms, ignored parts) and the part the filter reads.
        for markup in (html, *MAIN.findall(html)):
            assert search_terms.folded_terms(markup) == reference(markup), path
            checked += 1
    assert checked > 2000


def test_indexed_pages_carry_their_folded_words(sample_site):
    """Each item page's fold metadata names every đ-word of its indexed text."""
    page = next((sample_site / "noi-dung").rglob("index.html")).read_text(encoding="utf-8")
    folded = re.search(r'data-pagefind-meta="fold:([^"]*)"', page).group(1).split()
    body = MAIN.search(page).group(1)
    assert folded and set(folded) >= set(reference(body).split()) - {""}
