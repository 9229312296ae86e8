"""The kinds of value of the content contract (content/kinds.py): each kind's
messages and JSON Schema fragment, every Field holding one, and no module
choosing what to do by a kind's name."""

from __future__ import annotations

import ast
import datetime as dt

import pytest

from pelican.plugins.congkhai.build import imports
from pelican.plugins.congkhai.content import kinds, rules
from pelican.plugins.congkhai.content.problems import Problem
from pelican.plugins.congkhai.content.reading import LineDict, LineList
from pelican.plugins.congkhai.tools import schemas

PLAIN = rules.Field("x", kinds.TEXT)
CHOICES = rules.Field("x", kinds.TEXT, choices=("answered", "assigned"))
REF = rules.Field("x", kinds.TEXT, ref="agency")
ID = rules.Field("x", kinds.ID)
NAMES = {"text", "markdown", "date", "int", "list", "id", "mapping-list", "code"}


def messages(kind: kinds.Kind, value, field: rules.Field | None = None) -> list[str]:
    field = field or rules.Field("x", kind)
    problems = kind.check(field, value, "f.yaml", 7, "p.x")
    assert all(isinstance(p, Problem) and (p.path, p.line, p.field) == ("f.yaml", 7, "p.x") for p in problems)
    return [p.message for p in problems]


def all_tables():
    return [rules.SESSION_FIELDS, rules.OPINION_FIELDS, rules.ITEM_FIELDS, rules.RESPONSE_FIELDS,
            rules.SUPERVISION_FIELDS, *(fields for _key, fields in rules.DATA_FILES.values())]


def test_every_field_holds_a_kind_instance():
    for table in all_tables():
        for field in table:
            assert isinstance(field.kind, kinds.Kind), field
            assert field.kind.name in NAMES, field
    # Fields stay hashable and comparable, nested blocks and all.
    assert len({field for table in all_tables() for field in table}) > 0


def test_lists_of_blocks_name_the_fields_of_their_blocks():
    kinds_of = {f.name: f.kind for f in rules.SESSION_FIELDS} | {f.name: f.kind for f in rules.OPINION_FIELDS}
    assert isinstance(kinds_of["opinions"], kinds.BlockList)
    assert kinds_of["opinions"].fields is rules.OPINION_FIELDS
    assert kinds_of["items"].fields is rules.ITEM_FIELDS
    blocks = [f for table in all_tables() for f in table if isinstance(f.kind, kinds.BlockList)]
    assert sorted(f.name for f in blocks) == ["items", "opinions", "successors"]


def test_each_kind_has_its_name_and_a_doc_for_clerks():
    each = [kinds.TEXT, kinds.MARKDOWN, kinds.ID, kinds.DATE, kinds.WHOLE_NUMBER, kinds.TEXT_LIST,
            kinds.BlockList(rules.ITEM_FIELDS), kinds.CODE]
    assert {k.name for k in each} == NAMES
    docs = [k.doc for k in each]
    assert len(set(docs)) == len(docs) and all(d.strip() for d in docs)
    assert "YYYY-MM-DD" in kinds.DATE.doc


def test_text_messages():
    assert messages(kinds.TEXT, "Hội trường UBND xã") == []
    assert messages(kinds.TEXT, 42) == ["must be text (got a whole number; expected text)"]
    assert messages(kinds.TEXT, "") == ["must be text (got an empty value; expected text)"]
    assert messages(kinds.TEXT, ["a"]) == ["must be text (got a list; expected text)"]
    assert messages(kinds.TEXT, LineDict()) == ["must be text (got a block of keys; expected text)"]
    # a list as read from a file is the reader's LineList: named as what the editor wrote, never by its class
    assert messages(kinds.TEXT, LineList(["a"])) == ["must be text (got a list; expected text)"]
    assert messages(kinds.TEXT, True) == ["must be text (got true/false; expected text)"]
    assert messages(kinds.TEXT, "Phong TNMT", REF) == []  # the reference itself is checked across files


def test_text_with_choices():
    assert messages(kinds.TEXT, "assigned", CHOICES) == []
    assert messages(kinds.TEXT, "giao", CHOICES) == [
        "not an allowed value (got 'giao'; expected one of: answered, assigned)"]
    assert messages(kinds.TEXT, 3, CHOICES) == ["must be text (got a whole number; expected text)"]


def test_markdown_is_checked_as_text_and_is_no_id():
    assert messages(kinds.MARKDOWN, "**Đường** liên thôn 3 xuống cấp.") == []
    assert messages(kinds.MARKDOWN, 2.5) == ["must be text (got a decimal number; expected text)"]


