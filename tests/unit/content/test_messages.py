"""The catalogue of messages: every message a check can write has its Vietnamese sentence,
the sentence is what a clerk reads first, and docs/editing.md's table is the catalogue's."""

from __future__ import annotations

import ast

import pytest

from helpers import ROOT
from pelican.plugins.congkhai.content import messages, privacy, reading, rules
from pelican.plugins.congkhai.content.problems import Problem, format_problems
from pelican.plugins.congkhai.content.reading import parse_yaml

PLUGIN = ROOT / "pelican" / "plugins" / "congkhai"
# The modules whose checks write `Problem`s in English (the spreadsheet import writes both languages itself).
CHECKS = [PLUGIN / "content" / name for name in ("reading.py", "validation.py", "kinds.py", "privacy.py")] + \
    [PLUGIN / "tools" / "migrate.py"] + \
    sorted((PLUGIN / "domain").glob("*.py"))


def written_messages() -> list[tuple[str, str]]:
    """(where, message) of every message literal of the checks: text with "(got …", each
    formatted value written as X, as the checks' f-strings would fill it in."""
    found = []
    for path in CHECKS:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        inner = {id(value) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for value in node.values}
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                text = "".join(v.value if isinstance(v, ast.Constant) else "X" for v in node.values)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in inner:
                text = node.value
            else:
                continue
            # Messages made of a table's words are listed from their tables (below).
            if "(got " in text and not text.startswith(("setting ", "(got ", "X (got", "looks like X")):
                found.append((f"{path.name}:{node.lineno}", text))
    found += [(f"reading.YAML_ERRORS: {sentence}", sentence.format(start="2", char="@") + " (got PyYAML: X)")
              for _problem, _context, _mark, sentence in reading.YAML_ERRORS]
    found += [(f"privacy.KINDS: {kind}", f"looks like {what}, personal data that must not be published (got X)")
              for kind, what in privacy.KINDS.items()]
    return found


def test_the_checks_write_many_messages():
    assert len(written_messages()) >= 70


@pytest.mark.parametrize("where, message", written_messages())
def test_every_message_of_the_checks_has_its_vietnamese_sentence(where, message):
    assert messages.find(message) is not None, f"{where}: add an entry to content/messages.CATALOGUE for {message!r}"


def test_the_english_beginnings_are_told_apart():
    """No entry is hidden behind an earlier one: each entry's own English finds itself."""
    for entry in messages.CATALOGUE:
        sample = entry.english.format(**{name: "X" for name in entry.pattern.groupindex}) + " (got X; expected X)"
        assert messages.find(sample)[0] is entry, entry.english


def test_a_problem_is_printed_vietnamese_first_then_english_indented():
    problem = Problem("content/sessions/s.yaml", 20, "opinions[1].items[2].answer",
                      "required when handling is 'answered' (got nothing; expected answer: Nội dung trả lời tại chỗ.)")
    assert format_problems([problem]).splitlines() == [
        "content/sessions/s.yaml:20: opinions[1].items[2].answer: Thiếu khóa bắt buộc khi cách xử lý là "
        "«answered»: bổ sung khóa đó; nghĩa của khóa ghi sau «expected».",
        "    required when handling is 'answered' (got nothing; expected answer: Nội dung trả lời tại chỗ.)",
        "1 lỗi; chưa đăng gì.",
        "    1 problem found; nothing was published.",
    ]


def test_what_was_found_and_the_names_of_tables_reach_the_sentence():
    problem = Problem("content/responses/s/1.1-1.md", 4, "agency",
                      "unknown agency (got 'phong-tai-nguyen'; did you mean 'phong-tnmt'?)")
    assert problem.vietnamese == ("Mã 'phong-tai-nguyen' không có trong danh mục cơ quan: sửa mã theo gợi ý, "
                                  "hoặc thêm vào `content/data/…`.")


def test_a_message_of_no_kind_still_reads_in_vietnamese():
    assert Problem("x.yaml", 1, "f", "something new (got a; expected b)").vietnamese == messages.UNKNOWN


def test_the_editing_guide_holds_the_catalogues_table():
    doc = (ROOT / "docs" / "editing.md").read_text(encoding="utf-8")
    assert messages.with_doc_table(doc) == doc, "run `invoke docs` to write the table of messages again"
    assert doc.count("\n| `") >= len(messages.CATALOGUE)


