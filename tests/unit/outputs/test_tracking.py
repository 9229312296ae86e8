"""The tracking template /du-lieu/mau-theo-doi.xlsx: its sheets and headers are content/sheets.COLUMNS,
its drop-downs offer the site's lists, its date cells are dates, no cell is a formula, and two
builds give the same bytes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest

from helpers import ROOT
from pelican.plugins.congkhai.content import sheets
from pelican.plugins.congkhai.content.model import build_content
from pelican.plugins.congkhai.content.reading import read_tree
from pelican.plugins.congkhai.outputs import office, tracking


@pytest.fixture(scope="module")
def sample():
    return build_content(read_tree(ROOT / "content"))


@pytest.fixture(scope="module")
def book(sample):
    return openpyxl.load_workbook(io.BytesIO(tracking.workbook(sample, office.FIXED_DAY)))


def test_the_template_has_the_sessions_the_items_and_the_lists(book):
    assert book.sheetnames == [sheets.SESSIONS_SHEET, sheets.ITEMS_SHEET, sheets.LISTS_SHEET]
    assert [c.value for c in book[sheets.SESSIONS_SHEET][1]] == [c.header for c in sheets.COLUMNS if c.level == "session"]
    assert [c.value for c in book[sheets.ITEMS_SHEET][1]] == ["Buổi đối thoại"] + [
        c.header for c in sheets.COLUMNS if c.level in ("item", "response")]
    assert book[sheets.ITEMS_SHEET].freeze_panes == "A2"


def test_drop_downs_offer_the_sites_topics_agencies_communes_and_the_handlings(book, sample):
    items = book[sheets.ITEMS_SHEET]
    headers = [c.value for c in items[1]]
    lists = book[sheets.LISTS_SHEET]
    by_cells = {str(v.sqref): v for v in items.data_validations.dataValidation}
    for header, kind in (("Lĩnh vực", "topic"), ("Cơ quan giải quyết", "agency"), ("Cách xử lý", "handling"),
                         ("Kết quả giải quyết", "outcome")):
        letter = openpyxl.utils.get_column_letter(headers.index(header) + 1)
        validation = by_cells[f"{letter}2:{letter}{tracking.ROWS}"]
        assert validation.type == "list" and validation.showDropDown in (None, False)
        source = validation.formula1.split("!")[1].replace("$", "")
        offered = [c.value for row in lists[source] for c in row]
        expected = {"topic": sample.topics, "agency": sample.agencies}.get(kind)
        if expected is not None:
            assert sorted(offered) == sorted(e.name for e in expected.values())
        else:
            assert offered == list(sheets.CHOICES[kind].values())
    communes = book[sheets.SESSIONS_SHEET]
    assert any(v.type == "list" and "Danh mục" in v.formula1 for v in communes.data_validations.dataValidation)


def test_date_columns_are_date_cells(book):
    items = book[sheets.ITEMS_SHEET]
    headers = [c.value for c in items[1]]
    due = items.cell(2, headers.index("Thời hạn") + 1)
    assert due.number_format == tracking.DATE_FORMAT
    assert any(v.type == "date" for v in items.data_validations.dataValidation)


def test_filled_rows_keep_dates_numbers_and_formula_like_text_as_data(sample):
    data = tracking.workbook(sample, office.FIXED_DAY, [], [
        {"session": "x", "opinion": 3, "text": "=HYPERLINK(\"http://x\")", "due": dt.date(2018, 7, 5),
         "speaker": "@cử tri"}])
    sheet = openpyxl.load_workbook(io.BytesIO(data))[sheets.ITEMS_SHEET]
    headers = [c.value for c in sheet[1]]
    cell = {h: sheet.cell(2, i + 1) for i, h in enumerate(headers)}
    assert (cell["STT"].value, cell["STT"].data_type) == (3, "n")
    assert cell["Thời hạn"].value == dt.datetime(2018, 7, 5) and cell["Thời hạn"].is_date
    text = cell["Nội dung ý kiến"]
    assert (text.value, text.data_type, text.quotePrefix) == ('=HYPERLINK("http://x")', "s", True)
    assert cell["Người phản ánh"].quotePrefix


def test_two_builds_give_the_same_bytes(sample):
    assert tracking.workbook(sample, office.FIXED_DAY) == tracking.workbook(sample, office.FIXED_DAY)
    archive = zipfile.ZipFile(io.BytesIO(tracking.workbook(sample, office.FIXED_DAY)))
    assert {info.date_time for info in archive.infolist()} == {office.MEMBER_TIME}
    core = archive.read("docProps/core.xml").decode()
    assert core.count("2015-12-01T00:00:00Z") == 2
