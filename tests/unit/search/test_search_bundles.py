"""The search index's bundles (search_page.partition, search_page.bundles) and what runs beside Pagefind: pure, no Pelican."""

from __future__ import annotations

import datetime as dt
import threading
from types import SimpleNamespace

import pytest

from pelican.plugins.congkhai.search import index as search
from pelican.plugins.congkhai.search import page as search_page
from pelican.plugins.congkhai.search import recent
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
    assert search_page.partition(sessions, limit) == groups


def test_every_session_is_in_exactly_one_bundle_in_its_order():
    sessions = [(f"s{i:03}", 1 + (i * 7) % 23) for i in range(300)]
    groups = search_page.partition(sessions, 200)
    assert [s for group in groups for s in group] == [s for s, _ in sessions]
    pages = dict(sessions)
    assert all(sum(pages[s] for s in group) <= 200 for group in groups)
    # No two neighbouring bundles could have been one: the split is as coarse as the limit allows.
    assert all(sum(pages[s] for s in a) + pages[b[0]] > 200 for a, b in zip(groups, groups[1:]))


def test_a_new_latest_session_changes_only_the_last_bundle():
    sessions = [(f"s{i:03}", 21) for i in range(100)]
    before = search_page.partition(sessions, 500)
    after = search_page.partition(sessions + [("s100", 21)], 500)
    assert len(before) > 2
    assert after[:len(before) - 1] == before[:-1]
    assert after[len(before) - 1][:len(before[-1])] == before[-1]


def test_partition_is_deterministic():
    sessions = [(f"s{i}", i % 5 + 1) for i in range(50)]
    assert search_page.partition(sessions, 12) == search_page.partition(list(sessions), 12)


def fake_view(limit):
    """Three sessions in date order; the last is announced (not held): its page only."""
    def session(sid, day, items):
        return SimpleNamespace(id=sid, date=dt.date(2018, 1, day), items=[object()] * items)
    sessions = [session("2018-01-01-a", 1, 4), session("2018-01-02-b", 2, 3), session("2018-01-03-c", 3, 9)]
    return SimpleNamespace(content=SimpleNamespace(sessions=sessions), held=sessions[:2],
                           options={"SEARCH_BUNDLE_PAGES": limit})


def test_a_site_within_the_limit_keeps_one_bundle_at_the_usual_place():
    # 5 + 4 + 1 indexed pages: the announced session has no item pages yet.
    assert search_page.bundles(fake_view(10)) == [search_page.Bundle("pagefind")]
    assert search_page.Bundle("pagefind").script == "pagefind/pagefind.js"
    assert search_page.Bundle("pagefind").glob == search_page.GLOB


def test_a_larger_site_gets_numbered_bundles_with_their_sessions_folders():
    bundles = search_page.bundles(fake_view(6))
    assert bundles == [search_page.Bundle("pagefind/1", ("2018-01-01-a",)),
                       search_page.Bundle("pagefind/2", ("2018-01-02-b", "2018-01-03-c"))]
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
        return None, {}

    monkeypatch.setattr(search, "_index_bundle", index_bundle)
    plan = [search_page.Bundle(f"pagefind/{n}", (f"s{n}",)) for n in (1, 2, 3)]
    search.run_pagefind(tmp_path, plan, jobs=2,
                        while_indexing=[lambda: (events.append(("work", "")), proceed.set())])
    assert sorted(events[:2]) == [("started", "pagefind/1"), ("started", "pagefind/2")]
    assert events[2] == ("work", "")
    assert sorted(events[3:]) == [("done", "pagefind/1"), ("done", "pagefind/2"), ("done", "pagefind/3"),
                                  ("started", "pagefind/3")]


def test_work_waiting_for_the_index_runs_once_even_when_no_run_is_needed(tmp_path):
    """The build gives the model's memory back while Pagefind runs; with nothing to index
    (every bundle kept), the work is still done, once."""
    ran = []
    stats = search.run_pagefind(tmp_path, [], while_indexing=[lambda: ran.append(1)])
    assert ran == [1] and stats.files == 0


# --- bundles kept between builds (BUILD_CACHE) -----------------------------------

