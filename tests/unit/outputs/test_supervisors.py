"""The supervisors' workbook /du-lieu/noi-dung.xlsx: Vietnamese headers, the header row frozen and
filtered, dates as date cells and day counts as numbers, the items table's values, and one sheet
per agency holding exactly its outstanding items, longest overdue first."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from helpers import ROOT
from pelican.plugins.congkhai.content.model import build_content
from pelican.plugins.congkhai.content.reading import read_tree
from pelican.plugins.congkhai.outputs import exports, supervisors
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
