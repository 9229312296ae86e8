"""Status of an item as of a date. Computed, never stored.

Pure: imports content/ and domain/ only. The rules:
- only sessions and responses dated on or before AS_OF count;
- an item is resolved when answered on the spot, or when its latest counted
  response says resolved; otherwise it is outstanding;
- an outstanding item is not yet due while its deadline is after AS_OF,
  and overdue from the day after its deadline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..content.model import Item, Response
from .deadlines import DuePolicy, urgency

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
    due: dt.date | None = None  # the deadline in force: own or default `due`, or the latest extension
    urgency: str = ""  # "" | due-soon | long-overdue: a detail, never a fourth state
    extension: Response | None = None  # the counted response whose extended_due is in force
    # Resolved after the deadline in force: by how many days (0 when on time, or not resolved).
    # A resolution is never a reason to forget it was late (docs/supervision.md).
    resolved_late: int = 0

    @property
    def outstanding(self) -> bool:
        return self.state != RESOLVED


def counted_responses(item: Item, as_of: dt.date) -> list[Response]:
    """Responses published by AS_OF, oldest first (item.responses is kept in date order)."""
    responses = item.responses
    if not responses or responses[-1].date <= as_of:  # nearly always: none dated after the as-of day
        return list(responses)
    return [r for r in responses if r.date <= as_of]


DEFAULT_POLICY = DuePolicy()


def item_status(item: Item, session_date: dt.date, as_of: dt.date,
                policy: DuePolicy = DEFAULT_POLICY) -> ItemStatus:
    responses = counted_responses(item, as_of)
    latest = responses[-1] if responses else None
    forwarded_to = _forwarded_to(item, responses)
    due, extension = effective_due(item, session_date, responses, policy)
    if item.handling == "answered":
        return ItemStatus(RESOLVED, session_date, forwarded_to, latest, 0, due, "", extension)
    if latest is not None and latest.outcome == "resolved":
        late = (latest.date - due).days if due is not None and latest.date > due else 0
        return ItemStatus(RESOLVED, latest.date, forwarded_to, latest, 0, due, "", extension, late)
    detail = urgency(True, due, as_of, policy.long_overdue_days)
    if due is not None and due >= as_of:
        return ItemStatus(NOT_YET_DUE, None, forwarded_to, latest, 0, due, detail, extension)
    days_late = (as_of - due).days if due else 0
    return ItemStatus(OVERDUE, None, forwarded_to, latest, days_late, due, detail, extension)


def effective_due(item: Item, session_date: dt.date, responses: list[Response],
                  policy: DuePolicy = DEFAULT_POLICY) -> tuple[dt.date | None, Response | None]:
    """The deadline in force: the latest counted extension, else the item's own or default due.

    Only an extension published by AS_OF counts, so a site built for an
    earlier day shows the deadline as it stood that day.
    """
    due = policy.due_of(item.due, session_date)
    for response in reversed(responses):
        if response.extended_due is not None:
            return response.extended_due, response
    return due, None


def _forwarded_to(item: Item, responses: list[Response]) -> str:
    """Where a forwarded item went.

    An item forwarded at the session names its higher level in `agency`: that
    is where it went, even when the district office's covering letter is the
    response that says `forwarded`. An item assigned to a department and later
    forwarded by it names only the department that forwarded it.
    """
    if item.handling == "forwarded":
        return item.agency
    for response in reversed(responses):
        if response.outcome == "forwarded":
            return response.agency
    return ""


def is_counted(session_date: dt.date, as_of: dt.date) -> bool:
    """A session dated after AS_OF is an announcement and counts in no figure."""
    return session_date <= as_of
