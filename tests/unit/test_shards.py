"""Which shard makes which bundle and page (shards.py), and the settings that ask for a shard or a
merge; the builds themselves are compared in tests/build/test_sharded.py."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from pelican.plugins.congkhai import shards
from pelican.plugins.congkhai.settings import SettingsError, parse_shard, resolve


def fake_view(sizes, limit):
    """Sessions of these many items, all held, in date order."""
    sessions = [SimpleNamespace(id=f"2018-01-{day:02}-s", date=dt.date(2018, 1, day), items=[object()] * size)
                for day, size in enumerate(sizes, 1)]
    return SimpleNamespace(content=SimpleNamespace(sessions=sessions), held=sessions,
                           options={"SEARCH_BUNDLE_PAGES": limit})


def test_each_bundle_goes_to_one_shard_the_heaviest_first_to_the_lightest():
    # Bundles of 5 / 9 / 9 / 3 pages (one session each): 9 to shard 1, 9 to shard 2, 5 to shard 1
    # (a tie goes to the lower number), then 3 to shard 2, the lighter (9 against 14).
    view = fake_view([4, 8, 8, 2], 9)
    plan = shards.plan(view, 2)
    assert [[b.folder for b in shard.bundles] for shard in plan] == [["pagefind/1", "pagefind/2"],
                                                                     ["pagefind/3", "pagefind/4"]]
    assert plan[0].sessions == {"2018-01-01-s", "2018-01-02-s"}
    assert [shard.name for shard in plan] == ["1/2", "2/2"]


def test_every_session_is_in_exactly_one_shard():
    view = fake_view([3, 7, 1, 9, 4, 4, 6, 2], 8)
    plan = shards.plan(view, 3)
    held = [session for shard in plan for session in shard.sessions]
    assert sorted(held) == sorted(s.id for s in view.content.sessions)


def test_a_site_of_one_bundle_is_made_whole_by_the_first_shard_and_the_others_are_empty():
    plan = shards.plan(fake_view([4, 8], 100), 3)
    assert [len(shard.bundles) for shard in plan] == [1, 0, 0]
    assert plan[0].sessions == {"2018-01-01-s", "2018-01-02-s"} and plan[2].sessions == frozenset()


@pytest.mark.parametrize("url, session", [("noi-dung/2018-01-02-s/3-1/", "2018-01-02-s"),
                                          ("doi-thoai/2018-01-02-s/", "2018-01-02-s"),
                                          ("doi-thoai/", ""), ("", ""), ("linh-vuc/dat-dai/", ""),
                                          ("don-vi/xa-son-my/doi-thoai/", "")])
def test_a_page_belongs_to_the_session_of_its_folder(url, session):
    assert shards.page_session(url) == session


def test_a_shard_owns_its_sessions_pages_only():
    shard = shards.plan(fake_view([4, 8], 9), 2)[0]
    assert [shard.owns(url) for url in ("noi-dung/2018-01-02-s/1-1/", "noi-dung/2018-01-01-s/1-1/", "")] == \
        [True, False, False]


@pytest.mark.parametrize("value, parsed", [("1/2", (1, 2)), ("3/3", (3, 3)), ("0/2", None), ("3/2", None),
                                           ("1", None), ("a/b", None), ("1/2/3", None), (2, None)])
def test_build_shard_reads_number_over_count(value, parsed):
    assert parse_shard(value) == parsed


@pytest.mark.parametrize("values, message", [
    ({"BUILD_SHARD": "3/2"}, "setting BUILD_SHARD: not a shard (got '3/2'; expected \"<number>/<count>\" with "
                             "1 <= number <= count, e.g. \"1/2\")"),
    ({"MERGE_SHARDS": "shards/1"}, "setting MERGE_SHARDS: not a list of folders (got 'shards/1'; expected e.g. "
                                   "[\"shards/1\", \"shards/2\"])"),
    ({"BUILD_SHARD": "1/2", "MERGE_SHARDS": ["a"]}, "setting MERGE_SHARDS: a shard's build cannot merge shards "
                                                    "(got BUILD_SHARD '1/2' too; expected one of them)"),
    ({"BUILD_SHARD": "1/2", "BUILD_CACHE": True}, "setting BUILD_SHARD: a sharded build runs without the build "
                                                  "cache (got BUILD_CACHE True; expected False: each shard and the "
                                                  "merge start from an empty folder)"),
])
def test_a_wrong_shard_setting_is_refused_with_what_to_write(values, message):
    with pytest.raises(SettingsError) as error:
        resolve({"AS_OF": "2018-07-05", **values})
    assert str(error.value) == message
