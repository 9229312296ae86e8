"""Cache files: a value kept between builds, under the key it is valid for.

A leaf of the plugin: imports nothing of the other rooms; every room may use it.

    value = cachefile.load(path, key)      # None: make it again
    cachefile.save(path, key, value)       # the whole file, or none of it

The key says what the value was made from (a code version, a site key, a token):
a value stored under another key is an ordinary miss, silent. A cache file is
only ever a faster build, so a file that cannot be trusted (truncated, a byte
changed, unreadable, of another format) is a miss too, with one line on stderr
naming it: a plain print, since Pelican runs with `--fatal warnings` and a
logged warning would stop the build. A missing file is silent, and so is a key
damaged on disk: it reads as another key, and the value is made again all the same.

`read` and `write` do the same for bytes the caller serialises itself (JSON…);
`write_streamed` and `open_payload` for a payload too large to hold (the rows of the data
files, build/rowcache.py): written as it is made, read back where the caller wants it;
`key_of` makes one key of several parts (a version tuple, a site key and a token).

The file: MAGIC, the format version, the lengths of the key and of the payload
(struct HEADER), the key, the payload's CRC-32, then the payload (a pickle, for
load and save). CRC-32 finds every burst of damage up to 32 bits long and any
other but once in 4 billion, which is all a file damaged by accident needs; it
ran at 2.9 GB/s where blake2b ran at 0.7 GB/s, which would add 0.2 s to each load and
save of the 130 MB of data rows of a province (rowcache.py) for no better guard.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import struct
import sys
import zlib
from pathlib import Path
from typing import BinaryIO, Callable

from .files import replace_file, replace_streamed

MAGIC = b"congkhai cache\n\0"
FORMAT = 1  # the layout of the file (this module's): a file of another is made again
HEADER = struct.Struct("<16sHIQ")  # MAGIC, FORMAT, key length, payload length
CHECKSUM = struct.Struct("<I")  # zlib.crc32 of the payload


def key_of(*parts: bytes | str) -> bytes:
    """One key of several parts, none of which can run into the next (each is length-prefixed)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode() if isinstance(part, str) else bytes(part)
        h.update(len(data).to_bytes(8, "little") + data)
    return h.digest()


