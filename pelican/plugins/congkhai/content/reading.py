"""Reading: content files -> plain data that remembers its line numbers.

Pure: imports settings, vietnamese, build/ and content/ only; never Pelican. Every failure becomes a `Problem`; nothing raises, so one
run reports every unreadable file at once.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..vietnamese import nfc
from .problems import Problem

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

SESSION_DIR = "sessions"
RESPONSE_DIR = "responses"
SUPERVISION_DIR = "supervision"
HANDOVER_DIR = "handovers"
# Markdown files whose keys sit in a front matter block, with the keys named in the hint.
FRONT_MATTER_KEYS = {"response": "item/date/agency/outcome", "supervision": "title/date/body/items"}
DATA_DIR = "data"
# content/data/<kind>.yaml, in the order they are read; a site may leave out the optional
# ones (a site of one body needs no bodies.yaml).
DATA_KINDS = ("agencies", "topics", "communes", "bodies")
OPTIONAL_DATA_KINDS = frozenset({"bodies"})


class LineDict(dict):
    """A mapping from YAML with the line of itself and of each key (1-based)."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int = 0


_STR_TAG = "tag:yaml.org,2002:str"


class _LineLoader(_BaseLoader):
    """safe_load, plus line numbers, plus duplicate keys reported (PyYAML keeps the last silently)."""

    def __init__(self, stream, line_offset: int = 0):
        super().__init__(stream)
        self.line_offset = line_offset
        self.duplicate_keys: list[tuple[str, int]] = []
        self.complex_keys: list[int] = []  # lines of keys that are lists or blocks (`? [1]: 2`)

    def resolve(self, kind, value, implicit):
        """BaseResolver.resolve with the first character's resolvers and the wildcard ones
        joined once (_RESOLVERS), not per scalar; called by the parser for every node."""
        if self.yaml_path_resolvers:
            return super().resolve(kind, value, implicit)
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in _RESOLVERS.get(value[:1], _WILDCARD_RESOLVERS):
                    if regexp.match(value):
                        return tag
            return self.DEFAULT_SCALAR_TAG
        return self.DEFAULT_SEQUENCE_TAG if kind is yaml.SequenceNode else self.DEFAULT_MAPPING_TAG

    def descend_resolver(self, current_node, current_index):
        if self.yaml_path_resolvers:  # else nothing to do (BaseResolver returns at once)
            super().descend_resolver(current_node, current_index)

    def ascend_resolver(self):
        if self.yaml_path_resolvers:
            super().ascend_resolver()

    def construct_object(self, node, deep=False):
        # Most values are plain text: the text itself, without the constructor's bookkeeping.
        if node.__class__ is yaml.ScalarNode and node.tag == _STR_TAG:
            return node.value
        return super().construct_object(node, deep)

    def construct_mapping(self, node, deep=False):
        mapping = LineDict()
        offset = 1 + self.line_offset
        mapping.line = node.start_mark.line + offset
        key_lines = mapping.key_lines = {}
        construct = self.construct_object
        for key_node, value_node in node.value:
            key = construct(key_node, deep=True)
            line = key_node.start_mark.line + offset
            if not isinstance(key_node, yaml.ScalarNode):  # a list or a block as a key: cannot be looked up
                self.complex_keys.append(line)
                continue
            if key in mapping:
                self.duplicate_keys.append((str(key), line))
            mapping[key] = construct(value_node, deep=True)
            key_lines[key] = line
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
# _LineLoader.resolve's table: a scalar's first character ("" when empty) -> its resolvers, then the wildcard ones.
_WILDCARD_RESOLVERS = list(_LineLoader.yaml_implicit_resolvers.get(None, []))
_RESOLVERS = {first: list(resolvers) + _WILDCARD_RESOLVERS
              for first, resolvers in _LineLoader.yaml_implicit_resolvers.items() if first is not None}


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
        return stem_of(self.path)


def stem_of(path: str) -> str:
    """PurePosixPath(path).stem, without building a path object (called for every file)."""
    name = path.rpartition("/")[2]
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


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
    ] + [
        Problem(path, line, "(yaml)", "a key must be a plain name (got a list or a block of keys "
                "before the colon; expected `name: value`: remove the `?` or the brackets)")
        for line in loader.complex_keys
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


def read_bytes(file: str | Path) -> bytes:
    with open(file, "rb", buffering=0) as stream:  # one read of the whole file, no buffer object
        return stream.readall()


def read_document(file: Path, display_path: str, kind: str) -> Document:
    return parse_document(read_bytes(file), display_path, kind)


def parse_document(raw: bytes, display_path: str, kind: str) -> Document:
    """A content file's bytes, read (display_path names it in problems)."""
    doc = Document(display_path, kind)
    text, problem = decode(raw, display_path)
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
        doc.problems.append(Problem(display_path, (data.line if isinstance(data, (LineDict, LineList)) else 1) or 1, "(top level)",
                                    f"the top level must be a mapping of keys (got {_kind_name(data)}; "
                                    "expected lines of the form `key: value`)"))
        return doc
    doc.data = data
    return doc


def _kind_name(value) -> str:
    """What the top level is, in the editor's words, never a class name."""
    for kind, name in ((list, "a list"), (str, "plain text"), (bool, "true/false"), (int, "a number"),
                       (float, "a number"), (dt.date, "a date")):
        if isinstance(value, kind):
            return name
    return "a value of another kind"


def _walk(folder: str, suffixes: tuple[str, ...]):
    """Files under folder in a stable order, hidden files and folders skipped."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.endswith(suffixes):
                yield f"{root}/{name}"


def list_tree(content_dir: Path | str) -> list[tuple[str | None, str, str]]:
    """(file, display path, kind) of every content file, in a stable order; file is
    None for a data file that is missing (see missing_document)."""
    content_dir = Path(content_dir)
    folder = content_dir.as_posix()
    prefix = "" if folder == "." else folder.rstrip("/") + "/"
    # Display paths are relative to the content folder's parent: "/site/content/x" -> "content/x".
    base = content_dir.parent.as_posix()
    skip = 0 if base == "." else len(base.rstrip("/")) + 1

    def display(path: str) -> str:
        return path[skip:] if os.sep == "/" else path[skip:].replace(os.sep, "/")

    listing: list[tuple[str | None, str, str]] = []
    for kind in DATA_KINDS:
        file = f"{prefix}{DATA_DIR}/{kind}.yaml"
        if os.path.exists(file):
            listing.append((file, display(file), kind))
        elif kind not in OPTIONAL_DATA_KINDS:
            listing.append((None, display(file), kind))
    for sub, suffixes, kind in ((SESSION_DIR, (".yaml", ".yml"), "session"),
                                (RESPONSE_DIR, (".md", ".markdown"), "response"),
                                (SUPERVISION_DIR, (".md", ".markdown"), "supervision"),
                                (HANDOVER_DIR, (".yaml", ".yml"), "handover")):
        listing += [(file, display(file), kind) for file in _walk(prefix + sub, suffixes)]
    return listing


def missing_document(display_path: str, kind: str) -> Document:
    return Document(display_path, kind, problems=[Problem(
        display_path, 0, "(file)",
        f"the file is missing (got no {kind}.yaml; expected the list of {kind} "
        f"in {display_path})")])


def read_tree(content_dir: Path | str, read=read_document) -> list[Document]:
    """Every content file under content_dir, read, in a stable order.

    read: how one file is read, read(file, display_path, kind)."""
    return [read(file, display, kind) if file is not None else missing_document(display, kind)
            for file, display, kind in list_tree(content_dir)]
