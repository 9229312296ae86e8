"""Each page carries the narrowest Content-Security-Policy it needs (settings.py): only the
search page, which runs Pagefind's WebAssembly, allows 'wasm-unsafe-eval'."""

from __future__ import annotations

import html
import re

from pelican.plugins.congkhai.search.page import SEARCH_URL
from pelican.plugins.congkhai.settings import DEFAULTS

PAGE_POLICY = DEFAULTS["CONTENT_SECURITY_POLICY"]
SEARCH_POLICY = DEFAULTS["SEARCH_CONTENT_SECURITY_POLICY"]
ADMIN_POLICY = DEFAULTS["ADMIN_CONTENT_SECURITY_POLICY"]
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def policies(site) -> dict[str, list[str]]:
    """Each HTML page (relative path) -> the policies of its <meta> tags."""
    return {page.relative_to(site).as_posix(): [html.unescape(p) for p in META.findall(page.read_text(encoding="utf-8"))]
            for page in sorted(site.rglob("*.html"))}


def directives(policy: str) -> dict[str, list[str]]:
    return {name: values for name, *values in (d.split() for d in policy.split(";") if d.strip())}


def test_a_page_that_is_not_search_has_no_wasm_unsafe_eval_and_the_search_page_has(small_site):
    found = policies(small_site)
    assert "'wasm-unsafe-eval'" not in found["index.html"][0]
    assert "'wasm-unsafe-eval'" not in found["noi-dung/2018-03-01-tan-ha/1-1/index.html"][0]
    for search in (f"{SEARCH_URL}index.html", f"en/{SEARCH_URL}index.html"):
        assert found[search] == [SEARCH_POLICY]
        assert "'wasm-unsafe-eval'" in directives(found[search][0])["script-src"]


def test_every_page_carries_one_policy_and_only_pagefinds_pages_the_wider_one(sample_site):
    """A page that loads the search script gets the search policy; every other page the
    narrow one: the rule follows what a page runs, not a list of URLs to keep up to date."""
    wrong = []
    for path, found in policies(sample_site).items():
        text = (sample_site / path).read_text(encoding="utf-8")
        runs_pagefind, runs_editor = "theme/js/search.js" in text, '<script src="decap-cms.js">' in text
        if found != [ADMIN_POLICY if runs_editor else SEARCH_POLICY if runs_pagefind else PAGE_POLICY]:
            wrong.append(f"{path}: {found}")
    assert wrong == [], "\n".join(wrong[:20])
    assert len(policies(sample_site)) > 1000


def test_the_two_policies_differ_only_in_what_pagefind_needs():
    page, search = directives(PAGE_POLICY), directives(SEARCH_POLICY)
    assert search.pop("script-src") == page.pop("script-src") + ["'wasm-unsafe-eval'"]
    assert (search.pop("connect-src"), page.pop("connect-src")) == (["'self'"], ["'none'"])
    assert search == page
    assert not any("unsafe-inline" in v or "unsafe-eval" == v.strip("'") for v in sum(search.values(), []))


def test_the_editors_policy_loosens_only_what_decap_needs_and_loads_from_no_other_host(sample_site):
    """Decap builds styles at run time and compiles its config's schema with new Function;
    everything else stays as narrow as a page's, and no directive names another host."""
    page, editor = directives(PAGE_POLICY), directives(ADMIN_POLICY)
    assert editor.pop("script-src") == ["'self'", "'unsafe-eval'"]
    assert editor.pop("style-src") == ["'self'", "'unsafe-inline'"]
    assert editor.pop("img-src") == ["'self'", "data:", "blob:"]
    assert editor.pop("connect-src") == ["'self'"]
    assert (editor.pop("worker-src"), editor.pop("frame-src"), editor.pop("font-src")) == \
        (["'self'", "blob:"], ["'self'"], ["'self'"])
    for name in ("img-src", "connect-src", "script-src", "style-src"):
        page.pop(name)
    assert editor == page
    assert policies(sample_site)["admin/index.html"] == [ADMIN_POLICY]


def test_the_theme_guide_quotes_both_policies_as_the_settings_have_them():
    from helpers import ROOT

    guide = (ROOT / "docs" / "theme.md").read_text(encoding="utf-8")
    assert f"\n  {PAGE_POLICY}\n" in guide and f"\n  {SEARCH_POLICY}\n" in guide
