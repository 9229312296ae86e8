"""The whole check as one function, and when a check made earlier stands for a build."""

from __future__ import annotations

from pathlib import Path

from helpers import FIXTURES, ROOT
from pelican.plugins.congkhai.domain import checking
from pelican.plugins.congkhai.settings import resolve

BASE = FIXTURES / "defects" / "base" / "content"
TWENTY = FIXTURES / "twenty-mistakes" / "content"
SAMPLE = ROOT / "content"  # a province with its communes as bodies, and handovers


class Watched(dict):
    """Settings that remember every key read from them."""

    def __init__(self, *args):
        super().__init__(*args)
        self.read = set()

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)


def test_a_publishable_tree_is_given_whole_with_what_it_was_checked_with(tmp_path):
    options = resolve({"AS_OF": "2018-07-05"})
    checked, problems = checking.check_content(BASE, options, tmp_path / "cache")
    assert problems == []
    assert checked.content_dir == BASE.resolve() and checked.cache_dir == (tmp_path / "cache").resolve()
    assert checked.options is options
    assert len(checked.checks) == len(list(BASE.rglob("*.yaml"))) + len(list(BASE.rglob("*.md")))
    assert checked.model.sessions and checked.model.items


def test_a_tree_with_problems_gives_every_problem_and_no_tree():
    checked, problems = checking.check_content(TWENTY, resolve({"AS_OF": "2018-07-05"}))
    assert checked is None and len(problems) == 20


def test_a_setting_naming_an_unknown_body_is_a_problem_named_after_the_settings_file():
    options = resolve({"AS_OF": "2018-07-05", "SITE_BODY": "xa-khong-co"})
    checked, problems = checking.check_content(SAMPLE, options, settings_file="conf.py")
    assert checked is None
    assert [(p.path, p.field) for p in problems] == [("conf.py", "SITE_BODY")]


def test_the_check_reads_none_of_the_settings_it_ignores():
    options = Watched(resolve({"AS_OF": "2018-07-05", "SITE_BODY": "tinh-lam-dong"}))
    checked, _ = checking.check_content(SAMPLE, options)
    assert checked is not None
    assert {"AS_OF", "PRIVACY_ALLOWED_NUMBERS", "SITE_BODY"} <= options.read  # it is watched reading them
    assert options.read.isdisjoint(checking.UNCHECKED)


def test_a_check_stands_for_a_build_of_the_same_tree_cache_and_settings(tmp_path):
    options = resolve({"AS_OF": "2018-07-05"})
    checked, _ = checking.check_content(BASE, options, tmp_path / "cache")
    same = dict(options)
    assert checking.reusable(checked, Path(str(BASE) + "/."), same, tmp_path / "cache")
    built = {**options, "BUILD_CACHE": True, "PREVIOUS_OUTPUT": "/x", "EDITOR_LINKS": False}
    assert checking.reusable(checked, BASE, built, tmp_path / "cache")


def test_a_check_with_anything_else_different_does_not_stand(tmp_path):
    options = resolve({"AS_OF": "2018-07-05"})
    checked, _ = checking.check_content(BASE, options, tmp_path / "cache")
    assert not checking.reusable(None, BASE, options, tmp_path / "cache")
    assert not checking.reusable(checked, TWENTY, options, tmp_path / "cache")
    assert not checking.reusable(checked, BASE, options, None)
    assert not checking.reusable(checked, BASE, resolve({"AS_OF": "2018-07-06"}), tmp_path / "cache")
    assert not checking.reusable(checked, BASE, {**options, "PRIVACY_ALLOWED_NUMBERS": ["0252.3870.000"]},
                                 tmp_path / "cache")
