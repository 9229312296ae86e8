"""The checks refuse what the reading lets through but the site must not publish: ids and
file names that would name another place once in a URL or an output path, sessions too
large to read or review, and the placeholders of the skeletons left unfilled."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from helpers import FIXTURES
from pelican.plugins.congkhai.content import kinds, rules
from pelican.plugins.congkhai.content.reading import parse_document, read_tree
from pelican.plugins.congkhai.content.validation import check_file, validate

ID = rules.Field("id", kinds.ID)


def id_messages(value) -> list[str]:
    return [p.message for p in kinds.ID.check(ID, value, "f.yaml", 3, "agencies[1].id")]


@pytest.mark.parametrize("value, part", [
    ("phong/tnmt", "'/'"),
    ("phong\\tnmt", "a backslash"),
    ("..", "'..'"),
    ("phong..tnmt", "'..'"),
    ("C:", "':', as in a drive letter C:"),
    ("c:phong", "':', as in a drive letter C:"),
    ("phong\x00tnmt", "a NUL character"),
    ("%2e%2e", "'..' once its %-escapes are decoded"),
    ("%2E%2E%2Fetc", "'/' once its %-escapes are decoded"),
    ("phong%2ftnmt", "'/' once its %-escapes are decoded"),
    ("phong%5ctnmt", "a backslash once its %-escapes are decoded"),
    ("phong%252ftnmt", "'/' once its %-escapes are decoded"),
    ("%25252e%25252e", "'..' once its %-escapes are decoded"),
    ("phong%00tnmt", "a NUL character once its %-escapes are decoded"),
    ("phong%tnmt", "'%', which starts an encoded character in a URL"),
    ("phong\u202etnmt", "U+202E RIGHT-TO-LEFT OVERRIDE"),
])
def test_an_id_that_looks_like_a_path_is_refused_naming_the_value_and_what_is_in_it(value, part):
    assert id_messages(value) == [
        f"an id becomes part of a page's address, so it holds no path (got {kinds.shown(value)}, which holds "
        f"{part}; expected lower-case ASCII words joined by hyphens, such as 'phong-tnmt')"]


def test_other_wrong_ids_keep_their_message():
    assert id_messages("Phòng TNMT") == ["an id is lower-case ASCII words joined by hyphens (got 'Phòng TNMT'; "
                                         "expected something like 'phong-tnmt')"]


@pytest.fixture
def content(tmp_path):
    shutil.copytree(FIXTURES / "defects" / "base" / "content", tmp_path / "content")
    return tmp_path / "content"


def problems(content) -> list[str]:
    return [str(p) for p in validate(read_tree(content), dt.date(2018, 7, 5))]


def name_problem(where: str, what: str, name: str, part: str) -> str:
    example = "1.1-1.md" if what == "file" else "2018-06-12-tan-ha"
    return (f"{where}: ({what} name): a {what} name becomes part of a page's address, so it holds no path (got "
            f"{name!r}, which holds {part}; expected letters, digits, hyphens and dots, such as {example}: rename "
            f"the {what})")


@pytest.mark.parametrize("name, part", [
    ("1.1\\..\\1.1-2.md", "a backslash"),
    ("C:1.1-2.md", "':', as in a drive letter C:"),
    ("1.1-2%2f..md", "'..'"),
    ("%2e%2e%2f1.1-2.md", "'/' once its %-escapes are decoded"),
    ("1.1-%252f2.md", "'/' once its %-escapes are decoded"),
    ("1.1-\u202e2.md", "U+202E RIGHT-TO-LEFT OVERRIDE"),
])
def test_a_response_file_named_like_a_path_is_refused(content, name, part):
    source = content / "responses" / "2018-06-12-tan-ha" / "1.1-1.md"
    (source.parent / name).write_text(source.read_text(encoding="utf-8").replace("2018-06-20", "2018-06-21"),
                                      encoding="utf-8")
    assert problems(content) == [name_problem(f"content/responses/2018-06-12-tan-ha/{name}", "file", name, part)]


def test_a_folder_named_like_a_path_is_named_once_for_all_its_files(content):
    folder = content / "responses" / "2018..%5cx"
    folder.mkdir()
    for number in (1, 2):
        text = (content / "responses" / "2018-06-12-tan-ha" / "1.1-1.md").read_text(encoding="utf-8")
        (folder / f"1.1-{number + 1}.md").write_text(text.replace("2018-06-20", f"2018-06-2{number}"), encoding="utf-8")
    assert problems(content) == [name_problem("content/responses/2018..%5cx", "folder", "2018..%5cx", "'..'")]


def test_a_session_file_named_like_a_path_is_refused_as_a_session_id(content):
    (content / "sessions" / "2018-06-12-tan-ha.yaml").rename(content / "sessions" / "%2e%2e.yaml")
    found = [p for p in problems(content) if "(file name)" in p]
    assert found == ["content/sessions/%2e%2e.yaml:1: (file name): the file name is the session id (got '%2e%2e'; "
                     "expected lower-case ASCII words joined by hyphens, such as 2018-06-12-tan-ha)"]


@pytest.mark.parametrize("key, value, message", [
    ("agency", "../phong-tnmt", "unknown agency (got '../phong-tnmt'; did you mean 'phong-tnmt'?)"),
    ("item", "2018-06-12-tan-ha/../1.1", "no such item (got '2018-06-12-tan-ha/../1.1'; did you mean "
                                         "'2018-06-12-tan-ha/1.1'?)"),
    ("agency", "%2e%2e%2fphong-tnmt", "unknown agency (got '%2e%2e%2fphong-tnmt'; did you mean 'phong-tnmt'?)"),
])
def test_a_reference_that_looks_like_a_path_names_no_table_entry_and_is_refused(content, key, value, message):
    response = content / "responses" / "2018-06-12-tan-ha" / "1.1-1.md"
    lines = [f'{key}: "{value}"' if line.startswith(f"{key}:") else line
             for line in response.read_text(encoding="utf-8").splitlines()]
    response.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert [p.split(": ", 2)[2] for p in problems(content)] == [message]


# --- sessions too large -------------------------------------------------------------------

def session(opinions: int, items_each: int) -> bytes:
    item = "{stt: %d, topic: dat-dai, text: Đề nghị., handling: answered, answer: Đã trả lời.}"
    head = ("title: Đối thoại\ndate: 2018-06-12\nplace: Hội trường\naudience: nhan-dan\nchairs: [Bí thư]\n"
            "attendance: 80\nopinions:\n")
    return (head + "".join(f"  - {{stt: {n}, speaker: Cử tri, items: [{', '.join(item % k for k in range(1, items_each + 1))}]}}\n"
                           for n in range(1, opinions + 1))).encode("utf-8")


def limit_problems(raw: bytes) -> list[str]:
    checked = check_file(parse_document(raw, "content/sessions/2018-06-12-x.yaml", "session"))
    return [p.message for p in checked.problems if p.field == "opinions"]


SPLIT = ("split the session into two files, such as 2018-06-12-x.yaml and 2018-06-12-x-2.yaml, each with its "
         "opinions numbered from 1")


def test_a_session_at_its_limits_is_checked_as_any_other():
    assert limit_problems(session(rules.MAX_OPINIONS_PER_SESSION, 2)) == []
    assert limit_problems(session(100, rules.MAX_ITEMS_PER_SESSION // 100)) == []


def test_one_opinion_too_many_is_refused_with_the_limit_and_how_to_split():
    assert limit_problems(session(rules.MAX_OPINIONS_PER_SESSION + 1, 1)) == [
        f"too many opinions for one session (got 251; expected at most 250: {SPLIT})"]


def test_one_item_too_many_is_refused_and_its_opinions_are_not_checked_one_by_one():
    raw = session(1, rules.MAX_ITEMS_PER_SESSION + 1).replace(b"topic: dat-dai", b"topic: 7")
    checked = check_file(parse_document(raw, "content/sessions/2018-06-12-x.yaml", "session"))
    assert [str(p) for p in checked.problems] == [
        f"content/sessions/2018-06-12-x.yaml:7: opinions: too many items for one session (got 501 in 1 opinions; "
        f"expected at most 500: {SPLIT})"]
    assert not checked.readable  # responses to its items wait for the split


def test_the_limits_fit_in_the_largest_file():
    """A session at its limit of items, each of a paragraph of 1,000 characters, is a file that can be read."""
    item = "      - {stt: %d, topic: dat-dai, text: '" + "Đề nghị " * 125 + "', handling: answered, answer: x}\n"
    raw = "opinions:\n  - stt: 1\n    items:\n" + "".join(item % n for n in range(1, rules.MAX_ITEMS_PER_SESSION + 1))
    assert len(raw.encode("utf-8")) < rules.MAX_FILE_BYTES


# --- placeholders --------------------------------------------------------------------------

@pytest.mark.parametrize("key, value, left", [
    ("speaker", "", True), ("speaker", "   ", True), ("speaker", "Cử tri thôn 1", False), ("speaker", 3, False),
    ("summary", "…", True), ("summary", "...", True), ("summary", "Hội nghị có 20 ý kiến…", False),
    ("document", "Công văn số …/UBND-… ngày 30/6/2018", True),
    ("document", "Công văn số 512/UBND-… ngày 30/6/2018", True),
    ("document", "Công văn số …/UBND-TNMT ngày 30/6/2018", True),
    ("document", "Công văn số /UBND-TNMT ngày 30/6/2018", True),
    ("document", "Công văn số 512/UBND-TNMT ngày 30/6/2018", False),
    ("document", "Công văn số 512/UBND-TNMT ngày …", False),  # a day is filled in by the skeleton
    ("document", "Quyết định số 12/QĐ-UBND", False),
])
def test_a_placeholder_is_left_in_until_each_of_its_blanks_is_written(key, value, left):
    assert rules.PLACEHOLDER_OF[key].left_in(value) is left


def test_every_placeholder_is_written_as_the_reader_reads_it_back():
    from pelican.plugins.congkhai.content.reading import parse_yaml

    day = dt.date(2018, 6, 30)
    for placeholder in rules.PLACEHOLDERS:
        data, found = parse_yaml(f"{placeholder.key}: {placeholder.written(day)}\n", "f.yaml")
        assert found == [] and placeholder.left_in(data[placeholder.key]), placeholder


def test_the_content_format_states_the_limits_and_refusals_as_rules_declares_them():
    """docs/content-format.md reads its figures from the same rules: a changed limit changes the page."""
    from helpers import ROOT

    text = (ROOT / "docs" / "content-format.md").read_text(encoding="utf-8")
    figures = [f"{rules.MAX_FILE_BYTES:,} bytes", f"{rules.MAX_OPINIONS_PER_SESSION} opinions",
               f"{rules.MAX_ITEMS_PER_SESSION} items", f"{rules.MAX_YAML_VALUES:,} values",
               f"at most {rules.MAX_YAML_DEPTH} deep"]
    spans = [f"U+{a:04X}" for _what, ranges in rules.REFUSED_CHARACTERS for a, _b in ranges]
    names = ["MAX_FILE_BYTES", "MAX_OPINIONS_PER_SESSION", "MAX_ITEMS_PER_SESSION", "MAX_YAML_VALUES",
             "MAX_YAML_DEPTH", "REFUSED_CHARACTERS", "PLACEHOLDERS"]
    assert [f for f in figures + spans + names if f not in text] == []
