"""Reading: content files -> plain data that remembers its line numbers.

Pure: imports settings, vietnamese, build/ and content/ only; never Pelican. Every failure becomes a `Problem`; nothing raises, so one
run reports every unreadable file at once.

A content file comes from anyone who can open a pull request, so reading refuses what
could hurt the build or the reader before anything else looks at it: a file too large
(MAX_FILE_BYTES), YAML whose aliases expand without end or which nests deeper than the
parser's stack (MAX_YAML_VALUES, MAX_YAML_DEPTH), tags that make objects, characters
that hide or reorder text (REFUSED_CHARACTERS), and links that lead out of the content
folder, which are never opened. The limits are declared here because reading comes
first; rules.py names them with the rest of the contract.
"""

from __future__ import annotations

import datetime as dt
import html.entities
import itertools
import os
import re
import unicodedata
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

# The largest file read: the largest session of the sample is 13 kB, and a session at its
# limit of items (rules.MAX_ITEMS_PER_SESSION) with long texts stays under it. A larger
# file is refused after reading this much of it, never the rest.
MAX_FILE_BYTES = 1_000_000
# How deep blocks and lists nest: a session nests five levels (its opinions, their items);
# deeper files would overflow the stack of PyYAML's composer, which recurses in C.
MAX_YAML_DEPTH = 20
# How many values a file holds once its aliases (*name) are written out: an alias repeats
# what its anchor (&name) holds, so ten lines of aliases can stand for a billion values.
MAX_YAML_VALUES = 100_000
# Characters refused anywhere in a content file, by what they are: none is typed on a
# Vietnamese keyboard, none shows, and each can make what an editor reviews differ from
# what is published (a bidirectional override shows «abc» stored as «cba»; a soft hyphen
# or a zero-width joiner inside a word keeps search from finding it). Tab and line feed
# are text; a carriage return has been read as a line end already (decode).
REFUSED_CHARACTERS = (
    ("a control character, which no text needs", ((0x00, 0x08), (0x0B, 0x1F), (0x7F, 0x9F))),
    ("a bidirectional control, which can show text in another order than it is read",
     ((0x061C, 0x061C), (0x200E, 0x200F), (0x202A, 0x202E), (0x2066, 0x2069))),
    ("a line or paragraph separator, which YAML reads as a line break that no editor shows",
     ((0x2028, 0x2029),)),
    ("an invisible character, which Vietnamese text does not need and which keeps search from "
     "finding the word it is in", ((0x00AD, 0x00AD), (0x200B, 0x200D), (0x2060, 0x2064), (0xFEFF, 0xFEFF),
                                    (0xFFF9, 0xFFFB), (0xE0000, 0xE007F))),
)
# At most this many refused characters are named one by one in a file; the rest are counted.
MAX_CHARACTER_PROBLEMS = 10


