"""sitemap.xml and robots.txt, so search engines find every page, and the site's icon.

Imports content/, domain/, site/ and build/; never Pelican. The sitemap lists the pages of every page family (the
same list the generator renders), so a new page kind appears in it without
a change here, in every interface language. The sitemap protocol wants absolute URLs: they are absolute
when SITEURL is set (publishconf.py), root-relative in a local preview. Each page's <lastmod>
is the day of its latest dated event by the as-of day (last_events), never the build's time, so
two builds of the same content give the same sitemap.
"""

from __future__ import annotations

import datetime as dt
import struct
from typing import Iterator

from ..settings import DEFAULTS
from ..site.i18n import localise
from ..site.urls import PAGE_URL, body_url, item_url, session_url
from ..site.views import SiteView
from . import serialise

SITEMAP_PATH = "sitemap.xml"
ROBOTS_PATH = "robots.txt"
FAVICON_PATH = "favicon.ico"  # every browser asks for it once, named or not: a 404 on each visit without it
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
# The protocol's limit of URLs in one sitemap file (sitemaps.org; search engines refuse a larger
# one): a site with more pages makes sitemap.xml an index of parts of at most this many.
SITEMAP_URLS = 50_000
SITEMAP_PART = "sitemap-{number}.xml"


def entries(tag: str, urls: list[tuple[str, dt.date | None]], siteurl: str) -> list[str]:
    return [f" <{tag}>\n  <loc>{serialise.xml_text(f'{siteurl}/{url}')}</loc>\n"
            + (f"  <lastmod>{day.isoformat()}</lastmod>\n" if day else "") + f" </{tag}>" for url, day in urls]


def sitemap(urls: list[tuple[str, dt.date | None]], siteurl: str) -> bytes:
    """(url, its <lastmod> or None) of each page."""
    return serialise.xml_document(serialise.node(0, "urlset", entries("url", urls, siteurl), {"xmlns": SITEMAP_NS}))


def sitemaps(urls: list[tuple[str, dt.date | None]], siteurl: str) -> Iterator[tuple[str, bytes]]:
    """sitemap.xml listing every page; above SITEMAP_URLS pages, sitemap.xml is the index of the
    parts sitemap-1.xml, sitemap-2.xml, … (each part's <lastmod> its latest page's), so that the
    address robots.txt gives stays the one a search engine reads first. One file at a time: a
    part is made only when the writer asks for it."""
    if len(urls) <= SITEMAP_URLS:
        yield SITEMAP_PATH, sitemap(urls, siteurl)
        return
    starts = range(0, len(urls), SITEMAP_URLS)
    names = [SITEMAP_PART.format(number=number) for number in range(1, len(starts) + 1)]
    latest = [max((day for _, day in urls[start:start + SITEMAP_URLS] if day), default=None) for start in starts]
    index = serialise.xml_document(serialise.node(0, "sitemapindex", entries("sitemap", list(zip(names, latest)), siteurl),
                                                  {"xmlns": SITEMAP_NS}))
    yield SITEMAP_PATH, index
    for name, start in zip(names, starts):
        yield name, sitemap(urls[start:start + SITEMAP_URLS], siteurl)


def last_events(view: SiteView) -> tuple[dict[str, dt.date], dt.date | None]:
    """Each page's latest dated event by the view's day, by its URL (in the site's first language),
    and the site's latest, for the pages that show the whole site (home, lists, open data):
    an item's latest counted response, or its session's day; a session's or a group's latest
    item; a body's latest session or item; a report's own day."""
    latest = {}
    for item in view.items:
        state = view.status_of(item)
        latest[item.id] = state.latest.date if state.latest else view.session_of(item).date
    found: dict[str, dt.date] = {}

    def note(url: str, day: dt.date | None) -> None:
        if day is not None and (url not in found or found[url] < day):
            found[url] = day

    for item in view.items:
        day = latest[item.id]
        note(item_url(item), day)
        note(session_url(view.session_of(item)), day)
        body = view.content.bodies.get(view.holder(item))
        if body is not None:
            note(body_url(body), day)
    for session in view.held:
        note(session_url(session), session.date)
    for groups in view.groups.values():
        for group in groups:
            note(group.url, max((latest[i.id] for i in group.items), default=None))
    for entry in view.reports + [e for reports in view.body_reports.values() for e in reports]:
        note(entry.url, entry.report.as_of)
    return found, max(latest.values(), default=None)


def favicon(size: int = 16) -> bytes:
    """The site's icon, drawn here (a yellow square on red): an ICO holding one 32-bit bitmap.

    At the root, where browsers look for it unasked, so that no page spends a request on
    naming it (the theme's budget is four requests a page)."""
    red, yellow = (0x1C, 0x1C, 0x9B, 0xFF), (0x3F, 0xD2, 0xFF, 0xFF)  # BGRA
    inner = range(size // 4, size - size // 4)
    pixels = b"".join(bytes(yellow if x in inner and y in inner else red) for y in range(size) for x in range(size))
    mask = bytes(((size + 31) // 32) * 4 * size)  # every pixel shown: the alpha channel says the rest
    bitmap = struct.pack("<IiiHHIIiiII", 40, size, 2 * size, 1, 32, 0, len(pixels) + len(mask), 0, 0, 0, 0)
    image = bitmap + pixels + mask
    return struct.pack("<HHH", 0, 1, 1) + struct.pack("<BBBBHHII", size, size, 0, 0, 1, 32, len(image), 22) + image


def robots(siteurl: str) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {siteurl}/{SITEMAP_PATH}\n".encode("utf-8")


def files(view: SiteView, settings: dict, pages: list) -> Iterator[tuple[str, bytes]]:
    """sitemap.xml (and its parts on a large site) and robots.txt over `pages`, the pages the build renders (site/pages.py), in every language."""
    siteurl = settings.get("SITEURL") or ""
    languages = settings.get("LANGUAGES") or DEFAULTS["LANGUAGES"]
    found, site_latest = last_events(view)

    def lastmod(url: str) -> dt.date | None:  # a list's further pages are the list's
        return found.get(url.split(PAGE_URL + "/", 1)[0] if f"/{PAGE_URL}/" in f"/{url}" else url, site_latest)

    urls = [(localise(page.url, lang, languages), lastmod(page.url)) for lang in languages for page in pages]
    yield from sitemaps(urls, siteurl)
    del urls
    yield ROBOTS_PATH, robots(siteurl)
    yield FAVICON_PATH, favicon()
