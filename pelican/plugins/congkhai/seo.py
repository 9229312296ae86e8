"""sitemap.xml and robots.txt, so search engines find every page.

Pure: no Pelican. The sitemap lists the pages of every page family (the
same list the generator renders), so a new page kind appears in it without
a change here, in every interface language. The sitemap protocol wants absolute URLs: they are absolute
when SITEURL is set (publishconf.py), root-relative in a local preview.
"""

from __future__ import annotations

from typing import Callable
from xml.etree import ElementTree as ET

from .i18n import localise
from .settings import DEFAULTS
from .views import SiteView

SITEMAP_PATH = "sitemap.xml"
ROBOTS_PATH = "robots.txt"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap(urls: list[str], siteurl: str) -> bytes:
    root = ET.Element("urlset", {"xmlns": SITEMAP_NS})
    for url in urls:
        ET.SubElement(ET.SubElement(root, "url"), "loc").text = f"{siteurl}/{url}"
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def robots(siteurl: str) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {siteurl}/{SITEMAP_PATH}\n".encode("utf-8")


def family(page_families: list[Callable]) -> Callable:
    """A file family over the page families; the list is read when the site is built,
    so families appended after this call are included too."""
    def files(view: SiteView, settings: dict) -> list[tuple[str, bytes]]:
        siteurl = settings.get("SITEURL") or ""
        languages = settings.get("LANGUAGES") or DEFAULTS["LANGUAGES"]
        urls = [localise(page.url, lang, languages)
                for lang in languages for pages in page_families for page in pages(view)]
        return [(SITEMAP_PATH, sitemap(urls, siteurl)), (ROBOTS_PATH, robots(siteurl))]
    return files