# What the build records of its pages: {target: (fingerprint, size, mtime_ns)}.
PAGES = {"noi-dung/s1/1-1/index.html": (b"a", 900, 1), "noi-dung/s2/1-1/index.html": (b"b", 900, 2),
         "doi-thoai/s1/index.html": (b"c", 500, 3), "doi-thoai/s2/index.html": (b"d", 500, 4),
         "en/noi-dung/s2/1-1/index.html": (b"e", 910, 5), "linh-vuc/x/index.html": (b"f", 300, 6)}
SPLIT = [search_page.Bundle("pagefind/1", ("s1",)), search_page.Bundle("pagefind/2", ("s2",))]


def test_a_bundles_stamp_follows_the_indexer_and_its_folder_not_its_pages():
    stamps = search.bundle_stamps(SPLIT)
    assert stamps == search.bundle_stamps([search_page.Bundle("pagefind/1", ("s1", "s3")), SPLIT[1]])
    assert stamps["pagefind/1"] != stamps["pagefind/2"]


def _recorded(plan, pages, ids=None):
    """The record an index of `pages` leaves: every page with its signature and its page id."""
    current = recent.current_pages(plan, pages)
    stamps = search.bundle_stamps(plan)
    return {folder: {"stamp": stamps[folder], "pages": {t: [sig, (ids or {}).get(t, "vi_" + t.split("/")[1] + t[-12:-11])]
                                                       for t, sig in targets.items()}}
            for folder, targets in current.items()}


def test_current_pages_are_each_bundles_indexed_pages_only():
    assert recent.current_pages(SPLIT, PAGES) == {
        "pagefind/1": {"doi-thoai/s1/index.html": "500:3", "noi-dung/s1/1-1/index.html": "900:1"},
        "pagefind/2": {"doi-thoai/s2/index.html": "500:4", "noi-dung/s2/1-1/index.html": "900:2"}}
    # the only bundle: every session; never another language's copy, a list page or a folder's own list
    only = recent.current_pages([search_page.Bundle("pagefind")], {**PAGES, "noi-dung/index.html": (b"g", 1, 1),
                                                                   "doi-thoai/trang/2/index.html": (b"h", 1, 1)})
    assert sorted(only["pagefind"]) == sorted(t for t in PAGES if t.split("/")[0] in ("noi-dung", "doi-thoai"))


def test_an_unchanged_site_keeps_every_bundle_and_lays_nothing_over_them():
    work = recent.plan_index(SPLIT, recent.current_pages(SPLIT, PAGES), _recorded(SPLIT, PAGES),
                             search.bundle_stamps(SPLIT), 10)
    assert work == recent.IndexPlan(kept=tuple(SPLIT))
    assert recent.manifest(SPLIT, {}, False) == b'{"recent":null,"stale":[]}'


def test_a_changed_page_is_indexed_as_recent_and_its_old_copy_is_stale():
    recorded = _recorded(SPLIT, PAGES, {"noi-dung/s2/1-1/index.html": "vi_old"})
    rewritten = {**PAGES, "noi-dung/s2/1-1/index.html": (b"b2", 900, 7),  # same size, written again
                 "en/noi-dung/s2/1-1/index.html": (b"e2", 911, 8),  # not indexed: no matter
                 "doi-thoai/s1/index.html": (b"c2", 500, 3)}  # rendered again with the same bytes: kept
    work = recent.plan_index(SPLIT, recent.current_pages(SPLIT, rewritten), recorded, search.bundle_stamps(SPLIT), 10)
    assert work == recent.IndexPlan(kept=tuple(SPLIT), recent=("noi-dung/s2/1-1/index.html",),
                                    stale={"pagefind/2": {"noi-dung/s2/1-1/index.html": "vi_old"}})


