"""CSV cells a spreadsheet reads as the data they hold, never as a formula (CSV injection).

Pure: imports nothing. The CSV files (exports.py) are opened by double-click in Excel,
LibreOffice or Google Sheets, which evaluate a cell that starts like a formula: an
editor's text `=HYPERLINK("http://…")` would become a live link, `=WEBSERVICE(…)` a request.

The rule is OWASP's, «CSV Injection», https://owasp.org/www-community/attacks/CSV_Injection
(the page as of OWASP/www-community 0e5e8f0): "ensure that no cells begin with any of the
following characters: Equals to (=), Plus (+), Minus (-), At (@), Tab (0x09), Carriage
return (0x0D), Line feed (0x0A)"; and "take care of the field separator (e.g., ',', or
';') and quotes (e.g., ', or "), as attackers could use this to start a new cell and then
have the dangerous character in the middle of the user input, but at the beginning of a
cell". Its sanitisation: "Wrap each cell field in double quotes", "Prepend each cell field
with a single quote", "Escape every double quote using an additional double quote". So:

- every text cell is wrapped in double quotes, its double quotes doubled: no separator or
  quote inside it can start a new cell, whichever separator the spreadsheet splits on (a
  comma, or a semicolon where the decimal separator is a comma);
- a text cell that begins with one of OWASP's characters gets a single quote before it,
  which the spreadsheet reads as «this cell is text» and does not show. So does a text that
  itself begins with a single quote (Excel would hide its own), so the rule reads back
  exactly: a text cell that begins with ' had one added. Other text cells are left as
  they are: a single quote before every cell would reach every program that reads the data;
- a number (a column declared `integer` or `boolean`, exports.Column) is written as a
  number, unquoted: a day count of -3 is the number -3, which a spreadsheet must read as
  one. Only a Python int can be written so; anything else in such a column is text.

The JSON files carry the same values as written: JSON is not opened as a spreadsheet.
"""

from __future__ import annotations

# OWASP's list: = + - @, tab, carriage return, line feed.
FORMULA_STARTS = frozenset("=+-@\t\r\n")
QUOTED_STARTS = FORMULA_STARTS | {"'"}  # the cells that get a single quote before them
NUMERIC_TYPES = frozenset({"integer", "boolean"})  # exports.TYPES written as numbers


def text_cell(text: str) -> str:
    """One CSV field holding `text` as text: quoted, with a single quote before a formula start."""
    if text and text[0] in QUOTED_STARTS:
        text = "'" + text
    return '"' + text.replace('"', '""') + '"'


def number_cell(value) -> str:
    """One CSV field holding a number of a numeric column: unquoted digits, 1/0 for a boolean,
    empty for none; any other value is text (text_cell)."""
    if value is None:
        return ""
    if value is True or value is False:
        return "1" if value else "0"
    if type(value) is int:
        return int.__repr__(value)
    return text_cell(str(value))


def put(cell, value) -> None:
    """Write a value into an openpyxl cell as the data it is, never as a formula.

    openpyxl stores a string that begins with '=' as a formula; here every str is a text cell,
    and one that begins like a formula (OWASP's characters) is also marked «quote prefix», what
    Excel and LibreOffice set when one types '=1: shown as written and kept text when edited.
    Numbers (int, float) and dates stay numbers and dates; a bool is a number, 1 or 0."""
    if isinstance(value, bool):
        value = int(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value[:1] in FORMULA_STARTS:
            cell.quotePrefix = True
