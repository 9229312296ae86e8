"""Serialised rows of the data files, kept between builds.

A leaf of the plugin: imports nothing of the other rooms (the file families hand it
their objects and serialisers). At 20,000 items the data files hold 125 MB of CSV,
JSON and XML rows. Writing them all costs about 4 s of CPU, though an edited answer
changes the rows of one item, one session and one response.

A row depends only on its model object and on the site key. For an item, the
object's fingerprint covers its file (so its session's day) and its responses,
which with the site key make its status (site/fingerprints.py, model_fingerprints).
The site key covers the code and packages, the settings, the as-of day and the
reference tables. So each row is stored under its object's digest
(fingerprint.Fingerprinter, seeded from the source files: a few microseconds an
object) and made again only when that digest is new.

Rows are kept as UTF-8 bytes, ready to join into the file. The data ZIP keeps
its compressed chunks here too (outputs/exports.py, zip_chunked), named by their bytes.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterator, Sequence

from . import cachefile

Serialise = Callable[[list], list[bytes]]  # objects -> their rows, in the same order

# Objects whose rows are asked for at once by stream(): few calls, and a batch of rows in hand
# rather than a table's (200,000 items make over a gigabyte of rows).
ROWS_AT_ONCE = 2_000


def stream(cache, kind: str, objects: Sequence, serialise: Serialise,
           digest: Callable[[object], bytes] | None = None) -> Iterator[bytes]:
    """Each object's row of `kind`, as cache.rows (a RowCache or NoCache) gives them, made or
    read ROWS_AT_ONCE objects at a time, as a file written row by row takes them."""
    for start in range(0, len(objects), ROWS_AT_ONCE):
        yield from cache.rows(kind, objects[start:start + ROWS_AT_ONCE], serialise, digest)


class RowCache:
    """Rows by (kind, object digest), kept in two files.

    The base holds every row of the build that wrote it; the journal holds the rows
    made since. An edited answer then writes a journal of a few rows, not the 130 MB
    base. The base is written again, without the rows no longer used, once the journal
    or the unused rows pass a quarter of it. A journal names its base (a token), so a
    journal left beside another base is ignored. Both are cache files (cachefile.py): the
    base under the site key, the journal under the site key and its base's token."""

    COMPACT_FRACTION = 0.25

    def __init__(self, path: Path, site_key: bytes, digest: Callable[[object], bytes]):
        self.path = Path(path)
        self.journal_path = self.path.with_name(self.path.stem + "-journal" + self.path.suffix)
        self._site_key = site_key
        self._digest = digest
        self._stored: dict[str, dict[bytes, bytes]] | None = None  # read at first use: in the family's process
        self._token = b""  # the base's: b"" when there is none
        self._journal: dict[str, dict[bytes, bytes]] = {}  # the rows read from the journal
        self._made: dict[str, dict[bytes, bytes]] = {}  # the rows this build made
        self._used: dict[str, dict[bytes, bytes]] = {}  # every row this build used
        self.made = self.reused = 0

    def _load(self) -> dict[str, dict[bytes, bytes]]:
        base = cachefile.load(self.path, self._site_key)
        if base is None:  # none, made for another site key, or damaged: every row is made again
            return {}
        self._token, stored = base
        journal = cachefile.load(self.journal_path, self._journal_key(self._token))
        if journal is not None:  # else none yet, of another base, or damaged: its rows are made again
            self._journal = journal
            for kind, rows in journal.items():
                stored.setdefault(kind, {}).update(rows)
        return stored

    def _journal_key(self, token: bytes) -> bytes:
        return cachefile.key_of(self._site_key, token)

    def rows(self, kind: str, objects: Sequence, serialise: Serialise,
             digest: Callable[[object], bytes] | None = None) -> list[bytes]:
        """Each object's row of `kind` (e.g. 'items.csv'): stored, or made by serialise(missing objects).

        digest: what names an object, if not its fingerprint (e.g. a hash of bytes)."""
        if self._stored is None:
            self._stored = self._load()
        stored = self._stored.get(kind, {})
        used = self._used.setdefault(kind, {})
        digests = list(map(digest or self._digest, objects))
        missing = [index for index, digest in enumerate(digests) if digest not in stored]
        made = serialise([objects[index] for index in missing]) if missing else []
        if len(made) != len(missing):
            raise ValueError(f"{kind}: {len(missing)} objects gave {len(made)} rows")
        fresh = dict(zip((digests[index] for index in missing), made))
        self._made.setdefault(kind, {}).update(fresh)
        result = []
        for digest in digests:
            row = fresh.get(digest)
            if row is None:
                row = stored[digest]
            used[digest] = row
            result.append(row)
        self.made += len(missing)
        self.reused += len(objects) - len(missing)
        return result

    def save(self) -> None:
        """Keep this build's rows for the next: in the journal, or (compacting) in a new base."""
        if self._stored is None:
            return  # never used
        used_bytes = _size(self._used)
        unused_bytes = _size(self._stored) + _size(self._made) - used_bytes
        journal = {kind: {digest: row for digest, row in rows.items() if digest in self._used.get(kind, ())}
                   for kind, rows in self._journal.items()}
        for kind, rows in self._made.items():
            journal.setdefault(kind, {}).update(rows)
        limit = self.COMPACT_FRACTION * used_bytes
        if not self._token or _size(journal) > limit or unused_bytes > limit:
            cachefile.save(self.path, self._site_key, (os.urandom(16), self._used))
            self.journal_path.unlink(missing_ok=True)
        elif any(self._made.values()):
            cachefile.save(self.journal_path, self._journal_key(self._token), journal)


def _size(rows: dict[str, dict[bytes, bytes]]) -> int:
    return sum(sum(map(len, by_digest.values())) for by_digest in rows.values())


class NoCache:
    """Without BUILD_CACHE: every row is made, nothing is kept."""

    made = reused = 0

    def rows(self, kind: str, objects: Sequence, serialise: Serialise, digest=None) -> list[bytes]:
        return serialise(list(objects))

    def save(self) -> None:
        pass


class RowCaches:
    """One RowCache per file family (each runs in a process of its own, build/families.py,
    so each keeps its own files), all with the build's site key and fingerprints."""

    def __init__(self, folder: Path, site_key: bytes, digest: Callable[[object], bytes]):
        self._folder, self._site_key, self._digest = Path(folder), site_key, digest
        self._caches: dict[str, RowCache] = {}

    def get(self, name: str) -> RowCache:
        if name not in self._caches:
            self._caches[name] = RowCache(self._folder / f"rows-{name}.pickle", self._site_key, self._digest)
        return self._caches[name]
