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
from pathlib import Path

import yaml

PACKAGE = Path(__file__).parent


class CheckCache:
    """get(raw, display_path, kind, model) -> the Checked of the same bytes, or None; put() to keep one."""

    def __init__(self, path: Path, salt: str = ""):
        self.path = path
        self.version = check_code_version() + "\0" + salt
        self.old: dict[bytes, object] = self._load()
        self.new: dict[bytes, object] = {}
        self.hits = 0

    def _load(self) -> dict:
        try:
            with gc_paused():
                version, checks = pickle.loads(self.path.read_bytes())
        except Exception:  # missing, damaged or from another version: only a slower build
            return {}
        return checks if version == self.version else {}

    @staticmethod
    def key(raw: bytes, display_path: str, kind: str) -> bytes:
        return hashlib.blake2b(raw + b"\0" + display_path.encode() + b"\0" + kind.encode(), digest_size=16).digest()

    def get(self, raw: bytes, display_path: str, kind: str, model: bool = False):
        """model: the caller needs the model object; an entry checked without one does not do."""
        key = self.key(raw, display_path, kind)
        checked = self.old.get(key)
        if checked is None or (model and checked.model is None and not checked.problems):
            return None
        self.hits += 1
        self.new[key] = checked
        return checked

    def put(self, raw: bytes, display_path: str, kind: str, checked) -> None:
        self.new[self.key(raw, display_path, kind)] = checked

    def save(self) -> None:
        """Keep only this build's files: the cache never grows with deleted ones.
        Called before the model objects are joined (model.assemble), which changes them.
        Nothing is written when every file came from the cache and none was deleted."""
        if self.hits == len(self.new) == len(self.old):
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        with gc_paused():
            data = pickle.dumps((self.version, self.new), protocol=pickle.HIGHEST_PROTOCOL)
        temporary.write_bytes(data)
        temporary.replace(self.path)


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
