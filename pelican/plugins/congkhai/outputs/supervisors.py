"""The spreadsheet for supervisors, /du-lieu/noi-dung.xlsx: every item with its state as of the
build's day, for the People's Council's and the Front's staff who work in Excel.

Imports content/, domain/, site/ and outputs/; openpyxl writes the file; never Pelican. Its
values are the items table's (exports.item_row) and the view's, so the workbook, the CSV and
the pages agree. Headers are Vietnamese, the header row is frozen and filtered, dates are date
cells and day counts numbers; every text goes through spreadsheet.put, so none is a formula.
The first sheet holds every item; then one sheet per agency holds the items still outstanding
with it, the longest overdue first. Written in openpyxl's write-only mode: it streams rows
instead of keeping every cell as an object (20,000 items × 18 columns). Only the header rows go
through openpyxl's cells: the data rows are written as the very XML openpyxl writes for them
(`sheet_rows`), each kind of styled cell still styled by openpyxl at its first appearance, so
that the styles are numbered in the same order. openpyxl's cells and its XML writer cost about
1 ms a row, a fifth of a 20,000-item build's CPU.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
from dataclasses import dataclass
from typing import BinaryIO, Callable, Iterable, Iterator

from ..build import rowcache
from ..content import rules
from ..domain.status import STATE_LABELS
from . import exports
from . import office
from .spreadsheet import FORMULA_STARTS, put

PATH = f"{exports.DATA_DIR}/noi-dung.xlsx"
ALL_SHEET = "Tất cả nội dung"
DATE_FORMAT = "DD/MM/YYYY"
SHEET_NAME_LENGTH = 31  # Excel's limit
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable  # (view, item, row of exports.item_row) -> the cell's value
    kind: str = "text"  # text | date | number
    width: int = 16


def _name(table, key) -> str:
    return table[key].name if key in table else ""


def _state(view, item, row) -> str:
    state = view.status_of(item)
    label = STATE_LABELS[state.state]
    return f"{label} (đã chuyển cấp trên)" if state.outstanding and state.forwarded_to else label


def _document(view, item, row) -> str:
    latest = view.status_of(item).latest
    return latest.document if latest is not None else ""


COLUMNS = (
    Column("Mã nội dung", lambda v, i, r: i.id, width=28),
    Column("Ngày đối thoại", lambda v, i, r: v.session_of(i).date, "date", 12),
    Column("Buổi đối thoại", lambda v, i, r: v.session_of(i).title, width=40),
    Column("Xã, thị trấn", lambda v, i, r: r["commune_name"], width=20),
    Column("Lĩnh vực", lambda v, i, r: r["topic_name"], width=22),
    Column("Nội dung ý kiến", lambda v, i, r: r["text"], width=60),
    Column("Cách xử lý", lambda v, i, r: rules.HANDLINGS[i.handling], width=22),
    Column("Cơ quan giải quyết", lambda v, i, r: _name(v.content.agencies, v.group_id("agency", i)), width=32),
    Column("Đơn vị đang giữ", lambda v, i, r: _name(v.content.bodies, r["body"]), width=20),
    Column("Thời hạn", lambda v, i, r: v.status_of(i).due, "date", 12),
    Column("Hạn ban đầu", lambda v, i, r: i.due, "date", 12),
    Column("Tình trạng", _state, width=26),
    Column("Ngày giải quyết xong", lambda v, i, r: r["resolved_date"], "date", 12),
    Column("Số ngày quá hạn", lambda v, i, r: r["days_late"], "number", 10),
    Column("Số ngày giải quyết trễ", lambda v, i, r: r["resolved_late"], "number", 10),
    Column("Văn bản trả lời", _document, width=34),
    Column("Trả lời gần nhất", lambda v, i, r: r["latest_answer"], width=60),
    Column("Trang", lambda v, i, r: r["url"], width=40),
)


def sheet_names(names: list[str]) -> list[str]:
    """Names Excel accepts: no []:*?/\\, at most 31 characters, each once (a number added when cut ones meet)."""
    taken: set[str] = set()
    found = []
    for name in names:
        base = _NOT_IN_SHEET_NAMES.sub("-", name).strip("' ")[:SHEET_NAME_LENGTH] or "Cơ quan"
        chosen, number = base, 2
        while chosen.casefold() in taken:
            suffix = f" ({number})"
            chosen, number = base[:SHEET_NAME_LENGTH - len(suffix)] + suffix, number + 1
        taken.add(chosen.casefold())
        found.append(chosen)
    return found


ROWS_KIND = "noi-dung.xlsx"  # its rows' name among the data files' rows kept between builds


def workbook(view, settings: dict, rows=None) -> bytes:
    """The .xlsx bytes as of the view's day; rows: the rows kept between builds
    (build/rowcache.py), or none."""
    buffer = io.BytesIO()
    write_workbook(view, settings, buffer, rows)
    return buffer.getvalue()


def write_workbook(view, settings: dict, file: BinaryIO, rows=None) -> None:
    """The .xlsx as of the view's day, written into an open file as it is made: each sheet's rows
    go to a temporary file as they are written (openpyxl numbers the styles meanwhile), and each
    sheet is deflated from there into the package once openpyxl has written the rest. At
    200,000 items the rows' XML is over a gigabyte; held whole, with its copies, it was the
    largest thing the data files' process held.

    rows: the rows kept between builds (build/rowcache.py, on disk): each item's row is kept under
    its digest, as the items table's is, without its row number and its cells' styles
    (row_template), which are put in as the sheet is written (numbered); each sheet is deflated in
    chunks of whole rows, each chunk kept under its bytes (exports.deflate_chunks). An edited
    answer then makes one row again and deflates a chunk or two, not every sheet; a clean build
    makes the same bytes."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    cache = rows or rowcache.NoCache()
    siteurl = settings.get("SITEURL") or ""
    book = openpyxl.Workbook(write_only=True)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    agencies = view.groups["agency"]  # in Vietnamese order of the names
    outstanding = [(group, sorted((i for i in group.items if view.status_of(i).outstanding),
                                  key=lambda i: view.overdue_keys[i.id]))
                   for group in agencies]
    outstanding = [(group, items) for group, items in outstanding if items]
    names = [ALL_SHEET] + sheet_names([group.name for group, _ in outstanding])
    again = {item.id for _, items in outstanding for item in items}  # rows the agencies' sheets show again
    values_of: dict[str, dict] = {}

    def row(item) -> dict:
        found = values_of.get(item.id)
        if found is None:
            found = exports.item_row(view, item, siteurl)
            if item.id in again:
                values_of[item.id] = found
        return found

    def made(items) -> list[bytes]:
        return [row_template(COLUMNS, [column.value(view, item, row(item)) for column in COLUMNS], book.epoch)
                for item in items]

    bodies = []
    for name, items in zip(names, [view.items] + [items for _, items in outstanding]):
        sheet = book.create_sheet(name)
        for index, column in enumerate(COLUMNS, 1):
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(items) + 1}"
        header = []
        for column in COLUMNS:
            cell = WriteOnlyCell(sheet)
            put(cell, column.header)
            cell.font, cell.fill = bold, fill
            header.append(cell)
        sheet.append(header)
        body = tempfile.TemporaryFile()  # unlinked at once: nothing is left if the build dies
        ends = []  # where each chunk of whole rows ends (exports.ends_chunk)
        for piece in numbered(sheet, COLUMNS, rowcache.stream(cache, ROWS_KIND, items, made)):
            body.write(piece)
            if exports.ends_chunk(piece):
                ends.append(body.tell())
        ends.append(body.tell())
        bodies.append((body, ends))
    values_of.clear()
    out = io.BytesIO()
    book.save(out)
    try:
        members = member_pieces(office.members(out.getvalue()), [[body] for body in bodies])
        office.write_to(file, [(name, office.Deflated(*exports.deflate_chunks(_sheet_chunks(pieces), cache))
                                if name.startswith(SHEETS) else pieces) for name, pieces in members], view.as_of)
    finally:
        for body, _ in bodies:
            body.close()


