"""The file families (data files, feeds, calendar, sitemap) written beside page rendering.

Pure of Pelican. At province scale the file families cost seconds of CPU
(about 9 s at 20,000 items: 125 MB of CSV, JSON and XML, and their ZIP) while
the parent process only waits for the page renderers. `start` forks a process
per family, which computes and writes its files while the pages render; `finish`
waits for them and returns their counts. Each child inherits the site view (nothing
is pickled on the way in); on the way out it sends its counts and, when asked,
the Markdown conversions it made, so the parent keeps them between builds
(site/markup.py) exactly as if it had converted them itself.

A leaf of the plugin: it imports nothing of the other rooms. What a child sends back
besides its counts comes from `shared` (an object with made() and keep(), given by the
generator: the view's Markdown conversions).

A small site (or a system without fork) writes them in the calling process,
at `finish`: the same files, the same counts.
"""

from __future__ import annotations

import gc
import multiprocessing
import traceback
from pathlib import Path
from typing import Callable, NamedTuple


MIN_ITEMS = 1000  # below this, forking costs more than it overlaps


class FamiliesFailed(RuntimeError):
    """A file family raised in the forked process; the message carries its traceback."""


class Written(NamedTuple):
    written: int  # files whose bytes changed (or new)
    unchanged: int  # files left as they were
    paths: frozenset = frozenset()  # every file the families made, relative to the output folder

    def counts(self) -> tuple[int, int]:
        return self.written, self.unchanged

    @classmethod
    def total(cls, results: list["Written"]) -> "Written":
        return cls(sum(r.written for r in results), sum(r.unchanged for r in results),
                   frozenset().union(*(r.paths for r in results)))


def write_all(families: list[Callable], view, settings: dict, output: Path,
              write: Callable[[Path, bytes], bool]) -> Written:
    """Every family's files written with `write(path, bytes) -> changed`.

    The paths are returned so that a build in place can remove the files an
    earlier build made and this one did not (a feed of an agency now gone)."""
    written = unchanged = 0
    paths = []
    for family in families:
        for relative_path, data in family(view, settings):
            paths.append(Path(relative_path).as_posix())
            if write(output / relative_path, data):
                written += 1
            else:
                unchanged += 1
    return Written(written, unchanged, frozenset(paths))


def _child(connection, families, view, settings, output, write, shared) -> None:
    # Forked while the parent's collector is paused (generator.py): what it inherits is left to the
    # parent, and this process collects only what it makes.
    gc.freeze()
    gc.enable()
    try:
        counts = write_all(families, view, settings, output, write)
        connection.send(("done", counts, shared.made() if shared is not None else {}))
    except BaseException:  # reported to the parent, which stops the build
        connection.send(("failed", traceback.format_exc(), {}))
    finally:
        connection.close()


class Running:
    """Families being written: each by a forked process of its own, or (small site) at finish().

    One process per family, not one for all: a rebuild renders few pages, so
    the families are then what the build waits for, and the largest (the data
    files) alone takes about as long as all the others together."""

    def __init__(self, families, view, settings, output, write, parallel: bool, shared=None):
        self._arguments = (families, view, settings, Path(output), write)
        self._shared = shared
        self._children = []  # (process, connection)
        if parallel and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            for family in families:
                connection, child_end = context.Pipe(duplex=False)
                process = context.Process(target=_child, args=(child_end, [family], *self._arguments[1:],
                                                               shared),
                                          name="congkhai-files", daemon=True)
                process.start()
                child_end.close()
                self._children.append((process, connection))

    def finish(self) -> Written:
        """What was written, once every file is on disk."""
        if not self._children:
            return write_all(*self._arguments)
        outcomes = [self._receive(process, connection) for process, connection in self._children]
        failed = [result for outcome, result, _ in outcomes if outcome != "done"]
        if failed:
            raise FamiliesFailed("a file family failed:\n" + "\n".join(failed))
        if self._shared is not None:
            for _, _, made in outcomes:
                self._shared.keep(made)
        return Written.total([result for _, result, _ in outcomes])

    @staticmethod
    def _receive(process, connection) -> tuple:
        try:
            return connection.recv()
        except EOFError:  # the child died without a word (killed, out of memory)
            process.join()
            raise FamiliesFailed(f"a file family's process ended with code {process.exitcode}") from None
        finally:
            connection.close()
            process.join()


def start(families: list[Callable], view, settings: dict, output: Path, write: Callable[[Path, bytes], bool],
          parallel: bool | None = None, shared=None) -> Running:
    """Begin writing the families' files; call .finish() after the pages are rendered.

    parallel: fork a process per family (default: when the site has MIN_ITEMS items or more).
    shared: what a forked child made that the parent keeps (made() in the child, keep() in
    the parent: the Markdown conversions, with BUILD_CACHE)."""
    if parallel is None:
        parallel = len(view.items) >= MIN_ITEMS
    return Running(families, view, settings, output, write, parallel, shared)
