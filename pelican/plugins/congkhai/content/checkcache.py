"""Checked-file cache: a file whose bytes did not change is neither parsed nor checked again. Pure: imports settings, vietnamese, build/ and content/ only; never Pelican.

Keyed by a hash of the file's bytes, its path and its kind (as Pelican's
CHECK_MODIFIED_METHOD = "sha256", not mtimes: a git checkout resets them).
The whole store is dropped when the code that reads, checks and models a file
changes (check_code_version: validation.py and every module of the plugin it
imports, directly or not, with the versions of Python and PyYAML) or when a
setting the per-file checks read changes (the salt: PRIVACY_ALLOWED_NUMBERS).
Templates, rendering and output families do not touch it.

A file is not even read when its stamp (size, modification and change times,
inode, device) is the one the last build saw, as git's index does: reading
15,000 files costs 0.2 s of a 20,000-item rebuild when they are in memory, and
11 s when the system has dropped them from its cache.
The change time cannot be set back by a tool, so an edit that keeps the size
and restores the modification time still shows; a git checkout writes the
files it changes, so their stamps change too. A file changed less than RACY_NS
before the last build started (or while it ran) may have changed again within
the same clock tick after it was looked at ("racy git"): its stamp is not
trusted and it is read, and the stamp taken then is trusted by the build after.

What is kept per file is validation.Checked: its own problems (reported again
on every build until the file is fixed), what the checks across files need
from it, and its model object; the checks across files run on every build.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
import time
import zlib
from pathlib import Path

import yaml

from ..build import cachefile, imports
from ..build.files import gc_paused

SHARDS = 32  # files the store is split into: an edit rewrites one of them, not all
RACY_NS = 2_000_000_000  # a stamp this close to the build that took it is not trusted (coarse clocks)


def now_ns() -> int:
    """The clock stamps are compared with (a function, so tests can move it)."""
    return time.time_ns()


def file_stamp(file: str) -> tuple[int, int, int, int, int]:
    """What tells that a file may have changed without reading it: size, times, inode, device."""
    stat = os.stat(file)
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_dev


class CheckCache:
    """get(key, display_path, model) -> the Checked of the same bytes, or None; put() to keep one;
    get_unread() finds it by the file's stamp, without reading the file.

    Kept in folder/checked-NN.pickle, the files shared out by path: a rebuild after
    one edit rewrites the one file that holds that path's entries (pickling every
    entry takes longer than checking the edited file), and the stamps in
    folder/stamps.pickle: cache files (build/cachefile.py) under the version and what the file
    holds, so that one copied over the other is a miss, not a value of the wrong shape."""

    def __init__(self, folder: Path, salt: str = ""):
        self.folder = Path(folder)
        self.version = check_code_version() + "\0" + salt
        self.old: list[dict] = [self._load(shard) for shard in range(SHARDS)]
        self.new: list[dict] = [{} for _ in range(SHARDS)]
        self.changed: set[int] = set()  # shards with an entry put
        self.hits = 0
        self.started_ns = now_ns()  # before any file is looked at
        self.old_stamps, self._stamps_taken_ns = self._load_stamps()
        self.new_stamps: dict[str, tuple] = {}  # display path -> (kind, stamp, key)
        self.read = 0  # files read (not found by their stamp)

    def _file(self, shard: int) -> Path:
        return self.folder / f"checked-{shard:02d}.pickle"

    def _load(self, shard: int) -> dict:
        with gc_paused():
            checks = cachefile.load(self._file(shard), self.version + "\0checks")
        return {} if checks is None else checks  # none, of another version, or damaged: only a slower build

    def _stamps_file(self) -> Path:
        return self.folder / "stamps.pickle"

    def _load_stamps(self) -> tuple[dict, int]:
        stored = cachefile.load(self._stamps_file(), self.version + "\0stamps")
        if stored is None:  # none, of another version, or damaged: every file is read
            return {}, 0
        taken_ns, stamps = stored
        return stamps, taken_ns

    @staticmethod
    def key(raw: bytes, display_path: str, kind: str) -> bytes:
        return hashlib.blake2b(raw + b"\0" + display_path.encode() + b"\0" + kind.encode(), digest_size=16).digest()

    def get_unread(self, display_path: str, kind: str, stamp: tuple, model: bool = False):
        """The Checked of a file whose stamp is the one the last build saw, without reading it; else None."""
        known = self.old_stamps.get(display_path)
        if known is None or known[0] != kind or known[1] != stamp:
            return None
        if max(stamp[1], stamp[2]) >= self._stamps_taken_ns - RACY_NS:
            return None  # changed just before the last build looked: it may have changed again since
        checked = self.get(known[2], display_path, model)
        if checked is not None:
            self.new_stamps[display_path] = known
        return checked

    def remember_stamp(self, display_path: str, kind: str, stamp: tuple, key: bytes) -> None:
        """The stamp taken before the file was read, and its key: for the next build."""
        self.new_stamps[display_path] = (kind, stamp, key)
        self.read += 1

    def get(self, key: bytes, display_path: str, model: bool = False):
        """The Checked kept under key (CheckCache.key of the file's bytes), or None.
        model: the caller needs the model object; an entry checked without one does not do."""
        shard = _shard(display_path)
        checked = self.old[shard].get(key)
        if checked is None or (model and checked.model is None and not checked.problems):
            return None
        self.hits += 1
        self.new[shard][key] = checked
        return checked

    def put(self, key: bytes, display_path: str, checked) -> None:
        shard = _shard(display_path)
        self.new[shard][key] = checked
        self.changed.add(shard)

    def save(self) -> None:
        """Keep only this build's files: the cache never grows with deleted ones.
        Called before the model objects are joined (model.assemble), which changes them.
        A shard is written only when an entry was added to it or one of its files is gone."""
        self.folder.mkdir(parents=True, exist_ok=True)
        if self.read or self.new_stamps.keys() != self.old_stamps.keys():
            # Written again whenever a file was read, so that a stamp not trusted this time
            # (too close to the last build) is taken with this build's later time and trusted
            # next time. The time is taken before any file was looked at: a file changed
            # later has a newer stamp.
            cachefile.save(self._stamps_file(), self.version + "\0stamps", (self.started_ns, self.new_stamps))
        for shard, entries in enumerate(self.new):
            if shard not in self.changed and entries.keys() == self.old[shard].keys():
                continue
            with gc_paused():
                cachefile.save(self._file(shard), self.version + "\0checks", entries)


def _shard(display_path: str) -> int:
    return zlib.crc32(display_path.encode()) % SHARDS


@functools.lru_cache(maxsize=None)
def check_code_version() -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{sys.version}\0{yaml.__version__}\0{pickle.HIGHEST_PROTOCOL}".encode())
    for name in imports.closure("content.validation"):
        h.update(name.encode() + b"\0" + imports.modules()[name].read_bytes())
    return h.hexdigest()
