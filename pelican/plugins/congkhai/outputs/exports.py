"""Open data: items, sessions and responses as CSV and JSON, and a ZIP of it all.

Imports content/, domain/, site/ and build/; never Pelican. The columns of every table are declared once, below, as
data: the CSV header, the JSON field list, the /du-lieu/ page and
docs/open-data.md all read them, so a column is added in one place only.
Rows hold the state as of AS_OF, exactly as the pages show it. A CSV cell is written as
spreadsheet.py says, so that no spreadsheet reads an editor's text as a formula.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import struct
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator

from ..build import rowcache
from ..content import rules
from ..domain import status
from ..settings import DEFAULTS
from ..site.urls import item_url, session_url
from ..site.views import SiteView
from . import serialise, spreadsheet

DATA_DIR = "du-lieu"  # the open data page and its files live under /du-lieu/
ZIP_NAME = "cong-khai-du-lieu.zip"
# A fixed ZIP entry time: the archive's bytes depend on the data only, so two
# builds of the same content give the same file (and the same checksum).
ZIP_TIME = (2015, 12, 1, 0, 0, 0)

# Types as documented for users of the data (JSON: null where CSV has "").
TYPES = {
    "string": "chuỗi ký tự (UTF-8); trong CSV, ô bắt đầu bằng =, +, -, @, ', tab hoặc dấu xuống dòng có thêm "
              "dấu ' ở trước, để bảng tính không đọc thành công thức",
    "date": "ngày, dạng ISO YYYY-MM-DD",
    "integer": "số nguyên",
    "boolean": "true/false (CSV: 1/0)",
    "url": "địa chỉ trang (URL)",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a key of TYPES
    help: str  # Vietnamese: shown on /du-lieu/


ITEM_COLUMNS = (
    Column("id", "string", "Mã nội dung: <mã buổi đối thoại>/<số ý kiến>.<số nội dung>."),
    Column("session", "string", "Mã buổi đối thoại."),
    Column("date", "date", "Ngày đối thoại (ngày nêu ý kiến)."),
    Column("commune", "string", "Mã xã, thị trấn nơi đối thoại (rỗng nếu cấp huyện)."),
    Column("commune_name", "string", "Tên xã, thị trấn."),
    Column("topic", "string", "Mã lĩnh vực."),
    Column("topic_name", "string", "Tên lĩnh vực."),
    Column("agency", "string", "Mã cơ quan giải quyết (rỗng nếu trả lời tại chỗ)."),
    Column("agency_name", "string", "Tên cơ quan giải quyết."),
    Column("handling", "string", "Cách xử lý: " + ", ".join(rules.HANDLINGS) + "."),
    Column("status", "string", "Tình trạng tính đến ngày số liệu: " + ", ".join(status.STATES) + "."),
    Column("forwarded_to", "string", "Mã cơ quan cấp trên đã nhận, nếu đã chuyển."),
    Column("due", "date", "Hạn trả lời (rỗng nếu trả lời tại chỗ)."),
    Column("resolved_date", "date", "Ngày giải quyết xong (rỗng nếu còn tồn)."),
    Column("days_to_resolve", "integer", "Số ngày từ buổi đối thoại đến khi giải quyết xong."),
    Column("days_late", "integer", "Số ngày đã quá hạn của nội dung còn tồn (0 nếu chưa quá hạn hoặc đã "
                                   "giải quyết; xem resolved_late)."),
    Column("resolved_late", "integer", "Số ngày giải quyết trễ so với thời hạn (0 nếu đúng hạn hoặc chưa giải quyết)."),
    Column("body", "string", "Mã đơn vị đang giữ nội dung (sau các lần bàn giao; rỗng ở trang chỉ có một đơn vị)."),
    Column("answering_body", "string", "Mã đơn vị mà nội dung được tính vào số liệu: đơn vị giữ nội dung khi đến hạn."),
    Column("handovers", "string", "Các lần bàn giao, cách nhau bởi «; »: ngày:đơn vị bàn giao>đơn vị tiếp nhận."),
    Column("text", "string", "Nội dung ý kiến, kiến nghị (văn bản thuần)."),
    Column("latest_answer", "string", "Câu trả lời gần nhất (văn bản thuần)."),
    Column("url", "url", "Trang của nội dung."),
)
SESSION_COLUMNS = (
    Column("id", "string", "Mã buổi đối thoại."),
    Column("date", "date", "Ngày đối thoại."),
    Column("announced", "boolean", "Buổi đối thoại sắp tới (sau ngày số liệu), chưa tính vào số liệu."),
    Column("title", "string", "Tên buổi đối thoại."),
    Column("place", "string", "Địa điểm."),
    Column("commune", "string", "Mã xã, thị trấn (rỗng nếu cấp huyện)."),
    Column("commune_name", "string", "Tên xã, thị trấn."),
    Column("audience", "string", "Đối tượng: " + ", ".join(rules.AUDIENCES) + "."),
    Column("attendance", "integer", "Số lượt người tham dự."),
    Column("opinions", "integer", "Số ý kiến."),
    Column("items", "integer", "Số nội dung."),
    Column("resolved", "integer", "Số nội dung đã giải quyết."),
    Column("not_yet_due", "integer", "Số nội dung còn tồn, chưa tới hạn."),
    Column("overdue", "integer", "Số nội dung quá hạn."),
    Column("url", "url", "Trang của buổi đối thoại."),
)
RESPONSE_COLUMNS = (
    Column("id", "string", "Mã câu trả lời (đường dẫn tệp trong content/responses)."),
    Column("item", "string", "Mã nội dung được trả lời."),
    Column("date", "date", "Ngày trả lời."),
    Column("agency", "string", "Mã cơ quan trả lời."),
    Column("agency_name", "string", "Tên cơ quan trả lời."),
    Column("outcome", "string", "Kết quả: " + ", ".join(rules.OUTCOMES) + "."),
    Column("document", "string", "Văn bản trả lời."),
    Column("text", "string", "Nội dung trả lời (văn bản thuần)."),
    Column("url", "url", "Trang của nội dung được trả lời."),
)
TABLES = {"items": ITEM_COLUMNS, "sessions": SESSION_COLUMNS, "responses": RESPONSE_COLUMNS}


def _name(table: dict, key: str) -> str:
    return table[key].name if key in table else ""


def item_row(view: SiteView, item, siteurl: str = "") -> dict:
    content = view.content
    session, state = view.session_of(item), view.status_of(item)
    resolved = state.resolved_on if state.state == status.RESOLVED else None
    return {
        "id": item.id, "session": session.id, "date": session.date,
        "commune": session.commune, "commune_name": _name(content.communes, session.commune),
        "topic": item.topic, "topic_name": _name(content.topics, item.topic),
        "agency": item.agency, "agency_name": _name(content.agencies, item.agency),
        "handling": item.handling, "status": state.state, "forwarded_to": state.forwarded_to,
        "due": item.due, "resolved_date": resolved,
        "days_to_resolve": (resolved - session.date).days if resolved else None,
        "days_late": state.days_late,
        "resolved_late": state.resolved_late,
        "body": view.holder(item),
        "answering_body": view.answering_body(item),
        "handovers": "; ".join(f"{t.date.isoformat()}:{t.handover.source_body}>{t.rule.to}"
                               for t in view.transfers.get(item.id, ())),
        "text": view.markdown.plain(item.text), "latest_answer": latest_answer(view, item, state),
        "url": siteurl + "/" + item_url(item),
    }


def item_rows(view: SiteView, siteurl: str = "") -> list[dict]:
    """One row per item held by AS_OF, in session order."""
    return table_rows(view, "items", siteurl)


def latest_answer(view: SiteView, item, state: status.ItemStatus) -> str:
    """The latest counted response, else the answer given on the spot (plain text)."""
    return view.markdown.plain(state.latest.body if state.latest else item.answer)


def session_row(view: SiteView, session, siteurl: str = "") -> dict:
    figures = view.session_figures(session)
    return {
        "id": session.id, "date": session.date, "announced": session.date > view.as_of,
        "title": session.title, "place": session.place, "commune": session.commune,
        "commune_name": _name(view.content.communes, session.commune),
        "audience": session.audience, "attendance": session.attendance,
        "opinions": len(session.opinions), "items": len(session.items),
        "resolved": figures.resolved, "not_yet_due": figures.not_yet_due,
        "overdue": figures.overdue, "url": siteurl + "/" + session_url(session),
    }


def session_rows(view: SiteView, siteurl: str = "") -> list[dict]:
    """Every session, held or announced, by date."""
    return table_rows(view, "sessions", siteurl)


def response_row(view: SiteView, response, siteurl: str = "") -> dict:
    return {
        "id": response.id, "item": response.item_id, "date": response.date, "agency": response.agency,
        "agency_name": _name(view.content.agencies, response.agency), "outcome": response.outcome,
        "document": response.document, "text": view.markdown.plain(response.body),
        "url": siteurl + "/" + item_url(view.content.items[response.item_id]),
    }


def response_rows(view: SiteView, siteurl: str = "") -> list[dict]:
    """Responses counted by AS_OF, oldest first."""
    return table_rows(view, "responses", siteurl)


# Per table: the model objects it has a row for, and the row of one object.
OBJECTS: dict[str, Callable[[SiteView], list]] = {
    "items": lambda view: view.items,
    "sessions": lambda view: view.content.sessions,
    "responses": lambda view: view.counted_responses(),
}
ROW: dict[str, Callable[[SiteView, object, str], dict]] = {
    "items": item_row, "sessions": session_row, "responses": response_row,
}


def table_rows(view: SiteView, table: str, siteurl: str = "", objects=None) -> list[dict]:
    """The rows of a table: of all its objects, or of the ones given."""
    row = ROW[table]
    return [row(view, value, siteurl) for value in (OBJECTS[table](view) if objects is None else objects)]


def _json_value(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def _csv_text(value) -> str:
    """A cell of a text column (string, date, url): spreadsheet.text_cell, empty for none."""
    if type(value) is str:  # most cells: checked first
        return spreadsheet.text_cell(value)
    if value is None:
        return ""
    return spreadsheet.text_cell(_json_value(value) if isinstance(value, dt.date) else str(value))


def _cells(columns: tuple[Column, ...]) -> list[tuple[str, Callable[[object], str]]]:
    """Each column's name and how its cells are written: numbers as numbers, the rest as text."""
    return [(c.name, spreadsheet.number_cell if c.type in spreadsheet.NUMERIC_TYPES else _csv_text)
            for c in columns]


