"""Atom feeds of new answers: site-wide and per topic, agency and commune.

Imports content/, domain/, site/ and build/; never Pelican. Written with serialise.py, so every value is escaped. Each
entry is one published response; its id is a tag: URI made from the
response's id (its file path), so it stays the same from build to build and
a feed reader never shows an answer twice. Timestamps come from the data
(the response's date at 00:00 in Vietnam), never from the clock.
"""

from __future__ import annotations

import heapq
import html
from operator import attrgetter
from typing import Iterator
from urllib.parse import urlsplit

from ..build import rowcache
from ..content import rules
from ..domain.changes import CHANGE_LABELS, Change, changes
from ..site.urls import CHANGES_URL, body_url, item_url
from ..site.views import Group, SiteView
from ..vietnamese import short_date
from . import serialise

ATOM = "http://www.w3.org/2005/Atom"
FEED_NAME = "atom.xml"  # next to the page it follows: /co-quan/<id>/atom.xml
SITE_FEED = FEED_NAME  # /atom.xml: every new answer
LIMIT = 50  # entries per feed: a reader only needs what is new
TAG_YEAR = "2015"  # tag: URIs need a date when the authority held the name
KIND_LABELS = {"topic": "lĩnh vực", "agency": "cơ quan", "commune": "xã, thị trấn"}

def feed_url(group: Group | None = None) -> str:
    """Relative to the site root: 'atom.xml' or 'co-quan/phong-tnmt/atom.xml'."""
    return (group.url if group else "") + FEED_NAME


def id_domain(settings: dict) -> str:
    """ID_DOMAIN, else the host of SITEURL (a local preview: a reserved, never-real name).

    Feed entry ids and calendar UIDs are built on it: they must not change
    from build to build, nor with the machine that builds."""
    return (settings.get("ID_DOMAIN") or urlsplit(settings.get("SITEURL") or "").hostname
            or "congkhai.invalid")


def tag_authority(settings: dict) -> str:
    return f"{id_domain(settings)},{TAG_YEAR}"


def _stamp(day) -> str:
    return f"{day.isoformat()}T00:00:00+07:00"


# Elements are written as text (serialise.py), the bytes ElementTree with
# ET.indent(space=" ") wrote before: at 20,000 items building and serialising
# trees of every feed took seconds. An entry sits at depth 1 in every feed.
def _leaf(name: str, text: str | None = None, **attributes) -> str:
    return serialise.leaf(2, name, text, attributes)


def entry_xml(children: list[str]) -> str:
    """One <entry> of a feed, from its children written with _leaf."""
    return serialise.node(1, "entry", children)


def _entry(response, view: SiteView, siteurl: str, authority: str) -> str:
    content, item = view.content, view.content.items[response.item_id]
    session = view.session_of(item)
    agency = content.agencies[response.agency].name
    document = f"<p>{html.escape(response.document)}</p>" if response.document else ""
    question = f"<p><strong>Ý kiến:</strong> {html.escape(view.markdown.plain(item.text))}</p>"
    return entry_xml([
        _leaf("id", f"tag:{authority}:tra-loi/{response.id}"),
        _leaf("title", f"{agency}: {rules.OUTCOMES[response.outcome]} – nội dung {item.number}, "
                       f"đối thoại {short_date(session.date)}"),
        _leaf("updated", _stamp(response.date)),
        _leaf("published", _stamp(response.date)),
        serialise.node(2, "author", [serialise.leaf(3, "name", agency)]),
        _leaf("link", rel="alternate", type="text/html", href=f"{siteurl}/{item_url(item)}"),
        _leaf("category", term=item.topic, label=content.topics[item.topic].name),
        _leaf("summary", view.markdown.plain(item.text)),
        _leaf("content", question + document + str(view.markdown.html(response.body)), type="html"),
    ])


def feed_document(title: str, path: str, page: str, updated, settings: dict, entries: list[str]) -> bytes:
    """An Atom document around its entries (each written with entry_xml).

    Shared by the answer feeds and the what-changed feed, so every feed has the
    same id, link and timestamp rules."""
    siteurl, authority = settings.get("SITEURL") or "", tag_authority(settings)
    author = settings.get("AUTHOR") or settings.get("SITENAME") or "Công khai"
    children = [
        serialise.leaf(1, "id", f"tag:{authority}:nguon-tin/{path}"),
        serialise.leaf(1, "title", title),
        serialise.leaf(1, "updated", _stamp(updated)),
        serialise.leaf(1, "link", None, {"rel": "self", "type": "application/atom+xml", "href": f"{siteurl}/{path}"}),
        serialise.leaf(1, "link", None, {"rel": "alternate", "type": "text/html", "href": f"{siteurl}/{page}"}),
        serialise.node(1, "author", [serialise.leaf(2, "name", author)]),
        *entries,
    ]
    return serialise.xml_document(serialise.node(0, "feed", children, {"xmlns": ATOM, "xml:lang": "vi"}))


