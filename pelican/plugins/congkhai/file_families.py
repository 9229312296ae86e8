"""The file families (data files, feeds, calendar, sitemap) written beside page rendering.

Pure of Pelican. At province scale the file families cost seconds of CPU
(about 9 s at 20,000 items: 125 MB of CSV, JSON and XML, and their ZIP) while
the parent process only waits for the page renderers. `start` forks a process
that computes and writes every family's files while the pages render; `finish`
waits for it and returns its counts. The child inherits the site view (nothing
is pickled on the way in); on the way out it sends its counts and, when asked,
the Markdown conversions it made, so the parent keeps them between builds
(markup.save_conversions) exactly as if it had converted them itself.

A small site (or a system without fork) writes them in the calling process,
at `finish`: the same files, the same counts.
"""

from __future__ import annotations

import multiprocessing
import traceback
from pathlib import Path
from typing import Callable

from . import markup

MIN_ITEMS = 1000  # below this, forking costs more than it overlaps


class FamiliesFailed(RuntimeError):
    """A file family raised in the forked process; the message carries its traceback."""


def write_all(families: list[Callable], view, settings: dict, output: Path,
              write: Callable[[Path, bytes], bool]) -> tuple[int, int]:
    """Every family's files written with `write(path, bytes) -> changed`; (written, unchanged)."""
    written = unchanged = 0
    for family in families:
        for relative_path, data in family(view, settings):
            if write(output / relative_path, data):
                written += 1
            else:
                unchanged += 1
    return written, unchanged


def _child(connection, families, view, settings, output, write, send_conversions) -> None:
    try:
        counts = write_all(families, view, settings, output, write)
        connection.send(("done", counts, markup.conversions() if send_conversions else {}))
    except BaseException:  # reported to the parent, which stops the build
        connection.send(("failed", traceback.format_exc(), {}))
    finally:
        connection.close()


class Running:
    """Families being written: by a forked process, or (small site) at finish()."""

    def __init__(self, families, view, settings, output, write, parallel: bool, keep_conversions: bool):
        self._arguments = (families, view, settings, Path(output), write)
        self._keep = keep_conversions
        self._process = None
        if parallel and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self._connection, child_end = context.Pipe(duplex=False)
            self._process = context.Process(target=_child, args=(child_end, *self._arguments, keep_conversions),
                                            name="congkhai-files", daemon=True)
            self._process.start()
            child_end.close()

    def finish(self) -> tuple[int, int]:
        """(files written, files unchanged), once every file is on disk."""
        if self._process is None:
            return write_all(*self._arguments)
        try:
            outcome, result, conversions = self._connection.recv()
        except EOFError:  # the child died without a word (killed, out of memory)
            self._process.join()
            raise FamiliesFailed(f"the file families' process ended with code {self._process.exitcode}") from None
        finally:
            self._connection.close()
        self._process.join()
        if outcome != "done":
            raise FamiliesFailed("a file family failed:\n" + result)
        if self._keep:
            markup.keep_conversions(conversions)
        return result


def start(families: list[Callable], view, settings: dict, output: Path, write: Callable[[Path, bytes], bool],
          parallel: bool | None = None, keep_conversions: bool = False) -> Running:
    """Begin writing the families' files; call .finish() after the pages are rendered.

    parallel: fork a process (default: when the site has MIN_ITEMS items or more).
    keep_conversions: bring the child's Markdown conversions back (BUILD_CACHE)."""
    if parallel is None:
        parallel = len(view.items) >= MIN_ITEMS
    return Running(families, view, settings, output, write, parallel, keep_conversions)