def csv_lines(columns: tuple[Column, ...], rows: list[dict]) -> list[bytes]:
    """Each row as one CSV record (CRLF-terminated, UTF-8); its cells as spreadsheet.py writes them."""
    cells = _cells(columns)
    return [(",".join([cell(row[name]) for name, cell in cells]) + "\r\n").encode("utf-8") for row in rows]


def csv_document(columns: tuple[Column, ...], lines: Iterable[bytes]) -> Iterator[bytes]:
    """UTF-8 with a BOM (so Excel reads Vietnamese right), CRLF rows, header first; as pieces
    (serialise.framed), lazily: the lines are taken as they come."""
    header = ",".join(spreadsheet.text_cell(c.name) for c in columns) + "\r\n"
    yield "\ufeff".encode("utf-8") + header.encode("utf-8")
    yield from lines


def to_csv(columns: tuple[Column, ...], rows: list[dict]) -> bytes:
    return b"".join(csv_document(columns, csv_lines(columns, rows)))


def json_lines(columns: tuple[Column, ...], rows: list[dict]) -> list[bytes]:
    """Each row as the object json.dumps(indent=1) writes two levels deep, UTF-8."""
    names = [c.name for c in columns]
    date = dt.date
    return [entry.encode("utf-8") for entry in serialise.json_records(
        2, names, ([value.isoformat() if isinstance(value, date) else value
                    for value in map(row.__getitem__, names)] for row in rows))]


