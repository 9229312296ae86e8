"""Validation beyond one file: the cut-off for answers to sessions not yet
held, and the checking command's output and exit status."""

from __future__ import annotations

import datetime as dt
import shutil

from helpers import FIXTURES
from pelican.plugins.congkhai.tools import check
from pelican.plugins.congkhai.tools.annotations import annotations
from pelican.plugins.congkhai.content.validation import future_cutoff

TWENTY = FIXTURES / "twenty-mistakes"


def test_the_cutoff_is_the_later_of_as_of_and_today():
    past, today, future = dt.date(2018, 7, 5), dt.date(2026, 11, 28), dt.date(2027, 1, 1)
    assert future_cutoff(past, today) == today  # a past report still builds from grown content
    assert future_cutoff(future, today) == future  # a preview may show answers up to its day
    assert future_cutoff(None, today) == today
    assert future_cutoff(None, None) is None


def test_check_prints_one_line_per_problem_and_exits_1(capsys):
    assert check.main([str(TWENTY / "content"), "-s", "", "--as-of", "2018-07-05"]) == 1
    out, err = capsys.readouterr()
    assert err.splitlines() == (TWENTY / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert out == ""


def test_check_for_github_adds_an_annotation_per_problem_vietnamese_first(capsys):
    assert check.main([str(TWENTY / "content"), "-s", "", "--as-of", "2018-07-05", "--format", "github"]) == 1
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert out.splitlines() == annotations(err) and len(out.splitlines()) == 20
    first = out.splitlines()[0]
    assert first.startswith("::error file=content/data/agencies.yaml,line=8,title=Mã cơ quan%2C chữ thường không dấu "
                            "(agencies[3].id)::"
                            "Mã bị trùng trong danh mục: đặt mã khác; mỗi mã chỉ một lần.%0Aduplicate id (got")
    assert lines[0].endswith("Mã bị trùng trong danh mục: đặt mã khác; mỗi mã chỉ một lần.")


def test_check_names_a_wrong_setting_vietnamese_first_without_a_traceback(capsys, tmp_path):
    shutil.copytree(FIXTURES / "defects" / "base" / "content", tmp_path / "content")
    settings = tmp_path / "conf.py"
    settings.write_text('AS_OF = "05/07/2018"\n', encoding="utf-8")
    assert check.main([str(tmp_path / "content"), "-s", str(settings)]) == 2
    assert capsys.readouterr().err == (
        f"{settings}: một thiết lập trong tệp thiết lập (pelicanconf.py) chưa đúng; sửa giá trị đó theo phần "
        "«expected» / setting AS_OF: not an ISO date (got '05/07/2018'; expected YYYY-MM-DD, for example "
        "\"2018-07-05\")\n")


def test_check_passes_a_valid_tree(capsys, tmp_path):
    shutil.copytree(FIXTURES / "defects" / "base" / "content", tmp_path / "content")
    assert check.main([str(tmp_path / "content"), "-s", ""]) == 0
    assert capsys.readouterr().out.endswith("content: không có lỗi / no problems found.\n")


def test_check_reads_allowed_numbers_from_the_settings_file(capsys, tmp_path):
    shutil.copytree(FIXTURES / "defects" / "base" / "content", tmp_path / "content")
    shutil.copytree(FIXTURES / "defects" / "privacy-allowed-hotline" / "content", tmp_path / "content",
                    dirs_exist_ok=True)
    assert check.main([str(tmp_path / "content"), "-s", ""]) == 1
    assert "looks like a phone number" in capsys.readouterr().err
    settings = tmp_path / "conf.py"
    settings.write_text('PRIVACY_ALLOWED_NUMBERS = ["0252.3870.000"]\n', encoding="utf-8")
    assert check.main([str(tmp_path / "content"), "-s", str(settings)]) == 0


def test_check_names_a_missing_folder(capsys, tmp_path):
    assert check.main([str(tmp_path / "nowhere"), "-s", ""]) == 2
    assert capsys.readouterr().err == (f"{tmp_path / 'nowhere'}: (folder): không có thư mục nội dung này; ghi đúng "
                                       "đường dẫn tới thư mục content / not found (expected the content folder)\n")


def test_a_setting_that_names_a_body_that_does_not_exist_is_named():
    from pelican.plugins.congkhai.content.validation import setting_problems
    from pelican.plugins.congkhai.settings import resolve

    options = resolve({"AS_OF": "2026-12-06", "SITE_BODY": "tinh-lam-dng", "REPORTS": [
        {"as_of": "2026-12-06", "start": "2026-01-01", "end": "2026-11-30", "body": "xa-son-my"},
        {"as_of": "2026-12-06", "start": "2026-01-01", "end": "2026-11-30", "body": "phuong-1"}]})
    bodies = {"tinh-lam-dong": None, "xa-son-my": None}
    assert [str(p) for p in setting_problems(options, bodies)] == [
        "pelicanconf.py: SITE_BODY: unknown body (got 'tinh-lam-dng'; did you mean 'tinh-lam-dong'?)",
        "pelicanconf.py: REPORTS[1].body: unknown body (got 'phuong-1'; an id of content/data/bodies.yaml: "
        "tinh-lam-dong, xa-son-my)",
    ]
    # A site of one body has no bodies.yaml: SITE_BODY means nothing there, a report's body is wrong.
    assert [str(p) for p in setting_problems(options, {})] == [
        "pelicanconf.py: REPORTS[0].body: unknown body (got 'xa-son-my'; an id of content/data/bodies.yaml, "
        "which is missing)",
        "pelicanconf.py: REPORTS[1].body: unknown body (got 'phuong-1'; an id of content/data/bodies.yaml, "
        "which is missing)"]


def _answer(content, folder: str, item: str = "2018-06-12-tan-ha/1.1") -> str:
    """A response to item written in content/responses/<folder>/, its path as the checks name it."""
    path = content / "responses" / folder / f"{item.split('/')[1]}-2.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'---\nitem: "{item}"\ndate: 2018-06-28\nagency: phong-tnmt\noutcome: in-progress\n---\n\n'
                    "Phòng đang rà soát hồ sơ.\n", encoding="utf-8")
    return path.relative_to(content.parent).as_posix()


