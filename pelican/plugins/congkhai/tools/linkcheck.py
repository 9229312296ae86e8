"""Offline link check over a built output folder: no network, no Pelican.

Every internal reference must resolve to a file in the folder: href and src in
HTML (links, stylesheets, scripts, images, feed/alternate links), the #anchor
of a link (an element with that id on the target page), url() and @import in
CSS, and href/<loc> in XML feeds and sitemaps. A folder URL (`/doi-thoai/`)
resolves to its index.html. Links to other hosts, mailto:, tel:, data: and
javascript: are not followed: the check never leaves the folder.

A published build has absolute URLs (SITEURL = https://host/prefix); pass that
site URL so that links to it count as internal and its path prefix is removed.

Run: python -m pelican.plugins.congkhai.linkcheck OUTPUT [--site-url URL]
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

# Attributes that reference another file, per element; everything else is text.
LINK_ATTRIBUTES = {
    "a": ("href",), "area": ("href",), "link": ("href",), "script": ("src",),
    "img": ("src", "srcset"), "source": ("src", "srcset"), "iframe": ("src",),
    "audio": ("src",), "video": ("src", "poster"), "track": ("src",),
    "embed": ("src",), "object": ("data",), "form": ("action",),
}
NOT_FOLLOWED = ("mailto:", "tel:", "data:", "javascript:", "sms:", "geo:")
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
XML_URL = re.compile(r"""\bhref="([^"]+)"|<loc>\s*([^<\s]+)\s*</loc>""")
# A page's own address stands in for the site's root when resolving relative links.
BASE = "http://output.invalid/"
LOCAL_HOST = urlsplit(BASE).netloc


@dataclass(frozen=True, order=True)
class BrokenLink:
    page: str  # the file holding the link, relative to the output folder
    link: str  # the link exactly as written
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.link}: {self.reason}"


class _PageParser(HTMLParser):
    """Collects the links and the anchor names of one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.base: str | None = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name in ("id",) + (("name",) if tag == "a" else ()):
            if values.get(name):
                self.ids.add(values[name])
        if tag == "base" and values.get("href"):
            self.base = values["href"]
        for name in LINK_ATTRIBUTES.get(tag, ()):
            value = values.get(name)
            if value is None:
                continue
            if name == "srcset":
                self.links += [part.split()[0] for part in value.split(",") if part.strip()]
            else:
                self.links.append(value.strip())

    handle_startendtag = handle_starttag


class LinkChecker:
    """Checks one output folder; parsed pages are kept so each is read once."""

    def __init__(self, root: Path, site_url: str = ""):
        self.root = Path(root)
        parts = urlsplit(site_url.rstrip("/"))
        self.site_origin = (parts.scheme, parts.netloc) if parts.netloc else None
        self.prefix = parts.path.rstrip("/")
        self._pages: dict[Path, _PageParser] = {}

    def page(self, path: Path) -> _PageParser:
        if path not in self._pages:
            parser = _PageParser()
            parser.feed(path.read_text(encoding="utf-8", errors="replace"))
            parser.close()
            self._pages[path] = parser
        return self._pages[path]

    def check(self) -> list[BrokenLink]:
        broken: list[BrokenLink] = []
        for path in sorted(self.root.rglob("*")):
            if not path.is_file():
                continue
            suffix = path.suffix.lower()
            if suffix in (".html", ".htm"):
                parser = self.page(path)
                links, base = parser.links, parser.base
            elif suffix == ".css":
                text = path.read_text(encoding="utf-8", errors="replace")
                links, base = [m.group(2) or m.group(4) for m in CSS_URL.finditer(text)], None
            elif suffix in (".xml", ".atom", ".rss"):
                text = path.read_text(encoding="utf-8", errors="replace")
                links, base = [m.group(1) or m.group(2) for m in XML_URL.finditer(text)], None
            else:
                continue
            for link in links:
                reason = self.problem(path, link, base)
                if reason:
                    broken.append(BrokenLink(self.relative(path), link, reason))
        return sorted(set(broken))

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def problem(self, page: Path, link: str, base: str | None = None) -> str | None:
        """Why `link` on `page` does not resolve, or None when it does (or is not ours)."""
        if not link or link == "#" or link.lower().startswith(NOT_FOLLOWED):
            return None
        page_url = urljoin(BASE, self.relative(page))
        target = urlsplit(urljoin(urljoin(page_url, base) if base else page_url, link))
        if target.scheme not in ("http", "https"):
            return None
        path = unquote(target.path)
        local = target.netloc == LOCAL_HOST
        if not local and (target.scheme, target.netloc) != self.site_origin:
            return None  # another host: not ours to check, and no network
        # Root-relative and full links carry the site's path prefix; relative ones do not.
        if self.prefix and (not local or link.startswith("/")):
            if path != self.prefix and not path.startswith(self.prefix + "/"):
                return f"outside the site's path {self.prefix}/"
            path = path[len(self.prefix):] or "/"
        file = self._file_for(path)
        if file is None:
            return "no such file in the output"
        # A fragment that starts with '/' is a route of a page's script (the web editor's
        # #/collections/…), not an element: the page it leads to is what is checked.
        if target.fragment and not target.fragment.startswith("/") and file.suffix.lower() in (".html", ".htm"):
            anchor = unquote(target.fragment)
            if anchor not in self.page(file).ids:
                return f"no element with id {anchor!r} on {self.relative(file)}"
        return None

    def _file_for(self, url_path: str) -> Path | None:
        relative = PurePosixPath(url_path.lstrip("/"))
        if ".." in relative.parts:
            return None
        candidate = self.root.joinpath(*relative.parts)
        if url_path.endswith("/") or candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None


def check_output(root: Path, site_url: str = "") -> list[BrokenLink]:
    """Every broken internal reference in the output folder, sorted by page then link."""
    return LinkChecker(root, site_url).check()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check every internal link of a built site, offline.")
    parser.add_argument("output", type=Path, help="the built output folder")
    parser.add_argument("--site-url", default="", help="SITEURL of a published build (absolute links)")
    args = parser.parse_args(argv)
    if not (args.output / "index.html").is_file():
        print(f"{args.output}: no index.html: build the site first (invoke build)", file=sys.stderr)
        return 2
    broken = check_output(args.output, args.site_url)
    for item in broken:
        print(item)
    print(f"{len(broken)} broken link(s) in {args.output}", file=sys.stderr if broken else sys.stdout)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