def test_pages_added_are_recent_pages_removed_are_stale_and_a_new_bundle_is_made_afresh():
    plan = SPLIT + [search_page.Bundle("pagefind/3", ("s3",))]
    recorded = _recorded(SPLIT, PAGES, {"doi-thoai/s1/index.html": "vi_gone"})
    now = {target: entry for target, entry in PAGES.items() if target != "doi-thoai/s1/index.html"}
    now |= {"noi-dung/s2/1-2/index.html": (b"g", 800, 10), "noi-dung/s3/1-1/index.html": (b"h", 800, 11)}
    work = recent.plan_index(plan, recent.current_pages(plan, now), recorded, search.bundle_stamps(plan), 10)
    assert work == recent.IndexPlan(fresh=(plan[2],), kept=tuple(SPLIT), recent=("noi-dung/s2/1-2/index.html",),
                                    stale={"pagefind/1": {"doi-thoai/s1/index.html": "vi_gone"}})


def test_beyond_the_limit_the_bundles_that_changed_are_indexed_again():
    changed = {**PAGES, "noi-dung/s2/1-1/index.html": (b"b2", 900, 7), "doi-thoai/s2/index.html": (b"d2", 500, 8)}
    args = (SPLIT, recent.current_pages(SPLIT, changed), _recorded(SPLIT, PAGES), search.bundle_stamps(SPLIT))
    assert len(recent.plan_index(*args, 2).recent) == 2
    assert recent.plan_index(*args, 1) == recent.IndexPlan(fresh=(SPLIT[1],), kept=(SPLIT[0],))


def test_a_bundle_made_by_another_indexer_or_recorded_otherwise_is_made_afresh():
    recorded = _recorded(SPLIT, PAGES)
    recorded["pagefind/1"]["stamp"] = "another Pagefind"
    recorded["pagefind/2"] = "a stamp as an older build recorded it"
    work = recent.plan_index(SPLIT, recent.current_pages(SPLIT, PAGES), recorded, search.bundle_stamps(SPLIT), 10)
    assert work == recent.IndexPlan(fresh=tuple(SPLIT))


def test_the_manifest_lists_the_stale_pages_per_bundle_in_the_plans_order():
    data = recent.manifest(SPLIT, {"pagefind/2": {"vi_old": {"status": ["outstanding"]}}}, True)
    assert data == b'{"recent":"recent/pagefind.js","stale":[{},{"vi_old":{"status":["outstanding"]}}]}'


def test_clearing_keeps_only_the_kept_bundles(tmp_path):
    root = tmp_path / "pagefind"
    for name in ("1", "2", "3"):
        (root / name / "fragment").mkdir(parents=True)
        (root / name / "pagefind-entry.json").write_text("{}", encoding="utf-8")
    (root / "pagefind.js").write_text("", encoding="utf-8")  # left by an earlier single bundle
    search._clear(tmp_path, [search_page.Bundle("pagefind/2", ("s2",))])
    assert sorted(p.name for p in root.iterdir()) == ["2"]
    assert (root / "2" / "pagefind-entry.json").is_file()
    search._clear(tmp_path, [])
    assert not root.exists()


def test_a_failed_run_leaves_no_record_to_keep_a_bundle_by(monkeypatch, tmp_path):
    record = tmp_path / "cache" / "search-1-2.json"

    def index_bundle(site, bundle, on_start=lambda: None):
        on_start()
        (site / bundle.folder).mkdir(parents=True, exist_ok=True)
        (site / bundle.folder / "pagefind-entry.json").write_text("{}", encoding="utf-8")
        return ("failed" if failing else None), {}

    monkeypatch.setattr(search, "_index_bundle", index_bundle)
    failing = False
    assert search.run_pagefind(tmp_path, SPLIT, record=record, pages=PAGES).kept == 0
    assert search.run_pagefind(tmp_path, SPLIT, record=record, pages=PAGES).kept == 2
    assert search.run_pagefind(tmp_path, SPLIT, pages=PAGES).kept == 0  # no cache: every bundle afresh
    changed = {**PAGES, "doi-thoai/s2/index.html": (b"d2", 501, 11)}
    failing = True
    with pytest.raises(search.SearchIndexError):
        search.run_pagefind(tmp_path, SPLIT, record=record, pages=changed)
    assert not record.exists()
    failing = False
    assert search.run_pagefind(tmp_path, SPLIT, record=record, pages=changed).kept == 0
    assert search.run_pagefind(tmp_path, SPLIT, record=record, pages=changed).kept == 2
