"""Fault tests: real builds of a small site, through the task the editors run (tasks.build_into),
in their own process group, stopped and hampered as crashes, full disks and rival builds would.

Every test ends the same way: the published tree is compared with a clean build's."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import FIXTURES, ROOT

AS_OF = "2018-07-05"
SCRIPT = """
import sys
from pathlib import Path
sys.path.insert(0, {root!r})
import tasks
from invoke import Config, Context
from invoke.exceptions import Exit, UnexpectedExit
c = Context(Config(overrides={{"run": {{"in_stream": False}}}}))
pelican = tasks._pelican  # one commit named in every footer, whatever is committed meanwhile
tasks._pelican = lambda *a, overrides=None, **k: pelican(*a, overrides={{**(overrides or {{}}), "BUILD_COMMIT": "test"}}, **k)
try:
    tasks.build_into(c, Path("output"), settings={settings!r}, as_of={as_of!r}, cache={cache!r})
except UnexpectedExit as failure:
    sys.exit(failure.result.exited or 1)
except Exit as refusal:
    print(refusal.message, file=sys.stderr)
    sys.exit(refusal.code)
"""


def command(cache: bool = True, as_of: str = AS_OF) -> list[str]:
    return [sys.executable, "-c", SCRIPT.format(root=str(ROOT), settings=str(ROOT / "pelicanconf.py"),
                                                as_of=as_of, cache=cache)]


def start(site: Path, cache: bool = True, **env) -> subprocess.Popen:
    """A build of `site` as `invoke build` runs it, in a process group of its own (killed whole)."""
    return subprocess.Popen(command(cache), cwd=site, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True,
                            env={**os.environ, "PYTHONHASHSEED": "0", **env})


def build(site: Path, cache: bool = True, **env) -> subprocess.CompletedProcess:
    process = start(site, cache, **env)
    stdout, stderr = process.communicate(timeout=300)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def kill_group(process: subprocess.Popen) -> None:
    """SIGKILL to the build and every process it started, as a runner or a laptop dying."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.communicate(timeout=60)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # its workers and Pagefind gone too
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)


def digest(folder: Path) -> dict[str, str]:
    """Every file of a published tree and its hash; {} when the folder is missing."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(Path(folder).rglob("*")) if p.is_file()}


def published(folder: Path) -> dict:
    """What a reader gets from a published tree: every file outside the search index by its
    hash, and the search index by what a search finds in it (tests/helpers.searchable). A
    build with the cache lays the pages it changed over the kept bundles (a recent bundle),
    so its index finds what a clean build's finds without being the same bytes."""
    from helpers import searchable

    files = {name: sha for name, sha in digest(folder).items() if not name.startswith("pagefind/")}
    return {**files, "pagefind/ (what a search finds)": searchable(Path(folder))}


def no_traceback(*texts: str) -> None:
    for text in texts:
        assert "Traceback" not in text, text


def edit(site: Path, words: str) -> None:
    """An answer changed, as an editor saves it: the next build's site differs."""
    answer = next((site / "content" / "responses").rglob("*.md"))
    answer.write_text(answer.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{words}\n", encoding="utf-8")


@pytest.fixture
def site(tmp_path) -> Path:
    shutil.copytree(FIXTURES / "small" / "content", tmp_path / "site" / "content")
    return tmp_path / "site"


@pytest.fixture
def clean(tmp_path):
    """What a reader gets (published) from a clean build (no cache, nothing before it) of a site
    as it now stands."""
    def clean_digest(site: Path) -> dict[str, str]:
        fresh = tmp_path / f"clean-{time.monotonic_ns()}"
        shutil.copytree(site / "content", fresh / "content")
        result = build(fresh, cache=False)
        assert result.returncode == 0, result.stderr
        return published(fresh / "output")
    return clean_digest