# What a clerk writes by mistake -> the exact line and the Vietnamese sentence read first.
YAML_MISTAKES = [
    ("title: Họp dân: đường thôn 3\n", 1,
     "Dòng 1 có «: » trong một giá trị không đặt trong ngoặc kép, hoặc có một khóa bị thụt lề vào dưới một giá "
     "trị: đặt cả giá trị trong ngoặc kép (\"…\"), hoặc lùi khóa về thẳng cột với các khóa cùng khối.",
     "a value holds a colon followed by a space, or a key is indented under a value (got PyYAML: mapping values "
     "are not allowed in this context; expected `key: value` lines, two spaces more for each level)"),
    ("title: Họp\nplace\ndate: 2018-06-12\n", 2,
     "Dòng 2 thiếu dấu «:» sau tên khóa, hoặc là phần tiếp của giá trị ở trên mà thụt lề sai: viết `khóa: giá "
     "trị`; giá trị dài nhiều dòng thì đặt trong ngoặc kép hoặc thụt lề sâu hơn khóa.",
     "a line is neither `key: value` nor the rest of the value above (got PyYAML: while scanning a simple key; "
     "could not find expected ':'; expected `key: value` lines, two spaces more for each level)"),
    ("opinions:\n\t- stt: 1\n", 2,
     "Dòng 2 thụt lề bằng phím Tab; YAML chỉ nhận dấu cách: xóa ký tự Tab ở đầu dòng, gõ dấu cách thay vào "
     "(cùng số dấu cách như các dòng cùng khối).",
     "a tab indents the line (got PyYAML: while scanning for the next token; found character that cannot start "
     "any token; expected `key: value` lines, two spaces more for each level)"),
    ("title: Họp\n\tplace: Nhà văn hóa\n", 2,
     "Dòng 2 thụt lề bằng phím Tab; YAML chỉ nhận dấu cách: xóa ký tự Tab ở đầu dòng, gõ dấu cách thay vào "
     "(cùng số dấu cách như các dòng cùng khối).",
     "a tab indents the line (got PyYAML: while scanning a plain scalar; found a tab character that violates "
     "indentation; expected `key: value` lines, two spaces more for each level)"),
    ('title: "Họp dân\nplace: Nhà văn hóa\ndate: 2018-06-12\n', 1,
     "Dòng 1 mở ngoặc kép (hoặc ngoặc đơn) mà không đóng: thêm dấu đóng ngoặc ở cuối giá trị; nếu trong giá trị "
     "có dấu \", viết `\\\"` hoặc dùng ngoặc đơn '…' bên ngoài.",
     "a quote is opened and never closed (got PyYAML: while scanning a quoted scalar; found unexpected end of "
     "stream; expected `key: value` lines, two spaces more for each level)"),
    ("opinions:\n  - stt: 1\n    text: a\n   - stt: 2\n", 4,
     "Mục ở dòng 4 thụt lề khác các mục của danh sách bắt đầu ở dòng 2: sửa số dấu cách đầu dòng cho mọi dấu "
     "`- ` của cùng một danh sách thẳng một cột.",
     "an entry is not indented like the entries of the list that starts on line 2 (got PyYAML: while parsing a "
     "block collection; did not find expected '-' indicator; expected `key: value` lines, two spaces more for "
     "each level)"),
    ("title: Họp\nopinions:\n  - stt: 1\n - stt: 2\n", 4,
     "Dòng 4 thụt lề không thẳng với các khóa của khối bắt đầu ở dòng 1: lùi hoặc thụt dòng đó cho thẳng cột "
     "với các khóa cùng khối; giá trị có dấu ngoặc kép ở giữa thì đặt cả giá trị trong ngoặc đơn '…'.",
     "a line is not indented like the keys of the block that starts on line 1 (got PyYAML: while parsing a "
     "block mapping; did not find expected key; expected `key: value` lines, two spaces more for each level)"),
    ("a: &x 1\nb: &x 2\n", 2,
     "Dòng 2 đặt lại một neo `&…` đã đặt ở dòng 1: ghi thẳng giá trị và bỏ `&`, `*`; nếu giá trị bắt đầu bằng "
     "`&`, đặt nó trong ngoặc kép.",
     "the anchor is set twice, first on line 1 (got PyYAML: found duplicate anchor; first occurrence; second "
     "occurrence; expected `key: value` lines, two spaces more for each level)"),
    ("speaker: *ba\n", 1,
     "Dòng 1 có `*…` nhắc tới một neo chưa đặt ở trên: ghi thẳng giá trị; nếu giá trị bắt đầu bằng `*`, đặt nó "
     "trong ngoặc kép.",
     "an alias names no anchor above it (got PyYAML: found undefined alias; expected `key: value` lines, two "
     "spaces more for each level)"),
    ("text: `Đường` hỏng\n", 1,
     "Giá trị ở dòng 1 bắt đầu bằng ký tự «`» mà YAML dành riêng: đặt cả giá trị trong ngoặc kép (\"…\").",
     "a value begins with «`», which YAML keeps for itself (got PyYAML: while scanning for the next token; found "
     "character that cannot start any token; expected `key: value` lines, two spaces more for each level)"),
    ("speaker: * ông Ba\n", 1,
     "Giá trị ở dòng 1 bắt đầu bằng ký tự «*» mà YAML dành riêng: đặt cả giá trị trong ngoặc kép (\"…\").",
     "a value begins with «*», which YAML keeps for itself (got PyYAML: while scanning an alias; did not find "
     "expected alphabetic or numeric character; expected `key: value` lines, two spaces more for each level)"),
    ('place: "C:\\Tài liệu"\n', 1,
     "Trong ngoặc kép ở dòng 1, dấu `\\` bắt đầu một ký tự đặc biệt mà YAML không hiểu: viết `\\\\` cho một dấu "
     "`\\`, hoặc dùng ngoặc đơn '…' bên ngoài.",
     "a double-quoted value holds a backslash YAML does not read (got PyYAML: while parsing a quoted scalar; found "
     "unknown escape character; expected `key: value` lines, two spaces more for each level)"),
    ("topics: [dat-dai, giao-thong\ndate: 2018-06-12\n", 1,
     "Dấu ngoặc `[` hoặc `{` mở ở dòng 1 chưa đóng (YAML thấy ở dòng 2): thêm dấu đóng ngoặc; nếu dấu ngoặc là "
     "chữ của giá trị, đặt cả giá trị trong ngoặc kép.",
     "a bracket is opened and not closed (noticed on line 2) (got PyYAML: while parsing a flow sequence; did not "
     "find expected ',' or ']'; expected `key: value` lines, two spaces more for each level)"),
    ("title: Họp\n---\nplace: x\n", 2,
     "Dòng 2 là một dòng `---` thứ hai: xóa dòng đó, vì một tệp chỉ có một khối khóa (câu trả lời: hai dòng `---` "
     "chỉ bao phần đầu tệp).",
     "a second `---` line starts another document (got PyYAML: expected a single document in the stream; but "
     "found another document; expected `key: value` lines, two spaces more for each level)"),
    ("text: |Đường hỏng\n  nặng\n", 1,
     "Ở dòng 1, sau `|` hoặc `>` còn chữ trên cùng dòng: chuyển phần chữ xuống dòng dưới, thụt lề sâu hơn khóa.",
     "text follows | or > on the same line (got PyYAML: while scanning a block scalar; did not find expected "
     "comment or line break; expected `key: value` lines, two spaces more for each level)"),
    ("title: !<x y\n", 1,
     "Dòng 1 sai cú pháp YAML: kiểm tra thụt lề (chỉ dùng dấu cách, không dùng Tab) và dấu «:» ở dòng 1 và dòng "
     "trên; giá trị có «: » thì đặt trong ngoặc kép.",
     "the YAML does not parse (got did not find the expected '>'; expected `key: value` lines: check the "
     "indentation and the colons on this line and the one before, and put a value that contains ': ' in quotes)"),
]


