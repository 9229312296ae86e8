"""Each page kind's context, declared: the one template it fills and every value it is given.

Pure: imports content/, domain/ and site/ only. A page is rendered from its context's
fields and from the template globals declared in site/globals.py, nothing else; the
incremental build fingerprints the context (or the narrower inputs its page gives), so
a value a template reads must be a field here or a declared global: tests/unit/site/
test_contexts.py parses every template and fails on any other name. A context whose
template reads site-wide globals (the whole view, the site's figures) says so with
`site_wide`: its pages are rendered on every build, never reused.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from dataclasses import dataclass
from typing import ClassVar

from ..content.model import Body, Item, Response, Session, Successor, Supervision
from ..domain import statistics
from ..domain.accountability import AgencyRecord
from ..domain.changes import Change
from ..domain.status import ItemStatus


class Context:
    """A page's values, as the fields of a dataclass."""

    template: ClassVar[str]  # the theme template, without ".html"
    site_wide: ClassVar[bool] = False  # reads the whole site: rendered on every build

    def values(self) -> dict:
        return {name: getattr(self, name) for name in field_names(type(self))}


@functools.cache
def field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


@dataclass(eq=False)
class Home(Context):
    template = "index"
    site_wide = True
    recent: list[Response]
    latest_sessions: list[Session]


@dataclass(eq=False)
class Sessions(Context):
    template = "sessions"
    held: list[Session]  # this page's, newest first
    announced: list[Session]  # on the first page only
    pager: object  # pages.Pager: how many were held is its total


@dataclass(eq=False)
class SessionPage(Context):
    template = "session"
    session: Session


@dataclass(eq=False)
class ItemPage(Context):
    template = "item"
    item: Item
    session: Session
    status: ItemStatus
    speaker: str
    timeline: list[tuple[str, object]]
    transfers: list  # the handovers that passed it on by the site's day (domain/handovers.Transfer)


@dataclass(eq=False)
class Groups(Context):
    template = "groups"
    kind: str
    groups: list


@dataclass(eq=False)
class GroupPage(Context):
    template = "group"
    group: object  # views.Group, or its head (a tuple) in the page's fingerprint inputs
    items: list[Item]
    pager: object  # pages.Pager
    accountability: AgencyRecord | None = None  # agency pages only
    supervision: list[Supervision] = dataclasses.field(default_factory=list)  # agency pages only


@dataclass(eq=False)
class StatusPage(Context):
    template = "status"
    state: str
    items: list[Item]
    pager: object  # pages.Pager


@dataclass(eq=False)
class Bodies(Context):
    template = "bodies"
    entries: list[tuple[Body, statistics.Figures]]  # every body, in Vietnamese order, with its figures


@dataclass(eq=False)
class BodyComparison(Context):
    template = "comparison"
    rows: list  # views.Comparison, one per body


@dataclass(eq=False)
class BodyPage(Context):
    template = "body"
    body: Body
    parent: Body | None
    children: list[Body]
    successors: list[tuple[Body, Successor]]  # who took over its work, when it ended
    predecessors: list[tuple[Body, Successor]]  # whose work it took over
    ceased: dt.date | None  # the first day it no longer existed, when that day has come
    forthcoming: bool  # entered before its first day
    held: list[Session]  # newest first
    announced: list[Session]
    figures: statistics.Figures
    rollup: list  # the bodies within it, each as its row of the comparison (views.Comparison), with its own first
    outstanding: list[Item]  # the first of the outstanding items it holds now, overdue first
    forwarded_out: list[Item]  # the first of the items its sessions forwarded up to another body of the site
    forwarded_in: list[Item]  # the first of the items other bodies forwarded to its agencies
    agencies: list[tuple]  # (Agency, AgencyRecord or None): its agencies, by name
    reports: int  # how many periodic reports it has (views.SiteView.body_reports)
    forwarded_out_total: int = 0  # how many it forwarded up in all (its list of items holds them)
    forwarded_in_total: int = 0  # how many it received in all (its agencies' lists hold them)


@dataclass(eq=False)
class BodyItems(Context):
    template = "body_items"
    body: Body
    items: list[Item]  # one page of the items it answers for, overdue first
    pager: object  # pages.Pager


@dataclass(eq=False)
class BodyReports(Context):
    template = "body_reports"
    body: Body
    reports: list  # views.ReportView, cycle by cycle, oldest first


@dataclass(eq=False)
class BodyReportPage(Context):
    """A body's periodic report: its own items only, so not site-wide (rendered when they change)."""
    template = "body_report"
    body: Body
    report: statistics.Report
    by: dict[str, list[tuple]]
    entry: object  # views.ReportView, with its period
    overdue: list  # printable.OverdueRow: this page's of its overdue items as of the period's cut-off
    pager: object = None  # pages.Pager of the overdue items; later pages show only them


@dataclass(eq=False)
class Reports(Context):
    template = "reports"
    site_wide = True


@dataclass(eq=False)
class ReportPage(Context):
    template = "report"
    site_wide = True
    report: statistics.Report
    by: dict[str, list[tuple]]
    entry: object  # views.ReportView
    overdue: list = dataclasses.field(default_factory=list)  # printable.OverdueRow: this page's
    pager: object = None  # pages.Pager of the overdue items; later pages show only them


@dataclass(eq=False)
class Ranking(Context):
    template = "ranking"
    records: list[AgencyRecord]
    min_items: int


@dataclass(eq=False)
class SupervisionPage(Context):
    template = "supervision"
    site_wide = True
    records: list[Supervision]


@dataclass(eq=False)
class Changes(Context):
    template = "changes"
    changes: list[Change]  # this page's
    days: int
    since: dt.date
    pager: object = None  # pages.Pager
    resolved: int = 0  # of all the changes, how many newly resolved
    overdue: int = 0  # and newly overdue


@dataclass(eq=False)
class Dashboard(Context):
    template = "dashboard"
    site_wide = True
    charts: list


@dataclass(eq=False)
class Search(Context):
    template = "search"
    facets: dict[str, list[tuple[str, str]]]
    sorts: tuple[str, ...]
    bundles: list[str]
    recent_index: str  # the index's recent.json (search/recent.py), read before the bundles are searched


@dataclass(eq=False)
class Data(Context):
    template = "data"
    catalogue: tuple
    schemas: list[str]
    types: dict[str, str]


# Every page kind of the site, for the templates' test and the docs.
CONTEXTS = (Home, Sessions, SessionPage, ItemPage, Groups, GroupPage, StatusPage, Bodies, BodyComparison, BodyPage, BodyItems, BodyReports, BodyReportPage, Reports,
            ReportPage,
            Ranking, SupervisionPage, Changes, Dashboard, Search, Data)
