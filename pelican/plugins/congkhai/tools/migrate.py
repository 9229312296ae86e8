"""`invoke migrate`: rewrite content files to the current version of the content contract.

What changed between versions is data in content/rules.py: a field's `was` names its earlier
names, `MOVED` the earlier places of a kind of file. A file is rewritten only where an old key
stands, and only that key's characters change; its comments, key order, quoting, blank lines and
line endings stay as they were, so the diff shows the rename and nothing else. A file in an
earlier place is moved, its bytes unchanged: with `git mv` where the file is tracked, so the move
is staged as a rename and its history follows it; else renamed. Running it again changes nothing.

Reads the files as the checks do (content/reading.py, with its limits on hostile files) and
writes each through build/files.replace_file; never imported by the build.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..build.files import replace_file
from ..content import messages, rules
from ..content.kinds import BlockList
from ..content.model import response_place
from ..content.problems import INDENT
from ..content.reading import RESPONSE_DIR, list_tree, parse_document, read_bytes, stem_of

# Which files hold which fields, by the kind content/reading.py gives them.
FIELDS_OF_KIND = {"session": rules.SESSION_FIELDS}


@dataclass(frozen=True)
class Rename:
    """One key renamed in one file: where it stood, and the contract version that renamed it."""

    line: int
    field: str  # dotted path, as the checks name it, e.g. "opinions[2].items[1].stt"
    old: str
    new: str
    version: int


def renames(text: str, fields: tuple[rules.Field, ...]) -> list[tuple[int, int, str, Rename]]:
    """The spans (start, end, replacement, what) of every old key in text, first to last."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    found: list[tuple[int, int, str, Rename]] = []
    _walk(root, fields, "", found)
    return sorted(found, key=lambda span: span[0])


def _walk(node, fields, prefix, found) -> None:
    if not isinstance(node, yaml.MappingNode):
        return
    by_name = {field.name: field for field in fields}
    old_names = {old.name: (field, old) for field in fields for old in field.was}
    present = {key.value for key, _ in node.value if isinstance(key, yaml.ScalarNode)}
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        field = by_name.get(key.value)
        if key.value in old_names and key.value not in by_name:
            field, old = old_names[key.value]
            if field.name in present:
                continue  # both names in one block: the checks report it; renaming would duplicate a key
            quote = key.style if key.style in ("'", '"') else ""
            found.append((key.start_mark.index, key.end_mark.index, f"{quote}{field.name}{quote}",
                          Rename(key.start_mark.line + 1, prefix + field.name, old.name, field.name, old.version)))
        if field is not None and isinstance(field.kind, BlockList) and isinstance(value, yaml.SequenceNode):
            for index, child in enumerate(value.value, 1):
                _walk(child, field.kind.fields, f"{prefix}{field.name}[{index}].", found)


def migrate_text(text: str, fields: tuple[rules.Field, ...]) -> tuple[str, list[Rename]]:
    """text with every old key renamed, and what was renamed."""
    spans = renames(text, fields)
    pieces, at = [], 0
    for start, end, replacement, _ in spans:
        pieces += [text[at:start], replacement]
        at = end
    pieces.append(text[at:])
    return "".join(pieces), [what for *_, what in spans]


@dataclass(frozen=True)
class Outcome:
    path: str  # as the checks name it
    renames: tuple[Rename, ...] = ()
    refused: str = ""  # why the file was left as it is


def migrate_tree(content_dir: Path | str, write: bool = True) -> list[Outcome]:
    """Every file of the tree that needs a change, or that could not be read to decide."""
    outcomes = []
    for file, display, kind in list_tree(content_dir):
        fields = FIELDS_OF_KIND.get(kind)
        if file is None or fields is None:
            continue
        raw = read_bytes(file)
        document = parse_document(raw, display, kind)
        if document.data is None:
            first = document.problems[0] if document.problems else None
            outcomes.append(Outcome(display, refused=str(first) if first else "the file could not be read"))
            continue
        text = raw.decode("utf-8")
        try:
            new_text, done = migrate_text(text, fields)
        except yaml.YAMLError as error:  # what the checks' reader lets by, PyYAML's own refuses
            where = f":{error.problem_mark.line + 1}" if getattr(error, "problem_mark", None) else ""
            outcomes.append(Outcome(f"{display}{where}", refused=f"YAML: {getattr(error, 'problem', error)}"))
            continue
        if not done:
            continue
        if write:
            replace_file(Path(file), new_text.encode("utf-8"))
        outcomes.append(Outcome(display, tuple(done)))
    return outcomes


@dataclass(frozen=True)
class Move:
    """One file moved from an earlier place to the current one (paths as the checks name them)."""

    old: str
    new: str
    version: int
    file: Path  # the file where it stands, on disk
    target: Path  # where it goes, on disk
    refused: str = ""  # why it stays where it is

    def english(self, write: bool) -> str:
        if self.refused:
            return f"cannot be moved into its session's body folder (got {self.old}; {self.refused})"
        if not write:
            return f"to be moved into its session's body folder (got {self.old}; expected {self.new}, as version " \
                   f"{self.version} of the content format puts it)"
        return f"moved into its session's body folder (got {self.old}; now {self.new}, as version {self.version} " \
               "of the content format puts it)"

    def printed(self, write: bool) -> str:
        """Vietnamese first (the catalogue's sentence), the English under it, as a problem is printed."""
        english = self.english(write)
        return f"{self.old}: {messages.sentence(english)}\n{INDENT}{english}"