def json_document(table: str, columns: tuple[Column, ...], entries: Iterable[bytes], meta: dict) -> Iterator[bytes]:
    """{"as_of", "license", "fields": [...], "<table>": [rows]}; keys in column order.

    The bytes of json.dumps(document, ensure_ascii=False, indent=1), written row by row
    (serialise.py): json.dumps with an indent runs in pure Python. As pieces (serialise.framed), lazily."""
    fields = [serialise.json_object(2, (("name", c.name), ("type", c.type), ("description", c.help)))
              for c in columns]
    members = [f"{serialise.json_value(key)}: {serialise.json_value(value)}" for key, value in meta.items()
               if key not in ("fields", table)]
    members += [f'"fields": {serialise.json_array(1, fields)}', f"{serialise.json_value(table)}: "]
    head = ("{\n " + ",\n ".join(members)).encode("utf-8")
    return serialise.enclosed(head, serialise.json_array_pieces(1, entries), b"\n}\n")


def to_json(table: str, columns: tuple[Column, ...], rows: list[dict], meta: dict) -> bytes:
    return b"".join(json_document(table, columns, json_lines(columns, rows), meta))


def meta(view: SiteView, settings: dict) -> dict:
    """What every JSON file says about itself: the day its data stands at, the commit
    of the content it was built from (so any figure can be traced and rebuilt), and its licence."""
    return {"as_of": view.as_of.isoformat(),
            "commit": settings.get("BUILD_COMMIT") or "",
            "license": settings.get("DATA_LICENSE", DEFAULTS["DATA_LICENSE"]),
            "license_url": settings.get("DATA_LICENSE_URL", DEFAULTS["DATA_LICENSE_URL"])}


