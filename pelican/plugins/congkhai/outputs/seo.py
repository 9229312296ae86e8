"""sitemap.xml and robots.txt, so search engines find every page.

Imports content/, domain/, site/ and build/; never Pelican. The sitemap lists the pages of every page family (the
same list the generator renders), so a new page kind appears in it without
a change here, in every interface language. The sitemap protocol wants absolute URLs: they are absolute
when SITEURL is set (publishconf.py), root-relative in a local preview.
"""

from __future__ import annotations

from ..settings import DEFAULTS
from ..site.i18n import localise
from ..site.views import SiteView
from . import serialise

SITEMAP_PATH = "sitemap.xml"
ROBOTS_PATH = "robots.txt"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap(urls: list[str], siteurl: str) -> bytes:
    return serialise.xml_document(serialise.node(0, "urlset", (
        f" <url>\n  <loc>{serialise.xml_text(f'{siteurl}/{url}')}</loc>\n </url>" for url in urls),
        {"xmlns": SITEMAP_NS}))


def robots(siteurl: str) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {siteurl}/{SITEMAP_PATH}\n".encode("utf-8")


def files(view: SiteView, settings: dict, pages: list) -> list[tuple[str, bytes]]:
    """sitemap.xml and robots.txt over `pages`, the pages the build renders (site/pages.py), in every language."""
    siteurl = settings.get("SITEURL") or ""
    languages = settings.get("LANGUAGES") or DEFAULTS["LANGUAGES"]
    urls = [localise(page.url, lang, languages) for lang in languages for page in pages]
    return [(SITEMAP_PATH, sitemap(urls, siteurl)), (ROBOTS_PATH, robots(siteurl))]
