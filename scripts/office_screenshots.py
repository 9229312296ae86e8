"""Images of the office formats for docs/: the tracking sheet and the Word report, as LibreOffice
renders them. `invoke office-screenshots`; needs soffice (libreoffice-writer-nogui,
libreoffice-calc-nogui) and pdftoppm (poppler-utils). Run by hand when the formats change; the
images are committed, like the page screenshots."""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl
import openpyxl.styles

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pelican.plugins.congkhai.content import sheets  # noqa: E402
from pelican.plugins.congkhai.content.model import build_content  # noqa: E402
from pelican.plugins.congkhai.content.reading import read_tree  # noqa: E402
from pelican.plugins.congkhai.domain import deadlines  # noqa: E402
from pelican.plugins.congkhai.outputs import office, tracking, wordreport  # noqa: E402
from pelican.plugins.congkhai.settings import resolve  # noqa: E402
from pelican.plugins.congkhai.site.views import SiteView  # noqa: E402

SHEET_AREA = "A1:I13"  # the first session's first rows, up to «Thời hạn»


def to_png(source: Path, target: Path, dpi: int, height: float = 1.0) -> None:
    """Page 1 of the document, its top `height` (a share of the page) only."""
    folder = source.parent
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to", "pdf",
                    "--outdir", str(folder), str(source)], check=True, capture_output=True)
    crop = ["-H", str(int(dpi * 8.27 * height))] if height < 1 else []  # landscape A4: 8.27 in high
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-f", "1", "-l", "1", "-singlefile", *crop,
                    str(source.with_suffix(".pdf")), str(target.with_suffix(""))], check=True)


def main(output: Path) -> None:
    content = build_content(read_tree(ROOT / "content"))
    options = resolve({"AS_OF": "2018-07-05",
                       "REPORTS": [{"as_of": "2018-07-05", "start": "2015-12-01", "end": "2018-06-30"}]})
    view = SiteView(content, options["AS_OF"], options["REPORTS"], deadlines.policy_from(options), options)
    sessions, items = tracking.content_rows(content)
    book = openpyxl.load_workbook(io.BytesIO(tracking.workbook(content, office.FIXED_DAY, sessions, items)))
    for name in (sheets.SESSIONS_SHEET, sheets.LISTS_SHEET):
        book.remove(book[name])
    sheet = book[sheets.ITEMS_SHEET]
    sheet.print_area = SHEET_AREA
    sheet.column_dimensions["E"].width = 38  # the text, wrapped on a few lines
    for row in sheet.iter_rows(min_row=2, max_row=13):
        sheet.row_dimensions[row[0].row].height = 42  # a spreadsheet sizes wrapped rows itself; a PDF does not
        for cell in row:
            cell.alignment = openpyxl.styles.Alignment(wrap_text=True, vertical="top")
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_options.gridLines = True
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        book.save(folder / "theo-doi.xlsx")
        to_png(folder / "theo-doi.xlsx", output / "bang-theo-doi.png", 90, 0.8)
        (folder / "bao-cao.docx").write_bytes(wordreport.document(view, view.reports[0]))
        to_png(folder / "bao-cao.docx", output / "bao-cao-word.png", 60)
    for name in ("bang-theo-doi.png", "bao-cao-word.png"):
        print(output / name)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
