"""The dashboard /tong-quan/: charts and their tables, from the statuses of the site's view.

Pure: imports content/, domain/, site/ and build/ only; never Pelican. Every figure comes from `view.status` and `view.groups`, the
same values the item, group and status pages show, so they always agree (a
build test recomputes them from the built item pages).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass

from ..domain.status import NOT_YET_DUE, OVERDUE, RESOLVED, STATE_LABELS, STATES
from . import charts
from .contexts import Dashboard
from .pages import Page, page

DASHBOARD_URL = "tong-quan/"
RAISED_LABEL = "Đã nêu"
RESOLVED_LABEL = "Đã giải quyết"


@dataclass(frozen=True)
class Chart:
    key: str  # anchor and SVG id prefix
    heading: str
    svg: str
    columns: tuple[str, ...]  # table header after the first column
    first: str  # first column's header
    rows: tuple[tuple[str, tuple[int, ...]], ...]


def month_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    """The last day of each month from start's month to end's month; the last one is `end` itself."""
    days, year, month = [], start.year, start.month
    while (year, month) < (end.year, end.month):
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        days.append(following - dt.timedelta(days=1))
        year, month = following.year, following.month
    return days + [end]


def cumulative(view) -> tuple[list[str], dict[str, list[int]]]:
    """Per month: items raised so far, and items resolved so far (by their resolving day)."""
    if not view.held:
        return [], {"raised": [], "resolved": []}
    ends = month_ends(view.held[0].date, view.as_of)
    raised = sorted(view.session_of(item).date for item in view.items)
    resolved = sorted(s.resolved_on for s in view.status.values() if s.state == RESOLVED)
    labels = [f"{day.month}/{day.year}" for day in ends]
    # Both lists are sorted: the count up to a day is where that day would be inserted.
    return labels, {"raised": [bisect_right(raised, end) for end in ends],
                    "resolved": [bisect_right(resolved, end) for end in ends]}


def _state_bars(groups, only_outstanding: bool = False) -> list[charts.Bar]:
    states = (NOT_YET_DUE, OVERDUE) if only_outstanding else STATES
    bars = []
    for group in groups:
        f = group.figures
        values = {RESOLVED: f.resolved, NOT_YET_DUE: f.not_yet_due, OVERDUE: f.overdue}
        bar = charts.Bar(group.name, tuple(charts.Segment(s, values[s]) for s in states))
        if bar.total:
            bars.append(bar)
    return bars


def _chart(key, heading, desc, bars, states, first) -> Chart:
    labels = {s: STATE_LABELS[s] for s in states}
    svg = charts.bar_chart(key, bars, heading, desc, labels)
    rows = tuple((b.label, tuple(seg.value for seg in b.segments) + (b.total,)) for b in bars)
    return Chart(key, heading, svg, tuple(labels.values()) + ("Tổng",), first, rows)


def build_charts(view) -> list[Chart]:
    labels, series = cumulative(view)
    f = view.figures
    line = charts.line_chart(
        "raised", labels, series, "Nội dung đã nêu và đã giải quyết, cộng dồn theo tháng",
        f"Đến {view.as_of.day}/{view.as_of.month}/{view.as_of.year}: đã nêu {f.total}, "
        f"đã giải quyết {f.resolved} nội dung.", {"raised": RAISED_LABEL, "resolved": RESOLVED_LABEL})
    raised_rows = tuple((label, (a, b)) for label, a, b in zip(labels, series["raised"], series["resolved"]))
    result = [Chart("raised", "Đã nêu và đã giải quyết theo thời gian", line,
                    (RAISED_LABEL, RESOLVED_LABEL), "Tháng", raised_rows)]
    status_bars = [charts.Bar(STATE_LABELS[s], (charts.Segment(s, v),))
                   for s, v in ((RESOLVED, f.resolved), (NOT_YET_DUE, f.not_yet_due), (OVERDUE, f.overdue))]
    svg = charts.bar_chart("status", status_bars, "Theo tình trạng", f"{f.total} nội dung theo tình trạng.",
                           STATE_LABELS)
    result.append(Chart("status", "Theo tình trạng", svg, ("Số nội dung",), "Tình trạng",
                        tuple((b.label, (b.total,)) for b in status_bars)))
    topics = _state_bars(sorted(view.groups["topic"], key=lambda g: -g.figures.total))
    result.append(_chart("topic", "Theo lĩnh vực", "Số nội dung của mỗi lĩnh vực, chia theo tình trạng.",
                         topics, STATES, "Lĩnh vực"))
    agencies = _state_bars(sorted(view.groups["agency"], key=lambda g: -g.figures.outstanding), True)
    result.append(_chart("agency", "Còn tồn theo cơ quan giải quyết",
                         "Số nội dung còn tồn của mỗi cơ quan: chưa tới hạn và quá hạn.",
                         agencies, (NOT_YET_DUE, OVERDUE), "Cơ quan"))
    communes = _state_bars(sorted(view.groups["commune"], key=lambda g: -g.figures.total))
    result.append(_chart("commune", "Theo xã, thị trấn", "Số nội dung nêu tại mỗi xã, thị trấn, chia theo tình trạng.",
                         communes, STATES, "Xã, thị trấn"))
    return result


def pages(view) -> list[Page]:
    return [page(DASHBOARD_URL, Dashboard(build_charts(view)))]
