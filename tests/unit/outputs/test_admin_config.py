"""The web editor's configuration against the content contract (outputs/admin.py): every field of
a response, in the contract's order, with its kind's widget, whether it is required, and its
Vietnamese help; the tables as select lists; each outstanding item's next file named as
`invoke new-response` names it; the form's messages as the build's checks word them.
Built on the real sample read without Pelican, as of 2018-07-05.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from helpers import ROOT
from pelican.plugins.congkhai.content import rules
from pelican.plugins.congkhai.content.model import build_content
from pelican.plugins.congkhai.content.reading import read_tree
from pelican.plugins.congkhai.content.validation import validate
from pelican.plugins.congkhai.outputs import admin
from pelican.plugins.congkhai.settings import DEFAULTS
from pelican.plugins.congkhai.site.views import SiteView
from pelican.plugins.congkhai.tools import skeletons
from pelican.plugins.congkhai.vietnamese import sort_key

AS_OF = dt.date(2018, 7, 5)
WIDGETS = {"text": "string", "markdown": "markdown", "date": "datetime", "int": "number",
           "list": "list", "mapping-list": "list", "id": "string", "code": "string"}


@pytest.fixture(scope="module")
def documents():
    return read_tree(ROOT / "content")


@pytest.fixture(scope="module")
def view(documents):
    return SiteView(build_content(documents), AS_OF)


@pytest.fixture(scope="module")
def collection(view):
    return admin.config(view, DEFAULTS)["collections"][0]


def test_every_field_of_the_contract_is_in_the_form_in_its_order_with_its_help(collection):
    fields = collection["fields"]
    assert [f["name"] for f in fields] == [f.name for f in rules.RESPONSE_FIELDS] + [admin.BODY_FIELD]
    for field, entry in zip(rules.RESPONSE_FIELDS, fields):
        assert entry["required"] is field.required, field.name
        assert entry["label"] == f"{field.name}: {field.help}"
        assert entry["hint"] == field.kind.doc
        expected = admin.ITEM_WIDGET if field.name == "item" else \
            "select" if field.ref or field.choices else WIDGETS[field.kind.name]
        assert entry["widget"] == expected, field.name


def test_dates_are_stored_as_the_contract_writes_them(collection):
    for entry in collection["fields"]:
        if entry["widget"] == "datetime":
            assert (entry["format"], entry["time_format"], entry["default"]) == ("YYYY-MM-DD", False, "")


def test_tables_and_allowed_values_are_select_lists_in_vietnamese_order(view, collection):
    fields = {f["name"]: f for f in collection["fields"]}
    agencies = [o["value"] for o in fields["agency"]["options"]]
    assert sorted(agencies) == sorted(view.content.agencies)
    names = [o["label"] for o in fields["agency"]["options"]]
    assert names == sorted(names, key=sort_key) and names != sorted(names)  # Đ after D, not after Z
    assert fields["outcome"]["options"] == [{"label": text, "value": key} for key, text in rules.OUTCOMES.items()]


def test_the_items_offered_are_the_outstanding_ones_by_id_and_words(view, collection):
    offered = {o["value"]: o["label"] for o in next(f for f in collection["fields"] if f["name"] == "item")["options"]}
    outstanding = {i.id for i in view.items if view.status[i.id].outstanding}
    assert set(offered) == outstanding and outstanding
    assert offered["2018-06-12-tan-ha/3.1"].startswith(
        "2018-06-12-tan-ha/3.1 · Phòng Giáo dục và Đào tạo · huyện Hàm Tân · Học sinh thôn 1 phải đi học xa")


def test_an_item_handed_over_is_offered_under_the_agency_and_body_that_hold_it_now(documents):
    """After the district's handover of 1/7/2025 its commune's new body answers for it: the
    clerk of xã Hàm Tân finds it by typing their body's or agency's name."""
    later = SiteView(build_content(documents), dt.date(2026, 12, 1))
    field = next(f for f in admin.config(later, DEFAULTS)["collections"][0]["fields"] if f["name"] == "item")
    offered = {o["value"]: o["label"] for o in field["options"]}
    assert offered["2018-06-12-tan-ha/3.1"].startswith(
        "2018-06-12-tan-ha/3.1 · UBND xã Hàm Tân · xã Hàm Tân · Học sinh thôn 1")


def test_each_new_response_is_named_as_new_response_names_it(view, documents):
    """The form's script names a file <folder>/<item>-<next>.md; the skeletons' tool names the same."""
    data = admin.form_data(view)
    assert data["next"]
    for item, number in data["next"].items():
        path, _ = skeletons.new_response(ROOT / "content", documents, item, AS_OF)
        session, number_of_item = item.split("/")
        assert path.relative_to(ROOT).as_posix() == f"{data['answers'][session]}/{number_of_item}-{number}.md"
    assert data["order"] == [f.name for f in rules.RESPONSE_FIELDS]
    assert data["dates"] == ["date", "extended_due"]


def test_the_forms_messages_are_the_builds(view):
    """Each message is the build's own, for the same mistake, with its Vietnamese meaning first."""
    messages = admin.messages()
    assert messages["required.outcome"] == ("Thiếu khóa bắt buộc: thêm khóa; nghĩa của khóa ghi sau «expected». — "
                                            "required key is missing (got nothing; expected outcome: Kết quả.)")
    assert admin.required_template() == ("Thiếu khóa bắt buộc: thêm khóa; nghĩa của khóa ghi sau «expected». — "
                                         "required key is missing (got nothing; expected %{fieldLabel})")
    hand_written = ("---\nitem: \"2018-06-12-tan-ha/3.1\"\ndate: 2018-06-01\nagency: phong-gd-dt\n"
                    "outcome: in-progress\n---\n\n")
    problems = validate(read_tree(ROOT / "content") + _response(hand_written))
    shown = {p.field: p.message for p in problems if p.path.endswith("/3.1-1.md")}
    assert messages["date.before_session"].format(got="2018-06-01", expected="2018-06-12").endswith(shown["date"])
    assert messages["required.body"].endswith(shown["(answer)"])
    assert messages["date.before_session"].startswith("Ngày trả lời {got} trước ngày đối thoại: sửa ngày trả lời, "
                                                      "từ ngày đối thoại trở đi. — ")


