"""Atom feeds of new answers: site-wide and per topic, agency and commune.

Pure: no Pelican. Written with ElementTree, so every value is escaped. Each
entry is one published response; its id is a tag: URI made from the
response's id (its file path), so it stays the same from build to build and
a feed reader never shows an answer twice. Timestamps come from the data
(the response's date at 00:00 in Vietnam), never from the clock.
"""

from __future__ import annotations

import html
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from . import markup, rules
from .views import Group, SiteView, item_url
from .vietnamese import short_date

ATOM = "http://www.w3.org/2005/Atom"
FEED_NAME = "atom.xml"  # next to the page it follows: /co-quan/<id>/atom.xml
SITE_FEED = FEED_NAME  # /atom.xml: every new answer
LIMIT = 50  # entries per feed: a reader only needs what is new
TAG_YEAR = "2015"  # tag: URIs need a date when the authority held the name
KIND_LABELS = {"topic": "lĩnh vực", "agency": "cơ quan", "commune": "xã, thị trấn"}

ET.register_namespace("", ATOM)


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


def _sub(parent, name: str, text: str | None = None, **attributes) -> ET.Element:
    node = ET.SubElement(parent, f"{{{ATOM}}}{name}", attributes)
    if text is not None:
        node.text = text
    return node


def _entry(feed, response, view: SiteView, siteurl: str, authority: str) -> None:
    content, item = view.content, view.content.items[response.item_id]
    session = view.session_of(item)
    agency = content.agencies[response.agency].name
    entry = _sub(feed, "entry")
    _sub(entry, "id", f"tag:{authority}:tra-loi/{response.id}")
    _sub(entry, "title", f"{agency}: {rules.OUTCOMES[response.outcome]} – nội dung {item.number}, "
                         f"đối thoại {short_date(session.date)}")
    _sub(entry, "updated", _stamp(response.date))
    _sub(entry, "published", _stamp(response.date))
    author = _sub(entry, "author")
    _sub(author, "name", agency)
    _sub(entry, "link", rel="alternate", type="text/html", href=f"{siteurl}/{item_url(item)}")
    _sub(entry, "category", term=item.topic, label=content.topics[item.topic].name)
    _sub(entry, "summary", markup.plain(item.text))
    document = f"<p>{html.escape(response.document)}</p>" if response.document else ""
    question = f"<p><strong>Ý kiến:</strong> {html.escape(markup.plain(item.text))}</p>"
    _sub(entry, "content", question + document + str(markup.render(response.body)), type="html")


def feed_document(title: str, path: str, page: str, updated, settings: dict, add_entries) -> bytes:
    """An Atom document around entries added by `add_entries(feed, siteurl, authority)`.

    Shared by the answer feeds and the what-changed feed, so every feed has the
    same id, link and timestamp rules."""
    siteurl, authority = settings.get("SITEURL") or "", tag_authority(settings)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "vi"})
    _sub(feed, "id", f"tag:{authority}:nguon-tin/{path}")
    _sub(feed, "title", title)
    _sub(feed, "updated", _stamp(updated))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=f"{siteurl}/{path}")
    _sub(feed, "link", rel="alternate", type="text/html", href=f"{siteurl}/{page}")
    author = _sub(feed, "author")
    _sub(author, "name", settings.get("AUTHOR") or settings.get("SITENAME") or "Công khai")
    add_entries(feed, siteurl, authority)
    ET.indent(feed, space=" ")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def atom(title: str, path: str, page: str, responses: list, view: SiteView, settings: dict) -> bytes:
    """One Atom document; responses newest first, at most LIMIT of them."""
    newest = sorted(responses, key=lambda r: (r.date, r.id), reverse=True)[:LIMIT]

    def add_entries(feed, siteurl, authority):
        for response in newest:
            _entry(feed, response, view, siteurl, authority)

    # An empty feed is as fresh as the data it was built from.
    return feed_document(title, path, page, newest[0].date if newest else view.as_of, settings,
                         add_entries)


def files(view: SiteView, settings: dict) -> list[tuple[str, bytes]]:
    """The site-wide feed, then one feed per topic, agency and commune page."""
    responses = view.counted_responses()
    district = settings.get("DISTRICT_NAME") or ""
    result = [(SITE_FEED, atom(f"Trả lời mới – {district}".strip(" –"), SITE_FEED, "",
                               responses, view, settings))]
    for kind, groups in view.groups.items():
        for group in groups:
            ids = {item.id for item in group.items}
            mine = [r for r in responses if r.item_id in ids]
            title = f"Trả lời mới – {KIND_LABELS[kind]} {group.name}"
            result.append((feed_url(group), atom(title, feed_url(group), group.url, mine, view, settings)))
    return result
