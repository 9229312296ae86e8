"""Files written whole: cache files, and output files only when their bytes change.

A leaf of the plugin: imports nothing of the other rooms; every room may use it.
"""

from __future__ import annotations

import contextlib
import filecmp
import gc
import os
from pathlib import Path
from typing import BinaryIO, Callable


def replace_file(path: Path, data: bytes, *more: bytes) -> None:
    """Write a cache file whole or not at all: into a temporary file renamed over it, so that
    a build stopped halfway never leaves half a file for the next to read (its folder is made).
    more: bytes written after data (a header, then a payload not copied to join them)."""
    replace_streamed(path, lambda file: file.writelines((data, *more)))


def replace_streamed(path: Path, write_to: Callable[[BinaryIO], None]) -> None:
    """replace_file for bytes written as they are made: `write_to(file)` writes them (it may seek)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    try:
        with open(temporary, "wb") as file:
            write_to(file)
        temporary.replace(path)
    except BaseException:  # a full disk: no half file left behind to hold the space
        temporary.unlink(missing_ok=True)
        raise


def write_if_changed(path, data: bytes) -> bool:
    """Write only when the bytes differ, so unchanged pages keep their mtime.

    The old file is replaced, not written through, so an output folder made of
    hard links to a previous build never changes that build. Plain os calls, the new
    file made first and its folder only when that finds none: a cold build writes
    64,000 pages at 20,000 items, each new, most in a folder of its own.
    """
    return write_if_changed_stat(path, data) is not None


def write_if_changed_stat(path, data: bytes) -> os.stat_result | None:
    """write_if_changed, giving the written file's stat (read from its descriptor, so that a
    page's record costs no second look-up of its path), or None when its bytes were the same."""
    path = os.fspath(path)
    try:
        descriptor = os.open(path, _NEW, 0o666)
    except FileExistsError:
        # The size first: a data file of 40 MB that changed is not read back to find it out.
        if os.stat(path).st_size == len(data):
            with open(path, "rb") as file:
                if file.read() == data:
                    return None
        os.unlink(path)
        descriptor = os.open(path, _NEW, 0o666)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        descriptor = os.open(path, _NEW, 0o666)
    try:
        view, written = memoryview(data), 0
        while written < len(view):  # os.write may write less than it is given
            written += os.write(descriptor, view[written:])
        return os.fstat(descriptor)
    finally:
        os.close(descriptor)


_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def stream_if_changed(path: Path, write_to: Callable[[BinaryIO], None]) -> bool:
    """write_if_changed for a file too large to hold: `write_to(file)` writes its bytes as they
    are made into a temporary file beside it, which replaces the old file only if the bytes
    differ (compared block by block). The old file is replaced, never written through (a hard
    link to a previous build stays that build's); a build stopped halfway leaves it whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        with open(temporary, "wb") as file:
            write_to(file)
        if path.is_file() and filecmp.cmp(temporary, path, shallow=False):
            temporary.unlink()
            return False
        os.replace(temporary, path)
    except BaseException:  # a full disk, a failed family: no half file left behind
        temporary.unlink(missing_ok=True)
        raise
    return True


def same_file(path, size: int, mtime_ns: int) -> bool:
    """The file at path is the one a record describes: its size and modification time."""
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return False
    return stat.st_size == size and stat.st_mtime_ns == mtime_ns


def link_into(source, target) -> None:
    """Hard-link a previous build's file into this build's folder (plain os calls: this runs
    for nearly every page of a rebuild, and a folder is made only when the link finds none)."""
    if source == target:
        return
    try:
        os.link(source, target)
    except FileExistsError:
        os.unlink(target)
        os.link(source, target)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.link(source, target)


@contextlib.contextmanager
def gc_paused():
    """Python's cycle collector off while many objects are made that live on: it would
    walk them again and again for nothing (a 20,000-item cache loads 3x faster)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
