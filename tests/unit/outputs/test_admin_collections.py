"""The web editor's sessions and supervision records against the content contract
(outputs/admin_collections.py): every field in the contract's order with its widget, the
lists of blocks open, one collection of sessions per body in its own folder (a new session only
for a body that exists), and the names the form's script gives new files, as
tools/skeletons.py gives them. Built on the real sample read without Pelican."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers import ROOT
from pelican.plugins.congkhai.content import rules
from pelican.plugins.congkhai.content.model import build_content
from pelican.plugins.congkhai.content.reading import read_tree
from pelican.plugins.congkhai.outputs import admin, admin_collections
from pelican.plugins.congkhai.settings import DEFAULTS
from pelican.plugins.congkhai.site.views import SiteView
from pelican.plugins.congkhai.tools import skeletons


@pytest.fixture(scope="module")
def view():
    return SiteView(build_content(read_tree(ROOT / "content")), dt.date(2018, 7, 5))


@pytest.fixture(scope="module")
def collections(view):
    return {c["name"]: c for c in admin.config(view, DEFAULTS)["collections"]}


def names(fields):
    return [(f["name"], names(f["fields"]) if "fields" in f else None) for f in fields]


def contract(fields):
    return [(f.name, contract(f.kind.fields) if hasattr(f.kind, "fields") else None) for f in fields]


def test_each_body_has_its_sessions_in_its_own_folder_and_only_a_living_one_takes_new_ones(view, collections):
    sessions = {name: c for name, c in collections.items() if name.startswith("doi-thoai-")}
    held = {s.body for s in view.content.sessions}
    expected = {b.id for b in view.content.bodies.values() if b.exists_on(view.as_of) or b.id in held}
    assert {c["folder"] for c in sessions.values()} == {f"content/sessions/{b}" for b in expected}
    assert "xa-tan-lap" not in expected  # from 1/7/2025, and no session yet: nothing to edit or add
    assert sessions["doi-thoai-huyen-ham-tan"]["create"] is True  # on 5/7/2018 the district exists
    assert sessions["doi-thoai-xa-ham-tan"]["create"] is False  # the commune exists from 1/7/2025
    assert sessions["doi-thoai-xa-ham-tan"]["label"] == "Đối thoại – xã Hàm Tân"


def test_a_session_has_every_key_of_the_contract_in_its_order_and_its_folders_body(collections):
    session = collections["doi-thoai-huyen-ham-tan"]
    assert names(session["fields"]) == contract(rules.SESSION_FIELDS)
    body = next(f for f in session["fields"] if f["name"] == "body")
    assert (body["widget"], body["default"]) == ("hidden", "huyen-ham-tan")
    opinions = next(f for f in session["fields"] if f["name"] == "opinions")
    assert (opinions["widget"], opinions["collapsed"], opinions["summary"]) == \
        ("list", False, "{{fields.stt}} · {{fields.speaker}}")
    item = {f["name"]: f for f in opinions["fields"][2]["fields"]}
    assert item["topic"]["widget"] == item["agency"]["widget"] == item["handling"]["widget"] == "select"
    assert item["due"]["format"] == "YYYY-MM-DD"


def test_a_supervision_record_has_every_key_in_order_then_its_findings(collections):
    record = collections["giam-sat"]
    assert [f["name"] for f in record["fields"]] == [f.name for f in rules.SUPERVISION_FIELDS] + ["findings"]
    body = record["fields"][2]
    assert body["options"] == [{"label": text, "value": key} for key, text in rules.SUPERVISION_BODIES.items()]
    assert (record["folder"], record["extension"]) == ("content/supervision", "md")
    fields = {f["name"]: f for f in record["fields"]}
    # Whose HĐND or Mặt trận: one body; what was supervised: several agencies, each picked by name.
    assert (fields["of"]["widget"], fields["of"].get("multiple")) == ("select", None)
    assert {o["value"] for o in fields["of"]["options"]} >= {"huyen-ham-tan", "xa-ham-tan", "tinh-lam-dong"}
    assert (fields["agencies"]["widget"], fields["agencies"]["multiple"]) == ("select", True)
    assert {"label": "Phòng Tài nguyên và Môi trường", "value": "phong-tnmt"} in fields["agencies"]["options"]


def test_the_writers_tree_quotes_item_ids_and_codes_only(view):
    data = admin.form_data(view)
    record = {f["name"]: f for f in data["formats"]["congkhai-supervision"]["fields"]}
    assert record["items"]["quoted"] and not record["agencies"]["quoted"] and not record["title"]["quoted"]
    session = data["formats"]["congkhai-session"]["fields"]
    assert [f["name"] for f in session] == [f.name for f in rules.SESSION_FIELDS]
    assert not any(f["quoted"] for f in session)
    body = {f["name"]: f for f in admin_collections.tree(rules.BODY_FIELDS, "bodies")}
    assert body["code"]["quoted"] and not body["name"]["quoted"]


@pytest.mark.parametrize("commune", ["tan-ha", ""])
def test_a_new_sessions_name_and_first_line_are_the_skeletons(view, tmp_path, commune):
    """The script names a session <date>-<commune|body|audience> and writes the schema line
    first: invoke new-session (tools/skeletons.py) does the same."""
    body = view.content.bodies["huyen-ham-tan"]
    path, text = skeletons.new_session(tmp_path, dt.date(2018, 7, 2), commune, {"tan-ha": "Xã Tân Hà"},
                                       "nhan-dan", body)
    spec = admin.form_data(view)["folders"]["content/sessions/huyen-ham-tan"]
    values = {"date": "2018-07-02", "commune": commune, "body": body.id, "audience": "nhan-dan"}
    made = "-".join(next(values[k] for k in keys.split("|") if values[k]) for keys in spec["name"])
    assert path.relative_to(tmp_path).as_posix() == f"sessions/huyen-ham-tan/{made}.{spec['extension']}"
    assert text.splitlines()[0] == spec["head"]
