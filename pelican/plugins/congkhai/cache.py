"""Parsed-content cache: a file whose bytes did not change is not parsed again. Pure: no Pelican.

Keyed by a hash of the file's bytes, its path and its kind (as Pelican's
CHECK_MODIFIED_METHOD = "sha256", not mtimes: a git checkout resets them), and
by the plugin's code version (a change of the reader re-reads everything).
Joins across files (responses to items) and validation run on every build.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from .fingerprint import code_version
from .reading import Document, read_document


class DocumentCache:
    """read(file, display_path, kind) -> Document, from the cache when the bytes match."""

    def __init__(self, path: Path):
        self.path = path
        self.version = code_version()
        self.old: dict[bytes, Document] = self._load()
        self.new: dict[bytes, Document] = {}
        self.hits = 0

    def _load(self) -> dict:
        try:
            version, documents = pickle.loads(self.path.read_bytes())
        except Exception:  # missing, damaged or from another version: only a slower build
            return {}
        return documents if version == self.version else {}

    def read(self, file: Path, display_path: str, kind: str) -> Document:
        key = hashlib.blake2b(file.read_bytes() + b"\0" + display_path.encode() + b"\0" + kind.encode(),
                              digest_size=16).digest()
        document = self.old.get(key)
        if document is None:
            document = read_document(file, display_path, kind)
        else:
            self.hits += 1
        self.new[key] = document
        return document

    def save(self) -> None:
        """Keep only this build's files: the cache never grows with deleted ones."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_bytes(pickle.dumps((self.version, self.new), protocol=pickle.HIGHEST_PROTOCOL))
        temporary.replace(self.path)