SHEETS = "xl/worksheets/sheet"


def _sheet_chunks(pieces) -> Iterator[bytes]:
    """A sheet's head, its rows in chunks as they were cut while written (a temporary file and
    the chunks' ends in it), and its tail: each a chunk of its own."""
    for piece in pieces:
        if isinstance(piece, tuple):
            body, ends = piece
            body.seek(0)
            start = 0
            for end in ends:
                if end > start:
                    yield body.read(end - start)
                start = end
        elif piece:
            yield piece


def _cell(sheet, column: Column, value, make):
    cell = make(sheet)
    if value in (None, ""):
        return cell
    put(cell, value)
    if column.kind == "date":
        cell.number_format = DATE_FORMAT
    return cell


def _xml_text(text: str) -> str:
    """Text escaped as lxml escapes it (str.replace: a quarter of the time of str.translate)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def sheet_rows(sheet, columns, rows: Iterable[list], first: int = 2) -> bytes:
    """The <row> elements of rows of values (one per column) from row number `first`, byte for
    byte as openpyxl's write-only sheet writes the cells _cell makes of them (row_template, then
    numbered)."""
    epoch = sheet.parent.epoch
    return b"".join(numbered(sheet, columns, (row_template(columns, values, epoch) for values in rows), first))


# A kept row holds neither its number nor its cells' styles: marks stand for them, characters
# that no cell may hold (openpyxl refuses them, and so does row_template).
_NUMBER_MARK = b"\x01"
_STYLE_START, _STYLE_END = b"\x02", b"\x03"
_STYLE_MARK = "\x02{}:{}:{:d}\x03"  # the kind of styled cell: value's type, column's kind, quote prefix
_SAMPLE = {"str": "a", "int": 0, "date": dt.date(2000, 1, 1)}  # a value of each type, to style its kind


def row_template(columns, values: list, epoch) -> bytes:
    """One row's XML as openpyxl writes it (read from openpyxl 3.1, cell/_writer.py, and held to it
    by a test), with marks for its row number and its cells' styles: a text is an inline string,
    its <t> marked xml:space="preserve" when it begins or ends with blanks; a number or a date is
    t="n" (a date as Excel's day number from the workbook's epoch), written "%.16g"; an empty cell
    is left out; every character past ASCII is a character reference."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, IllegalCharacterError
    from openpyxl.utils import get_column_letter
    from openpyxl.utils.datetime import to_excel

    cells = []
    for index, (column, value) in enumerate(zip(columns, values), 1):
        if value is None or value == "":
            continue
        if value is True or value is False:
            value = int(value)  # as put writes it
        kind = type(value)
        if kind not in (str, int, dt.date):
            raise TypeError(f"column {column.header!r}: no cell is written for a {kind.__name__} ({value!r})")
        place = f'<c r="{get_column_letter(index)}\x01"' + _STYLE_MARK.format(
            kind.__name__, column.kind, kind is str and value[:1] in FORMULA_STARTS)
        if kind is str:
            text = value[:32767]  # as openpyxl cuts a text
            if ILLEGAL_CHARACTERS_RE.search(text):
                raise IllegalCharacterError(f"{text} cannot be used in worksheets.")
            space = ' xml:space="preserve"' if text != text.strip() else ""
            cells.append(f'{place} t="inlineStr"><is><t{space}>{_xml_text(text)}</t></is></c>')
        elif kind is int:
            cells.append(f'{place} t="n"><v>{"%.16g" % value}</v></c>')
        else:
            cells.append(f'{place} t="n"><v>{"%.16g" % to_excel(value, epoch)}</v></c>')
    return f'<row r="\x01">{"".join(cells)}</row>'.encode("ascii", "xmlcharrefreplace")


