"""The search page and what each indexed page tells Pagefind: filters, sort keys, metadata,
and the bundles the index is made in.

Imports content/, domain/ and site/. One index for every language: item and session pages
show the same questions and answers in every interface language, only the labels differ.
So only the first language's pages are indexed (base.html sets data-pagefind-body there
alone) and Pagefind reads only their folders (`GLOB`); the other languages' search pages
load the same bundle and point results at their own copies of the pages.

Several bundles on a large site: Pagefind's memory grows with the pages it holds (about
2.2 GB for 21,000), so a site with more indexed pages than SEARCH_BUNDLE_PAGES is split
into bundles of whole sessions in date order (`partition`), each indexed by its own
Pagefind run into /pagefind/<n>/. The split is decided from the view before the pages
are rendered, because the search page names the bundles; the browser queries them all
and merges the results (theme/static/js/search.js).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.status import STATES
from ..site import i18n
from ..site.contexts import Search
from ..site.pages import Page, page
from ..site.urls import PAGE_URL
from ..site.views import FORWARDED

SEARCH_URL = "tim-kiem/"
BUNDLE = "pagefind"  # the folder Pagefind writes into the output
FOLD_META = "fold"  # the metadata key holding the folded đ-words
# Filter keys in the order the search page shows them.
FACETS = ("status", "body", "topic", "agency", "commune", "year")  # no `body` on a site of one body
SORTS = ("date", "deadline")  # the first is the default, newest first
# The folders of the indexed pages (views.item_url, views.session_url): Pagefind reads
# nothing else, neither the other languages' copies (under /en/…) nor list pages.
INDEXED_FOLDERS = ("noi-dung", "doi-thoai")
GLOB = "{" + ",".join(INDEXED_FOLDERS) + "}/**/*.html"
# Under an indexed folder, the later pages of its own list (doi-thoai/trang/2/): never a session's
# folder, and never indexed (no data-pagefind-body).
LIST_PAGES = PAGE_URL
SCRIPT = "pagefind.js"  # each bundle's entry point, which the search page imports
RECENT = f"{BUNDLE}/recent"  # the pages changed since their bundle was indexed (search/recent.py)
RECENT_MANIFEST = f"{BUNDLE}/recent.json"  # the recent bundle and the stale pages, read by the search page


def _day_number(day) -> int:
    """The day's ordinal (736754 for 2018-03-01): Pagefind sorts numerically only when
    every value is a number, and reads the numbers as 32-bit floats, exact only up to
    16,777,216. A date written 20180301 is past that: 20171208 and 20171209 read as the
    same number, so neighbouring days came out in either order (measured, Pagefind 1.5.2)."""
    return day.toordinal()


def _dates(key: str, day) -> list[tuple[str, str]]:
    """The day as each interface language writes it ("date_vi", "date_en"): any language's
    search page shows results from the one index in its own words."""
    return [(f"{key}_{lang}", formats.short_date(day)) for lang, formats in i18n.FORMATS.items()]


@dataclass(frozen=True)
class SearchData:
    """What one indexed page tells Pagefind: filters, sort keys, metadata (all key:value)."""
    filters: tuple[tuple[str, str], ...]
    sorts: tuple[tuple[str, int], ...]
    meta: tuple[tuple[str, str], ...]


def item_data(view, item) -> SearchData:
    session, status = view.session_of(item), view.status_of(item)
    states = [status.state] + ([FORWARDED] if status.outstanding and status.forwarded_to else [])
    groups = [(kind, view.group_id(kind, item)) for kind in ("topic", "agency", "commune")]
    filters = [("status", state) for state in states] + [(k, v) for k, v in groups if v]
    filters.append(("year", str(session.date.year)))
    body = view.holder(item)  # the body that holds it now: a handed-over item is with its new body
    if body:
        filters.append(("body", body))
    # Items answered on the spot have no deadline: their session day stands in,
    # because Pagefind drops a page without the sort key from sorted results.
    deadline = status.due or item.due or session.date
    # "no" and the dates let each language's search page write the title ("Item 9.2, …").
    meta = [("kind", "item"), ("no", item.number), *_dates("date", session.date)]
    if status.due:
        meta += _dates("due", status.due)
    sorts = (("date", _day_number(session.date)), ("deadline", _day_number(deadline)))
    return SearchData(tuple(filters), sorts, tuple(meta) + _sort_meta(sorts))


def session_data(view, session) -> SearchData:
    filters = [("year", str(session.date.year))] + ([("commune", session.commune)] if session.commune else [])
    filters += [("body", session.body)] if session.body else []
    day = _day_number(session.date)
    sorts = (("date", day), ("deadline", day))
    return SearchData(tuple(filters), sorts, (("kind", "session"), *_dates("date", session.date)) + _sort_meta(sorts))


def _sort_meta(sorts) -> tuple[tuple[str, str], ...]:
    """The sort keys again as metadata ("sort_date"): a result's sort key is not in what
    Pagefind returns, and merging several bundles' sorted results needs it (search.js).
    Every page carries them, one bundle or several: a page reused from the previous build
    must not depend on how many bundles this build has."""
    return tuple((f"sort_{key}", str(value)) for key, value in sorts)


def search_data(view, item=None, session=None) -> SearchData:
    """The template global: item pages pass the item, session pages the session."""
    return item_data(view, item) if item is not None else session_data(view, session)


def facet_values(view) -> dict[str, list[tuple[str, str]]]:
    """Every filter value the index can hold, with its Vietnamese name, in Vietnamese order.

    Counts are not computed here: the search page asks Pagefind, so they
    always agree with the current query.
    """
    # Status names are interface text, translated in the template: no name here.
    facets = {"status": [(state, "") for state in (*STATES, FORWARDED)]}
    # Bodies by the items they hold now (a handed-over item is with its new body) and their sessions.
    holding = {view.holder(item) for item in view.items} | {s.body for s in view.content.sessions}
    bodies = [(b.id, b.name[:1].upper() + b.name[1:]) for b in view.content.bodies.values() if b.id in holding]
    if bodies:
        facets["body"] = bodies
    facets.update({kind: [(g.id, g.name) for g in view.groups[kind] if g.items]
                   for kind in ("topic", "agency", "commune")})
    facets["year"] = [(str(y), str(y)) for y in sorted({s.date.year for s in view.held}, reverse=True)]
    return facets


@dataclass(frozen=True)
class Bundle:
    """One Pagefind bundle: the folder it is written to and the sessions whose pages it holds."""
    folder: str  # under the output, e.g. "pagefind" or "pagefind/2"
    sessions: tuple[str, ...] = ()  # session ids; empty: every indexed page (the only bundle)

    @property
    def script(self) -> str:
        return f"{self.folder}/{SCRIPT}"

    @property
    def glob(self) -> str:
        """The bundle's pages for Pagefind's --glob: its sessions' folders under each indexed folder."""
        if not self.sessions:
            return GLOB
        folders = self.sessions[0] if len(self.sessions) == 1 else "{" + ",".join(self.sessions) + "}"
        return "{" + ",".join(INDEXED_FOLDERS) + "}/" + folders + "/**/*.html"


