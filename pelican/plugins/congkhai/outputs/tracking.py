"""The tracking workbook: the template clerks fill in (/du-lieu/mau-theo-doi.xlsx), and the
content written in the same form (what `invoke import-sheet` reads back).

Pure: imports content/ and outputs/spreadsheet.py; openpyxl writes the file; never Pelican.
Its columns are content/sheets.COLUMNS, so the template, the export and the import cannot
drift apart. Three sheets: «Buổi đối thoại» (one row per session), «Theo dõi» (one row per
item, and one more per further response), «Danh mục» (the lists the drop-downs offer: topics,
agencies, communes, bodies by name, and the labels of handling, outcome and audience). Date
columns are date cells (dd/mm/yyyy), numbers are numbers, and every text goes through
spreadsheet.put, so no cell is ever a formula.
"""

from __future__ import annotations

import datetime as dt
import io

from ..content import sheets
from ..content.model import Content
from ..vietnamese import sort_key
from .office import stable
from .spreadsheet import put

TEMPLATE_PATH = "du-lieu/mau-theo-doi.xlsx"
DATE_FORMAT = "DD/MM/YYYY"
ROWS = 500  # rows of the template that carry the drop-downs and the date format
LIST_KINDS = ("topic", "agency", "commune", "body", "handling", "outcome", "audience")
LIST_TITLES = {"topic": "Lĩnh vực", "agency": "Cơ quan", "commune": "Xã, thị trấn", "body": "Đơn vị",
               "handling": "Cách xử lý", "outcome": "Kết quả", "audience": "Đối tượng"}


def _lists(content: Content) -> dict[str, list[str]]:
    """The names each drop-down offers, in Vietnamese order (choices in the contract's order)."""
    tables = {"topic": content.topics, "agency": content.agencies, "commune": content.communes,
              "body": content.bodies}
    lists = {kind: sorted((entry.name for entry in table.values()), key=sort_key) for kind, table in tables.items()}
    lists |= {kind: list(sheets.CHOICES[kind].values()) for kind in ("handling", "outcome", "audience")}
    return lists


def workbook(content: Content, day: dt.date, session_rows=(), item_rows=()) -> bytes:
    """The .xlsx bytes as of `day`: the template, with the given rows ({column key: value}) filled in."""
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    lists = _lists(content)
    catalogue = book.active
    catalogue.title = sheets.LISTS_SHEET
    ranges = {}
    for index, kind in enumerate(LIST_KINDS, 1):
        letter = get_column_letter(index)
        put(catalogue.cell(1, index), LIST_TITLES[kind])
        catalogue.cell(1, index).font = Font(bold=True)
        for row, name in enumerate(lists[kind], 2):
            put(catalogue.cell(row, index), name)
        catalogue.column_dimensions[letter].width = 40
        ranges[kind] = f"'{sheets.LISTS_SHEET}'!${letter}$2:${letter}${max(2, len(lists[kind]) + 1)}"
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for title, level, rows in ((sheets.SESSIONS_SHEET, ("session",), session_rows),
                               (sheets.ITEMS_SHEET, ("item", "response"), item_rows)):
        sheet = book.create_sheet(title, 0 if level == ("session",) else 1)
        columns = [c for c in sheets.COLUMNS if c.level in level or (c.key == "session" and "item" in level)]
        for index, column in enumerate(columns, 1):
            cell = sheet.cell(1, index)
            put(cell, column.header)
            cell.font, cell.fill = Font(bold=True), header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.column_dimensions[get_column_letter(index)].width = column.width
        for row, values in enumerate(rows, 2):
            for index, column in enumerate(columns, 1):
                value = values.get(column.key)
                if value not in (None, "", [], ()):
                    put(sheet.cell(row, index), "; ".join(value) if isinstance(value, (list, tuple)) else value)
        last = max(ROWS, len(rows) + 1)
        for index, column in enumerate(columns, 1):
            letter = get_column_letter(index)
            cells = f"{letter}2:{letter}{last}"
            if column.kind.date:
                for row in range(2, last + 1):
                    sheet.cell(row, index).number_format = DATE_FORMAT
                _validate(sheet, DataValidation(type="date", operator="greaterThan", formula1="DATE(1990,1,1)",
                                                allow_blank=True), cells, column)
            elif column.kind.whole:
                _validate(sheet, DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                                                allow_blank=True), cells, column)
            elif column.kind.drop_down:
                _validate(sheet, DataValidation(type="list", formula1=ranges[column.kind.drop_down],
                                                allow_blank=True), cells, column)
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return stable(out.getvalue(), day)


def _validate(sheet, validation, cells: str, column: sheets.Column) -> None:
    validation.error = f"Giá trị không hợp lệ: {column.help}"
    validation.errorTitle = column.header
    validation.prompt = column.help
    validation.promptTitle = column.header
    validation.showErrorMessage = validation.showInputMessage = True
    validation.add(cells)
    sheet.add_data_validation(validation)


def content_rows(content: Content) -> tuple[list[dict], list[dict]]:
    """The content in the tracking form: (session rows, item rows), names where the sheet has names."""
    name = {"topic": content.topics, "agency": content.agencies, "commune": content.communes, "body": content.bodies}

    def named(kind, ident):
        return name[kind][ident].name if ident in name[kind] else ident

    session_rows, item_rows = [], []
    for session in content.sessions:
        session_rows.append({
            "session": session.id, "date": session.date, "title": session.title, "place": session.place,
            "commune": named("commune", session.commune) if session.commune else None,
            "body": named("body", session.body) if session.body else None,
            "audience": sheets.CHOICES["audience"][session.audience], "chairs": session.chairs,
            "attendance": session.attendance, "basis": list(session.basis), "summary": session.summary})
        for opinion in session.opinions:
            for item in opinion.items:
                row = {"session": session.id, "opinion": item.opinion_no, "speaker": opinion.speaker,
                       "item": _number(item), "text": item.text, "topic": named("topic", item.topic),
                       "handling": sheets.CHOICES["handling"][item.handling],
                       "agency": named("agency", item.agency) if item.agency else None, "due": item.due,
                       "answer": item.answer}
                for index, response in enumerate(item.responses or [None]):
                    values = dict(row) if index == 0 else {"session": session.id, "opinion": item.opinion_no,
                                                             "item": _number(item)}
                    if response is not None:
                        values |= _response_values(response, item, named)
                    item_rows.append(values)
    return session_rows, item_rows


def _number(item) -> int:
    return int(item.number.split(".")[1])


def _response_values(response, item, named) -> dict:
    return {"response_date": response.date,
            "response_agency": named("agency", response.agency) if response.agency != item.agency else None,
            "outcome": sheets.CHOICES["outcome"][response.outcome], "document": response.document,
            "response_text": response.body, "extended_due": response.extended_due, "reason": response.reason}

