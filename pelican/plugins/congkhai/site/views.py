"""What pages the site has, at which URL, with which data. Pure: no Pelican.

A page kind is one template plus one function here that prepares its
context. Status is computed once per item, and every list is grouped in one
pass over the items, so the cost grows linearly with the content.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Callable

from ..domain import statistics
from ..content.model import Content, Item, Session
from ..settings import ReportSpec
from ..domain.deadlines import DuePolicy
from ..domain.status import DEFAULT_POLICY, OVERDUE, STATES, ItemStatus, item_status
from ..vietnamese import sort_key

FORWARDED = "forwarded"  # a list page of its own, beside the three states
FORWARDED_LABEL = "Đã chuyển cấp trên"


# URLs: readable ASCII folders, ids not titles (titles fold to the same slug).
def session_url(session: Session) -> str:
    return f"doi-thoai/{session.id}/"


def item_url(item: Item) -> str:
    return f"noi-dung/{item.session_id}/{item.slug}/"


GROUP_URLS = {"topic": "linh-vuc", "agency": "co-quan", "commune": "xa"}
STATUS_URL = "tinh-trang"
REPORT_URL = "bao-cao"


def group_url(kind: str, group_id: str = "") -> str:
    return f"{GROUP_URLS[kind]}/{group_id + '/' if group_id else ''}"


def status_url(state: str) -> str:
    return f"{STATUS_URL}/{state}/"


def report_url(as_of: dt.date | None = None) -> str:
    return f"{REPORT_URL}/{as_of.isoformat() + '/' if as_of else ''}"


PAGE_SIZE = 200  # rows per page of a long list: keeps each page small and a rebuild local
PAGE_URL = "trang"  # .../trang/2/: the second page of a list ("trang" = page)


def list_page_url(base: str, number: int) -> str:
    """The first page keeps the list's own URL; the others are folders under it."""
    return base if number == 1 else f"{base}{PAGE_URL}/{number}/"


@dataclass(frozen=True)
class Pager:
    """Where one page of a long list stands: its number, how many pages, how many rows in all."""
    base: str  # the list's URL (its first page)
    number: int
    count: int
    total: int

    def url(self, number: int) -> str:
        return list_page_url(self.base, number)


def paginate(base: str, items: list, size: int = PAGE_SIZE) -> list[tuple[str, list, Pager]]:
    """(url, rows, pager) for each page of a list; an empty list still has its first page."""
    chunks = [items[start:start + size] for start in range(0, len(items), size)] or [[]]
    return [(list_page_url(base, n), chunk, Pager(base, n, len(chunks), len(items)))
            for n, chunk in enumerate(chunks, start=1)]


@dataclass(eq=False)
class Block:
    """Pages whose fingerprint inputs are all part of one value, `inputs` (rendering.py): while
    that value's digest is the one recorded for `key` at the last build, none of its pages is
    fingerprinted on its own. A session's item pages are one block: at 20,000 items that is
    40,000 fingerprints of about 10 µs each that a rebuild does not compute."""
    key: str  # the same from build to build
    inputs: object


@dataclass
class Page:
    url: str  # folder URL, relative to the site root, ending in "/"
    template: str  # theme template name without ".html"
    # The template's values, or a function that makes them when the page is rendered (item
    # pages: most of a rebuild's are not, and their timelines cost 0.1 s to make at 20,000 items).
    context: dict | Callable[[], dict] = field(default_factory=dict)
    # What its fingerprint covers when less than the context (rendering.py), or a function
    # that makes it (called in a page worker, when the page's fingerprint is first needed).
    inputs: dict | tuple | Callable[[], dict] | None = None
    block: Block | None = None

    def values(self) -> dict:
        """The context, made if it is made on demand."""
        return self.context() if callable(self.context) else self.context


# What item.html reads of its session (tests/unit/test_page_heads.py holds it to this), with each
# opinion's speaker: an item page's fingerprint covers these instead of the session, whose digest
# covers every answer, so an edited answer renders again only its own item's pages.
ITEM_SESSION_HEAD = ("id", "title", "date", "commune", "source")


def item_session_head(session: Session) -> dict:
    head = {name: getattr(session, name) for name in ITEM_SESSION_HEAD}
    head["speakers"] = {opinion.no: opinion.speaker for opinion in session.opinions}
    return head


def item_context(view: "SiteView", item: Item, head: dict) -> dict:
    from ..domain import supervision
    return {"item": item, "session": view.session_of(item), "status": view.status[item.id],
            "speaker": head["speakers"][item.opinion_no], "timeline": supervision.timeline(view, item)}


