"""The file families (data files, feeds, calendar, sitemap) written beside page rendering.

A leaf of the plugin: imports nothing of the other rooms. At province scale the file
families cost seconds of CPU (about 9 s at 20,000 items: 125 MB of CSV, JSON and XML,
and their ZIP). `start` makes a task per family (pooled), which the page renderers' workers
run first, the largest first, before their pages (rendering.render_all, workers.run_chunks):
not processes of their own, since each forked process comes to hold its own copy of what of
the view it reads (CPython's reference counts write to every object it touches), and the
renderers read the view anyway; at 200,000 items three family processes beside the two
renderers took the build to 4.9 GB. Each task inherits the site view (nothing is pickled on
the way in); on the way out it gives its counts and what `shared` made (an object with made()
and keep(), given by the generator: the view's Markdown conversions, which the parent keeps
between builds, site/markup.py); the parent reads them exactly as if it had made them itself.

A small site (or a system without fork) writes them in the calling process,
at `finish`: the same files, the same counts.

A family may give a file as `Deferred` (a digest of everything its bytes are made from, and
how to make them) instead of its bytes: with the folder's record of the last build (`Kept`,
the page record's entries, build/rendering.py), a file whose digest is the one recorded and
whose size and time are as recorded is left as it is (or, in a fresh folder, hard-linked
from the previous build's), neither made nor read. At 20,000 items an edited answer leaves
16,471 Word reports as they were: made and compared, they cost more than all its pages.

A family yields its files one at a time and each is written before the next is asked for, so
that its process holds one file's bytes, not the family's. A file too large to hold at all
(the data files, over a gigabyte at 200,000 items) is given as `Streamed`: a function that
writes its bytes into an open file as they are made.
"""

from __future__ import annotations

import functools
import io
import os
import time
from pathlib import Path
from typing import BinaryIO, Callable, NamedTuple

from . import cachefile, workers
from .files import link_into, same_file, stream_if_changed

# CPU seconds the families together spend per item: 0.26-0.44 ms on the sample (577 items),
# 0.45 ms at 20,000 (9 s). They are forked for (workers.MIN_SECONDS) from 1,000 items.
ITEM_SECONDS = 0.0004
SECONDS_KEY = b"file families: CPU seconds by family"  # the format of Written.seconds (load_seconds)


class FamiliesFailed(workers.WorkerFailed):
    """A file family raised in its forked process (the message carries its traceback), or the process died."""


class Deferred(NamedTuple):
    """A file given by what names its bytes, made only when the folder does not hold it already."""

    digest: bytes | Callable[[], bytes]  # of everything the bytes are made from (the code is in the record's
    make: Callable[[], bytes]            # site key); a function when it costs, asked only when needed
    # A block of pages (site.pages.Block) whose inputs hold everything the bytes are made from:
    # while its fingerprint is the one recorded (Kept.settled), the file recorded stands, its
    # digest not even asked for (a body's periodic reports' Word copies: 16,000 at 20,000 items).
    block: str | None = None


class Streamed(NamedTuple):
    """A file given as what writes its bytes, piece by piece as they are made, into an open file."""

    write_to: Callable[[BinaryIO], None]


def whole(data) -> bytes:
    """A family's file as bytes, however it was given (bytes, Deferred, Streamed): for the tests
    and tools that want one file's bytes in hand."""
    if isinstance(data, Deferred):
        return data.make()
    if isinstance(data, Streamed):
        buffer = io.BytesIO()
        data.write_to(buffer)
        return buffer.getvalue()
    return data


class Kept(NamedTuple):
    """The deferred files recorded by the build that made the folder this build reuses files from."""

    entries: dict  # path -> (digest, size, mtime_ns): the page record's entries (build/rendering.py)
    source: Path  # the folder they describe: this build's own (in place), or the previous build's
    settled: frozenset = frozenset()  # the blocks of pages whose fingerprint is the one recorded


class Written(NamedTuple):
    written: int  # files whose bytes changed (or new)
    unchanged: int  # files left as they were
    paths: frozenset = frozenset()  # every file the families made, relative to the output folder
    entries: dict = {}  # path -> (digest, size, mtime_ns) of each deferred file, for the record
    seconds: dict = {}  # family (its label) -> the CPU seconds it took, for the next build's groups

    def counts(self) -> tuple[int, int]:
        return self.written, self.unchanged

    @classmethod
    def total(cls, results: list["Written"]) -> "Written":
        return cls(sum(r.written for r in results), sum(r.unchanged for r in results),
                   frozenset().union(*(r.paths for r in results)),
                   {path: entry for r in results for path, entry in r.entries.items()},
                   {label: seconds for r in results for label, seconds in r.seconds.items()})


