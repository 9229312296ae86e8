"""A tracking spreadsheet (.xlsx or .csv) read into plain grids of values, one per sheet.

Reading only: imports vietnamese.py of the plugin, openpyxl for .xlsx; never Pelican, never
the content model. What the offices' sheets do that a plain table does not is undone here,
so the mapping (sheets.py) sees one value per cell:
- a merged range holds its value in its first cell only: every cell of it gets that value;
- text is NFC (old Windows tools paste it decomposed) and stripped;
- a whole number typed as a float (12.0) is the int 12; a date cell is a date (its time
  dropped). Numbers and dates typed as text stay text: the mapping reads them by their column.
A .csv is one sheet named after its file; its encoding is UTF-8 (with or without the mark
Excel writes) or, failing that, Windows-1258, the legacy Vietnamese code page.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..vietnamese import nfc

SUFFIXES = (".xlsx", ".csv")
MAX_ROWS = 20_000  # a sheet longer than this is not a tracking sheet (a pasted dump): it is refused


class SheetFileError(ValueError):
    """The file cannot be read as a spreadsheet at all: the message says why, in Vietnamese and English."""


@dataclass(frozen=True)
class Grid:
    """One sheet: its name and its rows of values (None for an empty cell), row 1 first."""

    name: str
    rows: tuple[tuple, ...]


def cell_value(value):
    """One cell as the mapping reads it: None, str, int, float, bool or dt.date."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, (dt.date, bool, int)):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    text = nfc(str(value)).strip()
    return text or None


def read(path: Path) -> list[Grid]:
    """Every sheet of the file, merged ranges filled in; SheetFileError when it is not a spreadsheet."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise SheetFileError(f"{path.name}: không phải bảng tính .xlsx hoặc .csv; lưu lại dưới dạng .xlsx / "
                             f"not an .xlsx or .csv spreadsheet (got {suffix or 'no suffix'!r}; "
                             "expected .xlsx or .csv: save it as .xlsx)")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SheetFileError(f"{path.name}: không đọc được tệp / the file cannot be read "
                             f"(got «{error.strerror}»; expected a file you may read)") from None
    return _read_csv(path.stem, raw) if suffix == ".csv" else _read_xlsx(path.name, raw)


def _read_xlsx(name: str, raw: bytes) -> list[Grid]:
    import openpyxl  # only an import needs it

    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise SheetFileError(f"{name}: tệp hỏng hoặc không phải .xlsx; mở bằng Excel và lưu lại / the file is "
                             "damaged or not an .xlsx workbook (got bytes that are not an Office Open XML "
                             "workbook; expected a workbook saved by Excel or LibreOffice as .xlsx)") from None
    grids = []
    for sheet in book.worksheets:
        if sheet.max_row > MAX_ROWS:
            raise SheetFileError(f"{name}[{sheet.title}]: trang có quá nhiều dòng; tách thành nhiều tệp / the sheet "
                                 f"has too many rows (got {sheet.max_row:,}; expected at most {MAX_ROWS:,}: "
                                 "split it into several files)")
        rows = [[cell_value(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        for merged in sheet.merged_cells.ranges:
            first = rows[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(rows) else None
            for r in range(merged.min_row, min(merged.max_row, len(rows)) + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    if c <= len(rows[r - 1]):
                        rows[r - 1][c - 1] = first
        grids.append(Grid(sheet.title, tuple(tuple(row) for row in rows)))
    return grids


def _read_csv(stem: str, raw: bytes) -> list[Grid]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1258", errors="replace")
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [[_unquoted(cell) for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    if len(rows) > MAX_ROWS:
        raise SheetFileError(f"{stem}.csv: tệp có quá nhiều dòng; tách thành nhiều tệp / the file has too many "
                             f"rows (got {len(rows):,}; expected at most {MAX_ROWS:,}: split it into several files)")
    return [Grid(stem, tuple(tuple(cell_value(v) for v in row) for row in rows))]


# The CSV exports put a single quote before a text that begins like a formula, or with a quote
# (outputs/spreadsheet.py, OWASP's rule): a cell that begins with ' had one added, and loses it here.
_QUOTED_STARTS = frozenset("=+-@\t\r\n'")


def _unquoted(cell: str) -> str:
    return cell[1:] if len(cell) > 1 and cell[0] == "'" and cell[1] in _QUOTED_STARTS else cell
