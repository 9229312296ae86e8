"""A tracking spreadsheet's rows -> session and response data in the content contract.

Pure: imports rules, problems and sheetfile of content/, and vietnamese.py; never Pelican. The
columns an office's sheet may have are declared once, here (COLUMNS): the template
(outputs/sheets.py), the export, the import and the docs read them. A sheet's columns are
matched by their header, folded (no diacritics, đ as d, case and punctuation ignored), against
each column's header and aliases, or through a mapping a clerk writes for unusual headers.

What the sheets may hold, and how it is read:
- a sheet «Buổi đối thoại» with one row per session (its date, title, place…), and item rows
  in one sheet with a column «Buổi đối thoại» naming each row's session (its id, or its date
  when one session was held that day), or in one sheet per session named after it; a .csv,
  which has one sheet, may carry the session's columns on its item rows instead;
- an opinion spread over several rows: a row whose «STT» is empty, or the same as the row
  above (a merged cell), is another item of the same opinion; a row that holds nothing but
  the text continues the text of the item above; a row whose «STT» and «STT nội dung» repeat
  the row above's is another response to the same item;
- dates as date cells or typed as text (05/7/2018, 5-7-2018, 2018-07-05); whole numbers as
  numbers or typed as text (1.234); topics, agencies, communes and bodies by id or by name;
  handling, outcome and audience by their key or their Vietnamese label.

Only what the build's checks cannot see is a problem here (a cell that is not a date, a name
no table holds, a row that belongs to no session): what is missing or wrong in the content
itself is left to the build's checks, which the import runs on what it would write. Every
problem names the sheet, the row, the column, what was found and what to write, in Vietnamese
and in English; all of them are collected.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field

from ..vietnamese import fold
from . import rules
from .problems import Problem
from .sheetfile import Grid

NUMBER = rules.OPINION_FIELDS[0].name  # the key of an opinion's and an item's number
SESSIONS_SHEET = "Buổi đối thoại"
ITEMS_SHEET = "Theo dõi"
LISTS_SHEET = "Danh mục"  # the template's lists, which the drop-downs read: never imported
HEADER_ROWS = 10  # the header is looked for in a sheet's first rows (a title may stand above it)
CHAIR_SEPARATORS = re.compile(r"\s*[;\n]\s*")


@dataclass(frozen=True)
class Column:
    """One column of a tracking sheet: the key it fills, its header, and what else offices call it.

    level: which block it fills (session, item, response); kind: how its cells are read
    and written (a Cell class below)."""

    key: str
    header: str
    level: str
    kind: "Cell"
    aliases: tuple[str, ...] = ()
    help: str = ""
    width: int = 18  # the template's column width, in characters



class Cell:
    """How a column's cells are read (`read`: the value, or None with a problem added) and
    what the template gives them: a date format, a whole-number check, a drop-down list."""

    date = whole = False
    drop_down = ""  # the list the template offers (outputs/tracking.LIST_TITLES), "" for none

    def read(self, raw, key: str, source: "Source", reader: "_Reader"):
        return raw.isoformat() if isinstance(raw, dt.date) else str(raw)


class TextCell(Cell):
    pass


class DateCell(Cell):
    date = True

    def read(self, raw, key, source, reader):
        day = _date(raw)
        if day is None:
            reader.problems.append(problem(source, key, f"không phải ngày (ghi {raw!s}); ghi dạng ngày/tháng/năm, "
                                           "ví dụ 05/7/2018", f"not a date (got {_shown(raw)}; expected a date "
                                           "cell or day/month/year, e.g. 05/7/2018)"))
        return day


class NumberCell(Cell):
    whole = True

    def read(self, raw, key, source, reader):
        number = _whole(raw)
        if number is None:
            reader.problems.append(problem(source, key, f"không phải số nguyên (ghi {raw!s}); ghi chữ số, ví dụ 12",
                                           f"not a whole number (got {_shown(raw)}; expected digits, e.g. 12)"))
        return number


class ListCell(Cell):
    def read(self, raw, key, source, reader):
        return [part for part in CHAIR_SEPARATORS.split(super().read(raw, key, source, reader)) if part]


class ChoiceCell(Cell):
    """One of the contract's allowed values, by its key or its Vietnamese label."""

    def __init__(self, drop_down: str, choices: tuple[tuple[str, str], ...]):
        self.drop_down, self.choices = drop_down, choices  # choices: (key, label)

    def read(self, raw, key, source, reader):
        wanted = header_key(super().read(raw, key, source, reader))
        found = next((k for k, label in self.choices if wanted in (header_key(k), header_key(label))), None)
        if found is None:
            labels = "; ".join(label for _k, label in self.choices)
            reader.problems.append(problem(source, key, f"không có giá trị «{raw}»; chọn một trong: {labels}",
                                           f"unknown value (got {_shown(raw)}; expected one of: {labels})"))
        return found