class LineDict(dict):
    """A mapping from YAML with the line of itself and of each key (1-based)."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int = 0


_STR_TAG = "tag:yaml.org,2002:str"
_YAML_TAG = "tag:yaml.org,2002:"
# The tags a content file's values are read with: text, numbers, true/false, nothing, dates,
# lists and blocks of keys. Any other (!!python/object, !!binary, !!set, !!omap, !custom…)
# would make a value of another kind, or an object: refused, with its line.
_PLAIN_TAGS = frozenset(_YAML_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map"))
_MERGE_TAG = _YAML_TAG + "merge"  # `<<: *anchor`, which this reader does not merge
_VALUE_TAG = _YAML_TAG + "value"  # a plain `=`, which YAML 1.1 reads as a "default value" tag


class _LineLoader(_BaseLoader):
    """safe_load, plus line numbers, plus duplicate keys reported (PyYAML keeps the last silently)."""

    def __init__(self, stream, line_offset: int = 0):
        super().__init__(stream)
        self.line_offset = line_offset
        self.duplicate_keys: list[tuple[str, int]] = []
        self.complex_keys: list[int] = []  # lines of keys that are lists or blocks (`? [1]: 2`)
        self.refused_tags: list[tuple[int, str]] = []  # (line, tag) of values with a tag that is not plain

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
        if node.tag not in _PLAIN_TAGS:
            if node.tag == _VALUE_TAG:
                return node.value
            self.refused_tags.append((node.start_mark.line + 1 + self.line_offset, node.tag))
            return None
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
    if "\x00" in text and _guess_encoding(raw) in ("UTF-16", "UTF-32"):
        # UTF-16 without its byte order mark is valid UTF-8 when every character is ASCII,
        # one NUL byte after each: named as the encoding it is, not as a thousand NULs.
        return None, Problem(path, 1, "(file)", f"the file is not UTF-8 (got bytes that look like "
                             f"{_guess_encoding(raw)}; expected UTF-8: save it again as «UTF-8» in your editor)")
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


def _character_class() -> str:
    return "[" + "".join(f"\\U{a:08X}-\\U{b:08X}" for _, spans in REFUSED_CHARACTERS for a, b in spans) + "]"


_REFUSED = re.compile(_character_class())
# An HTML character reference, which Markdown turns into its character on the page.
_REFERENCE = re.compile(r"&(?:#[xX]([0-9a-fA-F]{1,6})|#([0-9]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}));")
_NAMED = {name[:-1]: value for name, value in html.entities.html5.items()
          if name.endswith(";") and len(value) == 1 and _REFUSED.match(value)}


def first_refused(text: str) -> str:
    """The first character of text that REFUSED_CHARACTERS refuses, "" when there is none."""
    match = _REFUSED.search(text)
    return match.group() if match else ""


def refused_character(char: str) -> str:
    """What a refused character is (REFUSED_CHARACTERS), "" for any other."""
    code = ord(char)
    return next((what for what, spans in REFUSED_CHARACTERS if any(a <= code <= b for a, b in spans)), "")


def character_name(char: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE'; a control character has a code point and no name."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


@dataclass(frozen=True)
class _Hit:
    line: int  # in the file, 1-based
    column: int  # 1-based
    char: str
    written: str = ""  # an HTML reference that stands for it, when it is written as one


def _scan_characters(text: str) -> tuple[str, list[_Hit], int]:
    """(text with each refused character made a space, the first MAX_CHARACTER_PROBLEMS found,
    how many more): one search of a file that holds none, which is nearly every file."""
    found, total = [], 0
    if _REFUSED.search(text):
        found, total = _first(((m.start(), m.group(), "") for m in _REFUSED.finditer(text)))
        text = _REFUSED.sub(" ", text)  # a space keeps every line and column where it was
    if "&" in text:
        references, count = _first((m.start(), char, m.group()) for m in _REFERENCE.finditer(text)
                                   if (char := _referenced(m)))
        found, total = found + references, total + count
    hits, line, last = [], 1, 0
    for start, char, written in sorted(found)[:MAX_CHARACTER_PROBLEMS]:
        line += text.count("\n", last, start)
        last = start
        hits.append(_Hit(line, start - text.rfind("\n", 0, start), char, written))
    return text, hits, total - len(hits)


def _first(found) -> tuple[list, int]:
    """The first MAX_CHARACTER_PROBLEMS of found, and how many there are: a file of a million
    NULs is counted, not listed."""
    first = list(itertools.islice(found, MAX_CHARACTER_PROBLEMS))
    return first, len(first) + sum(1 for _ in found)


def _referenced(match: re.Match) -> str:
    """The refused character an HTML reference stands for, or ""."""
    hexadecimal, decimal, name = match.groups()
    if name:
        return _NAMED.get(name, "")
    code = int(hexadecimal, 16) if hexadecimal else int(decimal)
    return chr(code) if code <= 0x10FFFF and refused_character(chr(code)) else ""


def _character_message(char: str, where: str) -> str:
    return (f"a character that is not allowed (got {character_name(char)} {where}: {refused_character(char)}; "
            "expected none: delete it; it does not show, so retype the words around it if you cannot find it)")


def _character_problems(hits: list[_Hit], more: int, path: str, data, kind: str, body_line: int) -> list[Problem]:
    """A problem for each refused character found, in the field its line belongs to."""
    if not hits:
        return []
    keys = sorted((line, name) for name, line, _value in _texts(data)) if isinstance(data, dict) else []
    body = "(answer)" if kind == "response" else "(findings)"
    problems = []
    for hit in hits:
        if body_line and hit.line >= body_line:
            name = body
        else:
            before = [name for line, name in keys if line <= hit.line]
            name = before[-1] if before else "(file)"
        written = f", written as {hit.written}" if hit.written else ""
        problems.append(Problem(path, hit.line, name, _character_message(hit.char, f"at column {hit.column}{written}")))
    if more:
        problems.append(Problem(path, hits[-1].line, "(file)", f"more characters that are not allowed (got {more} "
                                f"more after this line; expected none: search the file for them after deleting "
                                f"the ones named above)"))
    return problems


def _escaped_characters(data: dict, path: str) -> list[Problem]:
    """Refused characters written as escapes in double quotes ("\\u202e"), which only the
    values read hold: named by field, line, and their place in the value."""
    problems = []
    for name, line, value in _texts(data):
        match = _REFUSED.search(value)
        if match:
            where = f"at character {match.start() + 1} of the value, written as an escape"
            problems.append(Problem(path, line, _REFUSED.sub("?", name), _character_message(match.group(), where)))
            if len(problems) == MAX_CHARACTER_PROBLEMS:
                break
    return problems


def _texts(data):
    """(dotted name, line, text) of every key and every text value under data, as the
    checks name them ("opinions[1].items[2].text"); without recursion, however deep."""
    stack = [("", data, 0)]
    while stack:
        prefix, node, line = stack.pop()
        if isinstance(node, dict):
            entries = ((f"{prefix}.{key}" if prefix else str(key), key, value,
                        node.line_of(key) if isinstance(node, LineDict) else line) for key, value in node.items())
        elif isinstance(node, list):
            line = node.line if isinstance(node, LineList) else line
            entries = ((f"{prefix}[{index}]", None, value, line) for index, value in enumerate(node, 1))
        else:
            continue
        for name, key, value, at in entries:
            if isinstance(key, str):
                yield name, at, key
            if isinstance(value, str):
                yield name, at, value
            elif isinstance(value, (dict, list)):
                stack.append((name, value, at))


def parse_yaml(text: str, path: str, line_offset: int = 0) -> tuple[object, list[Problem]]:
    """Parse YAML, pointing at the line of a syntax error and of duplicate keys.

    A file whose shape is refused (aliases that expand too far, nesting too deep) or
    which holds a tag that is not plain is not read into data: those are its problems."""
    shape = _shape_problems(text, path, line_offset) if _may_be_shaped_badly(text) else []
    if shape:
        return None, shape
    loader = _LineLoader(text, line_offset)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(error, text, path, line_offset)]
    except yaml.YAMLError as error:
        return None, [Problem(path, 0, "(yaml)", f"the YAML does not parse (got {error}; expected "
                              "`key: value` lines)")]
    except RecursionError:  # nesting the look before parsing let through: named like it
        return None, [_too_deep(path, 0)]
    finally:
        loader.dispose()
    if loader.refused_tags:
        return None, [_tag_problem(path, line, tag) for line, tag in loader.refused_tags]
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


# What PyYAML says, in plain words: (words of its problem, of its context or "", which mark
# names the line, the plain sentence). A clerk reads the catalogue's Vietnamese for the
# sentence (messages.py); PyYAML's own words follow it after «got», for developers. The
# sentence may name {start}, the line of the other mark, and {char}, the character at the
# mark. Both the C parser's words and the pure-Python one's are here.
YAML_ERRORS = (
    ("mapping values are not allowed", "", "problem",
     "a value holds a colon followed by a space, or a key is indented under a value"),
    ("could not find expected ':'", "", "context", "a line is neither `key: value` nor the rest of the value above"),
    ("found a tab character", "", "problem", "a tab indents the line"),
    ("found character '\\t'", "", "problem", "a tab indents the line"),
    ("found character", "", "problem", "a value begins with «{char}», which YAML keeps for itself"),
    ("did not find expected alphabetic or numeric character", "", "context",
     "a value begins with «{char}», which YAML keeps for itself"),
    ("expected alphabetic or numeric character", "", "context",
     "a value begins with «{char}», which YAML keeps for itself"),
    ("found unexpected end of stream", "while scanning a quoted scalar", "context",
     "a quote is opened and never closed"),
    ("did not find expected key", "while parsing a block mapping", "problem",
     "a line is not indented like the keys of the block that starts on line {start}"),
    ("expected <block end>", "while parsing a block mapping", "problem",
     "a line is not indented like the keys of the block that starts on line {start}"),
    ("did not find expected '-' indicator", "", "problem",
     "an entry is not indented like the entries of the list that starts on line {start}"),
    ("expected <block end>", "while parsing a block collection", "problem",
     "an entry is not indented like the entries of the list that starts on line {start}"),
    ("second occurrence", "found duplicate anchor", "problem", "the anchor is set twice, first on line {start}"),
    ("found undefined alias", "", "problem", "an alias names no anchor above it"),
    ("found unknown escape character", "", "problem", "a double-quoted value holds a backslash YAML does not read"),
    ("did not find expected ',' or", "", "context", "a bracket is opened and not closed (noticed on line {start})"),
    ("expected ',' or", "", "context", "a bracket is opened and not closed (noticed on line {start})"),
    ("but found another document", "", "problem", "a second `---` line starts another document"),
    ("did not find expected comment or line break", "while scanning a block scalar", "problem",
     "text follows | or > on the same line"),
)


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, path: str, line_offset: int) -> Problem:
    """A YAML syntax error as a plain sentence naming its line, PyYAML's words after «got»."""
    what = error.problem or "not valid YAML"
    words = "; ".join(part for part in (error.context, what) if part)
    marks = {"problem": error.problem_mark or error.context_mark, "context": error.context_mark or error.problem_mark}
    for problem, context, which, plain in YAML_ERRORS:
        if what.startswith(problem) and (error.context or "").startswith(context):
            mark = marks[which]
            other = marks["context" if which == "problem" else "problem"]
            char = _char_at(text, mark)
            if plain.startswith("a value begins") and char == "\t":
                plain = "a tab indents the line"
            elif plain.startswith("a value begins") and char in (" ", ""):  # nothing to name: said plainly below
                break
            sentence = plain.format(start=(other.line + 1 + line_offset) if other else "?", char=char)
            return Problem(path, mark.line + 1 + line_offset, "(yaml)", f"{sentence} (got PyYAML: {words}; "
                           "expected `key: value` lines, two spaces more for each level)")
    mark = marks["problem"]
    line = (mark.line + 1 + line_offset) if mark else 0
    return Problem(path, line, "(yaml)", f"the YAML does not parse (got {what}; expected "
                   "`key: value` lines: check the indentation and the colons on this line "
                   "and the one before, and put a value that contains ': ' in quotes)")


