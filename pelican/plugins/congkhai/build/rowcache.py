"""Serialised rows of the data files, kept between builds, and never all in memory.

A leaf of the plugin: imports nothing of the other rooms (the file families hand it
their objects and serialisers). At 20,000 items the data files hold 125 MB of CSV,
JSON and XML rows, at 200,000 over a gigabyte. Writing them all costs about 4 s of CPU
at 20,000 items, though an edited answer changes the rows of one item, one session and
one response.

A row depends only on its model object and on the site key. For an item, the
object's fingerprint covers its file (so its session's day) and its responses,
which with the site key make its status (site/fingerprints.py, model_fingerprints).
The site key covers the code and packages, the settings, the as-of day and the
reference tables. So each row is stored under its object's digest
(fingerprint.Fingerprinter, seeded from the source files: a few microseconds an
object) and made again only when that digest is new.

Rows are kept as UTF-8 bytes, ready to join into the file. The data ZIP keeps
its compressed chunks here too (outputs/exports.py, ChunkedZip), named by their bytes.

What the cache holds in memory is an index: for each row, where its bytes are (the file,
the offset, the length). A row kept is read from its file when it is asked for; a row made
is written at once to a temporary file of this build. The files are written as a stream
(cachefile.write_streamed), so a build with a cold cache holds a batch of rows at a time,
not its tables (rowcache.stream).
"""

from __future__ import annotations

import os
import pickle
import struct
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable, Iterator, Sequence

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


# Where a row's bytes are, as one int: its offset and length in one of the files, and which.
BASE, JOURNAL, MADE = 0, 1, 2
_TRAILER = struct.Struct("<Q")  # a row file's payload ends with the length of its pickled index


def _place(source: int, offset: int, length: int) -> int:
    return (offset << 32 | length) << 2 | source


def _length(place: int) -> int:
    return place >> 2 & 0xFFFFFFFF


