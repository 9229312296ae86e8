"""Office documents (.xlsx, .docx) whose bytes depend on their content only.

Imports outputs/exports.py (its ZIP writer); never Pelican. openpyxl and python-docx stamp a document
with the time it was saved, in its properties (docProps/core.xml) and in each member of its
ZIP: a build would then change the file every time, and write-if-changed and the published
hashes would see a change where there is none. The package is written again with the day it
is as of in its properties and a fixed time on every member, in the members' own order.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import zipfile
import zlib
from typing import BinaryIO, Iterable, NamedTuple

from . import exports

MEMBER_TIME = exports.ZIP_TIME  # the open data ZIP's: the time every member carries
FIXED_DAY = dt.date(*MEMBER_TIME[:3])  # for a document that depends on no day (the template)
_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


class Deflated(NamedTuple):
    """A member already deflated (exports.deflate_chunks): written as it is."""

    crc: int
    size: int
    data: bytes


def stable(package: bytes, day: dt.date) -> bytes:
    """The package with `day` as its creation and modification time and fixed member times."""
    return write(members(package), day)


def members(package: bytes) -> list[tuple[str, bytes]]:
    """(name, bytes) of each member of a package, in its order."""
    source = zipfile.ZipFile(io.BytesIO(package))
    return [(info.filename, source.read(info.filename)) for info in source.infolist()]


def write(parts: list[tuple[str, bytes]], day: dt.date) -> bytes:
    """A package of these members, `day` its creation and modification time, every member at MEMBER_TIME.

    Written by exports.zip_pieces from members deflated once: the parts every report shares
    (styles, theme, settings) are the same bytes objects each time, and are not compressed again."""
    buffer = io.BytesIO()
    write_to(buffer, [(name, [data]) for name, data in parts], day)
    return buffer.getvalue()


def write_to(file: BinaryIO, parts: list[tuple[str, Iterable[bytes]]], day: dt.date) -> None:
    """write, into an open file, of members given as pieces: a member of many pieces (a sheet of
    every item) is deflated as they come, never joined; only its deflated bytes are held. A
    member given Deflated is written as it is."""
    entries = []
    for name, pieces in parts:
        if isinstance(pieces, Deflated):
            crc, size, deflated = pieces
        elif isinstance(pieces, list) and len(pieces) == 1:
            data = pieces[0]
            if name == "docProps/core.xml":
                data = _STAMP.sub(rb"\g<1>" + f"{day.isoformat()}T00:00:00Z".encode() + rb"\g<2>", data)
            crc, size, deflated = _deflated(data)
        else:
            crc, size, deflated = _deflated_pieces(pieces)
        entries.append((name, crc, size, len(deflated), (deflated,)))
    file.writelines(exports.zip_pieces(entries))


def _deflated_pieces(pieces: Iterable[bytes]) -> tuple[int, int, bytes]:
    """CRC-32, size and raw Deflate stream of a member given in pieces, never joined (zlib's output does not depend on how its input is cut)."""
    compressor = zlib.compressobj(exports.ZIP_LEVEL, zlib.DEFLATED, -15)
    crc = size = 0
    out = []
    for piece in pieces:
        crc, size = zlib.crc32(piece, crc), size + len(piece)
        out.append(compressor.compress(piece))
    out.append(compressor.flush())
    return crc, size, b"".join(out)


@functools.lru_cache(maxsize=64)
def _deflated(data: bytes) -> tuple[int, int, bytes]:
    """CRC-32, size and raw Deflate stream of a member (kept: the parts every report shares)."""
    return _deflated_pieces((data,))
