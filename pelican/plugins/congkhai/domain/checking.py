"""The whole check of a content tree, as `invoke validate` and the build both run it.

Each file alone, then across files (content/validation.py), then the joined model's own
checks (no item lost in a handover, domain/handovers.py) and the settings that name a body.
Here, not in content/, because the model's checks are the domain's. Pure: no Pelican.

A check that found the tree publishable gives a `Checked`: what it read, checked and joined,
so that a build in the same process (tools/build.py: the check, then Pelican) takes it as it
is instead of reading and checking every file again (`reusable`).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import NamedTuple

from ..build.files import gc_paused
from ..content.model import Content, assemble
from ..content.problems import Problem
from ..content.validation import setting_problems, validate_tree
from . import deadlines, handovers

# Settings that say where and how a build runs and shows its pages, never what the content may
# hold, and that a build sets otherwise than its settings file (tasks.py's -e, the generator's
# EDITOR_LINKS): the check reads none of them (tests/unit/domain/test_checking.py watches it),
# so a check made without them stands for a build made with them. Any other difference in the
# settings, and the build checks the tree again: a setting missing here costs time, never a
# wrong check.
UNCHECKED = ("BUILD_CACHE", "PREVIOUS_OUTPUT", "BUILD_SHARD", "MERGE_SHARDS", "EDITOR_LINKS")

# The key of Pelican's settings under which a tool that checked the tree in the same process
# gives the build its `Checked` (tools/build.py): not a setting a site sets (settings.py).
GIVEN = "CONGKHAI_CHECKED"


class Checked(NamedTuple):
    """A content tree found publishable, and what it was checked with."""

    content_dir: Path  # resolved
    options: dict  # the resolved settings (settings.resolve) it was checked with
    cache_dir: Path | None  # the checked-file cache it used and filled, if any
    checks: list  # each file's check (content/validation.py), its model object made
    model: Content
    seconds: float = 0.0  # what reading, checking and joining the tree took (the build's summary line)


def check_content(content_dir: Path, options: dict, cache_dir: Path | None = None,
                  settings_file: str = "pelicanconf.py") -> tuple[Checked | None, list[Problem]]:
    """(the checked tree, []) or (None, every problem found): the files' problems, else the model's.

    cache_dir: files whose bytes are unchanged are not parsed nor checked again (content/checkcache.py).
    settings_file: the name the settings' problems are given."""
    started = time.perf_counter()
    with gc_paused():  # nearly every object made here lives as long as the build
        checks, problems = validate_tree(content_dir, options, cache_dir, model=True)
        if problems:
            return None, problems
        model = assemble((checked.kind, checked.model) for checked in checks)
        problems = handovers.lost_items(model, deadlines.policy_from(options))
        problems += setting_problems(options, model.bodies, settings_file)
    if problems:
        return None, problems
    return Checked(Path(content_dir).resolve(), options, Path(cache_dir).resolve() if cache_dir else None,
                   checks, model, time.perf_counter() - started), []


def reusable(checked: Checked | None, content_dir: Path, options: dict, cache_dir: Path | None) -> bool:
    """Whether a check made earlier in this process stands for a build of `content_dir` with these
    settings and cache: the same folder, the same cache, the same settings but UNCHECKED."""
    if checked is None or checked.content_dir != Path(content_dir).resolve():
        return False
    if checked.cache_dir != (Path(cache_dir).resolve() if cache_dir else None):
        return False
    keys = (set(checked.options) | set(options)) - set(UNCHECKED)
    return all(checked.options.get(key) == options.get(key) for key in keys)
