"""Checked-file cache: a file whose bytes did not change is neither parsed nor checked again. Pure: no Pelican.

Keyed by a hash of the file's bytes, its path and its kind (as Pelican's
CHECK_MODIFIED_METHOD = "sha256", not mtimes: a git checkout resets them).
The whole store is dropped when the code that reads, checks and models a file
changes (check_code_version: validation.py and every module of the plugin it
imports, directly or not, with the versions of Python and PyYAML) or when a
setting the per-file checks read changes (the salt: PRIVACY_ALLOWED_NUMBERS).
Templates, rendering and output families do not touch it.
What is kept per file is validation.Checked: its own problems (reported again
on every build until the file is fixed), what the checks across files need
from it, and its model object; the checks across files run on every build.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import pickle
import re
import sys
import zlib
from pathlib import Path

import yaml

PACKAGE = Path(__file__).parent


SHARDS = 32  # files the store is split into: an edit rewrites one of them, not all


class CheckCache:
    """get(raw, display_path, kind, model) -> the Checked of the same bytes, or None; put() to keep one.

    Kept in folder/checked-NN.pickle, the files shared out by path: a rebuild after
    one edit rewrites the one file that holds that path's entries (pickling every
    entry took longer than checking the edited file)."""

    def __init__(self, folder: Path, salt: str = ""):
        self.folder = Path(folder)
        self.version = check_code_version() + "\0" + salt
        self.old: list[dict] = [self._load(shard) for shard in range(SHARDS)]
        self.new: list[dict] = [{} for _ in range(SHARDS)]
        self.changed: set[int] = set()  # shards with an entry put
        self.hits = 0

    def _file(self, shard: int) -> Path:
        return self.folder / f"checked-{shard:02d}.pickle"

    def _load(self, shard: int) -> dict:
        try:
            with gc_paused():
                version, checks = pickle.loads(self._file(shard).read_bytes())
        except Exception:  # missing, damaged or from another version: only a slower build
            return {}
        return checks if version == self.version else {}

    @staticmethod
    def key(raw: bytes, display_path: str, kind: str) -> bytes:
        return hashlib.blake2b(raw + b"\0" + display_path.encode() + b"\0" + kind.encode(), digest_size=16).digest()

    def get(self, raw: bytes, display_path: str, kind: str, model: bool = False):
        """model: the caller needs the model object; an entry checked without one does not do."""
        key, shard = self.key(raw, display_path, kind), _shard(display_path)
        checked = self.old[shard].get(key)
        if checked is None or (model and checked.model is None and not checked.problems):
            return None
        self.hits += 1
        self.new[shard][key] = checked
        return checked

    def put(self, raw: bytes, display_path: str, kind: str, checked) -> None:
        shard = _shard(display_path)
        self.new[shard][self.key(raw, display_path, kind)] = checked
        self.changed.add(shard)

    def save(self) -> None:
        """Keep only this build's files: the cache never grows with deleted ones.
        Called before the model objects are joined (model.assemble), which changes them.
        A shard is written only when an entry was added to it or one of its files is gone."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for shard, entries in enumerate(self.new):
            if shard not in self.changed and entries.keys() == self.old[shard].keys():
                continue
            with gc_paused():
                data = pickle.dumps((self.version, entries), protocol=pickle.HIGHEST_PROTOCOL)
            temporary = self._file(shard).with_suffix(".tmp")
            temporary.write_bytes(data)
            temporary.replace(self._file(shard))


def _shard(display_path: str) -> int:
    return zlib.crc32(display_path.encode()) % SHARDS


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


_RELATIVE_IMPORT = re.compile(r"^[ \t]*from \.(\w*) import (?:\(([^)]*)\)|([^\n#]*))", re.MULTILINE)


def check_modules(start: str = "validation") -> list[str]:
    """The plugin's modules that validation.py imports, directly or through another (itself included)."""
    found, todo = set(), [start]
    while todo:
        name = todo.pop()
        if name in found:
            continue
        found.add(name)
        source = (PACKAGE / f"{name}.py").read_text(encoding="utf-8")
        for module, grouped, plain in _RELATIVE_IMPORT.findall(source):
            # "from .x import a" imports x; "from . import (a, b as c)" imports a and b
            todo += [module] if module else [n.split()[0] for n in (grouped or plain).split(",") if n.strip()]
    return sorted(found)


@functools.lru_cache(maxsize=None)
def check_code_version() -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{sys.version}\0{yaml.__version__}\0{pickle.HIGHEST_PROTOCOL}".encode())
    for name in check_modules():
        h.update(name.encode() + b"\0" + (PACKAGE / f"{name}.py").read_bytes())
    return h.hexdigest()