# What group.html reads of its group (tests/unit/test_page_heads.py holds it to this): a group
# page's fingerprint covers these instead of the group, whose digest covers all its items, so an
# edited answer renders again only the page of each list that shows its item, not every page.
GROUP_HEAD = ("kind", "id", "name", "figures")  # the URL is the kind's and the id's


@dataclass
class ReportView:
    report: statistics.Report
    by: dict[str, list[tuple]]  # topic | agency | commune | audience -> rows (entry, figures)
    status: dict[str, ItemStatus] = field(default_factory=dict)  # the report's items as of its day


@dataclass
class Group:
    kind: str  # topic | agency | commune
    id: str
    name: str
    items: list[Item]
    figures: statistics.Figures

    @property
    def url(self) -> str:
        return group_url(self.kind, self.id)


class SiteView:
    """The content as of one day: statuses, groups and figures, computed once."""

    def __init__(self, content: Content, as_of: dt.date, reports: list[ReportSpec] = (),
                 policy: DuePolicy = DEFAULT_POLICY):
        self.content = content
        self.as_of = as_of
        self.policy = policy
        self.sessions = {s.id: s for s in content.sessions}
        self.held = [s for s in content.sessions if s.date <= as_of]
        self.announced = [s for s in content.sessions if s.date > as_of]
        self.items = [item for s in self.held for item in s.items]
        self.status = {item.id: item_status(item, self.sessions[item.session_id].date, as_of, policy)
                       for item in self.items}
        self.figures = statistics.figures(self.status.values())
        self.groups = {kind: self._groups(kind) for kind in GROUP_URLS}
        self.reports = [self._report(spec) for spec in reports]

    def session_of(self, item: Item) -> Session:
        return self.sessions[item.session_id]

    def status_of(self, item: Item) -> ItemStatus:
        return self.status[item.id]

    def group_id(self, kind: str, item: Item) -> str:
        """The topic, agency or commune an item is listed under (search filters use the same)."""
        return self._key(kind)(item)

    def _key(self, kind: str, status: dict[str, ItemStatus] | None = None):
        """How items group: by topic, by the agency answerable for them, by commune.

        An item answered on the spot with no agency goes to the agency of its
        latest counted response, if any (the status already holds it)."""
        status = status or self.status
        if kind == "topic":
            return lambda item: item.topic
        if kind == "agency":
            return lambda item: (status[item.id].forwarded_to or item.agency
                                 or (status[item.id].latest.agency if status[item.id].latest else ""))
        return lambda item: self.sessions[item.session_id].commune

    def _groups(self, kind: str) -> list[Group]:
        table = self._table(kind)
        grouped = statistics.group_items(self.items, self._key(kind))
        groups = [Group(kind, entry.id, entry.name, grouped.get(entry.id, []),
                        statistics.figures(self.status[i.id] for i in grouped.get(entry.id, [])))
                  for entry in table.values()]
        return sorted(groups, key=lambda g: sort_key(g.name))

    def _report(self, spec: ReportSpec) -> "ReportView":
        """A report has its own as-of day: statuses are computed again for it."""
        sessions = [s for s in statistics.sessions_in_period(self.content.sessions, spec.start, spec.end)
                    if s.date <= spec.as_of]
        if spec.as_of == self.as_of:  # the site's own day (the usual report): its statuses are made
            status = {item.id: self.status[item.id] for s in sessions for item in s.items}
        else:
            status = {item.id: item_status(item, s.date, spec.as_of, self.policy)
                      for s in sessions for item in s.items}
        items = [item for s in sessions for item in s.items]
        report = statistics.report(sessions, spec.start, spec.end, spec.as_of, status)
        by = {kind: self._rows(kind, statistics.breakdown(items, self._key(kind, status), status))
              for kind in GROUP_URLS}
        by["audience"] = sorted(statistics.breakdown(
            items, lambda i: self.sessions[i.session_id].audience, status).items())
        return ReportView(report, by, status)

    def _rows(self, kind: str, table: dict) -> list[tuple]:
        """(group entry, figures) rows in Vietnamese order of the names."""
        names = self._table(kind)
        return sorted(((names[key], figures) for key, figures in table.items()),
                      key=lambda row: sort_key(row[0].name))

    def _table(self, kind: str) -> dict:
        return {"topic": self.content.topics, "agency": self.content.agencies,
                "commune": self.content.communes}[kind]

    @functools.cached_property
    def overdue_keys(self) -> dict[str, tuple]:
        """Each held item's place in an overdue-first list (overdue_first), computed once:
        an item is sorted into a topic, an agency, a commune and a state list."""
        return {item.id: (self.status[item.id].state != OVERDUE, -self.status[item.id].days_late,
                          -self.sessions[item.session_id].date.toordinal(), item.opinion_no, item.no)
                for item in self.items}

    def session_figures(self, session: Session) -> statistics.Figures:
        return statistics.figures(self.status[i.id] for i in session.items if i.id in self.status)

    def items_in_state(self, state: str) -> list[Item]:
        if state == FORWARDED:
            return [i for i in self.items if self.status[i.id].outstanding and self.status[i.id].forwarded_to]
        return [i for i in self.items if self.status[i.id].state == state]

    def counted_responses(self) -> list:
        """Responses published by AS_OF to items of held sessions, oldest first."""
        return [r for r in self.content.responses if r.date <= self.as_of and r.item_id in self.status]

    def recent_responses(self, limit: int = 10):
        return list(reversed(self.counted_responses()[-limit:]))