class RefCell(Cell):
    """An id of a data table, by its id or its name."""

    def __init__(self, drop_down: str, table: str):
        self.drop_down, self.table = drop_down, table  # table: content/data/<table>.yaml

    def read(self, raw, key, source, reader):
        text = super().read(raw, key, source, reader)
        found = reader.lookup.find(self.table, text)
        if found is None:
            close = reader.lookup.closest(self.table, text)
            vi = f"; có phải: {', '.join(close)}?" if close else f"; thêm vào content/data/{self.table}.yaml"
            en = f"did you mean: {', '.join(close)}?" if close else f"add it to content/data/{self.table}.yaml"
            reader.problems.append(problem(source, key, f"không có trong danh mục content/data/{self.table}.yaml{vi}",
                                           f"not in content/data/{self.table}.yaml (got {_shown(text)}; expected a "
                                           f"name or id of that list: {en})"))
        return found


CHOICES = {"handling": rules.HANDLINGS, "outcome": rules.OUTCOMES, "audience": rules.AUDIENCES}  # key -> label
TEXT, DATE, NUMBER_CELL, LIST = TextCell(), DateCell(), NumberCell(), ListCell()
TOPIC, AGENCY, COMMUNE, BODY = (RefCell(kind, table) for kind, table in
                                (("topic", "topics"), ("agency", "agencies"), ("commune", "communes"), ("body", "bodies")))
HANDLING, OUTCOME, AUDIENCE = (ChoiceCell(kind, tuple(CHOICES[kind].items())) for kind in ("handling", "outcome", "audience"))


