"""Supervision records (giám sát) on the site: the /giam-sat/ page and each item's timeline.

Pure: no Pelican. Records are read with the rest of the content
(reading.SUPERVISION_DIR), checked by validation.validate_supervision and
built into Content.supervision. Like a response, a record dated after AS_OF
is not shown yet.
"""

from __future__ import annotations

from ..content.model import Item, Supervision
from .status import counted_responses
from ..site.views import Page

SUPERVISION_URL = "giam-sat/"


def shown(view) -> list[Supervision]:
    """Records dated on or before AS_OF, newest first."""
    return [record for record in reversed(view.content.supervision) if record.date <= view.as_of]


def for_item(view, item: Item) -> list[Supervision]:
    """Records that name this item, oldest first (indexed once per view: one pass over the records)."""
    index = getattr(view, "_supervision_by_item", None)
    if index is None:
        index = {}
        for record in view.content.supervision:
            if record.date <= view.as_of:
                for item_id in dict.fromkeys(record.items):
                    index.setdefault(item_id, []).append(record)
        view._supervision_by_item = index
    return index.get(item.id, [])


def for_agency(view, agency_id: str) -> list[Supervision]:
    """Records that name this agency, oldest first."""
    return [r for r in view.content.supervision if r.date <= view.as_of and agency_id in r.agencies]


def timeline(view, item: Item) -> list[tuple[str, object]]:
    """The item's counted responses and the supervision records naming it, in date order:
    ("response", Response) and ("supervision", Supervision); a response comes first on the same day."""
    records = for_item(view, item)
    if not records:  # most items: the responses alone, already in date order
        return [("response", r) for r in counted_responses(item, view.as_of)]
    entries = [(r.date, 0, "response", r) for r in counted_responses(item, view.as_of)]
    entries += [(s.date, 1, "supervision", s) for s in records]
    return [(kind, entry) for _day, _order, kind, entry in sorted(entries, key=lambda e: e[:2])]


def pages(view) -> list[Page]:
    return [Page(SUPERVISION_URL, "supervision", {"records": shown(view)})]
