"""The printable report: its list of overdue items with their agencies, and its QR code.

Pure: imports content/, domain/, site/ and build/ only; never Pelican. The QR code is drawn at build time by `segno` as inline
SVG (no image file, no network, crisp at any print size). It encodes the
report's absolute address when SITEURL is set; a preview build (SITEURL
empty) can only encode the path, and the page says so.

Every code uses one fixed mask (`QR_MASK`). Left to itself, segno draws the
symbol with each of the eight masks and keeps the one of the lowest penalty
score (fewest long runs and blocks of one colour): eight symbols drawn for one,
about 3 ms a page of the two-language periodic reports, where one takes under
1 ms. Any of the eight is a valid symbol of the same version and error level
that a reader's phone scans (tests/unit/site/test_printable.py decodes them).
"""

from __future__ import annotations

from dataclasses import dataclass

import segno

from ..content.model import Item
from ..domain.status import OVERDUE, ItemStatus


@dataclass(frozen=True)
class OverdueRow:
    item: Item
    status: ItemStatus
    agency: str  # id of the agency the item waits on ("" if none is known)


@dataclass(frozen=True)
class QrCode:
    svg: str  # inline <svg>, safe to embed (segno writes only its own markup)
    target: str  # what the code encodes
    absolute: bool  # False in a preview build: the code holds a path, not a full address


def overdue_rows(view, entry) -> list[OverdueRow]:
    """The report's overdue items as of its own day, longest late first, with who owes the answer."""
    agency_of = view.grouping("agency", entry.status, entry.report.as_of)
    rows = [OverdueRow(view.content.items[item_id], status, agency_of(view.content.items[item_id]))
            for item_id, status in entry.status.items() if status.state == OVERDUE]
    return sorted(rows, key=lambda r: (-r.status.days_late, r.item.session_id, r.item.opinion_no, r.item.no))


QR_MASK = 2  # vertical stripes every third column: the mask segno's scoring picks for most report addresses


def qr_code(address: str, title: str = "") -> QrCode:
    """A QR code of the page's address; `address` is what the url() template helper returned."""
    code = segno.make(address, error="m", mask=QR_MASK)
    svg = code.svg_inline(scale=4, border=2, dark="#000", light="#fff", title=title or address,
                          svgclass="qr-code", lineclass="qr-line")
    return QrCode(svg, address, address.startswith(("http://", "https://")))
