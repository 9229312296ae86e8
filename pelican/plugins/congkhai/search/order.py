"""Pagefind's index in a stable order, so that two builds of the same commit are byte-for-byte identical.

Pure: imports nothing of the plugin. Measured with Pagefind 1.5.2: fragments and word chunks are
stable, but the filter files (filter/<lang>_<hash>.pf_filter) list their values,
and the metadata file (pagefind.<lang>_<hash>.pf_meta) its filters and sorts,
in a hash map's order, which changes on every run (upstream issue Pagefind#638);
so does the order of the languages in pagefind-entry.json.
The entries themselves are identical. This rewrites those files with the
entries sorted by name, names them by a hash of their new bytes, and points
pagefind-entry.json at the new metadata files. The search reads them as before:
it looks filters and sorts up by name, never by position.

The pages' numbers, which every word chunk, filter and sort refers to, are left as they
are: search/service.py gives Pagefind the pages in the order of their paths, and Pagefind
numbers them in that order (and ranks pages a sort holds equal by number) on any file system.

The files are gzip-compressed CBOR after a "pagefind_dcd" signature; the small
CBOR reader and writer below cover what Pagefind writes (integers, strings,
arrays, booleans, null) in its shortest-form encoding.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"
META_FILTERS, META_SORTS = 3, 4  # positions in the metadata record: [version, pages, index, filters, sorts, fields]


class UnexpectedIndex(ValueError):
    """The bundle is not laid out as Pagefind 1.5 writes it: better to leave it untouched."""


def _read(data: bytes, i: int):
    head = data[i]
    major, info, i = head >> 5, head & 31, i + 1
    if info < 24:
        value = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        value, i = int.from_bytes(data[i:i + size], "big"), i + size
    elif major == 7 and info in (20, 21, 22):
        value = info
    else:
        raise UnexpectedIndex(f"CBOR item {head:#x} at byte {i - 1} is not one Pagefind writes")
    if major == 0:
        return value, i
    if major == 1:
        return -1 - value, i
    if major == 2:
        return bytes(data[i:i + value]), i + value
    if major == 3:
        return data[i:i + value].decode("utf-8"), i + value
    if major == 4:
        items = []
        for _ in range(value):
            item, i = _read(data, i)
            items.append(item)
        return items, i
    if major == 7:
        return {20: False, 21: True, 22: None}[value], i
    raise UnexpectedIndex(f"CBOR major type {major} at byte {i - 1} is not one Pagefind writes")


def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | info]) + value.to_bytes(size, "big")
    raise UnexpectedIndex(f"integer {value} is too large for CBOR")


def _write(value) -> bytes:
    if value is False or value is True or value is None:
        return bytes([0xE0 | {False: 20, True: 21, None: 22}[value]])
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        encoded = value.encode("utf-8")
        return _head(3, len(encoded)) + encoded
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(map(_write, value))
    raise UnexpectedIndex(f"cannot write {type(value).__name__} as CBOR")


def decode(blob: bytes):
    raw = gzip.decompress(blob)
    if not raw.startswith(SIGNATURE):
        raise UnexpectedIndex("no pagefind_dcd signature")
    value, end = _read(raw, len(SIGNATURE))
    if end != len(raw):
        raise UnexpectedIndex(f"{len(raw) - end} bytes after the record")
    return value


def encode(value) -> bytes:
    """Gzip without a timestamp or file name, so equal records give equal bytes."""
    return gzip.compress(SIGNATURE + _write(value), compresslevel=9, mtime=0)


def _rename(folder: Path, old: str, lang: str, data: bytes, digits: int, pattern: str) -> str:
    new = f"{lang}_{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / pattern.format(old)).unlink()
    (folder / pattern.format(new)).write_bytes(data)
    return new


def stabilise(bundle: Path) -> int:
    """Rewrite the bundle's filter and metadata files in sorted order; the number of files rewritten."""
    bundle = Path(bundle)
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    rewritten = 0
    for lang, info in entry["languages"].items():
        meta_name = f"pagefind.{info['hash']}.pf_meta"
        meta = decode((bundle / meta_name).read_bytes())
        if not (isinstance(meta, list) and len(meta) > META_SORTS):
            raise UnexpectedIndex(f"{meta_name}: not a Pagefind 1.5 metadata record")
        filters = []
        for name, file_hash in meta[META_FILTERS]:
            record = decode((bundle / "filter" / f"{file_hash}.pf_filter").read_bytes())
            record[1] = sorted(record[1], key=lambda value: value[0])
            new_hash = _rename(bundle / "filter", file_hash, lang, encode(record), 7, "{}.pf_filter")
            filters.append([name, new_hash])
            rewritten += 1
        meta[META_FILTERS] = sorted(filters)
        meta[META_SORTS] = sorted(meta[META_SORTS], key=lambda sort: sort[0])
        info["hash"] = _rename(bundle, info["hash"], lang, encode(meta), 10, "pagefind.{}.pf_meta")
        rewritten += 1
    entry["languages"] = dict(sorted(entry["languages"].items()))  # also listed in a hash map's order
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return rewritten


def stabilise_output(bundle: Path) -> int:
    """stabilise() when the build wrote a search bundle (a site without search has none)."""
    return stabilise(bundle) if (Path(bundle) / "pagefind-entry.json").is_file() else 0


def page_hashes(bundle: Path) -> list[str]:
    """The bundle's page ids (its fragments' names, which the browser's results carry as `id`),
    in the order Pagefind numbered the pages: its one language's metadata lists them so."""
    entry = json.loads((Path(bundle) / "pagefind-entry.json").read_text(encoding="utf-8"))
    hashes = []
    for info in entry["languages"].values():
        meta = decode((Path(bundle) / f"pagefind.{info['hash']}.pf_meta").read_bytes())
        hashes += [page[0] for page in meta[1]]
    return hashes


def fragment(bundle: Path, page_hash: str) -> dict:
    """One page's fragment: its URL, content, metadata and filters, as the browser reads it."""
    raw = gzip.decompress((Path(bundle) / "fragment" / f"{page_hash}.pf_fragment").read_bytes())
    if not raw.startswith(SIGNATURE):
        raise UnexpectedIndex(f"{page_hash}.pf_fragment: no pagefind_dcd signature")
    return json.loads(raw[len(SIGNATURE):])
