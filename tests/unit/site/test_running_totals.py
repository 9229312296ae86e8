"""A body's periodic report carries its running total: the items it held on the period's
cut-off, with their state that day. The view adds up each item's changes in one sweep; these
tests hold it to the definition, every item's status computed on every period's day."""

from __future__ import annotations

import datetime as dt
import sys

import pytest

from helpers import ROOT
from pelican.plugins.congkhai.content.model import build_content
from pelican.plugins.congkhai.content.reading import read_tree
from pelican.plugins.congkhai.domain import statistics
from pelican.plugins.congkhai.domain.status import item_status
from pelican.plugins.congkhai.site.views import SiteView

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402


def held_by_definition(view: SiteView, body_id: str, day: dt.date) -> statistics.Figures:
    return statistics.figures(
        item_status(item, view.session_of(item).date, day, view.policy) for item in view.items
        if view.session_of(item).date <= day and view.holder(item, day) == body_id)


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    """The synthetic province: communes, the province, a merged commune's handover."""
    content = tmp_path_factory.mktemp("province") / "content"
    generate(content, 1200)
    return build_content(read_tree(content))


@pytest.mark.parametrize("as_of", [dt.date(2018, 7, 5), dt.date(2016, 2, 29)])
def test_running_totals_of_the_synthetic_province_are_the_definitions(province, as_of):
    view = SiteView(province, as_of)
    checked = 0
    for body_id, reports in view.body_reports.items():
        for entry in reports:
            assert entry.held == held_by_definition(view, body_id, entry.period.end), (body_id, entry.period.key)
            checked += 1
    assert checked > 500 and len(view.body_reports) >= 6


def test_running_totals_of_the_sample_are_the_definitions():
    view = SiteView(build_content(read_tree(ROOT / "content")), dt.date(2026, 12, 6))
    entries = [(body_id, entry) for body_id, reports in view.body_reports.items() for entry in reports]
    assert {body_id for body_id, _ in entries} >= {"huyen-ham-tan", "xa-ham-tan", "tinh-lam-dong"}
    for body_id, entry in entries:
        assert entry.held == held_by_definition(view, body_id, entry.period.end), (body_id, entry.period.key)
    # the district handed its outstanding items over: a period ending after the handover finds
    # it holding only what it had resolved
    after = [entry for body_id, entry in entries if body_id == "huyen-ham-tan" and entry.period.end >= dt.date(2025, 7, 1)]
    assert after and all(entry.held.outstanding == 0 < entry.held.resolved for entry in after)
