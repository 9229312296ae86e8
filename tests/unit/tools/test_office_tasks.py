"""The office tasks as a clerk runs them: `invoke report --as-of D --docx` and `invoke import-sheet`,
their lines and their exit codes, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import openpyxl

from helpers import ROOT

INVOKE = [sys.executable, "-m", "invoke", "-r", str(ROOT)]


def run(*args, cwd):
    return subprocess.run([*INVOKE, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_report_docx_says_the_sentence_and_writes_the_word_copy(tmp_path):
    result = run("report", "--as-of", "2018-07-05", "--docx", "--output", str(tmp_path / "r.docx"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Từ tháng 12/2015 đến tháng 6/2018, huyện Hàm Tân đã tổ chức được 28 cuộc đối thoại, thu hút 3.486 lượt "
        "người tham dự. Tại các buổi đối thoại, đã có 359 ý kiến/577 nội dung. Đến nay, đã giải quyết xong 454/577 "
        "nội dung, tồn 123 nội dung, trong đó có 41 nội dung chưa tới thời hạn trả lời theo quy định.",
        f"{tmp_path / 'r.docx'}: written."]
    assert (tmp_path / "r.docx").read_bytes()[:2] == b"PK"


def test_report_refuses_an_unknown_issuer_in_one_line(tmp_path):
    result = run("report", "--as-of", "2018-07-05", "--issuer", "ubnd", cwd=tmp_path)
    assert (result.returncode, result.stderr.strip()) == (
        1, "report: unknown issuer 'ubnd' (expected one of: chinh-quyen, dang)")


def test_import_sheet_of_mistakes_fails_once_with_every_problem_and_writes_nothing(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Theo dõi"
    sheet.append(["Buổi đối thoại", "STT", "Người phản ánh", "Nội dung ý kiến", "Lĩnh vực", "Cách xử lý", "Thời hạn"])
    sheet.append(["2018-06-12-tan-ha", 1, "Cử tri", "Đường.", "Giao thông", "Giao sau", "30/2/2018"])
    book.save(tmp_path / "loi.xlsx")
    before = sorted(p.relative_to(ROOT) for p in (ROOT / "content").rglob("*"))
    result = run("import-sheet", str(tmp_path / "loi.xlsx"), cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "loi.xlsx[Theo dõi]:2: A «Buổi đối thoại»: không có buổi «2018-06-12-tan-ha» trong bảng tính; thêm trang "
        "«Buổi đối thoại» ghi buổi này (ngày, tên, địa điểm…)",
        "    no such session in the workbook (got "
        "'2018-06-12-tan-ha'; expected a sheet «Buổi đối thoại» with a row for this session (its date, title, place…))",
        "loi.xlsx[Theo dõi]:2: F «Cách xử lý»: không có giá trị «Giao sau»; chọn một trong: Trả lời tại buổi đối "
        "thoại; Giao cơ quan giải quyết; Kiến nghị cấp trên",
        "    unknown value (got 'Giao sau'; expected one of: Trả lời "
        "tại buổi đối thoại; Giao cơ quan giải quyết; Kiến nghị cấp trên)",
        "loi.xlsx[Theo dõi]:2: G «Thời hạn»: không phải ngày (ghi 30/2/2018); ghi dạng ngày/tháng/năm, ví dụ 05/7/2018",
        "    not a date (got '30/2/2018'; expected a date cell or day/month/year, e.g. 05/7/2018)",
        "3 lỗi; chưa ghi tệp nào.",
        "    3 problems found; nothing was written."]
    assert sorted(p.relative_to(ROOT) for p in (ROOT / "content").rglob("*")) == before
