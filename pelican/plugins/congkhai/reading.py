"""Reading: content files -> plain data that remembers its line numbers.

Pure: no Pelican. Every failure becomes a `Problem`; nothing raises, so one
run reports every unreadable file at once.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import Problem
from .vietnamese import nfc

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

SESSION_DIR = "sessions"
RESPONSE_DIR = "responses"
SUPERVISION_DIR = "supervision"
# Markdown files whose keys sit in a front matter block, with the keys named in the hint.
FRONT_MATTER_KEYS = {"response": "item/date/agency/outcome", "supervision": "title/date/body/items"}
DATA_DIR = "data"


class LineDict(dict):
    """A mapping from YAML with the line of itself and of each key (1-based)."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int = 0


class _LineLoader(_BaseLoader):
    """safe_load, plus line numbers, plus duplicate keys reported (PyYAML keeps the last silently)."""

    def __init__(self, stream, line_offset: int = 0):
        super().__init__(stream)
        self.line_offset = line_offset
        self.duplicate_keys: list[tuple[str, int]] = []

    def construct_mapping(self, node, deep=False):
        mapping = LineDict()
        mapping.line = node.start_mark.line + 1 + self.line_offset
        mapping.key_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1 + self.line_offset
            if key in mapping:
                self.duplicate_keys.append((str(key), line))
            mapping[key] = self.construct_object(value_node, deep=True)
            mapping.key_lines[key] = line
        return mapping

    def construct_sequence(self, node, deep=False):
        sequence = LineList(self.construct_object(child, deep=True) for child in node.value)
        sequence.line = node.start_mark.line + 1 + self.line_offset
        return sequence


# YAML 1.1 reads `no`, `yes`, `on` and `off` as true/false, which would turn the
# key `no:` of every opinion into False. Only true/false are booleans here (as in YAML 1.2).
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_LineLoader.add_implicit_resolver("tag:yaml.org,2002:bool",
                                  re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _LineLoader.construct_sequence)


@dataclass
class Document:
    """One content file, read. `data` is None when the file could not be read."""

    path: str
    kind: str  # session | response | agencies | topics | communes
    data: LineDict | None = None
    body: str = ""  # a response's Markdown answer
    body_line: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def stem(self) -> str:
        return Path(self.path).stem


def decode(raw: bytes, path: str) -> tuple[str | None, Problem | None]:
    """UTF-8 with or without BOM, CRLF or LF; anything else is named, not guessed into."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        guess = _guess_encoding(raw)
        got = f"bytes that look like {guess}" if guess else "bytes that are not UTF-8"
        return None, Problem(
            path, line, "(file)",
            f"the file is not UTF-8 (got {got}; expected UTF-8: "
            "save it again as «UTF-8» in your editor)",
        )
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n")), None


# The tone marks of Windows-1258, which writes Vietnamese tones as separate
# combining bytes; in Windows-1252 these bytes are the rare Ì ì Þ Ò ò.
_CP1258_TONE_MARKS = frozenset(b"\xcc\xec\xde\xd2\xf2")


def _guess_encoding(raw: bytes) -> str:
    """The encodings Vietnamese offices' Windows tools save in, checked first and
    deterministically: a statistical guess over a few bytes of YAML is often wrong
    (a short Windows-1252 file comes out as cp1250)."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or raw[1::2].count(0) > len(raw) // 4:
        return "UTF-16"
    for codec, name in (("cp1258", "Windows-1258 (Vietnamese)"), ("cp1252", "Windows-1252")):
        try:
            raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if codec != "cp1258" or _CP1258_TONE_MARKS.intersection(raw):
            return name
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # the guess is a courtesy; the error stands without it
        return ""
    best = from_bytes(raw).best()
    return best.encoding if best else ""


