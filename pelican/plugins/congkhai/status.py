"""Status of an item as of a date. Computed, never stored.

Pure: no Pelican. The rules (issue 2):
- only sessions and responses dated on or before AS_OF count;
- an item is resolved when answered on the spot, or when its latest counted
  response says resolved; otherwise it is outstanding;
- an outstanding item is not yet due while its deadline is after AS_OF,
  and overdue from the day after its deadline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import Item, Response

RESOLVED = "resolved"
NOT_YET_DUE = "not-yet-due"
OVERDUE = "overdue"

# Order used in tables and legends; labels in Vietnamese (the theme translates).
STATES = (RESOLVED, NOT_YET_DUE, OVERDUE)
STATE_LABELS = {
    RESOLVED: "Đã giải quyết",
    NOT_YET_DUE: "Chưa tới hạn",
    OVERDUE: "Quá hạn",
}


@dataclass(frozen=True)
class ItemStatus:
    state: str
    resolved_on: dt.date | None  # the day it was answered on the spot or resolved
    forwarded_to: str  # agency id of the higher level, "" when not forwarded
    latest: Response | None  # the latest counted response
    days_late: int  # days past the deadline, 0 unless overdue

    @property
    def outstanding(self) -> bool:
        return self.state != RESOLVED


def counted_responses(item: Item, as_of: dt.date) -> list[Response]:
    """Responses published by AS_OF, oldest first (item.responses is kept in date order)."""
    return [r for r in item.responses if r.date <= as_of]


def item_status(item: Item, session_date: dt.date, as_of: dt.date) -> ItemStatus:
    responses = counted_responses(item, as_of)
    latest = responses[-1] if responses else None
    forwarded_to = _forwarded_to(item, responses)
    if item.handling == "answered":
        return ItemStatus(RESOLVED, session_date, forwarded_to, latest, 0)
    if latest is not None and latest.outcome == "resolved":
        return ItemStatus(RESOLVED, latest.date, forwarded_to, latest, 0)
    if item.due is not None and item.due >= as_of:
        return ItemStatus(NOT_YET_DUE, None, forwarded_to, latest, 0)
    days_late = (as_of - item.due).days if item.due else 0
    return ItemStatus(OVERDUE, None, forwarded_to, latest, days_late)


def _forwarded_to(item: Item, responses: list[Response]) -> str:
    """Where a forwarded item went: the latest forwarding response, else the item's agency."""
    for response in reversed(responses):
        if response.outcome == "forwarded":
            return response.agency
    return item.agency if item.handling == "forwarded" else ""


def is_counted(session_date: dt.date, as_of: dt.date) -> bool:
    """A session dated after AS_OF is an announcement and counts in no figure."""
    return session_date <= as_of
