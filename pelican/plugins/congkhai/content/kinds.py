"""The kinds of value a key of the content contract may hold, one class each.

A kind knows three things about its values: how to check one (`check`, for
validation.py), how to describe them as a JSON Schema fragment (`schema`, for
tools/schemas.py) and how to say what to write, for clerks (`doc`, in
Vietnamese, and `doc_en`, the same in English; `name` is its short English name). rules.py gives each Field one
kind; nothing dispatches on a kind's name.

Pure: imports settings, vietnamese, build/ and content/ only; never Pelican. Imports only problems and reading of content/ (rules.py
imports this module, so this module never imports rules.py).
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, Protocol

from .problems import Problem
from .reading import LineDict, LineList, character_name, first_refused

# Ids written by people: lower-case ASCII words joined by hyphens.
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_ID = re.compile(ID_PATTERN)
_ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
_CODE = re.compile(r"^\d{2,5}$")
_VIETNAMESE_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


def shown(value) -> str:
    """A value as a message quotes it: strings with their quotes, long ones cut."""
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "…"


# What could lead a path or a URL out of its folder: a separator, a parent, a drive's colon,
# a NUL; and '%', with which a URL writes any of them (%2f, %5c, %2e%2e, %252f twice over).
_PATH_LIKE = re.compile(r"[/\\:%\x00]|\.\.")
_ENCODED = re.compile(r"%[0-9A-Fa-f]{2}")
_PATH_PARTS = (("\x00", "a NUL character"), ("/", "'/'"), ("\\", "a backslash"), ("..", "'..'"),
               (":", "':', as in a drive letter C:"))


def path_part(text: str) -> str:
    """What in a name or an id would make it name another place once in a path or a URL, in
    the words of the messages; "" when nothing: each of _PATH_PARTS, a character reading
    refuses, or '%', also when decoding its %-escapes (up to three times) shows one of them."""
    if not _PATH_LIKE.search(text) and not first_refused(text):
        return ""
    decoded = text
    for _ in range(3):
        if not _ENCODED.search(decoded):
            break
        decoded = urllib.parse.unquote(decoded, errors="replace")
    for written in (text, decoded):
        found = next((name for part, name in _PATH_PARTS if part in written), "")
        refused = first_refused(written)
        found = found or (character_name(refused) if refused else "")
        if found:
            return found if written is text else f"{found} once its %-escapes are decoded"
    return "'%', which starts an encoded character in a URL"


def type_name(value) -> str:
    """What a value is, in the words of the messages ("a list", "a date")."""
    if isinstance(value, bool):
        return "true/false"
    # The YAML reader's own classes (LineDict, LineList) are named as what the editor wrote.
    return {str: "text", int: "a whole number", float: "a decimal number", list: "a list", LineList: "a list",
            LineDict: "a block of keys", dict: "a block of keys", dt.date: "a date",
            dt.datetime: "a date and time"}.get(type(value), "a value of another kind")


class FieldLike(Protocol):
    """What a kind reads of its rules.Field (named here, not imported: rules.py imports this module)."""

    name: str
    choices: tuple[str, ...]
    ref: str


@dataclass(frozen=True)
class Kind(ABC):
    """A kind of value. Frozen, so a Field holding one stays hashable and comparable; each kind
    says how it checks a value and how a JSON Schema describes it."""

    name: ClassVar[str]
    doc: ClassVar[str]
    doc_en: ClassVar[str]  # the same, in English: the English web editor's hint

    @abstractmethod
    def check(self, field: FieldLike, value, path: str, line: int, name: str) -> list[Problem]:
        """The problems of a value given for field (not None: a missing key is the caller's)."""

    @abstractmethod
    def schema(self, field: FieldLike, block: Callable[[tuple], dict] | None = None) -> dict:
        """The JSON Schema fragment of a value, without the field's description.

        block renders the schema of one nested block of keys; only a kind whose
        values hold blocks needs it, and the rules of a block (such as which
        keys a handling requires) stay with the caller."""

    def widget(self, field: FieldLike, block: Callable[[tuple], list] | None = None) -> dict:
        """The web editor's widget of a value (Decap CMS's `widget` and its options, without
        the field's name, label, hint and whether it is required: outputs/admin.py adds them);
        block renders the fields of one nested block, as for `schema`."""
        return {"widget": "string"}


@dataclass(frozen=True)
class Text(Kind):
    """Non-empty text; one of field.choices when the field has them."""

    name: ClassVar[str] = "text"
    doc: ClassVar[str] = "chữ, không để trống"
    doc_en: ClassVar[str] = "text, not empty"

    def check(self, field, value, path, line, name):
        if not isinstance(value, str) or not value.strip():
            got = "an empty value" if value in (None, "") else type_name(value)
            return [Problem(path, line, name, f"must be text (got {got}; expected text)")]
        return self._check_text(field, value, path, line, name)

    def _check_text(self, field, value: str, path, line, name) -> list[Problem]:
        """The checks of a value already known to be non-empty text."""
        if field.choices and value not in field.choices:
            return [Problem(path, line, name, f"not an allowed value (got {value!r}; expected one of: "
                            f"{', '.join(field.choices)})")]
        return []

    def _pattern(self, field) -> str:
        # A reference to another table holds one of its ids, so it is written like one.
        return ID_PATTERN if field.ref else ""

    def schema(self, field, block=None):
        schema: dict = {"type": "string", "minLength": 1}
        pattern = self._pattern(field)
        if pattern:
            schema["pattern"] = pattern
        if field.choices:
            schema["enum"] = list(field.choices)
        return schema


@dataclass(frozen=True)
class Markdown(Text):
    """Non-empty Markdown text: checked as text, rendered as Markdown by the site."""

    name: ClassVar[str] = "markdown"
    doc: ClassVar[str] = "đoạn văn Markdown, không để trống"
    doc_en: ClassVar[str] = "Markdown text, not empty"

    def widget(self, field, block=None):
        # The raw mode only: the rich-text mode rewrites what the clerk typed (list markers,
        # escapes) when it serialises, and the file must hold the words as written.
        return {"widget": "markdown", "modes": ["raw"], "buttons": [], "editor_components": []}


@dataclass(frozen=True)
class Id(Text):
    """An id people write: lower-case ASCII words joined by hyphens (ID_PATTERN)."""

    name: ClassVar[str] = "id"
    doc: ClassVar[str] = "mã: chữ thường không dấu và chữ số, nối bằng dấu gạch ngang, ví dụ `phong-tnmt`"
    doc_en: ClassVar[str] = "a code: lower-case letters without accents and digits, joined by hyphens, for example `phong-tnmt`"

    def _check_text(self, field, value, path, line, name):
        if not _ID.match(value):
            part = path_part(value)
            if part:  # why, for a value that looks like a path: an id is a folder of the site
                return [Problem(path, line, name, f"an id becomes part of a page's address, so it holds no "
                                f"path (got {shown(value)}, which holds {part}; expected lower-case ASCII words "
                                "joined by hyphens, such as 'phong-tnmt')")]
            return [Problem(path, line, name, f"an id is lower-case ASCII words joined by hyphens "
                            f"(got {value!r}; expected something like 'phong-tnmt')")]
        return super()._check_text(field, value, path, line, name)

    def _pattern(self, field):
        return ID_PATTERN


@dataclass(frozen=True)
class Code(Text):
    """An official code of an administrative unit (mã đơn vị hành chính): digits, in quotes,
    since codes keep their leading zeros (Phường Phúc Xá is "00001") and YAML would read
    unquoted digits as a number without them."""

    name: ClassVar[str] = "code"
    doc: ClassVar[str] = "mã đơn vị hành chính theo danh mục của Nhà nước, chữ số trong dấu ngoặc kép, ví dụ `\"23236\"`"
    doc_en: ClassVar[str] = "the unit's code in the State's list of administrative units, digits in double quotes, for example `\"23236\"`"

    def check(self, field, value, path, line, name):
        if isinstance(value, int) and not isinstance(value, bool):
            return [Problem(path, line, name, f"an administrative unit code is written in quotes (got {value} "
                            f"without quotes; expected \"{value}\", with any leading zeros of the official list)")]
        return super().check(field, value, path, line, name)

    def _check_text(self, field, value, path, line, name):
        if not _CODE.match(value):
            return [Problem(path, line, name, f"an administrative unit code is 2 to 5 digits (got {value!r}; "
                            "expected the code of the official list, for example \"23236\")")]
        return []

    def _pattern(self, field):
        return _CODE.pattern


@dataclass(frozen=True)
class Date(Kind):
    """A day of the calendar, written YYYY-MM-DD (YAML reads it as a date)."""

    name: ClassVar[str] = "date"
    doc: ClassVar[str] = "ngày, dạng YYYY-MM-DD, ví dụ 2018-06-12"
    doc_en: ClassVar[str] = "a day, written YYYY-MM-DD, for example 2018-06-12"

    def check(self, field, value, path, line, name):
        if isinstance(value, dt.datetime):
            return [Problem(path, line, name, f"a date must not carry a time (got {value.isoformat(' ')}; "
                            f"expected {value.date().isoformat()})")]
        if isinstance(value, dt.date):
            return []
        if isinstance(value, str):
            match = _VIETNAMESE_DATE.match(value)
            if match:
                # The day-month-year order clerks write by habit: name the ISO form to write instead.
                day, month, year = (int(g) for g in match.groups())
                try:
                    iso = dt.date(year, month, day).isoformat()
                except ValueError:
                    return [Problem(path, line, name, f"not a real date (got {value!r}; expected a day "
                                    "of the calendar, written YYYY-MM-DD)")]
                return [Problem(path, line, name, f"dates are written year-month-day (got {value!r}; "
                                f"expected {iso})")]
        return [Problem(path, line, name, f"not a date (got {shown(value)}; expected YYYY-MM-DD, "
                        "for example 2018-06-12)")]

    def schema(self, field, block=None):
        return {"type": "string", "format": "date", "pattern": _ISO_DATE}

    def widget(self, field, block=None):
        # Stored as the contract writes a date (YYYY-MM-DD), shown as a clerk reads one; no
        # time and no time zone, so the day picked is the day saved. An empty default: a
        # date is what the clerk's document says, never the day the form was opened.
        return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "DD/MM/YYYY",
                "time_format": False, "picker_utc": True, "default": ""}