class _RowFile:
    """A row file open for reading: the rows one after another, then the pickled index
    (the base's token, {kind: {digest: place}}) and its length (_TRAILER)."""

    def __init__(self, file: BinaryIO, start: int, length: int, path: Path):
        self.file, self._start = file, start
        file.seek(start + length - _TRAILER.size)
        (index_length,) = _TRAILER.unpack(file.read(_TRAILER.size))
        file.seek(start + length - _TRAILER.size - index_length)
        try:
            self.token, self.index = pickle.loads(file.read(index_length))
        except Exception as error:  # damage the checksum could not see
            file.close()
            raise ValueError(f"is damaged (unpickling failed: {type(error).__name__})") from error

    def read(self, place: int) -> bytes:
        return self.span(place >> 34, _length(place))

    def span(self, offset: int, length: int) -> bytes:
        return os.pread(self.file.fileno(), length, self._start + offset)

    @classmethod
    def open(cls, path: Path, key: bytes) -> "_RowFile | None":
        opened = cachefile.open_payload(path, key)
        if opened is None:
            return None
        try:
            return cls(*opened, path)
        except (ValueError, struct.error, OSError) as error:
            cachefile.damaged(path, str(error) if isinstance(error, ValueError) else "is damaged (truncated)")
            return None


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
        self._files: dict[int, _RowFile] | None = None  # opened at first use: in the family's process
        self._made_file: BinaryIO | None = None  # the rows this build made, one after another
        self._made_end = 0
        self._used: dict[str, dict[bytes, int]] = {}  # where every row this build used is
        self.made = self.reused = 0

    def _open(self) -> dict[int, _RowFile]:
        files = {}
        base = _RowFile.open(self.path, self._site_key)
        if base is None:  # none, made for another site key, or damaged: every row is made again
            return files
        files[BASE] = base
        journal = _RowFile.open(self.journal_path, self._journal_key(base.token))
        if journal is not None:  # else none yet, of another base, or damaged: its rows are made again
            files[JOURNAL] = journal
        return files

    def _journal_key(self, token: bytes) -> bytes:
        return cachefile.key_of(self._site_key, token)

    def name_of(self, kind: str, objects: Sequence, *more: str) -> bytes:
        """One digest naming these objects' rows of `kind` in this order, with `more` (a file's other
        words): what names a file made of them alone (build/families.Deferred), which a build then
        leaves as it is without making its rows. A row, like the page record, stands for its
        site key (the day, the settings, the code), which the record is kept under."""
        return cachefile.key_of(kind, *more, *map(self._digest, objects))

    def rows(self, kind: str, objects: Sequence, serialise: Serialise,
             digest: Callable[[object], bytes] | None = None) -> list[bytes]:
        """Each object's row of `kind` (e.g. 'items.csv'): stored, or made by serialise(missing objects).

        digest: what names an object, if not its fingerprint (e.g. a hash of bytes)."""
        if self._files is None:
            self._files = self._open()
        indexes = [(source, file.index.get(kind, {})) for source, file in sorted(self._files.items(), reverse=True)]
        used = self._used.setdefault(kind, {})
        digests = list(map(digest or self._digest, objects))
        # A file's index holds its rows' offsets and lengths; the file's own number is added here.
        # A row this build already used (asked for twice: an item on two sheets) is where it was.
        places = [used[key] if key in used else next((index[key] | source for source, index in indexes if key in index),
                                                      None)
                  for key in digests]
        missing = [position for position, place in enumerate(places) if place is None]
        made = serialise([objects[position] for position in missing]) if missing else []
        if len(made) != len(missing):
            raise ValueError(f"{kind}: {len(missing)} objects gave {len(made)} rows")
        result: list = [None] * len(objects)
        for position, row in zip(missing, made):
            result[position] = row
            used[digests[position]] = self._keep(row)
        # Rows kept side by side (a table's, in the order they were last used) are read in one
        # call: a pread a row cost more than the rows' bytes.
        spans: list[list] = []  # [source, start, end, [(position, length), …]]
        for position, place in enumerate(places):
            if place is None:
                continue
            used[digests[position]] = place
            source, offset, length = place & 3, place >> 34, _length(place)
            if source == MADE:
                result[position] = self._read(place)
            elif spans and spans[-1][0] == source and spans[-1][2] == offset:
                spans[-1][2] += length
                spans[-1][3].append((position, length))
            else:
                spans.append([source, offset, offset + length, [(position, length)]])
        for source, start, end, members in spans:
            data, at = self._files[source].span(start, end - start), 0
            for position, length in members:
                result[position] = data[at:at + length]
                at += length
        self.made += len(missing)
        self.reused += len(objects) - len(missing)
        return result

    def _keep(self, row: bytes) -> int:
        """A row made by this build, written at once to its temporary file: where it is."""
        if self._made_file is None:  # beside the cache, on its disk (a /tmp in memory would hold them all)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._made_file = tempfile.TemporaryFile(dir=self.path.parent)
        self._made_file.write(row)
        place = _place(MADE, self._made_end, len(row))
        self._made_end += len(row)
        return place

    def _read(self, place: int) -> bytes:
        if place & 3 == MADE:
            self._made_file.flush()
            return os.pread(self._made_file.fileno(), _length(place), place >> 34)
        return self._files[place & 3].read(place)

    def save(self) -> None:
        """Keep this build's rows for the next: in the journal, or (compacting) in a new base."""
        if self._files is None:
            return  # never used
        try:
            self._save()
        finally:
            self.close()

    def _save(self) -> None:
        used_bytes = _size(self._used)
        stored = {source: _size(file.index) for source, file in self._files.items()}
        unused_bytes = sum(stored.values()) + self._made_end - used_bytes
        # The journal kept: its rows still used, and this build's.
        journal = {kind: {key: place for key, place in places.items() if place & 3 in (JOURNAL, MADE)}
                   for kind, places in self._used.items()}
        limit = self.COMPACT_FRACTION * used_bytes
        if BASE not in self._files or _size(journal) > limit or unused_bytes > limit:
            token = os.urandom(16)
            self._write(self.path, self._site_key, token, self._used)
            self.journal_path.unlink(missing_ok=True)
        elif self.made:
            token = self._files[BASE].token
            self._write(self.journal_path, self._journal_key(token), token, journal)

    def _write(self, path: Path, key: bytes, token: bytes, rows: dict[str, dict[bytes, int]]) -> None:
        """A row file of the given rows, copied one by one from where they are."""
        def write(payload: cachefile.Payload) -> None:
            index = {}
            for kind, places in rows.items():
                written = index.setdefault(kind, {})
                for key, place in places.items():
                    written[key] = _place(BASE, payload.length, _length(place))  # its file's number added when read
                    payload.write(self._read(place))
            data = pickle.dumps((token, index), protocol=pickle.HIGHEST_PROTOCOL)
            payload.write(data)
            payload.write(_TRAILER.pack(len(data)))

        cachefile.write_streamed(path, key, write)

    def close(self) -> None:
        for file in (self._files or {}).values():
            file.file.close()
        if self._made_file is not None:
            self._made_file.close()
        self._files, self._made_file = {}, None


def _size(rows: dict[str, dict[bytes, int]]) -> int:
    return sum(sum(map(_length, places.values())) for places in rows.values())


class NoCache:
    """Without BUILD_CACHE: every row is made, nothing is kept."""

    made = reused = 0

    def rows(self, kind: str, objects: Sequence, serialise: Serialise, digest=None) -> list[bytes]:
        return serialise(list(objects))

    def name_of(self, kind: str, objects: Sequence, *more: str) -> None:
        return None  # nothing is recorded either: every file is made

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
