"""Interface languages: page paths, formats, and catalogs that cover every interface string."""

import datetime as dt
import re

import pytest
from babel.messages.pofile import read_po

from helpers import ROOT
from pelican.plugins.congkhai.tools import catalogs
from pelican.plugins.congkhai.site import i18n
from pelican.plugins.congkhai.settings import DEFAULTS

TRANSLATIONS = ROOT / "theme" / "translations"
OTHER_LANGUAGES = [lang for lang in DEFAULTS["LANGUAGES"] if lang != i18n.SOURCE_LANGUAGE]


@pytest.mark.parametrize("path, lang, expected", [
    ("", "vi", ""), ("", "en", "en/"),
    ("doi-thoai/", "vi", "doi-thoai/"), ("doi-thoai/", "en", "en/doi-thoai/"),
    ("theme/css/site.css", "en", "theme/css/site.css"),  # files are shared by every language
    ("du-lieu/noi-dung.csv", "en", "du-lieu/noi-dung.csv"),
])
def test_pages_of_other_languages_live_under_their_code(path, lang, expected):
    assert i18n.localise(path, lang, ["vi", "en"]) == expected


def test_formats_switch_with_the_language():
    day = dt.date(2018, 7, 5)
    vi, en = i18n.formats("vi"), i18n.formats("en")
    assert (vi.short_date(day), vi.long_date(day), vi.number(5000), vi.percent(454, 577)) == (
        "05/7/2018", "ngày 5 tháng 7 năm 2018", "5.000", "78,7%")
    assert (en.short_date(day), en.long_date(day), en.number(5000), en.percent(454, 577)) == (
        "5 Jul 2018", "5 July 2018", "5,000", "78.7%")


def test_a_language_without_formats_is_named():
    with pytest.raises(i18n.I18nError, match=r"no date and number formats for 'fr'"):
        i18n.formats("fr")


def test_a_missing_catalog_names_the_file_and_the_fix(tmp_path):
    with pytest.raises(i18n.I18nError, match=r"fr/LC_MESSAGES/messages.po: no catalog .* run `invoke i18n`"):
        i18n.load_translations(tmp_path, "fr")


def test_english_catalog_translates_templates_and_labels():
    english = i18n.load_translations(TRANSLATIONS, "en")
    assert english.gettext("Trang chủ") == "Home"
    assert i18n.translated_labels(english)["STATE_LABELS"]["overdue"] == "Overdue"


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_every_interface_string_has_a_translation(lang):
    """Fails on any `_()` string in the templates (or label) the catalog lacks or leaves untranslated.

    Fix: run `invoke i18n`, then fill the empty msgstr entries it reports.
    """
    path = i18n.catalog_path(TRANSLATIONS, lang)
    extracted = {message.id for message in catalogs.extract(ROOT / "theme" / "templates") if message.id}
    with path.open("rb") as handle:
        in_catalog = {message.id for message in read_po(handle) if message.id}
    assert sorted(extracted - in_catalog) == [], f"not in {path}: run `invoke i18n` and translate"
    assert catalogs.untranslated(path) == [], f"untranslated or fuzzy in {path}"


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_translations_keep_the_placeholders(lang):
    with i18n.catalog_path(TRANSLATIONS, lang).open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if message.id and message.string:
            assert sorted(re.findall(r"%\(\w+\)s", message.id)) == sorted(
                re.findall(r"%\(\w+\)s", message.string)), message.id