@dataclass(frozen=True)
class WholeNumber(Kind):
    """A whole number, 0 or more (true/false is not one, though Python says so)."""

    name: ClassVar[str] = "int"
    doc: ClassVar[str] = "số nguyên từ 0 trở lên, chỉ gồm chữ số, ví dụ 3"
    doc_en: ClassVar[str] = "a whole number from 0 up, digits only, for example 3"

    def check(self, field, value, path, line, name):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            return [Problem(path, line, name, f"must be a whole number (got {shown(value)}; "
                            "expected digits only, for example 3)")]
        return []

    def schema(self, field, block=None):
        return {"type": "integer", "minimum": 0}

    def widget(self, field, block=None):
        return {"widget": "number", "value_type": "int", "min": 0}


@dataclass(frozen=True)
class TextList(Kind):
    """A list of non-empty texts, one line each."""

    name: ClassVar[str] = "list"
    doc: ClassVar[str] = "danh sách chữ, mỗi mục một dòng bắt đầu bằng «- »"
    doc_en: ClassVar[str] = "a list of texts, one a line, each line beginning with «- »"

    def check(self, field, value, path, line, name):
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            return [Problem(path, line, name, f"must be a list of texts (got {type_name(value)}; "
                            "expected one line per entry, each starting with '- ')")]
        return []

    def schema(self, field, block=None):
        return {"type": "array", "items": {"type": "string", "minLength": 1}}

    def widget(self, field, block=None):
        return {"widget": "list", "field": {"name": field.name, "widget": "string"}}