def partition(sessions, max_pages: int) -> list[tuple[str, ...]]:
    """[(session id, indexed pages), …] in date order -> groups of whole sessions.

    All in one group while the pages fit in max_pages. Beyond that, groups are
    filled in date order up to max_pages each (a session larger than that is a
    group of its own): a new session, usually the latest, changes the last group
    only, and every earlier bundle keeps its pages.
    """
    sessions = list(sessions)
    if sum(pages for _, pages in sessions) <= max_pages:
        return [tuple(session for session, _ in sessions)]
    groups, current, filled = [], [], 0
    for session, pages in sessions:
        if current and filled + pages > max_pages:
            groups.append(tuple(current))
            current, filled = [], 0
        current.append(session)
        filled += pages
    if current:
        groups.append(tuple(current))
    return groups


def bundles(view) -> list[Bundle]:
    """The site's bundles: decided from the view, before any page is rendered (the search
    page names them). The pages of a session: its own and, once held, its items'."""
    held = {session.id for session in view.held}
    sessions = [(s.id, 1 + (len(s.items) if s.id in held else 0)) for s in view.content.sessions]
    limit = view.options["SEARCH_BUNDLE_PAGES"]
    groups = partition(sessions, limit)
    if len(groups) == 1:
        return [Bundle(BUNDLE)]
    return [Bundle(f"{BUNDLE}/{number}", group) for number, group in enumerate(groups, 1)]


def pages(view) -> list[Page]:
    """The page family: one search page, naming its bundles."""
    return [page(SEARCH_URL, Search(facet_values(view), SORTS, [bundle.script for bundle in bundles(view)],
                                    RECENT_MANIFEST))]
