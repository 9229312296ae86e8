"""JSON Schemas of the content files, generated from rules.py.

A command-line tool: never imported by the build. Editors that read `# yaml-language-server: $schema=…`
(VS Code with the YAML extension, and others using yaml-language-server)
complete keys, show each key's help and flag mistakes while typing. The
schemas are a typing aid: validation.py stays the judge (references between
files, dates against sessions, the privacy guard are beyond a schema).

`invoke schemas` writes them to schemas/; a test checks the committed files
are what this module generates, so they never drift from rules.py. What a
value of each kind allows comes from the kind itself (content/kinds.py).
Imports content/ only.
"""

from __future__ import annotations

import json

from ..content import rules

DRAFT = "http://json-schema.org/draft-07/schema#"  # the draft yaml-language-server supports best


def field_schema(field: rules.Field) -> dict:
    """The field's help, then what its kind allows (kinds.py); a list of blocks
    renders its blocks here, with the rules of a block (block_schema)."""
    description = field.help
    if field.ref:
        description += f" (một mã trong content/data/{rules.REF_TABLES[field.ref]}.yaml)"
    return {"description": description, **field.kind.schema(field, block=block_schema)}


def _handling_rules() -> list[dict]:
    """rules.HANDLING_REQUIRES as if/then: `answered` needs `answer`, and so on."""
    return [{"if": {"required": ["handling"], "properties": {"handling": {"const": handling}}},
             "then": {"required": list(keys)}}
            for handling, keys in rules.HANDLING_REQUIRES.items()]


def block_schema(fields: tuple[rules.Field, ...]) -> dict:
    schema = {
        "type": "object",
        "properties": {f.name: field_schema(f) for f in fields},
        "required": [f.name for f in fields if f.required],
        "additionalProperties": False,
    }
    if fields is rules.ITEM_FIELDS:
        schema["allOf"] = _handling_rules()
    return schema


def _document(kind: str, title: str, body: dict) -> dict:
    return {"$schema": DRAFT, "$id": f"{kind}.schema.json", "title": title, **body}


def session_schema() -> dict:
    return _document("session", "Công khai: một buổi đối thoại (content/sessions/<id>.yaml)",
                     block_schema(rules.SESSION_FIELDS))


def response_schema() -> dict:
    return _document("response", "Công khai: phần đầu (front matter) của một câu trả lời "
                     "(content/responses/…/*.md)", block_schema(rules.RESPONSE_FIELDS))


def supervision_schema() -> dict:
    return _document("supervision", "Công khai: phần đầu (front matter) của một kết luận giám sát "
                     "(content/supervision/*.md)", block_schema(rules.SUPERVISION_FIELDS))


def data_schema(kind: str) -> dict:
    key, fields = rules.DATA_FILES[kind]
    return _document(kind, f"Công khai: content/data/{kind}.yaml", {
        "type": "object",
        "properties": {key: {"type": "array", "minItems": 1, "items": block_schema(fields)}},
        "required": [key],
        "additionalProperties": False,
    })


def handover_schema() -> dict:
    return _document("handover", "Công khai: một lần bàn giao nội dung còn tồn (content/handovers/<id>.yaml)",
                     block_schema(rules.HANDOVER_FIELDS))


def all_schemas() -> dict[str, str]:
    """File name -> text, for every content file kind."""
    schemas = {"session": session_schema(), "response": response_schema(),
               "supervision": supervision_schema(), "handover": handover_schema()}
    schemas.update({kind: data_schema(kind) for kind in rules.DATA_FILES})
    return {f"{kind}.schema.json": json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
            for kind, schema in schemas.items()}
