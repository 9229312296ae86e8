"""The JSON Schemas in schemas/ are generated from rules.py, and they agree
with validation on the sample content and on common mistakes."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest

from helpers import ROOT
from pelican.plugins.congkhai.content import rules
from pelican.plugins.congkhai.content.reading import read_tree
from pelican.plugins.congkhai.tools.schemas import all_schemas

SCHEMAS = ROOT / "schemas"


def test_committed_schemas_are_the_generated_ones():
    """After a change to rules.py, run `invoke schemas` and commit the result."""
    generated = all_schemas()
    assert sorted(p.name for p in SCHEMAS.glob("*.schema.json")) == sorted(generated)
    for name, text in generated.items():
        assert (SCHEMAS / name).read_text(encoding="utf-8") == text, name


def as_json(value):
    """YAML as read (dates, LineDicts) -> what an editor's YAML 1.2 parser sees."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def validator(kind: str) -> jsonschema.Draft7Validator:
    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def sample_documents():
    return read_tree(ROOT / "content")


def test_every_sample_file_matches_its_schema(sample_documents):
    validators = {kind: validator(kind) for kind in ("session", "response", "supervision", "handover", *rules.DATA_FILES)}
    for doc in sample_documents:
        errors = [e.message for e in validators[doc.kind].iter_errors(as_json(doc.data))]
        assert errors == [], doc.path


def test_every_sample_yaml_file_names_its_schema():
    folders = {"sessions": "session", "handovers": "handover"}
    for path in [*(ROOT / "content" / "sessions").rglob("*.yaml"), *(ROOT / "content" / "handovers").glob("*.yaml"),
                 *(ROOT / "content" / "data").glob("*.yaml")]:
        kind = "session" if "sessions" in path.parts else folders.get(path.parent.name, path.stem)
        up = "../" * (len(path.relative_to(ROOT).parts) - 1)
        assert f"# yaml-language-server: $schema={up}schemas/{kind}.schema.json" in \
            path.read_text(encoding="utf-8").splitlines()[:3], path


SESSION = {"title": "T", "date": "2018-06-12", "place": "P", "audience": "nhan-dan", "chairs": ["Bí thư"],
           "attendance": 10, "opinions": [{"stt": 1, "speaker": "Cử tri", "items": [
               {"stt": 1, "topic": "dat-dai", "text": "x", "handling": "answered", "answer": "y"}]}]}


def _with(path: list, value):
    session = json.loads(json.dumps(SESSION))
    target = session
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return session


@pytest.mark.parametrize("path, value", [
    (["attendence"], 10),                                    # unknown key
    (["place"], KeyError),                                   # missing key
    (["attendance"], "khoảng 80"),                           # wrong type
    (["date"], "12/06/2018"),                                # not ISO
    (["audience"], "cu-tri"),                                # not an allowed value
    (["opinions", 0, "items", 0, "answer"], KeyError),       # answered without answer
    (["opinions", 0, "items", 0, "handling"], "assigned"),   # assigned without agency and due
])
def test_the_session_schema_flags_common_mistakes(path, value):
    v = validator("session")
    assert not list(v.iter_errors(SESSION))
    assert list(v.iter_errors(_with(path, value)))
