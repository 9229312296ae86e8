"""invoke migrate: the old keys renamed where the contract says, every other byte kept, and
a second run changing nothing."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from pelican.plugins.congkhai.content import rules
from pelican.plugins.congkhai.content.validation import validate_tree
from pelican.plugins.congkhai.tools import migrate

FIXTURES = Path(__file__).parents[2] / "fixtures"
SAMPLE = Path(__file__).parents[3] / "content"

OLD = """\
# Dữ liệu minh họa; a comment that stays
title: Đối thoại    # a trailing comment
no: 7
opinions:
  - no: 1   # ý kiến 1
    speaker: Cử tri thôn 1
    items:
      - "no": 1
        text: "no: inside a text stays"
      - {'no': 2, text: flow}
  -
    speaker: Cử tri thôn 2
    no: 2
    items: []
"""
NEW = """\
# Dữ liệu minh họa; a comment that stays
title: Đối thoại    # a trailing comment
no: 7
opinions:
  - stt: 1   # ý kiến 1
    speaker: Cử tri thôn 1
    items:
      - "stt": 1
        text: "no: inside a text stays"
      - {'stt': 2, text: flow}
  -
    speaker: Cử tri thôn 2
    stt: 2
    items: []
"""


def test_only_the_old_keys_of_opinions_and_items_are_renamed_and_every_other_byte_kept():
    text, done = migrate.migrate_text(OLD, rules.SESSION_FIELDS)
    assert text == NEW  # a top-level `no` is no field of a session: the checks name it, migrate leaves it
    assert [(r.line, r.field, r.old, r.new, r.version) for r in done] == [
        (5, "opinions[1].stt", "no", "stt", 2),
        (8, "opinions[1].items[1].stt", "no", "stt", 2),
        (10, "opinions[1].items[2].stt", "no", "stt", 2),
        (13, "opinions[2].stt", "no", "stt", 2),
    ]


def test_a_second_run_changes_nothing():
    once, _ = migrate.migrate_text(OLD, rules.SESSION_FIELDS)
    assert migrate.migrate_text(once, rules.SESSION_FIELDS) == (once, [])


def test_windows_line_endings_and_a_bom_stay():
    old = "\ufeff" + OLD.replace("\n", "\r\n")
    assert migrate.migrate_text(old, rules.SESSION_FIELDS)[0] == "\ufeff" + NEW.replace("\n", "\r\n")


def test_a_block_holding_both_names_is_left_for_the_checks_to_name():
    old = "opinions:\n  - no: 1\n    stt: 1\n    items: []\n"
    assert migrate.migrate_text(old, rules.SESSION_FIELDS) == (old, [])


def _tree(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "defects" / "base", tmp_path, dirs_exist_ok=True)
    shutil.copytree(FIXTURES / "defects" / "key-renamed-no" / "content", tmp_path / "content", dirs_exist_ok=True)
    return tmp_path / "content"


def test_a_tree_of_the_first_version_passes_the_checks_once_migrated_and_a_second_run_writes_nothing(tmp_path):
    content = _tree(tmp_path)
    assert validate_tree(content, {})[1]  # refused before: the old keys
    session = content / "sessions" / "2018-06-12-tan-ha.yaml"
    outcomes = migrate.migrate_tree(content)
    assert [(o.path, [r.line for r in o.renames]) for o in outcomes] == [
        ("content/sessions/2018-06-12-tan-ha.yaml", [11, 20])]
    problems = [str(p) for p in validate_tree(content, {})[1]]
    assert not [p for p in problems if "renamed" in p]
    assert not [p for p in problems if "no such item" in p]
    written = session.read_bytes()
    mtime = session.stat().st_mtime_ns
    assert migrate.migrate_tree(content) == []
    assert session.read_bytes() == written and session.stat().st_mtime_ns == mtime


def test_check_says_what_would_change_writes_nothing_and_fails(tmp_path, capsys):
    content = _tree(tmp_path)
    before = (content / "sessions" / "2018-06-12-tan-ha.yaml").read_bytes()
    assert migrate.main([str(content), "--check"]) == 1
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "content/sessions/2018-06-12-tan-ha.yaml:11: opinions[1].stt: «no» → «stt» (phiên bản 2 / version 2)",
        "content/sessions/2018-06-12-tan-ha.yaml:20: opinions[1].items[2].stt: «no» → «stt» (phiên bản 2 / version 2)",
        "Sẽ đổi 2 khóa trong 1 tệp; chạy «invoke migrate» để ghi. / "
        "Would rename 2 keys in 1 files; run `invoke migrate` to write them.",
    ]
    assert (content / "sessions" / "2018-06-12-tan-ha.yaml").read_bytes() == before
    assert migrate.main([str(content)]) == 0
    assert migrate.main([str(content), "--check"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith(f"Mọi tệp đã theo phiên bản {rules.CONTRACT_VERSION}")


def test_a_file_that_cannot_be_read_is_named_and_left_as_it_is(tmp_path, capsys):
    content = _tree(tmp_path)
    broken = content / "sessions" / "2018-06-13-tan-ha.yaml"
    broken.write_text("title: [\nopinions:\n  - no: 1\n", encoding="utf-8")
    assert migrate.main([str(content)]) == 1
    out = capsys.readouterr().out
    assert ("content/sessions/2018-06-13-tan-ha.yaml: để nguyên vì chưa đọc được tệp: sửa các lỗi «invoke "
            "validate» nêu, rồi chạy lại / left as it is, the file cannot be read yet: fix what `invoke validate` "
            "reports, then run this again (content/sessions/2018-06-13-tan-ha.yaml:") in out
    assert broken.read_text(encoding="utf-8") == "title: [\nopinions:\n  - no: 1\n"


def test_the_sample_follows_the_current_version():
    assert migrate.migrate_tree(SAMPLE, write=False) == []


DEFECT = FIXTURES / "defects" / "response-outside-its-body-folder" / "content"
OLD_PLACE = "responses/2018-06-20-tan-ha/1.1-1.md"
NEW_PLACE = "responses/huyen-ham-tan/2018-06-20-tan-ha/1.1-1.md"
WRONG_BODY = "responses/xa-ham-tan/2018-06-20-tan-ha/1.2-1.md"


def _misplaced(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "defects" / "base", tmp_path, dirs_exist_ok=True)
    shutil.copytree(DEFECT, tmp_path / "content", dirs_exist_ok=True)
    return tmp_path / "content"


def test_responses_are_moved_into_their_sessions_body_folder_bytes_unchanged_and_said_vietnamese_first(
        tmp_path, capsys):
    content = _misplaced(tmp_path)
    old, wrong = (content / OLD_PLACE).read_bytes(), (content / WRONG_BODY).read_bytes()
    assert migrate.main([str(content)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "content/responses/2018-06-20-tan-ha/1.1-1.md: Đã chuyển câu trả lời vào thư mục của đơn vị tổ chức buổi "
        "đối thoại, nội dung giữ nguyên: ghi nhận (commit) việc chuyển cùng các tệp khác.",
        "    moved into its session's body folder (got content/responses/2018-06-20-tan-ha/1.1-1.md; now "
        "content/responses/huyen-ham-tan/2018-06-20-tan-ha/1.1-1.md, as version 3 of the content format puts it)",
        "content/responses/xa-ham-tan/2018-06-20-tan-ha/1.2-1.md: Đã chuyển câu trả lời vào thư mục của đơn vị tổ "
        "chức buổi đối thoại, nội dung giữ nguyên: ghi nhận (commit) việc chuyển cùng các tệp khác.",
        "    moved into its session's body folder (got content/responses/xa-ham-tan/2018-06-20-tan-ha/1.2-1.md; now "
        "content/responses/huyen-ham-tan/2018-06-20-tan-ha/1.2-1.md, as version 3 of the content format puts it)",
        "Đã chuyển 2 câu trả lời vào thư mục của đơn vị tổ chức buổi đối thoại; ghi nhận (commit) việc chuyển như "
        "mọi thay đổi.",
        "    Moved 2 responses into their sessions' body folders; commit the move as any change.",
    ]
    assert (content / NEW_PLACE).read_bytes() == old
    assert (content / "responses/huyen-ham-tan/2018-06-20-tan-ha/1.2-1.md").read_bytes() == wrong
    assert not (content / "responses" / "2018-06-20-tan-ha").exists()  # the emptied folder goes too
    assert validate_tree(content, {})[1] == []
    assert migrate.moves(content) == []  # a second run moves nothing
    assert migrate.main([str(content)]) == 0
    assert capsys.readouterr().out.startswith(f"Mọi tệp đã theo phiên bản {rules.CONTRACT_VERSION}")


def test_check_says_what_it_would_move_and_moves_nothing(tmp_path, capsys):
    content = _misplaced(tmp_path)
    assert migrate.main([str(content), "--check"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == ("content/responses/2018-06-20-tan-ha/1.1-1.md: Câu trả lời cần chuyển vào thư mục của đơn vị "
                      "tổ chức buổi đối thoại: chạy `invoke migrate` để chuyển.")
    assert out[-2:] == ["Sẽ chuyển 2 câu trả lời vào thư mục của đơn vị tổ chức buổi đối thoại; chạy «invoke "
                        "migrate» để chuyển.", "    Would move 2 responses into their sessions' body folders; run "
                        "`invoke migrate` to move them."]
    assert (content / OLD_PLACE).is_file() and not (content / NEW_PLACE).exists()


def test_a_file_already_in_the_new_place_is_never_written_over(tmp_path, capsys):
    content = _misplaced(tmp_path)
    (content / NEW_PLACE).parent.mkdir(parents=True)
    (content / NEW_PLACE).write_text("kept\n", encoding="utf-8")
    assert migrate.main([str(content)]) == 1
    out = capsys.readouterr().out
    assert ("content/responses/2018-06-20-tan-ha/1.1-1.md: Chưa chuyển được câu trả lời vì ở chỗ mới đã có một tệp "
            "cùng tên: so sánh hai tệp, giữ một, rồi chạy lại `invoke migrate`.\n    cannot be moved into its "
            "session's body folder (got content/responses/2018-06-20-tan-ha/1.1-1.md; expected no file there yet: "
            "compare the two, keep one, then run this again)") in out
    assert (content / NEW_PLACE).read_text(encoding="utf-8") == "kept\n" and (content / OLD_PLACE).is_file()


def test_in_a_git_checkout_the_move_is_staged_as_a_rename(tmp_path):
    content = _misplaced(tmp_path)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "v2"]):
        subprocess.run(git + command, cwd=tmp_path, check=True)
    assert migrate.main([str(content)]) == 0
    staged = subprocess.run(["git", "status", "--porcelain"], cwd=tmp_path, capture_output=True, text=True).stdout
    assert f"R  content/{OLD_PLACE} -> content/{NEW_PLACE}" in staged.splitlines()
    assert f"R  content/{WRONG_BODY} -> content/responses/huyen-ham-tan/2018-06-20-tan-ha/1.2-1.md" in staged.splitlines()
