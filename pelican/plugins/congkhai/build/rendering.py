"""Render and write every page: reuse what did not change, share the rest across cores.

A leaf of the plugin: imports nothing of the other rooms. The generator hands in
two callables, `prepare(lang)` (install one language's translations into the
template environment) and `render(lang, page) -> bytes`, and the pages
(site/pages.py, Page).

Three savings, each measured in benchmarks/RESULTS.md:
- a page whose fingerprint (template, language, context, site-wide key) is the
  one recorded for the previous build is not rendered at all: the previous
  build's file is hard-linked into this build's folder (or, building in place,
  left alone); the pages of a block (site.pages.Block: a session's item pages,
  a body's reports) are not even fingerprinted while the block's fingerprint is
  the one recorded;
- a page that is rendered but comes out with the previous bytes is linked too,
  so only pages whose bytes changed are written (new inode, new mtime);
- the remaining pages are rendered by forked workers, one per core (workers.py):
  the site view built in generate_context is inherited, not pickled.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import cachefile, workers
from .files import link_into, same_file, write_if_changed_stat
from .fingerprint import Fingerprinter

CHUNK = 200  # pages per task handed to a worker: large enough that scheduling costs nothing
# CPU seconds a page costs, rendered, written and fingerprinted: 0.9-1.3 ms on the sample
# (1,330 pages), 2.9 ms at 20,000 items (the benchmark's CPU per page). The smaller: the pages
# are forked for (workers.MIN_SECONDS) only when they surely cost that much (400 pages).
PAGE_SECONDS = 0.001


@dataclass
class Job:
    lang: str
    page: object  # site.pages.Page
    target: str  # path of the file, relative to the output folder


@dataclass
class Counts:
    pages: int = 0
    reused: int = 0  # not rendered: inputs unchanged
    unchanged: int = 0  # rendered, same bytes as before
    written: int = 0  # new or changed bytes
    seconds: float = 0.0
    written_paths: list[str] = field(default_factory=list)
    entries: dict = field(default_factory=dict)  # the page record of this build (PageCache.save)
    blocks: dict = field(default_factory=dict)  # and the fingerprints of its blocks of pages


# The page record's key names the layout of what it holds, not the site key: its targets
# are read whatever the site key (PageCache).
RECORD_KEY = b"page record: site key, entries, targets, blocks"


@dataclass
class PageCache:
    """The record of the build that made an output folder: what it wrote there.

    entries: page target -> (fingerprint, size, mtime_ns), and blocks: block key ->
    fingerprint (site.pages.Block), kept only while the site key (code, theme, settings,
    day) is the same; targets: every file it made (pages and file families), kept
    whatever the key, so that a build in place can remove what it does not make.
    A cache file (cachefile.py) under RECORD_KEY, with the site key inside, compared here.
    """

    path: Path | None  # where this build's record goes
    site_key: bytes = b""
    entries: dict[str, tuple[bytes, int, int]] = field(default_factory=dict)
    blocks: dict[str, bytes] = field(default_factory=dict)
    targets: frozenset = frozenset()
    found: bool = False  # a record was read

    @classmethod
    def load(cls, path: Path | None, site_key: bytes, source: Path | None = None) -> "PageCache":
        """The record at `source` (default `path`): the folder this build reuses pages from."""
        cache = cls(path, site_key)
        source = source or path
        record = None if source is None else cachefile.load(source, RECORD_KEY)
        if record is None:  # none, or damaged: only a slower build
            return cache
        stored_key, entries, targets, blocks = record
        cache.found, cache.targets = True, frozenset(targets)
        if stored_key == site_key:
            cache.entries, cache.blocks = entries, blocks
        return cache

    def save(self, entries: dict, files: frozenset = frozenset(), blocks: dict | None = None) -> None:
        if self.path is None:
            return
        record = (self.site_key, entries, frozenset(entries) | frozenset(files), blocks or {})
        cachefile.save(self.path, RECORD_KEY, record)
        prune_records(self.path)


RECORDS_KEPT = 4  # the live folder, the spare one tasks.py builds in, and a margin
RECORD_SUFFIX = {"pages": "pickle", "search": "json"}  # a folder's records, by kind


def record_path(cache_dir: Path, folder: Path, kind: str = "pages") -> Path:
    """Where the record of the build that made `folder` is kept (kind: "pages", or "search"
    for its search index, search.py).

    Named by the folder's device and inode, which a rename keeps: tasks.py swaps
    the live and the spare folder by renaming them, and each keeps its record."""
    stat = os.stat(folder)
    return Path(cache_dir) / f"{kind}-{stat.st_dev:x}-{stat.st_ino:x}.{RECORD_SUFFIX[kind]}"


def previous_output(setting: str, output: Path) -> Path | None:
    """The folder PREVIOUS_OUTPUT names, which a build into `output` reuses pages (and search
    bundles) from: None when unset, when it is the output itself, or when it is gone since
    (the build is then in place: its own record, and what its last build made and this one
    did not removed)."""
    previous = Path(setting) if setting else None
    if previous is None or not previous.is_dir() or previous.resolve() == Path(output).resolve():
        return None
    return previous


def prune_records(path: Path) -> None:
    """Only the newest records of path's kind stay: the folders the older ones describe are gone."""
    kind = path.name.split("-")[0]
    records = sorted(path.parent.glob(f"{kind}-*.{RECORD_SUFFIX[kind]}"), key=lambda p: p.stat().st_mtime_ns,
                     reverse=True)
    for old in records[RECORDS_KEPT:]:
        if old != path:
            old.unlink(missing_ok=True)


