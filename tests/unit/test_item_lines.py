"""A list page's fingerprint covers each of its items as a line (views.ItemLine), not the item:
the templates that show lists of items may read nothing else of them, or an edit would leave
list pages stale (the build tests in test_incremental.py check the lines' fields end to end)."""

from __future__ import annotations

import dataclasses
import re

from pelican.plugins.congkhai import views
from tests.helpers import ROOT

TEMPLATES = ROOT / "theme" / "templates"
MACROS = (TEMPLATES / "partials" / "macros.html").read_text(encoding="utf-8")


def _macro(name: str) -> str:
    return re.search(r"\{% macro " + name + r"\(.*?\{%- endmacro %\}", MACROS, re.S).group(0)


def _reads(source: str, names: tuple[str, ...]) -> dict[str, set[str]]:
    read: dict[str, set[str]] = {}
    for name, attribute in re.findall(r"(?<![\w.])(" + "|".join(names) + r")\.(\w+)", source):
        read.setdefault(name, set()).add(attribute)
    return read


def test_the_item_list_macros_read_only_what_a_line_holds():
    source = _macro("item_table") + _macro("badge")
    read = _reads(source, tuple(views.LINE_READS))
    assert set(read) == set(views.LINE_READS)  # the check reads the macros it means to
    for name, attributes in read.items():
        assert attributes <= set(views.LINE_READS[name]), (name, attributes - set(views.LINE_READS[name]))
    # The item itself goes only to its URL, its session and its status.
    rest = re.sub(r"for item in items|item_url\(item\)|view\.(?:session_of|status_of)\(item\)|item\.\w+", "", source)
    assert not re.search(r"(?<![\w.])item(?![\w])", rest), rest


def test_every_attribute_read_is_carried_by_a_field_of_the_line():
    fields = {f.name for f in dataclasses.fields(views.ItemLine)}
    assert {field for reads in views.LINE_READS.values() for field in reads.values()} <= fields
    assert {"session_id", "slug"} <= fields  # views.item_url


def test_list_templates_pass_their_items_to_the_macro_only_and_read_the_groups_head():
    for name in ("group.html", "status.html"):
        source = (TEMPLATES / name).read_text(encoding="utf-8")
        rest = re.sub(r"item_table\(items,|\{% if items %\}|items\|length", "", source)
        assert not re.search(r"(?<![\w.])items(?![\w])", rest), name
    # group.html reads of its group what views.pages puts in the group's head: kind, id, name, figures
    read = _reads((TEMPLATES / "group.html").read_text(encoding="utf-8"), ("group",))
    assert read["group"] <= {"kind", "name", "figures", "url"}, read
