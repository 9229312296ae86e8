"""A tree with twenty different mistakes: twenty plain problems, Vietnamese first, a non-zero exit,
and the previous output/ left byte for byte as it was."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from invoke import Config, Context
from invoke.exceptions import UnexpectedExit

import tasks
from helpers import FIXTURES, ROOT, build_site

TWENTY = FIXTURES / "twenty-mistakes"
EXPECTED = (TWENTY / "expected.txt").read_text(encoding="utf-8").splitlines()


def context() -> Context:
    """An invoke context that does not read pytest's stdin."""
    return Context(Config(overrides={"run": {"in_stream": False}}))


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def site(tmp_path):
    """A copy of the twenty-mistakes tree with a previous build in output/."""
    shutil.copytree(TWENTY / "content", tmp_path / "content")
    previous = tmp_path / "output"
    (previous / "doi-thoai" / "cu").mkdir(parents=True)
    (previous / "index.html").write_text("<h1>Bản đã công bố hôm qua</h1>\n", encoding="utf-8")
    (previous / "doi-thoai" / "cu" / "index.html").write_bytes(b"\xef\xbb\xbfold\r\n")
    (previous / "du-lieu.json").write_text('{"items": 577}\n', encoding="utf-8")
    return tmp_path


def test_the_fixture_holds_twenty_different_mistakes():
    """Each problem is a Vietnamese line, then its English one indented; the count likewise."""
    lines, english, count = EXPECTED[:-2:2], EXPECTED[1:-2:2], EXPECTED[-2:]
    assert len(lines) == 20 and count == ["20 lỗi; chưa đăng gì.", "    20 problems found; nothing was published."]
    assert all(line.startswith("    ") and "(got " in line for line in english)
    fields = [line.split(": ")[1] for line in lines]
    assert len({(line.split(":")[0], line.split(":")[1]) for line in lines}) == 20  # file and line each
    assert len(set(fields)) >= 15


def test_the_build_task_fails_and_leaves_output_as_it_was(site):
    before = tree_digest(site / "output")
    c = context()
    with c.cd(str(site)), pytest.raises(UnexpectedExit) as failure:
        tasks.build_into(c, site / "output", settings=str(ROOT / "pelicanconf.py"))
    assert failure.value.result.exited != 0
    assert failure.value.result.stderr.splitlines() == EXPECTED
    assert tree_digest(site / "output") == before
    assert not (site / "output.new").exists() and not (site / "output.old").exists()


def test_pelican_itself_refuses_with_the_same_plain_lines(site):
    """The build without the task: generate_context prints the same lines, nothing is written."""
    result = build_site(site, site / "fresh", check=False)
    assert result.returncode != 0
    lines = result.stderr.splitlines()
    for line in EXPECTED:
        assert line in lines
    assert not list((site / "fresh").rglob("index.html"))


def test_the_validate_command_prints_the_lines_and_exits_non_zero(site):
    c = context()
    with c.cd(str(site)), pytest.raises(UnexpectedExit) as failure:
        tasks._validate(c, str(ROOT / "pelicanconf.py"), as_of="2018-07-05")
    assert failure.value.result.exited == 1
    assert failure.value.result.stderr.splitlines() == EXPECTED