def remove_stale(output: Path, record: PageCache, made: set[str]) -> int:
    """Building in place: remove the files the folder's previous build made and this one did not
    (the page of a session taken out, the feed of an agency gone), and the folders they leave empty."""
    stale = sorted(record.targets - made)
    output = Path(output)
    for target in stale:
        path = output / target
        path.unlink(missing_ok=True)
        parent = path.parent
        while parent != output:
            try:
                parent.rmdir()
            except OSError:  # not empty, or gone
                break
            parent = parent.parent
    return len(stale)


def jobs_by_block(pages: list, languages: list[str], localise) -> list[Job]:
    """One job per page and language, in blocks that fill a worker's task exactly:
    a block's pages in the first language, then the same pages in the next.

    So both languages of a page go to the same worker, which digests the page's
    context once for both (its Fingerprinter remembers it), and a worker installs
    a language's translations twice per task, not once per page.
    """
    block = max(1, CHUNK // len(languages))
    jobs = []
    for start in range(0, len(pages), block):
        for lang in languages:
            # page URLs are '' or end in '/': plain strings, not Paths (42,000 at province scale)
            jobs += [Job(lang, page, localise(page.url, lang, languages) + "index.html")
                     for page in pages[start:start + block]]
    return jobs


def write_page(output: Path, previous: Path | None, target: str, data: bytes) -> os.stat_result | None:
    """Write data at output/target unless the previous build has those bytes (then link): the
    written file's stat, or None if it was not written."""
    destination = f"{output}/{target}"
    if previous is not None:
        earlier = f"{previous}/{target}"
        try:
            with open(earlier, "rb") as file:
                same = file.read() == data
            if same:
                link_into(earlier, destination)
                return None
        except FileNotFoundError:
            pass
    return write_if_changed_stat(destination, data)  # never through a hard link into another build


UNCHANGED, WRITTEN = "unchanged", "written"


@dataclass
class _Work:
    """What every chunk of jobs needs: handed to the forked workers (workers.run_chunks) by fork."""

    jobs: list[Job]
    prepare: object  # prepare(lang)
    render: object  # render(lang, page) -> bytes
    output: Path
    previous: Path | None
    cache: PageCache
    always: set[str]
    fingerprints: Fingerprinter  # each worker's copy remembers what it digests
    settled: set[str]  # the blocks whose fingerprint is the one recorded


def _process_chunk(work: _Work, indices: list[int]) -> tuple[list[int], list[tuple[int, bytes, str, int, int]]]:
    """Reuse, or fingerprint then reuse or render and write, each job: (the indices of the jobs
    reused as recorded, and (index, fingerprint, outcome, size, mtime_ns) of the others).

    Runs in the workers, so fingerprints, reuse checks and stat() are shared across
    cores too; each worker keeps one Fingerprinter, so an object shared by many
    pages (a session, an agency) is digested once per worker. A page of a block that
    did not change is reused as its record says, if its file is as recorded: nearly
    every page of a rebuild, so that path is kept short and sends back only its index.
    """
    jobs, prepare, render = work.jobs, work.prepare, work.render
    output, previous, cache, always = work.output, work.previous, work.cache, work.always
    fingerprints, settled, recorded = work.fingerprints, work.settled, cache.entries
    source_folder = previous or output
    reused, results, current = [], [], None
    for index in indices:
        job = jobs[index]
        page, target = job.page, job.target
        known = recorded.get(target)
        always_rendered = page.template in always
        if known is not None and not always_rendered:
            block = page.block
            if block is not None and block.key in settled:
                fingerprint = known[0]  # every input of the page is in its block's, which did not change
            else:
                page = _made(page)
                fingerprint = _fingerprint(fingerprints, cache.site_key, job.lang, page)
            if known[0] == fingerprint:
                source = f"{source_folder}/{target}"
                if same_file(source, known[1], known[2]):
                    link_into(source, f"{output}/{target}")  # a hard link: same inode, so same size and mtime
                    reused.append(index)
                    continue
        else:  # a page rendered on every build is never reused: its fingerprint is not needed
            page = _made(page)
            fingerprint = b"" if always_rendered else _fingerprint(fingerprints, cache.site_key, job.lang, page)
        if job.lang != current:
            prepare(job.lang)
            current = job.lang
        stat = write_page(output, previous, target, render(job.lang, page))
        outcome = WRITTEN if stat is not None else UNCHANGED
        stat = stat or os.stat(f"{output}/{target}")
        results.append((index, fingerprint, outcome, stat.st_size, stat.st_mtime_ns))
    return reused, results


def render_all(jobs: list[Job], prepare, render, output: Path, previous: Path | None,
               cache: PageCache, always: set[str] = frozenset(), progress=None,
               fingerprints: Fingerprinter | None = None, tasks=None, blocks: dict | None = None) -> Counts:
    """Render or reuse every job's page into output; the entries to record for next time in counts.entries.

    always: templates whose pages are rendered every time (see site_wide_templates).
    fingerprints: the build's Fingerprinter (model_fingerprints: seeded, the model already
    digested), which the workers inherit; a plain one when none is given.
    tasks: pooled tasks (workers.start_each: the file families) the workers run
    before the pages, their outcomes kept for tasks.results().
    blocks: the blocks' fingerprints (block_fingerprints), when the caller made them already.
    """
    started = time.perf_counter()
    counts = Counts(pages=len(jobs))
    progress = progress or Progress(len(jobs))
    fingerprints = fingerprints or Fingerprinter()
    counts.blocks = blocks if blocks is not None else block_fingerprints(jobs, fingerprints, cache.site_key)
    settled = settled_blocks(cache, counts.blocks)
    work = _Work(jobs, prepare, render, output, previous, cache, always, fingerprints, settled)
    results = workers.run_chunks(_process_chunk, work, schedule(jobs, always, settled),
                                 workers.workers_for(len(jobs) * PAGE_SECONDS),
                                 lambda result: progress.advance(len(result[0]) + len(result[1])), tasks)
    progress.done()
    recorded, entries = cache.entries, {}
    for reused, rendered in results:
        for index in reused:
            target = jobs[index].target
            entries[target] = recorded[target]
        counts.reused += len(reused)
        for index, fingerprint, outcome, size, mtime_ns in rendered:
            target = jobs[index].target
            entries[target] = (fingerprint, size, mtime_ns)
            if outcome == WRITTEN:
                counts.written += 1
                counts.written_paths.append(target)
            else:
                counts.unchanged += 1
    counts.entries = entries
    counts.written_paths.sort()
    counts.seconds = time.perf_counter() - started
    return counts


def _made(page):
    """The page with its context made, when its fingerprint is its context's: made once for both
    its fingerprint and its rendering (a report's rows, an item's timeline), not once for each."""
    if page.inputs is None and callable(page.context):
        return dataclasses.replace(page, context=page.context())
    return page


def _fingerprint(fingerprints: Fingerprinter, site_key: bytes, lang: str, page) -> bytes:
    inputs = page.inputs if page.inputs is not None else page.context
    if callable(inputs):
        inputs = inputs()
    return fingerprints.combine(site_key, lang, page.template, page.url, inputs)


def settled_blocks(cache: PageCache, blocks: dict[str, bytes]) -> frozenset[str]:
    """The blocks whose fingerprint is the one the folder's last build recorded."""
    return frozenset(key for key, fingerprint in blocks.items() if cache.blocks.get(key) == fingerprint)


def block_fingerprints(jobs: list[Job], fingerprints: Fingerprinter, site_key: bytes) -> dict[str, bytes]:
    """Each block's fingerprint (site.pages.Block), made before the workers fork: about 1,000 at 20,000 items.

    It covers the site key, the block's key and its inputs. A page's own fingerprint
    covers the site key, its language, template and URL and its inputs: the target
    stands for the language and URL, the code (in the site key) for the template, and
    the block's inputs hold the page's. So while a block's fingerprint is the one
    recorded, each of its pages' fingerprints is the one recorded for its target."""
    found = {}
    for job in jobs:
        block = job.page.block
        if block is not None and block.key not in found:
            found[block.key] = fingerprints.combine(site_key, block.key, block.inputs)
    return found


def schedule(jobs: list[Job], always: set[str], settled: set[str]) -> list[list[int]]:
    """The jobs' indices in chunks for the workers, those likely to cost most first.

    A rebuild renders few pages: those rendered on every build (reports, dashboards: the
    largest renders, and last in the list), each a chunk of its own, then the chunks with
    pages fingerprinted one by one, and last the chunks of blocks that did not change, which
    cost a stat() a page. In list order, one worker rendered the reports for 0.3 s at the
    end while the other waited.
    """
    def reused_as_recorded(job: Job) -> bool:  # in a block whose fingerprint is the one recorded
        return job.page.block is not None and job.page.block.key in settled

    first = [[index] for index, job in enumerate(jobs) if job.page.template in always]
    rest = [index for index, job in enumerate(jobs) if job.page.template not in always]
    chunks = [rest[start:start + CHUNK] for start in range(0, len(rest), CHUNK)]
    chunks.sort(key=lambda chunk: all(reused_as_recorded(jobs[index]) for index in chunk))  # stable: in list order
    return first + chunks


class Progress:
    """Counted pages on a terminal; silent when stderr is not one (CI, logs, tests)."""

    def __init__(self, total: int, stream=None):
        self.total, self.count = total, 0
        self.stream = stream or sys.stderr
        long = total * PAGE_SECONDS >= workers.MIN_SECONDS  # as long as a build the pages are forked for
        self.live = self.stream.isatty() and long and not os.environ.get("CI")

    def advance(self, n: int) -> None:
        self.count += n
        if self.live:
            self.stream.write(f"\rcongkhai: rendering pages {self.count:,}/{self.total:,}")
            self.stream.flush()

    def done(self) -> None:
        if self.live:
            self.stream.write("\n")
            self.stream.flush()


def summary(items: int, counts: Counts, timings: dict, stream=None) -> str:
    """The one line a build ends with (Pelican's own `Done:` line follows it)."""
    content = timings.get("content", 0.0)
    line = (f"congkhai: {items:,} items, {counts.pages:,} pages in {content + counts.seconds:.1f} s "
            f"(content read and validated in {content:.1f} s; pages in {counts.seconds:.1f} s: "
            f"{counts.written:,} written, {counts.unchanged:,} unchanged, {counts.reused:,} reused)")
    print(line, file=stream or sys.stdout, flush=True)
    return line