@pytest.mark.parametrize("text, line, vietnamese, english", YAML_MISTAKES)
def test_each_yaml_mistake_is_a_plain_sentence_naming_its_line(text, line, vietnamese, english):
    data, problems = parse_yaml(text, "content/sessions/s.yaml")
    assert data is None and len(problems) == 1
    problem = problems[0]
    assert (problem.line, problem.field, problem.vietnamese, problem.message) == (line, "(yaml)", vietnamese, english)
    assert problem.vietnamese != messages.UNKNOWN


@pytest.mark.parametrize("path, field, label", [
    ("content/sessions/2018-06-12-tan-ha.yaml", "opinions[1].items[2].answer", "Nội dung trả lời tại chỗ"),
    ("content/sessions/xa-tan-ha/2018-06-12-tan-ha.yaml", "date", "Ngày đối thoại"),
    ("content/responses/2018-06-12-tan-ha/1.1-1.md", "date", "Ngày trả lời"),
    ("content/responses/2018-06-12-tan-ha/1.1-1.md", "(answer)", "Nội dung câu trả lời"),
    ("content/data/bodies.yaml", "bodies[2].successors[1].body", "Đơn vị kế thừa"),
    ("content/handovers/2025-07-01-ham-tan.yaml", "rules[1].to", "Đơn vị tiếp nhận"),
    ("content/sessions/2018-06-12-tan-ha.yaml", "opinions[1].nam", ""),
])
def test_a_problems_field_is_named_in_vietnamese_from_the_contracts_help(path, field, label):
    assert rules.field_label(path, field) == label


def test_a_yaml_error_of_no_line_says_so_in_vietnamese():
    problem = Problem("content/sessions/s.yaml", 0, "(yaml)", "the YAML does not parse (got an error; expected "
                      "`key: value` lines)")
    assert problem.vietnamese == ("Một dòng sai cú pháp YAML: kiểm tra thụt lề (chỉ dùng dấu cách, không dùng Tab) và "
                                  "dấu «:» ở một dòng và dòng trên; giá trị có «: » thì đặt trong ngoặc kép.")
