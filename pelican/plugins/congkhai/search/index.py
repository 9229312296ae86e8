"""The search index: Pagefind run over the item and session pages a build wrote.

Imports search/page.py (the bundles), search/service.py and build/. Each bundle's index is
made by one Pagefind service, given the bundle's pages in the order of their paths, a few
at a time (SEARCH_INDEX_JOBS), then its filter files put in a stable order (search/order.py),
so that two builds of one commit are identical on any machine.

With BUILD_CACHE, a bundle none of whose pages changed since the output folder's last
index is kept as it is (`bundle_stamps`, recorded per folder in the cache): after an
edited answer only its session's bundle is indexed again.
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
from functools import lru_cache
from pathlib import Path

from ..build import cachefile
from ..build.fingerprint import package_versions
from ..build.rendering import prune_records, record_path
from ..settings import DEFAULTS
from . import order as pagefind_order
from . import service
from .order import stabilise_output
from .page import BUNDLE, INDEXED_FOLDERS, Bundle


class SearchIndexError(RuntimeError):
    """Pagefind failed; the message carries its own output."""


@dataclass(frozen=True)
class IndexStats:
    seconds: float
    bytes: int
    files: int
    kept: int = 0  # bundles left as they were: their pages had not changed


def bundle_pages(site: Path, bundle: Bundle) -> list[str]:
    """The bundle's page files, as paths under site, in the order of those paths: its sessions'
    folders (every folder, for the only bundle) under each indexed folder, walked whole."""
    found = []
    for top in INDEXED_FOLDERS:
        root = site / top
        if not root.is_dir():
            continue
        sessions = bundle.sessions or sorted(entry.name for entry in os.scandir(root) if entry.is_dir())
        for session in sessions:
            for folder, _, names in os.walk(root / session):
                relative = Path(folder).relative_to(site).as_posix()
                found += [f"{relative}/{name}" for name in names if name.endswith(".html")]
    return sorted(found)


def _index_bundle(site: Path, bundle: Bundle, on_start=lambda: None) -> str | None:
    """One Pagefind index of the bundle's pages, given in the order of their paths
    (search/service.py), its filter files then put in a stable order; its error message, if any.
    on_start() is called once the service's process has started (or failed to)."""
    pages = bundle_pages(site, bundle)
    if not pages and bundle.sessions:  # a site with no session yet (a new one) has an empty index
        on_start()
        return (f"congkhai: search index: {bundle.folder}/: no page to index under {str(site)!r} "
                f"(its sessions' pages are missing)")
    try:
        service.index_pages(site, pages, site / bundle.folder, on_start)
        stabilise_output(site / bundle.folder)
    except service.ServiceError as error:
        return f"congkhai: search index: Pagefind failed on {str(site)!r} for {bundle.folder}/:\n{error}"
    except (OSError, ValueError, EOFError, zlib.error) as error:  # a full disk: the bundle's files cut short
        free = shutil.disk_usage(site).free
        cause = f"{error.strerror} [Errno {error.errno}]" if isinstance(error, OSError) else \
            "its files are cut short" + (f" ({os.strerror(errno.ENOSPC)} [Errno {errno.ENOSPC}])"
                                         if free < 1 << 20 else "")
        return f"congkhai: search index: {site / bundle.folder}: Pagefind's index is incomplete: {cause}"
    return None


# Keeping bundles between builds (BUILD_CACHE). A bundle's index is made from its pages alone,
# and pagefind_order.py makes it byte for byte the same for the same pages: so a bundle none of
# whose pages changed since this folder's last index is left as it is. An edited answer then
# costs one bundle's run instead of all of them (at 20,000 items, one of four).

@lru_cache(maxsize=1)
def _indexer() -> bytes:
    """What besides the pages makes an index: Pagefind's version and the code that runs and reorders it."""
    code = b"".join(Path(module).read_bytes() for module in (__file__, pagefind_order.__file__, service.__file__))
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


RECORD_KEY = "search bundles"  # what a folder's record holds; the stamps inside say what they cover


def _read_record(path: Path | None) -> dict:
    """{bundle folder: stamp} of the folder's last index; empty when there is none or it is unreadable."""
    data = cachefile.read(path, RECORD_KEY) if path is not None else None
    if data is None:
        return {}
    bundles = json.loads(data)["bundles"]  # written by _write_record: checked by its checksum
    return bundles if isinstance(bundles, dict) else {}


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
    """Index each bundle's pages with one Pagefind service, `jobs` at a time (each keeps one
    core busy: the service takes its pages one after the other). Every run finishes before a
    failure is raised, with the message of each run that failed; the build then stops and
    `invoke build` keeps the previous output.

    record: where this folder's last index is described (BUILD_CACHE); pages: the build's
    pages (bundle_stamps). A bundle whose stamp is the one recorded is kept, the others are
    made afresh. Without both, every bundle is made afresh: a build in place (tasks.build_into's
    spare folder) would otherwise keep the chunks of its previous index, and its bundles if
    their number changed.

    while_indexing: callables run in this thread once the first runs have started, so that
    their work (the generator gives back the model's memory) overlaps Pagefind's instead of
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
    cachefile.write(path, RECORD_KEY, json.dumps({"bundles": stamps}, indent=1, sort_keys=True).encode("utf-8"))
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
    """The search index of what a build wrote into `site`; with BUILD_CACHE the bundles whose
    pages it left as they were are kept. pages: the build's page record (build/rendering.py),
    {target: (fingerprint, size, mtime_ns)}."""
    record = (record_path(Path(settings["CACHE_PATH"]) / "congkhai", site, "search")
              if settings.get("BUILD_CACHE") else None)
    stats = run_pagefind(site, plan, settings.get("SEARCH_INDEX_JOBS", DEFAULTS["SEARCH_INDEX_JOBS"]),
                         while_indexing=while_indexing, record=record, pages=pages)
    # Printed like the build's summary line (rendering.summary), which it follows: on a
    # large site the index is a good part of the build, and benchmarks/run.py reads it.
    print(f"congkhai: search index: {stats.files:,} files, {stats.bytes:,} bytes in {stats.seconds:.1f} s"
          f"{_bundles_note(len(plan), stats.kept)}", flush=True)
    return stats


def _bundles_note(bundles: int, kept: int) -> str:
    if bundles == 1:
        return " (kept: its pages had not changed)" if kept else ""
    return f" ({bundles} bundles, {kept} kept)" if kept else f" ({bundles} bundles)"
