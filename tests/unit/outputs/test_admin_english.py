"""The web editor in English (outputs/admin.py, admin_collections.py): the same configuration
as the Vietnamese one but for the words a clerk reads, every key labelled and hinted from the
contract's English (rules.py help_en, kinds.py doc_en), every allowed value named by the site's
English catalogue, the names of places and agencies as they are, and the form's messages the
build's with the English first. Built on the real sample read without Pelican, as of 2018-07-05.
"""

from __future__ import annotations

import datetime as dt

import pytest

from helpers import ROOT
from pelican.plugins.congkhai.content import rules
from pelican.plugins.congkhai.content.model import build_content
from pelican.plugins.congkhai.content.reading import read_tree
from pelican.plugins.congkhai.outputs import admin, admin_collections
from pelican.plugins.congkhai.settings import DEFAULTS
from pelican.plugins.congkhai.site import i18n
from pelican.plugins.congkhai.site.views import SiteView

AS_OF = dt.date(2018, 7, 5)
TRANSLATIONS = ROOT / "theme" / "translations"
# What a clerk reads; everything else in the two configurations is the same.
WORDS = {"label", "label_singular", "description", "hint", "locale"}


@pytest.fixture(scope="module")
def view():
    return SiteView(build_content(read_tree(ROOT / "content")), AS_OF)


@pytest.fixture(scope="module")
def english():
    return admin_collections.english(TRANSLATIONS)


@pytest.fixture(scope="module")
def configs(view, english):
    return admin.config(view, DEFAULTS), admin.config(view, DEFAULTS, english)


def _without_words(value):
    """The configuration with what a clerk reads taken out; a select keeps its values."""
    if isinstance(value, dict):
        return {k: _without_words(v) for k, v in value.items() if k not in WORDS}
    if isinstance(value, list):
        return [_without_words(v) for v in value]
    return value


def test_the_english_configuration_differs_from_the_vietnamese_in_words_only(configs):
    vietnamese, english = configs
    assert english["locale"] == "en" and vietnamese["locale"] == "vi"
    assert _without_words(english) == _without_words(vietnamese)


def _fields_by_name(collection):
    found = {}

    def walk(fields):
        for field in fields:
            found.setdefault(field["name"], field)
            walk(field.get("fields", []))
    walk(collection["fields"])
    return found


def _contract(fields):
    found = {}
    for field in fields:
        found.setdefault(field.name, field)
        if hasattr(field.kind, "fields"):
            for name, inner in _contract(field.kind.fields).items():
                found.setdefault(name, inner)
    return found


@pytest.mark.parametrize("format_name, fields", [("congkhai-response", rules.RESPONSE_FIELDS),
                                                 ("congkhai-session", rules.SESSION_FIELDS),
                                                 ("congkhai-supervision", rules.SUPERVISION_FIELDS)])
def test_every_key_is_labelled_and_hinted_from_the_contracts_english(configs, format_name, fields):
    _vietnamese, english = configs
    collections = [c for c in english["collections"] if c["format"] == format_name]
    assert collections
    contract = _contract(fields)
    for collection in collections:
        shown = _fields_by_name(collection)
        for name, field in contract.items():
            entry = shown[name]
            assert entry["label"] == f"{name}: {field.help_en}", name
            if entry.get("widget") != "hidden":
                assert entry["hint"] == field.kind.doc_en, name


def test_allowed_values_are_named_by_the_sites_english_catalogue_and_names_stay_as_they_are(configs):
    vietnamese, english = configs
    catalogue = i18n.load_translations(TRANSLATIONS, "en")
    response = _fields_by_name(english["collections"][0])
    assert [o["label"] for o in response["outcome"]["options"]] == ["Resolved", "In progress",
                                                                   "Forwarded to a higher level"]
    supervision = _fields_by_name(next(c for c in english["collections"] if c["format"] == "congkhai-supervision"))
    assert [o["label"] for o in supervision["body"]["options"]] == [
        catalogue.gettext(text) for text in rules.SUPERVISION_BODIES.values()]
    assert "People's Council" in [o["label"] for o in supervision["body"]["options"]]
    session = _fields_by_name(next(c for c in english["collections"] if c["format"] == "congkhai-session"))
    for key, text in rules.HANDLINGS.items():
        option = next(o for o in session["handling"]["options"] if o["value"] == key)
        assert option["label"] == catalogue.gettext(text) != text, key
    # Agencies, topics, communes and bodies are proper names: the same in either language.
    assert response["agency"]["options"] == _fields_by_name(vietnamese["collections"][0])["agency"]["options"]


def test_the_english_forms_messages_are_the_builds_english_first(view, english):
    vietnamese = admin.messages()
    for key, message in admin.messages(english).items():
        first, second = vietnamese[key].split(" — ", 1)
        assert message == f"{second} — {first}", key
    assert admin.required_template(english) == ("required key is missing (got nothing; expected %{fieldLabel}) — "
                                                "Thiếu khóa bắt buộc: thêm khóa; nghĩa của khóa ghi sau «expected».")
    data = admin.form_data(view, "content", english)
    assert (data["lang"], data["config"]) == ("en", "config.en.yml")
    assert data["words"] == admin.SCRIPT_WORDS["en"]
    assert set(admin.SCRIPT_WORDS["en"]) == set(admin.SCRIPT_WORDS["vi"])
    assert data["languages"] == {"vi": {"data": "congkhai.json", "name": "Tiếng Việt"},
                                 "en": {"data": "congkhai.en.json", "name": "English"}}


def test_a_site_without_english_pages_gets_a_vietnamese_editor_only(view):
    only = SiteView(view.content, AS_OF, options={**view.options, "LANGUAGES": ["vi"]})
    assert [i.lang for i in admin.interfaces(only, TRANSLATIONS)] == ["vi"]
    assert admin.form_data(only)["languages"] == {"vi": {"data": "congkhai.json", "name": "Tiếng Việt"}}