COLUMNS = (
    Column("session", "Buổi đối thoại", "session", TEXT, aliases=("mã buổi", "mã buổi đối thoại", "buổi"),
           help="Mã buổi (ví dụ 2018-06-12-tan-ha), hoặc ngày đối thoại khi hôm đó chỉ có một buổi.", width=22),
    Column("date", "Ngày đối thoại", "session", DATE, ("ngày", "ngày tổ chức", "thời gian đối thoại"),
           "Ngày tổ chức buổi đối thoại, dạng ngày (05/7/2018)."),
    Column("title", "Tên buổi đối thoại", "session", TEXT, aliases=("tên hội nghị", "nội dung buổi"), width=40,
           help="Tên buổi đối thoại."),
    Column("place", "Địa điểm", "session", TEXT, aliases=("nơi tổ chức",), width=30, help="Nơi tổ chức."),
    Column("commune", "Xã, thị trấn", "session", COMMUNE, ("xã", "địa bàn", "xã thị trấn", "phường xã"),
           "Xã, thị trấn nơi đối thoại (chọn trong danh sách)."),
    Column("body", "Đơn vị tổ chức", "session", BODY, ("đơn vị", "cấp tổ chức"),
           "Đơn vị hành chính tổ chức buổi đối thoại (chọn trong danh sách)."),
    Column("audience", "Đối tượng", "session", AUDIENCE, ("đối tượng đối thoại", "thành phần"),
           "Đối tượng đối thoại (chọn trong danh sách).", width=24),
    Column("chairs", "Người chủ trì", "session", LIST, ("chủ trì", "chức danh chủ trì"),
           "Chức danh người chủ trì, cách nhau bằng dấu chấm phẩy.", width=30),
    Column("attendance", "Số người dự", "session", NUMBER_CELL, ("số lượt người dự", "số người tham dự", "tham dự"),
           "Số lượt người tham dự (số)."),
    Column("basis", "Căn cứ", "session", LIST, ("căn cứ tổ chức",),
           "Căn cứ tổ chức đối thoại, cách nhau bằng dấu chấm phẩy (không bắt buộc).", width=30),
    Column("summary", "Tóm tắt", "session", TEXT, aliases=("tóm tắt kết quả",), width=40, help="Tóm tắt buổi (không bắt buộc)."),
    Column("opinion", "STT", "item", NUMBER_CELL, ("số thứ tự", "stt ý kiến", "tt"),
           "Số thứ tự ý kiến trong buổi; để trống hoặc gộp ô ở các dòng tiếp theo của cùng ý kiến.", width=7),
    Column("speaker", "Người phản ánh", "item", TEXT, aliases=("người nêu", "người kiến nghị", "người nêu ý kiến",
                                                         "cử tri", "người phản ánh kiến nghị"),
           help="Người nêu ý kiến, ví dụ «Cử tri thôn 3»; không ghi họ tên, địa chỉ, số điện thoại.", width=22),
    Column("item", "STT nội dung", "item", NUMBER_CELL, ("stt nội dung trong ý kiến", "nội dung số"),
           "Số thứ tự nội dung trong ý kiến (để trống: 1, 2, 3… theo thứ tự dòng).", width=9),
    Column("text", "Nội dung ý kiến", "item", TEXT, aliases=("nội dung", "nội dung kiến nghị", "nội dung phản ánh",
                                                       "nội dung ý kiến kiến nghị"),
           help="Nội dung ý kiến, kiến nghị.", width=50),
    Column("topic", "Lĩnh vực", "item", TOPIC, ("nhóm lĩnh vực", "lĩnh vực ý kiến"), "Lĩnh vực (chọn trong danh sách).",
           width=24),
    Column("handling", "Cách xử lý", "item", HANDLING, ("hình thức xử lý", "xử lý", "hình thức giải quyết"),
           "Trả lời tại buổi đối thoại, giao cơ quan giải quyết, hoặc kiến nghị cấp trên.", width=24),
    Column("agency", "Cơ quan giải quyết", "item", AGENCY, ("cơ quan chủ trì", "đơn vị giải quyết",
                                                              "cơ quan chủ trì giải quyết", "cơ quan được giao"),
           "Cơ quan được giao giải quyết (chọn trong danh sách).", width=30),
    Column("due", "Thời hạn", "item", DATE, ("hạn trả lời", "thời hạn giải quyết", "thời hạn trả lời", "hạn giải quyết"),
           "Hạn trả lời, dạng ngày (05/7/2018)."),
    Column("answer", "Trả lời tại buổi đối thoại", "item", TEXT, aliases=("trả lời tại chỗ", "nội dung trả lời tại chỗ"),
           help="Lời trả lời tại buổi, khi cách xử lý là trả lời tại buổi đối thoại.", width=40),
    Column("response_date", "Ngày trả lời", "response", DATE, ("ngày văn bản", "ngày giải quyết"),
           "Ngày cơ quan trả lời bằng văn bản."),
    Column("response_agency", "Cơ quan trả lời", "response", AGENCY, ("đơn vị trả lời",),
           "Cơ quan trả lời, khi khác cơ quan giải quyết (không bắt buộc).", width=30),
    Column("outcome", "Kết quả giải quyết", "response", OUTCOME, ("kết quả", "tình trạng giải quyết", "kết quả xử lý"),
           "Đã giải quyết xong, đang giải quyết, hoặc đã chuyển cấp trên.", width=22),
    Column("document", "Văn bản trả lời", "response", TEXT, aliases=("số văn bản", "văn bản", "số ký hiệu văn bản"),
           help="Số, ký hiệu và ngày văn bản, ví dụ «Công văn số 512/UBND-TNMT ngày 05/7/2018».", width=34),
    Column("response_text", "Nội dung trả lời", "response", TEXT, aliases=("nội dung trả lời của cơ quan",
                                                                     "nội dung kết quả", "nội dung giải quyết"),
           help="Nội dung văn bản trả lời (bắt buộc khi có kết quả giải quyết).", width=50),
    Column("extended_due", "Hạn mới", "response", DATE, ("gia hạn đến", "hạn gia hạn"),
           "Hạn trả lời mới khi được gia hạn, dạng ngày."),
    Column("reason", "Lý do gia hạn", "response", TEXT, aliases=("lý do",), help="Lý do gia hạn (khi có hạn mới).", width=30),
)
COLUMN = {column.key: column for column in COLUMNS}
SESSION_KEYS = tuple(c.key for c in COLUMNS if c.level == "session" and c.key != "session")
RESPONSE_KEYS = tuple(c.key for c in COLUMNS if c.level == "response")
# Which content key a build problem names -> the column that fills it.
FIELD_COLUMN = {"opinion": "opinion", "item": "item", "speaker": "speaker"} | {k: k for k in COLUMN}
RESPONSE_FIELD_COLUMN = {"date": "response_date", "agency": "response_agency", "outcome": "outcome",
                         "document": "document", "extended_due": "extended_due", "reason": "reason",
                         "(answer)": "response_text", "item": "item"}