def numbered(sheet, columns, templates: Iterable[bytes], first: int = 2) -> Iterator[bytes]:
    """The rows of row_template numbered from `first`, one at a time, each kind of styled cell
    given the style openpyxl gives the first cell of its kind, asked for when that kind first
    appears (the leftmost first), as openpyxl numbers styles as it writes."""
    from openpyxl.cell import WriteOnlyCell

    styles: dict[bytes, bytes] = {}
    for number, template in enumerate(templates, first):
        row = template.replace(_NUMBER_MARK, b"%d" % number)
        for mark, style in styles.items():
            row = row.replace(mark, style)
        while (start := row.find(_STYLE_START)) >= 0:  # a kind of cell not seen before in this sheet
            mark = row[start:row.index(_STYLE_END, start) + 1]
            kind, column_kind, quoted = mark[1:-1].decode("ascii").split(":")
            cell = _cell(sheet, Column("", None, column_kind), "=" if quoted == "1" else _SAMPLE[kind], WriteOnlyCell)
            styles[mark] = f' s="{cell.style_id}"'.encode() if cell.has_style else b""
            row = row.replace(mark, styles[mark])
        yield row


def with_rows(members: list[tuple[str, bytes]], bodies: list[bytes]) -> list[tuple[str, bytes]]:
    """The package's members with each sheet's rows (in the order of the sheets) after its header row."""
    return [(name, b"".join(pieces)) for name, pieces in member_pieces(members, [[body] for body in bodies])]


def member_pieces(members: list[tuple[str, bytes]], bodies: list[Iterable[bytes]]) -> list[tuple[str, Iterable[bytes]]]:
    """with_rows, each member as pieces: a sheet's rows (given as pieces) are not joined to it."""
    sheets = {f"xl/worksheets/sheet{number}.xml": body for number, body in enumerate(bodies, 1)}
    found = []
    for name, data in members:
        if name in sheets:
            head, end, tail = data.partition(b"</sheetData>")
            if not end:
                raise ValueError(f"{name}: no </sheetData> in openpyxl's sheet")
            found.append((name, _around(head, sheets.pop(name), end + tail)))
        else:
            found.append((name, [data]))
    if sheets:
        raise ValueError(f"openpyxl wrote no {', '.join(sorted(sheets))}")
    return found


def _around(head: bytes, pieces: Iterable[bytes], tail: bytes) -> Iterator[bytes]:
    yield head
    yield from pieces
    yield tail
