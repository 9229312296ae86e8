"""`invoke migrate`: rewrite content files to the current version of the content contract.

What changed between versions is data in content/rules.py: a field's `was` names its earlier
names. A file is rewritten only where an old key stands, and only that key's characters
change; its comments, key order, quoting, blank lines and line endings stay as they were,
so the diff shows the rename and nothing else. Running it again changes nothing.

Reads the files as the checks do (content/reading.py, with its limits on hostile files) and
writes each through build/files.replace_file; never imported by the build.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..build.files import replace_file
from ..content import rules
from ..content.kinds import BlockList
from ..content.reading import list_tree, parse_document, read_bytes

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


def report(outcomes: list[Outcome], write: bool) -> str:
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
    changed = sum(1 for outcome in outcomes if outcome.renames)
    keys = sum(len(outcome.renames) for outcome in outcomes)
    if not changed:
        lines.append(f"Mọi tệp đã theo phiên bản {rules.CONTRACT_VERSION} của quy ước; không có gì để đổi. / "
                     f"Every file already follows version {rules.CONTRACT_VERSION} of the content format; "
                     "nothing to change.")
    elif write:
        lines.append(f"Đã đổi {keys} khóa trong {changed} tệp. / Renamed {keys} keys in {changed} files.")
    else:
        lines.append(f"Sẽ đổi {keys} khóa trong {changed} tệp; chạy «invoke migrate» để ghi. / "
                     f"Would rename {keys} keys in {changed} files; run `invoke migrate` to write them.")
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
    print(report(outcomes, write=not args.check))
    if any(outcome.refused for outcome in outcomes):
        return 1
    return 1 if args.check and any(outcome.renames for outcome in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