def _char_at(text: str, mark) -> str:
    """The character at a mark of the parser, "" past the end of its line."""
    lines = text.split("\n")
    if mark is None or mark.line >= len(lines):
        return ""
    line = lines[mark.line]
    return line[mark.column] if mark.column < len(line) else ""


def _tag_problem(path: str, line: int, tag: str) -> Problem:
    if tag == _MERGE_TAG:
        return Problem(path, line, "(yaml)", "a merge key is not read (got `<<:`; expected the keys "
                       "written out in this block: copy them here in place of the `<<:` line)")
    written = "!!" + tag[len(_YAML_TAG):] if tag.startswith(_YAML_TAG) else tag
    return Problem(path, line, "(yaml)", f"a YAML tag is not read (got {_cut(written)}; expected a plain "
                   "value: text, a number, a date, a list or a block of keys: remove the tag, the word "
                   "starting with '!')")


def _cut(text: str, length: int = 40) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


# What a file must hold for the look at its shape (_shape_problems) to find anything: an
# anchor for an alias to repeat, or enough brackets, indentation or `- ` on a line to nest
# MAX_YAML_DEPTH deep. Most files hold none, and are parsed once.
_INDENT = rf"(?:[ \t]|[-?][ \t]){{{MAX_YAML_DEPTH}}}"
_DEEP_FIRST_LINE, _DEEP_LINE = re.compile(_INDENT), re.compile("\n" + _INDENT)  # (^ with MULTILINE is slower)