def write_all(families: list[Callable], view, settings: dict, output: Path,
              write: Callable[[Path, bytes], bool], kept: Kept | None = None) -> Written:
    """Every family's files written with `write(path, bytes) -> changed`, one at a time as the
    family yields them; a Deferred one only when `kept` does not record it with the same digest
    (then it is left, or linked, as it is); a Streamed one as it is made (files.stream_if_changed).

    The paths are returned so that a build in place can remove the files an
    earlier build made and this one did not (a feed of an agency now gone)."""
    written = unchanged = 0
    paths, entries, seconds = [], {}, {}
    recorded = kept.entries if kept is not None else {}
    for family in families:
        started = time.process_time()
        for relative_path, data in family(view, settings):
            path = Path(relative_path).as_posix()
            paths.append(path)
            if isinstance(data, Deferred):
                known = recorded.get(path)
                if known is not None and data.block is not None and data.block in kept.settled:
                    digest = known[0]  # what it is made from is in its block's inputs, which did not change
                else:
                    digest = data.digest() if callable(data.digest) else data.digest
                if known is not None and known[0] == digest and same_file(f"{kept.source}/{path}", *known[1:]):
                    link_into(f"{kept.source}/{path}", f"{output}/{path}")  # same inode: same size and time
                    entries[path] = known
                    unchanged += 1
                    continue
                changed = write(output / path, data.make())
                stat = os.stat(output / path)
                entries[path] = (digest, stat.st_size, stat.st_mtime_ns)
            elif isinstance(data, Streamed):
                changed = stream_if_changed(output / path, data.write_to)
            else:
                changed = write(output / relative_path, data)
            data = None  # its bytes let go of before the family makes the next file's
            if changed:
                written += 1
            else:
                unchanged += 1
        seconds[_label(family)] = time.process_time() - started
    return Written(written, unchanged, frozenset(paths), entries, seconds)


def _groups(families: list[Callable], processes: int) -> list[list[Callable]]:
    """The families shared among at most `processes` processes, each writing its share in turn:
    the first (the caller lists the largest first: the data files, about as long as all the
    others together) alone, the others in turn among the rest.

    Not a process per family: each forked process comes to hold a copy of what of the view it
    reads (CPython's reference counts write to every object it touches) besides its own files'
    bytes, so eight processes at once held over 5 GB at 200,000 items, on two cores."""
    count = max(1, min(processes, len(families)))
    if count == 1:
        return [list(families)]
    first, rest = families[0], families[1:]
    return [[first]] + [rest[index::count - 1] for index in range(count - 1)]


def _balanced(seconds: list[float], processes: int) -> list[list[int]]:
    """The families (their indices) shared among at most `processes` workers by what each took in
    the last build (`seconds`), so that the workers finish together: the longest first, each to
    the worker with the least so far. A rebuild's families cost other than a cold build's (the
    data files re-deflate a chunk or two, the Word reports stand), and a fixed rule would leave
    one worker waiting for the other."""
    count = max(1, min(processes, len(seconds)))
    groups, loads = [[] for _ in range(count)], [0.0] * count
    for index in sorted(range(len(seconds)), key=lambda index: -seconds[index]):
        least = loads.index(min(loads))
        groups[least].append(index)
        loads[least] += seconds[index]
    return [group for group in groups if group]


def load_seconds(path: Path | None) -> dict[str, float]:
    """What each family took in the folder's last build (Written.seconds), or nothing."""
    return (cachefile.load(path, SECONDS_KEY) or {}) if path is not None else {}


def save_seconds(path: Path | None, seconds: dict[str, float]) -> None:
    if path is not None and seconds:
        cachefile.save(path, SECONDS_KEY, seconds)


def _label(family: Callable) -> str:
    """A family as an error names it: its function's module and name."""
    while isinstance(family, functools.partial):
        family = family.func
    module = (getattr(family, "__module__", None) or "").rsplit(".", 1)[-1]
    return f"file family {module}.{getattr(family, '__qualname__', type(family).__name__)}"


class Running:
    """Families being written by the page renderers' pool, or (small site) at finish().

    A task per family, each in a process forked by the worker that takes it
    (workers.run_chunks), in groups that share a worker's turn: once every family was timed by
    the last build (seconds), groups of about equal time (_balanced); else the fixed groups of
    _groups, the largest (the data files) alone, since it takes about as long as all the others
    together."""

    def __init__(self, families, view, settings, output, write, parallel: bool, shared=None, kept=None,
                 seconds: dict | None = None):
        output = Path(output)
        taken = [(seconds or {}).get(_label(family)) for family in families]
        # By what each took last time, once every one has been timed; a cold build in the fixed
        # order, the data files alone first, which its memory at 200,000 items was measured with.
        order = (_balanced(taken, workers.cores()) if None not in taken
                 else _groups(list(range(len(families))), workers.cores()))
        tasks = [(_label(family), functools.partial(write_all, [family], view, settings, output, write, kept))
                 for family in families]
        self.tasks = workers.start_each(tasks, fork=parallel, shared=shared, error=FamiliesFailed, groups=order)

    def finish(self) -> Written:
        """What was written, once every file is on disk."""
        return Written.total(self.tasks.results())


def start(families: list[Callable], view, settings: dict, output: Path, write: Callable[[Path, bytes], bool],
          parallel: bool | None = None, shared=None, kept: Kept | None = None,
          seconds: dict | None = None) -> Running:
    """Begin writing the families' files: tasks for the pool that renders the pages (its .tasks
    given to rendering.render_all), which its workers run first; call .finish() after the pages
    are rendered.

    parallel: leave them to the pool (default: when the site's items make the work worth
    forking, ITEM_SECONDS and workers.MIN_SECONDS); else they run here, at finish().
    shared: what a forked task made that the parent keeps (made() in the task's process,
    keep() in the parent: the Markdown conversions, with BUILD_CACHE).
    kept: what the folder's last build recorded of its deferred files (with BUILD_CACHE).
    seconds: what each family took in the last build (load_seconds), by which they are grouped."""
    if parallel is None:
        parallel = workers.worth_forking(len(view.items) * ITEM_SECONDS)
    return Running(families, view, settings, output, write, parallel, shared, kept, seconds)
