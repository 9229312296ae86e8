"""The one registry of page and file families: every page and every file the site publishes.

Imports the rooms that make pages and files (site/, outputs/, search/); the generator
reads this registry and nothing else to know what to make. A page family is a function of
the view (site/views.py) listing pages (site/pages.py), each with its typed context
(site/contexts.py). A file family writes files: (view, settings) yielding (path, bytes) one
at a time (or a Deferred or Streamed file, build/families.py), with
the rows it keeps between builds (build/rowcache.py) when it declares `rows`, and the
site's pages when it declares `lists_pages` (the sitemap); each is a task of the page
renderers' workers, which write the families before their pages (build/families.py).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable

from .outputs import admin, bodies, feeds, ical, opendata, seo, wordreport
from .search import page as search_page
from .site import dashboard
from .site import pages as site_pages


@dataclass(frozen=True)
class PageFamily:
    name: str
    pages: Callable  # view -> [Page]


@dataclass(frozen=True)
class FileFamily:
    name: str  # also the name of its rows in the cache (rows-<name>.pickle)
    files: Callable  # (view, settings, **what it declares) -> an iterator of (path, bytes | Deferred | Streamed)
    rows: bool = False  # given the rows kept between builds (rows=)
    lists_pages: bool = False  # given the site's pages (pages=): started once they are listed


PAGE_FAMILIES = (
    PageFamily("site", site_pages.pages),
    PageFamily("bodies", site_pages.body_pages),
    PageFamily("search", search_page.pages),
    PageFamily("ranking", site_pages.ranking_pages),
    PageFamily("dashboard", dashboard.pages),
    PageFamily("supervision", site_pages.supervision_pages),
    PageFamily("changes", site_pages.changes_pages),
    PageFamily("open data", opendata.pages),
)

# The largest first: the workers take them in this order (build/families.py).
FILE_FAMILIES = (
    FileFamily("data", opendata.data_files, rows=True),
    FileFamily("changes", feeds.changes_files),
    FileFamily("feeds", feeds.files, rows=True),
    FileFamily("calendar", ical.files),
    FileFamily("bodies", bodies.files, rows=True),
    FileFamily("word reports", wordreport.files),
    FileFamily("sitemap", seo.files, lists_pages=True),
    FileFamily("admin", admin.files),
)


def all_pages(view) -> list:
    """Every page of the site, family by family, in a stable order."""
    return [page for family in PAGE_FAMILIES for page in family.pages(view)]


def writers(families, row_caches=None, pages=None) -> list[Callable]:
    """Each family as a (view, settings) function, given what it declares: its rows (from
    row_caches, build/rowcache.RowCaches, when the build keeps them) and the pages."""
    result = []
    for family in families:
        extra = {}
        if family.rows and row_caches is not None:
            extra["rows"] = row_caches.get(family.name)
        if family.lists_pages:
            extra["pages"] = pages
        result.append(functools.partial(family.files, **extra) if extra else family.files)
    return result
