"""Fixtures shared by every test layer: built sites, one build per test session."""

from __future__ import annotations

import pytest

from helpers import BUNDLE_PAGES, FIXTURES, ROOT, build_site

SAMPLE_REPORT_DAY = "2018-07-05"


@pytest.fixture(scope="session")
def small_site(tmp_path_factory):
    """The small fixture site (tests/fixtures/small) built as of 2018-07-05."""
    output = tmp_path_factory.mktemp("small") / "output"
    build_site(FIXTURES / "small", output, as_of=SAMPLE_REPORT_DAY,
               settings={"REPORTS": [{"as_of": "2018-07-05", "start": "2018-01-01", "end": "2018-06-30"}]})
    return output


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory):
    """The real sample content (content/) built as of the district's report day."""
    output = tmp_path_factory.mktemp("sample") / "output"
    build_site(ROOT, output, as_of=SAMPLE_REPORT_DAY)
    return output



@pytest.fixture(scope="session")
def bundled_site(tmp_path_factory):
    """The real sample built with small search bundles (SEARCH_BUNDLE_PAGES), as a large
    site is: its search index is split into several Pagefind bundles (search.py)."""
    output = tmp_path_factory.mktemp("bundled") / "output"
    build_site(ROOT, output, as_of=SAMPLE_REPORT_DAY, settings={"SEARCH_BUNDLE_PAGES": BUNDLE_PAGES})
    return output
