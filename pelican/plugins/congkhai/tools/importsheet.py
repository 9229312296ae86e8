"""`invoke import-sheet FILE`: a tracking spreadsheet -> session and response files.

A command-line tool: never imported by the build. The rows are read by content/sheets.py; here
they are written as the content contract's files, checked by the build's own checks on a copy
of the content folder holding what would be written, and only then, with --write, written.

A file the import writes begins with a line naming its sheet and a digest of the rest of the
file. On the next import of the same sheet, a file whose digest still matches was not touched
since and is replaced quietly; one that differs, or that the import never wrote, was edited by
hand: it is named, and nothing is written unless --replace says to overwrite it.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..content import rules, sheets
from ..content.problems import Problem
from ..content.reading import RESPONSE_DIR, SESSION_DIR, read_tree
from ..content.sheetfile import SheetFileError, read
from ..content.validation import validate_tree

MARK = "# Nhập từ bảng tính (imported from a spreadsheet): "
CREATE, CHANGE, SAME, EDITED = "tạo mới / create", "thay đổi / change", "không đổi / unchanged", "sửa tay / edited by hand"


@dataclass(frozen=True)
class Planned:
    path: Path  # where it goes, under the content folder
    text: str
    action: str  # CREATE, CHANGE, SAME or EDITED
    source: sheets.Source
    columns: dict  # a content key of this file -> the column key that fills it


def lookup_of(content_dir: Path) -> sheets.Lookup:
    """The data tables' ids and names, as the content folder holds them."""
    tables = {}
    for doc in read_tree(content_dir):
        if doc.kind in rules.DATA_FILES and doc.data:
            key = rules.DATA_FILES[doc.kind][0]
            tables[doc.kind] = {e["id"]: e.get("name", e["id"]) for e in doc.data.get(key) or []
                                if isinstance(e, dict) and isinstance(e.get("id"), str)}
    return sheets.Lookup(tables)


def _dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False)


