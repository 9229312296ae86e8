"""Serialised rows of the data files, kept between builds.

Pure: no Pelican. At 20,000 items the data files hold 125 MB of CSV, JSON and
XML rows. Writing them cost about 4 s of CPU on every build, though an edited
answer changes the rows of one item, one session and one response.

A row depends only on its model object and on the site key. For an item, the
object's fingerprint covers its responses, its status and its session's day
(rendering.item_extra). The site key covers the code, the settings, the as-of
day and the reference tables. So each row is stored under its object's digest
(fingerprint.Fingerprinter, seeded from the source files: a few microseconds an
object) and made again only when that digest is new.

Rows are kept as UTF-8 bytes, ready to join into the file. The data ZIP keeps
its compressed chunks here too (exports.zip_documents), named by their bytes.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Callable, Sequence

Serialise = Callable[[list], list[bytes]]  # objects -> their rows, in the same order


class RowCache:
    """Rows by (kind, object digest); one file per cache, saved when a row was made.

    Only the rows this build used are saved, so the file does not grow with
    every edit: a row whose object changed is dropped at the next save."""

    def __init__(self, path: Path, site_key: bytes, digest: Callable[[object], bytes]):
        self.path = Path(path)
        self._site_key = site_key
        self._digest = digest
        self._stored: dict[str, dict[bytes, bytes]] | None = None  # read at first use: in the family's process
        self._used: dict[str, dict[bytes, bytes]] = {}
        self.made = self.reused = 0

    def _load(self) -> dict[str, dict[bytes, bytes]]:
        try:
            site_key, stored = pickle.loads(self.path.read_bytes())
        except Exception:  # missing, damaged or from an older version: every row is made again
            return {}
        return stored if site_key == self._site_key else {}

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
        """Keep this build's rows for the next (only when one was made, or one is no longer used)."""
        if self._stored is None:
            return  # never used
        unchanged = not self.made and all(len(self._used.get(kind, ())) == len(rows)
                                          for kind, rows in self._stored.items())
        if unchanged:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_bytes(pickle.dumps((self._site_key, self._used), protocol=pickle.HIGHEST_PROTOCOL))
        temporary.replace(self.path)


class NoCache:
    """Without BUILD_CACHE: every row is made, nothing is kept."""

    made = reused = 0

    def rows(self, kind: str, objects: Sequence, serialise: Serialise, digest=None) -> list[bytes]:
        return serialise(list(objects))

    def save(self) -> None:
        pass


def of(view) -> RowCache | NoCache:
    """The view's row cache (pages.py sets one when the build has a cache), else none."""
    return getattr(view, "row_cache", None) or NoCache()
