"""The report as a Word document, in the layout of whoever issues it, beside each report page the
site publishes (/bao-cao/<as_of>/bao-cao.docx, and each body's periodic reports,
/don-vi/<id>/bao-cao/<period>/bao-cao.docx) and from `invoke report --as-of D --docx`.

Imports build/families, content/, domain/, site/ and outputs/office.py; python-docx writes the
file; never Pelican. Its words and figures are the report page's own: the sentence is
statistics.Report.sentence (or period_sentence) and the tables are the ReportView's rows, so
the document and the site cannot disagree. What a document shows is first gathered as plain
values (Contents), whose digest names it in the record of the folder's last build: of 16,471
reports at 20,000 items, a build makes again only those whose words or figures changed (0.1 s
each), and leaves the others on disk as they are, unread (build/families.Deferred). A body's
periodic reports are not even gathered while their block of report pages is as recorded
(site.pages.reports_block): its inputs hold all they are made from.
Two layouts:
- a People's Committee's (issuer «chinh-quyen»), Nghị định 30/2020/NĐ-CP, Phụ lục I: the
  issuing body top left («ỦY BAN NHÂN DÂN» over its unit, a short line under it) and
  «Số: …/BC-UBND» under it; the national title top right, «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM»
  bold capitals 13 pt over «Độc lập - Tự do - Hạnh phúc» bold 14 pt, underlined; the place
  and date in italics under it;
- a Party committee's (issuer «dang»), Hướng dẫn 36-HD/VPTW (2018): the Party's heading
  «ĐẢNG CỘNG SẢN VIỆT NAM» top right, underlined, instead of the national title; top left the
  Party organisation above (ĐẢNG BỘ TỈNH …) and the committee (HUYỆN ỦY …), a star under it,
  and «Số …-BC/HU» (the Party's form: no colon, a hyphen before the kind of document).
Both: A4, margins 20 mm top and bottom, 30 mm left, 18 mm right (the decree's ranges: 20–25,
20–25, 30–35, 15–20), Times New Roman 14 pt for the body (also as the East Asian and
complex-script font, so Word keeps Vietnamese in it), 6 pt after each paragraph, single line
spacing, page numbers centred at the top from page 2; the title «BÁO CÁO»; «Nơi nhận:» and
the signature block left for the signer, the number left blank («…») for the clerk.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import functools
import hashlib
import io
import re
from typing import Iterator, NamedTuple

from ..build.families import Deferred
from ..content.rules import BODY_KINDS
from ..site.pages import reports_block
from ..vietnamese import month_year, number, short_date
from . import office

DOCX_NAME = "bao-cao.docx"
FONT = "Times New Roman"
BODY_PT, TITLE_PT, HEADING_PT, SMALL_PT = 14, 13, 15, 12
# A Party committee's name, and the abbreviation its numbers carry, by the kind of its unit.
COMMITTEES = {"tinh": ("TỈNH ỦY", "TU"), "thanh-pho": ("THÀNH ỦY", "TU"), "huyen": ("HUYỆN ỦY", "HU"),
              "thi-xa": ("THỊ ỦY", "TU"), "thanh-pho-thuoc-tinh": ("THÀNH ỦY", "TU"),
              "xa": ("ĐẢNG ỦY XÃ", "ĐU"), "phuong": ("ĐẢNG ỦY PHƯỜNG", "ĐU"), "dac-khu": ("ĐẢNG ỦY ĐẶC KHU", "ĐU")}
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
PARTY_HEADING = "ĐẢNG CỘNG SẢN VIỆT NAM"
SECTIONS = (("topic", "Theo lĩnh vực", "Lĩnh vực"), ("agency", "Theo cơ quan giải quyết", "Cơ quan"),
            ("commune", "Theo xã, thị trấn", "Xã, thị trấn"))
COLUMNS = ("Tổng", "Đã giải quyết", "Còn tồn", "Chưa tới hạn", "Quá hạn")


@dataclasses.dataclass(frozen=True)
class Issuer:
    """Who issues the report, as its heading and signature say it."""

    party: bool
    above: str  # the line over the issuer's name ("" for none)
    name: str  # the issuer's name, in capitals
    number: str  # «Số: …/BC-UBND» or «Số …-BC/HU»
    place: str  # the place of the date line, e.g. «Hàm Tân»
    unit: str  # the unit in sentences, e.g. «huyện Hàm Tân»
    signer: tuple[str, str]  # «TM. ỦY BAN NHÂN DÂN», «CHỦ TỊCH»


def _bare(name: str, kind: str) -> str:
    """«huyện Hàm Tân» -> «Hàm Tân»: the unit's name without its kind."""
    word = BODY_KINDS.get(kind, "").lower()
    return name[len(word):].strip() if word and name.lower().startswith(word + " ") else name