def header_key(text: str) -> str:
    """A header as it is compared: folded, its punctuation and spaces made single spaces."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split())


_BY_HEADER = {header_key(name): column.key for column in COLUMNS for name in (column.header, *column.aliases)}


def column_letter(index: int) -> str:
    """0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class Lookup:
    """The tables a sheet's names are read against: id -> name, for each of TABLES."""

    tables: dict[str, dict[str, str]]

    def find(self, table: str, text: str) -> str | None:
        entries = self.tables.get(table, {})
        if text in entries:
            return text
        wanted = header_key(text)
        for ident, name in entries.items():
            if header_key(name) == wanted or header_key(ident) == wanted:
                return ident
        return None

    def closest(self, table: str, text: str) -> list[str]:
        names = list(self.tables.get(table, {}).values())
        folded = {header_key(n): n for n in names}
        return [folded[k] for k in difflib.get_close_matches(header_key(text), list(folded), n=3, cutoff=0.5)]


@dataclass
class Source:
    """Where a piece of content came from: the sheet's label (file[sheet]), the row, and the columns by key."""

    where: str
    row: int
    columns: dict[str, str]  # column key -> "F «Thời hạn»"


@dataclass
class ImportedResponse:
    session: str
    number: str  # "3.2"
    data: dict
    body: str
    source: Source


@dataclass
class ImportedSession:
    id: str
    data: dict  # in the contract's order, opinions and items included
    source: Source  # its sessions row, or the first of its item rows
    item_sources: dict[tuple[int, int], Source] = field(default_factory=dict)  # (opinion, item) -> its row
    responses: list[ImportedResponse] = field(default_factory=list)


@dataclass
class Imported:
    sessions: list[ImportedSession]
    problems: list[Problem]
    ignored: list[str]  # headers no column matched, "file[sheet]: X «header»"


def problem(source: Source, key: str, vi: str, en: str) -> Problem:
    return Problem(source.where, source.row, source.columns.get(key, f"«{COLUMN[key].header}»"), en, vi)


class _Table:
    """One sheet's header and rows: which column holds which key."""

    def __init__(self, label: str, grid: Grid, mapping: dict[str, str]):
        self.label, self.grid = label, grid
        self.header_row, self.keys = _find_header(grid, mapping)
        self.unknown = []
        if self.header_row:
            for index, cell in enumerate(grid.rows[self.header_row - 1]):
                if cell is not None and index not in self.keys.values():
                    self.unknown.append(f"{label}: {column_letter(index)} «{cell}»")

    def rows(self):
        """(row number, {key: value}, Source) of every row below the header that holds anything."""
        for number, row in enumerate(self.grid.rows[self.header_row:], self.header_row + 1):
            values = {key: row[index] for key, index in self.keys.items() if index < len(row) and row[index] is not None}
            if values:
                yield number, values, self.source(number)

    def source(self, row: int) -> Source:
        header = self.grid.rows[self.header_row - 1] if self.header_row else ()
        return Source(self.label, row, {key: f"{column_letter(i)} «{header[i]}»" for key, i in self.keys.items()})


