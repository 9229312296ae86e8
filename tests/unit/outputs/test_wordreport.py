"""The report as a Word document (outputs/wordreport.py), read back with python-docx: A4, the
decree's margins, Times New Roman for every script, 6 pt after paragraphs, page numbers from
page 2, the heading of a People's Committee (Nghị định 30/2020) or of a Party committee
(Hướng dẫn 36-HD/VPTW), and the report page's own sentence and figures; then LibreOffice opens
it and writes a PDF."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import shutil
import subprocess

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from helpers import ROOT
from pelican.plugins.congkhai.content.model import build_content
from pelican.plugins.congkhai.content.reading import read_tree
from pelican.plugins.congkhai.domain import deadlines
from pelican.plugins.congkhai.outputs import wordreport
from pelican.plugins.congkhai.settings import resolve
from pelican.plugins.congkhai.site.pages import reports_block
from pelican.plugins.congkhai.site.views import SiteView
from pelican.plugins.congkhai.vietnamese import number

REPORT = {"as_of": "2018-07-05", "start": "2015-12-01", "end": "2018-06-30"}


@pytest.fixture(scope="module")
def content():
    return build_content(read_tree(ROOT / "content"))


def view_of(content, **report):
    options = resolve({"AS_OF": "2018-07-05", "REPORTS": [REPORT | report]})
    return SiteView(content, options["AS_OF"], options["REPORTS"], deadlines.policy_from(options), options)


@pytest.fixture(scope="module")
def state(content):
    view = view_of(content)
    return view, docx.Document(io.BytesIO(wordreport.document(view, view.reports[0])))


@pytest.fixture(scope="module")
def party(content):
    view = view_of(content, issuer="dang")
    return view, docx.Document(io.BytesIO(wordreport.document(view, view.reports[0])))


def texts(document) -> list[str]:
    """Every paragraph's text, the tables' cells included, in order."""
    found = []
    for block in document.element.body.iter(qn("w:p")):
        found.append("".join(t.text or "" for t in block.iter(qn("w:t"))))
    return [t for t in found if t]


def test_the_page_is_a4_with_margins_in_the_decrees_ranges(state):
    section = state[1].sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1) and abs(section.page_height - Mm(297)) < Mm(0.1)  # in twips
    assert Mm(20) <= section.top_margin <= Mm(25) and Mm(20) <= section.bottom_margin <= Mm(25)
    assert Mm(30) <= section.left_margin <= Mm(35) and Mm(15) <= section.right_margin <= Mm(20)


def test_times_new_roman_for_every_script_14_pt_and_6_pt_after_paragraphs(state):
    normal = state[1].styles["Normal"]
    fonts = normal.element.rPr.rFonts
    assert {script: fonts.get(qn(f"w:{script}")) for script in ("ascii", "hAnsi", "eastAsia", "cs")} == {
        "ascii": "Times New Roman", "hAnsi": "Times New Roman", "eastAsia": "Times New Roman", "cs": "Times New Roman"}
    assert normal.font.size == Pt(14) and normal.paragraph_format.space_after >= Pt(6)
    assert 1.0 <= normal.paragraph_format.line_spacing <= 1.5
    sizes = {run.font.size for p in state[1].paragraphs for run in p.runs if run.font.size}
    assert all(Pt(11) <= size <= Pt(15) for size in sizes)


def test_page_numbers_are_centred_at_the_top_from_page_two(state):
    section = state[1].sections[0]
    assert section.different_first_page_header_footer
    assert [p.text for p in section.first_page_header.paragraphs if p.text] == []
    header = section.header.paragraphs[0]
    assert header.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    assert [t.text for t in header._p.iter(qn("w:instrText"))] == [" PAGE "]


def test_a_peoples_committee_report_has_the_national_title_the_number_and_the_date_line(state):
    found = texts(state[1])
    assert found[:7] == ["ỦY BAN NHÂN DÂN", "HUYỆN HÀM TÂN", "Số: …/BC-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                         "Độc lập - Tự do - Hạnh phúc", "Hàm Tân, ngày 05 tháng 7 năm 2018", "BÁO CÁO"]
    motto = next(r for p in state[1].tables[0].rows[0].cells[1].paragraphs for r in p.runs if r.text == wordreport.MOTTO)
    assert motto.bold and motto.underline
    title = next(r for p in state[1].tables[0].rows[0].cells[1].paragraphs for r in p.runs
                 if r.text == wordreport.NATIONAL_TITLE)
    assert title.bold and title.font.size == Pt(13)
    assert found[-4:] == ["Nơi nhận:", "- …;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN"] or \
        found[-5:] == ["Nơi nhận:", "- …;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]


def test_a_party_committees_report_has_the_partys_heading_instead_of_the_national_title(party):
    found = texts(party[1])
    assert found[:6] == ["ĐẢNG BỘ TỈNH BÌNH THUẬN", "HUYỆN ỦY HÀM TÂN", "*", "Số …-BC/HU", "ĐẢNG CỘNG SẢN VIỆT NAM",
                         "Hàm Tân, ngày 05 tháng 7 năm 2018"]
    assert wordreport.NATIONAL_TITLE not in found and wordreport.MOTTO not in found
    assert found[-2:] == ["T/M HUYỆN ỦY", "BÍ THƯ"]


def test_the_text_and_figures_are_the_report_pages_own(state):
    view, document = state
    entry = view.reports[0]
    sentence = entry.report.sentence(view.report_issuer(entry))
    assert sentence in texts(document)
    assert "đã giải quyết xong 454/577 nội dung, tồn 123 nội dung, trong đó có 41 nội dung" in sentence
    tables = document.tables[1:4]
    for table, (kind, _heading, first) in zip(tables, wordreport.SECTIONS):
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        assert rows[0] == [first, *wordreport.COLUMNS]
        assert rows[1:] == [[group.name, *(number(v) for v in (f.total, f.resolved, f.outstanding, f.not_yet_due,
                                                                  f.overdue))] for group, f in entry.by[kind]]
    by_topic = sum(int(row.cells[1].text) for row in tables[0].rows[1:])
    assert by_topic == entry.report.figures.total == 577


def test_a_report_of_a_commune_after_2025_names_the_commune_and_its_province(content):
    view = view_of(content, body="xa-ham-tan", issuer="dang")
    document = docx.Document(io.BytesIO(wordreport.document(view, view.reports[0])))
    assert texts(document)[:4] == ["ĐẢNG BỘ TỈNH LÂM ĐỒNG", "ĐẢNG ỦY XÃ HÀM TÂN", "*", "Số …-BC/ĐU"]
    assert texts(document)[-2:] == ["T/M ĐẢNG ỦY", "BÍ THƯ"]


@pytest.mark.parametrize("day, line", [(dt.date(2018, 7, 5), "Hàm Tân, ngày 05 tháng 7 năm 2018"),
                                       (dt.date(2018, 2, 15), "Hàm Tân, ngày 15 tháng 02 năm 2018"),
                                       (dt.date(2018, 12, 1), "Hàm Tân, ngày 01 tháng 12 năm 2018")])
def test_the_date_line_writes_a_leading_zero_for_days_below_10_and_months_1_and_2(day, line):
    assert wordreport.date_line("Hàm Tân", day) == line


def test_two_builds_give_the_same_bytes(content):
    view = view_of(content)
    assert wordreport.document(view, view.reports[0]) == wordreport.document(view, view.reports[0])


def test_libreoffice_opens_it_and_writes_a_pdf(state, content, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:  # .ci/run installs libreoffice-writer-nogui; a workstation may lack it
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is missing, and .ci/run installs it")
        pytest.skip("LibreOffice (soffice) is not installed")
    view = view_of(content)
    source = tmp_path / "bao-cao.docx"
    source.write_bytes(wordreport.document(view, view.reports[0]))
    result = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                             "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                            capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "bao-cao.pdf"
    assert result.returncode == 0 and pdf.exists(), result.stderr
    assert pdf.read_bytes().startswith(b"%PDF-") and pdf.stat().st_size > 10_000


def test_each_bodys_periodic_report_has_its_word_copy_with_its_pages_sentence(content):
    view = view_of(content)
    periodic = view.body_reports["huyen-ham-tan"]
    files = dict(wordreport.files(view, {}))
    assert len(files) == len(view.reports) + sum(len(r) for r in view.body_reports.values())
    entry = next(e for e in periodic if e.report.sessions)
    document = docx.Document(io.BytesIO(files[entry.url + "bao-cao.docx"].make()))
    found = texts(document)
    assert entry.report.period_sentence(entry.body.name, entry.period.label) in found
    assert found[:2] == ["ỦY BAN NHÂN DÂN", "HUYỆN HÀM TÂN"]
    assert f"Kết quả tổ chức đối thoại giữa người đứng đầu cấp ủy, chính quyền với Nhân dân, " \
           f"{entry.period.label}" in found
    held = [[c.text for c in row.cells] for row in document.tables[1].rows]
    f = entry.held
    assert held == [["Nội dung đơn vị đang giữ", *wordreport.COLUMNS],
                    ["Tổng cộng", *(number(v) for v in (f.total, f.resolved, f.outstanding, f.not_yet_due, f.overdue))]]


def test_a_documents_digest_changes_only_with_its_contents(content):
    """The digest names what the document is made from: a build leaves a document whose digest the
    folder's record holds as it is (build/families.Deferred), so a change of words or layout must
    change it, and the same contents must give the same digest."""
    view = view_of(content)
    first = dict(wordreport.files(view, {}))
    again = dict(wordreport.files(view_of(content), {}))
    assert {path: file.digest() for path, file in first.items()} == {path: file.digest() for path, file in again.items()}
    party = dict(wordreport.files(view_of(content, issuer="dang"), {}))
    changed = [path for path in first if party[path].digest() != first[path].digest()]
    assert changed == [view.reports[0].url + "bao-cao.docx"]  # the site's report changes layout; the bodies' do not
    assert party[changed[0]].make() != first[changed[0]].make()


def test_a_bodys_periodic_report_stands_with_its_block_and_the_sites_own_with_its_digest(content):
    """A body's periodic report is made from its block of report pages' inputs (site.pages.report_inputs):
    while the block is settled the build leaves its Word copy without gathering its contents; the
    site's reports, over many bodies, have no block and go by their digest."""
    view = view_of(content)
    files = dict(wordreport.files(view, {}))
    site_report = view.reports[0].url + wordreport.DOCX_NAME
    assert files[site_report].block is None
    periodic = {path: file for path, file in files.items() if path != site_report}
    assert periodic and {file.block for file in periodic.values()} == {
        reports_block(view.content.bodies[body]) for body, reports in view.body_reports.items() if reports}
    for body, reports in view.body_reports.items():
        for entry in reports:
            assert files[entry.url + wordreport.DOCX_NAME].block == f"reports/{body}"


