"""The site's view of its content as of one day: every status, group, figure and report,
computed once when the view is made and then only read.

Pure: imports content/, domain/, settings and vietnamese; never Pelican. Every field of
SiteView is declared in the class and set in its constructor; what is derived later
(the agencies' ranking, the supervision records by item) is a cached property of the
view, made from its own fields.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Callable

from ..content.model import Body, Content, Item, Session, Supervision
from ..domain import accountability, cycles, handovers, statistics, supervision
from ..domain.accountability import AgencyRecord
from ..domain.deadlines import DuePolicy
from ..domain.status import DEFAULT_POLICY, NOT_YET_DUE, OVERDUE, RESOLVED, ItemStatus, item_status
from ..settings import DEFAULTS, ReportSpec
from ..vietnamese import sort_key
from .markup import Markdown
from .urls import GROUP_URLS, body_report_url, group_url, report_url

FORWARDED = "forwarded"  # a list page of its own, beside the three states
FORWARDED_LABEL = "Đã chuyển cấp trên"
_NOT_HELD = (0, 0, 0, 0, 0)  # an item's part of a running total (Figures' fields) while another body holds it


@dataclass
class ReportView:
    report: statistics.Report
    # Its rows by topic | agency | commune | audience -> (entry, figures), made when they are asked
    # for (`by`), and kept only among the last reports' (SiteView.recent): a province has 16,000
    # periodic reports, and a rebuild shows the rows of only those whose body changed (their pages
    # and Word copies); made for all at once, they were 60 % of the time the reports took, and
    # held in every process until the end.
    breakdown: Callable[[], dict[str, list[tuple]]]
    status: dict[str, ItemStatus] = field(default_factory=dict)  # the report's items as of its day
    body: Body | None = None  # whose report it is: a body's periodic report, or None for the site's
    period: cycles.Period | None = None  # the period of a body's periodic report
    # A periodic report's running total: every item the body held at the cut-off, raised since its
    # first session or handed to it, with its status that day (None for the site's reports).
    held: statistics.Figures | None = None
    spec: ReportSpec | None = None  # what the settings asked for (its issuer and body, for the Word copy)

    @property
    def by(self) -> dict[str, list[tuple]]:
        return self.breakdown()

    @property
    def url(self) -> str:
        """Where it is published: under its body's reports for a period, else under the site's."""
        if self.body is not None and self.period is not None:
            return body_report_url(self.body, self.period.key)
        return report_url(self.report.as_of)


@dataclass(frozen=True)
class Comparison:
    """A body's row in the comparison of bodies."""
    body: Body
    sessions: int  # held by the view's day
    figures: statistics.Figures  # the items it answers for (SiteView.answering_body)
    timeliness: AgencyRecord  # over those with a deadline: on-time share and median days to answer


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


class Recent:
    """The last values made from some objects, by those objects' identity, at most `size` of them.

    A report's rows (ReportView.by, its overdue rows) are made when a page asks, not kept for the
    build: a worker renders a report's pages in both languages within one task of a hundred pages
    a language (build/rendering.py), and would otherwise make them again for each page and
    language (a long overdue list, once per page of it: quadratic in its length)."""

    def __init__(self, size: int):
        self.size = size
        self.found: dict[tuple[str, int], tuple[object, object]] = {}  # (kind, id) -> (the object, its value)

    def get(self, kind: str, source: object, make: Callable[[], object]):
        known = self.found.get((kind, id(source)))
        if known is not None and known[0] is source:  # the object is held, so its id is not another's
            return known[1]
        value = make()
        if len(self.found) >= self.size:
            del self.found[next(iter(self.found))]  # the oldest
        self.found[(kind, id(source))] = (source, value)
        return value


RECENT_REPORTS = 256  # a worker's task holds the pages of at most 200 reports (rendering.CHUNK)