def _find_header(grid: Grid, mapping: dict[str, str]) -> tuple[int, dict[str, int]]:
    """The header's row (1-based; 0 if none) and key -> column index: the first rows' one matching most columns."""
    best = (0, {})
    for number, row in enumerate(grid.rows[:HEADER_ROWS], 1):
        keys: dict[str, int] = {}
        for index, cell in enumerate(row):
            if not isinstance(cell, str):
                continue
            key = mapping.get(header_key(cell)) or _BY_HEADER.get(header_key(cell))
            if key and key not in keys:
                keys[key] = index
        if len(keys) >= 2 and len(keys) > len(best[1]):
            best = (number, keys)
    return best


def read_mapping(raw: dict) -> tuple[dict[str, str], list[str]]:
    """A clerk's mapping {header in the sheet: column key or template header} -> (folded header -> key, problems)."""
    mapping, problems = {}, []
    for header, target in raw.items():
        key = target if target in COLUMN else _BY_HEADER.get(header_key(str(target)))
        if key is None:
            problems.append(f"«{header}»: không có cột «{target}»; ghi một trong: {', '.join(c.header for c in COLUMNS)} / "
                            f"no column {target!r} (expected one of: {', '.join(COLUMN)})")
        else:
            mapping[header_key(str(header))] = key
    return mapping, problems


_TEXT_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_WHOLE = re.compile(r"^\d{1,3}(?:[. ]\d{3})*$|^\d+$")


def _date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern, order in ((_TEXT_DATE, (3, 2, 1)), (_ISO, (1, 2, 3))):
        match = pattern.match(text)
        if match:
            try:
                return dt.date(*(int(match.group(i)) for i in order))
            except ValueError:
                return None
    return None


def _whole(value) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).strip()
    return int(re.sub(r"[. ]", "", text)) if _WHOLE.match(text) else None


class _Reader:
    """Reads one row's cells by their columns' kinds, collecting problems."""

    def __init__(self, lookup: Lookup, problems: list[Problem]):
        self.lookup, self.problems = lookup, problems

    def value(self, key: str, values: dict, source: Source):
        return COLUMN[key].kind.read(values[key], key, source, self) if key in values else None


def _shown(value) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "…"


@dataclass
class _SessionRecord:
    key: str  # its id as written, or "" (made from its date when the rows are read)
    values: dict  # session key -> value, read
    source: Source
    rows: list = field(default_factory=list)  # (values, Source) of its item rows, in order


def import_grids(label: str, grids: list[Grid], lookup: Lookup, mapping: dict[str, str] | None = None) -> Imported:
    """Every session and response a workbook's sheets hold, with every problem; `label` names
    the file in problems (its name, as the clerk knows it)."""
    problems: list[Problem] = []
    reader = _Reader(lookup, problems)
    tables, ignored = [], []
    for grid in grids:
        if grid.name == LISTS_SHEET or not any(v is not None for row in grid.rows for v in row):
            continue
        table = _Table(f"{label}[{grid.name}]", grid, mapping or {})
        if not table.header_row:
            problems.append(Problem.bilingual(table.label, 1, "(tiêu đề / header)",
                                    "không tìm thấy dòng tiêu đề cột; dòng tiêu đề cần có các cột như "
                                    f"«{COLUMN['opinion'].header}», «{COLUMN['text'].header}» / no header row found "
                                    f"(got no row among the first {HEADER_ROWS} with two known headers; expected "
                                    "headers such as «STT», «Nội dung ý kiến», «Ngày đối thoại»: see the template "
                                    "mau-theo-doi.xlsx, or map the headers with --columns)"))
            continue
        ignored += table.unknown
        tables.append(table)
    records: list[_SessionRecord] = []
    for table in (t for t in tables if "text" not in t.keys):
        for _row, values, source in table.rows():
            records.append(_SessionRecord(str(values.get("session") or ""), _session_values(reader, values, source),
                                          source))
    for table in (t for t in tables if "text" in t.keys):
        missing = [k for k in ("opinion", "text") if k not in table.keys]
        if missing:
            problems += [Problem.bilingual(table.label, table.header_row, f"«{COLUMN[k].header}»",
                                 f"thiếu cột «{COLUMN[k].header}»; thêm cột này vào dòng tiêu đề / the column is "
                                 f"missing (got no header «{COLUMN[k].header}»; expected it in row "
                                 f"{table.header_row}, or a mapping for its header with --columns)") for k in missing]
            continue
        for _row, values, source in table.rows():
            record = _record_of(values, source, table, records, reader, problems)
            if record is not None:
                record.rows.append((values, source))
            else:  # its own cells are still read, so that their problems come now too
                for key in values:
                    reader.value(key, values, source)
    sessions = _sessions(records, reader, problems)
    return Imported(sessions, sorted(problems), ignored)


