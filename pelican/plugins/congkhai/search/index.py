"""Search: a Pagefind index of item and session pages, Vietnamese-aware.

No Pelican import: `index_output` receives the Pelican object from the
`finalized` signal (wired in plugin.py) and reads only its settings and output
path. Pagefind 1.5 strips combining marks from index and query ("thuy loi"
finds "thủy lợi") but treats đ as a letter of its own, so "dat dai" never finds
"đất đai". Each indexed page therefore carries, in a searchable metadata field
that never shows in excerpts, the folded forms of its words that contain đ
(`folded_terms`); the browser folds the query the same way (theme/static/js/fold.js).

One index for every language: item and session pages show the same questions
and answers in every interface language, only the labels differ. So only the
first language's pages are indexed (base.html sets data-pagefind-body there
alone) and Pagefind reads only their folders (`GLOB`); the other languages'
search pages load the same bundle (Pagefind falls back to its only language)
and point results at their own copies of the pages (the search page's
`data-base`). At 20,000 items this halves the pages Pagefind holds in memory.

Several bundles on a large site: Pagefind's memory grows with the pages it
holds (about 2.2 GB for 21,000), so a site with more indexed pages than
SEARCH_BUNDLE_PAGES is split into bundles of whole sessions in date order
(`partition`), each indexed by its own Pagefind run into /pagefind/<n>/, a few
runs at a time (SEARCH_INDEX_JOBS). The split is decided from the view before
the pages are rendered, because the search page names the bundles; the browser
queries them all and merges the results (theme/static/js/search.js). A site
within the limit keeps one bundle at /pagefind/, indexed as before.

With BUILD_CACHE, a bundle none of whose pages changed since the output folder's
last index is kept as it is (`bundle_stamps`, recorded per folder in the cache):
after an edited answer only its session's bundle is indexed again.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from ..site import i18n
from . import order as pagefind_order
from ..build.files import replace_file
from .order import stabilise_output
from ..build.fingerprint import package_versions
from ..build.rendering import prune_records, record_path
from ..settings import DEFAULTS
from ..domain.status import STATES
from ..site.views import FORWARDED, Page
from ..vietnamese import fold


SEARCH_URL = "tim-kiem/"
BUNDLE = "pagefind"  # the folder Pagefind writes into the output
FOLD_META = "fold"  # the metadata key holding the folded đ-words
# Filter keys in the order the search page shows them.
FACETS = ("status", "topic", "agency", "commune", "year")
SORTS = ("date", "deadline")  # the first is the default, newest first
# The folders of the indexed pages (views.item_url, views.session_url): Pagefind reads
# nothing else, neither the other languages' copies (under /en/…) nor list pages.
INDEXED_FOLDERS = ("noi-dung", "doi-thoai")
GLOB = "{" + ",".join(INDEXED_FOLDERS) + "}/**/*.html"
SCRIPT = "pagefind.js"  # each bundle's entry point, which the search page imports

_WORD = re.compile(r"\w+")


class SearchIndexError(RuntimeError):
    """Pagefind failed; the message carries its own output."""


# Elements whose text Pagefind never indexes; their words need no folded copy.
SKIPPED_TAGS = {"nav", "footer", "form", "svg", "template", "script", "style"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _IndexedText(HTMLParser):
    """The text of a fragment as Pagefind reads it: without data-pagefind-ignore parts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skipping = []  # one flag per open element: is its text left out?
        self.text = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID_TAGS:
            return
        parent = bool(self.skipping and self.skipping[-1])
        ignored = any(name == "data-pagefind-ignore" and value != "none" for name, value in attrs)
        self.skipping.append(parent or ignored or tag in SKIPPED_TAGS)

    def handle_endtag(self, tag):
        if tag not in VOID_TAGS and self.skipping:
            self.skipping.pop()

    def handle_data(self, data):
        if not (self.skipping and self.skipping[-1]):
            self.text.append(data)