def _may_be_shaped_badly(text: str) -> bool:
    return ("&" in text or text.count("[") + text.count("{") > MAX_YAML_DEPTH
            or _DEEP_LINE.search(text) is not None or _DEEP_FIRST_LINE.match(text) is not None)


_OPENING = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSING = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _shape_problems(text: str, path: str, line_offset: int) -> list[Problem]:
    """Aliases that expand to more than MAX_YAML_VALUES values, an alias inside the block it
    repeats, and blocks nested deeper than MAX_YAML_DEPTH: found in the parser's events, which
    keep no stack of their own, before the composer, which would recurse through them."""
    loader = _BaseLoader(text)
    sizes: dict[str, int] = {}  # anchor -> how many values it stands for
    opened: list[tuple[str | None, int]] = []  # (anchor, count before it) of each open block
    count = 0  # values so far, every alias written out
    try:
        while loader.check_event():
            event = loader.get_event()
            line = event.start_mark.line + 1 + line_offset
            if isinstance(event, yaml.AliasEvent):
                if any(anchor == event.anchor for anchor, _ in opened):
                    return [Problem(path, line, "(yaml)", f"an alias repeats the block it is in (got "
                                    f"*{_cut(event.anchor)} inside &{_cut(event.anchor)}; expected the values "
                                    "written out: remove the alias)")]
                count += sizes.get(event.anchor, 1)
                if count > MAX_YAML_VALUES:
                    return [Problem(path, line, "(yaml)", f"the aliases expand to too many values (got more "
                                    f"than {MAX_YAML_VALUES:,} once *{_cut(event.anchor)} on this line is written "
                                    f"out; expected at most {MAX_YAML_VALUES:,}: write each value out instead of "
                                    "repeating blocks with & and *)")]
            elif isinstance(event, yaml.ScalarEvent):
                count += 1
                if event.anchor:
                    sizes[event.anchor] = 1
            elif isinstance(event, _OPENING):
                count += 1
                opened.append((event.anchor, count - 1))
                if len(opened) > MAX_YAML_DEPTH:
                    return [_too_deep(path, line)]
            elif isinstance(event, _CLOSING):
                anchor, before = opened.pop()
                if anchor:
                    sizes[anchor] = count - before
    except yaml.YAMLError:  # the parse that follows names it, with its line
        return []
    finally:
        loader.dispose()
    return []