def _session_values(reader: _Reader, values: dict, source: Source) -> dict:
    return {key: reader.value(key, values, source) for key in SESSION_KEYS if key in values}


def _record_of(values, source, table, records, reader, problems) -> _SessionRecord | None:
    """The session an item row belongs to: by its «Buổi đối thoại» cell, by its own session
    columns (a .csv), by its sheet's name, or the only session there is."""
    named = values.get("session")
    if named is not None:
        found = _find_record(records, named)
        if found is not None:
            return found
        if "date" not in values:
            known = ", ".join(r.key or _record_day(r) for r in records)
            vi = f"ghi mã hoặc ngày của một buổi: {known}" if known else \
                f"thêm trang «{SESSIONS_SHEET}» ghi buổi này (ngày, tên, địa điểm…)"
            en = f"the id or date of a row of sheet «{SESSIONS_SHEET}»: {known}" if known else \
                f"a sheet «{SESSIONS_SHEET}» with a row for this session (its date, title, place…)"
            problems.append(problem(source, "session", f"không có buổi «{named}» trong bảng tính; {vi}",
                                    f"no such session in the workbook (got {_shown(named)}; expected {en})"))
            return None
    if "date" in values:
        key = str(named or "")
        own = _session_values(reader, values, source)
        for record in records:
            if record.source.where == source.where and record.key == key and record.values.get("date") == own.get("date"):
                return record
        records.append(_SessionRecord(key, own, source))
        return records[-1]
    found = _find_record(records, table.grid.name)
    if found is None and len(records) == 1:
        found = records[0]
    if found is None:
        problems.append(problem(source, "session", "không rõ dòng thuộc buổi đối thoại nào; thêm cột "
                                f"«{COLUMN['session'].header}» ghi mã hoặc ngày của buổi, hoặc đặt tên trang theo mã buổi",
                                f"the row belongs to no session (got no «{COLUMN['session'].header}» cell, and the "
                                f"sheet's name {table.grid.name!r} names no session; expected a column "
                                f"«{COLUMN['session'].header}» with the session's id or date, or one sheet per "
                                "session named after it)"))
    return found


def _record_day(record: _SessionRecord) -> str:
    day = record.values.get("date")
    return day.isoformat() if isinstance(day, dt.date) else "?"


def _find_record(records, named) -> _SessionRecord | None:
    text = named.isoformat() if isinstance(named, dt.date) else str(named).strip()
    by_key = [r for r in records if r.key and r.key == text]
    if by_key:
        return by_key[0]
    day = _date(named) if not isinstance(named, dt.date) else named
    if day is None and re.fullmatch(r"\d{1,2}-\d{1,2}-\d{4}", text):  # a sheet name cannot hold '/'
        day = _date(text)
    same_day = [r for r in records if day is not None and r.values.get("date") == day]
    return same_day[0] if len(same_day) == 1 else None