def _response(text: str):
    folder = Path(__import__("tempfile").mkdtemp()) / "content" / "responses" / "huyen-ham-tan" / "2018-06-12-tan-ha"
    folder.mkdir(parents=True)
    (folder / "3.1-1.md").write_text(text, encoding="utf-8")
    return [d for d in read_tree(folder.parents[2]) if d.kind == "response"]


def test_the_config_file_is_yaml_decap_reads_with_no_key_kept_by_hand(view):
    data = yaml.safe_load(yaml.safe_dump(admin.config(view, DEFAULTS), allow_unicode=True, sort_keys=False))
    assert data["locale"] == "vi"
    assert data["backend"] == {**DEFAULTS["CMS_BACKEND"], "name": "congkhai-proxy"}
    assert data["collections"][0]["folder"] == "content/responses/huyen-ham-tan"


def test_each_body_answers_in_a_collection_of_its_own_folder_listing_its_sessions_items(view):
    """One collection of responses per body folder, so a new answer's form reads that body's responses
    only; each outstanding item is offered in the collection of its session's body, a handed-over
    item in its old body's (where its file goes) under the name of the body it passed to."""
    answers = [c for c in admin.config(view, {**DEFAULTS, "SITE_BODY": "tinh-lam-dong"})["collections"]
               if c["format"] == "congkhai-response"]
    assert [(c["name"], c["label"], c["folder"]) for c in answers] == [
        ("tra-loi-huyen-ham-tan", "Trả lời – huyện Hàm Tân", "content/responses/huyen-ham-tan"),
        ("tra-loi-tinh-lam-dong", "Trả lời – tỉnh Lâm Đồng", "content/responses/tinh-lam-dong"),
        ("tra-loi-xa-ham-tan", "Trả lời – xã Hàm Tân", "content/responses/xa-ham-tan"),
        ("tra-loi-xa-son-my", "Trả lời – xã Sơn Mỹ", "content/responses/xa-son-my")]
    offered = {c["name"]: [o["value"] for f in c["fields"] if f["name"] == "item" for o in f["options"]]
               for c in answers}
    every = [value for values in offered.values() for value in values]
    assert sorted(every) == sorted(item.id for item in admin.outstanding(view))  # each once
    sessions = {s.id: s.body for s in view.content.sessions}
    assert all(sessions[value.split("/")[0]] == name.removeprefix("tra-loi-")
               for name, values in offered.items() for value in values)
    assert offered["tra-loi-huyen-ham-tan"]
    data = admin.form_data(view)
    assert data["collections"] == [c["name"] for c in answers]
    assert data["answers"]["2018-06-12-tan-ha"] == "content/responses/huyen-ham-tan/2018-06-12-tan-ha"


def test_the_editor_opens_on_the_site_bodys_form_else_the_first(view):
    assert admin.landing(SiteView(view.content, AS_OF, options={**DEFAULTS, "SITE_BODY": "xa-son-my"})) == "tra-loi-xa-son-my"
    assert admin.landing(view) == "tra-loi-huyen-ham-tan"


def test_a_site_without_the_bundle_gets_no_admin_and_one_line_saying_how(view, tmp_path, capsys):
    (tmp_path / "content").mkdir()
    assert list(admin.files(view, {"PATH": str(tmp_path / "content")})) == []
    assert capsys.readouterr().err == admin.MISSING_BUNDLE + "\n"