def _too_deep(path: str, line: int) -> Problem:
    return Problem(path, line, "(yaml)", f"the blocks and lists nest too deep (got more than {MAX_YAML_DEPTH} "
                   f"levels; expected at most {MAX_YAML_DEPTH}: a session nests five, its opinions and their "
                   "items; check the indentation and the brackets)")


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
    """The file's bytes; of a file larger than MAX_FILE_BYTES, one byte more than that, which
    parse_document refuses, and never the rest."""
    with open(file, "rb", buffering=0) as stream:  # one read of the whole file, no buffer object
        if os.fstat(stream.fileno()).st_size <= MAX_FILE_BYTES:
            return stream.readall()
        chunks, left = [], MAX_FILE_BYTES + 1
        while left and (chunk := stream.read(left)):
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)


def read_document(file: Path, display_path: str, kind: str) -> Document:
    try:
        raw = read_bytes(file)
    except OSError as error:
        return unreadable_document(display_path, kind, error)
    return parse_document(raw, display_path, kind)


def unreadable_document(display_path: str, kind: str, error: OSError) -> Document:
    """A file the system would not let the build read (its permissions, or a folder by its name)."""
    return Document(display_path, kind, problems=[Problem(
        display_path, 0, "(file)", f"the file cannot be read (got «{error.strerror or 'an error'}»; expected a "
        "text file the build may read: check that it is a file and that its permissions let others read it)")])


# How a file too large is made smaller, by what it is; a data file is one list and cannot be split.
_TOO_LARGE_HINTS = {
    "session": "split the session into two files, such as {stem}.yaml and {stem}-2.yaml, each with its "
               "opinions numbered from 1",
    "response": "shorten the answer, or publish the whole document elsewhere and link to it",
    "supervision": "shorten the findings, or publish the whole report elsewhere and link to it",
    "handover": "split it into two handover files of the same day, each with some of the rules",
}


def _too_large(display_path: str, kind: str) -> Problem:
    hint = _TOO_LARGE_HINTS.get(kind, "keep only the ids, names, dates and acts of its entries; check that "
                                      "nothing else was pasted into it").format(stem=stem_of(display_path))
    return Problem(display_path, 0, "(file)", f"the file is too large (got more than {MAX_FILE_BYTES:,} bytes; "
                   f"expected at most {MAX_FILE_BYTES:,} bytes, {MAX_FILE_BYTES / 1e6:g} MB: {hint})")


