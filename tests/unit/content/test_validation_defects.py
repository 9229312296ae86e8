"""One fixture per content mistake: the exact lines an editor reads.

tests/fixtures/defects/base is a small valid content tree. Each other folder
there is named after one mistake and holds only the files that differ from
base (laid over a copy of it) and expected.txt, the exact problem lines.
Folders whose expected.txt is empty are cases that must pass (BOM and CRLF,
an allowed hotline, a reviewed file, numbers that are not personal data).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from helpers import FIXTURES
from pelican.plugins.congkhai.content.reading import read_tree
from pelican.plugins.congkhai.content.validation import validate

DEFECTS = FIXTURES / "defects"
AS_OF = dt.date(2018, 7, 5)
ALLOWED_NUMBERS = ["0252 3870 000"]  # the fixture's public hotline
NAMES = sorted(d.name for d in DEFECTS.iterdir() if d.is_dir() and d.name != "base")


def problems_of(name: str, tmp_path: Path) -> list[str]:
    shutil.copytree(DEFECTS / "base", tmp_path, dirs_exist_ok=True)
    shutil.copytree(DEFECTS / name / "content", tmp_path / "content", dirs_exist_ok=True)
    return [str(p) for p in validate(read_tree(tmp_path / "content"), AS_OF, ALLOWED_NUMBERS)]


def test_the_base_tree_is_valid():
    assert validate(read_tree(DEFECTS / "base" / "content"), AS_OF, ALLOWED_NUMBERS) == []


@pytest.mark.parametrize("name", NAMES)
def test_each_defect_gives_its_exact_lines(name, tmp_path):
    expected = (DEFECTS / name / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert problems_of(name, tmp_path) == expected


def test_every_defect_fixture_names_file_line_and_field():
    """Each refused fixture points at a file (and a line, unless the whole file is concerned)."""
    for name in NAMES:
        for line in (DEFECTS / name / "expected.txt").read_text(encoding="utf-8").splitlines():
            where, field, message = line.split(": ", 2)
            assert where.startswith("content/") and field and "(got " in message, line
            assert "expected" in message or "did you mean" in message, line


def test_there_are_enough_defects_and_passing_cases():
    refused = [n for n in NAMES if (DEFECTS / n / "expected.txt").read_text(encoding="utf-8").strip()]
    assert len(refused) >= 30
    assert {"bom-and-crlf-accepted", "privacy-false-positives", "privacy-allowed-hotline",
            "privacy-reviewed-marker"} <= set(NAMES) - set(refused)
