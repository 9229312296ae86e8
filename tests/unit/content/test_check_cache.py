"""The checked-file cache (BUILD_CACHE): unchanged files are neither parsed nor checked
again, yet every build reports the same problems and builds the same model as a
build without it; the checks between files run on every build."""

import datetime as dt
import os
import shutil
import time
from pathlib import Path

import pytest

from helpers import printed_lines
from pelican.plugins.congkhai.build import cachefile, imports
from pelican.plugins.congkhai.content import checkcache as cache
from pelican.plugins.congkhai.content import validation
from pelican.plugins.congkhai.content.model import assemble, build_content
from pelican.plugins.congkhai.content.reading import read_tree

FIXTURES = Path(__file__).parents[2] / "fixtures"
OPTIONS = {"AS_OF": dt.date(2018, 7, 5)}
SESSION = "sessions/2018-03-01-tan-ha.yaml"
RESPONSE = "responses/2018-03-01-tan-ha/1.1-1.md"


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A copy of the small site, and a counter of the files parsed by validate_tree."""
    shutil.copytree(FIXTURES / "small" / "content", tmp_path / "content")
    parsed = []
    real = validation.parse_document

    def counting(raw, display_path, kind):
        parsed.append(display_path)
        return real(raw, display_path, kind)

    monkeypatch.setattr(validation, "parse_document", counting)
    return tmp_path / "content", tmp_path / "cache", parsed


def run(content, cache_dir, options=OPTIONS):
    checks, problems = validation.validate_tree(content, options, cache_dir, model=True)
    return [str(p) for p in problems], checks


def edit(path: Path, old: str, new: str):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_second_build_parses_nothing_and_gives_the_same_model(site):
    content, cache_dir, parsed = site
    first, checks = run(content, cache_dir)
    assert first == [] and len(parsed) == len(checks)
    parsed.clear()
    again, cached = run(content, cache_dir)
    assert again == [] and parsed == []
    expected = build_content(read_tree(content))
    assert assemble((c.kind, c.model) for c in cached) == expected
    # assemble attaches responses to items; the next build must not find them attached twice
    third, cached = run(content, cache_dir)
    assert assemble((c.kind, c.model) for c in cached) == expected


def test_a_changed_file_is_checked_again_and_only_it(site):
    content, cache_dir, parsed = site
    run(content, cache_dir)
    parsed.clear()
    edit(content / SESSION, "due: 2018-04-01", "due: 2018-02-01")
    problems, _ = run(content, cache_dir)
    assert parsed == [f"content/{SESSION}"]
    assert any("the deadline is before the session" in p for p in problems)
    parsed.clear()
    edit(content / SESSION, "due: 2018-02-01", "due: 2018-04-01")
    assert run(content, cache_dir)[0] == []
    assert parsed == [f"content/{SESSION}"]


def test_a_cached_problem_is_still_reported_on_the_next_build(site):
    content, cache_dir, parsed = site
    edit(content / RESPONSE, "Phòng đang", "Liên hệ 0912 345 678. Phòng đang")
    first, _ = run(content, cache_dir)
    assert len(first) == 1 and "looks like a phone number" in first[0]
    parsed.clear()
    second, _ = run(content, cache_dir)
    assert parsed == [] and second == first


def test_checks_between_files_run_on_every_build(site):
    """An unchanged response, from the cache, loses its item when the session changes."""
    content, cache_dir, parsed = site
    run(content, cache_dir)
    parsed.clear()
    edit(content / SESSION, "      - stt: 1\n        topic: dat-dai", "      - stt: 9\n        topic: dat-dai")
    problems, _ = run(content, cache_dir)
    assert parsed == [f"content/{SESSION}"]
    assert any(p.startswith(f"content/{RESPONSE}:") and "no such item" in p for p in problems)
    # an agency removed from agencies.yaml: the unchanged session names an unknown agency
    edit(content / "data/agencies.yaml", "  - id: so-gtvt\n", "  - id: so-gtvt-x\n")
    problems, _ = run(content, cache_dir)
    assert any(p.startswith(f"content/{SESSION}:") and "unknown agency (got 'so-gtvt'" in p for p in problems)


@pytest.mark.parametrize("name", sorted(d.name for d in (FIXTURES / "defects").iterdir()
                                         if (d / "expected.txt").exists()))
def test_every_defect_gives_its_exact_lines_through_the_cache(name, tmp_path, monkeypatch):
    """Cold (cache being filled) and warm (every file from the cache): the fixture's exact lines."""
    monkeypatch.setattr(validation, "today_in_vietnam", lambda: None)  # the cut-off is AS_OF, as in the fixtures
    shutil.copytree(FIXTURES / "defects" / "base", tmp_path, dirs_exist_ok=True)
    shutil.copytree(FIXTURES / "defects" / name / "content", tmp_path / "content", dirs_exist_ok=True)
    expected = (FIXTURES / "defects" / name / "expected.txt").read_text(encoding="utf-8").splitlines()
    options = {**OPTIONS, "PRIVACY_ALLOWED_NUMBERS": ["0252 3870 000"]}  # the fixture's public hotline
    for _ in range(2):
        _, problems = validation.validate_tree(tmp_path / "content", options, tmp_path / "cache", model=True)
        assert printed_lines(problems) == expected