def parse_document(raw: bytes, display_path: str, kind: str) -> Document:
    """A content file's bytes, read (display_path names it in problems)."""
    doc = Document(display_path, kind)
    if len(raw) > MAX_FILE_BYTES:
        doc.problems.append(_too_large(display_path, kind))
        return doc
    text, problem = decode(raw, display_path)
    if problem:
        doc.problems.append(problem)
        return doc
    if not text.strip():
        doc.problems.append(Problem(display_path, 1, "(file)",
                                    "the file is empty (got nothing; expected the keys of a "
                                    f"{kind}: copy an existing file as a start, or delete this one)"))
        return doc
    text, hits, more = _scan_characters(text)  # the rest is read without them
    line_offset = 0
    if kind in FRONT_MATTER_KEYS:
        parts = split_front_matter(text)
        if parts is None:
            doc.problems.append(Problem(display_path, 1, "(front matter)",
                                        f"the {kind} has no front matter (got text without a "
                                        f"'---' block; expected '---', the keys {FRONT_MATTER_KEYS[kind]}"
                                        f", '---', then the {'answer' if kind == 'response' else 'findings'})"))
            doc.problems += _character_problems(hits, more, display_path, None, kind, 0)
            return doc
        text, doc.body, doc.body_line = parts
        line_offset = 1
    data, problems = parse_yaml(text, display_path, line_offset)
    doc.problems.extend(problems)
    doc.problems += _character_problems(hits, more, display_path, data, kind, doc.body_line)
    if data is not None and not isinstance(data, dict):
        doc.problems.append(Problem(display_path, (data.line if isinstance(data, (LineDict, LineList)) else 1) or 1, "(top level)",
                                    f"the top level must be a mapping of keys (got {_kind_name(data)}; "
                                    "expected lines of the form `key: value`)"))
        return doc
    if data is not None and "\\" in text:  # a double-quoted value may write any character as an escape
        escaped = _escaped_characters(data, display_path)
        if escaped:  # its keys and values are not read further: they would carry the characters on
            doc.problems += escaped
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


# The folders of content files: (folder, suffixes of its files, their kind).
SECTIONS = ((SESSION_DIR, (".yaml", ".yml"), "session"), (RESPONSE_DIR, (".md", ".markdown"), "response"),
            (SUPERVISION_DIR, (".md", ".markdown"), "supervision"), (HANDOVER_DIR, (".yaml", ".yml"), "handover"))


def _within(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def _link_problem(path: str, root: str) -> tuple[str, str]:
    """(field, message) of what is wrong with the link at path, ("", "") when it may be
    followed: it leads to a file or a folder inside root (a real path), not to a folder it is in."""
    real = os.path.realpath(path)
    target = _cut(os.readlink(path), 80)
    if not os.path.exists(real):
        return "(file)", (f"the link leads nowhere (got a link to {target!r}; expected a file or a folder of "
                          "the content folder: correct the link or delete it)")
    what = "folder" if os.path.isdir(real) else "file"
    if not _within(real, root):
        return f"({what})", (f"the {what} is a link to a {what} outside the content folder, which is never read "
                             f"(got a link to {target!r}; expected the {what} itself inside the content folder: "
                             "put a copy in place of the link, or delete it)")
    if what == "folder" and _within(os.path.realpath(os.path.dirname(path)), real):
        return "(folder)", (f"the folder is a link to a folder it is in (got a link to {target!r}; expected a "
                            "folder of its own: delete the link)")
    if what == "file" and not os.path.isfile(real):
        return "(file)", (f"the link leads to something that is not a file (got a link to {target!r}; "
                          "expected a text file: delete the link)")
    return "", ""


def _walk(folder: str, suffixes: tuple[str, ...], root: str, followed: set[str]):
    """Files under folder in a stable order, hidden files and folders skipped. A link is
    followed only when it stays inside root (refused_documents names the others), and a
    folder once (followed: the real paths of the links followed)."""
    if not os.path.isdir(folder) or (os.path.islink(folder) and _link_problem(folder, root)[1]):
        return
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda entry: entry.name)
        except OSError:  # a folder that cannot be read: refused_documents names it
            continue
        folders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_symlink():
                if _link_problem(entry.path, root)[1]:
                    continue
                if entry.is_dir():
                    real = os.path.realpath(entry.path)
                    if real in followed:
                        continue
                    followed.add(real)
            if entry.is_dir():
                folders.append(f"{current}/{entry.name}")
            elif entry.is_file() and entry.name.endswith(suffixes):
                yield f"{current}/{entry.name}"
        stack.extend(reversed(folders))


