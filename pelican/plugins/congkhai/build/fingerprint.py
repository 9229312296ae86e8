"""Fingerprints of page inputs: equal fingerprints, equal pages. A leaf of the plugin: imports nothing of the other rooms.

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
import datetime as dt
import functools
import hashlib
from pathlib import Path

_ATOMS = (str, int, float, bool, type(None), dt.date, bytes)
_SHORT = 8  # lists and tuples up to this length are encoded in their parent, not digested apart


class Fingerprinter:
    """Digests of values, remembered per object for the life of one build.

    Only composite values (model objects, dicts, lists and tuples longer than
    _SHORT) are hashed and remembered; strings, numbers, dates and short lists
    and tuples go into their parent's bytes (length-prefixed), so a build
    hashes once per object, not once per field.
    """

    def __init__(self, extra=None, seeds=None):
        self._memo: dict[int, tuple[bytes, object]] = {}
        # extra(value) -> more values a model object's digest covers (e.g. an item's status), or None;
        # asked of model objects walked field by field (dataclasses) only
        self._extra = extra or (lambda value: None)
        # id(object) -> (bytes standing for its own fields, objects whose digests follow):
        # model objects named by the file they were read from (model.source_versions),
        # so that their fields are not walked on every build. A seed stands for all that
        # its object's digest covers, what extra() would add too: that must be a function
        # of the seed and of what the caller keys every digest with (rendering.site_key).
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
            result = _hash(b"".join((b"seed", own, *map(self.digest, joined))))
        # The object is kept alive with its digest, so its id cannot be reused by another.
        self._memo[key] = (result, value)
        return result

    def combine(self, *values) -> bytes:
        """The digest of values taken together, not remembered: for one-off tuples such as
        a page's (site key, language, template, URL, context), of which only the parts recur."""
        return _hash(b"".join(map(self._encode, values)))

    def _encode_more(self, more) -> bytes:
        """What extra() adds. A tuple of plain values (strings, numbers, dates, None, tuples
        of them) goes in as its repr: it is made afresh for each object, so hashing and
        remembering it, or encoding it value by value, would cost more than the rest of
        the object (a value whose repr changes from run to run only costs the reuse)."""
        if type(more) is tuple:
            return b"x" + repr(more).encode("utf-8", "surrogatepass")
        return b"x" + self._encode(more)

    def _encode(self, value) -> bytes:
        """A self-delimiting encoding: atoms as text, anything else as its (remembered) digest."""
        if type(value) is str:  # the commonest value
            data = value.encode("utf-8", "surrogatepass")
            return b"s%d:" % len(data) + data
        if isinstance(value, _ATOMS):
            return _atom(value)
        cls = type(value)
        if (cls is list or cls is tuple) and len(value) <= _SHORT:
            # Written out, not hashed and remembered: the short lists and tuples in pages'
            # contexts (a timeline and its entries) are made afresh for each page, so
            # remembering them saves nothing and hashing each costs more than its few
            # elements. Long ones are more often shared (a table on every page of a group).
            return b"%s%d(%s)" % (_type_label(cls), len(value), b"".join(map(self._encode, value)))
        return b"h" + self.digest(value)

    def _parts(self, value) -> list[bytes]:
        """What a composite value is made of, as one list (no generator: this runs for
        every object of a build, and list comprehensions are the cheap way in CPython)."""
        encode = self._encode
        cls = type(value)
        names = _field_names(cls)
        if names is not None:  # a model object: its fields, and what extra() adds to it
            parts = [_type_label(cls)]
            more = self._extra(value)
            if more is not None:
                parts.append(self._encode_more(more))
            parts += [label + encode(getattr(value, name)) for name, label in names]
            if hasattr(value, "__dict__"):
                own = vars(value)
                known = {name for name, _ in names}
                parts += [name.encode() + b"=" + encode(own[name]) for name in sorted(own) if name not in known]
            return parts
        if isinstance(value, (list, tuple)):  # named tuples too
            return [_type_label(cls), *map(encode, value)]
        if isinstance(value, dict):
            # Key order is left out: a dict filled from a set comes in another order each run.
            return [_type_label(cls), *sorted([encode(k) + b"=" + encode(v) for k, v in value.items()])]
        if isinstance(value, (set, frozenset)):
            return [_type_label(cls), *sorted(map(encode, value))]
        if callable(value):
            # Functions and template helpers: their code is covered by code_version().
            return [_type_label(cls), getattr(value, "__module__", "").encode() + getattr(value, "__qualname__", "").encode()]
        # An address in a repr changes every run: the page is then never reused, which is safe.
        return [_type_label(cls), repr(value).encode()]


def _atom(value) -> bytes:
    cls = type(value)
    if cls is str:
        text = value.encode("utf-8", "surrogatepass")
    elif cls is dt.date:  # dates fill model objects and statuses: cheaper than their repr
        text = b"date:" + value.isoformat().encode()
    elif cls is int:
        text = b"int:%d" % value
    else:
        text = cls.__name__.encode() + b":" + repr(value).encode()
    return b"a%d:" % len(text) + text


@functools.lru_cache(maxsize=None)
def _field_names(cls) -> tuple[tuple[str, bytes], ...] | None:
    """A dataclass's (field name, b"name="), looked up once per class (dataclasses.fields is slow);
    None for anything else."""
    if not dataclasses.is_dataclass(cls):
        return None
    return tuple((f.name, f.name.encode() + b"=") for f in dataclasses.fields(cls))


@functools.lru_cache(maxsize=None)
def _type_label(cls) -> bytes:
    return cls.__qualname__.encode() + b"\0"


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
    return files_digest(Path(__file__).resolve().parent.parent, suffixes=(".py",))


def package_versions(names: tuple[str, ...]) -> tuple[str, ...]:
    """Each package as name==version, as installed ("name==" when it is not)."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in names:
        try:
            found.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}==")
    return tuple(found)