def test_a_change_of_the_checking_code_or_of_the_allowed_numbers_empties_the_cache(site, monkeypatch):
    content, cache_dir, parsed = site
    edit(content / RESPONSE, "Phòng đang", "Liên hệ 0912 345 678. Phòng đang")
    run(content, cache_dir)
    parsed.clear()
    allowed = {**OPTIONS, "PRIVACY_ALLOWED_NUMBERS": ["0912 345 678"]}
    assert run(content, cache_dir, allowed)[0] == []  # not the cached phone-number problem
    assert len(parsed) > 1
    parsed.clear()
    monkeypatch.setattr(cache, "check_code_version", lambda: "another version of the rules")
    assert run(content, cache_dir, allowed)[0] == []
    assert len(parsed) > 1


def test_the_code_version_covers_the_modules_that_check_and_model_a_file():
    modules = imports.closure("content.validation")
    assert {"content.validation", "content.reading", "content.privacy", "content.rules", "content.model",
            "content.problems", "vietnamese"} <= set(modules)
    assert "build.rendering" not in modules and "site.views" not in modules  # a template change keeps the cache


def test_the_check_command_with_cache_prints_the_same_lines_and_fills_the_builds_cache(tmp_path, capsys,
                                                                                      monkeypatch):
    """`invoke build --cache` checks with --cache first: same lines, and the build then finds every file."""
    from pelican.plugins.congkhai.tools import check

    shutil.copytree(FIXTURES / "twenty-mistakes" / "content", tmp_path / "content")
    settings = tmp_path / "s.py"
    settings.write_text(f'CACHE_PATH = "{tmp_path / "cache"}"\nAS_OF = "2018-07-05"\n', encoding="utf-8")
    outputs = []
    for extra in ([], ["--cache"], ["--cache"]):
        assert check.main([str(tmp_path / "content"), "-s", str(settings), *extra]) == 1
        outputs.append(capsys.readouterr().err)
    assert outputs[0] == outputs[1] == outputs[2]
    assert len(outputs[0].splitlines()) > 20
    parsed = []
    monkeypatch.setattr(validation, "parse_document", lambda *args: parsed.append(args) or None)
    options = check.read_options(str(settings), None)
    checks, problems = validation.validate_tree(tmp_path / "content", options, tmp_path / "cache" / "congkhai",
                                                model=True)
    assert parsed == [] and 2 * len(problems) == len(outputs[0].splitlines()) - 2  # two lines each, less the count


def test_an_edit_rewrites_one_shard_and_a_deleted_file_leaves_the_store(site, monkeypatch):
    content, cache_dir, parsed = site
    run(content, cache_dir)
    shards = lambda: {f.name: f.stat().st_ino for f in (cache_dir / "checked").glob("checked-*.pickle")}
    before = shards()
    run(content, cache_dir)
    assert shards() == before  # nothing changed: nothing written
    edit(content / RESPONSE, "Phòng đang", "Phòng vẫn đang")
    run(content, cache_dir)
    after = shards()
    assert len([name for name in after if after[name] != before.get(name)]) == 1
    (content / RESPONSE).unlink()
    stores = []  # the build's CheckCache, whose version its files are kept under
    monkeypatch.setattr(validation, "CheckCache", lambda *args, **kw: stores.append(cache.CheckCache(*args, **kw))
                        or stores[-1])
    run(content, cache_dir)
    kept = [c for f in (cache_dir / "checked").glob("checked-*.pickle")
            for c in cachefile.load(f, stores[-1].version + "\0checks").values()]
    assert f"content/{RESPONSE}" not in {c.path for c in kept}
    assert len(kept) == len(validation.list_tree(content))


@pytest.fixture
def reads(monkeypatch):
    """The content files validate_tree reads, by display path."""
    seen = []
    real = validation.read_bytes

    def counting(file):
        seen.append(Path(file).name)
        return real(file)

    monkeypatch.setattr(validation, "read_bytes", counting)
    return seen


def later_clock(monkeypatch, seconds: int = 10):
    """Builds that look as if they started `seconds` from now: every file is older than RACY_NS."""
    monkeypatch.setattr(cache, "now_ns", lambda: time.time_ns() + seconds * 10**9)


def test_a_file_whose_stamp_is_unchanged_is_not_even_read(site, reads, monkeypatch):
    content, cache_dir, parsed = site
    later_clock(monkeypatch)
    first, checks = run(content, cache_dir)
    assert len(reads) == len(checks)
    reads.clear()
    again, cached = run(content, cache_dir)
    assert reads == [] and again == first
    assert assemble((c.kind, c.model) for c in cached) == build_content(read_tree(content))


def test_an_edit_that_keeps_the_size_and_the_modification_time_is_still_read(site, reads, monkeypatch):
    """The change time moves with any write, and no tool can set it back."""
    content, cache_dir, parsed = site
    later_clock(monkeypatch)
    run(content, cache_dir)
    path = content / SESSION
    before = path.stat()
    edit(path, "due: 2018-04-01", "due: 2018-02-01")  # same length
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    reads.clear()
    problems, _ = run(content, cache_dir)
    assert reads == [path.name] and parsed[-1] == f"content/{SESSION}"
    assert any("the deadline is before the session" in p for p in problems)


def test_a_file_changed_just_before_a_build_is_read_again_by_the_next(site, reads, monkeypatch):
    """Racy stamps: a file changed within RACY_NS before the build that looked at it may
    change again within the same clock tick; its stamp is trusted only once a later build took it."""
    content, cache_dir, parsed = site
    run(content, cache_dir)  # the files were copied just now: every stamp is too recent
    reads.clear()
    parsed.clear()
    run(content, cache_dir)
    assert len(reads) == len(validation.list_tree(content)) and parsed == []  # read, found by their bytes
    later_clock(monkeypatch, seconds=cache.RACY_NS // 10**9 + 1)
    run(content, cache_dir)  # the stamps are taken again, by a build that started long enough after
    reads.clear()
    run(content, cache_dir)
    assert reads == []
