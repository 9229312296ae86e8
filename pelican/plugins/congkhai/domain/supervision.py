"""Supervision records (giám sát): which are shown as of a day, which name an item or an agency,
and an item's timeline of answers and records.

Pure: imports content/ and domain/ only. Like a response, a record dated after the as-of day
is not shown yet.
"""

from __future__ import annotations

import datetime as dt

from ..content import rules
from ..content.model import Body, Item, Response, Supervision
from .status import counted_responses


def supervisor(record: Supervision, bodies: dict[str, Body], own: str) -> str:
    """Who supervised, as a heading names it: «Hội đồng nhân dân huyện Hàm Tân». HĐND and Mặt
    trận are named with their body (`of`), else with `own`, the site's own body in a sentence."""
    organ = rules.SUPERVISION_BODIES[record.body]
    if record.body not in rules.SUPERVISION_OF_BODY:
        return organ
    body = bodies.get(record.of)
    return f"{organ} {body.name if body else own}"


def shown(records: list[Supervision], as_of: dt.date) -> list[Supervision]:
    """Records dated on or before as_of, newest first."""
    return [record for record in reversed(records) if record.date <= as_of]


def by_item(records: list[Supervision], as_of: dt.date) -> dict[str, list[Supervision]]:
    """Item id -> the shown records that name it, oldest first (one pass over the records)."""
    index: dict[str, list[Supervision]] = {}
    for record in records:
        if record.date <= as_of:
            for item_id in dict.fromkeys(record.items):
                index.setdefault(item_id, []).append(record)
    return index


def for_agency(records: list[Supervision], as_of: dt.date, agency_id: str) -> list[Supervision]:
    """Shown records that name this agency, oldest first."""
    return [r for r in records if r.date <= as_of and agency_id in r.agencies]


def timeline(item: Item, records: list[Supervision], as_of: dt.date) -> list[tuple[str, Response | Supervision]]:
    """The item's counted responses and the records naming it (`records`), in date order:
    ("response", Response) and ("supervision", Supervision); a response comes first on the same day."""
    if not records:  # most items: the responses alone, already in date order
        return [("response", r) for r in counted_responses(item, as_of)]
    entries = [(r.date, 0, "response", r) for r in counted_responses(item, as_of)]
    entries += [(s.date, 1, "supervision", s) for s in records]
    return [(kind, entry) for _day, _order, kind, entry in sorted(entries, key=lambda e: e[:2])]
