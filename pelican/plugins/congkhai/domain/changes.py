"""What changed: items whose status changed in the CHANGES_DAYS days up to AS_OF.

Pure: no Pelican. Two changes are listed, both read off the statuses the
rest of the site shows:
- newly resolved: resolved by a response dated in the window (items answered
  on the spot are new, not changed, and are left out);
- newly overdue: overdue, and the first late day (the day after the deadline
  in force) falls in the window, i.e. 1 to CHANGES_DAYS days late.
The window is the CHANGES_DAYS days ending on AS_OF, AS_OF included.

The page is /thay-doi/ and the Atom feed /thay-doi/atom.xml, written with the
helpers of feeds.py so both feeds share their ids and timestamps rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..site import markup
from ..outputs.feeds import _leaf, _stamp, entry_xml, feed_document, tag_authority
from ..content.model import Item
from .status import OVERDUE, RESOLVED, ItemStatus
from ..site.views import Page, item_url
from ..vietnamese import short_date

CHANGES_URL = "thay-doi/"
FEED_PATH = CHANGES_URL + "atom.xml"
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


def changes(view, days: int) -> list[Change]:
    """Newest first; on the same day, resolved before overdue, then by item id."""
    found = [c for item in view.items
             if (c := change_of(item, view.status[item.id], view.as_of, days)) is not None]
    return sorted(found, key=lambda c: (-c.day.toordinal(), c.kind != NEWLY_RESOLVED, c.item.id))


def window_days(view) -> int:
    return int(getattr(view, "options", {}).get("CHANGES_DAYS", 30))


def pages(view) -> list[Page]:
    days = window_days(view)
    return [Page(CHANGES_URL, "changes", {"changes": changes(view, days), "days": days,
                                          "since": view.as_of - dt.timedelta(days=days - 1)})]


def _entry(change: Change, view, siteurl: str, authority: str) -> str:
    item, session = change.item, view.session_of(change.item)
    return entry_xml([
        _leaf("id", f"tag:{authority}:thay-doi/{item.id}/{change.kind}/{change.day.isoformat()}"),
        _leaf("title", f"{CHANGE_LABELS[change.kind]}: nội dung {item.number}, "
                       f"đối thoại {short_date(session.date)}"),
        _leaf("updated", _stamp(change.day)),
        _leaf("link", rel="alternate", type="text/html", href=f"{siteurl}/{item_url(item)}"),
        _leaf("summary", markup.plain(item.text)),
    ])


def atom(view, settings: dict) -> bytes:
    found = changes(view, window_days(view))
    siteurl, authority = settings.get("SITEURL") or "", tag_authority(settings)
    title = f"Thay đổi tình trạng – {settings.get('DISTRICT_NAME') or ''}".strip(" –")
    return feed_document(title, FEED_PATH, CHANGES_URL, found[0].day if found else view.as_of,
                         settings, [_entry(change, view, siteurl, authority) for change in found])


def files(view, settings: dict) -> list[tuple[str, bytes]]:
    return [(FEED_PATH, atom(view, settings))]
