"""The docs name every key, allowed value and setting that the code declares."""

from helpers import ROOT

from pelican.plugins.congkhai.content import rules
from pelican.plugins.congkhai.settings import settings_doc


def _all_fields():
    tables = [rules.SESSION_FIELDS, rules.OPINION_FIELDS, rules.ITEM_FIELDS, rules.RESPONSE_FIELDS]
    tables += [fields for _key, fields in rules.DATA_FILES.values()] + [rules.SUCCESSOR_FIELDS, rules.HANDOVER_FIELDS,
                                                                                  rules.HANDOVER_RULE_FIELDS]
    return [field for table in tables for field in table]


def test_content_format_names_every_key_and_value():
    text = (ROOT / "docs" / "content-format.md").read_text(encoding="utf-8")
    missing = [f.name for f in _all_fields() if f"`{f.name}`" not in text]
    values = [*rules.AUDIENCES, *rules.HANDLINGS, *rules.OUTCOMES, *rules.AGENCY_LEVELS, *rules.BODY_KINDS]
    missing += [v for v in values if f"`{v}`" not in text]
    assert missing == []


def test_settings_doc_is_current():
    """docs/settings.md is generated from the SETTINGS registry: run `invoke docs` after adding one."""
    assert (ROOT / "docs" / "settings.md").read_text(encoding="utf-8") == settings_doc()


def test_the_map_of_the_code_names_every_room_and_module():
    """docs/internals.md matches the tree: each room's row names every module in it, and no
    module it names is gone."""
    import re

    from pelican.plugins.congkhai.build import imports

    text = (ROOT / "docs" / "internals.md").read_text(encoding="utf-8")
    rows = {}
    for line in text.splitlines():
        cells = line.split("|")
        if line.startswith("| `") and len(cells) > 3:
            for room in re.findall(r"`([a-z_/]+?)/?`", cells[1]):
                rows[room.rstrip("/")] = cells[2]
    missing, named_but_gone = [], []
    for module, path in imports.modules().items():
        if path.name == "__init__.py":
            continue
        room, _, leaf = module.rpartition(".")
        if not room:  # a top-level module has a row of its own
            if f"`{leaf}.py`" not in text:
                missing.append(module)
        elif f"`{leaf}.py`" not in rows.get(room, "") and room != "tools":
            missing.append(module)
        elif room == "tools" and f"`{leaf}`" not in rows.get(room, ""):
            missing.append(module)
    for room, row in rows.items():
        for leaf in re.findall(r"`([a-z_]+)\.py`", row):
            if f"{room}.{leaf}" not in imports.modules():
                named_but_gone.append(f"{room}/{leaf}.py")
    assert (missing, named_but_gone) == ([], [])


def test_every_test_the_reliability_page_names_exists():
    """docs/reliability.md names the test behind each promise: each must exist, so that the
    page cannot promise what no test checks any more."""
    import re

    root = ROOT
    page = (root / "docs" / "reliability.md").read_text(encoding="utf-8")
    defined = {name for path in (root / "tests").rglob("test_*.py")
               for name in re.findall(r"^def (test_\w+)", path.read_text(encoding="utf-8"), re.M)}
    named = set(re.findall(r"(?<![\w/])(test_\w+)(?:`|\b(?!\.py))", page))
    files = set(re.findall(r"`(tests/[\w/]+\.py)", page))
    assert len(named) >= 12 and len(files) >= 8
    assert sorted(named - defined - {f.rsplit("/", 1)[1][:-3] for f in files}) == []
    assert sorted(f for f in files if not (root / f).is_file()) == []


def test_the_spreadsheet_doc_names_every_column_of_the_tracking_sheet():
    from pelican.plugins.congkhai.content import sheets

    text = (ROOT / "docs" / "spreadsheets.md").read_text(encoding="utf-8")
    assert [c.header for c in sheets.COLUMNS if f"| «{c.header}» |" not in text] == []