def test_id_messages():
    assert messages(kinds.ID, "phong-tnmt") == []
    assert messages(kinds.ID, "Phòng TNMT") == [
        "an id is lower-case ASCII words joined by hyphens (got 'Phòng TNMT'; expected something like 'phong-tnmt')"]
    assert messages(kinds.ID, "phong--tnmt") != []
    assert messages(kinds.ID, None) == ["must be text (got an empty value; expected text)"]
    # The pattern first, then the allowed values.
    field = rules.Field("x", kinds.ID, choices=("tan-ha",))
    assert messages(kinds.ID, "Tan Ha", field)[0].startswith("an id is")
    assert messages(kinds.ID, "phu-long", field) == ["not an allowed value (got 'phu-long'; expected one of: tan-ha)"]


def test_date_messages():
    assert messages(kinds.DATE, dt.date(2018, 6, 12)) == []
    assert messages(kinds.DATE, dt.datetime(2018, 6, 12, 8, 30)) == [
        "a date must not carry a time (got 2018-06-12 08:30:00; expected 2018-06-12)"]
    assert messages(kinds.DATE, "12/06/2018") == [
        "dates are written year-month-day (got '12/06/2018'; expected 2018-06-12)"]
    assert messages(kinds.DATE, " 5.7.2018 ") == [
        "dates are written year-month-day (got ' 5.7.2018 '; expected 2018-07-05)"]
    assert messages(kinds.DATE, "31/02/2018") == [
        "not a real date (got '31/02/2018'; expected a day of the calendar, written YYYY-MM-DD)"]
    assert messages(kinds.DATE, "sáng nay") == [
        "not a date (got 'sáng nay'; expected YYYY-MM-DD, for example 2018-06-12)"]
    assert messages(kinds.DATE, 20180612) == [
        "not a date (got 20180612; expected YYYY-MM-DD, for example 2018-06-12)"]
    long = "x" * 80
    assert messages(kinds.DATE, long) == [
        f"not a date (got {repr(long)[:57]}…; expected YYYY-MM-DD, for example 2018-06-12)"]


def test_whole_number_messages():
    assert messages(kinds.WHOLE_NUMBER, 0) == [] and messages(kinds.WHOLE_NUMBER, 120) == []
    expected = "must be a whole number (got {}; expected digits only, for example 3)"
    for value, shown in [(-1, "-1"), (True, "True"), ("khoảng 80", "'khoảng 80'"), (2.5, "2.5")]:
        assert messages(kinds.WHOLE_NUMBER, value) == [expected.format(shown)], value


def test_text_list_messages():
    assert messages(kinds.TEXT_LIST, ["Bí thư Đảng ủy", "Chủ tịch UBND xã"]) == []
    assert messages(kinds.TEXT_LIST, []) == []
    expected = "must be a list of texts (got {}; expected one line per entry, each starting with '- ')"
    assert messages(kinds.TEXT_LIST, "Bí thư") == [expected.format("text")]
    assert messages(kinds.TEXT_LIST, ["Bí thư", " "]) == [expected.format("a list")]
    assert messages(kinds.TEXT_LIST, ["Bí thư", 3]) == [expected.format("a list")]


def test_block_list_messages():
    kind = kinds.BlockList(rules.OPINION_FIELDS)
    assert messages(kind, []) == []  # a session announced ahead has no opinions yet
    assert messages(kind, [LineDict(), {"no": 1}]) == []  # the keys of each block are check_fields' job
    expected = "must be a list of blocks (got {}; expected entries starting with '- ' followed by their keys)"
    assert messages(kind, ["ý kiến"]) == [expected.format("a list")]
    assert messages(kind, LineDict()) == [expected.format("a block of keys")]
    assert messages(kind, "ý kiến") == [expected.format("text")]


