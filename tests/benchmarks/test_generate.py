"""The synthetic province of the benchmarks (benchmarks/generate.py) is content the build's
own checks accept, shaped as a province after the reform is: one province and its communes,
each with its folder of sessions, departments answering some of the communes' items, items
forwarded up, and merged communes handing their outstanding items over."""

from __future__ import annotations

import hashlib
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from helpers import ROOT
from pelican.plugins.congkhai.content.model import build_content
from pelican.plugins.congkhai.content.reading import read_tree
from pelican.plugins.congkhai.site.views import SiteView
from pelican.plugins.congkhai.tools import check

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import AS_OF, MAX_COMMUNES, PROVINCE, commune_count, generate  # noqa: E402

ITEMS = 1200  # 60 sessions: 6 communes and the province, one commune merged


@pytest.fixture(scope="module")
def province(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("province") / "content"
    counts = generate(content, ITEMS)
    assert counts["items"] == ITEMS and counts["sessions"] == ITEMS // 20
    return content


def _load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_build_checks_find_no_problem(province, capsys):
    # pelicanconf.py's SITE_BODY must be one of the province's bodies, or the check refuses it
    assert check.main([str(province), "-s", str(ROOT / "pelicanconf.py"), "--as-of", AS_OF.isoformat()]) == 0
    assert capsys.readouterr().out.endswith("content: không có lỗi / no problems found.\n")


def test_each_session_lives_in_its_bodys_folder(province):
    bodies = {entry["id"]: entry for entry in _load(province / "data" / "bodies.yaml")["bodies"]}
    assert [entry["kind"] for entry in bodies.values()].count("tinh") == 1
    assert bodies[PROVINCE]["kind"] == "tinh"
    communes = [entry for entry in bodies.values() if entry["kind"] != "tinh"]
    assert len(communes) == commune_count(ITEMS) == 6
    assert all(entry["parent"] == PROVINCE for entry in communes)
    held = Counter()
    for path in (province / "sessions").rglob("*.yaml"):
        assert _load(path)["body"] == path.parent.name
        held[path.parent.name] += 1
    assert set(held) == set(bodies)  # the province and every commune held sessions
    assert held[PROVINCE] == ITEMS // 20 // 20  # one session in twenty


def test_items_go_to_the_communes_offices_and_up_to_the_province(province):
    view = SiteView(build_content(read_tree(province)), AS_OF)
    level = {agency.id: agency.body for agency in view.content.agencies.values()}
    commune_items = [item for item in view.items if view.session_of(item).body != PROVINCE]
    kinds = Counter()
    for item in commune_items:
        if item.handling == "answered":
            kinds["answered"] += 1
        elif level[item.agency] == view.session_of(item).body:
            kinds["own office"] += 1
        else:
            assert level[item.agency] == PROVINCE
            kinds[item.handling + " to the province"] += 1
    assert set(kinds) == {"answered", "own office", "assigned to the province", "forwarded to the province"}
    assert kinds["own office"] > kinds["assigned to the province"] > kinds["forwarded to the province"] > 0
    # a forwarded item is listed with the province, whose department answers it
    assert view.forwarded[PROVINCE][1]


def test_a_merged_commune_hands_its_outstanding_items_over(province):
    view = SiteView(build_content(read_tree(province)), AS_OF)
    (handover,) = view.content.handovers
    gone = view.content.bodies[handover.source_body]
    assert gone.end is not None and handover.date > gone.end
    passed = [transfers[-1] for transfers in view.transfers.values()]
    assert {transfer.rule.to for transfer in passed} == {gone.successors[0].body, PROVINCE}
    # the successor answers them now: its sessions held after the merger, its offices' answers too
    assert all(view.holder(view.content.items[item_id]) != gone.id for item_id in view.transfers)
    later = [s for s in view.sessions_by_body.get(gone.id, ()) if s.date > gone.end]
    assert later == []


def test_the_same_count_gives_the_same_bytes(province, tmp_path):
    again = tmp_path / "content"
    generate(again, ITEMS)

    def digest(folder: Path) -> str:
        files = sorted(p for p in folder.rglob("*") if p.is_file())
        return hashlib.sha256(b"".join(p.relative_to(folder).as_posix().encode() + p.read_bytes()
                                       for p in files)).hexdigest()

    assert digest(again) == digest(province)


def test_a_province_has_at_most_a_hundred_communes():
    assert [commune_count(n) for n in (120, 1200, 20_000, 200_000)] == [2, 6, MAX_COMMUNES, MAX_COMMUNES]
