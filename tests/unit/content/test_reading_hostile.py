"""Reading refuses what could hurt the build or mislead a reader, quickly and by name:
YAML that expands or nests without end, tags that make objects, characters that hide or
reorder text, files too large, and links that lead out of the content folder, which are
never opened. Exact messages of whole trees are in tests/fixtures/defects/."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import yaml

from pelican.plugins.congkhai.content import reading, rules
from pelican.plugins.congkhai.content.reading import list_tree, parse_document, read_bytes, read_tree
from pelican.plugins.congkhai.content.validation import check_file, validate, validate_tree

PATH = "content/sessions/x.yaml"


def problems(raw: bytes | str, kind: str = "session", path: str = PATH) -> list[str]:
    raw = raw.encode("utf-8") if isinstance(raw, str) else raw
    return [str(p) for p in parse_document(raw, path, kind).problems]


def billion_laughs(levels: int = 9) -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, levels):
        lines.append(f"{chr(97 + n)}: &{chr(97 + n)} [{', '.join(['*' + chr(96 + n)] * 9)}]")
    return "\n".join(lines) + f"\ndate: *{chr(96 + levels)}\n"


# --- YAML: aliases, nesting, tags -----------------------------------------------------------

def test_what_pyyaml_does_alone_an_alias_bomb_is_tiny_in_memory_and_endless_to_walk():
    """CSafeLoader shares an alias's value instead of copying it, so loading is instant; what
    blew up was every walk after it (a message quoting `date: *i` stringified 9**9 values)."""
    data = yaml.load(billion_laughs(), Loader=yaml.CSafeLoader)
    assert data["date"][0] is data["date"][1]  # shared, not copied


def test_an_alias_bomb_is_refused_within_a_second_with_its_line():
    started = time.perf_counter()
    doc = parse_document(billion_laughs().encode(), PATH, "session")
    checked = check_file(doc)
    assert time.perf_counter() - started < 1
    assert [str(p) for p in checked.problems] == [
        f"{PATH}:6: (yaml): the aliases expand to too many values (got more than 100,000 once *e on this line "
        "is written out; expected at most 100,000: write each value out instead of repeating blocks with & and *)"]
    assert doc.data is None


def test_an_alias_of_the_block_it_is_in_is_refused():
    assert problems("title: &t [a, *t]\n") == [
        f"{PATH}:1: (yaml): an alias repeats the block it is in (got *t inside &t; expected the values written out: "
        "remove the alias)"]


def test_a_few_aliases_within_the_limit_are_read():
    doc = parse_document(b"chairs: &c [A, B]\nbasis: *c\n", PATH, "session")
    assert doc.problems == [] and doc.data["basis"] == ["A", "B"]


@pytest.mark.parametrize("raw", [
    b"summary: " + b"[" * 100_000 + b"]" * 100_000 + b"\n",  # a segmentation fault in PyYAML's C composer
    b"summary: " + b"{a: " * 50_000 + b"1" + b"}" * 50_000 + b"\n",
    b"- " * 100_000 + b"x\n",
    b"".join(b" " * depth + b"k%d:\n" % depth for depth in range(1_000)) + b" " * 1_000 + b"x\n",
])
def test_nesting_deeper_than_the_limit_is_refused_before_the_parser_recurses(raw):
    started = time.perf_counter()
    found = problems(raw)
    assert time.perf_counter() - started < 1
    assert len(found) == 1 and found[0].endswith(
        "(yaml): the blocks and lists nest too deep (got more than 20 levels; expected at most 20: a session "
        "nests five, its opinions and their items; check the indentation and the brackets)")


def test_the_contracts_own_nesting_is_far_from_the_limit():
    assert problems("opinions:\n  - stt: 1\n    items:\n      - stt: 1\n        text: [[[[[[a]]]]]]\n") == []


@pytest.mark.parametrize("tag, shown", [
    ("!!python/object/apply:os.system ['echo owned']", "!!python/object/apply:os.system"),
    ("!!python/object:collections.OrderedDict {}", "!!python/object:collections.OrderedDict"),
    ("!!python/name:os.system", "!!python/name:os.system"),
    ("!!python/module:os", "!!python/module:os"),
    ("!foo bar", "!foo"),
    ("!<tag:example.com,2024:x> y", "tag:example.com,2024:x"),
    ("!!binary aGVsbG8=", "!!binary"),
    ("!!set {a: null}", "!!set"),
    ("!!omap [{a: 1}]", "!!omap"),
    ("!!pairs [{a: 1}]", "!!pairs"),
])
def test_a_tag_that_makes_an_object_or_another_kind_of_value_is_refused_with_its_line(tag, shown):
    assert problems(f"date: 2018-06-12\nsummary: {tag}\n") == [
        f"{PATH}:2: (yaml): a YAML tag is not read (got {shown}; expected a plain value: text, a number, a date, "
        "a list or a block of keys: remove the tag, the word starting with '!')"]


def test_pyyaml_alone_refuses_python_tags_and_makes_bytes_and_sets():
    """What already held, and what did not: the safe loader never builds Python objects, but
    !!binary and !!set gave values of kinds no check expected (a value of another kind)."""
    with pytest.raises(yaml.constructor.ConstructorError):
        yaml.load("a: !!python/object/apply:os.system ['true']", Loader=yaml.CSafeLoader)
    assert yaml.load("a: !!binary aGk=\nb: !!set {x: null}", Loader=yaml.CSafeLoader) == {"a": b"hi", "b": {"x"}}


@pytest.mark.parametrize("value", ["!!str 12", "!!int 12", "!!float 1.5", "!!bool true", "!!null ''",
                                   "!!timestamp 2018-06-12", "!!seq [a]", "!!map {a: b}"])
def test_the_tags_of_plain_values_are_read(value):
    assert problems(f"summary: {value}\n") == []


def test_a_merge_key_is_named_as_such():
    assert problems("a: &a {x: 1}\nb:\n  <<: *a\n") == [
        f"{PATH}:3: (yaml): a merge key is not read (got `<<:`; expected the keys written out in this block: "
        "copy them here in place of the `<<:` line)"]


# --- characters ---------------------------------------------------------------------------

def message(code: str, where: str, what: str) -> str:
    return (f"a character that is not allowed (got {code} {where}: {what}; expected none: delete it; it does not "
            "show, so retype the words around it if you cannot find it)")


CONTROL = "a control character, which no text needs"
BIDI = "a bidirectional control, which can show text in another order than it is read"
INVISIBLE = ("an invisible character, which Vietnamese text does not need and which keeps search from finding "
             "the word it is in")


@pytest.mark.parametrize("char, code, what", [
    ("\x00", "U+0000", CONTROL), ("\x07", "U+0007", CONTROL), ("\x1b", "U+001B", CONTROL),
    ("\x0b", "U+000B", CONTROL), ("\x7f", "U+007F", CONTROL), ("\x85", "U+0085", CONTROL), ("\x9b", "U+009B", CONTROL),
    *((chr(c), f"U+{c:04X} {n}", BIDI) for c, n in (
        (0x202A, "LEFT-TO-RIGHT EMBEDDING"), (0x202B, "RIGHT-TO-LEFT EMBEDDING"), (0x202C, "POP DIRECTIONAL FORMATTING"),
        (0x202D, "LEFT-TO-RIGHT OVERRIDE"), (0x202E, "RIGHT-TO-LEFT OVERRIDE"), (0x2066, "LEFT-TO-RIGHT ISOLATE"),
        (0x2067, "RIGHT-TO-LEFT ISOLATE"), (0x2068, "FIRST STRONG ISOLATE"), (0x2069, "POP DIRECTIONAL ISOLATE"),
        (0x200E, "LEFT-TO-RIGHT MARK"), (0x200F, "RIGHT-TO-LEFT MARK"), (0x061C, "ARABIC LETTER MARK"))),
    ("\u2028", "U+2028 LINE SEPARATOR",
     "a line or paragraph separator, which YAML reads as a line break that no editor shows"),
    *((chr(c), f"U+{c:04X} {n}", INVISIBLE) for c, n in (
        (0x00AD, "SOFT HYPHEN"), (0x200B, "ZERO WIDTH SPACE"), (0x200C, "ZERO WIDTH NON-JOINER"),
        (0x200D, "ZERO WIDTH JOINER"), (0x2060, "WORD JOINER"), (0xFEFF, "ZERO WIDTH NO-BREAK SPACE"),
        (0xE0041, "TAG LATIN CAPITAL LETTER A"))),
])
def test_each_refused_character_is_named_with_its_line_column_and_field(char, code, what):
    raw = f"title: Đối thoại\nplace: Hội {char}trường\n"
    assert problems(raw) == [f"{PATH}:2: place: {message(code, 'at column 12', what)}"]


def test_the_rest_of_the_file_is_read_without_them():
    doc = parse_document("title: Đối\u202e thoại\nplace: x\n".encode(), PATH, "session")
    assert doc.data == {"title": "Đối  thoại", "place": "x"}  # a space in its place: lines and columns stay


def test_in_a_markdown_body_the_field_is_the_answer_and_the_line_the_files():
    raw = "---\nitem: 'a/1.1'\n---\nDòng một.\nHai \u2067ba\n"
    assert problems(raw, "response", "content/responses/a/1.1-1.md") == [
        f"content/responses/a/1.1-1.md:5: (answer): {message('U+2067 RIGHT-TO-LEFT ISOLATE', 'at column 5', BIDI)}"]


def test_a_character_written_as_an_escape_or_an_html_reference_is_refused_too():
    assert problems('title: "Đối\\u202e thoại"\n') == [
        f"{PATH}:1: title: {message('U+202E RIGHT-TO-LEFT OVERRIDE', 'at character 4 of the value, written as an escape', BIDI)}"]
    assert problems("summary: a &rlm; b &#x200d; c &#8206;\n") == [
        f"{PATH}:1: summary: {message('U+200F RIGHT-TO-LEFT MARK', 'at column 12, written as &rlm;', BIDI)}",
        f"{PATH}:1: summary: {message('U+200D ZERO WIDTH JOINER', 'at column 20, written as &#x200d;', INVISIBLE)}",
        f"{PATH}:1: summary: {message('U+200E LEFT-TO-RIGHT MARK', 'at column 31, written as &#8206;', BIDI)}"]


def test_a_file_full_of_them_names_ten_and_counts_the_rest():
    found = problems("title: x\nsummary: " + "\x07" * 100_000 + "\n")
    assert len(found) == 11
    assert found[-1] == (f"{PATH}:2: (file): more characters that are not allowed (got 99990 more after this line; "
                         "expected none: search the file for them after deleting the ones named above)")


@pytest.mark.parametrize("text", ["Tab\there", "Một\ndòng\nmới", "Cách\u00a0không ngắt", "Hòa \u0300", "€ ₫ “”"])
def test_tabs_new_lines_and_visible_characters_are_text(text):
    assert problems("summary: |\n  " + text.replace("\n", "\n  ") + "\n") == []


def test_utf16_without_its_mark_is_named_not_read_as_nuls():
    assert problems("title: abc\n".encode("utf-16-le")) == [
        f"{PATH}:1: (file): the file is not UTF-8 (got bytes that look like UTF-16; expected UTF-8: save it again "
        "as «UTF-8» in your editor)"]


# --- size ---------------------------------------------------------------------------------

def test_a_file_over_the_limit_is_refused_without_reading_the_rest(tmp_path):
    huge = tmp_path / "huge.yaml"
    with open(huge, "wb") as stream:  # sparse: 4 GB that take no room
        stream.truncate(4 * 1024 ** 3)
    started = time.perf_counter()
    raw = read_bytes(huge)
    found = [str(p) for p in parse_document(raw, PATH, "session").problems]
    assert time.perf_counter() - started < 1 and len(raw) == rules.MAX_FILE_BYTES + 1
    assert found == [
        f"{PATH}: (file): the file is too large (got more than 1,000,000 bytes; expected at most 1,000,000 bytes, "
        "1 MB: split the session into two files, such as x.yaml and x-2.yaml, each with its opinions numbered from 1)"]


@pytest.mark.parametrize("kind, path, hint", [
    ("response", "content/responses/a/1.1-1.md", "shorten the answer, or publish the whole document elsewhere and link to it"),
    ("agencies", "content/data/agencies.yaml",
     "keep only the ids, names, dates and acts of its entries; check that nothing else was pasted into it"),
])
def test_the_limit_says_how_to_make_each_kind_of_file_smaller(kind, path, hint):
    assert problems(b"a" * (rules.MAX_FILE_BYTES + 1), kind, path) == [
        f"{path}: (file): the file is too large (got more than 1,000,000 bytes; expected at most 1,000,000 bytes, "
        f"1 MB: {hint})"]


def test_a_file_at_the_limit_is_read():
    raw = b"title: x\nsummary: " + b"a" * (rules.MAX_FILE_BYTES - 19) + b"\n"
    assert len(raw) == rules.MAX_FILE_BYTES and problems(raw) == []


# --- links and what is not a file ---------------------------------------------------------

def tree(tmp_path: Path) -> Path:
    """A content folder, with a secret beside it that no link may bring in."""
    content = tmp_path / "site" / "content"
    for folder in ("data", "sessions", "responses"):
        (content / folder).mkdir(parents=True)
    (content / "data" / "agencies.yaml").write_text("agencies: [{id: a, name: A, level: other}]\n", encoding="utf-8")
    (content / "data" / "topics.yaml").write_text("topics: [{id: t, name: T}]\n", encoding="utf-8")
    (content / "data" / "communes.yaml").write_text("communes: [{id: c, name: C}]\n", encoding="utf-8")
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "2018-06-12-bi-mat.yaml").write_text("title: BÍ MẬT\n", encoding="utf-8")
    return content


def outside(content: Path) -> Path:
    return content.parent.parent / "secret"


def refused(content: Path) -> list[str]:
    return [str(p) for doc in reading.refused_documents(content) for p in doc.problems]


LINK_OUT = ("the {what} is a link to a {what} outside the content folder, which is never read (got a link to "
            "{target!r}; expected the {what} itself inside the content folder: put a copy in place of the link, "
            "or delete it)")


def test_a_file_linked_from_outside_is_refused_and_never_read(tmp_path, monkeypatch):
    content = tree(tmp_path)
    target = outside(content) / "2018-06-12-bi-mat.yaml"
    (content / "sessions" / "2018-06-12-bi-mat.yaml").symlink_to("../../../secret/2018-06-12-bi-mat.yaml")
    opened = []
    real_read = reading.read_bytes
    monkeypatch.setattr(reading, "read_bytes", lambda file: opened.append(os.path.realpath(file)) or real_read(file))
    documents = read_tree(content)
    assert str(target) not in opened and all(os.path.realpath(f).startswith(str(content)) for f in opened)
    assert [str(p) for p in validate(documents)] == [
        "content/sessions/2018-06-12-bi-mat.yaml: (file): " + LINK_OUT.format(
            what="file", target="../../../secret/2018-06-12-bi-mat.yaml")]
    assert all("BÍ MẬT" not in str(p) for doc in documents for p in doc.problems)


def test_a_folder_linked_from_outside_is_refused_and_nothing_in_it_listed(tmp_path):
    content = tree(tmp_path)
    (content / "sessions" / "bi-mat").symlink_to("../../../secret", target_is_directory=True)
    assert all("bi-mat" not in display for _, display, _ in list_tree(content))
    assert refused(content) == ["content/sessions/bi-mat: (folder): " + LINK_OUT.format(what="folder", target="../../../secret")]


def test_a_whole_section_linked_from_outside_is_refused(tmp_path):
    content = tree(tmp_path)
    (content / "responses").rmdir()
    (content / "responses").symlink_to(outside(content), target_is_directory=True)
    assert [kind for _, _, kind in list_tree(content)] == ["agencies", "topics", "communes"]
    assert refused(content) == ["content/responses: (folder): " + LINK_OUT.format(what="folder", target=str(outside(content)))]


def test_a_data_file_linked_from_outside_is_refused_not_called_missing(tmp_path):
    content = tree(tmp_path)
    (content / "data" / "topics.yaml").unlink()
    (content / "data" / "topics.yaml").symlink_to("../../../secret/2018-06-12-bi-mat.yaml")
    assert [kind for _, _, kind in list_tree(content)] == ["agencies", "communes"]
    _checks, found = validate_tree(content, {})
    assert [str(p) for p in found] == ["content/data/topics.yaml: (file): " + LINK_OUT.format(
        what="file", target="../../../secret/2018-06-12-bi-mat.yaml")]


def test_any_entry_is_looked_at_hidden_ones_and_those_pelican_might_copy_too(tmp_path):
    content = tree(tmp_path)
    (content / "images").mkdir()
    (content / "images" / "logo.png").symlink_to("/etc/passwd")
    (content / ".hidden").symlink_to("/etc", target_is_directory=True)
    assert refused(content) == [
        "content/.hidden: (folder): " + LINK_OUT.format(what="folder", target="/etc"),
        "content/images/logo.png: (file): " + LINK_OUT.format(what="file", target="/etc/passwd")]


def test_links_that_lead_nowhere_or_into_their_own_folder_are_refused(tmp_path):
    content = tree(tmp_path)
    (content / "responses" / "gone.md").symlink_to("nowhere.md")
    (content / "sessions" / "loop").symlink_to("..", target_is_directory=True)
    assert refused(content) == [
        "content/responses/gone.md: (file): the link leads nowhere (got a link to 'nowhere.md'; expected a file or a "
        "folder of the content folder: correct the link or delete it)",
        "content/sessions/loop: (folder): the folder is a link to a folder it is in (got a link to '..'; expected a "
        "folder of its own: delete the link)"]
    assert [kind for _, _, kind in list_tree(content)] == ["agencies", "topics", "communes"]


def test_a_link_that_stays_inside_the_content_folder_is_followed(tmp_path):
    content = tree(tmp_path)
    (content / "shared").mkdir()
    (content / "shared" / "2018-06-12-tan-ha.yaml").write_text("title: x\n", encoding="utf-8")
    (content / "sessions" / "huyen").symlink_to("../shared", target_is_directory=True)
    (content / "sessions" / "2018-06-13-tan-ha.yaml").symlink_to("../shared/2018-06-12-tan-ha.yaml")
    assert refused(content) == []
    assert [display for _, display, kind in list_tree(content) if kind == "session"] == [
        "content/sessions/2018-06-13-tan-ha.yaml", "content/sessions/huyen/2018-06-12-tan-ha.yaml"]


def test_two_folders_linked_to_each_other_are_walked_once_each_and_their_files_named_twice(tmp_path):
    content = tree(tmp_path)
    (content / "sessions" / "a").mkdir()
    (content / "sessions" / "b").mkdir()
    (content / "sessions" / "a" / "to-b").symlink_to("../b", target_is_directory=True)
    (content / "sessions" / "b" / "to-a").symlink_to("../a", target_is_directory=True)
    (content / "sessions" / "b" / "2018-06-12-x.yaml").write_text("title: x\n", encoding="utf-8")
    listed = [display for _, display, kind in list_tree(content) if kind == "session"]
    assert listed == ["content/sessions/a/to-b/2018-06-12-x.yaml", "content/sessions/b/2018-06-12-x.yaml"]
    assert any("two session files have the same id" in str(p) for p in validate(read_tree(content)))


def test_what_is_neither_a_file_nor_a_folder_is_refused_not_opened(tmp_path):
    content = tree(tmp_path)
    os.mkfifo(content / "sessions" / "2018-06-12-pipe.yaml")  # opening it would wait for ever
    assert refused(content) == [
        "content/sessions/2018-06-12-pipe.yaml: (file): neither a file nor a folder (got a named pipe, a socket or a "
        "device; expected a text file: delete it)"]
    assert [kind for _, _, kind in list_tree(content)] == ["agencies", "topics", "communes"]


def test_a_folder_by_a_files_name_is_named_not_a_traceback(tmp_path):
    content = tree(tmp_path)
    (content / "data" / "topics.yaml").unlink()
    (content / "data" / "topics.yaml").mkdir()
    _checks, found = validate_tree(content, {})
    assert [str(p) for p in found] == [
        "content/data/topics.yaml: (file): the file cannot be read (got «Is a directory»; expected a text file the "
        "build may read: check that it is a file and that its permissions let others read it)"]