def test_schema_fragments():
    assert kinds.TEXT.schema(PLAIN) == {"type": "string", "minLength": 1}
    assert kinds.TEXT.schema(CHOICES) == {"type": "string", "minLength": 1, "enum": ["answered", "assigned"]}
    assert kinds.TEXT.schema(REF) == {"type": "string", "minLength": 1, "pattern": kinds.ID_PATTERN}
    assert kinds.MARKDOWN.schema(rules.Field("x", kinds.MARKDOWN)) == {"type": "string", "minLength": 1}
    assert kinds.ID.schema(ID) == {"type": "string", "minLength": 1, "pattern": kinds.ID_PATTERN}
    assert kinds.DATE.schema(PLAIN) == {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    assert kinds.WHOLE_NUMBER.schema(PLAIN) == {"type": "integer", "minimum": 0}
    assert kinds.TEXT_LIST.schema(PLAIN) == {"type": "array", "items": {"type": "string", "minLength": 1}}
    assert list(kinds.TEXT.schema(rules.Field("x", kinds.TEXT, ref="topic", choices=("a",)))) == \
        ["type", "minLength", "pattern", "enum"]  # the key order of the committed schemas


def test_a_list_of_blocks_renders_its_own_fields_with_the_given_block():
    kind = kinds.BlockList(rules.ITEM_FIELDS)
    seen = []
    assert kind.schema(rules.Field("items", kind), block=lambda f: seen.append(f) or {"type": "object"}) == \
        {"type": "array", "items": {"type": "object"}}
    assert seen == [rules.ITEM_FIELDS] and seen[0] is rules.ITEM_FIELDS
    with pytest.raises(TypeError):
        kind.schema(rules.Field("items", kind))


def test_field_schema_is_the_help_then_the_kind():
    field = next(f for f in rules.ITEM_FIELDS if f.name == "agency")
    assert schemas.field_schema(field) == {"description": field.help + " (một mã trong content/data/agencies.yaml)",
                                           **kinds.TEXT.schema(field)}
    items = next(f for f in rules.OPINION_FIELDS if f.name == "items")
    nested = schemas.field_schema(items)["items"]
    assert nested == schemas.block_schema(rules.ITEM_FIELDS)
    assert "allOf" in nested  # the handling rules of an item reach the nested blocks


def test_the_ids_of_rules_are_the_ids_of_the_kinds():
    assert rules.ID_PATTERN == kinds.ID_PATTERN == r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def test_kinds_import_no_rules_and_rules_import_only_kinds_and_the_file_layout():
    assert {name for name, _line, _top in imports.imports_of("content.kinds")} <= {"content.problems",
                                                                                   "content.reading"}
    assert {name for name, _line, _top in imports.imports_of("content.rules")} == {"content.kinds",
                                                                                   "content.reading"}


# A comparison of a kind (`kind`, `x.kind`, `x.kind.name`) with a kind's name
# as a string: the dispatch the kind classes replace.
def _kind_name_comparisons(source: str) -> list[int]:
    def is_kind(node) -> bool:
        if isinstance(node, ast.Attribute) and node.attr == "name":
            node = node.value
        return (isinstance(node, ast.Name) and node.id == "kind") or \
            (isinstance(node, ast.Attribute) and node.attr == "kind")

    def names_a_kind(node) -> bool:
        if isinstance(node, ast.Constant):
            return node.value in NAMES
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            return any(names_a_kind(e) for e in node.elts)
        return False

    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            if any(is_kind(o) for o in operands) and any(names_a_kind(o) for o in operands):
                found.append(node.lineno)
        elif isinstance(node, ast.Match) and is_kind(node.subject):
            if any(isinstance(c.pattern, ast.MatchValue) and names_a_kind(c.pattern.value) for c in node.cases):
                found.append(node.lineno)
    return found


def test_the_scan_finds_a_dispatch_on_kind_names():
    assert _kind_name_comparisons('if field.kind == "date":\n    pass\n') == [1]
    assert _kind_name_comparisons('kind = f.kind\nok = kind in ("text", "id")\n') == [2]
    assert _kind_name_comparisons('if "mapping-list" != f.kind.name:\n    pass\n') == [1]
    assert _kind_name_comparisons('match field.kind:\n    case "int":\n        pass\n') == [1]
    assert _kind_name_comparisons('if doc.kind == "session":\n    pass\n') == []  # a kind of file


def test_no_module_of_content_or_tools_dispatches_on_a_kind_name():
    found = {name: lines for name, path in imports.modules().items()
             if name.split(".")[0] in ("content", "tools")
             if (lines := _kind_name_comparisons(path.read_text(encoding="utf-8")))}
    assert found == {}


@pytest.mark.parametrize("value, message", [
    ("23236", None),
    ("00001", None),
    (23236, 'an administrative unit code is written in quotes (got 23236 without quotes; expected "23236", '
            'with any leading zeros of the official list)'),
    ("2323a", 'an administrative unit code is 2 to 5 digits (got \'2323a\'; expected the code of the official '
              'list, for example "23236")'),
    ("", "must be text (got an empty value; expected text)"),
])
def test_an_administrative_unit_code_is_digits_in_quotes(value, message):
    field = rules.Field("code", kinds.CODE)
    found = kinds.CODE.check(field, value, "content/data/bodies.yaml", 4, "bodies[1].code")
    assert [p.message for p in found] == ([message] if message else [])
    assert kinds.CODE.schema(field) == {"type": "string", "minLength": 1, "pattern": r"^\d{2,5}$"}