def _sessions(records: list[_SessionRecord], reader: _Reader, problems: list[Problem]) -> list[ImportedSession]:
    sessions, taken = [], set()
    for record in records:
        ident = record.key or _made_id(record)
        if not ident:
            problems.append(problem(record.source, "date", "buổi đối thoại không có mã và ngày; ghi ngày đối thoại",
                                    "the session has neither an id nor a date (got neither; expected its date, "
                                    "from which its id is made, or its id)"))
            continue
        base, number = ident, 2
        while ident in taken:  # two sessions of one day in one commune
            ident, number = f"{base}-{number}", number + 1
        taken.add(ident)
        session = ImportedSession(ident, {}, record.source)
        opinions = _opinions(record.rows, session, reader, problems)
        session.data = _ordered(rules.SESSION_FIELDS, {**record.values, "opinions": opinions})
        sessions.append(session)
    return sessions


def _made_id(record: _SessionRecord) -> str:
    values, day = record.values, record.values.get("date")
    if not isinstance(day, dt.date):
        return ""
    return f"{day.isoformat()}-{values.get('commune') or values.get('body') or values.get('audience') or 'doi-thoai'}"


def _ordered(fields, values: dict) -> dict:
    """The values in the contract's order, the empty ones left out (the build's checks say what is
    missing), but a session's list of opinions, empty while it is announced."""
    return {f.name: values[f.name] for f in fields
            if values.get(f.name) not in (None, "", []) or (f.name == "opinions" and f.name in values)}


def _opinions(rows, session: ImportedSession, reader: _Reader, problems: list[Problem]) -> list[dict]:
    opinions: list[dict] = []
    current = last = None  # the opinion and the item the rows are at
    for values, source in rows:
        opinion_no = reader.value("opinion", values, source)
        item_no = reader.value("item", values, source) if "item" in values else None
        unreadable = opinion_no is None and "opinion" in values  # said already: a new opinion all the same
        continues = not unreadable and (opinion_no is None or (current is not None and opinion_no == current[NUMBER]))
        if not continues:
            current = {NUMBER: opinion_no, "speaker": reader.value("speaker", values, source), "items": []}
            opinions.append(current)
            last = None
        elif current is None:
            problems.append(problem(source, "opinion", "dòng đầu tiên của buổi chưa có số thứ tự ý kiến; ghi STT",
                                    "the session's first row has no opinion number (got an empty cell; expected "
                                    "a number, e.g. 1)"))
            continue
        own = set(values) - set(SESSION_KEYS) - {"session", "opinion", "speaker"}
        if own == {"text"} and last is not None and opinion_no is None and not unreadable:
            last["text"] += "\n\n" + reader.value("text", values, source)
            continue
        if last is not None and item_no is not None and item_no == last[NUMBER]:
            _add_response(session, current, last, values, source, reader)  # another answer to the same item
            continue
        last = _item(values, source, reader, item_no if item_no is not None else len(current["items"]) + 1)
        current["items"].append(last)
        session.item_sources[(len(opinions), len(current["items"]))] = source
        _add_response(session, current, last, values, source, reader)
    return opinions


def _item(values, source, reader, number) -> dict:
    read = {key: reader.value(key, values, source) for key in ("topic", "text", "handling", "agency", "due", "answer")}
    return _ordered(rules.ITEM_FIELDS, {NUMBER: number, **read})


def _add_response(session, opinion, item, values, source, reader) -> None:
    if not any(key in values for key in RESPONSE_KEYS):
        return
    read = {key: reader.value(key, values, source) for key in RESPONSE_KEYS}
    number = f"{opinion[NUMBER]}.{item[NUMBER]}"
    data = _ordered(rules.RESPONSE_FIELDS, {
        "item": f"{session.id}/{number}", "date": read["response_date"],
        "agency": read["response_agency"] or item.get("agency"), "outcome": read["outcome"],
        "document": read["document"], "extended_due": read["extended_due"], "reason": read["reason"]})
    session.responses.append(ImportedResponse(session.id, number, data, read["response_text"] or "", source))