def newest(responses: list) -> list:
    """A feed's responses: newest first, at most LIMIT of them ((date, id) is unique: no ties)."""
    return heapq.nlargest(LIMIT, responses, key=attrgetter("date", "id"))


def files(view: SiteView, settings: dict, rows=None) -> Iterator[tuple[str, bytes]]:
    """The site-wide feed, then one feed per topic, agency and commune page, and one per body.

    An answer is in up to four feeds (site, topic, agency, commune): its <entry> is
    written once, and kept between builds (rowcache.py) under the digest of the
    response and its item, which is all an entry shows beyond the site key. A feed is written
    when it is taken (build/families.py), so that only its own bytes are in hand."""
    responses = view.counted_responses()
    feeds = [(f"Trả lời mới – {view.site_issuer}".strip(" –"), SITE_FEED, "", newest(responses))]
    by_item: dict[str, list] = {}
    for response in responses:
        by_item.setdefault(response.item_id, []).append(response)
    for kind, groups in view.groups.items():
        for group in groups:
            # newest() orders them by (date, id): the order they are gathered in does not matter.
            mine = [r for item in group.items for r in by_item.get(item.id, ())]
            feeds.append((f"Trả lời mới – {KIND_LABELS[kind]} {group.name}", feed_url(group), group.url,
                          newest(mine)))
    # Each body's: the answers given while it held the item (its own, and those it took over).
    by_body: dict[str, list] = {}
    items = view.content.items
    for response in responses:
        by_body.setdefault(view.holder(items[response.item_id], response.date), []).append(response)
    for body in view.content.bodies.values():
        feeds.append((f"Trả lời mới – {body.name}", f"{body_url(body)}{FEED_NAME}", body_url(body),
                      newest(by_body.get(body.id, []))))
    entries = _entries(view, settings, {r.id: r for *_, shown in feeds for r in shown}, rows or rowcache.NoCache())
    # An empty feed is as fresh as the data it was built from.
    for title, path, page, shown in feeds:
        yield path, feed_document(title, path, page, shown[0].date if shown else view.as_of, settings,
                                  [entries[r.id] for r in shown])


def _entries(view: SiteView, settings: dict, shown: dict, cache) -> dict[str, str]:
    """response id -> its <entry>, for every response some feed shows."""
    siteurl, authority = settings.get("SITEURL") or "", tag_authority(settings)
    items = view.content.items
    pairs = [(response, items[response.item_id]) for response in shown.values()]
    written = cache.rows("entries", pairs, lambda chosen: [
        _entry(response, view, siteurl, authority).encode("utf-8") for response, _ in chosen])
    cache.save()
    return {response.id: entry.decode("utf-8") for (response, _), entry in zip(pairs, written)}


# What changed: the items whose status changed in the CHANGES_DAYS days up to the as-of day.
CHANGES_FEED = CHANGES_URL + "atom.xml"


def _change_entry(change: Change, view: SiteView, siteurl: str, authority: str) -> str:
    item, session = change.item, view.session_of(change.item)
    return entry_xml([
        _leaf("id", f"tag:{authority}:thay-doi/{item.id}/{change.kind}/{change.day.isoformat()}"),
        _leaf("title", f"{CHANGE_LABELS[change.kind]}: nội dung {item.number}, "
                       f"đối thoại {short_date(session.date)}"),
        _leaf("updated", _stamp(change.day)),
        _leaf("link", rel="alternate", type="text/html", href=f"{siteurl}/{item_url(item)}"),
        _leaf("summary", view.markdown.plain(item.text)),
    ])


def changes_atom(view: SiteView, settings: dict) -> bytes:
    found = changes(view.items, view.status, view.as_of, view.options["CHANGES_DAYS"])
    siteurl, authority = settings.get("SITEURL") or "", tag_authority(settings)
    title = f"Thay đổi tình trạng – {view.site_issuer}".strip(" –")
    return feed_document(title, CHANGES_FEED, CHANGES_URL, found[0].day if found else view.as_of,
                         settings, [_change_entry(change, view, siteurl, authority) for change in found])


def changes_files(view: SiteView, settings: dict) -> Iterator[tuple[str, bytes]]:
    """The feed of what changed (domain/changes.py), /thay-doi/atom.xml."""
    yield CHANGES_FEED, changes_atom(view, settings)
