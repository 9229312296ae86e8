"""What changed: items whose status changed in the CHANGES_DAYS days up to AS_OF.

Two changes are listed, both read off the statuses the
rest of the site shows:
- newly resolved: resolved by a response dated in the window (items answered
  on the spot are new, not changed, and are left out);
- newly overdue: overdue, and the first late day (the day after the deadline
  in force) falls in the window, i.e. 1 to CHANGES_DAYS days late.
The window is the CHANGES_DAYS days ending on AS_OF, AS_OF included.

Pure: imports content/ and domain/ only. The page (site/pages.py) and the Atom feed
(outputs/feeds.py) both list what `changes` finds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from ..content.model import Item
from .status import OVERDUE, RESOLVED, ItemStatus

NEWLY_RESOLVED = "newly-resolved"
NEWLY_OVERDUE = "newly-overdue"
CHANGE_LABELS = {NEWLY_RESOLVED: "Mới giải quyết xong", NEWLY_OVERDUE: "Mới quá hạn"}


@dataclass(frozen=True)
class Change:
    item: Item
    status: ItemStatus
    kind: str  # newly-resolved | newly-overdue
    day: dt.date  # the resolving day, or the first late day


def change_of(item: Item, status: ItemStatus, as_of: dt.date, days: int) -> Change | None:
    if status.state == RESOLVED and item.handling != "answered" and status.resolved_on is not None:
        if 0 <= (as_of - status.resolved_on).days < days:
            return Change(item, status, NEWLY_RESOLVED, status.resolved_on)
    if status.state == OVERDUE and status.due is not None and 1 <= status.days_late <= days:
        return Change(item, status, NEWLY_OVERDUE, status.due + dt.timedelta(days=1))
    return None


def changes(items: Iterable[Item], status_of: dict[str, ItemStatus], as_of: dt.date, days: int) -> list[Change]:
    """Newest first; on the same day, resolved before overdue, then by item id."""
    found = [c for item in items if (c := change_of(item, status_of[item.id], as_of, days)) is not None]
    return sorted(found, key=lambda c: (-c.day.toordinal(), c.kind != NEWLY_RESOLVED, c.item.id))
