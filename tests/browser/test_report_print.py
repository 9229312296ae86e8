"""The 2018-07-05 report prints on A4 in headless Chromium with its QR code on the first sheet."""

from __future__ import annotations

import re

REPORT = "/bao-cao/2018-07-05/"
A4_POINTS = (595.92, 842.88)  # 210 × 297 mm in points, as Chromium rounds it
A4_HEIGHT_PX = 1123  # 297 mm at 96 CSS px per inch


def test_report_prints_on_a4_with_its_qr_code(page, sample_server, tmp_path):
    page.goto(sample_server.url + REPORT)
    page.emulate_media(media="print")
    qr = page.locator(".report-qr svg")
    assert qr.count() == 1 and qr.is_visible()
    box = qr.bounding_box()
    # Big enough to scan from a notice board (40 mm ≈ 151 px), and on the first sheet.
    assert box["width"] >= 140 and box["height"] >= 140
    assert box["y"] + box["height"] < A4_HEIGHT_PX
    # The code holds the report's path (a preview build: SITEURL is empty) and says so.
    assert page.locator(".report-qr-target").inner_text() == REPORT
    assert page.locator(".report-qr-warning").is_visible()
    # Navigation and controls are not printed; the overdue list is.
    assert not page.locator(".site-nav").is_visible()
    assert page.locator("table.overdue-list tbody tr").count() == 82

    pdf = page.pdf(format="A4", print_background=False)
    (tmp_path / "report.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF-")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert pages >= 2 and len(boxes) >= pages
    assert {(round(float(w), 2), round(float(h), 2)) for w, h in boxes} == {A4_POINTS}
    assert page.foreign_requests == []


def test_qr_code_encodes_the_absolute_address_when_siteurl_is_set():
    from pelican.plugins.congkhai.site.printable import qr_code

    code = qr_code("https://congkhai.example.vn/bao-cao/2018-07-05/")
    assert code.absolute and code.svg.startswith("<svg") and 'class="qr-code"' in code.svg
    assert not qr_code("/bao-cao/2018-07-05/").absolute
