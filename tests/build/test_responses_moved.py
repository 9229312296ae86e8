"""A response moved into its session's body folder keeps its id: every address, feed entry id and
open-data id the sample published with its responses in content/responses/<session>/ is published
again now that they are in content/responses/<body>/<session>/ (rules.MOVED)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from helpers import FIXTURES

BEFORE = FIXTURES / "ids-before-responses-moved.txt"
_ID = re.compile(r"<id>([^<]+)</id>")


def published_ids(output: Path) -> list[str]:
    """Every file's path (but the search index's and the theme's, named by their contents, and the editor's bundle), every
    Atom entry id, and the id of every response in the open data (CSV and JSON), one a line."""
    found = [f"file {path.relative_to(output).as_posix()}" for path in output.rglob("*")
             if path.is_file() and path.relative_to(output).parts[0] not in ("pagefind", "theme", "admin")]
    for feed in output.rglob("*.xml"):
        found += [f"atom {ident}" for ident in _ID.findall(feed.read_text(encoding="utf-8"))]
    with (output / "du-lieu" / "responses.csv").open(encoding="utf-8-sig", newline="") as rows:
        found += [f"csv {row['id']}" for row in csv.DictReader(rows)]
    data = json.loads((output / "du-lieu" / "responses.json").read_text(encoding="utf-8"))
    found += [f"json {row['id']}" for row in (data["responses"] if isinstance(data, dict) else data)]
    return sorted(set(found))


def test_every_address_and_id_published_before_the_move_is_published_again(sample_site):
    before = [line for line in BEFORE.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert sum(line.startswith("atom tag:") and "tra-loi/" in line for line in before) > 400  # the responses' entries
    now = set(published_ids(sample_site))
    assert [line for line in before if line not in now] == []
