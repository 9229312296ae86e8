"""Each body's own data files, beside its page (/don-vi/<id>/): the items it answers for and its
sessions as CSV and JSON, in the columns and cells of the site's open data (exports.py), and the
calendar of its sessions (ical.py). A commune's office or a supervisor takes the body's own
rows without filtering the whole site's; the site-wide files and the ZIP stay as they are.

Imports build/, content/, domain/, site/ and outputs/; never Pelican. A site of one body has none.
"""

from __future__ import annotations

import functools
from typing import Iterator

from ..build import rowcache
from ..build.families import Deferred
from ..site.urls import body_url
from ..site.views import SiteView
from . import exports, ical

# The files of one body, in its page's folder: name -> (table, format).
BODY_FILES = {
    "noi-dung.csv": ("items", "csv"),
    "noi-dung.json": ("items", "json"),
    "doi-thoai.csv": ("sessions", "csv"),
    "doi-thoai.json": ("sessions", "json"),
}
BODY_CALENDAR = "lich.ics"


def _objects(view: SiteView, body_id: str, order: dict[str, int]) -> dict[str, list]:
    """The rows of each table for one body: the items it answers for (as its figures count them),
    in the order of the site's items table (order: each item's place in it), and the sessions it
    held or announced."""
    answered = {order[item.id] for item in view.items_by_body.get(body_id, ()) if item.id in order}
    return {"items": [view.items[place] for place in sorted(answered)],
            "sessions": view.sessions_by_body.get(body_id, [])}


def files(view: SiteView, settings: dict, rows=None) -> Iterator[tuple[str, bytes | Deferred]]:
    """rows: each object's rows kept between builds (build/rowcache.py), or none. Each file is
    made when it is taken (build/families.py): one body's file in hand, not every body's. With
    rows kept, a file is given as Deferred, named by its objects' rows (rowcache.name_of): an
    edited answer changes one body's files, and the others' are left as they are, neither made
    nor read (at 20,000 items, 505 files over 101 bodies, 1.2 to 2 s of CPU on every build)."""
    cache = rows or rowcache.NoCache()
    siteurl = settings.get("SITEURL", "")
    info = exports.meta(view, settings)
    order = {item.id: place for place, item in enumerate(view.items)}
    for body in view.content.bodies.values():
        folder = body_url(body)
        objects = _objects(view, body.id, order)
        described = {**info, "body": body.id}  # a JSON file's info, and so a word of its name
        for name, (table, fmt) in BODY_FILES.items():
            make = functools.partial(_table_file, view, table, fmt, siteurl, objects[table], cache, described)
            named = cache.name_of(f"{table}.{fmt}", objects[table], siteurl, repr(sorted(described.items())))
            yield folder + name, make() if named is None else Deferred(named, make)
        title = f"Lịch đối thoại – {body.name}"
        make = functools.partial(ical.calendar, view, settings, objects["sessions"], title)
        named = cache.name_of("sessions.ics", objects["sessions"], title)
        yield folder + BODY_CALENDAR, make() if named is None else Deferred(named, make)
    cache.save()


def _table_file(view: SiteView, table: str, fmt: str, siteurl: str, objects: list, rows, info: dict) -> bytes:
    """One body's table as CSV or JSON, its rows kept between builds (rows)."""
    columns = exports.TABLES[table]
    csv_rows, json_rows = exports.table_lines(view, table, siteurl, objects, rows)
    if fmt == "csv":
        return b"".join(exports.csv_document(columns, csv_rows))
    return b"".join(exports.json_document(table, columns, json_rows, info))