@dataclass(frozen=True)
class BlockList(Kind):
    """A list of blocks of keys, each block with the keys of `fields`.

    Only the shape is checked here; the keys of each block are checked by the
    caller (validation.check_fields with `fields`), with their own prefixes.
    """

    fields: tuple = ()

    name: ClassVar[str] = "mapping-list"
    doc: ClassVar[str] = "danh sách các khối, mỗi khối bắt đầu bằng «- » rồi đến các khóa của nó"
    doc_en: ClassVar[str] = "a list of blocks, each beginning with «- » and then its keys"

    def check(self, field, value, path, line, name):
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            return [Problem(path, line, name, f"must be a list of blocks (got {type_name(value)}; "
                            "expected entries starting with '- ' followed by their keys)")]
        return []

    def schema(self, field, block=None):
        if block is None:
            raise TypeError(f"the schema of {field.name!r} needs block= to render its blocks")
        # No minItems: a session announced ahead has no opinions yet.
        return {"type": "array", "items": block(self.fields)}

    def widget(self, field, block=None):
        if block is None:
            raise TypeError(f"the widget of {field.name!r} needs block= to render its blocks")
        return {"widget": "list", "fields": block(self.fields)}


TEXT = Text()
MARKDOWN = Markdown()
ID = Id()
CODE = Code()
DATE = Date()
WHOLE_NUMBER = WholeNumber()
TEXT_LIST = TextList()