def indexed_text(markup: str) -> str:
    """The text of an indexed fragment that Pagefind puts into its index."""
    parser = _IndexedText()
    parser.feed(markup)
    parser.close()
    return " ".join(parser.text)


# One token of rendered markup: a comment, a tag (name, attributes), or a run of text.
_TOKEN = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>|([^<]+)|<", re.S)
_IGNORE = re.compile(r"""\sdata-pagefind-ignore(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_RAW_TEXT = {"script", "style"}  # their content is not markup: skip to the end tag


def _ignored(attrs: str) -> bool:
    found = _IGNORE.search(attrs)
    if not found:
        return False
    value = next((v for v in found.groups() if v is not None), None)
    return value != "none"


# A run of tokens that cannot change what is indexed, as `_TOKEN` splits them: comments,
# end tags, start tags that open no skipped element (their name is not in SKIPPED_TAGS and
# they hold no "data-pagefind-ignore" at all), and text without đ, Đ or "&". While no
# skipped element is open, one match jumps over all of them: an end tag then only pops an
# element that skips nothing, and an ordinary start tag pushes one. Any other token (text
# with đ, a skipping or odd tag, a stray '<') stops the run and goes through `_TOKEN`.
_ATTRS_CLEAN = r"""(?:[^>"'d]++|d(?!ata-pagefind-ignore)|"(?:[^"d]++|d(?!ata-pagefind-ignore))*+"|'(?:[^'d]++|d(?!ata-pagefind-ignore))*+')*+"""
_PLAIN_RUN = re.compile(
    r"(?:<!--.*?-->"
    r"|</[a-zA-Z][^\s/>]*(?:[^>\"']++|\"[^\"]*+\"|'[^']*+')*+>"
    rf"|<(?!(?i:{'|'.join(sorted(SKIPPED_TAGS))})[\s/>])[a-zA-Z][^\s/>\"']*+(?=[\s/>]){_ATTRS_CLEAN}>"
    r"|[^<đĐ&]++(?![^<]))*+", re.S)
# Inside a skipped element only tags matter (they open and close elements): text and comments go.
_SKIPPED_RUN = re.compile(r"(?:<!--.*?-->|[^<]++)*+", re.S)
# A word (\w+) with đ or Đ in it, whole: the same words as _WORD's that hold đ once lower-cased.
_D_WORD = re.compile(r"(?<!\w)[^\WđĐ]*+[đĐ]\w*")


def _indexed_d_words(markup: str):
    """The words with đ/Đ of the text Pagefind indexes (what `indexed_text` keeps).

    A regular-expression scan instead of html.parser: this runs on every
    indexed page, and html.parser was a large share of their cost. Outside
    skipped elements, `_PLAIN_RUN` passes over the tokens that change nothing
    in one match; the rest is read token by token. tests/build/test_search_terms.py
    checks it against html.parser on every built page.
    """
    if "đ" not in markup and "Đ" not in markup and "&" not in markup:
        return
    skipping: list[bool] = []
    position, end = 0, len(markup)
    while position < end:
        position = (_SKIPPED_RUN if skipping and skipping[-1] else _PLAIN_RUN).match(markup, position).end()
        if position >= end:
            break
        token = _TOKEN.match(markup, position)
        position = token.end()
        text = token.group(4)
        if text is not None:
            if (skipping and skipping[-1]) or ("đ" not in text and "Đ" not in text and "&" not in text):
                continue
            yield from _D_WORD.findall(html.unescape(text) if "&" in text else text)
            continue
        name = token.group(2)
        if name is None:
            continue  # a comment or a stray '<'
        name, attrs = name.lower(), token.group(3)
        if token.group(1):  # an end tag
            if name not in VOID_TAGS and skipping:
                skipping.pop()
        elif name not in VOID_TAGS and not attrs.rstrip().endswith("/"):
            parent = bool(skipping and skipping[-1])
            skipping.append(parent or name in SKIPPED_TAGS or _ignored(attrs))
            if name in _RAW_TEXT:
                close = markup.lower().find(f"</{name}", position)
                position = end if close < 0 else close


def folded_terms(markup: str) -> str:
    """'Đất đai, đường' -> 'dat dai duong': the words of a page Pagefind cannot fold.

    Only words with đ/Đ: Pagefind folds every other mark itself, so copying
    the rest would only grow the index. Each word once, in order of first use.
    """
    return " ".join(dict.fromkeys(map(_fold_word, _indexed_d_words(markup))))


@lru_cache(maxsize=1 << 16)
def _fold_word(word: str) -> str:
    """fold() of one word, remembered: the same few thousand đ-words come back on every page."""
    return fold(word)


def _day_number(day) -> int:
    """The day's ordinal (736754 for 2018-03-01): Pagefind sorts numerically only when
    every value is a number, and reads the numbers as 32-bit floats, exact only up to
    16,777,216. A date written 20180301 is past that: 20171208 and 20171209 read as the
    same number, so neighbouring days came out in either order (measured, Pagefind 1.5.2)."""
    return day.toordinal()


def _dates(key: str, day) -> list[tuple[str, str]]:
    """The day as each interface language writes it ("date_vi", "date_en"): any language's
    search page shows results from the one index in its own words."""
    return [(f"{key}_{lang}", formats.short_date(day)) for lang, formats in i18n.FORMATS.items()]


@dataclass(frozen=True)
class SearchData:
    """What one indexed page tells Pagefind: filters, sort keys, metadata (all key:value)."""
    filters: tuple[tuple[str, str], ...]
    sorts: tuple[tuple[str, int], ...]
    meta: tuple[tuple[str, str], ...]


def item_data(view, item) -> SearchData:
    session, status = view.session_of(item), view.status_of(item)
    states = [status.state] + ([FORWARDED] if status.outstanding and status.forwarded_to else [])
    groups = [(kind, view.group_id(kind, item)) for kind in ("topic", "agency", "commune")]
    filters = [("status", state) for state in states] + [(k, v) for k, v in groups if v]
    filters.append(("year", str(session.date.year)))
    # Items answered on the spot have no deadline: their session day stands in,
    # because Pagefind drops a page without the sort key from sorted results.
    deadline = getattr(status, "due", None) or item.due or session.date
    # "no" and the dates let each language's search page write the title ("Item 9.2, …").
    meta = [("kind", "item"), ("no", item.number), *_dates("date", session.date)]
    if getattr(status, "due", None):
        meta += _dates("due", status.due)
    sorts = (("date", _day_number(session.date)), ("deadline", _day_number(deadline)))
    return SearchData(tuple(filters), sorts, tuple(meta) + _sort_meta(sorts))


def session_data(view, session) -> SearchData:
    filters = [("year", str(session.date.year))] + ([("commune", session.commune)] if session.commune else [])
    day = _day_number(session.date)
    sorts = (("date", day), ("deadline", day))
    return SearchData(tuple(filters), sorts, (("kind", "session"), *_dates("date", session.date)) + _sort_meta(sorts))


def _sort_meta(sorts) -> tuple[tuple[str, str], ...]:
    """The sort keys again as metadata ("sort_date"): a result's sort key is not in what
    Pagefind returns, and merging several bundles' sorted results needs it (search.js).
    Every page carries them, one bundle or several: a page reused from the previous build
    must not depend on how many bundles this build has."""
    return tuple((f"sort_{key}", str(value)) for key, value in sorts)


def search_data(view, item=None, session=None) -> SearchData:
    """The template global: item pages pass the item, session pages the session."""
    return item_data(view, item) if item is not None else session_data(view, session)


def facet_values(view) -> dict[str, list[tuple[str, str]]]:
    """Every filter value the index can hold, with its Vietnamese name, in Vietnamese order.

    Counts are not computed here: the search page asks Pagefind, so they
    always agree with the current query.
    """
    # Status names are interface text, translated in the template: no name here.
    facets = {"status": [(state, "") for state in (*STATES, FORWARDED)]}
    facets.update({kind: [(g.id, g.name) for g in view.groups[kind] if g.items]
                   for kind in ("topic", "agency", "commune")})
    facets["year"] = [(str(y), str(y)) for y in sorted({s.date.year for s in view.held}, reverse=True)]
    return facets


@dataclass(frozen=True)
class Bundle:
    """One Pagefind bundle: the folder it is written to and the sessions whose pages it holds."""
    folder: str  # under the output, e.g. "pagefind" or "pagefind/2"
    sessions: tuple[str, ...] = ()  # session ids; empty: every indexed page (the only bundle)

    @property
    def script(self) -> str:
        return f"{self.folder}/{SCRIPT}"

    @property
    def glob(self) -> str:
        """The bundle's pages for Pagefind's --glob: its sessions' folders under each indexed folder."""
        if not self.sessions:
            return GLOB
        folders = self.sessions[0] if len(self.sessions) == 1 else "{" + ",".join(self.sessions) + "}"
        return "{" + ",".join(INDEXED_FOLDERS) + "}/" + folders + "/**/*.html"


def partition(sessions, max_pages: int) -> list[tuple[str, ...]]:
    """[(session id, indexed pages), …] in date order -> groups of whole sessions.

    All in one group while the pages fit in max_pages. Beyond that, groups are
    filled in date order up to max_pages each (a session larger than that is a
    group of its own): a new session, usually the latest, changes the last group
    only, and every earlier bundle keeps its pages.
    """
    sessions = list(sessions)
    if sum(pages for _, pages in sessions) <= max_pages:
        return [tuple(session for session, _ in sessions)]
    groups, current, filled = [], [], 0
    for session, pages in sessions:
        if current and filled + pages > max_pages:
            groups.append(tuple(current))
            current, filled = [], 0
        current.append(session)
        filled += pages
    if current:
        groups.append(tuple(current))
    return groups


def bundles(view) -> list[Bundle]:
    """The site's bundles: decided from the view, before any page is rendered (the search
    page names them). The pages of a session: its own and, once held, its items'."""
    held = {session.id for session in view.held}
    sessions = [(s.id, 1 + (len(s.items) if s.id in held else 0)) for s in view.content.sessions]
    limit = getattr(view, "options", {}).get("SEARCH_BUNDLE_PAGES", DEFAULTS["SEARCH_BUNDLE_PAGES"])
    groups = partition(sessions, limit)
    if len(groups) == 1:
        return [Bundle(BUNDLE)]
    return [Bundle(f"{BUNDLE}/{number}", group) for number, group in enumerate(groups, 1)]


# The bundles the last search page named, for the `finalized` receiver: it gets only the
# Pelican object, and the view is released before it runs (pages.py). One build per process.
_planned: list[Bundle] = [Bundle(BUNDLE)]


def pages(view) -> list[Page]:
    """The page family: one search page, naming its bundles."""
    global _planned
    _planned = bundles(view)
    return [Page(SEARCH_URL, "search", {"facets": facet_values(view), "sorts": SORTS,
                                        "bundles": [bundle.script for bundle in _planned]})]


@dataclass(frozen=True)
class IndexStats:
    seconds: float
    bytes: int
    files: int
    kept: int = 0  # bundles left as they were: their pages had not changed


def _index_bundle(site: Path, bundle: Bundle, on_start=lambda: None) -> str | None:
    """One Pagefind run, its filter files then put in a stable order; its error message, if any.
    on_start() is called once the run's process has started (or failed to)."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", bundle.folder,
               "--glob", bundle.glob, "--silent"]
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    finally:
        on_start()
    stdout, stderr = process.communicate()
    if process.returncode != 0:
        return (f"congkhai: search index: pagefind failed on {str(site)!r} for {bundle.folder}/ "
                f"(exit {process.returncode}):\n{stdout}{stderr}")
    stabilise_output(site / bundle.folder)
    return None


# Keeping bundles between builds (BUILD_CACHE). A bundle's index is made from its pages alone,
# and pagefind_order.py makes it byte for byte the same for the same pages: so a bundle none of
# whose pages changed since this folder's last index is left as it is. An edited answer then
# costs one bundle's run instead of all of them (at 20,000 items, one of four).

@lru_cache(maxsize=1)
def _indexer() -> bytes:
    """What besides the pages makes an index: Pagefind's version and the code that runs and reorders it."""
    code = b"".join(Path(module).read_bytes() for module in (__file__, pagefind_order.__file__))
    return repr(package_versions(("pagefind", "pagefind_bin"))).encode() + hashlib.sha256(code).digest()


def bundle_stamps(plan: list[Bundle], pages: dict) -> dict[str, str]:
    """{bundle folder: a digest of what its index is made from}: the indexer, the bundle's folder
    and glob, and every page its glob reads, by path, size and modification time.

    pages: {target: (fingerprint, size, mtime_ns)} of every page in the output, as the build
    recorded them (rendering.Counts.entries): a page written again has a new time, one the build
    left alone or hard-linked from the last build keeps its own. No stat() of 20,000 pages."""
    by_session: dict[str, list[bytes]] = {}
    for target in sorted(pages):
        folder, session, *_ = target.split("/", 2) + [""]
        if folder in INDEXED_FOLDERS:
            _, size, mtime_ns = pages[target]
            by_session.setdefault(session, []).append(f"{target}\0{size}\0{mtime_ns}\n".encode())
    stamps = {}
    for bundle in plan:
        digest = hashlib.blake2b(_indexer(), digest_size=20)
        digest.update(repr((bundle.folder, bundle.glob)).encode())
        for session in bundle.sessions or sorted(by_session):
            digest.update(b"".join(by_session.get(session, ())))
        stamps[bundle.folder] = digest.hexdigest()
    return stamps


# The pages of this build, for the `finalized` receiver (pages.py hands them over once written).
_built: dict = {}


def built(pages: dict) -> None:
    """Tell the search index which pages the build left in the output: {target: (fingerprint, size, mtime_ns)}."""
    global _built
    _built = pages


def _read_record(path: Path | None) -> dict:
    """{bundle folder: stamp} of the folder's last index; empty when there is none or it is unreadable."""
    if path is None:
        return {}
    try:
        bundles = json.loads(path.read_text(encoding="utf-8"))["bundles"]
        return bundles if isinstance(bundles, dict) else {}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _clear(site: Path, kept: list[Bundle]) -> None:
    """Remove the previous index but the kept bundles: other bundles, and any the plan no longer has."""
    root = site / BUNDLE
    if not kept:
        shutil.rmtree(root, ignore_errors=True)
        return
    if any(bundle.folder == BUNDLE for bundle in kept):
        return  # the site's only bundle, kept whole
    names = {Path(bundle.folder).relative_to(BUNDLE).parts[0] for bundle in kept}
    with os.scandir(root) as entries:
        for entry in entries:
            if entry.name not in names:
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path)
                else:
                    os.unlink(entry.path)


def run_pagefind(site: Path, plan: list[Bundle] = (Bundle(BUNDLE),), jobs: int = DEFAULTS["SEARCH_INDEX_JOBS"],
                 while_indexing=(), record: Path | None = None, pages: dict | None = None) -> IndexStats:
    """Index each bundle's folders in one Pagefind run (one page at a time is a hundred times
    slower), `jobs` runs at a time (one run keeps about 1.3 cores busy: its indexing is
    mostly single-threaded). Every run finishes before a failure is raised, with the
    message of each run that failed; the build then stops and `invoke build` keeps the
    previous output.

    record: where this folder's last index is described (BUILD_CACHE); pages: the build's
    pages (bundle_stamps). A bundle whose stamp is the one recorded is kept, the others are
    made afresh. Without both, every bundle is made afresh: a build in place (tasks.build_into's
    spare folder) would otherwise keep the chunks of its previous index, and its bundles if
    their number changed.

    while_indexing: callables run in this thread once the first runs have started, so that
    their work (pages.py gives back the model's memory) overlaps Pagefind's instead of
    coming before it: they hold the interpreter, so they must not run before the runs start."""
    started = time.perf_counter()
    if not pages:
        record = None
    recorded = _read_record(record)
    stamps = bundle_stamps(plan, pages) if record else {}
    kept = [bundle for bundle in plan if recorded.get(bundle.folder) == stamps[bundle.folder]
            and (site / bundle.folder / "pagefind-entry.json").is_file()] if recorded else []
    if record:
        record.unlink(missing_ok=True)  # no claim on an index while it is being remade
    _clear(site, kept)
    todo = [bundle for bundle in plan if bundle not in kept]
    workers = max(1, min(jobs, len(todo)))
    runs_started = threading.Semaphore(0)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = pool.map(lambda bundle: _index_bundle(site, bundle, runs_started.release), todo)
        for _ in range(min(workers, len(todo))):
            runs_started.acquire()
        for task in while_indexing:
            task()
        errors = [error for error in results if error]
    if errors:
        raise SearchIndexError("\n".join(errors))
    if record:
        _write_record(record, stamps)
    seconds = time.perf_counter() - started
    sizes = [size for bundle in plan for size in _file_sizes(site / bundle.folder)]
    return IndexStats(seconds, sum(sizes), len(sizes), len(kept))


def _write_record(path: Path, stamps: dict) -> None:
    replace_file(path, json.dumps({"bundles": stamps}, indent=1, sort_keys=True).encode("utf-8"))
    prune_records(path)


def _file_sizes(folder: Path):
    """The size of every file under folder (os.scandir: 21,000 index files at province scale)."""
    if not folder.is_dir():
        return
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                yield from _file_sizes(Path(entry.path))
            elif entry.is_file(follow_symlinks=False):
                yield entry.stat(follow_symlinks=False).st_size


# Work that waits for the search index to start (run_pagefind's while_indexing); run at
# once when the build has no index to make.
_while_indexing: list = []


def when_indexing(task) -> None:
    """Run task() while the search index is being made (or at the end of the build)."""
    _while_indexing.append(task)


def _take_waiting() -> list:
    tasks = list(_while_indexing)
    _while_indexing.clear()
    return tasks


def index_output(pelican) -> None:
    """`finalized` receiver: every build ends with an index of what it wrote (with BUILD_CACHE,
    the bundles whose pages it left as they were are kept)."""
    site = Path(pelican.output_path)
    global _built
    waiting, pages, _built = _take_waiting(), _built, {}
    if not (site / SEARCH_URL / "index.html").exists():
        for task in waiting:
            task()
        return  # not a Công khai site (or rendering stopped early): nothing to search
    settings = pelican.settings
    record = (record_path(Path(settings["CACHE_PATH"]) / "congkhai", site, "search")
              if settings.get("BUILD_CACHE") else None)
    stats = run_pagefind(site, _planned, settings.get("SEARCH_INDEX_JOBS", DEFAULTS["SEARCH_INDEX_JOBS"]),
                         while_indexing=waiting, record=record, pages=pages)
    # Printed like the build's summary line (rendering.summary), which it follows: on a
    # large site the index is a good part of the build, and benchmarks/run.py reads it.
    print(f"congkhai: search index: {stats.files:,} files, {stats.bytes:,} bytes in {stats.seconds:.1f} s"
          f"{_bundles_note(len(_planned), stats.kept)}", flush=True)


def _bundles_note(bundles: int, kept: int) -> str:
    if bundles == 1:
        return " (kept: its pages had not changed)" if kept else ""
    return f" ({bundles} bundles, {kept} kept)" if kept else f" ({bundles} bundles)"
