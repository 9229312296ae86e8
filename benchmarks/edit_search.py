"""From a saved answer to a search that finds it, through `invoke build` as an editor runs it.

    .venv/bin/python benchmarks/edit_search.py SITE [EDITS]   # SITE: a folder with content/ and pelicanconf.py

Cleans SITE's output and cache, times a full `invoke build`, then edits one answer (a sentence
with a word no page holds) and builds again: the first cached build fills a fresh folder with
hard links, every later one updates the spare in place, the build an editor waits for. Each
in-place build (EDITS of them, 3 by default) is timed from the saved file to the end of
`invoke build`, and the new word is then looked up in the index the reader searches
(tests/helpers.searchable: the settled bundles without their stale copies, and the recent one).
Prints one JSON line per build. Heavy at 20,000 items: run it under `flock /work/wt/bench.lock`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from helpers import searchable  # noqa: E402

SEARCH_LINE = re.compile(r"congkhai: search index: .*")


def build(site: Path) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "invoke"), "build", "--as-of", "2018-07-05"], cwd=ROOT,
                            env={**os.environ, "CONGKHAI_SITE": str(site)}, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode:
        raise SystemExit(result.stdout[-3000:] + result.stderr[-3000:])
    found = SEARCH_LINE.search(result.stdout)
    return seconds, found.group(0) if found else ""


def main(argv: list[str]) -> None:
    site, edits = Path(argv[0]).resolve(), int(argv[1]) if len(argv) > 1 else 3
    for folder in ("output", "output.spare", "cache"):
        shutil.rmtree(site / folder, ignore_errors=True)
    seconds, line = build(site)
    print(json.dumps({"build": "full", "seconds": round(seconds, 2), "index": line}, ensure_ascii=False), flush=True)
    answers = sorted((site / "content" / "responses").rglob("*.md"))
    for number in range(edits + 1):
        word = f"kiemtra{number}xyz"
        answer = answers[len(answers) * (number + 1) // (edits + 3)]
        answer.write_text(answer.read_text(encoding="utf-8") + f"\nĐã {word} lại kết quả.\n", encoding="utf-8")
        seconds, line = build(site)
        found = [url for url, page in searchable(site / "output").items() if word in page["content"]]
        print(json.dumps({"build": "first cached (hard links)" if number == 0 else "in place",
                          "seconds": round(seconds, 2), "index": line, "found": found}, ensure_ascii=False),
              flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
