"""Handovers: which outstanding items pass to whom, the lateness they keep, and no item lost."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from helpers import FIXTURES
from pelican.plugins.congkhai.content.model import Handover, HandoverRule, Item, build_content
from pelican.plugins.congkhai.content.reading import read_tree
from pelican.plugins.congkhai.domain import handovers
from pelican.plugins.congkhai.site.views import SiteView

HANDOVER = Path("content/handovers/2025-07-01-huyen-ham-tan.yaml")
D = dt.date


@pytest.fixture
def site(tmp_path):
    shutil.copytree(FIXTURES / "defects" / "base", tmp_path, dirs_exist_ok=True)
    shutil.copytree(FIXTURES / "handovers" / "content", tmp_path / "content", dirs_exist_ok=True)
    return tmp_path


def respond(site: Path, name: str, day: str, agency: str, outcome: str, extra: str = "") -> None:
    (site / "content" / "responses" / "2018-06-12-tan-ha" / name).write_text(
        f'---\nitem: "2018-06-12-tan-ha/1.1"\ndate: {day}\nagency: {agency}\noutcome: {outcome}\n{extra}---\nTrả lời.\n',
        encoding="utf-8")


def content_of(site: Path):
    return build_content(read_tree(site / "content"))


def item(no: str = "1.1") -> Item:
    opinion, number = map(int, no.split("."))
    return Item(f"s/{no}", "s", opinion, number, "dat-dai", "…", "assigned", "phong-tnmt", D(2018, 7, 30), "", "s.yaml", 1)


def test_a_rule_naming_the_item_wins_then_its_agency_then_its_commune():
    by_item = HandoverRule("a", "x", items=("s/1.1",))
    by_agency = HandoverRule("b", "y", agencies=("phong-tnmt",))
    by_commune = HandoverRule("c", "z", communes=("tan-ha",))
    handover = Handover("h", "T", "huyen", D(2025, 7, 1), "", (by_commune, by_agency, by_item), "h.yaml")
    assert handovers.choose(handover, item("1.1"), "phong-tnmt", "tan-ha") is by_item
    assert handovers.choose(handover, item("1.2"), "phong-tnmt", "tan-ha") is by_agency
    assert handovers.choose(handover, item("1.2"), "so-gtvt", "tan-ha") is by_commune
    assert handovers.choose(handover, item("1.2"), "so-gtvt", "son-my") is None


def test_an_outstanding_item_passes_on_and_the_successor_answers_for_it(site):
    content = content_of(site)
    passed = handovers.transfers(content)
    assert list(passed) == ["2018-06-12-tan-ha/1.1"]  # 1.2 was answered on the spot
    (transfer,) = passed["2018-06-12-tan-ha/1.1"]
    assert (transfer.rule.to, transfer.rule.agency, transfer.previous_agency) == ("xa-ham-tan", "ubnd-xa-ham-tan",
                                                                                   "phong-tnmt")
    after, before = SiteView(content, D(2025, 7, 1)), SiteView(content, D(2025, 6, 30))
    target = content.items["2018-06-12-tan-ha/1.1"]
    assert after.group_id("agency", target) == "ubnd-xa-ham-tan" and after.holder(target) == "xa-ham-tan"
    assert before.group_id("agency", target) == "phong-tnmt" and before.holder(target) == "huyen-ham-tan"
    assert [kind for kind, _ in after.timeline(target)] == ["response", "handover"]


def test_a_handover_neither_erases_lateness_nor_counts_as_a_resolution(site):
    respond(site, "1.1-2.md", "2025-09-15", "ubnd-xa-ham-tan", "resolved")
    content = content_of(site)
    on_the_eve, later = SiteView(content, D(2025, 7, 1)), SiteView(content, D(2025, 12, 31))
    target = content.items["2018-06-12-tan-ha/1.1"]
    assert on_the_eve.status[target.id].state == "overdue"  # handed over, not resolved
    status = later.status[target.id]
    assert status.state == "resolved" and status.resolved_late == (D(2025, 9, 15) - D(2018, 7, 30)).days
    # it fell due in 2018, while the district held it: its figures are the district's
    assert later.answering_body(target) == "huyen-ham-tan"
    assert later.body_figures("huyen-ham-tan").resolved == 2 and later.body_figures("xa-ham-tan").total == 0


def test_a_new_deadline_set_by_the_successor_makes_the_item_its_own(site):
    respond(site, "1.1-2.md", "2025-09-15", "ubnd-xa-ham-tan", "in-progress",
            "extended_due: 2026-03-31\nreason: Đo đạc lại sau bàn giao.\n")
    content = content_of(site)
    view = SiteView(content, D(2025, 12, 31))
    target = content.items["2018-06-12-tan-ha/1.1"]
    assert view.status[target.id].state == "not-yet-due"
    assert view.answering_body(target) == "xa-ham-tan" and view.body_figures("xa-ham-tan").not_yet_due == 1


def test_an_item_resolved_before_the_handover_stays_where_it_was(site):
    respond(site, "1.1-2.md", "2025-06-30", "phong-tnmt", "resolved")
    assert handovers.transfers(content_of(site)) == {}


def test_an_outstanding_item_no_rule_takes_is_named(site):
    text = (site / HANDOVER).read_text(encoding="utf-8").replace("communes: [tan-ha]", "communes: [son-my]")
    (site / HANDOVER).write_text(text, encoding="utf-8")
    problems = handovers.lost_items(content_of(site))
    assert [str(p) for p in problems] == [
        "content/handovers/2025-07-01-huyen-ham-tan.yaml: rules: 1 outstanding item(s) of 'huyen-ham-tan' are "
        "handed to no one (got no rule for '2018-06-12-tan-ha/1.1'; expected a rule that takes them by items, "
        "agencies or communes, e.g. communes: tan-ha)"]


def test_the_check_command_refuses_a_handover_that_loses_an_item(site, capsys):
    from pelican.plugins.congkhai.tools import check

    text = (site / HANDOVER).read_text(encoding="utf-8").replace("communes: [tan-ha]", "items: [2018-06-12-tan-ha/1.2]")
    (site / HANDOVER).write_text(text, encoding="utf-8")
    assert check.main([str(site / "content"), "-s", "", "--as-of", "2026-12-06"]) == 1
    assert "are handed to no one" in capsys.readouterr().err