def table_documents(view: SiteView, settings: dict, rows=None) -> list[tuple[str, Iterator[bytes]]]:
    """items/sessions/responses, each as .csv and .json, in pieces made as they are taken; rows
    kept between builds (rowcache.py)."""
    siteurl, info, files = settings.get("SITEURL", ""), meta(view, settings), []
    for table, columns in TABLES.items():
        csv_rows, json_rows = table_lines(view, table, siteurl, OBJECTS[table](view), rows)
        files.append((f"{DATA_DIR}/{table}.csv", csv_document(columns, csv_rows)))
        files.append((f"{DATA_DIR}/{table}.json", json_document(table, columns, json_rows, info)))
    return files


def table_lines(view: SiteView, table: str, siteurl: str, objects: list, rows=None) -> tuple[Iterator, Iterator]:
    """The CSV records and the JSON entries of the given objects of a table, each kept between
    builds under its object's fingerprint in `rows` (rowcache.py), or made (rows None); made
    as they are taken, a batch of objects at a time (rowcache.stream)."""
    cache, columns = rows or rowcache.NoCache(), TABLES[table]

    def made(chosen):
        return table_rows(view, table, siteurl, chosen)

    return (rowcache.stream(cache, f"{table}.csv", objects, lambda chosen: csv_lines(columns, made(chosen))),
            rowcache.stream(cache, f"{table}.json", objects, lambda chosen: json_lines(columns, made(chosen))))


def zip_files(files: list[tuple[str, bytes]]) -> bytes:
    """A ZIP of the given files with fixed times and order: reproducible bytes."""
    return zip_chunked([(path, [data]) for path, data in files])


# The data files are compressed in chunks, each chunk a run of whole rows, so that a
# build compresses again only the chunks whose rows changed (their deflated bytes are
# kept in the row cache). A chunk ends after a row whose CRC-32 has these bits set: one
# row in 512 on average, so an edited row moves no other chunk's boundary, and chunks
# (about 300 KB at 20,000 items) are far longer than Deflate's 32 KB window, which makes
# the archive barely larger than one stream per file.
CHUNK_MASK = 0x1FF
ZIP_LEVEL = 6  # zlib's default, as zipfile uses


def ends_chunk(piece: bytes) -> bool:
    """Does a chunk end after this piece (one row)? Decided by its bytes alone (CHUNK_MASK)."""
    return zlib.crc32(piece) & CHUNK_MASK == CHUNK_MASK


def chunks_of(pieces: Iterable[bytes]) -> Iterator[bytes]:
    """Pieces (serialise.framed: one row each) joined into chunks at content-defined places, as they come."""
    current, any_chunk = [], False
    for piece in pieces:
        current.append(piece)
        if ends_chunk(piece):
            yield b"".join(current)
            current, any_chunk = [], True
    if current or not any_chunk:
        yield b"".join(current)


