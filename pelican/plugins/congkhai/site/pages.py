"""Which pages the site has: each at its URL, with its typed context (contexts.py), in a stable order.

Pure: imports content/, domain/ and site/ only. A page family is a function of the view that
lists pages; the families are declared once, in families.py. A page may give narrower
fingerprint inputs than its context (a group page gives its group's head, not the group
with all its items) and belong to a block (a session's item pages), so that a rebuild
fingerprints and renders only what changed; tests/unit/site/test_page_heads.py holds the
templates to the heads they are fingerprinted by.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from dataclasses import dataclass
from typing import Callable

from ..content.model import Item, Session
from ..domain import supervision
from ..domain.changes import changes
from ..domain.status import STATES
from . import contexts
from .contexts import Context
from .urls import (
    BODIES_URL,
    COMPARISON_URL,
    CHANGES_URL,
    RANKING_URL,
    SESSIONS_URL,
    SUPERVISION_URL,
    group_url,
    item_url,
    list_page_url,
    body_items_url,
    body_report_url,
    body_url,
    report_url,
    session_url,
    status_url,
)
from .printable import overdue_count, overdue_rows
from .views import FORWARDED, SiteView, overdue_first


def page(url: str, context: Context, inputs=None) -> "Page":
    """A page at url rendered from context, with its template."""
    return Page(url, context.template, context, inputs)


@dataclass(frozen=True)
class Pager:
    """Where one page of a long list stands: its number, how many pages, how many rows in all."""
    base: str  # the list's URL (its first page)
    number: int
    count: int
    total: int

    def url(self, number: int) -> str:
        return list_page_url(self.base, number)

    def window(self) -> list[int | None]:
        """The page numbers its links show, in order, None where pages are left out: the first,
        the last and PAGER_NEIGHBOURS either side of this one (a gap of a single page shows that
        page instead), so that a page of a list of 500 pages links at most
        2 * PAGER_NEIGHBOURS + 5 of them and every page is still reached by following them."""
        shown = {1, self.count, *range(max(1, self.number - PAGER_NEIGHBOURS),
                                       min(self.count, self.number + PAGER_NEIGHBOURS) + 1)}
        result, previous = [], 0
        for number in sorted(shown):
            if number - previous == 2:
                result.append(number - 1)
            elif number - previous > 2:
                result.append(None)
            result.append(number)
            previous = number
        return result


# Pages a list's pager links either side of the current one, as well as the first and the last.
PAGER_NEIGHBOURS = 2


def paginate(base: str, items: list, size: int) -> list[tuple[str, list, Pager]]:
    """(url, rows, pager) for each page of a list of `size` rows a page (LIST_PAGE_ROWS); an empty
    list still has its first page."""
    chunks = [items[start:start + size] for start in range(0, len(items), size)] or [[]]
    return [(list_page_url(base, n), chunk, Pager(base, n, len(chunks), len(items)))
            for n, chunk in enumerate(chunks, start=1)]


def rows_per_page(view: SiteView) -> int:
    return int(view.options["LIST_PAGE_ROWS"])


@dataclass(eq=False)
class Block:
    """Pages whose fingerprint inputs are all part of one value, `inputs` (build/rendering.py): while
    that value's digest is the one recorded for `key` at the last build, none of its pages is
    fingerprinted on its own. A session's item pages are one block (at 20,000 items, 40,000
    fingerprints of about 10 µs each that a rebuild does not compute), and a body's periodic
    reports another (report_inputs)."""
    key: str  # the same from build to build
    inputs: object


@dataclass
class Page:
    url: str  # folder URL, relative to the site root, ending in "/"
    template: str  # theme template name without ".html": its context's (contexts.py)
    # The template's values, or a function that makes them when the page is rendered (item
    # pages: most of a rebuild's are not, and their timelines cost 0.1 s to make at 20,000 items).
    context: Context | Callable[[], Context]
    # What its fingerprint covers when less than the context (build/rendering.py), or a function
    # that makes it (called in a page worker, when the page's fingerprint is first needed).
    inputs: object = None
    block: Block | None = None

    def made(self) -> Context:
        """The context, made if it is made on demand."""
        return self.context() if callable(self.context) else self.context

    def values(self) -> dict:
        """The template's variables: the context's fields."""
        return self.made().values()


# What item.html reads of its session (tests/unit/site/test_page_heads.py holds it to this), with each
# opinion's speaker: an item page's fingerprint covers these instead of the session, whose digest
# covers every answer, so an edited answer renders again only its own item's pages.
ITEM_SESSION_HEAD = ("id", "title", "date", "commune", "body", "source")


def item_session_head(session: Session) -> dict:
    head = {name: getattr(session, name) for name in ITEM_SESSION_HEAD}
    head["speakers"] = {opinion.no: opinion.speaker for opinion in session.opinions}
    return head


def item_context(view: SiteView, item: Item, head: dict) -> contexts.ItemPage:
    return contexts.ItemPage(item, view.session_of(item), view.status[item.id],
                             head["speakers"][item.opinion_no], view.timeline(item), view.transfers.get(item.id, []))


# What group.html reads of its group (tests/unit/site/test_page_heads.py holds it to this): a group
# page's fingerprint covers these instead of the group, whose digest covers all its items, so an
# edited answer renders again only the page of each list that shows its item, not every page.
GROUP_HEAD = ("kind", "id", "name", "figures")  # the URL is the kind's and the id's


# What sessions.html reads of each session, besides its figures (view.session_figures) and its
# URL (its id): tests/unit/site/test_page_heads.py holds the template to these.
HELD_HEAD = ("id", "title", "date", "audience")
ANNOUNCED_HEAD = ("id", "title", "date", "place")


def sessions_inputs(view: SiteView, held: list[Session], announced: list[Session], pager) -> Callable[[], dict]:
    """A page of the sessions list's fingerprint inputs: each session's head and figures instead of
    the session, whose digest covers its answers, so an edited answer does not render again the
    list (about 0.1 s a language at 1,000 sessions) for the same bytes."""
    @functools.cache
    def inputs() -> dict:
        return {"held": [(*(getattr(s, name) for name in HELD_HEAD), view.session_figures(s)) for s in held],
                "announced": [tuple(getattr(s, name) for name in ANNOUNCED_HEAD) for s in announced],
                "pager": pager}
    return inputs


def pages(view: SiteView) -> list[Page]:
    """The home page, the sessions, the items, the group and status lists and the reports,
    in a stable order."""
    result = [page("", contexts.Home(view.recent_responses(), view.held[-5:][::-1]))]
    for url, rows, pager in paginate(SESSIONS_URL, view.held[::-1], rows_per_page(view)):
        announced = view.announced if pager.number == 1 else []
        result.append(page(url, contexts.Sessions(rows, announced, pager), sessions_inputs(view, rows, announced, pager)))
    for session in view.content.sessions:
        result.append(page(session_url(session), contexts.SessionPage(session)))
    for session in view.held:
        # An item page shows its item (whose digest covers its answers and status), its session's
        # head, the supervision records naming it and the handovers that passed it on (its
        # timeline): a new record or handover changes it.
        # All of them are in the session with its items' records: the block (build/rendering.py).
        head, items = item_session_head(session), session.items
        # The handovers that passed an item on are on its page too (its timeline, its agency).
        named = [view.supervision_of(item) for item in items]
        passed = [view.transfers.get(item.id, []) for item in items]
        block = Block(f"items/{session.id}", (session, named, passed))
        for item, records, transfers in zip(items, named, passed):
            result.append(Page(item_url(item), contexts.ItemPage.template,
                               functools.partial(item_context, view, item, head), (item, head, records, transfers),
                               block))
    for kind, groups in view.groups.items():
        result.append(page(group_url(kind), contexts.Groups(kind, groups)))
        for group in groups:
            # The agency's accountability record goes into the context (not read through a
            # site-wide global), so a group page is re-rendered only when its own data changes.
            extra = {"accountability": view.accountability_by_agency.get(group.id),
                     "supervision": view.supervision_for_agency(group.id)} if kind == "agency" else {}
            head = tuple(getattr(group, name) for name in GROUP_HEAD)
            for url, rows, pager in paginate(group.url, overdue_first(group.items, view), rows_per_page(view)):
                context = contexts.GroupPage(group, rows, pager, **extra)
                result.append(page(url, context, dataclasses.replace(context, group=head)))
    for state in (*STATES, FORWARDED):
        rows_of_state = overdue_first(view.items_in_state(state), view)
        for url, rows, pager in paginate(status_url(state), rows_of_state, rows_per_page(view)):
            result.append(page(url, contexts.StatusPage(state, rows, pager)))
    result.append(page(report_url(), contexts.Reports()))
    for entry in view.reports:
        for url, places, pager in paginate(report_url(entry.report.as_of), range(overdue_count(entry)),
                                           rows_per_page(view)):
            result.append(Page(url, contexts.ReportPage.template,
                               functools.partial(_report_context, contexts.ReportPage, (), view, entry, places, pager)))
    return result


def ranking_pages(view: SiteView) -> list[Page]:
    """The agencies' ranking (domain/accountability.py)."""
    return [page(RANKING_URL, contexts.Ranking(view.accountability, int(view.options["MIN_ITEMS_FOR_RANKING"])))]