def odd_words(page: wordreport.Contents) -> list[wordreport.Contents]:
    """A report's contents with words lxml escapes (& < >), outer spaces it keeps with xml:space, empty
    words, no table and a heading without the line above the issuer's name."""
    rows = (("  ", 1, 2, 3, 4, 5), ("a<b & c>d", 0, 0, 0, 0, 0))
    return [dataclasses.replace(page, sentence=' A & B <c> "d" ', subject="",
                                tables=page.tables + (("x & y", " z ", rows),)),
            dataclasses.replace(page, tables=()),
            dataclasses.replace(page, issuer=dataclasses.replace(page.issuer, above="", name="TÂN\u00a0"))]


@pytest.mark.parametrize("issuer", ["chinh-quyen", "dang"])
def test_a_documents_bytes_are_those_lxml_writes_filling_in_the_skeletons_tree(content, issuer):
    """render writes document.xml as bytes from the skeleton cut into pieces: the same bytes as the
    skeleton's tree filled in and serialised by lxml, for every report of the sample and odd words."""
    view = view_of(content, issuer=issuer)
    pages = [wordreport.contents(view, entry) for entry in
             [*view.reports, *(entry for reports in view.body_reports.values() for entry in reports)]]
    pages += [odd for page in pages[:2] for odd in odd_words(page)]
    assert len(pages) > 20 and any(page.tables for page in pages)
    for page in pages:
        assert wordreport.render(page) == wordreport.render_tree(page), page


def test_words_xml_cannot_hold_are_refused_as_lxml_refuses_them(content):
    view = view_of(content)
    page = dataclasses.replace(wordreport.contents(view, view.reports[0]), sentence="a\x0bb")
    with pytest.raises(ValueError, match="All strings must be XML compatible"):
        wordreport.render(page)
