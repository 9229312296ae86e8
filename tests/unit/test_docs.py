"""The docs name every key, allowed value and setting that the code declares."""

from helpers import ROOT

from pelican.plugins.congkhai.content import rules
from pelican.plugins.congkhai.settings import settings_doc


def _all_fields():
    tables = [rules.SESSION_FIELDS, rules.OPINION_FIELDS, rules.ITEM_FIELDS, rules.RESPONSE_FIELDS]
    tables += [fields for _key, fields in rules.DATA_FILES.values()]
    return [field for table in tables for field in table]


def test_content_format_names_every_key_and_value():
    text = (ROOT / "docs" / "content-format.md").read_text(encoding="utf-8")
    missing = [f.name for f in _all_fields() if f"`{f.name}`" not in text]
    values = [*rules.AUDIENCES, *rules.HANDLINGS, *rules.OUTCOMES, *rules.AGENCY_LEVELS]
    missing += [v for v in values if f"`{v}`" not in text]
    assert missing == []


def test_settings_doc_is_current():
    """docs/settings.md is generated from the SETTINGS registry: run `invoke docs` after adding one."""
    assert (ROOT / "docs" / "settings.md").read_text(encoding="utf-8") == settings_doc()
