"""One fixture per content mistake: the exact lines an editor reads.

tests/fixtures/defects/base is a small valid content tree. Each other folder
there is named after one mistake and holds only the files that differ from
base (laid over a copy of it) and expected.txt, the exact problem lines as printed: for
each problem, its place and the Vietnamese sentence, then the English message indented.
Folders whose expected.txt is empty are cases that must pass (BOM and CRLF,
an allowed hotline, a reviewed file, numbers that are not personal data).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from helpers import FIXTURES, printed_lines
from pelican.plugins.congkhai.content import messages
from pelican.plugins.congkhai.content.problems import INDENT
from pelican.plugins.congkhai.content.reading import read_tree
from pelican.plugins.congkhai.content.validation import validate

DEFECTS = FIXTURES / "defects"
AS_OF = dt.date(2018, 7, 5)
ALLOWED_NUMBERS = ["0252 3870 000"]  # the fixture's public hotline
NAMES = sorted(d.name for d in DEFECTS.iterdir() if d.is_dir() and d.name != "base")


def problems_of(name: str, tmp_path: Path) -> list[str]:
    shutil.copytree(DEFECTS / "base", tmp_path, dirs_exist_ok=True)
    shutil.copytree(DEFECTS / name / "content", tmp_path / "content", dirs_exist_ok=True)
    return printed_lines(validate(read_tree(tmp_path / "content"), AS_OF, ALLOWED_NUMBERS))


def test_the_base_tree_is_valid():
    assert validate(read_tree(DEFECTS / "base" / "content"), AS_OF, ALLOWED_NUMBERS) == []


@pytest.mark.parametrize("name", NAMES)
def test_each_defect_gives_its_exact_lines(name, tmp_path):
    expected = (DEFECTS / name / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert problems_of(name, tmp_path) == expected


def test_every_defect_fixture_names_file_line_and_field():
    """Each refused fixture points at a file (and a line, unless the whole file is concerned)."""
    for name in NAMES:
        lines = (DEFECTS / name / "expected.txt").read_text(encoding="utf-8").splitlines()
        assert len(lines) % 2 == 0, name
        for first, english in zip(lines[::2], lines[1::2]):
            where, field, vietnamese = first.split(": ", 2)
            assert where.startswith("content/") and field and vietnamese.endswith("."), first
            assert vietnamese != messages.UNKNOWN, first  # every message has its entry in the catalogue
            assert english.startswith(INDENT) and "(got " in english, english
            # A line the sentence names is the problem's own, or one the English names too.
            own = where.rpartition(":")[2]
            for named in re.findall(r"dòng (\d+)", vietnamese, re.IGNORECASE):
                assert named == own or re.search(rf"\bline {named}\b", english), first
            assert "expected" in english or "did you mean" in english, english


def test_there_are_enough_defects_and_passing_cases():
    refused = [n for n in NAMES if (DEFECTS / n / "expected.txt").read_text(encoding="utf-8").strip()]
    assert len(refused) >= 30
    assert {"bom-and-crlf-accepted", "privacy-false-positives", "privacy-allowed-hotline",
            "privacy-reviewed-marker"} <= set(NAMES) - set(refused)


def refresh():
    """Write each fixture's expected.txt from what the checks find now (read the diff before committing)."""
    import tempfile

    for name in NAMES:
        with tempfile.TemporaryDirectory() as folder:
            lines = problems_of(name, Path(folder))
        (DEFECTS / name / "expected.txt").write_text("".join(line + "\n" for line in lines), encoding="utf-8")


if __name__ == "__main__":
    refresh()