def _marked(source: sheets.Source, text: str, at: int = 0) -> str:
    """The text with the import's line put before its line `at` (a response's inside its front matter)."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    lines = text.splitlines(keepends=True)
    lines.insert(at, f"{MARK}{source.where}, dòng {source.row}; sha256 {digest}\n")
    return "".join(lines)


def untouched(text: str) -> bool:
    """Was this file written by an import and not edited since (its digest still matches)?"""
    lines = text.splitlines(keepends=True)
    for index, line in enumerate(lines[:2]):
        if line.startswith(MARK) and "; sha256 " in line:
            rest = "".join(lines[:index] + lines[index + 1:])
            return hashlib.sha256(rest.encode("utf-8")).hexdigest()[:16] == line.rsplit("; sha256 ", 1)[1].strip()
    return False


def session_text(session: sheets.ImportedSession, folder_depth: int) -> str:
    schema = f"# yaml-language-server: $schema={'../' * folder_depth}schemas/session.schema.json\n"
    return _marked(session.source, schema + _dump(session.data))


def response_text(response: sheets.ImportedResponse) -> str:
    return _marked(response.source, "---\n" + _dump(response.data) + "---\n\n" + response.body.strip() + "\n", 1)


def _existing_sessions(content_dir: Path) -> dict[str, Path]:
    folder = content_dir / SESSION_DIR
    return {p.stem: p for p in folder.rglob("*.y*ml")} if folder.is_dir() else {}


def plan(content_dir: Path, imported: sheets.Imported) -> list[Planned]:
    """Every file the import would write, with what writing it would do."""
    existing = _existing_sessions(content_dir)
    planned = []
    for session in imported.sessions:
        body = session.data.get("body")
        path = existing.get(session.id) or content_dir / SESSION_DIR / (body or "") / f"{session.id}.yaml"
        depth = len(path.relative_to(content_dir).parts)
        planned.append(_planned(path, session_text(session, depth), session.source, {}))
        counts: dict[str, int] = {}
        # In the folder of the session's body, as the session is (model.response_place).
        answers = content_dir / RESPONSE_DIR / path.relative_to(content_dir / SESSION_DIR).parent / session.id
        for response in session.responses:
            counts[response.number] = counts.get(response.number, 0) + 1
            path = answers / f"{response.number}-{counts[response.number]}.md"
            planned.append(_planned(path, response_text(response), response.source, sheets.RESPONSE_FIELD_COLUMN))
    return planned


def _planned(path: Path, text: str, source: sheets.Source, columns: dict) -> Planned:
    if not path.exists():
        action = CREATE
    else:
        old = path.read_text(encoding="utf-8", errors="replace")
        action = SAME if old == text else CHANGE if untouched(old) else EDITED
    return Planned(path, text, action, source, columns)


def check(content_dir: Path, planned: list[Planned], imported: sheets.Imported, options: dict) -> list[Problem]:
    """The build's checks on a copy of the content folder holding the planned files: each problem
    in one of them, said at the sheet's row and column it came from."""
    sessions = {s.id: s for s in imported.sessions}
    with tempfile.TemporaryDirectory(prefix="congkhai-import-") as scratch:
        copy = Path(scratch) / content_dir.name
        shutil.copytree(content_dir, copy, symlinks=True)
        shown = {}
        for entry in planned:
            target = copy / entry.path.relative_to(content_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(entry.text, encoding="utf-8")
            shown[(Path(content_dir.name) / entry.path.relative_to(content_dir)).as_posix()] = entry
        _checks, problems = validate_tree(copy, options)
    found = []
    for p in problems:
        entry = shown.get(p.path)
        if entry is not None:
            found.append(_at_row(p, entry, sessions))
    return found


def _at_row(p: Problem, entry: Planned, sessions: dict) -> Problem:
    """A build problem of a planned file, said where it came from in the sheet."""
    source, column = entry.source, None
    if entry.columns:  # a response
        column = entry.columns.get(p.field.split(".")[0])
    else:
        session = sessions.get(entry.path.stem)
        parts = p.field.replace("]", "").split(".")
        indices = [int(part.split("[")[1]) for part in parts if "[" in part]
        if session and len(indices) >= 2 and (indices[0], indices[1]) in session.item_sources:
            source = session.item_sources[(indices[0], indices[1])]
        elif session and len(indices) == 1:
            first = next((s for (o, _i), s in sorted(session.item_sources.items()) if o == indices[0]), None)
            source = first or source
        last = parts[-1].split("[")[0]
        column = sheets.FIELD_COLUMN.get({"items": "text", rules.OPINION_FIELDS[0].name: "opinion" if len(indices) == 1
                                          else "item"}.get(last, last))
    where = source.columns.get(column, f"«{sheets.COLUMN[column].header}»") if column in sheets.COLUMN else p.field
    relative = p.path.split("/", 1)[1] if "/" in p.path else p.path
    return Problem(source.where, source.row, where, f"{p.message} [{relative}:{p.line}: {p.field}]", p.vietnamese)


def summary(planned: list[Planned], content_dir: Path) -> list[str]:
    """One line per file: what writing would do, and where from."""
    return [f"{entry.action}: {entry.path.relative_to(content_dir.parent).as_posix()}  ← {entry.source.where}, "
            f"dòng/row {entry.source.row}" for entry in planned]


def write(planned: list[Planned], replace: bool) -> list[Planned]:
    """Write every planned file but the unchanged ones; edited ones only with `replace`."""
    written = []
    for entry in planned:
        if entry.action == SAME or (entry.action == EDITED and not replace):
            continue
        entry.path.parent.mkdir(parents=True, exist_ok=True)
        entry.path.write_text(entry.text, encoding="utf-8")
        written.append(entry)
    return written


def edited_problems(planned: list[Planned], content_dir: Path) -> list[Problem]:
    return [Problem.bilingual(e.source.where, e.source.row, "(tệp / file)",
                    f"tệp {e.path.relative_to(content_dir.parent).as_posix()} đã được sửa tay sau lần nhập trước "
                    "(hoặc không do lệnh nhập tạo ra); giữ nguyên tệp, hoặc chạy lại với --replace để ghi đè / the "
                    "file was edited by hand since it was imported, or never imported (got a file whose digest "
                    "differs; expected an untouched file: keep it and leave its rows out, or pass --replace to "
                    "overwrite it)") for e in planned if e.action == EDITED]


def run(path: Path, content_dir: Path, options: dict, write_files: bool = False, replace: bool = False,
        mapping: dict | None = None) -> tuple[list[str], list[Problem]]:
    """(lines to print, problems) of one import; files are written only with write_files and no problem."""
    try:
        grids = read(path)
    except SheetFileError as error:
        return [], [Problem.bilingual(path.name, 0, "(tệp / file)", str(error).split(": ", 1)[1])]
    folded, mapping_problems = sheets.read_mapping(mapping or {})
    imported = sheets.import_grids(path.name, grids, lookup_of(content_dir), folded)
    problems = [Problem.bilingual("--columns", 0, "(cột / column)", text) for text in mapping_problems] + imported.problems
    planned = plan(content_dir, imported)
    said = {(p.path, p.line, p.field) for p in imported.problems}  # the build's word on a cell already said is noise
    problems += [p for p in check(content_dir, planned, imported, options) if (p.path, p.line, p.field) not in said]
    if not replace:
        problems += edited_problems(planned, content_dir)
    lines = summary(planned, content_dir) + [f"bỏ qua cột / ignored column: {name}" for name in imported.ignored]
    if write_files and not problems:
        done = write(planned, replace)
        lines.append(f"đã ghi {len(done)} tệp / {len(done)} files written.")
    elif not problems:
        lines.append("chạy thử: chưa ghi gì; thêm --write để ghi / dry run: nothing written; add --write to write.")
    return lines, sorted(problems)