def _placed(content) -> list[str]:
    from pelican.plugins.congkhai.content.reading import read_tree
    from pelican.plugins.congkhai.content.validation import validate

    return [str(p) for p in validate(read_tree(content)) if p.field == "(folder)"]


def test_a_response_sits_where_its_session_sits_on_a_site_of_one_body(tmp_path):
    """A session at the top of sessions/ has its responses at the top of responses/: a body folder
    there is refused, naming the folder the response belongs in."""
    shutil.copytree(FIXTURES / "defects" / "base" / "content", tmp_path / "content")
    content = tmp_path / "content"
    assert _placed(content) == []
    path = _answer(content, "huyen-ham-tan/2018-06-12-tan-ha")
    assert _placed(content) == [
        f"{path}: (folder): a response lives in its session's body folder (got the file in "
        "content/responses/huyen-ham-tan/2018-06-12-tan-ha/, for an item of content/sessions/2018-06-12-tan-ha.yaml; "
        "expected it in content/responses/2018-06-12-tan-ha/: move the file there)"]


def test_a_handed_over_items_answer_stays_in_its_sessions_body_folder(tmp_path):
    """The sample's item 2018-06-12-tan-ha/3.1 passed from huyện Hàm Tân to xã Hàm Tân: its answer is
    written in the district's folder, where the session is, and refused in the commune's."""
    from helpers import ROOT

    shutil.copytree(ROOT / "content", tmp_path / "content")
    content = tmp_path / "content"
    _answer(content, "huyen-ham-tan/2018-06-12-tan-ha", "2018-06-12-tan-ha/3.1")
    assert _placed(content) == []
    path = _answer(content, "xa-ham-tan/2018-06-12-tan-ha", "2018-06-12-tan-ha/3.2")
    assert _placed(content) == [
        f"{path}: (folder): a response lives in its session's body folder (got the file in "
        "content/responses/xa-ham-tan/2018-06-12-tan-ha/, for an item of "
        "content/sessions/huyen-ham-tan/2018-06-12-tan-ha.yaml; expected it in "
        "content/responses/huyen-ham-tan/2018-06-12-tan-ha/: move the file there)"]