def chunked(pieces: Iterable[bytes]) -> list[bytes]:
    """chunks_of, all in hand."""
    return list(chunks_of(pieces))


def _deflate(chunks: list[bytes]) -> list[bytes]:
    """Each chunk as raw Deflate blocks ending on a byte boundary (a sync flush, as pigz
    does): any sequence of them is a valid stream once a final empty block is added."""
    deflated = []
    for chunk in chunks:
        compressor = zlib.compressobj(ZIP_LEVEL, zlib.DEFLATED, -15)
        deflated.append(compressor.compress(chunk) + compressor.flush(zlib.Z_SYNC_FLUSH))
    return deflated


_FINAL_BLOCK = b"\x03\x00"  # an empty final block with fixed codes: ends the Deflate stream


def _chunk_digest(chunk: bytes) -> bytes:
    # SHA-256, not BLAKE2: CPUs with SHA extensions hash 125 MB in half the time.
    return hashlib.sha256(chunk).digest()


def deflate_chunks(chunks: Iterable[bytes], cache=None) -> tuple[int, int, bytes]:
    """CRC-32, size and raw Deflate stream of a member given as chunks (cut as chunks_of cuts),
    deflated chunk by chunk; each deflated chunk is kept in `cache` (rowcache.RowCache) under
    its bytes' digest, so that a rebuild deflates only the chunks that changed."""
    cache = cache or rowcache.NoCache()
    size = crc = 0
    deflated = []
    for chunk in chunks:
        size += len(chunk)
        crc = zlib.crc32(chunk, crc)
        deflated += cache.rows("zip.deflate", [chunk], _deflate, digest=_chunk_digest)
    deflated.append(_FINAL_BLOCK)
    return crc, size, b"".join(deflated)


def zip_chunked(members: list[tuple[str, list[bytes]]], cache=None) -> bytes:
    """A ZIP of files given as chunks (see chunked), deflated chunk by chunk; the deflated
    chunks are kept in `cache` (rowcache.RowCache) under their bytes' digest (ChunkedZip, in memory)."""
    archive = ChunkedZip([path for path, _ in members], cache, remake=lambda: members)
    try:
        for path, chunks in members:
            for _ in archive.add(path, chunks):
                pass
        buffer = io.BytesIO()
        archive.write_to(buffer)
    finally:
        archive.close()
    return buffer.getvalue()


class ChunkedZip:
    """A ZIP of files given chunk by chunk, written to a file without holding any member whole.

    add() passes a member's chunks on as they come (to be written to the member's own file) and
    deflates each into an anonymous temporary file (kept in `cache` under the chunk's digest,
    so a rebuild deflates only the chunks that changed); once every member named at the start
    is in, write_to() writes the archive, reading the deflated chunks back a block at a time.
    Fixed times and order: the bytes depend on the data only. Written here (APPNOTE 4.3)
    because zipfile cannot take data already compressed; tests read it back with zipfile.
    A member of 4 GB or more needs ZIP64: then `remake()` gives the members' chunks again, for
    zipfile."""

    def __init__(self, paths, cache=None, remake: Callable[[], Iterable[tuple[str, Iterable[bytes]]]] = None):
        self._paths = frozenset(paths)
        self._cache = cache or rowcache.NoCache()
        self._remake = remake
        self._spill = tempfile.TemporaryFile()  # unlinked at once: nothing is left if the build dies
        self._end = 0
        self._entries: dict[str, tuple[int, int, int, int]] = {}  # path -> CRC-32, size, offset, deflated length

    def add(self, path: str, chunks: Iterable[bytes]) -> Iterator[bytes]:
        """The member's chunks, passed on once each is deflated into the archive."""
        size = crc = 0
        start = self._end
        for chunk in chunks:
            size += len(chunk)
            crc = zlib.crc32(chunk, crc)
            self._spill_write(self._cache.rows("zip.deflate", [chunk], _deflate, digest=_chunk_digest)[0])
            yield chunk
        self._spill_write(_FINAL_BLOCK)
        self._entries[path] = (crc, size, start, self._end - start)

    def _spill_write(self, data: bytes) -> None:
        self._spill.write(data)
        self._end += len(data)

    def write_to(self, file: BinaryIO) -> None:
        """The archive, into an open file; every member named at the start must have been added."""
        if set(self._entries) != self._paths:
            raise RuntimeError(f"the ZIP is written before its members: {sorted(self._paths - set(self._entries))}")
        entries = sorted(self._entries.items())
        if any(size >= 0xFFFFFFFF or length >= 0xFFFFFFFF for _, (_, size, _, length) in entries):
            _zip_large_to(file, self._remake())
            return
        self._spill.flush()
        file.writelines(zip_pieces([(path.removeprefix(DATA_DIR + "/"), crc, size, length, self._read(start, length))
                                    for path, (crc, size, start, length) in entries]))

    def _read(self, start: int, length: int, block: int = 1 << 20) -> Iterator[bytes]:
        """The spilled bytes from start, a block at a time."""
        while length > 0:
            self._spill.seek(start)
            data = self._spill.read(min(block, length))
            start, length = start + len(data), length - len(data)
            yield data

    def close(self) -> None:
        self._spill.close()