def save(path: Path, key: bytes | str, value) -> None:
    """Keep value (any picklable object) at path under key: written whole, or not at all."""
    write(path, key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


def load(path: Path, key: bytes | str):
    """The value saved at path under key, or None: missing, stored under another key, or not to be trusted."""
    payload = _payload(path, key)
    if payload is None:
        return None
    try:
        return pickle.loads(payload)
    except Exception as error:  # a class moved or gone, or damage the checksum could not see
        _made_again(path, f"is damaged (unpickling failed: {type(error).__name__})", "bị hỏng")
        return None


def write(path: Path, key: bytes | str, data: bytes) -> None:
    """Keep data at path under key (the bytes form of save): through a temporary file renamed over it."""
    key = _key_bytes(key)
    header = HEADER.pack(MAGIC, FORMAT, len(key), len(data)) + key + CHECKSUM.pack(zlib.crc32(data))
    replace_file(Path(path), header, data)


class Payload:
    """A payload being written: its length so far (the offset of what comes next) and CRC-32."""

    def __init__(self, file: BinaryIO):
        self._file = file
        self.length = self.crc = 0

    def write(self, data: bytes) -> None:
        self._file.write(data)
        self.length += len(data)
        self.crc = zlib.crc32(data, self.crc)


def write_streamed(path: Path, key: bytes | str, write: Callable[[Payload], None]) -> None:
    """write for a payload made as it is written: write(payload) writes it piece by piece; the
    header, which holds its length and checksum, is written last. Whole, or not at all."""
    key = _key_bytes(key)

    def write_to(file: BinaryIO) -> None:
        file.write(HEADER.pack(MAGIC, FORMAT, len(key), 0) + key + CHECKSUM.pack(0))
        payload = Payload(file)
        write(payload)
        file.seek(0)
        file.write(HEADER.pack(MAGIC, FORMAT, len(key), payload.length) + key + CHECKSUM.pack(payload.crc))

    replace_streamed(Path(path), write_to)


def open_payload(path: Path, key: bytes | str, block: int = 1 << 20) -> tuple[BinaryIO, int, int] | None:
    """The file at path opened, with its payload's offset and length, its checksum checked a block
    at a time (never the whole file in memory); or None, as load. The caller closes the file."""
    key = _key_bytes(key)
    try:
        file = open(path, "rb")
    except FileNotFoundError:
        return None
    except OSError as error:
        _made_again(path, f"cannot be read ({type(error).__name__})", "không đọc được")
        return None
    try:
        size = os.fstat(file.fileno()).st_size
        head = file.read(HEADER.size)
        if len(head) == HEADER.size and head.startswith(MAGIC):
            head += file.read(HEADER.unpack_from(head)[2] + CHECKSUM.size)
        start = _framing(path, memoryview(head), size, key)
        if start is None:
            file.close()
            return None
        crc, left = 0, size - start
        while left > 0:
            data = file.read(min(block, left))
            crc, left = zlib.crc32(data, crc), left - len(data)
        if not _checksum_matches(path, head, start, crc):
            file.close()
            return None
    except OSError as error:
        file.close()
        _made_again(path, f"cannot be read ({type(error).__name__})", "không đọc được")
        return None
    return file, start, size - start


def read(path: Path, key: bytes | str) -> bytes | None:
    """The bytes written at path under key, or None (as load)."""
    payload = _payload(path, key)
    return None if payload is None else bytes(payload)


def _payload(path: Path, key: bytes | str) -> memoryview | None:
    """The payload at path under key, a view of the file's bytes (unpickled without a copy), or None."""
    key = _key_bytes(key)
    try:
        data = memoryview(Path(path).read_bytes())
    except FileNotFoundError:
        return None
    except OSError as error:  # a folder in its place, no permission: it is written again after the build
        _made_again(path, f"cannot be read ({type(error).__name__})", "không đọc được")
        return None
    start = _framing(path, data, len(data), key)
    if start is None:
        return None
    payload = data[start:]
    if not _checksum_matches(path, data, start, zlib.crc32(payload)):
        return None
    return payload


def _framing(path: Path, head: memoryview, size: int, key: bytes) -> int | None:
    """Where the payload starts, given the file's first bytes (at least its header, key and
    checksum when it has them) and its size; None (and a line, unless a plain miss) otherwise."""
    if head[:len(MAGIC)] != MAGIC:
        if size < len(MAGIC) and MAGIC.startswith(head):
            _made_again(path, "is damaged (truncated)", "bị hỏng")
        else:
            _made_again(path, "is of another format (no congkhai cache header)", "không phải của Công khai")
        return None
    if size < HEADER.size:
        _made_again(path, "is damaged (truncated)", "bị hỏng")
        return None
    _, version, key_length, payload_length = HEADER.unpack_from(head)
    if version != FORMAT:
        _made_again(path, f"is of another format (version {version}, not {FORMAT})", "thuộc phiên bản khác")
        return None
    start = HEADER.size + key_length + CHECKSUM.size
    if size < start + payload_length:
        _made_again(path, "is damaged (truncated)", "bị hỏng")
        return None
    if size > start + payload_length:
        _made_again(path, "is damaged (longer than its header says)", "bị hỏng")
        return None
    if head[HEADER.size:HEADER.size + key_length] != key:
        return None  # made for other inputs: an ordinary miss
    return start


def _checksum_matches(path: Path, head, start: int, crc: int) -> bool:
    if CHECKSUM.unpack_from(head, start - CHECKSUM.size)[0] != crc:
        _made_again(path, "is damaged (checksum mismatch)", "bị hỏng")
        return False
    return True


def _key_bytes(key: bytes | str) -> bytes:
    return key.encode() if isinstance(key, str) else bytes(key)


def damaged(path: Path, what: str) -> None:
    """A file found damaged by its reader (what: "is damaged (…)"), said as every damaged cache file is."""
    _made_again(path, what, "bị hỏng")


def _made_again(path: Path, what: str, vi: str) -> None:
    """One line, Vietnamese first: nothing to do, the build only takes longer this once."""
    print(f"congkhai: tệp bộ nhớ đệm {os.fspath(path)} {vi}, sẽ được tạo lại (lần dựng này chậm hơn, không cần làm "
          f"gì) / cache file {os.fspath(path)} {what}; it is made again", file=sys.stderr, flush=True)