def moves(content_dir: Path | str) -> list[Move]:
    """Every response that is not where the contract puts it: in the folder of its item's session's
    body (model.response_place, the rule the checks hold it to). A response that cannot be read
    follows the session its folder is named after."""
    listing = list_tree(content_dir)
    sessions: dict[str, str] = {}
    for _file, display, kind in listing:
        if kind == "session":
            sessions.setdefault(stem_of(display), display)
    moved = next(m for m in rules.MOVED if m.kind == "response")
    found = []
    for file, display, kind in listing:
        if kind != "response" or file is None:
            continue
        document = parse_document(read_bytes(file), display, kind)
        item = document.data.get("item") if document.data is not None else None
        session = sessions.get((item if isinstance(item, str) else display.split("/")[-2]).split("/")[0])
        place = response_place(display, session) if session else display
        if place == display:
            continue
        target = Path(content_dir) / place.partition("/")[2]
        refused = "expected no file there yet: compare the two, keep one, then run this again" \
            if os.path.lexists(target) else ""
        found.append(Move(display, place, moved.version, Path(file), target, refused))
    return found


def _tracked(files: list[Path]) -> set[Path]:
    """The files git tracks, of those given; none outside a git checkout or without git."""
    if not files:
        return set()
    folder = files[0].parent
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=folder, capture_output=True, text=True)
        if top.returncode:
            return set()
        listed = subprocess.run(["git", "ls-files", "-z", "--", *map(os.path.abspath, files)], cwd=top.stdout.strip(),
                                capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return set()
    root = Path(top.stdout.strip())
    return {(root / name).resolve() for name in listed.stdout.decode().split("\0") if name}


def move_files(found: list[Move]) -> None:
    """Each move not refused: `git mv` for a tracked file (the rename is staged), a rename for any
    other; a folder left empty behind is removed."""
    todo = [move for move in found if not move.refused]
    tracked = _tracked([move.file for move in todo])
    by_folders: dict[tuple[Path, Path], list[str]] = {}  # one `git mv` per folder moved, not per file
    for move in todo:
        move.target.parent.mkdir(parents=True, exist_ok=True)
        if move.file.resolve() in tracked and move.file.name == move.target.name:
            by_folders.setdefault((move.file.parent, move.target.parent), []).append(move.file.name)
        else:
            os.rename(move.file, move.target)
    for (source, target), names in by_folders.items():
        subprocess.run(["git", "mv", "--", *names, os.path.relpath(target, source)], cwd=source, check=True,
                       capture_output=True)
    for folder in {move.file.parent for move in todo}:
        try:
            folder.rmdir()
        except OSError:  # other files stay in it, or it is gone
            pass


def report(outcomes: list[Outcome], write: bool, moved: list[Move] = ()) -> str:
    lines = []
    for outcome in outcomes:
        if outcome.refused:
            lines.append(f"{outcome.path}: để nguyên vì chưa đọc được tệp: sửa các lỗi «invoke validate» nêu, rồi "
                         f"chạy lại / left as it is, the file cannot be read yet: fix what `invoke validate` "
                         f"reports, then run this again ({outcome.refused})")
            continue
        for rename in outcome.renames:
            lines.append(f"{outcome.path}:{rename.line}: {rename.field}: «{rename.old}» → «{rename.new}» "
                         f"(phiên bản {rename.version} / version {rename.version})")
    lines += [move.printed(write) for move in moved]
    changed = sum(1 for outcome in outcomes if outcome.renames)
    keys = sum(len(outcome.renames) for outcome in outcomes)
    files = sum(1 for move in moved if not move.refused)
    if not changed and not files:
        lines.append(f"Mọi tệp đã theo phiên bản {rules.CONTRACT_VERSION} của quy ước; không có gì để đổi. / "
                     f"Every file already follows version {rules.CONTRACT_VERSION} of the content format; "
                     "nothing to change.")
    if changed and write:
        lines.append(f"Đã đổi {keys} khóa trong {changed} tệp. / Renamed {keys} keys in {changed} files.")
    elif changed:
        lines.append(f"Sẽ đổi {keys} khóa trong {changed} tệp; chạy «invoke migrate» để ghi. / "
                     f"Would rename {keys} keys in {changed} files; run `invoke migrate` to write them.")
    if files and write:
        lines.append(f"Đã chuyển {files} câu trả lời vào thư mục của đơn vị tổ chức buổi đối thoại; ghi nhận "
                     f"(commit) việc chuyển như mọi thay đổi.\n{INDENT}Moved {files} responses into their "
                     "sessions' body folders; commit the move as any change.")
    elif files:
        lines.append(f"Sẽ chuyển {files} câu trả lời vào thư mục của đơn vị tổ chức buổi đối thoại; chạy «invoke "
                     f"migrate» để chuyển.\n{INDENT}Would move {files} responses into their sessions' body folders; "
                     "run `invoke migrate` to move them.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="congkhai-migrate", description=__doc__.splitlines()[0])
    parser.add_argument("content", nargs="?", default="content", help="the content folder (default: content)")
    parser.add_argument("--check", action="store_true",
                        help="only say what would change, and fail if anything would (default: write)")
    args = parser.parse_args(argv)
    content = Path(args.content)
    if not content.is_dir():
        print(f"{args.content}: (folder): không có thư mục nội dung này; ghi đúng đường dẫn tới thư mục content / "
              "not found (expected the content folder)", file=sys.stderr)
        return 2
    outcomes = migrate_tree(content, write=not args.check)
    moved = moves(content)
    if not args.check:
        move_files(moved)
    print(report(outcomes, write=not args.check, moved=moved))
    if any(outcome.refused for outcome in outcomes) or any(move.refused for move in moved):
        return 1
    return 1 if args.check and (any(outcome.renames for outcome in outcomes) or moved) else 0


if __name__ == "__main__":
    sys.exit(main())