def _zip_large(members: list[tuple[str, list[bytes]]]) -> bytes:
    buffer = io.BytesIO()
    _zip_large_to(buffer, members)
    return buffer.getvalue()


def _zip_large_to(file: BinaryIO, members: Iterable[tuple[str, Iterable[bytes]]]) -> None:
    """Files of 4 GB or more need ZIP64, which zipfile writes (in one stream per file), into a
    seekable file (zipfile then writes each member's sizes into its header)."""
    with zipfile.ZipFile(file, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        for path, chunks in sorted(members, key=lambda member: member[0]):
            info = zipfile.ZipInfo(path.removeprefix(DATA_DIR + "/"), date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with archive.open(info, "w", force_zip64=True) as member:
                for chunk in chunks:
                    member.write(chunk)


def zip_archive(entries: list[tuple[str, int, int, bytes]]) -> bytes:
    """Local headers and data, then the central directory: (name, CRC-32, size, deflated bytes) each."""
    return b"".join(zip_pieces([(name, crc, size, len(deflated), (deflated,)) for name, crc, size, deflated in entries]))


def zip_pieces(entries: list[tuple[str, int, int, int, Iterable[bytes]]]) -> Iterator[bytes]:
    """zip_archive's bytes in pieces, each member's deflated bytes given as pieces of known total
    length: (name, CRC-32, size, deflated length, deflated pieces) each."""
    year, month, day, hour, minute, second = ZIP_TIME
    dos_date, dos_time = (year - 1980) << 9 | month << 5 | day, hour << 11 | minute << 5 | second // 2
    directory, offset = [], 0
    for name, crc, size, length, deflated in entries:
        encoded = name.encode("utf-8")
        flags = 0 if name.isascii() else 0x800  # bit 11: the name is UTF-8
        common = struct.pack("<HHHHIII", flags, 8, dos_time, dos_date, crc, length, size)
        header = struct.pack("<IH", 0x04034B50, 20) + common + struct.pack("<HH", len(encoded), 0) + encoded
        directory.append(struct.pack("<IHH", 0x02014B50, 3 << 8 | 20, 20) + common
                         + struct.pack("<HHHHHII", len(encoded), 0, 0, 0, 0, 0o644 << 16, offset) + encoded)
        yield header
        yield from deflated
        offset += len(header) + length
    central = b"".join(directory)
    yield central
    yield struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), offset, 0)


def schema_dir() -> Path:
    """The repository's schemas/ folder (the plugin is installed editable from the repo)."""
    return Path(__file__).resolve().parents[4] / "schemas"


def schema_files(folder: Path | None = None) -> list[tuple[str, bytes]]:
    """The JSON Schemas of the content files, published under /du-lieu/schemas/."""
    folder = folder or schema_dir()
    if not folder.is_dir():
        return []
    return [(f"{DATA_DIR}/schemas/{path.name}", path.read_bytes())
            for path in sorted(folder.glob("*.schema.json"))]
