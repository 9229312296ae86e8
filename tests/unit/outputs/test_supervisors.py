"""The supervisors' workbook /du-lieu/noi-dung.xlsx: Vietnamese headers, the header row frozen and
filtered, dates as date cells and day counts as numbers, the items table's values, and one sheet
per agency holding exactly its outstanding items, longest overdue first."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from helpers import ROOT
from pelican.plugins.congkhai.build.fingerprint import Fingerprinter
from pelican.plugins.congkhai.build.rowcache import RowCache
from pelican.plugins.congkhai.content.model import build_content
from pelican.plugins.congkhai.content.reading import read_tree
from pelican.plugins.congkhai.outputs import exports, office, supervisors
from pelican.plugins.congkhai.site.views import SiteView


@pytest.fixture(scope="module")
def view():
    return SiteView(build_content(read_tree(ROOT / "content")), dt.date(2018, 7, 5))


@pytest.fixture(scope="module")
def book(view):
    return openpyxl.load_workbook(io.BytesIO(supervisors.workbook(view, {})))


def test_every_item_with_vietnamese_headers_frozen_and_filtered(book, view):
    sheet = book[supervisors.ALL_SHEET]
    assert [c.value for c in sheet[1]] == [c.header for c in supervisors.COLUMNS]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:R{len(view.items) + 1}"
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == [item.id for item in view.items]


def test_dates_are_date_cells_and_day_counts_numbers_equal_to_the_items_table(book, view):
    sheet = book[supervisors.ALL_SHEET]
    headers = [c.value for c in sheet[1]]
    rows = {r["id"]: r for r in exports.item_rows(view)}
    for row in sheet.iter_rows(min_row=2):
        cell = dict(zip(headers, row))
        expected = rows[cell["Mã nội dung"].value]
        assert cell["Ngày đối thoại"].is_date and cell["Ngày đối thoại"].number_format == supervisors.DATE_FORMAT
        assert cell["Ngày đối thoại"].value.date() == expected["date"]
        assert cell["Số ngày quá hạn"].value == expected["days_late"] and cell["Số ngày quá hạn"].data_type == "n"
        assert cell["Số ngày giải quyết trễ"].value == expected["resolved_late"]
        resolved = cell["Ngày giải quyết xong"].value
        assert (resolved.date() if resolved else None) == expected["resolved_date"]
    late = [r for r in rows.values() if r["resolved_late"]]
    assert late, "the sample has items resolved after their deadline"


def test_one_sheet_per_agency_holds_its_outstanding_items_longest_overdue_first(book, view):
    groups = [g for g in view.groups["agency"] if g.figures.outstanding]
    assert book.sheetnames == [supervisors.ALL_SHEET] + supervisors.sheet_names([g.name for g in groups])
    for group, name in zip(groups, book.sheetnames[1:]):
        sheet = book[name]
        ids = [row[0].value for row in sheet.iter_rows(min_row=2)]
        assert len(ids) == group.figures.outstanding
        late = [view.status[i].days_late for i in ids]
        overdue = [d for d in late if d]
        assert overdue == sorted(overdue, reverse=True) and late[:len(overdue)] == overdue


def test_sheet_names_are_ones_excel_accepts_each_once():
    long = "Phòng Tài nguyên và Môi trường huyện Hàm Tân"
    assert supervisors.sheet_names([long, long, "Sở [cũ]: A/B"]) == [
        long[:31], long[:27] + " (2)", "Sở -cũ-- A-B"]


def test_two_builds_give_the_same_bytes(view):
    assert supervisors.workbook(view, {}) == supervisors.workbook(view, {})


def test_rows_kept_between_builds_give_a_clean_builds_bytes_and_only_a_changed_row_is_made_again(view, tmp_path):
    # Each item's row is kept on disk under its digest, without its row number or its cells'
    # styles, and each sheet's deflated chunks under their bytes: put together again, it is the
    # workbook a build without kept rows makes.
    clean = supervisors.workbook(view, {})
    first = RowCache(tmp_path / "rows-data.pickle", b"site", Fingerprinter().digest)
    assert supervisors.workbook(view, {}, first) == clean
    first.save()
    assert first.made > len(view.items) and first.reused > 0  # an outstanding item's row made once for two sheets
    again = RowCache(tmp_path / "rows-data.pickle", b"site", Fingerprinter().digest)
    assert supervisors.workbook(view, {}, again) == clean
    assert again.made == 0
    again.save()
    # One item's digest new (as when its answer is edited): its row alone is made again, and one
    # chunk of each sheet it is on deflated again.
    edited = next(item for item in view.items if view.status_of(item).outstanding)
    digest = Fingerprinter().digest
    third = RowCache(tmp_path / "rows-data.pickle", b"site",
                     lambda value: digest(value) + (b"edited" if value is edited else b""))
    assert supervisors.workbook(view, {}, third) == clean
    assert third.made == 1
    assert openpyxl.load_workbook(io.BytesIO(clean))[supervisors.ALL_SHEET].max_row == len(view.items) + 1


# What openpyxl writes for the same cells, the way the workbook was first written: every cell an
# openpyxl cell, appended row by row. sheet_rows must give the same package, byte for byte.
EDGE_COLUMNS = (supervisors.Column("Văn bản", None), supervisors.Column("Ngày", None, "date"),
                supervisors.Column("Số", None, "number"), supervisors.Column("Ghi chú", None))
EDGE_ROWS = [
    ["Đất đai & <thủy lợi> \"x\" 'y'", dt.date(2018, 7, 5), 0, "=HYPERLINK(\"http://a\")"],
    [" khoảng trắng đầu", dt.date(1900, 1, 15), -3, "+1"],
    ["cuối \r\ndòng\t", None, True, "-2"],
    ["", "", None, "@tên"],
    ["\tthẻ", "05/7/2018", 12345678901234567890, "chữ 😀 ngoài BMP"],
    ["d" * 40000, dt.date(2026, 12, 31), False, "'trích"],
]


def _package(rows_writer) -> bytes:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    book = openpyxl.Workbook(write_only=True)
    for name in ("Một", "Hai"):
        sheet = book.create_sheet(name)
        header = []
        for column in EDGE_COLUMNS:
            cell = WriteOnlyCell(sheet)
            supervisors.put(cell, column.header)
            cell.font = Font(bold=True)
            header.append(cell)
        sheet.append(header)
        rows_writer(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_rows_are_the_xml_openpyxl_writes_for_the_same_cells():
    from openpyxl.cell import WriteOnlyCell

    def by_openpyxl(sheet):
        for values in EDGE_ROWS:
            sheet.append([supervisors._cell(sheet, column, value, WriteOnlyCell)
                          for column, value in zip(EDGE_COLUMNS, values)])

    bodies = []
    ours = _package(lambda sheet: bodies.append(supervisors.sheet_rows(sheet, EDGE_COLUMNS, EDGE_ROWS)))
    day = dt.date(2018, 7, 5)
    expected = office.members(_package(by_openpyxl))
    found = supervisors.with_rows(office.members(ours), bodies)
    assert [name for name, _ in found] == [name for name, _ in expected]
    for (name, data), (_, wanted) in zip(found, expected):
        if name != "docProps/core.xml":  # the time of each save, which office.write replaces
            assert data == wanted, name
    assert office.write(found, day) == office.write(expected, day)
    assert b' xml:space="preserve"' in dict(found)["xl/worksheets/sheet1.xml"]


def test_a_value_no_cell_is_written_for_is_refused_naming_its_column():
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Một")
    with pytest.raises(TypeError) as refused:
        supervisors.sheet_rows(sheet, EDGE_COLUMNS, [["a", None, 1.5, "b"]])
    assert str(refused.value) == "column 'Số': no cell is written for a float (1.5)"


def test_a_control_character_is_refused_as_openpyxl_refuses_it():
    from openpyxl.cell.cell import IllegalCharacterError
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Một")
    with pytest.raises(IllegalCharacterError) as refused:
        supervisors.sheet_rows(sheet, EDGE_COLUMNS, [["a\x07b"]])
    assert str(refused.value) == "a\x07b cannot be used in worksheets."


def test_a_member_deflated_as_its_pieces_come_is_the_member_deflated_whole():
    """office.write_to deflates a sheet's rows as they come (from a temporary file): the package
    is byte for byte the one office.write makes of the same member joined."""
    rows = [f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>Đường {n}</t></is></c></row>'.encode() for n in range(20_000)]
    head, tail = b"<worksheet><sheetData>", b"</sheetData></worksheet>"
    parts = [("docProps/core.xml", b"<dcterms:created>2026</dcterms:created>"), ("xl/worksheets/sheet1.xml", None)]
    whole = office.write([(name, data if data is not None else head + b"".join(rows) + tail) for name, data in parts],
                         dt.date(2018, 7, 5))
    streamed = io.BytesIO()
    office.write_to(streamed, [(name, [data] if data is not None else iter([head, *rows, tail])) for name, data in parts],
                    dt.date(2018, 7, 5))
    assert streamed.getvalue() == whole


def test_the_data_files_give_the_workbook_written_as_it_is_made(view):
    from pelican.plugins.congkhai.build import families as file_families
    from pelican.plugins.congkhai.outputs import opendata

    given = dict(opendata.data_files(view, {}))[supervisors.PATH]
    assert isinstance(given, file_families.Streamed)
    assert file_families.whole(given) == supervisors.workbook(view, {})
