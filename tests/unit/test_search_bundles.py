"""The search index's bundles (search.partition, search.bundles) and what runs beside Pagefind: pure, no Pelican."""

from __future__ import annotations

import datetime as dt
import threading
from types import SimpleNamespace

import pytest

from pelican.plugins.congkhai import search
from pelican.plugins.congkhai.settings import SettingsError, resolve


@pytest.mark.parametrize("sessions, limit, groups", [
    ([], 10, [()]),
    ([("a", 4), ("b", 6)], 10, [("a", "b")]),  # exactly the limit: one bundle
    ([("a", 4), ("b", 7)], 10, [("a",), ("b",)]),
    ([("a", 3), ("b", 3), ("c", 3), ("d", 3)], 6, [("a", "b"), ("c", "d")]),
    ([("a", 3), ("b", 3), ("c", 3), ("d", 3), ("e", 1)], 7, [("a", "b"), ("c", "d", "e")]),
    ([("a", 2), ("big", 25), ("c", 2)], 10, [("a",), ("big",), ("c",)]),  # too large: a bundle of its own
    ([("s1", 1), ("s2", 1), ("s3", 1)], 1, [("s1",), ("s2",), ("s3",)]),
])
def test_partition_fills_bundles_with_whole_sessions_in_order(sessions, limit, groups):
    assert search.partition(sessions, limit) == groups


def test_every_session_is_in_exactly_one_bundle_in_its_order():
    sessions = [(f"s{i:03}", 1 + (i * 7) % 23) for i in range(300)]
    groups = search.partition(sessions, 200)
    assert [s for group in groups for s in group] == [s for s, _ in sessions]
    pages = dict(sessions)
    assert all(sum(pages[s] for s in group) <= 200 for group in groups)
    # No two neighbouring bundles could have been one: the split is as coarse as the limit allows.
    assert all(sum(pages[s] for s in a) + pages[b[0]] > 200 for a, b in zip(groups, groups[1:]))


def test_a_new_latest_session_changes_only_the_last_bundle():
    sessions = [(f"s{i:03}", 21) for i in range(100)]
    before = search.partition(sessions, 500)
    after = search.partition(sessions + [("s100", 21)], 500)
    assert len(before) > 2
    assert after[:len(before) - 1] == before[:-1]
    assert after[len(before) - 1][:len(before[-1])] == before[-1]


def test_partition_is_deterministic():
    sessions = [(f"s{i}", i % 5 + 1) for i in range(50)]
    assert search.partition(sessions, 12) == search.partition(list(sessions), 12)


def fake_view(limit):
    """Three sessions in date order; the last is announced (not held): its page only."""
    def session(sid, day, items):
        return SimpleNamespace(id=sid, date=dt.date(2018, 1, day), items=[object()] * items)
    sessions = [session("2018-01-01-a", 1, 4), session("2018-01-02-b", 2, 3), session("2018-01-03-c", 3, 9)]
    return SimpleNamespace(content=SimpleNamespace(sessions=sessions), held=sessions[:2],
                           options={"SEARCH_BUNDLE_PAGES": limit})


def test_a_site_within_the_limit_keeps_one_bundle_at_the_usual_place():
    # 5 + 4 + 1 indexed pages: the announced session has no item pages yet.
    assert search.bundles(fake_view(10)) == [search.Bundle("pagefind")]
    assert search.Bundle("pagefind").script == "pagefind/pagefind.js"
    assert search.Bundle("pagefind").glob == search.GLOB


def test_a_larger_site_gets_numbered_bundles_with_their_sessions_folders():
    bundles = search.bundles(fake_view(6))
    assert bundles == [search.Bundle("pagefind/1", ("2018-01-01-a",)),
                       search.Bundle("pagefind/2", ("2018-01-02-b", "2018-01-03-c"))]
    assert [b.script for b in bundles] == ["pagefind/1/pagefind.js", "pagefind/2/pagefind.js"]
    assert bundles[0].glob == "{noi-dung,doi-thoai}/2018-01-01-a/**/*.html"
    assert bundles[1].glob == "{noi-dung,doi-thoai}/{2018-01-02-b,2018-01-03-c}/**/*.html"


@pytest.mark.parametrize("name, value", [("SEARCH_BUNDLE_PAGES", 0), ("SEARCH_BUNDLE_PAGES", "5000"),
                                         ("SEARCH_INDEX_JOBS", True), ("SEARCH_INDEX_JOBS", 1.5)])
def test_bundle_settings_must_be_positive_whole_numbers(name, value):
    with pytest.raises(SettingsError) as error:
        resolve({"AS_OF": "2018-07-05", name: value})
    default = {"SEARCH_BUNDLE_PAGES": 6000, "SEARCH_INDEX_JOBS": 2}[name]
    assert str(error.value) == (f"setting {name}: not a positive whole number (got {value!r}; "
                                f"expected e.g. {default!r})")


# --- work done while Pagefind runs (pages.py frees the model's memory then) ---------

def test_work_while_indexing_runs_once_the_runs_have_started(monkeypatch, tmp_path):
    events = []
    proceed = threading.Event()

    def index_bundle(site, bundle, on_start=lambda: None):
        events.append(("started", bundle.folder))
        on_start()
        assert proceed.wait(10)  # a run goes on only once the work has run beside it
        events.append(("done", bundle.folder))

    monkeypatch.setattr(search, "_index_bundle", index_bundle)
    plan = [search.Bundle(f"pagefind/{n}", (f"s{n}",)) for n in (1, 2, 3)]
    search.run_pagefind(tmp_path, plan, jobs=2,
                        while_indexing=[lambda: (events.append(("work", "")), proceed.set())])
    assert sorted(events[:2]) == [("started", "pagefind/1"), ("started", "pagefind/2")]
    assert events[2] == ("work", "")
    assert sorted(events[3:]) == [("done", "pagefind/1"), ("done", "pagefind/2"), ("done", "pagefind/3"),
                                  ("started", "pagefind/3")]


def test_work_waiting_for_the_index_runs_anyway_when_there_is_none(tmp_path):
    ran = []
    search.when_indexing(lambda: ran.append(1))
    search.index_output(SimpleNamespace(output_path=str(tmp_path), settings={}))  # no search page here
    assert ran == [1]
    search.index_output(SimpleNamespace(output_path=str(tmp_path), settings={}))
    assert ran == [1]  # once
