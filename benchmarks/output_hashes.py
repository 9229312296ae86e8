"""The sha256 of every file of the sample site, built as of fixed days: a change of code
that must not change what the site publishes is checked against a manifest of them.

    .venv/bin/python benchmarks/output_hashes.py write MANIFEST   # before the change
    .venv/bin/python benchmarks/output_hashes.py check MANIFEST   # after it: every difference listed

Each day is one clean build (no cache) of content/ with pelicanconf.py, both
languages and the search index included. BUILD_COMMIT is fixed, since the
footer and the data files name the commit they were built from.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DAYS = ("2018-07-05", "2026-12-06")
COMMIT = "0000000000000000000000000000000000000000"


def build(day: str, output: Path) -> None:
    overrides = f'AS_OF="{day}" BUILD_COMMIT="{COMMIT}"'
    subprocess.run([sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", str(output),
                    "-e", *overrides.split(" "), "--fatal", "warnings", "-q"], cwd=ROOT, check=True)


def hashes(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def manifest() -> dict[str, dict[str, str]]:
    result = {}
    with tempfile.TemporaryDirectory() as temporary:
        for day in DAYS:
            output = Path(temporary) / day
            build(day, output)
            result[day] = hashes(output)
    return result


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("write", "check"):
        print("usage: output_hashes.py write|check MANIFEST", file=sys.stderr)
        return 2
    action, path = argv[0], Path(argv[1])
    found = manifest()
    if action == "write":
        path.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"{path}: {sum(map(len, found.values())):,} files over {len(found)} days")
        return 0
    expected = json.loads(path.read_text(encoding="utf-8"))
    differences = []
    for day in DAYS:
        before, after = expected.get(day, {}), found[day]
        differences += [f"{day}: {name}: only before" for name in sorted(before.keys() - after.keys())]
        differences += [f"{day}: {name}: only after" for name in sorted(after.keys() - before.keys())]
        differences += [f"{day}: {name}: differs" for name in sorted(before.keys() & after.keys())
                        if before[name] != after[name]]
    for line in differences:
        print(line)
    print(f"{len(differences)} difference(s) in {sum(map(len, found.values())):,} files")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