def supervision_pages(view: SiteView) -> list[Page]:
    """The supervision records shown as of the view's day, newest first."""
    return [page(SUPERVISION_URL, contexts.SupervisionPage(supervision.shown(view.content.supervision,
                                                                             view.as_of)))]


def changes_pages(view: SiteView) -> list[Page]:
    """What changed in the CHANGES_DAYS days up to the view's day (domain/changes.py)."""
    days = int(view.options["CHANGES_DAYS"])
    found = changes(view.items, view.status, view.as_of, days)
    resolved = sum(1 for change in found if change.kind == "newly-resolved")
    since = view.as_of - dt.timedelta(days=days - 1)
    return [page(url, contexts.Changes(rows, days, since, pager, resolved, len(found) - resolved))
            for url, rows, pager in paginate(CHANGES_URL, found, rows_per_page(view))]


def rollup(view: SiteView, body) -> list:
    """A body's own row of the comparison and those of the bodies within it (a province's communes);
    empty when nothing is within it."""
    rows = {row.body.id: row for row in view.comparison}
    within = [rows[child.id] for child in view.content.bodies.values() if child.parent == body.id]
    return [rows[body.id], *within] if within else []


def body_pages(view: SiteView) -> list[Page]:
    """The bodies that hold dialogues or held them, and a page for each: its dates, the bodies
    above and below it, who took over its work when it ended, and its sessions. None on a site
    of one body (no bodies.yaml)."""
    bodies = view.content.bodies
    if not bodies:
        return []
    result = [page(BODIES_URL, contexts.Bodies([(body, view.body_figures(body.id)) for body in bodies.values()])),
              page(COMPARISON_URL, contexts.BodyComparison(view.comparison))]
    for body in bodies.values():
        answered = overdue_first(view.items_by_body.get(body.id, []), view)
        out, into = view.forwarded.get(body.id, ([], []))
        sessions = view.sessions_by_body.get(body.id, [])
        predecessors = [(other, successor) for other in bodies.values() for successor in other.successors
                        if successor.body == body.id]
        ceased = body.end + dt.timedelta(days=1) if body.end and body.end < view.as_of else None
        result.append(page(body_url(body), contexts.BodyPage(
            body, bodies.get(body.parent), [b for b in bodies.values() if b.parent == body.id],
            [(bodies[s.body], s) for s in body.successors], predecessors, ceased,
            bool(body.start and body.start > view.as_of),
            [s for s in sessions if s.date <= view.as_of][::-1], [s for s in sessions if s.date > view.as_of],
            view.body_figures(body.id), rollup(view, body),
            view.outstanding_by_body.get(body.id, [])[:BODY_OUTSTANDING_SHOWN],
            out[:BODY_OUTSTANDING_SHOWN], into[:BODY_OUTSTANDING_SHOWN], view.agencies_by_body.get(body.id, []),
            len(view.body_reports.get(body.id, ())), len(out), len(into))))
        for url, rows, pager in paginate(body_items_url(body), answered, rows_per_page(view)):
            result.append(page(url, contexts.BodyItems(body, rows, pager)))
        reports = view.body_reports.get(body.id, [])
        block = Block(reports_block(body), report_inputs(view, body)) if reports else None
        if reports:
            result.append(Page(body_report_url(body), contexts.BodyReports.template,
                               contexts.BodyReports(body, reports), block=block))
        for entry in reports:
            for url, places, pager in paginate(entry.url, range(overdue_count(entry)), rows_per_page(view)):
                result.append(Page(url, contexts.BodyReportPage.template,
                                   functools.partial(_report_context, contexts.BodyReportPage, (body,), view, entry,
                                                     places, pager),
                                   block=block))
    return result