def _displayed(content_dir: Path) -> tuple[str, object]:
    """The content folder's path as a prefix of its files' paths, and how a file's path is shown:
    relative to the content folder's parent, "/site/content/x" -> "content/x"."""
    folder = content_dir.as_posix()
    prefix = "" if folder == "." else folder.rstrip("/") + "/"
    base = content_dir.parent.as_posix()
    skip = 0 if base == "." else len(base.rstrip("/")) + 1

    def display(path: str) -> str:
        return path[skip:] if os.sep == "/" else path[skip:].replace(os.sep, "/")

    return prefix, display


def list_tree(content_dir: Path | str) -> list[tuple[str | None, str, str]]:
    """(file, display path, kind) of every content file, in a stable order; file is
    None for a data file that is missing (see missing_document). Nothing outside the
    content folder is listed: refused_documents names the links that lead there."""
    content_dir = Path(content_dir)
    prefix, display = _displayed(content_dir)
    root = os.path.realpath(content_dir)
    listing: list[tuple[str | None, str, str]] = []
    for kind in DATA_KINDS:
        file = f"{prefix}{DATA_DIR}/{kind}.yaml"
        if not os.path.lexists(file):
            if kind not in OPTIONAL_DATA_KINDS:
                listing.append((None, display(file), kind))
        elif _within(os.path.realpath(file), root) and (os.path.isfile(file) or os.path.isdir(file)):
            listing.append((file, display(file), kind))  # a folder by its name: reading it says so
    followed: set[str] = set()
    for sub, suffixes, kind in SECTIONS:
        listing += [(file, display(file), kind) for file in _walk(prefix + sub, suffixes, root, followed)]
    return listing


def _kind_at(relative: str) -> str:
    """The kind of content file at a path inside the content folder ("file" for any other)."""
    section, _, rest = relative.partition("/")
    if section == DATA_DIR and rest.endswith(".yaml") and rest[:-5] in DATA_KINDS:
        return rest[:-5]
    return next((kind for sub, suffixes, kind in SECTIONS if section == sub and rest.endswith(suffixes)), "file")


def refused_documents(content_dir: Path | str) -> list[Document]:
    """Every entry of the content folder that is never read, each with its problem: a link
    that leads outside the folder (a file or a folder), nowhere, or into a folder it is in,
    and whatever is neither a file nor a folder. Every entry is looked at, hidden ones too,
    since Pelican itself may read a folder of the content (STATIC_PATHS) and follows links."""
    content_dir = Path(content_dir)
    prefix, display = _displayed(content_dir)
    root = os.path.realpath(content_dir)
    refused: list[Document] = []
    stack = [prefix]  # each folder as a prefix of its entries' paths ("" for ".")
    while stack:
        current = stack.pop()
        try:
            entries = sorted(os.scandir(current or "."), key=lambda entry: entry.name)
        except FileNotFoundError:  # no content folder: its data files are named missing
            continue
        except OSError as error:
            folder = display(current.rstrip("/"))
            refused.append(Document(folder, "file", problems=[Problem(
                folder, 0, "(folder)", f"the folder cannot be read (got «{error.strerror or 'an error'}»; "
                "expected a folder the build may read: check its permissions)")]))
            continue
        folders = []
        for entry in entries:
            path = current + entry.name
            if entry.is_symlink():
                name, message = _link_problem(path, root)
                if message:
                    refused.append(Document(display(path), _kind_at(path[len(prefix):]),
                                            problems=[Problem(display(path), 0, name, message)]))
            elif entry.is_dir(follow_symlinks=False):
                folders.append(path + "/")
            elif not entry.is_file(follow_symlinks=False):
                refused.append(Document(display(path), _kind_at(path[len(prefix):]), problems=[Problem(
                    display(path), 0, "(file)", "neither a file nor a folder (got a named pipe, a socket or a "
                    "device; expected a text file: delete it)")]))
        stack.extend(reversed(folders))
    return refused


def missing_document(display_path: str, kind: str) -> Document:
    return Document(display_path, kind, problems=[Problem(
        display_path, 0, "(file)",
        f"the file is missing (got no {kind}.yaml; expected the list of {kind} "
        f"in {display_path})")])


def read_tree(content_dir: Path | str, read=read_document) -> list[Document]:
    """Every content file under content_dir, read, in a stable order, then every entry
    refused unread (refused_documents).

    read: how one file is read, read(file, display_path, kind)."""
    return [read(file, display, kind) if file is not None else missing_document(display, kind)
            for file, display, kind in list_tree(content_dir)] + refused_documents(content_dir)
