"""The built sample publishes the office formats: the tracking template beside the open data,
and a Word copy of the 2018-07-05 report whose sentence and figures are the report page's."""

from __future__ import annotations

import io
import re

import docx
import openpyxl

from helpers import page_text
from pelican.plugins.congkhai.content import sheets


def test_the_2018_report_is_published_as_a_word_document_with_the_pages_figures(sample_site):
    document = docx.Document(io.BytesIO((sample_site / "bao-cao" / "2018-07-05" / "bao-cao.docx").read_bytes()))
    paragraphs = [p.text for p in document.paragraphs]
    page = page_text(sample_site, "bao-cao/2018-07-05/")
    [sentence] = [p for p in paragraphs if p.startswith("Từ tháng 12/2015 đến tháng 6/2018")]
    assert sentence in page
    assert re.search(r"đã giải quyết xong 454/577 nội dung, tồn 123 nội dung, trong đó có 41 nội dung", sentence)
    topics = document.tables[1]
    assert sum(int(row.cells[1].text) for row in topics.rows[1:]) == 577
    assert sum(int(row.cells[2].text) for row in topics.rows[1:]) == 454
    html = (sample_site / "bao-cao" / "2018-07-05" / "index.html").read_text(encoding="utf-8")
    assert 'href="/bao-cao/2018-07-05/bao-cao.docx" download>' in html


def test_each_bodys_periodic_report_has_its_word_copy_linked_from_its_page(sample_site):
    reports = sample_site / "don-vi" / "huyen-ham-tan" / "bao-cao"
    pages = sorted(p.parent for p in reports.glob("*/index.html"))
    assert pages and all((page / "bao-cao.docx").is_file() for page in pages)
    html = (pages[0] / "index.html").read_text(encoding="utf-8")
    assert f'href="/don-vi/huyen-ham-tan/bao-cao/{pages[0].name}/bao-cao.docx" download>' in html


def test_the_tracking_template_is_published_with_the_open_data(sample_site):
    book = openpyxl.load_workbook(sample_site / "du-lieu" / "mau-theo-doi.xlsx")
    assert book.sheetnames == [sheets.SESSIONS_SHEET, sheets.ITEMS_SHEET, sheets.LISTS_SHEET]
    assert "mau-theo-doi.xlsx" in page_text(sample_site, "du-lieu/")
