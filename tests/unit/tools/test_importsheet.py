"""`invoke import-sheet`: a dry run by default, the build's checks on what would be written said at
the sheet's row and column, --write, no silent overwrite of a file edited by hand; the template
filled in and imported; the sample exported to the tracking form and imported back unchanged."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil

import openpyxl
import pytest

from helpers import FIXTURES, ROOT, said
from pelican.plugins.congkhai.content import sheets
from pelican.plugins.congkhai.content.model import build_content
from pelican.plugins.congkhai.content.reading import read_tree
from pelican.plugins.congkhai.outputs import office, tracking
from pelican.plugins.congkhai.settings import resolve
from pelican.plugins.congkhai.tools import importsheet

OPTIONS = resolve({"AS_OF": "2018-07-05"})


@pytest.fixture
def content(tmp_path):
    shutil.copytree(FIXTURES / "defects" / "base" / "content", tmp_path / "content")
    return tmp_path / "content"


def filled(content, path, sessions, items):
    """The template of this content, filled in cell by cell under its headers, as a clerk would."""
    path.write_bytes(tracking.workbook(build_content(read_tree(content)), office.FIXED_DAY))
    book = openpyxl.load_workbook(path)
    for title, rows in ((sheets.SESSIONS_SHEET, sessions), (sheets.ITEMS_SHEET, items)):
        sheet = book[title]
        headers = [cell.value for cell in sheet[1]]
        for number, row in enumerate(rows, 2):
            for header, value in row.items():
                sheet.cell(number, headers.index(header) + 1, value)
    book.save(path)
    return path


SESSION = {"Buổi đối thoại": "2018-06-20-tan-ha", "Ngày đối thoại": dt.date(2018, 6, 20),
           "Tên buổi đối thoại": "Đối thoại với nhân dân xã Tân Hà", "Địa điểm": "Hội trường UBND xã Tân Hà",
           "Xã, thị trấn": "Xã Tân Hà", "Đối tượng": "Nhân dân", "Người chủ trì": "Chủ tịch UBND huyện",
           "Số người dự": 80}
ITEM = {"Buổi đối thoại": "2018-06-20-tan-ha", "STT": 1, "Người phản ánh": "Cử tri thôn 1",
        "Nội dung ý kiến": "Đường thôn 1 xuống cấp.", "Lĩnh vực": "Giao thông", "Cách xử lý": "Giao cơ quan giải quyết",
        "Cơ quan giải quyết": "Sở Giao thông vận tải", "Thời hạn": dt.date(2018, 7, 20)}
ANSWER = {"Ngày trả lời": dt.date(2018, 7, 2), "Kết quả giải quyết": "Đang giải quyết",
          "Văn bản trả lời": "Công văn số 12/SGTVT ngày 02/7/2018", "Nội dung trả lời": "Đang khảo sát tuyến đường."}


def test_the_filled_template_imports_as_valid_content_dry_run_first(content, tmp_path):
    sheet = filled(content, tmp_path / "mau.xlsx", [SESSION], [ITEM | ANSWER, {"STT": 2, "Người phản ánh": "Cử tri",
                   "Nội dung ý kiến": "Cấp giấy.", "Lĩnh vực": "Đất đai", "Cách xử lý": "Trả lời tại buổi đối thoại",
                   "Trả lời tại buổi đối thoại": "Huyện đã chỉ đạo.", "Buổi đối thoại": "20/06/2018"}])
    lines, problems = importsheet.run(sheet, content, OPTIONS)
    assert problems == []
    assert lines == [
        "tạo mới / create: content/sessions/2018-06-20-tan-ha.yaml  ← mau.xlsx[Buổi đối thoại], dòng/row 2",
        "tạo mới / create: content/responses/2018-06-20-tan-ha/1.1-1.md  ← mau.xlsx[Theo dõi], dòng/row 2",
        "chạy thử: chưa ghi gì; thêm --write để ghi / dry run: nothing written; add --write to write."]
    assert not (content / "sessions" / "2018-06-20-tan-ha.yaml").exists()
    lines, problems = importsheet.run(sheet, content, OPTIONS, write_files=True)
    assert problems == [] and lines[-1] == "đã ghi 2 tệp / 2 files written."
    model = build_content(read_tree(content))
    [item] = [i for s in model.sessions if s.id == "2018-06-20-tan-ha" for i in s.items if i.agency]
    assert (item.id, item.due, item.responses[0].document) == (
        "2018-06-20-tan-ha/1.1", dt.date(2018, 7, 20), "Công văn số 12/SGTVT ngày 02/7/2018")
    lines, problems = importsheet.run(sheet, content, OPTIONS, write_files=True)  # again: nothing changes
    assert problems == [] and lines[0].startswith("không đổi / unchanged: ") and lines[-1].startswith("đã ghi 0 tệp")


def test_the_builds_checks_on_what_would_be_written_are_said_at_the_sheets_row_and_column(content, tmp_path):
    sheet = filled(content, tmp_path / "mau.xlsx", [SESSION | {"Địa điểm": None}],
                   [ITEM | {"Thời hạn": None}, ITEM | {"STT": 2} | ANSWER | {"Nội dung trả lời": None}])
    lines, problems = importsheet.run(sheet, content, OPTIONS, write_files=True)
    assert [said(p) for p in problems] == [
        "mau.xlsx[Buổi đối thoại]:2: D «Địa điểm»: Thiếu khóa bắt buộc: thêm khóa; nghĩa của khóa ghi sau "
        "«expected». / required key is missing (got nothing; expected place: Địa điểm.) "
        "[sessions/2018-06-20-tan-ha.yaml:3: place]",
        "mau.xlsx[Theo dõi]:2: I «Thời hạn»: Thiếu khóa bắt buộc khi cách xử lý là «assigned»: bổ sung khóa đó; "
        "nghĩa của khóa ghi sau «expected». / required when handling is 'assigned' (got nothing; expected due: Hạn "
        "trả lời; bắt buộc khi giao hoặc chuyển cấp trên.) [sessions/2018-06-20-tan-ha.yaml:14: "
        "opinions[1].items[1].due]",
        "mau.xlsx[Theo dõi]:3: O «Nội dung trả lời»: Câu trả lời chưa có nội dung: viết nội dung trả lời sau dòng "
        "`---` thứ hai. / the response has no answer text (got nothing after the closing "
        "'---'; expected the answer as Markdown) [responses/2018-06-20-tan-ha/2.1-1.md:9: (answer)]",
    ]
    assert not (content / "sessions" / "2018-06-20-tan-ha.yaml").exists()


def test_a_file_edited_by_hand_since_the_import_is_never_overwritten_without_saying_so(content, tmp_path):
    sheet = filled(content, tmp_path / "mau.xlsx", [SESSION], [ITEM | ANSWER])
    assert importsheet.run(sheet, content, OPTIONS, write_files=True)[1] == []
    written = content / "responses" / "2018-06-20-tan-ha" / "1.1-1.md"
    edited = written.read_text(encoding="utf-8").replace("Đang khảo sát", "Đã khảo sát")
    written.write_text(edited, encoding="utf-8")
    lines, problems = importsheet.run(sheet, content, OPTIONS, write_files=True)
    assert [said(p) for p in problems] == [
        "mau.xlsx[Theo dõi]:2: (tệp / file): tệp content/responses/2018-06-20-tan-ha/1.1-1.md đã được sửa tay sau "
        "lần nhập trước (hoặc không do lệnh nhập tạo ra); giữ nguyên tệp, hoặc chạy lại với --replace để ghi đè / "
        "the file was edited by hand since it was imported, or never imported (got a file whose digest differs; "
        "expected an untouched file: keep it and leave its rows out, or pass --replace to overwrite it)"]
    assert "sửa tay / edited by hand: content/responses/2018-06-20-tan-ha/1.1-1.md" in lines[1]
    assert written.read_text(encoding="utf-8") == edited
    lines, problems = importsheet.run(sheet, content, OPTIONS, write_files=True, replace=True)
    assert problems == [] and "Đang khảo sát" in written.read_text(encoding="utf-8")


def test_a_changed_sheet_changes_the_files_it_wrote(content, tmp_path):
    sheet = filled(content, tmp_path / "mau.xlsx", [SESSION], [ITEM])
    importsheet.run(sheet, content, OPTIONS, write_files=True)
    sheet = filled(content, tmp_path / "mau.xlsx", [SESSION | {"Số người dự": 95}], [ITEM])
    lines, problems = importsheet.run(sheet, content, OPTIONS, write_files=True)
    assert problems == [] and lines[0].startswith("thay đổi / change: content/sessions/2018-06-20-tan-ha.yaml")
    assert "attendance: 95\n" in (content / "sessions" / "2018-06-20-tan-ha.yaml").read_text(encoding="utf-8")


def test_a_file_that_is_no_workbook_is_one_problem(content, tmp_path):
    (tmp_path / "x.docx").write_bytes(b"")
    assert [said(p) for p in importsheet.run(tmp_path / "x.docx", content, OPTIONS)[1]] == [
        "x.docx: (tệp / file): không phải bảng tính .xlsx hoặc .csv; lưu lại dưới dạng .xlsx / not an .xlsx or .csv "
        "spreadsheet (got '.docx'; expected .xlsx or .csv: save it as .xlsx)"]


def _comparable(content_model):
    def clean(value):
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if k not in ("source", "line")}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value
    return {s.id: clean(dataclasses.asdict(s)) for s in content_model.sessions}


def test_the_sample_exported_to_the_tracking_form_imports_back_to_the_same_content(tmp_path):
    sample = build_content(read_tree(ROOT / "content"))
    sheet = tmp_path / "theo-doi.xlsx"
    sheet.write_bytes(tracking.workbook(sample, office.FIXED_DAY, *tracking.content_rows(sample)))
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "data", target / "data")
    lines, problems = importsheet.run(sheet, target, resolve({}), write_files=True)
    assert problems == []
    assert lines[-1] == f"đã ghi {len(sample.sessions) + len(list((ROOT / 'content' / 'responses').rglob('*.md')))} " \
                        f"tệp / {len(lines) - 1} files written."
    assert _comparable(build_content(read_tree(target))) == _comparable(sample)
