"""The contract's own tables: every key says what it is, in Vietnamese and in English."""

import re

import pytest

from pelican.plugins.congkhai.content import rules
from pelican.plugins.congkhai.content.kinds import BlockList

# What an example or a name keeps in either language: «xã Hàm Tân», `phong-tnmt`.
QUOTED = re.compile(r"«[^»]*»|`[^`]*`")


def every_field():
    """(where, field) for every key of every kind of file, blocks within blocks included."""
    found, seen = [], set()

    def walk(where, fields):
        for field in fields:
            if (where, field.name) not in seen:
                seen.add((where, field.name))
                found.append((f"{where}.{field.name}", field))
            if isinstance(field.kind, BlockList):
                walk(f"{where}.{field.name}", field.kind.fields)
    for kind, fields in rules.FILE_FIELDS.items():
        if kind in rules.DATA_FILES:  # a data file's one key, the list of its entries, is no field to fill
            fields = fields[0].kind.fields
        walk(kind, fields)
    return found


FIELDS = every_field()


def test_the_walk_reaches_the_blocks_inside_blocks():
    assert "session.opinions.items.answer" in [where for where, _ in FIELDS]
    assert "handover.rules.communes" in [where for where, _ in FIELDS]


@pytest.mark.parametrize(("where", "field"), FIELDS, ids=[where for where, _ in FIELDS])
def test_every_field_has_its_help_in_vietnamese_and_in_english(where, field):
    assert field.help.strip(), f"{where}: no Vietnamese help"
    assert field.help_en.strip(), f"{where}: no English help (help_en in rules.py)"
    assert field.help_en.endswith("."), where
    # Written in English: outside its examples and names, nothing but English letters.
    assert re.sub(r"[^\x00-\x7f…]", "", QUOTED.sub("", field.help_en)) == QUOTED.sub("", field.help_en), where
    # Every example of the Vietnamese, word for word: a name or a code is never translated.
    assert [q for q in QUOTED.findall(field.help) if q not in field.help_en] == [], where