class SiteView:
    """The content as of one day: statuses, groups and figures, computed once."""

    content: Content
    as_of: dt.date
    policy: DuePolicy
    options: dict  # Công khai's settings, resolved (settings.resolve)
    markdown: Markdown  # the content's Markdown as HTML and as plain text, converted once
    sessions: dict[str, Session]  # by id
    held: list[Session]  # held by as_of, in date order
    announced: list[Session]  # dated after as_of
    items: list[Item]  # the items of the held sessions
    status: dict[str, ItemStatus]  # item id -> its status as of as_of
    figures: statistics.Figures
    groups: dict[str, list["Group"]]  # topic | agency | commune -> groups in Vietnamese order
    reports: list["ReportView"]
    recent: Recent  # the rows of the reports whose pages were made last (Recent)

    def __init__(self, content: Content, as_of: dt.date, reports: list[ReportSpec] = (),
                 policy: DuePolicy = DEFAULT_POLICY, options: dict | None = None,
                 markdown: Markdown | None = None):
        self.content = content
        self.as_of = as_of
        self.policy = policy
        self.options = dict(DEFAULTS) if options is None else options
        self.markdown = Markdown() if markdown is None else markdown
        self.recent = Recent(RECENT_REPORTS)
        self.sessions = {s.id: s for s in content.sessions}
        self.held = [s for s in content.sessions if s.date <= as_of]
        self.announced = [s for s in content.sessions if s.date > as_of]
        self.items = [item for s in self.held for item in s.items]
        self.status = {item.id: item_status(item, self.sessions[item.session_id].date, as_of, policy)
                       for item in self.items}
        self.figures = statistics.figures(self.status.values())
        self.groups = {kind: self._groups(kind) for kind in GROUP_URLS}
        self.reports = [self._report(spec) for spec in reports]

    @functools.cached_property
    def site_body(self) -> Body | None:
        """The body that publishes the site (SITE_BODY), on a site of many bodies."""
        return self.content.bodies.get(self.options.get("SITE_BODY") or "")

    @property
    def site_issuer(self) -> str:
        """Who the site speaks for, inside a sentence: «tỉnh Lâm Đồng», or DISTRICT_NAME."""
        return self.site_body.name if self.site_body else self.options["DISTRICT_NAME"]

    def supervisor(self, record: Supervision) -> str:
        """Who supervised, as the record's heading names it (domain/supervision.py)."""
        return supervision.supervisor(record, self.content.bodies, self.site_issuer)

    @property
    def site_heading(self) -> str:
        """The header's name: the publishing body and the one above it, «Huyện Hàm Tân, tỉnh Bình Thuận»."""
        if self.site_body is None:
            parts = [self.options["DISTRICT_NAME"], self.options["PROVINCE_NAME"]]
        else:
            above = self.content.bodies.get(self.site_body.parent)
            parts = [self.site_body.name, above.name if above else ""]
        text = ", ".join(part for part in parts if part)
        return text[:1].upper() + text[1:]

    def report_issuer(self, entry: "ReportView") -> str:
        """In whose name a report's sentence speaks: its body's; else the one body that held every
        session it counts (the district's report of 2018 on a province's site); else the site's."""
        if entry.body is not None:
            return entry.body.name
        held = {s.body for s in statistics.sessions_in_period(self.content.sessions, entry.report.start,
                                                              entry.report.end) if s.date <= entry.report.as_of}
        body = self.content.bodies.get(next(iter(held))) if len(held) == 1 else None
        return body.name if body is not None else self.site_issuer

    def session_of(self, item: Item) -> Session:
        return self.sessions[item.session_id]

    def status_of(self, item: Item) -> ItemStatus:
        return self.status[item.id]

    def group_id(self, kind: str, item: Item) -> str:
        """The topic, agency or commune an item is listed under (search filters use the same)."""
        return self.grouping(kind)(item)

    def grouping(self, kind: str, status: dict[str, ItemStatus] | None = None, day: dt.date | None = None):
        """How items group: by topic, by the agency answerable for them, by commune.

        An item answered on the spot with no agency goes to the agency of its latest
        counted response, if any (the status already holds it); an item a handover passed
        on by `day` (default: the view's) goes to the agency that took it over."""
        status, day = status or self.status, day or self.as_of
        if kind == "topic":
            return lambda item: item.topic
        if kind == "agency":
            def agency(item):
                passed = self.passed_by(item, day)
                return passed[-1].rule.agency if passed else handovers.answerable_agency(item, status[item.id])
            return agency
        return lambda item: self.sessions[item.session_id].commune

    def _groups(self, kind: str) -> list[Group]:
        table = self._table(kind)
        grouped = statistics.group_items(self.items, self.grouping(kind))
        groups = [Group(kind, entry.id, entry.name, grouped.get(entry.id, []),
                        statistics.figures(self.status[i.id] for i in grouped.get(entry.id, [])))
                  for entry in table.values()]
        return sorted(groups, key=lambda g: sort_key(g.name))

    def _report(self, spec: ReportSpec, sessions: list[Session] | None = None, body: Body | None = None,
                period: cycles.Period | None = None, held: statistics.Figures | None = None) -> "ReportView":
        """A report has its own as-of day: statuses are computed again for it. Over the site's
        sessions, or those given (a body's)."""
        if sessions is None and spec.body:
            body, sessions = self.content.bodies.get(spec.body), self.sessions_by_body.get(spec.body, [])
        sessions = [s for s in statistics.sessions_in_period(
            self.content.sessions if sessions is None else sessions, spec.start, spec.end) if s.date <= spec.as_of]
        status = {item.id: self.status_on(item, spec.as_of) for s in sessions for item in s.items}
        report = statistics.report(sessions, spec.start, spec.end, spec.as_of, status)
        breakdown = functools.partial(self._breakdown, status, spec.as_of)
        return ReportView(report, functools.partial(self.recent.get, "breakdown", status, breakdown), status, body,
                          period, held, spec)

    def _breakdown(self, status: dict[str, ItemStatus], day: dt.date) -> dict[str, list[tuple]]:
        """A report's rows by topic, agency, commune and audience: over its items (`status`'s, in
        their sessions' order) as of its `day`."""
        items = [self.content.items[item_id] for item_id in status]
        by = {kind: self._rows(kind, statistics.breakdown(items, self.grouping(kind, status, day), status))
              for kind in GROUP_URLS}
        by["audience"] = sorted(statistics.breakdown(
            items, lambda i: self.sessions[i.session_id].audience, status).items())
        return by

    @functools.cached_property
    def body_reports(self) -> dict[str, list["ReportView"]]:
        """Body id -> its periodic reports (REPORT_CYCLES), cycle by cycle, oldest first: every
        complete period from its first session (or the first items handed to it) to the view's day
        (or its last day), over the sessions it held in the period, the figures as of the period's
        cut-off, with the running total of what it held that day."""
        wanted = tuple(self.options["REPORT_CYCLES"])
        found: dict[str, list[ReportView]] = {}
        for body in self.content.bodies.values():
            held = [s for s in self.sessions_by_body.get(body.id, ()) if s.date <= self.as_of]
            received = self.received_by_body.get(body.id, [])
            if not (held or received) or not wanted:
                continue
            # From its first session, or the first items handed to it.
            first = min([s.date for s in held[:1]] + [transfer.date for _, transfer in received])
            last = min(self.as_of, body.end) if body.end else self.as_of
            candidates = [item for s in held for item in s.items]
            candidates += [item for item, _ in received if self.session_of(item).body != body.id]
            periods = [period for period in cycles.periods(first, self.as_of, wanted,
                                                           int(self.options["REPORT_CUTOFF_DAY"]))
                       if period.start <= last]
            # A quarter ends on its last month's cut-off: one running total per distinct day.
            running = self._held_totals(body.id, candidates, {period.end for period in periods})
            found[body.id] = [self._report(ReportSpec(period.end, period.start, period.end), held, body, period,
                                           running[period.end]) for period in periods]
        return found

    @functools.cached_property
    def received_by_body(self) -> dict[str, list[tuple[Item, handovers.Transfer]]]:
        """Body id -> each item a handover passed to it by the view's day, with the first such handover."""
        found: dict[str, list[tuple[Item, handovers.Transfer]]] = {}
        for item_id, passed in self.transfers.items():
            firsts: dict[str, handovers.Transfer] = {}
            for transfer in passed:
                firsts.setdefault(transfer.rule.to, transfer)
            for body, transfer in firsts.items():
                found.setdefault(body, []).append((self.content.items[item_id], transfer))
        return found

    def status_on(self, item: Item, day: dt.date) -> ItemStatus:
        """The item's status as of an earlier `day`: the view's own once it is settled by then (see
        settled), else computed for that day. A body's hundred periodic reports ask this of the same
        items again and again; most of an old body's items were settled long before."""
        settled = self.settled.get(item.id)
        if day == self.as_of or (settled is not None and settled <= day <= self.as_of):
            return self.status[item.id]
        return item_status(item, self.sessions[item.session_id].date, day, self.policy)

    @functools.cached_property
    def settled(self) -> dict[str, dt.date]:
        """Item id -> the day from which its status is the view's: a resolved item, from its session
        and last counted response on (no later answer, no deadline can change it then)."""
        found = {}
        for item in self.items:
            status = self.status[item.id]
            if status.state != RESOLVED:
                continue
            responses = [r.date for r in item.responses if r.date <= self.as_of]
            found[item.id] = max([self.sessions[item.session_id].date, *responses])
        return found

    def _held_totals(self, body_id: str, candidates: list[Item], days: set[dt.date]) -> dict[dt.date, statistics.Figures]:
        """Day -> the figures, as of that day, of the items of `candidates` raised by then that the body
        held that day. One sweep: an item's standing (held or not, and its state) changes only on the
        days of its session, its responses, its handovers and the day after each deadline it had, so
        it is computed on those days alone and its changes are added up in date order, instead of
        every item's status on every period's day (a body's 180 periods over ten years)."""
        if not days:
            return {}
        last = max(days)
        changes: dict[dt.date, list[int]] = {}
        for item in candidates:
            session_day = self.session_of(item).date
            if session_day > last:
                continue
            dues = {self.policy.due_of(item.due, session_day), *(r.extended_due for r in item.responses)}
            moments = {session_day, *(r.date for r in item.responses), *(t.date for t in self.transfers.get(item.id, ())),
                       *(due + dt.timedelta(days=1) for due in dues if due is not None)}
            before = _NOT_HELD
            for day in sorted(moment for moment in moments if session_day <= moment <= last):
                now = self._standing(body_id, item, day)
                if now != before:
                    delta = changes.setdefault(day, [0] * len(_NOT_HELD))
                    for index, (new, old) in enumerate(zip(now, before)):
                        delta[index] += new - old
                    before = now
        totals, counts, moments = {}, [0] * len(_NOT_HELD), sorted(changes)
        position = 0
        for day in sorted(days):
            while position < len(moments) and moments[position] <= day:
                counts = [count + change for count, change in zip(counts, changes[moments[position]])]
                position += 1
            totals[day] = statistics.Figures(*counts)
        return totals

    def _standing(self, body_id: str, item: Item, day: dt.date) -> tuple[int, ...]:
        """What an item adds to the body's running total on `day`, in the order of Figures' fields."""
        if self.holder(item, day) != body_id:
            return _NOT_HELD
        status = self.status_on(item, day)
        return (1, status.state == RESOLVED, status.state == NOT_YET_DUE, status.state == OVERDUE,
                status.outstanding and bool(status.forwarded_to))

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

    @functools.cached_property
    def accountability(self) -> list[AgencyRecord]:
        """The agencies' ranking (domain/accountability.py), made at its first use."""
        return accountability.table(self.items, self.status, self.content.agencies,
                                    lambda item: self.group_id("agency", item),
                                    lambda item: self.session_of(item).date,
                                    int(self.options["MIN_ITEMS_FOR_RANKING"]))

    @functools.cached_property
    def accountability_by_agency(self) -> dict[str, AgencyRecord]:
        return {record.agency.id: record for record in self.accountability}

    @functools.cached_property
    def supervision_by_item(self) -> dict[str, list[Supervision]]:
        """Item id -> the records shown as of the view's day that name it, oldest first."""
        return supervision.by_item(self.content.supervision, self.as_of)

    def supervision_of(self, item: Item) -> list[Supervision]:
        return self.supervision_by_item.get(item.id, [])

    def supervision_for_agency(self, agency_id: str) -> list[Supervision]:
        return supervision.for_agency(self.content.supervision, self.as_of, agency_id)

    def timeline(self, item: Item) -> list[tuple[str, object]]:
        """The item's answers, the supervision records naming it and the handovers that passed
        it on, in date order (a handover after what happened on its day)."""
        entries = supervision.timeline(item, self.supervision_of(item), self.as_of)
        passed = self.transfers.get(item.id)
        if not passed:
            return entries
        dated = [(entry.date, 0, kind, entry) for kind, entry in entries] + [(t.date, 1, "handover", t) for t in passed]
        return [(kind, entry) for _day, _order, kind, entry in sorted(dated, key=lambda e: e[:2])]

    @functools.cached_property
    def transfers(self) -> dict[str, list[handovers.Transfer]]:
        """Item id -> the handovers that passed it on (domain/handovers.py), oldest first,
        dated on or before the view's day."""
        found = handovers.transfers(self.content, self.policy)
        return {item: kept for item, passed in found.items() if (kept := [t for t in passed if t.date <= self.as_of])}

    def holder(self, item: Item, day: dt.date | None = None) -> str:
        """The body that held the item on `day` (default: the view's): its session's, then the
        receiving body of each handover that passed it on by then."""
        passed = self.passed_by(item, day or self.as_of)
        return passed[-1].rule.to if passed else self.session_of(item).body

    def passed_by(self, item: Item, day: dt.date) -> list[handovers.Transfer]:
        """The handovers that passed the item on by `day`, oldest first."""
        return [t for t in self.transfers.get(item.id, ()) if t.date <= day]

    def answering_body(self, item: Item) -> str:
        """The body an item counts for: the one that held it when it fell due (a handover
        neither erases lateness nor counts as a resolution), or, not yet due, when it was
        resolved or now."""
        status = self.status[item.id]
        day = status.resolved_on or self.as_of
        if status.due is not None and status.due < day:
            day = status.due
        return self.holder(item, day)

    @functools.cached_property
    def sessions_by_body(self) -> dict[str, list[Session]]:
        """Body id -> the sessions it held or announced, in date order."""
        found: dict[str, list[Session]] = {}
        for session in self.content.sessions:
            if session.body:
                found.setdefault(session.body, []).append(session)
        return found

    @functools.cached_property
    def items_by_body(self) -> dict[str, list[Item]]:
        """Body id -> the items it answers for (answering_body)."""
        found: dict[str, list[Item]] = {}
        for item in self.items:
            body = self.answering_body(item)
            if body:
                found.setdefault(body, []).append(item)
        return found

    @functools.cached_property
    def outstanding_by_body(self) -> dict[str, list[Item]]:
        """Body id -> the outstanding items it holds now, overdue first: those it must still answer,
        also the ones handed to it after they fell due (which count for the body that held them then)."""
        found: dict[str, list[Item]] = {}
        for item in self.items:
            if self.status[item.id].outstanding:
                found.setdefault(self.holder(item), []).append(item)
        return {body: overdue_first(items, self) for body, items in found.items()}

    @functools.cached_property
    def comparison(self) -> list["Comparison"]:
        """One row per body, in the order of bodies.yaml's names: the same definitions for every
        body (domain/accountability.py: on time, judged, median days), over the items it answers for."""
        rows = []
        for body in self.content.bodies.values():
            items = self.items_by_body.get(body.id, [])
            held = sum(1 for s in self.sessions_by_body.get(body.id, ()) if s.date <= self.as_of)
            timeliness = accountability.record(None, [i for i in items if accountability.accountable(i)],
                                               self.status, lambda item: self.session_of(item).date)
            rows.append(Comparison(body, held, self.body_figures(body.id), timeliness))
        return rows

    def body_figures(self, body_id: str) -> statistics.Figures:
        """The figures of the items the body answers for: raised at its sessions, or handed to it
        before they fell due."""
        return statistics.figures(self.status[item.id] for item in self.items_by_body.get(body_id, ()))

    def forwarded_body(self, item: Item) -> str:
        """The body an item was forwarded up to: that of the agency it went to, when the site holds
        that body and it is not the one whose session raised the item ("" otherwise). The item
        stays counted where it was raised (the body's report counts what it forwarded), and is
        listed with the receiving body, whose agency answers it: one item, followed across bodies."""
        status = self.status.get(item.id)
        agency = self.content.agencies.get(status.forwarded_to) if status and status.forwarded_to else None
        if agency is None or agency.body not in self.content.bodies:
            return ""
        return agency.body if agency.body != self.session_of(item).body else ""

    @functools.cached_property
    def forwarded(self) -> dict[str, tuple[list[Item], list[Item]]]:
        """Body id -> (items its sessions forwarded up to other bodies, items other bodies forwarded
        to its agencies), each overdue first."""
        found: dict[str, tuple[list[Item], list[Item]]] = {}
        for item in self.items:
            to = self.forwarded_body(item)
            if to:
                found.setdefault(self.session_of(item).body, ([], []))[0].append(item)
                found.setdefault(to, ([], []))[1].append(item)
        return {body: (overdue_first(out, self), overdue_first(into, self)) for body, (out, into) in found.items()}

    @functools.cached_property
    def agencies_by_body(self) -> dict[str, list]:
        """Body id -> its agencies with their records where they have any (None otherwise), by name."""
        found: dict[str, list] = {}
        for agency in sorted(self.content.agencies.values(), key=lambda a: sort_key(a.name)):
            if agency.body:
                found.setdefault(agency.body, []).append((agency, self.accountability_by_agency.get(agency.id)))
        return found

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
