"""Agency accountability: who was given which items, how many are answered, on time.

Pure: imports content/ and domain/ only; never Pelican. The rules (docs/supervision.md):
- an agency is accountable for the items assigned or forwarded to it (the
  agency an item is listed under: a forwarded item counts for the level it
  went to); items answered on the spot have no deadline and are left out;
- resolved on time: resolved on or before the deadline in force that day
  (the item's `due`, the default period, or a counted extension);
- on-time rate = resolved on time / items that are resolved or past their
  deadline (an item still within its deadline is not judged yet);
- median days to resolve: from the session to the resolving answer;
- agencies with fewer than MIN_ITEMS_FOR_RANKING items are shown, marked
  «ít nội dung, không xếp hạng», and not ranked.
"""

from __future__ import annotations

import datetime as dt
import statistics as stats
from dataclasses import dataclass
from typing import Callable, Iterable

from ..content.model import Agency, Item
from ..vietnamese import sort_key
from .status import NOT_YET_DUE, OVERDUE, RESOLVED, ItemStatus

FEW_ITEMS_LABEL = "ít nội dung, không xếp hạng"
ACCOUNTABLE_HANDLINGS = ("assigned", "forwarded")


@dataclass(frozen=True)
class AgencyRecord:
    agency: Agency
    assigned: int
    resolved: int
    on_time: int
    overdue: int
    not_yet_due: int
    median_days: float | None  # None when nothing is resolved yet
    long_overdue: int = 0
    rank: int | None = None  # None: not ranked (too few items)

    @property
    def judged(self) -> int:
        """Items resolved or past their deadline: the base of the on-time rate."""
        return self.resolved + self.overdue

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.judged if self.judged else None

    @property
    def ranked(self) -> bool:
        return self.rank is not None


def resolved_on_time(status: ItemStatus) -> bool:
    return (status.state == RESOLVED and status.resolved_on is not None
            and (status.due is None or status.resolved_on <= status.due))


def record(agency: Agency | None, items: Iterable[Item], status_of: dict[str, ItemStatus],
           session_date: Callable[[Item], dt.date]) -> AgencyRecord:
    """The figures of one agency over its accountable items (agency None: of any set of items, with
    the same definitions, as the comparison of bodies does)."""
    counts = {RESOLVED: 0, NOT_YET_DUE: 0, OVERDUE: 0}
    on_time = long_overdue = 0
    durations = []
    for item in items:
        status = status_of[item.id]
        counts[status.state] += 1
        on_time += resolved_on_time(status)
        long_overdue += status.urgency == "long-overdue"
        if status.state == RESOLVED and status.resolved_on is not None:
            durations.append((status.resolved_on - session_date(item)).days)
    return AgencyRecord(agency, sum(counts.values()), counts[RESOLVED], on_time, counts[OVERDUE],
                        counts[NOT_YET_DUE], stats.median(durations) if durations else None,
                        long_overdue)


def ranking_key(entry: AgencyRecord):
    """Best first: higher on-time rate, fewer overdue now, faster median, then the name."""
    rate = entry.on_time_rate if entry.on_time_rate is not None else -1.0
    median = entry.median_days if entry.median_days is not None else float("inf")
    return (-rate, entry.overdue, median, sort_key(entry.agency.name))


def rank(records: list[AgencyRecord], min_items: int) -> list[AgencyRecord]:
    """Ranked agencies first (1, 2, …; ties share a rank), then the unranked by name."""
    ranked = sorted((r for r in records if r.assigned >= min_items), key=ranking_key)
    result, previous = [], None
    for position, entry in enumerate(ranked, 1):
        key = ranking_key(entry)[:3]
        shown = result[-1].rank if previous == key else position
        result.append(_with_rank(entry, shown))
        previous = key
    unranked = sorted((r for r in records if 0 < r.assigned < min_items),
                      key=lambda r: sort_key(r.agency.name))
    return result + unranked


def _with_rank(entry: AgencyRecord, position: int) -> AgencyRecord:
    return AgencyRecord(**{**entry.__dict__, "rank": position})


def accountable(item: Item) -> bool:
    return item.handling in ACCOUNTABLE_HANDLINGS


def table(items: Iterable[Item], status_of: dict[str, ItemStatus], agencies: dict[str, Agency],
          agency_of: Callable[[Item], str], session_date: Callable[[Item], dt.date],
          min_items: int) -> list[AgencyRecord]:
    """The ranking: each agency's record over the accountable items listed under it (agency_of)."""
    members: dict[str, list[Item]] = {}
    for item in items:
        if accountable(item):
            members.setdefault(agency_of(item), []).append(item)
    records = [record(agencies[agency_id], listed, status_of, session_date)
               for agency_id, listed in members.items() if agency_id in agencies]
    return rank(records, min_items)
