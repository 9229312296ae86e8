"""The printable report: its list of overdue items with their agencies, and its QR code.

Pure: imports content/, domain/, site/ and build/ only; never Pelican. The QR code is drawn at
build time as inline SVG (no image file, no network, crisp at any print size). It encodes the
report's absolute address when SITEURL is set; a preview build (SITEURL empty) can only encode
the path, and the page says so.

The symbol comes from zxing-cpp's writer (zint's encoder, compiled): about 0.3 ms a code where a
pure-Python encoder takes 1.5 ms with one fixed mask and 3 ms choosing among the eight, and the
two-language periodic reports need one per page (tens of thousands in a province). The writer
chooses the mask by the standard's penalty score, as the standard asks. This module draws the
SVG from the symbol's modules itself, one path of horizontal strokes, so that what the page
embeds is only markup written here (tests/unit/site/test_printable.py decodes it as a phone
would, and holds the symbol to an independent encoder's of the same mask).
"""

from __future__ import annotations

from dataclasses import dataclass

import re
from html import escape

import zxingcpp

from ..content.model import Item
from ..domain.status import OVERDUE, ItemStatus


@dataclass(frozen=True)
class OverdueRow:
    item: Item
    status: ItemStatus
    agency: str  # id of the agency the item waits on ("" if none is known)


@dataclass(frozen=True)
class QrCode:
    svg: str  # inline <svg>, safe to embed (written here; the title is escaped)
    target: str  # what the code encodes
    absolute: bool  # False in a preview build: the code holds a path, not a full address


def overdue_count(entry) -> int:
    """How many of the report's items were overdue as of its own day (the rows of overdue_rows)."""
    return sum(1 for status in entry.status.values() if status.state == OVERDUE)


def overdue_rows(view, entry) -> list[OverdueRow]:
    """The report's overdue items as of its own day, longest late first, with who owes the answer."""
    agency_of = view.grouping("agency", entry.status, entry.report.as_of)
    rows = [OverdueRow(view.content.items[item_id], status, agency_of(view.content.items[item_id]))
            for item_id, status in entry.status.items() if status.state == OVERDUE]
    return sorted(rows, key=lambda r: (-r.status.days_late, r.item.session_id, r.item.opinion_no, r.item.no))


QR_SCALE = 4  # pixels of the SVG's own size per module; the print style scales it
QR_BORDER = 2  # light modules around the symbol: its quiet zone on paper


def qr_modules(address: str) -> list[bytes]:
    """The symbol's rows, error correction level M: one byte per module, 0 dark, 255 light."""
    code = zxingcpp.create_barcode(address, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = memoryview(code.to_image(scale=1, add_quiet_zones=False))
    side = image.shape[0]
    flat = bytes(image.cast("B"))
    return [flat[row * side:(row + 1) * side] for row in range(side)]


_DARK_RUN = re.compile(rb"\x00+")


def _path(rows: list[bytes], border: int) -> str:
    """Dark runs as strokes of one module's height: each starts at the middle of its row, every
    move relative to where the last stroke ended, as compact as the symbol allows.

    The rows are searched as one string, a light module between them so that no run crosses
    into the next row; a run's row and column follow from its place in it. Each move is then
    the run's start less the last run's end, less a whole line (w) per row it goes down."""
    w = len(rows[0]) + 1
    runs = [run.span() for run in _DARK_RUN.finditer(b"\xff".join(rows))]
    lines = [start // w for start, _ in runs]
    start, end = runs[0]
    first = f"M{start - lines[0] * w + border} {lines[0] + border}.5h{end - start}"
    return first + "".join([f"m{start - last_end - (line - last_line) * w} {line - last_line}h{end - start}"
                            for (start, end), line, (_, last_end), last_line
                            in zip(runs[1:], lines[1:], runs, lines)])


def qr_code(address: str, title: str = "") -> QrCode:
    """A QR code of the page's address; `address` is what the url() template helper returned."""
    rows = qr_modules(address)
    outer = len(rows) + 2 * QR_BORDER
    pixels = outer * QR_SCALE
    svg = (f'<svg width="{pixels}" height="{pixels}" class="qr-code"><title>{escape(title or address)}</title>'
           f'<g transform="scale({QR_SCALE})"><path fill="#fff" d="M0 0h{outer}v{outer}h-{outer}z"/>'
           f'<path class="qr-line" stroke="#000" d="{_path(rows, QR_BORDER)}"/></g></svg>')
    return QrCode(svg, address, address.startswith(("http://", "https://")))
