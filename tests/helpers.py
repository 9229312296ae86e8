"""Shared helpers for the tests: build a site with the real Pelican command,
read its pages as text."""

from __future__ import annotations

import contextlib
import gzip
import html
import os
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
BUNDLE_PAGES = 200  # SEARCH_BUNDLE_PAGES of the `bundled_site` fixture: the sample's 606 indexed pages, 4 bundles


def printed_lines(problems) -> list[str]:
    """The lines a clerk reads for these problems: each one's Vietnamese line, then its English one."""
    return "\n".join(p.printed for p in problems).splitlines()


def english_lines(text: str) -> list[str]:
    """The developers' English of printed problems, one line each as `str(problem)` writes it:
    each indented English line joined to the place of the Vietnamese line above it (and the
    count's English alone); any other line of the output is left out."""
    lines, found = text.splitlines(), []
    for above, line in zip(lines, lines[1:]):
        if line.startswith("    ") and not above.startswith("    "):
            parts = above.split(": ", 2)
            found.append(f"{parts[0]}: {parts[1]}: {line.strip()}" if len(parts) == 3 else line.strip())
    return found


def said(problem) -> str:
    """A problem of the spreadsheet import as one line, «where: column: Vietnamese / English»."""
    return f"{problem.where}: {problem.field}: {problem.vietnamese} / {problem.message}"


def build_site(site_dir: Path, output: Path, as_of: str | None = None, settings: dict | None = None,
               check: bool = True) -> subprocess.CompletedProcess:
    """Run `pelican` over site_dir/content with the project's pelicanconf and theme.

    `settings` are extra Pelican settings (JSON values), as with `pelican -e`.
    """
    overrides = dict(settings or {})
    if as_of:
        overrides["AS_OF"] = as_of
    command = [sys.executable, "-m", "pelican", str(site_dir / "content"), "-s", str(ROOT / "pelicanconf.py"),
               "-t", str(ROOT / "theme"), "-o", str(output), "--fatal", "warnings", "--log-handler", "plain"]
    if overrides:
        command += ["-e", *(f"{key}={json.dumps(value)}" for key, value in overrides.items())]
    result = subprocess.run(command, cwd=site_dir, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"build failed:\n{result.stdout}\n{result.stderr}")
    return result


def page_text(output: Path, url: str) -> str:
    """The visible text of a page, tags dropped, whitespace folded."""
    raw = (output / url / "index.html").read_text(encoding="utf-8")
    raw = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", raw, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", raw)).split())


def links(output: Path, url: str) -> list[str]:
    raw = (output / url / "index.html").read_text(encoding="utf-8")
    return re.findall(r'href="([^"]+)"', raw)


def item_pages(output: Path) -> set[str]:
    """'<session id>/<opinion>-<item>' of every item page in a built site."""
    root = output / "noi-dung"
    return {p.parent.relative_to(root).as_posix() for p in root.rglob("index.html")}


FIGURE_LABELS = {"Tổng số nội dung": "total", "Đã giải quyết": "resolved", "Còn tồn": "outstanding",
                 "Chưa tới hạn": "not_yet_due", "Quá hạn": "overdue"}


def figures_on(output: Path, url: str) -> dict[str, int]:
    """The first block of headline figures on a page, as numbers (Vietnamese thousands dots removed)."""
    raw = (output / url / "index.html").read_text(encoding="utf-8")
    block = re.search(r'<dl class="figures">(.*?)</dl>', raw, re.S).group(1)
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>([\d.]+)", block)
    return {FIGURE_LABELS[label]: int(value.replace(".", "")) for label, value in pairs}


def search_bundles(output: Path, search_page: str = "tim-kiem") -> list[str]:
    """The bundle folders the search page names (its data-bundle scripts), e.g. ["pagefind/1", …]."""
    raw = (output / search_page / "index.html").read_text(encoding="utf-8")
    scripts = re.search(r'data-bundle="([^"]*)"', raw).group(1).split()
    return [script.strip("/").rsplit("/", 1)[0] for script in scripts]


def bundle_urls(output: Path, folder: str) -> list[str]:
    """The URL of every page in one Pagefind bundle, read from its fragments (gzip, a
    "pagefind_dcd" signature, then JSON), so a page indexed twice is listed twice."""
    urls = []
    for fragment in sorted((output / folder / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(fragment.read_bytes())
        urls.append(json.loads(raw[len(b"pagefind_dcd"):])["url"])
    return urls


def searchable(output: Path) -> dict[str, dict]:
    """What a reader's search finds in a built site, {url: page}: every bundle the search page
    names, without the copies recent.json marks stale, and the recent bundle; each page is its
    fragment (content, filters, metadata) with "words": what the word index holds of it (each
    word, the forms it was written in, the positions). Two indexes a reader cannot tell apart
    give the same; a page found in two bundles fails here."""
    from pelican.plugins.congkhai.search import order

    manifest = json.loads((output / "pagefind" / "recent.json").read_text(encoding="utf-8"))
    folders = search_bundles(output) + (["pagefind/recent"] if manifest["recent"] else [])
    found: dict[str, dict] = {}
    for number, folder in enumerate(folders):
        gone = manifest["stale"][number] if number < len(manifest["stale"]) else {}
        bundle = output / folder
        ids = order.page_hashes(bundle)
        words: dict[int, list] = {}
        for chunk in sorted((bundle / "index").glob("*.pf_index")):
            for word, pages, forms in order.decode(chunk.read_bytes())[0]:
                for form, where in [(word, pages)] + [tuple(f) for f in forms]:
                    page = 0
                    for step, *positions in where:  # page numbers as the step from the one before
                        page += step
                        words.setdefault(page, []).append([word, form, positions])
        for page, page_id in enumerate(ids):
            fragment = order.fragment(bundle, page_id)
            if page_id in gone:
                assert gone[page_id] == fragment["filters"], f"{folder}: {page_id}: stale with other filters"
                continue
            assert fragment["url"] not in found, f"{fragment['url']} found in two bundles"
            found[fragment["url"]] = {**fragment, "words": sorted(words.get(page, []))}
    return found


@contextlib.contextmanager
def tmpfs(folder: Path, megabytes: int):
    """A tmpfs of that size mounted at `folder` for the test, unmounted after: a file system
    of another kind than the disk's (it lists files newest first), and one that fills up.
    Mounting needs root, which CI has (.ci/run); elsewhere the test says why it cannot run."""
    import pytest

    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        if os.environ.get("CI"):  # .ci/run runs as root: there, a missing root is a failure
            pytest.fail("mounting a tmpfs needs root, and CI runs as root (.ci/run)")
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)

