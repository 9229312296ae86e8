"""The CSV cell rule (outputs/spreadsheet.py): OWASP's formula starts get a single quote,
every text cell is quoted, numbers of numeric columns stay numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from pelican.plugins.congkhai.outputs import exports
from pelican.plugins.congkhai.outputs.spreadsheet import FORMULA_STARTS, number_cell, text_cell


@pytest.mark.parametrize("text, cell", [
    ('=HYPERLINK("http://evil")', '"\'=HYPERLINK(""http://evil"")"'),
    ("@SUM(1)", '"\'@SUM(1)"'),
    ("+1", '"\'+1"'),
    ("-1+1", '"\'-1+1"'),
    ("\tDanh sách", '"\'\tDanh sách"'),
    ("\rDòng", '"\'\rDòng"'),
    ("\nDòng", '"\'\nDòng"'),
    ("'=1+1", '"\'\'=1+1"'),  # its own quote kept: the cell reads back as written
    # OWASP's two examples, written exactly as its table gives them.
    ('=1+2";=1+2', '"\'=1+2"";=1+2"'),
    ("=1+2'\" ;,=1+2", '"\'=1+2\'"" ;,=1+2"'),
])
def test_a_cell_that_starts_like_a_formula_gets_a_single_quote_and_is_quoted(text, cell):
    assert text_cell(text) == cell


@pytest.mark.parametrize("text", ["Đề nghị sửa đường", "a,=1+1", "a;=1+1", 'nói "=1+1"', "x\n=1+1",
                                  "", " =1", "１+1", "2018-07-05", "https://congkhai.example.vn/noi-dung/"])
def test_any_other_text_is_kept_and_quoted_so_no_separator_inside_starts_a_cell(text):
    cell = text_cell(text)
    assert cell == '"' + text.replace('"', '""') + '"'
    for delimiter in ",;":  # a spreadsheet may split on either
        assert list(csv.reader(io.StringIO(cell), delimiter=delimiter)) in ([[text]], [])


def test_owasps_characters_are_the_formula_starts():
    assert FORMULA_STARTS == {"=", "+", "-", "@", "\t", "\r", "\n"}


@pytest.mark.parametrize("text", ["=1+1", "'=1+1", "''", "'", "-3", "Đường", "", "@a'b"])
def test_a_text_cell_reads_back_as_written_once_one_leading_quote_is_dropped(text):
    (value,) = next(csv.reader(io.StringIO(text_cell(text), newline="")))
    assert (value[1:] if value.startswith("'") else value) == text


@pytest.mark.parametrize("value, cell", [(-3, "-3"), (0, "0"), (12, "12"), (None, ""), (True, "1"), (False, "0"),
                                         ("-1+1", '"\'-1+1"'), (1.5, '"1.5"')])
def test_a_number_stays_a_number_and_anything_else_in_a_numeric_column_is_text(value, cell):
    assert number_cell(value) == cell


COLUMNS = (exports.Column("text", "string", ""), exports.Column("day", "date", ""),
           exports.Column("days_late", "integer", ""), exports.Column("announced", "boolean", ""),
           exports.Column("url", "url", ""))


def test_csv_rows_neutralise_text_cells_and_keep_numbers():
    rows = [{"text": "=HYPERLINK(\"http://evil\")", "day": dt.date(2018, 7, 5), "days_late": -3,
             "announced": False, "url": "/noi-dung/x/"},
            {"text": None, "day": None, "days_late": None, "announced": True, "url": ""}]
    data = exports.to_csv(COLUMNS, rows)
    assert data.decode("utf-8-sig").split("\r\n") == [
        '"text","day","days_late","announced","url"',
        '"\'=HYPERLINK(""http://evil"")","2018-07-05",-3,0,"/noi-dung/x/"',
        ',,,1,""',
        ""]
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert parsed[1] == ["'=HYPERLINK(\"http://evil\")", "2018-07-05", "-3", "0", "/noi-dung/x/"]


def test_the_numeric_columns_of_the_data_files_hold_numbers_so_they_are_written_as_numbers():
    """A column declared integer or boolean holds ints (or none) in every row of the small
    fixture: none of its cells falls back to text; no text column holds a number."""
    from helpers import FIXTURES
    from pelican.plugins.congkhai.content.model import build_content
    from pelican.plugins.congkhai.content.reading import read_tree
    from pelican.plugins.congkhai.site.views import SiteView

    view = SiteView(build_content(read_tree(FIXTURES / "small" / "content")), dt.date(2018, 7, 5))
    for table, columns in exports.TABLES.items():
        rows = exports.table_rows(view, table)
        assert rows, table
        for column in columns:
            kinds = {type(row[column.name]) for row in rows} - {type(None)}
            expected = {int, bool} if column.type in ("integer", "boolean") else {str, dt.date}
            assert kinds <= expected, (table, column.name, kinds)
