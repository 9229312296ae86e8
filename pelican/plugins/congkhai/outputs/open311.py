"""Open311 GeoReport v2: items as service requests, topics as services.

Imports content/, domain/, site/ and build/; never Pelican. A static site can serve the read side of GeoReport v2:
`GET services.{json,xml}` and `GET requests.{json,xml}` (without query
filters: a client filters the whole list itself). Field names and value
types follow the GeoReport v2 specification; datetimes are W3C (ISO 8601)
with the +07:00 offset of Vietnam. Dates in the content have no time of day,
so a datetime is that day at 00:00 in Asia/Ho_Chi_Minh.
"""

from __future__ import annotations

import datetime as dt

from ..build import rowcache
from ..content import rules
from ..domain import status
from ..site.views import SiteView
from . import serialise
from .exports import DATA_DIR, latest_answer

OPEN311_DIR = f"{DATA_DIR}/open311"
OFFSET = "+07:00"  # Vietnam has no daylight saving time

# The GeoReport v2 fields of a service request, in the order the spec lists them.
REQUEST_FIELDS = (
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
    "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
    "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url",
)
SERVICE_FIELDS = ("service_code", "service_name", "description", "metadata", "type", "keywords", "group")


def request_id(item) -> str:
    """The item's id as a GeoReport id, which names a path (/requests/{id}.json): its '/' a hyphen,
    «2018-06-12-tan-ha/3.2» -> «2018-06-12-tan-ha-3.2». One item, one id, and back: a session id
    holds no dot and an item's number no hyphen, so the last hyphen before the dot splits them."""
    return item.id.replace("/", "-")


def w3c_datetime(day: dt.date | None) -> str | None:
    """2018-07-05 -> '2018-07-05T00:00:00+07:00'."""
    return f"{day.isoformat()}T00:00:00{OFFSET}" if day else None


def service_request(view: SiteView, item) -> dict:
    """The service request of one item of a held session."""
    content = view.content
    session, state = view.session_of(item), view.status_of(item)
    agency = state.forwarded_to or item.agency
    updated = state.latest.date if state.latest else session.date
    commune = content.communes.get(session.commune)
    return {
        "service_request_id": request_id(item),
        "status": "closed" if state.state == status.RESOLVED else "open",
        "status_notes": latest_answer(view, item, state) or status.STATE_LABELS[state.state],
        "service_name": content.topics[item.topic].name,
        "service_code": item.topic,
        "description": view.markdown.plain(item.text),
        "agency_responsible": content.agencies[agency].name if agency in content.agencies else "",
        "service_notice": rules.HANDLINGS[item.handling],
        "requested_datetime": w3c_datetime(session.date),
        "updated_datetime": w3c_datetime(updated),
        "expected_datetime": w3c_datetime(item.due),
        "address": commune.name if commune else session.place,
        "address_id": session.commune or None,
        "zipcode": None,
        "lat": None,  # the content has no coordinates; the spec allows them empty
        "long": None,
        "media_url": None,  # for photos; the item page is not media
    }


def service_requests(view: SiteView, items=None) -> list[dict]:
    """One service request per item of a held session (or per item given)."""
    return [service_request(view, item) for item in (view.items if items is None else items)]


def services(view: SiteView) -> list[dict]:
    """Topics as service types. Nothing can be submitted here: type is 'batch', no metadata."""
    return [{"service_code": topic.id, "service_name": topic.name, "description": topic.name,
             "metadata": False, "type": "batch", "keywords": "", "group": ""}
            for topic in view.content.topics.values()]


def json_entries(entries: list[dict]) -> list[bytes]:
    """Each entry as json.dumps(entries, ensure_ascii=False, indent=1) writes it in the array, UTF-8."""
    keys = list(entries[0]) if entries else []
    if any(list(entry) != keys for entry in entries):  # not one shape: object by object
        written = [serialise.json_object(1, entry.items()) for entry in entries]
    else:
        written = serialise.json_records(1, keys, (entry.values() for entry in entries))
    return [entry.encode("utf-8") for entry in written]


def json_document(entries: list[bytes]) -> list[bytes]:
    """The array of entries and a final newline, as pieces (serialise.framed)."""
    return serialise.enclosed(b"", serialise.json_array_pieces(0, entries), b"\n")


def to_json(entries: list[dict]) -> bytes:
    """json.dumps(entries, ensure_ascii=False, indent=1), written entry by entry (serialise.py)."""
    return b"".join(json_document(json_entries(entries)))


def _xml_value(value) -> str | None:
    return ("true" if value else "false") if isinstance(value, bool) else (None if value is None else str(value))


def xml_entries(entries: list[dict], element: str, fields: tuple[str, ...]) -> list[bytes]:
    """Each entry as one <element> one level deep, its fields as children; UTF-8."""
    return [entry.encode("utf-8") for entry in serialise.xml_records(
        1, element, list(fields), ([_xml_value(entry[name]) for name in fields] for entry in entries))]


def xml_document(root: str, entries: list[bytes]) -> list[bytes]:
    """<root>, its entries on their own lines, as serialise.node writes it; as pieces (serialise.framed)."""
    pieces = serialise.framed(f"<{root}>\n".encode(), entries, b"\n", f"\n</{root}>".encode(),
                              serialise.leaf(0, root).encode())
    return serialise.enclosed(serialise.XML_DECLARATION.encode(), pieces, b"\n")


def to_xml(entries: list[dict], root: str, element: str, fields: tuple[str, ...]) -> bytes:
    """<service_requests><request>…</request></service_requests>; empty values as empty elements."""
    return b"".join(xml_document(root, xml_entries(entries, element, fields)))


def documents(view: SiteView, settings: dict, rows=None) -> list[tuple[str, list[bytes]]]:
    """Requests (rows kept between builds, rowcache.py) and services, as JSON and XML, in pieces
    (the requests' made as they are taken)."""
    cache, items = rows or rowcache.NoCache(), view.items
    service_list = services(view)
    return [
        (f"{OPEN311_DIR}/requests.json", json_document(rowcache.stream(
            cache, "requests.json", items, lambda chosen: json_entries(service_requests(view, chosen))))),
        (f"{OPEN311_DIR}/requests.xml", xml_document("service_requests", rowcache.stream(
            cache, "requests.xml", items,
            lambda chosen: xml_entries(service_requests(view, chosen), "request", REQUEST_FIELDS)))),
        (f"{OPEN311_DIR}/services.json", json_document(json_entries(service_list))),
        (f"{OPEN311_DIR}/services.xml",
         xml_document("services", xml_entries(service_list, "service", SERVICE_FIELDS))),
    ]


def files(view: SiteView, settings: dict) -> list[tuple[str, bytes]]:
    """The Open311 files, whole."""
    return [(path, b"".join(pieces)) for path, pieces in documents(view, settings)]