def _report_context(kind, first: tuple, view: SiteView, entry, places: range, pager):
    """A report page's context, made when the page is fingerprinted or rendered: its share
    (`places`) of the report's overdue items, and its rows by topic, agency, commune and
    audience (views.ReportView.by) on its first page only, which alone shows them (report.html,
    body_report.html), so that the later pages of its overdue items do not depend on them. Made
    for each of a province's 16,000 periodic reports when their pages are listed, the overdue
    rows alone took 0.3 s of every rebuild; made for each page, a long list cost its length
    squared (views.Recent keeps the last reports')."""
    by = entry.by if pager is None or pager.number == 1 else {}
    rows = []
    if places:
        rows = view.recent.get("overdue", entry, lambda: overdue_rows(view, entry))[places.start:places.stop]
    return kind(*first, entry.report, by, entry, rows, pager)


def reports_block(body) -> str:
    """The key of the block of a body's periodic reports (report_inputs), the same from build to build."""
    return f"reports/{body.id}"


def report_inputs(view: SiteView, body) -> tuple:
    """What a body's periodic reports are made of (views.SiteView.body_reports), as one block's
    inputs: the body, every session it holds (their items with their answers: the statuses as
    of any day), the handovers that passed those items on (an item handed away leaves the
    running total), and the items handed to it with their handovers. The periods follow from
    these, the day and the settings (the site key). A province holds 16,000 such reports at
    20,000 items, a page each per language: while none of a body's inputs changed, none of
    its pages is fingerprinted."""
    sessions = view.sessions_by_body.get(body.id, [])
    passed = [view.transfers.get(item.id, []) for session in sessions for item in session.items]
    received = [(item, view.transfers.get(item.id, [])) for item, _ in view.received_by_body.get(body.id, [])]
    return body, sessions, passed, received


# Outstanding and forwarded items on a body's own page, most overdue first; the rest are on its
# list of items (and, forwarded to it, on its agencies' lists): a province's page would otherwise
# list every item its communes forwarded up.
BODY_OUTSTANDING_SHOWN = 20
