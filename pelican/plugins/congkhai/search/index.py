"""The search index: Pagefind run over the item and session pages a build wrote.

Imports search/page.py (the bundles), search/service.py and build/. Each bundle's index is
made by one Pagefind service, given the bundle's pages in the order of their paths, a few
at a time (SEARCH_INDEX_JOBS), then its filter files put in a stable order (search/order.py),
so that two builds of one commit are identical on any machine.

With BUILD_CACHE, a bundle the output folder's last index made (recorded per folder in the
cache, with each page's signature and id) is kept as it is, and the pages changed since are
indexed on their own into the recent bundle laid over it (search/recent.py): after an edited
answer only its two or three pages are indexed again.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import threading
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path

from ..build import cachefile
from ..build.files import link_into
from ..build.fingerprint import package_versions
from ..build.rendering import previous_output, prune_records, record_path
from ..settings import DEFAULTS
from . import order as pagefind_order
from . import recent, service
from .order import stabilise_output
from .page import BUNDLE, INDEXED_FOLDERS, LIST_PAGES, Bundle


class SearchIndexError(RuntimeError):
    """Pagefind failed; the message carries its own output."""


@dataclass(frozen=True)
class IndexStats:
    seconds: float
    bytes: int
    files: int
    kept: int = 0  # bundles left as they were: the record described them
    recent: int = 0  # pages indexed into the recent bundle (search/recent.py)


def bundle_pages(site: Path, bundle: Bundle) -> list[str]:
    """The bundle's page files, as paths under site, in the order of those paths: its sessions'
    folders (every session's, for the only bundle) under each indexed folder, walked whole. A
    page Pagefind is given and does not index (a list's later page) would leave the bundle
    without its page ids, and an edited page then found twice: once stale, once recent."""
    found = []
    for top in INDEXED_FOLDERS:
        root = site / top
        if not root.is_dir():
            continue
        sessions = bundle.sessions or sorted(entry.name for entry in os.scandir(root)
                                             if entry.is_dir() and entry.name != LIST_PAGES)
        for session in sessions:
            for folder, _, names in os.walk(root / session):
                relative = Path(folder).relative_to(site).as_posix()
                found += [f"{relative}/{name}" for name in names if name.endswith(".html")]
    return sorted(found)


def _index(site: Path, pages: list[str], folder: str, on_start=lambda: None) -> tuple[str | None, dict]:
    """One Pagefind index of `pages` (paths under site, in the order of those paths) into folder
    (search/service.py), its filter files then put in a stable order: (its error message or
    None, {page path: its page id}). on_start() is called once the service's process has
    started (or failed to)."""
    try:
        urls = service.index_pages(site, pages, site / folder, on_start)
        stabilise_output(site / folder)
        hashes = pagefind_order.page_hashes(site / folder) if urls else []
    except service.ServiceError as error:
        return f"congkhai: search index: Pagefind failed on {str(site)!r} for {folder}/:\n{error}", {}
    except (OSError, ValueError, EOFError, zlib.error) as error:  # a full disk: the bundle's files cut short
        free = shutil.disk_usage(site).free
        cause = f"{error.strerror} [Errno {error.errno}]" if isinstance(error, OSError) else \
            "its files are cut short" + (f" ({os.strerror(errno.ENOSPC)} [Errno {errno.ENOSPC}])"
                                         if free < 1 << 20 else "")
        return f"congkhai: search index: {site / folder}: Pagefind's index is incomplete: {cause}", {}
    by_url = {service.url_of(page): page for page in pages}
    return None, ({by_url[url]: page_hash for url, page_hash in zip(urls, hashes)} if len(urls) == len(hashes)
                  else {})  # more than one language: no ids, so the bundle's pages are never laid over


def _index_bundle(site: Path, bundle: Bundle, on_start=lambda: None) -> tuple[str | None, dict]:
    """The bundle's index (_index) over its pages (bundle_pages)."""
    pages = bundle_pages(site, bundle)
    if not pages and bundle.sessions:  # a site with no session yet (a new one) has an empty index
        on_start()
        return (f"congkhai: search index: {bundle.folder}/: no page to index under {str(site)!r} "
                f"(its sessions' pages are missing)"), {}
    return _index(site, pages, bundle.folder, on_start)


# Keeping bundles between builds (BUILD_CACHE). A settled bundle's index is made from its
# pages alone, and pagefind_order.py makes it byte for byte the same for the same pages: so a
# bundle the folder's record describes is kept, and the pages changed since are laid over it
# in the recent bundle (search/recent.py). An edited answer then costs two or three pages'
# run instead of a bundle's.

@lru_cache(maxsize=1)
def _indexer() -> bytes:
    """What besides the pages makes an index: Pagefind's version and the code that runs and reorders it."""
    code = b"".join(Path(module).read_bytes() for module in (__file__, pagefind_order.__file__, service.__file__))
    return repr(package_versions(("pagefind", "pagefind_bin"))).encode() + hashlib.sha256(code).digest()


def bundle_stamps(plan: list[Bundle]) -> dict[str, str]:
    """{bundle folder: a digest of what its index is made with}: the indexer and the folder.
    Its pages are compared one by one (search/recent.py)."""
    return {bundle.folder: hashlib.blake2b(_indexer() + bundle.folder.encode(), digest_size=20).hexdigest()
            for bundle in plan}


RECORD_KEY = "search bundles"  # what a folder's record holds; the stamps inside say what they cover


def _read_record(path: Path | None) -> dict:
    """{bundle folder: {"stamp", "pages"}} of the folder's last index; empty when there is none
    or it is unreadable."""
    data = cachefile.read(path, RECORD_KEY) if path is not None else None
    if data is None:
        return {}
    bundles = json.loads(data)["bundles"]  # written by _write_record: checked by its checksum
    return bundles if isinstance(bundles, dict) else {}


def _clear(site: Path, kept: list[Bundle]) -> None:
    """Remove the previous index but the kept bundles: other bundles, any the plan no longer has,
    and the recent bundle (made again by every build that needs it)."""
    root = site / BUNDLE
    if not kept:
        shutil.rmtree(root, ignore_errors=True)
        return
    shutil.rmtree(site / recent.RECENT, ignore_errors=True)
    (site / recent.MANIFEST).unlink(missing_ok=True)
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
                 while_indexing=(), record: Path | None = None, pages: dict | None = None,
                 recent_limit: int = DEFAULTS["SEARCH_RECENT_PAGES"],
                 previous: tuple[Path, Path] | None = None) -> IndexStats:
    """Index each bundle's pages with one Pagefind service, `jobs` at a time (each keeps one
    core busy: the service takes its pages one after the other). Every run finishes before a
    failure is raised, with the message of each run that failed; the build then stops and
    `invoke build` keeps the previous output.

    record: where this folder's last index is described (BUILD_CACHE); pages: the build's
    pages, {target: (fingerprint, size, mtime_ns)}. A bundle the record describes is kept, and
    its pages changed since go to the recent bundle (search/recent.py); the others are made
    afresh. Without both, every bundle is made afresh: a build in place (tasks.build_into's
    spare folder) would otherwise keep the chunks of its previous index, and its bundles if
    their number changed.

    previous: (the folder this build's pages were hard-linked from, its record), for a fresh
    folder (PREVIOUS_OUTPUT) that has no record of its own: the bundles that folder's record
    describes are hard-linked in and kept as if this folder had made them, so that the first
    cached build into a fresh folder indexes only its changed pages, as a build in place does.

    while_indexing: callables run in this thread once the first runs have started, so that
    their work (the generator gives back the model's memory) overlaps Pagefind's instead of
    coming before it: they hold the interpreter, so they must not run before the runs start."""
    started = time.perf_counter()
    if not pages:
        record = None
    recorded = _read_record(record)
    if record and not recorded and previous is not None:
        recorded = _read_record(previous[1])
        _link_bundles(previous[0], site, recorded)
    stamps = bundle_stamps(plan)
    current = recent.current_pages(plan, pages) if record else {}
    if record:
        present = {b.folder: b for b in plan if (site / b.folder / "pagefind-entry.json").is_file()}
        work = recent.plan_index(plan, current, {f: e for f, e in recorded.items() if f in present}, stamps,
                                 recent_limit)
        record.unlink(missing_ok=True)  # no claim on an index while it is being remade
    else:
        work = recent.IndexPlan(tuple(plan))
    _clear(site, list(work.kept))
    runs = [partial(_index_bundle, site, bundle) for bundle in work.fresh]
    if work.recent:
        runs.append(partial(_index, site, list(work.recent), recent.RECENT))
    workers = max(1, min(jobs, len(runs)))
    runs_started = threading.Semaphore(0)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = pool.map(lambda run: run(runs_started.release), runs)
        for _ in range(min(workers, len(runs))):
            runs_started.acquire()
        for task in while_indexing:
            task()
        results = list(results)
    errors = [error for error, _ in results if error]
    if errors:
        raise SearchIndexError("\n".join(errors))
    stale = {folder: {ids[target]: pagefind_order.fragment(site / folder, ids[target])["filters"]
                      for target in sorted(ids)} for folder, ids in work.stale.items()}
    write_recent_manifest(site, plan, stale, bool(work.recent))
    if record:
        made = {bundle.folder: ids for bundle, (_, ids) in zip(work.fresh, results)}
        entries = {bundle.folder: recorded[bundle.folder] for bundle in work.kept}
        for folder, ids in made.items():
            entries[folder] = {"stamp": stamps[folder],
                               "pages": {target: [sig, ids.get(target)] for target, sig in current[folder].items()}}
        _write_record(record, entries)
    seconds = time.perf_counter() - started
    sizes = list(_file_sizes(site / BUNDLE))
    return IndexStats(seconds, sum(sizes), len(sizes), len(work.kept), len(work.recent))


def _link_bundles(source: Path, site: Path, recorded: dict) -> None:
    """Hard-link into site each bundle of `source` that `recorded` describes and source still
    holds whole (its entry file). Never the recent bundle nor its manifest: every build makes
    its own. The links are never written through: a bundle that is not kept is removed
    (_clear) before one is made in its place, and a kept one is only read."""
    skipped = {recent.RECENT, recent.MANIFEST}
    for folder in recorded:
        if not (source / folder / "pagefind-entry.json").is_file():
            continue
        for top, folders, names in os.walk(source / folder):
            relative = Path(top).relative_to(source).as_posix()
            folders[:] = [name for name in folders if f"{relative}/{name}" not in skipped]
            for name in names:
                if f"{relative}/{name}" not in skipped:
                    link_into(os.path.join(top, name), str(site / relative / name))


def write_recent_manifest(site: Path, plan: list[Bundle], stale: dict | None = None, laid_over: bool = False) -> None:
    """recent.json, which the search page reads first, on every site with search: the stale
    copies of each bundle and whether the recent bundle is laid over them. With neither (a
    clean index, or a merge of shards whose bundles were each made afresh), it says so."""
    if plan:
        (site / BUNDLE).mkdir(parents=True, exist_ok=True)
        (site / recent.MANIFEST).write_bytes(recent.manifest(plan, stale or {}, laid_over))


def _write_record(path: Path, entries: dict) -> None:
    cachefile.write(path, RECORD_KEY, json.dumps({"bundles": entries}, separators=(",", ":"),
                                                 sort_keys=True).encode("utf-8"))
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


def index_site(site: Path, plan: list[Bundle], settings: dict, pages: dict, while_indexing=()) -> IndexStats:
    """The search index of what a build wrote into `site`; with BUILD_CACHE the bundles the last
    index of the folder made are kept, and its changed pages laid over them. pages: the build's page record (build/rendering.py),
    {target: (fingerprint, size, mtime_ns)}."""
    cache_dir = Path(settings["CACHE_PATH"]) / "congkhai"
    record = record_path(cache_dir, site, "search") if settings.get("BUILD_CACHE") else None
    source = previous_output(settings.get("PREVIOUS_OUTPUT", ""), site) if record else None
    previous = (source, record_path(cache_dir, source, "search")) if source is not None else None
    stats = run_pagefind(site, plan, settings.get("SEARCH_INDEX_JOBS", DEFAULTS["SEARCH_INDEX_JOBS"]),
                         while_indexing=while_indexing, record=record, pages=pages,
                         recent_limit=settings.get("SEARCH_RECENT_PAGES", DEFAULTS["SEARCH_RECENT_PAGES"]),
                         previous=previous)
    # Printed like the build's summary line (rendering.summary), which it follows: on a
    # large site the index is a good part of the build, and benchmarks/run.py reads it.
    print(f"congkhai: search index: {stats.files:,} files, {stats.bytes:,} bytes in {stats.seconds:.1f} s"
          f"{_bundles_note(len(plan), stats.kept, stats.recent)}", flush=True)
    return stats


def _bundles_note(bundles: int, kept: int, pages: int) -> str:
    recent_note = f"; {pages:,} recent page{'s' if pages != 1 else ''} indexed" if pages else ""
    if bundles == 1:
        return f" (kept{recent_note})" if kept else ""
    return f" ({bundles} bundles, {kept} kept{recent_note})" if kept else f" ({bundles} bundles)"
