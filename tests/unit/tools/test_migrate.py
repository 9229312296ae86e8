"""invoke migrate: the old keys renamed where the contract says, every other byte kept, and
a second run changing nothing."""

from __future__ import annotations

import shutil
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
    assert capsys.readouterr().out.splitlines()[-1].startswith("Mọi tệp đã theo phiên bản 2")


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