def overdue_first(items: list[Item], view: SiteView) -> list[Item]:
    """Outstanding and overdue items first, longest late first; then by session date, newest first."""
    keys = view.overdue_keys
    return sorted(items, key=lambda item: keys[item.id])


# What sessions.html reads of each session, besides its figures (view.session_figures) and its
# URL (its id): tests/unit/test_page_heads.py holds the template to these.
HELD_HEAD = ("id", "title", "date", "audience")
ANNOUNCED_HEAD = ("id", "title", "date", "place")


def sessions_inputs(view: SiteView) -> Callable[[], dict]:
    """The sessions list's fingerprint inputs: each session's head and figures instead of the
    session, whose digest covers its answers, so an edited answer does not render again the
    list of every session (about 0.1 s a language at 1,000 sessions) for the same bytes."""
    @functools.cache
    def inputs() -> dict:
        return {"held": [(*(getattr(s, name) for name in HELD_HEAD), view.session_figures(s))
                         for s in view.held[::-1]],
                "announced": [tuple(getattr(s, name) for name in ANNOUNCED_HEAD) for s in view.announced]}
    return inputs


def pages(view: SiteView) -> list[Page]:
    """Every page of the site, in a stable order."""
    from ..domain import accountability
    from ..domain import supervision
    result = [
        Page("", "index", {"recent": view.recent_responses(), "latest_sessions": view.held[-5:][::-1]}),
        Page("doi-thoai/", "sessions", {"held": view.held[::-1], "announced": view.announced},
             sessions_inputs(view)),
    ]
    for session in view.content.sessions:
        result.append(Page(session_url(session), "session", {"session": session}))
    for session in view.held:
        # An item page shows its item (whose digest covers its answers and status), its session's
        # head and the supervision records naming it (its timeline): a new record changes it.
        # All of them are in the session with its items' records: the block (rendering.py).
        head, items = item_session_head(session), session.items
        named = [supervision.for_item(view, item) for item in items]
        block = Block(f"items/{session.id}", (session, named))
        for item, records in zip(items, named):
            result.append(Page(item_url(item), "item", functools.partial(item_context, view, item, head),
                               (item, head, records), block))
    for kind, groups in view.groups.items():
        result.append(Page(group_url(kind), "groups", {"kind": kind, "groups": groups}))
        for group in groups:
            # The agency's accountability record goes into the context (not read through a
            # site-wide global), so a group page is re-rendered only when its own data changes.
            extra = {"accountability": accountability.record_for(view, group.id),
                     "supervision": supervision.for_agency(view, group.id)} if kind == "agency" else {}
            head = tuple(getattr(group, name) for name in GROUP_HEAD)
            for url, rows, pager in paginate(group.url, overdue_first(group.items, view)):
                context = {"group": group, "items": rows, "pager": pager, **extra}
                result.append(Page(url, "group", context, {**context, "group": head}))
    for state in (*STATES, FORWARDED):
        for url, rows, pager in paginate(status_url(state), overdue_first(view.items_in_state(state), view)):
            result.append(Page(url, "status", {"state": state, "items": rows, "pager": pager}))
    result.append(Page(report_url(), "reports", {}))
    for entry in view.reports:
        result.append(Page(report_url(entry.report.as_of), "report",
                           {"report": entry.report, "by": entry.by, "entry": entry}))
    return result
