"""A tracking sheet's rows read into the content contract (content/sheets.py, content/sheetfile.py):
headers with or without diacritics, merged cells, dates and numbers typed as text, an opinion
over several rows, and a sheet full of mistakes whose problems all come at once, exactly."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from helpers import said

from pelican.plugins.congkhai.content import sheetfile, sheets
from pelican.plugins.congkhai.content.sheetfile import Grid

LOOKUP = sheets.Lookup({
    "topics": {"dat-dai": "Đất đai", "giao-thong": "Giao thông"},
    "agencies": {"phong-tnmt": "Phòng Tài nguyên và Môi trường", "so-gtvt": "Sở Giao thông vận tải"},
    "communes": {"tan-ha": "Xã Tân Hà"},
    "bodies": {},
})
N = sheets.NUMBER
SESSIONS = Grid("Buổi đối thoại", (
    ("Mã buổi", "Ngày đối thoại", "Tên buổi đối thoại", "Địa điểm", "Xã, thị trấn", "Đối tượng", "Người chủ trì",
     "Số người dự"),
    ("2018-06-12-tan-ha", "12/6/2018", "Đối thoại với nhân dân xã Tân Hà", "Hội trường UBND xã Tân Hà", "xa tan ha",
     "Nhân dân", "Bí thư Huyện ủy; Chủ tịch UBND huyện", "1.155"),
))


def items(*rows, header=("Buổi đối thoại", "STT", "Người phản ánh", "Nội dung ý kiến", "Lĩnh vực", "Cách xử lý",
                         "Cơ quan giải quyết", "Thời hạn", "Trả lời tại buổi đối thoại")) -> Grid:
    return Grid("Theo dõi", (header, *rows))


def test_a_session_and_its_items_are_read_by_their_headers_names_and_dates_typed_as_text():
    grid = items(("2018-06-12-tan-ha", "1", "Cử tri thôn 3", "Đường xuống cấp.", "giao thong", "Giao cơ quan giải quyết",
                  "So Giao thong van tai", "12/7/2018", None),
                 ("12/06/2018", 2, "Cử tri thôn 2", "Cấp giấy.", "Đất đai", "answered", None, None, "Huyện trả lời."))
    imported = sheets.import_grids("theo-doi.xlsx", [SESSIONS, grid], LOOKUP)
    assert imported.problems == []
    [session] = imported.sessions
    assert session.id == "2018-06-12-tan-ha"
    assert session.data == {
        "title": "Đối thoại với nhân dân xã Tân Hà", "date": dt.date(2018, 6, 12), "place": "Hội trường UBND xã Tân Hà",
        "commune": "tan-ha", "audience": "nhan-dan", "chairs": ["Bí thư Huyện ủy", "Chủ tịch UBND huyện"],
        "attendance": 1155, "opinions": [
            {N: 1, "speaker": "Cử tri thôn 3", "items": [
                {N: 1, "topic": "giao-thong", "text": "Đường xuống cấp.", "handling": "assigned",
                 "agency": "so-gtvt", "due": dt.date(2018, 7, 12)}]},
            {N: 2, "speaker": "Cử tri thôn 2", "items": [
                {N: 1, "topic": "dat-dai", "text": "Cấp giấy.", "handling": "answered", "answer": "Huyện trả lời."}]}]}


def test_headers_are_matched_without_diacritics_and_through_a_clerks_mapping():
    mapping, problems = sheets.read_mapping({"Ý kiến cử tri": "Nội dung ý kiến", "Hạn": "due"})
    assert problems == []
    grid = Grid("2018-06-12-tan-ha", (("stt", "NGUOI PHAN ANH", "Ý kiến cử tri", "linh vuc", "cach xu ly", "Hạn",
                                       "Co quan giai quyet"),
                                      (1, "Cử tri", "Đường.", "Giao thông", "Giao cơ quan giải quyết",
                                       dt.date(2018, 7, 1), "phong-tnmt")))
    imported = sheets.import_grids("x.xlsx", [SESSIONS, grid], LOOKUP, mapping)
    assert imported.problems == [] and imported.ignored == []
    assert imported.sessions[0].data["opinions"][0]["items"][0]["due"] == dt.date(2018, 7, 1)


def test_a_mapping_to_no_column_is_said():
    _, problems = sheets.read_mapping({"Ghi chú": "Ghi chú khác"})
    assert problems[0].startswith("«Ghi chú»: không có cột «Ghi chú khác»; ghi một trong: Buổi đối thoại, ")
    assert problems[0].endswith("/ no column 'Ghi chú khác' (expected one of: " + ", ".join(sheets.COLUMN) + ")")


def test_an_opinion_over_several_rows_its_text_continued_and_a_second_response():
    header = ("Buổi đối thoại", "STT", "Người phản ánh", "STT nội dung", "Nội dung ý kiến", "Lĩnh vực", "Cách xử lý",
              "Cơ quan giải quyết", "Thời hạn", "Ngày trả lời", "Kết quả giải quyết", "Nội dung trả lời")
    grid = items(
        ("2018-06-12-tan-ha", 1, "Cử tri thôn 3", None, "Đường xuống cấp.", "Giao thông", "Giao cơ quan giải quyết",
         "Sở Giao thông vận tải", "12/7/2018", "01/07/2018", "Đang giải quyết", "Đang khảo sát."),
        ("2018-06-12-tan-ha", None, None, None, "Mùa mưa lầy lội.", None, None, None, None, None, None, None),
        ("2018-06-12-tan-ha", 1, "Cử tri thôn 3", 1, None, None, None, None, None, "2018-07-10", "Đã giải quyết xong",
         "Đã làm xong."),
        ("2018-06-12-tan-ha", None, None, None, "Cấp giấy chậm.", "Đất đai", "Giao cơ quan giải quyết",
         "Phòng Tài nguyên và Môi trường", "20/7/2018", None, None, None),
        header=header)
    imported = sheets.import_grids("x.xlsx", [SESSIONS, grid], LOOKUP)
    assert imported.problems == []
    [session] = imported.sessions
    [opinion] = session.data["opinions"]
    assert [(i[N], i["text"]) for i in opinion["items"]] == [(1, "Đường xuống cấp.\n\nMùa mưa lầy lội."),
                                                            (2, "Cấp giấy chậm.")]
    assert [(r.number, r.data["date"], r.data["outcome"], r.data["agency"], r.body, r.source.row)
            for r in session.responses] == [
        ("1.1", dt.date(2018, 7, 1), "in-progress", "so-gtvt", "Đang khảo sát.", 2),
        ("1.1", dt.date(2018, 7, 10), "resolved", "so-gtvt", "Đã làm xong.", 4)]
    assert session.item_sources[(1, 2)].row == 5


def test_a_csv_carries_its_sessions_columns_on_its_rows_and_loses_the_quote_before_a_formula(tmp_path):
    path = tmp_path / "theo-doi.csv"
    path.write_text("Ngày đối thoại;Tên buổi đối thoại;Địa điểm;Đối tượng;Người chủ trì;Số người dự;STT;"
                    "Người phản ánh;Nội dung ý kiến;Lĩnh vực;Cách xử lý;Trả lời tại buổi đối thoại\n"
                    "12/6/2018;Đối thoại;Hội trường;Nhân dân;Chủ tịch UBND huyện;40;1;Cử tri;'=1+1 là gì?;"
                    "Đất đai;Trả lời tại buổi đối thoại;Là 2.\n", encoding="utf-8-sig")
    imported = sheets.import_grids(path.name, sheetfile.read(path), LOOKUP)
    assert imported.problems == []
    [session] = imported.sessions
    assert session.id == "2018-06-12-nhan-dan"
    assert session.data["opinions"][0]["items"][0]["text"] == "=1+1 là gì?"


def test_merged_cells_give_every_cell_of_the_range_its_value(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Theo dõi"
    sheet.append(["Buổi đối thoại", "STT", "Người phản ánh", "Nội dung ý kiến", "Lĩnh vực", "Cách xử lý",
                  "Trả lời tại buổi đối thoại"])
    sheet.append(["2018-06-12-tan-ha", 1, "Cử tri thôn 3", "Đường.", "Giao thông", "answered", "Đã có kế hoạch."])
    sheet.append([None, None, None, "Cầu.", "Giao thông", "answered", "Đã sửa."])
    sheet.merge_cells("A2:A3")
    sheet.merge_cells("B2:B3")
    sheet.merge_cells("C2:C3")
    sessions = book.create_sheet("Buổi đối thoại")
    for row in SESSIONS.rows:
        sessions.append(list(row))
    path = tmp_path / "x.xlsx"
    book.save(path)
    grids = sheetfile.read(path)
    assert grids[0].rows[2][:3] == ("2018-06-12-tan-ha", 1, "Cử tri thôn 3")
    imported = sheets.import_grids(path.name, grids, LOOKUP)
    assert imported.problems == []
    assert [i["text"] for i in imported.sessions[0].data["opinions"][0]["items"]] == ["Đường.", "Cầu."]


def test_a_sheet_full_of_mistakes_says_every_one_at_once_with_sheet_row_column_and_fix():
    grid = items(
        ("2018-06-12-tan-ha", "một", "Cử tri thôn 3", "Đường.", "Giao thong van tai", "Giao cơ quan giải quyết",
         "Sở Giao thông", "31/02/2018", None),
        ("2018-07-01", 2, "Cử tri thôn 2", "Cấp giấy.", "Đất đai", "Trả lời sau", None, None, None),
        ("2018-06-12-tan-ha", None, None, "Cầu.", "Đất đai", "answered", None, "ngày mai", "Có."),
        header=("Buổi đối thoại", "STT", "Người phản ánh", "Nội dung ý kiến", "Lĩnh vực", "Cách xử lý",
                "Cơ quan giải quyết", "Thời hạn", "Trả lời tại buổi đối thoại", "Ghi chú"))
    imported = sheets.import_grids("theo-doi.xlsx", [SESSIONS, grid, Grid("Trang 3", (("Ghi chép", None),
                                                                                      ("Họp", None)))], LOOKUP)
    assert [said(p) for p in imported.problems] == [
        "theo-doi.xlsx[Theo dõi]:2: B «STT»: không phải số nguyên (ghi một); ghi chữ số, ví dụ 12 / not a whole "
        "number (got 'một'; expected digits, e.g. 12)",
        "theo-doi.xlsx[Theo dõi]:2: E «Lĩnh vực»: không có trong danh mục content/data/topics.yaml; có phải: "
        "Giao thông? / not in content/data/topics.yaml (got 'Giao thong van tai'; expected a name or id of that "
        "list: did you mean: Giao thông?)",
        "theo-doi.xlsx[Theo dõi]:2: G «Cơ quan giải quyết»: không có trong danh mục content/data/agencies.yaml; "
        "có phải: Sở Giao thông vận tải? / not in content/data/agencies.yaml (got 'Sở Giao thông'; expected a "
        "name or id of that list: did you mean: Sở Giao thông vận tải?)",
        "theo-doi.xlsx[Theo dõi]:2: H «Thời hạn»: không phải ngày (ghi 31/02/2018); ghi dạng ngày/tháng/năm, ví dụ "
        "05/7/2018 / not a date (got '31/02/2018'; expected a date cell or day/month/year, e.g. 05/7/2018)",
        "theo-doi.xlsx[Theo dõi]:3: A «Buổi đối thoại»: không có buổi «2018-07-01» trong bảng tính; ghi mã hoặc "
        "ngày của một buổi: 2018-06-12-tan-ha / no such session in the workbook (got '2018-07-01'; expected the id "
        "or date of a row of sheet «Buổi đối thoại»: 2018-06-12-tan-ha)",
        "theo-doi.xlsx[Theo dõi]:3: F «Cách xử lý»: không có giá trị «Trả lời sau»; chọn một trong: Trả lời tại buổi "
        "đối thoại; Giao cơ quan giải quyết; Kiến nghị cấp trên / unknown value (got 'Trả lời sau'; expected one of: "
        "Trả lời tại buổi đối thoại; Giao cơ quan giải quyết; Kiến nghị cấp trên)",
        "theo-doi.xlsx[Theo dõi]:4: H «Thời hạn»: không phải ngày (ghi ngày mai); ghi dạng ngày/tháng/năm, ví dụ "
        "05/7/2018 / not a date (got 'ngày mai'; expected a date cell or day/month/year, e.g. 05/7/2018)",
        "theo-doi.xlsx[Trang 3]:1: (tiêu đề / header): không tìm thấy dòng tiêu đề cột; dòng tiêu đề cần có các cột "
        "như «STT», «Nội dung ý kiến» / no header row found (got no row among the first 10 with two known "
        "headers; expected headers such as «STT», «Nội dung ý kiến», «Ngày đối thoại»: see the template "
        "mau-theo-doi.xlsx, or map the headers with --columns)",
    ]
    assert imported.ignored == ["theo-doi.xlsx[Theo dõi]: J «Ghi chú»"]


def test_an_unknown_handling_names_the_labels_and_a_missing_column_is_said():
    grid = items((None, "Cử tri", "Đường."), header=("Buổi đối thoại", "Người phản ánh", "Nội dung ý kiến"))
    imported = sheets.import_grids("x.xlsx", [SESSIONS, grid], LOOKUP)
    assert [said(p) for p in imported.problems] == [
        "x.xlsx[Theo dõi]:1: «STT»: thiếu cột «STT»; thêm cột này vào dòng tiêu đề / the column is missing (got no "
        "header «STT»; expected it in row 1, or a mapping for its header with --columns)"]


@pytest.mark.parametrize("written, day", [("05/7/2018", dt.date(2018, 7, 5)), ("5-7-2018", dt.date(2018, 7, 5)),
                                          ("05.07.2018", dt.date(2018, 7, 5)), ("2018-07-05", dt.date(2018, 7, 5)),
                                          (dt.date(2018, 7, 5), dt.date(2018, 7, 5)), ("32/1/2018", None),
                                          ("7/2018", None)])
def test_dates_typed_as_text(written, day):
    assert sheets._date(written) == day


def test_a_file_that_is_not_a_workbook_is_said_in_both_languages(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(sheetfile.SheetFileError) as error:
        sheetfile.read(path)
    assert str(error.value) == ("x.xlsx: tệp hỏng hoặc không phải .xlsx; mở bằng Excel và lưu lại / the file is "
                                "damaged or not an .xlsx workbook (got bytes that are not an Office Open XML "
                                "workbook; expected a workbook saved by Excel or LibreOffice as .xlsx)")
