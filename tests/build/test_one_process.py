"""`tools/build.py`: the check, then Pelican, in one process, the tree read and checked once."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import FIXTURES, ROOT

# Runs the tool as `invoke build` does, counting how often the tree is read and checked.
COUNTING = """
import sys
from pelican.plugins.congkhai.domain import checking
from pelican.plugins.congkhai.tools import build

calls = []
original = checking.validate_tree
checking.validate_tree = lambda *args, **kwargs: calls.append(1) or original(*args, **kwargs)
code = build.main(sys.argv[1:])
print("validated", len(calls))
sys.exit(code)
"""


def _files(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def _build(output: Path, *pelican_settings: str, site: Path = FIXTURES / "small",
           cache: bool = False) -> subprocess.CompletedProcess:
    settings = str(ROOT / "pelicanconf.py")
    return subprocess.run(
        [sys.executable, "-c", COUNTING, "content", "-s", settings, "--as-of", "2018-07-05",
         *(["--cache"] if cache else []), "--",
         "content", "-s", settings, "-t", str(ROOT / "theme"), "-o", str(output),
         "-e", 'AS_OF="2018-07-05"', *pelican_settings, "--fatal", "warnings"],
        cwd=site, capture_output=True, text=True)


def test_the_build_takes_the_tree_its_check_read_and_builds_the_same_site(tmp_path):
    once = _build(tmp_path / "once")
    assert once.returncode == 0, once.stderr
    assert "validated 1" in once.stdout.splitlines()
    # A setting the check was not given (Pelican's -e only): the tree is checked again, with it.
    twice = _build(tmp_path / "twice", f"PRIVACY_ALLOWED_NUMBERS={json.dumps(['0252.3870.000'])}")
    assert twice.returncode == 0, twice.stderr
    assert "validated 2" in twice.stdout.splitlines()
    assert _files(tmp_path / "once") == _files(tmp_path / "twice")


def test_a_build_after_the_check_reuses_every_page_the_last_one_made(tmp_path):
    """What the check hands over is not part of what names a page: after an edited answer, the build
    renders that answer's pages and the site-wide ones, and reuses the rest."""
    shutil.copytree(FIXTURES / "small", tmp_path / "site")
    first = _build(tmp_path / "out", "BUILD_CACHE=true", site=tmp_path / "site", cache=True)
    assert first.returncode == 0, first.stderr
    answer = tmp_path / "site" / "content" / "responses" / "2018-03-01-tan-ha" / "1.1-1.md"
    answer.write_text(answer.read_text(encoding="utf-8") + "\nĐã kiểm tra lại.\n", encoding="utf-8")
    second = _build(tmp_path / "out", "BUILD_CACHE=true", site=tmp_path / "site", cache=True)
    summary = re.search(r"pages in [\d.]+ s: (\d+) written, (\d+) unchanged, (\d+) reused", second.stdout + second.stderr)
    assert summary, second.stdout + second.stderr
    assert 0 < int(summary[1]) and int(summary[3]) > int(summary[1]) + int(summary[2])  # most pages reused