def parse_yaml(text: str, path: str, line_offset: int = 0) -> tuple[object, list[Problem]]:
    """Parse YAML, pointing at the line of a syntax error and of duplicate keys."""
    loader = _LineLoader(text, line_offset)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 1 + line_offset) if mark else 0
        what = error.problem or "not valid YAML"
        return None, [Problem(path, line, "(yaml)", f"the YAML does not parse (got {what}; expected "
                              "`key: value` lines: check the indentation and the colons on this line "
                              "and the one before, and put a value that contains ': ' in quotes)")]
    except yaml.YAMLError as error:
        return None, [Problem(path, 0, "(yaml)", f"the YAML does not parse (got {error}; expected "
                              "`key: value` lines)")]
    finally:
        loader.dispose()
    problems = [
        Problem(path, line, key, "the key appears twice in the same block "
                "(got a second value; expected each key once: delete one of them)")
        for key, line in loader.duplicate_keys
    ]
    return data, problems


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """'---\\nyaml\\n---\\nbody' -> (yaml, body, first line of body); None without front matter."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---", 3)
    while end != -1 and text[end + 4: end + 5] not in ("\n", ""):
        end = text.find("\n---", end + 4)
    if end == -1:
        return None
    front = text[4: end + 1]
    rest = text[end + 4:]
    body = rest[1:] if rest.startswith("\n") else rest
    body_line = front.count("\n") + 3
    return front, body, body_line


def read_document(file: Path, display_path: str, kind: str) -> Document:
    doc = Document(display_path, kind)
    text, problem = decode(file.read_bytes(), display_path)
    if problem:
        doc.problems.append(problem)
        return doc
    if not text.strip():
        doc.problems.append(Problem(display_path, 1, "(file)",
                                    "the file is empty (got nothing; expected the keys of a "
                                    f"{kind}: copy an existing file as a start, or delete this one)"))
        return doc
    line_offset = 0
    if kind in FRONT_MATTER_KEYS:
        parts = split_front_matter(text)
        if parts is None:
            doc.problems.append(Problem(display_path, 1, "(front matter)",
                                        f"the {kind} has no front matter (got text without a "
                                        f"'---' block; expected '---', the keys {FRONT_MATTER_KEYS[kind]}"
                                        f", '---', then the {'answer' if kind == 'response' else 'findings'})"))
            return doc
        text, doc.body, doc.body_line = parts
        line_offset = 1
    data, problems = parse_yaml(text, display_path, line_offset)
    doc.problems.extend(problems)
    if data is not None and not isinstance(data, dict):
        doc.problems.append(Problem(display_path, getattr(data, "line", 1) or 1, "(top level)",
                                    f"the top level must be a mapping of keys (got {_kind_name(data)}; "
                                    "expected lines of the form `key: value`)"))
        return doc
    doc.data = data
    return doc


def _kind_name(value) -> str:
    for kind, name in ((list, "a list"), (str, "plain text"), (bool, "true/false"), (int, "a number")):
        if isinstance(value, kind):
            return name
    return type(value).__name__


def _walk(folder: Path, suffixes: tuple[str, ...]):
    """Files under folder in a stable order, hidden files and folders skipped."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.endswith(suffixes):
                yield Path(root) / name


def read_tree(content_dir: Path | str, read=read_document) -> list[Document]:
    """Every content file under content_dir, read, in a stable order.

    read: how one file is read (cache.DocumentCache.read reuses unchanged files)."""
    content_dir = Path(content_dir)
    base = content_dir.parent

    def display(path: Path) -> str:
        return path.relative_to(base).as_posix()

    documents = []
    for kind in ("agencies", "topics", "communes"):
        file = content_dir / DATA_DIR / f"{kind}.yaml"
        if file.exists():
            documents.append(read(file, display(file), kind))
        else:
            documents.append(Document(display(file), kind, problems=[Problem(
                display(file), 0, "(file)",
                f"the file is missing (got no {kind}.yaml; expected the list of {kind} "
                f"in {display(file)})")]))
    for file in _walk(content_dir / SESSION_DIR, (".yaml", ".yml")):
        documents.append(read(file, display(file), "session"))
    for file in _walk(content_dir / RESPONSE_DIR, (".md", ".markdown")):
        documents.append(read(file, display(file), "response"))
    for file in _walk(content_dir / SUPERVISION_DIR, (".md", ".markdown")):
        documents.append(read(file, display(file), "supervision"))
    return documents
