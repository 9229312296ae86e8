"""Fingerprints of page inputs: equal fingerprints, equal pages. Pure: no Pelican.

A page is a function of its template, its language, its context and a few
site-wide values (as-of day, settings, the theme). Its context is made of
model objects (sessions, items, responses, statuses) shared between many
pages, so each object is digested once per build (memo by identity) and a
page's fingerprint costs little more than the list of its objects. With the
cache, model objects are not even walked: they are named by the file they
were read from (seeds, model.source_versions).
"""

from __future__ import annotations

import dataclasses
import functools
import datetime as dt
import hashlib
from pathlib import Path

_ATOMS = (str, int, float, bool, type(None), dt.date, bytes)


class Fingerprinter:
    """Digests of values, remembered per object for the life of one build.

    Only composite values (model objects, lists, dicts) are hashed and
    remembered; strings, numbers and dates go into their parent's bytes as
    length-prefixed text, so a build hashes once per object, not once per field.
    """

    def __init__(self, extra=None, seeds=None):
        self._memo: dict[int, tuple[bytes, object]] = {}
        # extra(value) -> more values a value's digest covers (e.g. an item's status), or None
        self._extra = extra or (lambda value: None)
        # id(object) -> (bytes standing for its own fields, objects whose digests follow):
        # model objects named by the file they were read from (model.source_versions),
        # so that their fields are not walked on every build.
        self._seeds = seeds or {}

    def digest(self, value) -> bytes:
        if isinstance(value, _ATOMS):
            return _hash(_atom(value))
        key = id(value)
        known = self._memo.get(key)
        if known is not None:
            return known[0]
        seed = self._seeds.get(key)
        if seed is None:
            result = _hash(b"".join(self._parts(value)))
        else:
            own, joined = seed
            more = self._extra(value)
            result = _hash(b"".join((b"seed", own, *map(self.digest, joined),
                                     b"" if more is None else b"x" + self._encode(more))))
        # The object is kept alive with its digest, so its id cannot be reused by another.
        self._memo[key] = (result, value)
        return result

    def _encode(self, value) -> bytes:
        """A self-delimiting encoding: atoms as text, anything else as its (remembered) digest."""
        if type(value) is str:  # the commonest value
            data = value.encode("utf-8", "surrogatepass")
            return b"s%d:" % len(data) + data
        if isinstance(value, _ATOMS):
            return _atom(value)
        return b"h" + self.digest(value)

    def _parts(self, value):
        encode = self._encode
        yield type(value).__qualname__.encode() + b"\0"
        more = self._extra(value)
        if more is not None:
            yield b"x" + encode(more)
        if dataclasses.is_dataclass(value):
            names = _field_names(type(value))
            for name in names:
                yield name.encode() + b"="
                yield encode(getattr(value, name))
            if hasattr(value, "__dict__"):
                extra = [k for k in vars(value) if k not in names]
                for name in sorted(extra):
                    yield name.encode() + b"="
                    yield encode(vars(value)[name])
        elif isinstance(value, dict):
            # Key order is left out: a dict filled from a set comes in another order each run.
            yield from sorted(encode(k) + b"=" + encode(v) for k, v in value.items())
        elif isinstance(value, (list, tuple, set, frozenset)):
            if isinstance(value, (set, frozenset)):
                yield from sorted(encode(item) for item in value)
            else:
                for item in value:
                    yield encode(item)
        elif callable(value):
            # Functions and template helpers: their code is covered by code_version().
            yield getattr(value, "__module__", "").encode() + getattr(value, "__qualname__", "").encode()
        else:
            text = repr(value)
            # An address in a repr changes every run: the page is then never reused, which is safe.
            yield text.encode()


def _atom(value) -> bytes:
    text = (value.encode("utf-8", "surrogatepass") if type(value) is str
            else type(value).__name__.encode() + b":" + repr(value).encode())
    return b"a%d:" % len(text) + text


@functools.lru_cache(maxsize=None)
def _field_names(cls) -> tuple[str, ...]:
    """A dataclass's field names, looked up once per class (dataclasses.fields is slow)."""
    return tuple(f.name for f in dataclasses.fields(cls))


def _hash(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def files_digest(*folders: Path, suffixes: tuple[str, ...] = ()) -> str:
    """One digest of every file (name and bytes) under the folders: templates, catalogs, code."""
    h = hashlib.blake2b(digest_size=16)
    for folder in folders:
        if not folder.exists():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if suffixes and not path.name.endswith(suffixes):
                continue
            h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def code_version() -> str:
    """The plugin's own source: a change of code may change every page and every parsed file."""
    return files_digest(Path(__file__).parent, suffixes=(".py",))
