"""The guard in front of every deploy: only a build that passed `invoke ci` on this very commit goes out.

A command-line tool: never imported by the build. `invoke ci` writes a stamp (commit, settings file, digest of
the output folder) when validation, build, link check and tests all passed on
a clean tree; `invoke publish` and `invoke gh-pages` refuse to deploy unless
the stamp matches the current commit and the output folder byte for byte.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Stamp:
    commit: str  # full `git rev-parse HEAD`
    settings: str  # the settings file the output was built with, e.g. publishconf.py
    digest: str  # tree_digest() of the output folder


def tree_digest(folder: Path) -> str:
    """SHA-256 over every file's relative path and bytes, in sorted order."""
    digest = hashlib.sha256()
    folder = Path(folder)
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def write_stamp(path: Path, stamp: Stamp) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(stamp), indent=1) + "\n", encoding="utf-8")


def read_stamp(path: Path) -> Stamp | None:
    try:
        return Stamp(**json.loads(path.read_text(encoding="utf-8")))
    except (FileNotFoundError, ValueError, TypeError):
        return None


def refusal(stamp: Stamp | None, head: str, dirty: list[str], settings: str, output: Path) -> str | None:
    """Why this output must not be deployed, or None when `invoke ci` passed for exactly it."""
    if dirty:
        shown = ", ".join(dirty[:5]) + (" …" if len(dirty) > 5 else "")
        return (f"the working tree has uncommitted changes ({shown}): commit them, "
                "then run `invoke ci --settings publishconf.py`")
    if stamp is None:
        return "no passing `invoke ci` recorded: run `invoke ci --settings publishconf.py` first"
    if stamp.commit != head:
        return (f"`invoke ci` passed on commit {stamp.commit[:12]}, not on the current commit {head[:12]}: "
                "run `invoke ci --settings publishconf.py` again")
    if stamp.settings != settings:
        return (f"the output was built with {stamp.settings}, not {settings}: "
                f"run `invoke ci --settings {settings}`")
    if not (Path(output) / "index.html").is_file() or tree_digest(output) != stamp.digest:
        return (f"{output} changed since `invoke ci` passed (another build?): "
                f"run `invoke ci --settings {settings}` again")
    return None
