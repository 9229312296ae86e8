from pathlib import Path

from pelican.plugins.congkhai.content.reading import decode, parse_yaml, read_document, split_front_matter


def test_lines_of_keys_are_remembered():
    data, problems = parse_yaml("title: A\nopinions:\n  - no: 1\n    speaker: B\n", "s.yaml")
    assert problems == []
    assert data.line_of("opinions") == 2
    assert data["opinions"][0].line == 3
    assert data["opinions"][0].line_of("speaker") == 4


def test_no_yes_on_off_stay_text_and_keys():
    data, _ = parse_yaml("no: 1\nanswer: no\nflag: true\n", "s.yaml")
    assert data == {"no": 1, "answer": "no", "flag": True}


def test_a_bom_and_crlf_line_endings_are_accepted_and_text_is_composed():
    raw = "\ufefftitle: Đa\u0301t\r\ndate: 2018-06-12\r\n".encode("utf-8")
    text, problem = decode(raw, "s.yaml")
    assert problem is None
    assert text == "title: Đát\ndate: 2018-06-12\n"


def test_front_matter_is_split_with_the_body_line():
    front, body, line = split_front_matter("---\nitem: x\ndate: 2018-07-01\n---\n\nAnswer.\n")
    assert front == "item: x\ndate: 2018-07-01\n"
    assert body == "\nAnswer.\n"
    assert line == 5


def test_response_lines_count_from_the_top_of_the_file(tmp_path: Path):
    file = tmp_path / "r.md"
    file.write_text("---\nitem: 'a/1.1'\ndate: 2018-07-01\n---\nText\n", encoding="utf-8")
    doc = read_document(file, "content/responses/r.md", "response")
    assert doc.problems == []
    assert doc.data.line_of("date") == 3


def test_a_top_level_value_is_named_in_the_editors_words_never_by_its_class():
    from pelican.plugins.congkhai.content.reading import parse_document

    found = {raw: [str(p) for p in parse_document(raw, "content/sessions/x.yaml", "session").problems]
             for raw in (b"2018-06-12\n", b"3.5\n")}
    assert found == {raw: [f"content/sessions/x.yaml:1: (top level): the top level must be a mapping of keys (got "
                           f"{what}; expected lines of the form `key: value`)"]
                     for raw, what in ((b"2018-06-12\n", "a date"), (b"3.5\n", "a number"))}