def issuer(unit: str, kind: str, above_unit: str, party: bool) -> Issuer:
    """The heading of a report of `unit` («huyện Hàm Tân», kind «huyen»), whose unit above is `above_unit`."""
    place = _bare(unit, kind)
    if party:
        committee, short = COMMITTEES.get(kind, ("HUYỆN ỦY", "HU"))
        above = f"ĐẢNG BỘ {above_unit.upper()}" if above_unit else ""
        return Issuer(True, above, f"{committee} {place.upper()}", f"Số …-BC/{short}", place, unit,
                      (f"T/M {committee.replace(' XÃ', '').replace(' PHƯỜNG', '').replace(' ĐẶC KHU', '')}", "BÍ THƯ"))
    return Issuer(False, "ỦY BAN NHÂN DÂN", unit.upper(), "Số: …/BC-UBND", place, unit,
                  ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"))


def issuer_of(view, entry) -> Issuer:
    """The report's issuer: a periodic report's body, its spec's body, the one body its sessions
    share, the site's own (SITE_BODY), or else the site's district (DISTRICT_NAME, PROVINCE_NAME)."""
    spec = entry.spec
    bodies = view.content.bodies
    wanted = entry.body.id if entry.body is not None else spec.body if spec is not None else ""
    if not wanted:
        held = {view.sessions[item_id.split("/")[0]].body for item_id in entry.status}
        wanted = held.pop() if len(held) == 1 else ""
    party = spec is not None and spec.issuer == "dang"
    body = bodies.get(wanted) or view.site_body
    if body is None:
        return issuer(view.options["DISTRICT_NAME"], "huyen", view.options["PROVINCE_NAME"], party)
    parent = bodies.get(body.parent)
    return issuer(body.name, body.kind, parent.name if parent else "", party)


def date_line(place: str, day: dt.date) -> str:
    """«Hàm Tân, ngày 05 tháng 7 năm 2018»: days below 10 and months 1 and 2 with a leading 0 (Nghị định 30)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


@dataclasses.dataclass(frozen=True)
class Contents:
    """Everything a Word report shows, as plain values: what `render` lays out, and what names
    its file in the rows kept between builds (its repr)."""

    issuer: Issuer
    day: dt.date  # of the date line
    subject: str  # the trích yếu under «BÁO CÁO»
    sentence: str  # the report page's own
    tables: tuple  # (heading, first column, ((name, total, resolved, outstanding, not yet due, overdue), …))


def _rows(pairs) -> tuple:
    return tuple((name, f.total, f.resolved, f.outstanding, f.not_yet_due, f.overdue) for name, f in pairs)


def contents(view, entry) -> Contents:
    """The Word copy of one report of the view: the site's report (REPORTS) or a body's periodic one."""
    who = issuer_of(view, entry)
    report = entry.report
    tables = []
    if entry.period is not None:  # a body's periodic report, as its page says it
        sentence = report.period_sentence(entry.body.name, entry.period.label)
        about = f"Kết quả tổ chức đối thoại giữa người đứng đầu cấp ủy, chính quyền với Nhân dân, {entry.period.label}"
        if entry.held is not None:
            tables.append((f"Lũy kế đến ngày {short_date(report.end)}", "Nội dung đơn vị đang giữ",
                           _rows([("Tổng cộng", entry.held)])))
    else:
        sentence = report.sentence(view.report_issuer(entry))  # as its page says it
        about = (f"Kết quả tổ chức đối thoại giữa người đứng đầu cấp ủy, chính quyền với Nhân dân "
                 f"từ {month_year(report.start)} đến {month_year(report.end)}")
    if report.sessions:
        tables += [(heading, first, _rows((row.name, figures) for row, figures in entry.by[kind]))
                   for kind, heading, first in SECTIONS]
    return Contents(who, report.as_of, about, sentence, tuple(tables))


def document(view, entry) -> bytes:
    """The .docx bytes of one report of the view (a ReportView)."""
    return render(contents(view, entry))


def _build(page: Contents, dateline: str) -> bytes:
    """The layout, with python-docx: the document of `page` (its date line as given)."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    who = page.issuer
    doc = docx.Document()
    _fonts(doc)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(18)
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True
    _page_number(section.header.paragraphs[0])

    head = doc.add_table(rows=1, cols=2)
    _widths(head, (65, 97))
    left, right = head.rows[0].cells
    if who.above:  # one name on two lines for a People's Committee (bold); the organisation above, for a committee
        _line(left, who.above, TITLE_PT, bold=not who.party, first=True)
    _line(left, who.name, TITLE_PT, bold=True, first=not who.above)
    if who.party:
        _line(left, "*", TITLE_PT)
    else:
        _rule(left)
    _line(left, who.number, TITLE_PT)
    if who.party:
        _line(right, PARTY_HEADING, HEADING_PT, bold=True, underline=True, first=True)
    else:
        _line(right, NATIONAL_TITLE, TITLE_PT, bold=True, first=True)
        _line(right, MOTTO, BODY_PT, bold=True, underline=True)
    _line(right, "", BODY_PT)
    _line(right, dateline, BODY_PT, italic=True)

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(12)
    _run(title, "BÁO CÁO", BODY_PT, bold=True)
    about = doc.add_paragraph()
    about.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(about, page.subject, BODY_PT, bold=True)

    text = doc.add_paragraph()
    text.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    text.paragraph_format.first_line_indent = Mm(10)
    _run(text, page.sentence, BODY_PT)
    for index, (heading, first, rows) in enumerate(page.tables, 1):
        label = doc.add_paragraph()
        label.paragraph_format.keep_with_next = True
        _run(label, f"{index}. {heading}", BODY_PT, bold=True)
        _figures_table(doc, first, rows)

    closing = doc.add_table(rows=1, cols=2)
    _widths(closing, (77, 85))
    to, sign = closing.rows[0].cells
    _line(to, "Nơi nhận:", SMALL_PT, bold=True, italic=not who.party, underline=who.party, first=True,
          center=False)
    _line(to, "- …;", 11, center=False)
    _line(to, "- Lưu: VT.", 11, center=False)
    _line(sign, who.signer[0], BODY_PT, bold=True, first=True)
    _line(sign, who.signer[1], BODY_PT, bold=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# The layout is made once per kind of heading by python-docx (_build), with a token in each
# place that differs from report to report; each report is then that document with its words
# in place of the tokens and as many table rows as it has. A report costs a few milliseconds
# instead of the 50 python-docx takes to build it (16,471 periodic reports at 20,000 items);
# its document.xml is written as bytes from the skeleton cut once into pieces (_pieces), not
# parsed, copied and serialised again by lxml for each report, which cost four times as much.
_CELLS = tuple(f"@@C{index}@@" for index in range(1 + len(COLUMNS)))
_HEAD = ("@@ABOVE@@", "@@NAME@@", "@@NUMBER@@", "@@DATE@@", "@@SUBJECT@@", "@@SENTENCE@@", "@@SIGNER1@@",
         "@@SIGNER2@@")  # the tokens outside the tables, their words from _head_words
_LABEL = "1. @@LABEL@@"  # the heading of the skeleton's one table, as _build numbers it
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@functools.lru_cache(maxsize=8)
def _skeleton(party: bool, above: bool) -> tuple[tuple[tuple[str, bytes], ...], bytes]:
    """The package's members and its document.xml, tokens in place, for one kind of heading."""
    who = Issuer(party, "@@ABOVE@@" if above else "", "@@NAME@@", "@@NUMBER@@", "", "", ("@@SIGNER1@@", "@@SIGNER2@@"))
    page = Contents(who, dt.date(2000, 1, 1), "@@SUBJECT@@", "@@SENTENCE@@", (("@@LABEL@@", "@@FIRST@@", (_CELLS,)),))
    parts = tuple(office.members(_build(page, "@@DATE@@")))
    return parts, dict(parts)["word/document.xml"]


def _parsed(xml: bytes):
    """The skeleton's tree, and its table's three elements taken out of it: (root, body, index, label,
    table, its row of tokens taken out of it, spacer)."""
    from lxml import etree

    root = etree.fromstring(xml)
    body = root.find(f"{_W}body")
    label = next(p for p in body.iter(f"{_W}p") if "".join(p.itertext()).endswith("@@LABEL@@"))
    table, spacer = label.getnext(), label.getnext().getnext()
    at = body.index(label)
    for element in (label, table, spacer):
        body.remove(element)
    row = table.findall(f"{_W}tr")[1]
    table.remove(row)
    return root, body, at, label, table, row, spacer


def _serialised(root) -> bytes:
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def render_tree(page: Contents) -> bytes:
    """The .docx bytes of a report's contents, the skeleton's tree filled in with lxml: what `render`
    writes as bytes, and what it falls back on for words XML cannot hold (lxml then says so)."""
    who = page.issuer
    parts, xml = _skeleton(who.party, bool(who.above))
    root, body, at, label, table, row, spacer = _parsed(xml)
    for index, (heading, first, rows) in enumerate(page.tables, 1):
        copies = [copy.deepcopy(element) for element in (label, table, spacer)]
        _fill(copies[0], {_LABEL: f"{index}. {heading}"})
        grid = copies[1]
        _fill(grid.findall(f"{_W}tr")[0], {"@@FIRST@@": first})
        for values in rows:
            line = copy.deepcopy(row)
            _fill(line, dict(zip(_CELLS, (values[0], *(number(v) for v in values[1:])))))
            grid.append(line)
        for offset, element in enumerate(copies):
            body.insert(at + offset, element)
        at += len(copies)
    _fill(root, dict(zip(_HEAD, _head_words(page))))
    return _package(parts, _serialised(root), page.day)


def _head_words(page: Contents) -> tuple[str, ...]:
    """The words of the heading's tokens (_HEAD), in their order."""
    who = page.issuer
    return (who.above, who.name, who.number, date_line(who.place, page.day), page.subject, page.sentence,
            who.signer[0], who.signer[1])


def _package(parts, document: bytes, day: dt.date) -> bytes:
    return office.write([(name, document if name == "word/document.xml" else data) for name, data in parts], day)


class _Pieces(NamedTuple):
    """The skeleton's document.xml cut where reports differ: each piece a tuple of bytes and, between
    them, the names of the tokens whose words go there (serialised as lxml writes a text node)."""

    head: tuple  # up to the first table's heading
    table: tuple  # a table's heading, the table up to its rows
    row: tuple  # one row of figures
    close: tuple  # the table's end and the empty paragraph after it
    tail: tuple  # after the last table


_MARK = b"<!--@@CUT@@-->"
_TEXT = re.compile(rb"<w:t>(" + b"|".join(re.escape(t.encode()) for t in (*_HEAD, _LABEL, "@@FIRST@@", *_CELLS))
                   + rb")</w:t>")
# What lxml writes otherwise than as itself in a text node, or refuses: those words take render_tree.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@functools.lru_cache(maxsize=8)
def _pieces(party: bool, above: bool) -> _Pieces:
    """The skeleton of one kind of heading serialised once, with a comment where each piece ends
    (lxml writes the elements around a comment as it writes them without it), then cut there."""
    from lxml import etree

    root, body, at, label, table, row, spacer = _parsed(_skeleton(party, above)[1])
    table.append(etree.Comment("@@CUT@@"))
    table.append(row)
    table.append(etree.Comment("@@CUT@@"))
    for offset, element in enumerate((etree.Comment("@@CUT@@"), label, table, spacer, etree.Comment("@@CUT@@"))):
        body.insert(at + offset, element)
    cut = _serialised(root).split(_MARK)
    return _Pieces(*(tuple(_TEXT.split(piece)) for piece in cut))


def _text(words: str) -> bytes:
    """A text run's element as lxml writes it: & < > escaped, xml:space kept for words with outer spaces."""
    escaped = words.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode()
    if words != words.strip():
        return b'<w:t xml:space="preserve">' + escaped + b"</w:t>"
    return b"<w:t>" + escaped + b"</w:t>"


def _filled(piece: tuple, words: dict, out: list) -> None:
    """Append a piece's bytes to out, each token's element written with its words."""
    out.append(piece[0])
    for index in range(1, len(piece), 2):
        out.append(_text(words[piece[index].decode()]))
        out.append(piece[index + 1])


def render(page: Contents) -> bytes:
    """The .docx bytes of a report's contents, in its issuer's layout: the skeleton's document.xml
    written as bytes with the report's words and rows (the bytes render_tree makes with lxml)."""
    who = page.issuer
    head = dict(zip(_HEAD, _head_words(page)))
    every = [*head.values()]
    for heading, first, rows in page.tables:
        every += [heading, first, *(row[0] for row in rows)]
    if any(_UNSAFE.search(words) for words in every):
        return render_tree(page)
    pieces = _pieces(who.party, bool(who.above))
    out: list[bytes] = []
    _filled(pieces.head, head, out)
    for index, (heading, first, rows) in enumerate(page.tables, 1):
        _filled(pieces.table, {_LABEL: f"{index}. {heading}", "@@FIRST@@": first}, out)
        for values in rows:
            _filled(pieces.row, dict(zip(_CELLS, (values[0], *(number(v) for v in values[1:])))), out)
        _filled(pieces.close, {}, out)
    _filled(pieces.tail, head, out)
    return _package(_skeleton(who.party, bool(who.above))[0], b"".join(out), page.day)


def _fill(element, words: dict[str, str]) -> None:
    """Each text run below `element` that holds a token, given its words."""
    for text in element.iter(f"{_W}t"):
        if text.text in words:
            text.text = words[text.text]
            if text.text != text.text.strip():
                text.set(_SPACE, "preserve")


def _fonts(doc) -> None:
    """Times New Roman for every script of the styles the document uses, 14 pt, 6 pt after, single spacing."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    for name in ("Normal", "Table Grid", "Header"):
        style = doc.styles[name]
        style.font.name = FONT
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(script), FONT)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.0


def _widths(table, millimetres) -> None:
    """Fixed column widths, in the grid (what LibreOffice reads) and in each cell (what Word reads)."""
    from docx.shared import Mm

    table.autofit = False
    for column, width in zip(table.columns, millimetres):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def _run(paragraph, text: str, size: int, bold=False, italic=False, underline=False):
    from docx.shared import Pt

    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
    return run


def _line(cell, text, size, bold=False, italic=False, underline=False, first=False, center=True):
    """One line of a heading cell; `first` writes into the cell's own first paragraph."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    if text:
        _run(paragraph, text, size, bold, italic, underline)
    return paragraph


def _rule(cell) -> None:
    """The short solid line under the issuing body's name: a paragraph a third of the cell wide, bordered below."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    paragraph = _line(cell, "", 4)
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = Mm(22)
    paragraph.paragraph_format.space_after = Pt(4)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _page_number(paragraph) -> None:
    """A PAGE field, centred: in the header of every page but the first (different_first_page_header_footer)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        run = _run(paragraph, "", 13)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == " PAGE ":
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
        else:
            run.text = text


def _figures_table(doc, first: str, rows) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    table = doc.add_table(rows=1, cols=1 + len(COLUMNS))
    table.style = doc.styles["Table Grid"]
    from docx.oxml import OxmlElement

    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeated on each page it spans
    for cell, text in zip(table.rows[0].cells, (first, *COLUMNS)):
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        _run(paragraph, text, SMALL_PT + 1, bold=True)
    for name, *values in rows:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, (name, *values))):
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            if index:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _run(paragraph, text, SMALL_PT + 1)
    _widths(table, (62, *(20,) * len(COLUMNS)))  # 162 mm: the page less its margins
    doc.add_paragraph()


def files(view, settings: dict) -> Iterator[tuple[str, Deferred]]:
    """A Word copy beside each report page: the site's reports and every body's periodic ones. Each
    document is named by a digest of its contents, so that a build makes again only those whose
    words or figures changed (build/families.Deferred). One report's contents in hand at a time."""
    entries = list(view.reports) + [entry for reports in view.body_reports.values() for entry in reports]
    for entry in entries:
        copy_of = _Copy(view, entry)
        block = reports_block(entry.body) if entry.body is not None and entry.period is not None else None
        yield entry.url + DOCX_NAME, Deferred(copy_of.digest, copy_of.make, block)


class _Copy:
    """A report's Word copy: its contents gathered once, when its digest or its bytes are first
    asked for. A body's periodic report is one of its block of pages (site.pages.reports_block),
    whose inputs hold all it is made from: while they are as recorded, neither is asked for."""

    def __init__(self, view, entry):
        self._view, self._entry, self._contents = view, entry, None

    def contents(self) -> Contents:
        if self._contents is None:
            self._contents = contents(self._view, self._entry)
        return self._contents

    def digest(self) -> bytes:
        return hashlib.sha256(repr(self.contents()).encode("utf-8")).digest()

    def make(self) -> bytes:
        return render(self.contents())
