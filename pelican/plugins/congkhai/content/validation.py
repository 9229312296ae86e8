"""Validation: documents -> every problem in them, in one list.

Pure: imports settings, vietnamese, build/ and content/ only; never Pelican. The rules come from `rules.py`, the checks of one value
from its kind (`kinds.py`); each message says where, what was found and what
to write instead. Imports build/, settings and content/ only.

Two steps: `check_file` runs the checks that need one file only
(keys, types, numbering, the privacy guard) and notes what the other step
needs from it; `across` runs the checks between files (ids named in other
files, duplicate ids, responses against their items) from those notes, as
dictionary look-ups. With a cache, only changed files go through the first.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from ..build.files import gc_paused
from ..settings import today_in_vietnam
from . import privacy, rules
from .checkcache import CheckCache, file_stamp
from .kinds import BlockList, path_part, shown, type_name
from .model import build_model, item_id, response_id, response_place
from .problems import Problem
from .reading import (
    SESSION_DIR,
    Document,
    LineDict,
    first_refused,
    list_tree,
    missing_document,
    parse_document,
    read_bytes,
    refused_documents,
    stem_of,
    unreadable_document,
)

_ID = re.compile(rules.ID_PATTERN)
_EDITOR = re.compile(rules.EDITOR_PATTERN)


def _day(value) -> dt.date | None:
    """The value if it is a day; None otherwise, also for a date with a time, which
    kinds.Date reports and which cannot be compared with days (TypeError)."""
    return value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else None


def check_fields(mapping: dict, fields: tuple[rules.Field, ...], path: str, prefix: str = "",
                 line: int = 0) -> list[Problem]:
    """Unknown keys, missing keys and wrong types of one block."""
    problems = []
    known = {f.name for f in fields}
    if isinstance(mapping, LineDict):  # read from a file: every key knows its line
        line, line_of = mapping.line, mapping.line_of
    else:
        def line_of(key):
            return line
    misspelt = set()  # keys written with a typo: one problem (the typo), not two
    renamed = {old.name: (field.name, old) for field in fields for old in field.was}
    for key in mapping:
        if key in renamed and key not in known:
            name, old = renamed[key]
            misspelt.add(name)
            problems.append(Problem(path, line_of(key), prefix + str(key),
                                    f"the key was renamed in version {old.version} of the content format "
                                    f"(got {str(key)!r}; expected {name!r}, because {old.why}: run "
                                    f"`invoke migrate` to rename it in every file)"))
        elif key not in known:
            hint = difflib.get_close_matches(str(key), sorted(known), n=1)
            misspelt.update(hint)
            did_you_mean = f"did you mean '{hint[0]}'?" if hint else f"allowed keys: {', '.join(sorted(known))}"
            problems.append(Problem(path, line_of(key), prefix + str(key),
                                    f"unknown key (got {str(key)!r}; {did_you_mean})"))
    for field in fields:
        name = prefix + field.name
        if field.name not in mapping or mapping[field.name] is None:
            if field.required and field.name not in misspelt:
                problems.append(Problem(path, line, name, f"required key is missing (got nothing; "
                                        f"expected {field.name}: {field.help})"))
            continue
        value = mapping[field.name]
        placeholder = rules.PLACEHOLDER_OF.get(field.name)
        if placeholder is not None and placeholder.left_in(value):
            problems.append(Problem(path, line_of(field.name), name, _not_filled_in(field, value, placeholder)))
            continue
        problems.extend(field.kind.check(field, value, path, line_of(field.name), name))
    return problems


def _not_filled_in(field: rules.Field, value: str, placeholder: rules.Placeholder) -> str:
    """A placeholder of the skeletons left as it was written, or with a blank still in it."""
    if not value.strip():
        got = "an empty value"
    elif value.strip() in (rules.BLANK, "..."):
        got = f"{shown(value)}, a blank"
    else:
        got = f"{shown(value)}, with «{rules.BLANK}» still in it"
    words = placeholder.text.replace(rules.BLANK, "").replace("{day}", "").strip()  # more than blanks to fill in
    fill = f"Fill in each «{rules.BLANK}»" if words else "Fill it in"
    optional = not field.required and field.name not in _REQUIRED_BY_HANDLING
    return (f"not filled in yet (got {got}; expected {field.name}: {field.help.rstrip('.')}. {fill}"
            f"{', or delete the line' if optional else ''})")


_REQUIRED_BY_HANDLING = frozenset(key for keys in rules.HANDLING_REQUIRES.values() for key in keys)


# A reference from a file to a table of another file: (table, id, line, field).
# Found with the file (cached with it); looked up in the tables on every build.
Ref = tuple[str, str, int, str]


def _refs(mapping, fields, prefix) -> list[Ref]:
    """The ids a block names in other tables: one text, or a list of texts (`successors`)."""
    refs = []
    for field in fields:
        value = mapping.get(field.name)
        if not field.ref:
            continue
        if isinstance(value, str) and value:
            refs.append((field.ref, value, mapping.line_of(field.name), prefix + field.name))
        elif isinstance(value, list):
            refs += [(field.ref, entry, mapping.line_of(field.name), f"{prefix}{field.name}[{index}]")
                     for index, entry in enumerate(value, 1) if isinstance(entry, str) and entry]
    return refs


def _unknown_refs(refs: list[Ref], path: str, tables) -> list[Problem]:
    problems = []
    for ref, value, line, name in refs:
        table = tables.get(ref)
        if table is None:  # its data file could not be read: that is the problem to fix first
            continue
        if value not in table:
            hint = difflib.get_close_matches(value, sorted(table), n=1)
            expected = (f"did you mean '{hint[0]}'?" if hint
                        else f"expected an id listed in content/data/{rules.REF_TABLES[ref]}.yaml")
            problems.append(Problem(path, line, name, f"unknown {ref} (got {value!r}; {expected})"))
    return problems


_REF_OF_KIND = {kind: ref for ref, kind in rules.REF_TABLES.items()}


def _editors(entry, path: str, prefix: str) -> list[Problem]:
    """A body's editors are named as the forge names people and teams (CODEOWNERS reads them)."""
    editors = entry.get("editors")
    if not isinstance(editors, list):
        return []
    return [Problem(path, entry.line_of("editors"), f"{prefix}editors[{index}]",
                    f"not a person or team of the forge (got {editor!r}; expected @user or @organisation/team, "
                    "for example @to-chuc/bien-tap-xa-ham-tan)")
            for index, editor in enumerate(editors, 1) if isinstance(editor, str) and not _EDITOR.match(editor)]


def _lifespan(entry, path: str, prefix: str) -> list[Problem]:
    """`from` and `until`, when both are days, in that order."""
    start, end = (_day(entry.get(key)) for key in rules.LIFESPAN)
    if start and end and start > end:
        return [Problem(path, entry.line_of("until"), prefix + "until",
                        f"the last day comes before the first (got {end.isoformat()}, before from: "
                        f"{start.isoformat()}; expected {start.isoformat()} or later)")]
    return []


def validate_data_file(doc: Document) -> tuple[list[Problem], set[str], list[Ref]]:
    """A data file's own problems, the ids it defines and the ids its entries name elsewhere."""
    key, fields = rules.DATA_FILES[doc.kind]
    data = doc.data
    entries = data.get(key)
    problems = [Problem(doc.path, data.line_of(k), k, f"unknown key (got {k!r}; expected only '{key}')")
                for k in data if k != key]
    if not isinstance(entries, list) or not entries:
        return problems + [Problem(doc.path, data.line_of(key), key, f"must be a non-empty list "
                                   f"(got {type_name(entries)}; expected '{key}:' then entries "
                                   "starting with '- id: …')")], set(), []
    ids: dict[str, int] = {}
    refs: list[Ref] = []
    for index, entry in enumerate(entries, 1):
        prefix = f"{key}[{index}]."
        if not isinstance(entry, dict):
            problems.append(Problem(doc.path, data.line_of(key), prefix.rstrip("."),
                                    f"must be a block of keys (got {type_name(entry)}; expected id and name)"))
            continue
        problems.extend(check_fields(entry, fields, doc.path, prefix))
        problems.extend(_lifespan(entry, doc.path, prefix))
        problems.extend(_editors(entry, doc.path, prefix))
        refs += _refs(entry, fields, prefix)
        for field in fields:  # blocks inside an entry (a body's successors)
            blocks = entry.get(field.name)
            if isinstance(field.kind, BlockList) and isinstance(blocks, list):
                for number, block in enumerate(blocks, 1):
                    if isinstance(block, dict):
                        inner = f"{prefix}{field.name}[{number}]."
                        problems.extend(check_fields(block, field.kind.fields, doc.path, inner))
                        refs += _refs(block, field.kind.fields, inner)
        entry_id = entry.get("id")
        if isinstance(entry_id, str):
            if entry_id in ids:
                problems.append(Problem(doc.path, entry.line_of("id"), prefix + "id",
                                        f"duplicate id (got {entry_id!r} again; first at line "
                                        f"{ids[entry_id]}; expected each id once)"))
            ids.setdefault(entry_id, entry.line_of("id"))
    return problems, set(ids), refs


def _lifespans(doc: Document) -> dict[str, tuple]:
    """Each body's (from, until, successor ids), for the sessions that name it (`_held_while`)."""
    spans = {}
    for entry in doc.data.get("bodies") or []:
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            successors = [s.get("body") for s in entry.get("successors") or [] if isinstance(s, dict)]
            spans[entry["id"]] = (_day(entry.get("from")), _day(entry.get("until")),
                                  tuple(b for b in successors if isinstance(b, str)))
    return spans


def _held_while(held, path: str, lifespans: dict) -> list[Problem]:
    """A session is held by a body that existed on its day: a district's session of after its
    end belongs to one of its successors."""
    if held is None or held[0] not in lifespans:
        return []  # an unknown body is reported as such
    body, line, day = held
    start, end, successors = lifespans[body]
    if start and day < start:
        return [Problem(path, line, "body", f"the body did not exist yet on the session's day (got {body!r}, "
                        f"which begins on {start.isoformat()}; expected the body that held sessions on "
                        f"{day.isoformat()})")]
    if end and day > end:
        then = f"one of its successors: {', '.join(successors)}" if successors else "the body that took over"
        return [Problem(path, line, "body", f"the body had ended before the session's day (got {body!r}, "
                        f"which ended on {end.isoformat()}; expected {then})")]
    return []


# A block's number, under the key's name now or, in a file not migrated yet, an earlier one:
# the rename is then the file's one problem, not every answer to its items as well.
_NUMBER_NAMES = ("stt", *(old.name for field in rules.OPINION_FIELDS if field.name == "stt" for old in field.was))


def _number(block):
    return next((block[name] for name in _NUMBER_NAMES if name in block), None)


def _numbered(blocks, path, prefix, what) -> list[Problem]:
    seen: dict[int, int] = {}
    problems = []
    for index, block in enumerate(blocks, 1):
        number = block.get("stt")
        if isinstance(number, int) and not isinstance(number, bool):
            if number in seen:
                problems.append(Problem(path, block.line_of("stt"), f"{prefix}[{index}].stt",
                                        f"duplicate {what} number (got {number} again; first at line "
                                        f"{seen[number]}; expected a number not used yet in this "
                                        f"{'session' if what == 'opinion' else 'opinion'})"))
            seen.setdefault(number, block.line_of("stt"))
    return problems


def _check_item(item: LineDict, path: str, prefix: str, session_date) -> list[Problem]:
    problems = check_fields(item, rules.ITEM_FIELDS, path, prefix)
    handling = item.get("handling")
    for key in rules.HANDLING_REQUIRES.get(handling, ()):
        if item.get(key) is None:  # an empty "" is reported once, by its type check
            problems.append(Problem(path, item.line, prefix + key,
                                    f"required when handling is '{handling}' (got nothing; expected "
                                    f"{key}: {_field_help(key)})"))
    due = item.get("due")
    if _day(due) and _day(session_date) and due < session_date:
        problems.append(Problem(path, item.line_of("due"), prefix + "due",
                                f"the deadline is before the session (got {due.isoformat()}; "
                                f"expected {session_date.isoformat()} or later)"))
    return problems


def _field_help(key: str) -> str:
    return next(f.help for f in rules.ITEM_FIELDS if f.name == key)


@dataclass(slots=True)
class Checked:
    """One content file after the checks that need only the file itself, with what
    the checks across files need from it. Depends on the file's bytes, path and
    kind, the code and PRIVACY_ALLOWED_NUMBERS only: cached by those (cache.py)."""

    path: str
    kind: str
    readable: bool  # parsed into a mapping
    problems: list[Problem]  # found in the file alone, privacy guard included
    refs: list[Ref] = dataclasses.field(default_factory=list)
    ids: frozenset = frozenset()  # a data file: the ids it defines
    items: dict = dataclasses.field(default_factory=dict)  # a session: item id -> session date (None when not a date)
    dues: dict = dataclasses.field(default_factory=dict)  # a session: item id -> the item's own due
    answers: tuple | None = None  # a response: (item id, its line, date or None, line of date)
    extension: tuple | None = None  # a response: (str(item), extended_due, its line)
    supervised: list = dataclasses.field(default_factory=list)  # a supervision record: (key, index, id, line)
    held: tuple | None = None  # a session: (its body's id, its line, its date), when it names a body
    lifespans: dict = dataclasses.field(default_factory=dict)  # bodies.yaml: id -> (from, until, successor ids)
    handed: list = dataclasses.field(default_factory=list)  # a handover: (item id, line, field) it names
    receivers: list = dataclasses.field(default_factory=list)  # a handover's or supervisor's: (body id, line, field, its date)
    model: object = None  # the model object (model.build_model), when asked for and buildable
    source_key: bytes = b""  # with the cache: the digest of the file's bytes, path and kind (CheckCache.key)

    @property
    def stem(self) -> str:
        return stem_of(self.path)


def _session(doc: Document, checked: Checked) -> None:
    data, path = doc.data, doc.path
    problems = check_fields(data, rules.SESSION_FIELDS, path)
    refs = _refs(data, rules.SESSION_FIELDS, "")
    if not _ID.match(doc.stem.replace(".", "-")) or "." in doc.stem:
        problems.append(Problem(path, 1, "(file name)", f"the file name is the session id (got "
                                f"{doc.stem!r}; expected lower-case ASCII words joined by hyphens, "
                                "such as 2018-06-12-tan-ha)"))
    session_date = _day(data.get("date"))
    opinions = data.get("opinions")
    too_large = _too_large(opinions, doc) if isinstance(opinions, list) else []
    if too_large:  # its opinions are not checked one by one: the file is split first
        checked.readable = False  # so responses to its items wait for the split too
        opinions = None
    problems += too_large
    if isinstance(opinions, list):
        checked.dues = _session_dues(doc)
        opinions = [o for o in opinions if isinstance(o, dict)]
        problems += _numbered(opinions, path, "opinions", "opinion")
        for o_index, opinion in enumerate(opinions, 1):
            o_prefix = f"opinions[{o_index}]."
            problems += check_fields(opinion, rules.OPINION_FIELDS, path, o_prefix)
            items = opinion.get("items")
            if not isinstance(items, list):
                continue
            items = [i for i in items if isinstance(i, dict)]
            problems += _numbered(items, path, o_prefix + "items", "item")
            for i_index, item in enumerate(items, 1):
                prefix = f"{o_prefix}items[{i_index}]."
                problems += _check_item(item, path, prefix, session_date)
                refs += _refs(item, rules.ITEM_FIELDS, prefix)
                opinion_no, item_no = _number(opinion), _number(item)
                if isinstance(opinion_no, int) and isinstance(item_no, int):
                    checked.items[item_id(doc.stem, opinion_no, item_no)] = session_date
    body = data.get("body")
    if isinstance(body, str) and body and session_date:
        checked.held = (body, data.line_of("body"), session_date)
    folder = path.rsplit("/", 2)[-2] if path.count("/") >= 2 else ""
    if isinstance(body, str) and body and folder not in ("", SESSION_DIR) and folder != body:
        problems.append(Problem(path, data.line_of("body"), "body", f"a session lives in its body's folder "
                                f"(got body {body!r} in the folder {folder!r}; expected the file in "
                                f"content/{SESSION_DIR}/{body}/, or body: {folder})"))
    checked.problems += problems
    checked.refs = refs


def _too_large(opinions: list, doc: Document) -> list[Problem]:
    """A session of more opinions or items than rules.MAX_OPINIONS_PER_SESSION and
    rules.MAX_ITEMS_PER_SESSION, told how to split it."""
    split = (f"split the session into two files, such as {doc.stem}.yaml and {doc.stem}-2.yaml, each with "
             "its opinions numbered from 1")
    line = doc.data.line_of("opinions")
    if len(opinions) > rules.MAX_OPINIONS_PER_SESSION:
        return [Problem(doc.path, line, "opinions", f"too many opinions for one session (got {len(opinions)}; "
                        f"expected at most {rules.MAX_OPINIONS_PER_SESSION}: {split})")]
    items = sum(len(o["items"]) for o in opinions if isinstance(o, dict) and isinstance(o.get("items"), list))
    if items > rules.MAX_ITEMS_PER_SESSION:
        return [Problem(doc.path, line, "opinions", f"too many items for one session (got {items} in "
                        f"{len(opinions)} opinions; expected at most {rules.MAX_ITEMS_PER_SESSION}: {split})")]
    return []


def _session_dues(doc: Document) -> dict[str, dt.date]:
    """Item id -> its own `due`, for the items of a session that give one as a date."""
    dues = {}
    for opinion in doc.data["opinions"]:
        items = opinion.get("items") if isinstance(opinion, dict) else None
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and _day(item.get("due")):
                dues[item_id(doc.stem, _number(opinion), _number(item))] = item["due"]
    return dues


def _response(doc: Document, checked: Checked) -> None:
    data, path = doc.data, doc.path
    problems = check_fields(data, rules.RESPONSE_FIELDS, path)
    checked.refs = _refs(data, rules.RESPONSE_FIELDS, "")
    if not doc.body.strip():
        problems.append(response_text_problem(path, doc.body_line or 1))
    target, date = data.get("item"), data.get("date")
    if isinstance(target, str) and target:
        checked.answers = (target, data.line_of("item"), _day(date),
                           data.line_of("date"))
    problems += _reason_problems(data, path)
    extended = data.get("extended_due")
    if _day(extended):
        checked.extension = (str(data.get("item")), extended, data.line_of("extended_due"))
    checked.problems += problems


def _reason_problems(data, path) -> list[Problem]:
    """A response's `extended_due` needs a `reason`, and a `reason` needs an `extended_due`."""
    extended, reason = data.get("extended_due"), data.get("reason")
    if extended is None:
        if reason not in (None, ""):
            return [Problem(path, data.line_of("reason"), "reason",
                            "a reason goes with an extension (got a reason without "
                            "extended_due; expected extended_due: the new deadline, "
                            "or no reason)")]
        return []
    if reason in (None, ""):
        return [missing_reason_problem(path, data.line_of("extended_due"))]
    return []


# The problems of a response the web editor also catches before saving (outputs/admin.py
# shows these very messages): one function each, so the form and the build say the same.
def response_text_problem(path: str, line: int) -> Problem:
    return Problem(path, line, "(answer)", "the response has no answer text (got nothing after the "
                   "closing '---'; expected the answer as Markdown)")


def missing_reason_problem(path: str, line: int) -> Problem:
    return Problem(path, line, "reason", "required with extended_due (got nothing; expected reason: "
                   "why the deadline was extended)")


def answer_date_problem(path: str, line: int, date: dt.date, session_date: dt.date) -> Problem:
    return Problem(path, line, "date", f"the response is dated before its session (got "
                   f"{date.isoformat()}; expected {session_date.isoformat()} or later)")


def late_extension_problem(path: str, line: int, extended: dt.date, due: dt.date) -> Problem:
    return Problem(path, line, "extended_due", f"an extension must come after the deadline it extends "
                   f"(got {extended.isoformat()}; expected a date after {due.isoformat()})")


def _supervision(doc: Document, checked: Checked) -> None:
    data, path = doc.data, doc.path
    problems = check_fields(data, rules.SUPERVISION_FIELDS, path)
    targets = {key: data.get(key) or [] for key in ("items", "agencies")}
    if not any(isinstance(v, list) and v for v in targets.values()):
        problems.append(Problem(path, data.line, "items", "a supervision record names what it "
                                "supervised (got neither items nor agencies; expected items: a list of "
                                "item ids, or agencies: a list of agency ids)"))
    checked.supervised = [(key, index, value, data.line_of(key)) for key, values in targets.items()
                          for index, value in enumerate(values if isinstance(values, list) else [], 1)
                          if isinstance(value, str)]
    # `of` is looked up as any reference; items and agencies as what was supervised, above.
    checked.refs = _refs(data, tuple(f for f in rules.SUPERVISION_FIELDS if f.name not in targets), "")
    day = _day(data.get("date"))
    if isinstance(data.get("of"), str) and data["of"] and day:
        checked.receivers.append((data["of"], data.line_of("of"), "of", day))
    if not doc.body.strip():
        problems.append(Problem(path, doc.body_line or 1, "(findings)", "the record has no findings "
                                "(got nothing after the closing '---'; expected the findings as Markdown)"))
    checked.problems += problems


def _handover(doc: Document, checked: Checked) -> None:
    data, path = doc.data, doc.path
    problems = check_fields(data, rules.HANDOVER_FIELDS, path)
    refs = _refs(data, rules.HANDOVER_FIELDS, "")
    day = _day(data.get("date"))
    blocks = data.get("rules")
    for index, rule in enumerate(blocks if isinstance(blocks, list) else [], 1):
        if not isinstance(rule, dict):
            continue
        prefix = f"rules[{index}]."
        problems += check_fields(rule, rules.HANDOVER_RULE_FIELDS, path, prefix)
        refs += _refs(rule, rules.HANDOVER_RULE_FIELDS, prefix)
        if not any(isinstance(rule.get(key), list) and rule.get(key) for key in rules.HANDOVER_SELECTORS):
            problems.append(Problem(path, rule.line, prefix.rstrip("."), "a rule says which items it hands over "
                                    "(got none of items, agencies, communes; expected a list under one of them)"))
        items = rule.get("items")
        checked.handed += [(item, rule.line_of("items"), f"{prefix}items[{n}]")
                           for n, item in enumerate(items if isinstance(items, list) else [], 1) if isinstance(item, str)]
        if isinstance(rule.get("to"), str) and day:
            checked.receivers.append((rule["to"], rule.line_of("to"), prefix + "to", day))
    checked.problems += problems
    checked.refs = refs


def _receivers_exist(receivers, path: str, lifespans: dict) -> list[Problem]:
    """A body receives items on a day it exists."""
    return _existing(receivers, path, lifespans, "the body does not exist on the handover's day",
                     "a body that exists that day, usually a successor of the body handing over")


def _supervisor_existed(named, path: str, lifespans: dict) -> list[Problem]:
    """The HĐND or Mặt trận of a body supervises while that body exists."""
    return _existing(named, path, lifespans, "the body does not exist on the record's day",
                     "the body whose HĐND or Mặt trận supervised, as it was that day")


def _existing(named, path: str, lifespans: dict, wrong: str, expected: str) -> list[Problem]:
    """Each (body id, line, field, day) names a body that exists on that day; an unknown body
    is the reference check's to report."""
    problems = []
    for body, line, name, day in named:
        if body not in lifespans:
            continue
        start, end, _successors = lifespans[body]
        if (start and day < start) or (end and day > end):
            problems.append(Problem(path, line, name, f"{wrong} (got {body!r} on {day.isoformat()}; "
                                    f"expected {expected})"))
    return problems


def check_file(doc: Document, allowed: set[str] = frozenset(), model: bool = False) -> Checked:
    """The checks of one file that need no other file; allowed: privacy.normalise_allowed(…).
    model: also build its model object (None when it cannot be built: the file has problems)."""
    checked = Checked(doc.path, doc.kind, doc.data is not None, list(doc.problems))
    if doc.data is None:
        return checked
    if doc.kind in rules.DATA_FILES:
        found, ids, refs = validate_data_file(doc)
        checked.problems += found
        checked.ids = frozenset(ids)
        checked.refs = refs
        if doc.kind == "bodies":
            checked.lifespans = _lifespans(doc)
    elif doc.kind == "session":
        _session(doc, checked)
        checked.problems += privacy.check_session(doc.data, doc.path, allowed)
    elif doc.kind == "response":
        _response(doc, checked)
        checked.problems += privacy.check_response(doc.data, doc.body, doc.body_line, doc.path, allowed)
    elif doc.kind == "supervision":
        _supervision(doc, checked)
    elif doc.kind == "handover":
        _handover(doc, checked)
    if model:
        try:
            checked.model = build_model(doc)
        except Exception:  # a file with problems: the build stops on them before the model is needed
            checked.model = None
    return checked


def future_cutoff(as_of: dt.date | None, today: dt.date | None) -> dt.date | None:
    """The day after which a session has not been held, so cannot have been answered.

    The later of the build's AS_OF and today: a site built as it stood on a
    past day must still build from content that has since grown (a 2019
    session answered in 2019 is fine in the 2018-07-05 report), and a preview
    with a future AS_OF may show answers up to that day.
    """
    days = [d for d in (as_of, today) if d]
    return max(days) if days else None


def validate_tree(content_dir, options: dict, cache_dir=None,
                  model: bool = False) -> tuple[list[Checked], list[Problem]]:
    """Read and validate a content tree with the resolved settings (AS_OF, PRIVACY_ALLOWED_NUMBERS):
    what the build, `invoke validate` and the pre-commit hook all run.

    cache_dir: a file whose bytes, path and kind are unchanged is neither parsed nor
    checked again (cache.CheckCache); the checks across files run every time.
    model: build each file's model object too (model.assemble joins them)."""
    allowed = privacy.normalise_allowed(options.get("PRIVACY_ALLOWED_NUMBERS") or ())
    cache = CheckCache(Path(cache_dir) / "checked", salt=repr(sorted(allowed))) if cache_dir else None
    with gc_paused():  # parsing makes objects that all live on (see cache.gc_paused)
        checks = _check_files(content_dir, allowed, cache, model)
    if cache:
        cache.save()
    cutoff = future_cutoff(options.get("AS_OF"), today_in_vietnam())
    problems = across(checks, cutoff)
    defaulted = tuple(key for key, name in rules.DEFAULTED_BY_SETTING.items() if options.get(name) is not None)
    return checks, without_defaulted(problems, defaulted)


def _check_files(content_dir, allowed, cache, model) -> list[Checked]:
    checks = []
    for file, display, kind in list_tree(content_dir):
        if file is None:
            checks.append(check_file(missing_document(display, kind)))
            continue
        try:
            checks.append(_check_one(file, display, kind, allowed, cache, model))
        except OSError as error:  # not a file after all, or not ours to read
            checks.append(check_file(unreadable_document(display, kind, error)))
    # What is never read (links out of the content folder…) is refused with the files.
    return checks + [check_file(doc) for doc in refused_documents(content_dir)]


def _check_one(file, display, kind, allowed, cache, model) -> Checked:
    """One file, checked, or found in the cache by its stamp or its bytes."""
    if cache is None:
        return check_file(parse_document(read_bytes(file), display, kind), allowed, model)
    stamp = file_stamp(file)  # before reading: a change after it shows in the next build's stamp
    checked = cache.get_unread(display, kind, stamp, model)
    if checked is None:
        raw = read_bytes(file)
        key = cache.key(raw, display, kind)
        checked = cache.get(key, display, model)
        if checked is None:
            checked = check_file(parse_document(raw, display, kind), allowed, model)
            checked.source_key = key
            cache.put(key, display, checked)
        cache.remember_stamp(display, kind, stamp, key)
    return checked


_SUSPECT_PATH = re.compile(r"[\\:%\x00]|\.\.")  # what kinds.path_part finds in a name, but '/'


def _names(checks: list[Checked]) -> list[Problem]:
    """Folder and file names that could name another place once in a URL or an output path
    (a response's id is its path, a record's its name): each named once. A session's name is
    its id, checked as one with the session."""
    problems, seen = [], set()
    for checked in checks:
        if not _SUSPECT_PATH.search(checked.path) and not first_refused(checked.path):
            continue  # nearly every path: one look at it whole, not one per name
        parts = checked.path.split("/")
        for depth in range(1, len(parts)):
            is_file = depth == len(parts) - 1
            where = "/".join(parts[: depth + 1])
            if (is_file and checked.kind == "session") or where in seen:
                continue
            seen.add(where)
            part = path_part(parts[depth])
            if part:
                what = "file" if is_file else "folder"
                problems.append(Problem(where, 0, f"({what} name)", f"a {what} name becomes part of a page's "
                                        f"address, so it holds no path (got {shown(parts[depth])}, which holds "
                                        f"{part}; expected letters, digits, hyphens and dots, such as "
                                        f"{'1.1-1.md' if is_file else '2018-06-12-tan-ha'}: rename the {what})"))
    return problems


def _same_ids(checks: list[Checked], kind: str, id_of, what: str) -> list[Problem]:
    """Two files that give the same id (x.yaml and x.yml, or one name in two folders)."""
    first: dict[str, str] = {}
    problems = []
    for checked in checks:
        if checked.kind != kind:
            continue
        ident = id_of(checked)
        if ident in first:
            problems.append(Problem(checked.path, 1, "(file name)",
                                    f"two {what} files have the same id (got {ident!r} again; first in "
                                    f"{first[ident]}; expected one file per {what}: rename or delete one)"))
        first.setdefault(ident, checked.path)
    return problems


def validate(documents: list[Document], cutoff: dt.date | None = None,
             allowed_numbers=()) -> list[Problem]:
    """Every problem of the whole content tree; an empty list means it may be published.

    cutoff: sessions dated after it cannot have responses (see future_cutoff).
    allowed_numbers: PRIVACY_ALLOWED_NUMBERS, public numbers the privacy guard lets through.
    """
    allowed = privacy.normalise_allowed(allowed_numbers)
    return across([check_file(doc, allowed) for doc in documents], cutoff)


def across(checks: list[Checked], cutoff: dt.date | None = None) -> list[Problem]:
    """Every problem: each file's own, then the checks between files (ids one file
    names in another, duplicate ids, responses against their items' sessions).
    One pass over the files and dictionary look-ups: linear in the number of files."""
    problems = [p for checked in checks for p in checked.problems]
    problems += _names(checks)
    problems += _same_ids(checks, "session", lambda c: c.stem, "session")
    problems += _same_ids(checks, "response", lambda c: response_id(c.path), "response")
    problems += _misplaced_responses(checks)
    present = {c.kind for c in checks if c.kind in _REF_OF_KIND}
    tables = {_REF_OF_KIND[c.kind]: c.ids for c in checks if c.kind in _REF_OF_KIND and c.readable}
    # An optional table left out (a site of one body has no bodies.yaml) names no id: a file
    # that names one is told where to list it.
    tables.update({_REF_OF_KIND[kind]: frozenset() for kind in rules.OPTIONAL_DATA_FILES if kind not in present})
    for checked in checks:
        if checked.kind in _REF_OF_KIND and checked.readable:
            problems += _unknown_refs(checked.refs, checked.path, tables)
    items: dict[str, dt.date | None] = {}
    dues: dict[str, dt.date] = {}
    unreadable = {c.stem for c in checks if c.kind == "session" and not c.readable}
    lifespans = next((c.lifespans for c in checks if c.kind == "bodies" and c.readable), {})
    for checked in checks:
        if checked.kind == "session" and checked.readable:
            problems += _unknown_refs(checked.refs, checked.path, tables)
            problems += _held_while(checked.held, checked.path, lifespans)
            items.update(checked.items)
            dues.update(checked.dues)
    for checked in checks:
        if checked.kind == "response" and checked.readable:
            problems += _unknown_refs(checked.refs, checked.path, tables)
            problems += _answer_problems(checked.answers, checked.path, items, cutoff, unreadable)
            problems += _late_extension(checked.extension, checked.path, dues)
        elif checked.kind == "supervision" and checked.readable:
            problems += _unknown_supervised(checked.supervised, checked.path, tables, items)
            problems += _unknown_refs(checked.refs, checked.path, tables)
            problems += _supervisor_existed(checked.receivers, checked.path, lifespans)
        elif checked.kind == "handover" and checked.readable:
            problems += _unknown_refs(checked.refs, checked.path, tables)
            problems += _receivers_exist(checked.receivers, checked.path, lifespans)
            problems += [Problem(checked.path, line, name, f"unknown item (got {item!r}; expected an existing "
                                 "item id '<session id>/<opinion no>.<item no>')")
                         for item, line, name in checked.handed if item not in items]
    return sorted(set(problems))


def _misplaced_responses(checks: list[Checked]) -> list[Problem]:
    """A response lives in the folder of its item's session's body (model.response_place): the
    editors of that body own it (CODEOWNERS) and the web editor lists it there."""
    sessions: dict[str, str] = {}
    for checked in checks:
        if checked.kind == "session":
            sessions.setdefault(checked.stem, checked.path)
    problems = []
    for checked in checks:
        if checked.kind != "response" or checked.answers is None:
            continue
        session = sessions.get(checked.answers[0].split("/")[0])
        place = response_place(checked.path, session) if session else checked.path
        if place != checked.path:
            problems.append(misplaced_response_problem(checked.path, place, session))
    return problems


def misplaced_response_problem(path: str, place: str, session: str) -> Problem:
    """A response outside its session's body folder; in the place of an earlier version, `invoke migrate` moves it."""
    folder, expected = path.rsplit("/", 1)[0], place.rsplit("/", 1)[0]
    moved = next(m for m in rules.MOVED if m.kind == "response")
    if path.count("/") < place.count("/") and place.endswith("/" + "/".join(path.split("/")[-2:])):
        return Problem(path, 0, "(folder)", f"a response is still where version {moved.version - 1} of the content "
                       f"format put it (got the file in {folder}/; expected it in {expected}/, the folder of "
                       f"its session's body: run `invoke migrate`, which moves every response there)")
    return Problem(path, 0, "(folder)", f"a response lives in its session's body folder (got the file in "
                   f"{folder}/, for an item of {session}; expected it in {expected}/: move the file there)")


def _answer_problems(answers, path, items, cutoff, unreadable) -> list[Problem]:
    """A response's item exists, and its session was held before the response and the cut-off."""
    if answers is None or answers[0].split("/")[0] in unreadable:
        return []
    target, line, date, date_line = answers
    if target not in items:
        hint = difflib.get_close_matches(target, items.keys(), n=1)
        expected = f"did you mean '{hint[0]}'?" if hint else \
            "an existing item id '<session id>/<opinion no>.<item no>'"
        return [Problem(path, line, "item", f"no such item (got {target!r}; {expected})")]
    problems = []
    session_date = items[target]
    if date is not None and session_date and date < session_date:
        problems.append(answer_date_problem(path, date_line, date, session_date))
    if cutoff and session_date and session_date > cutoff:
        problems.append(Problem(path, line, "item",
                                f"the item's session has not been held yet (got a response to "
                                f"{target!r}, whose session is dated {session_date.isoformat()}, "
                                "a day still to come; expected no response before the session: "
                                "check the session's date, or add this file after it)"))
    return problems


def _late_extension(extension, path, dues) -> list[Problem]:
    """An extension must come after the deadline it extends (the item's own `due`)."""
    if extension is None:
        return []
    target, extended, line = extension
    due = dues.get(target)
    if due is not None and extended <= due:
        return [late_extension_problem(path, line, extended, due)]
    return []


def _unknown_supervised(supervised, path, tables, items) -> list[Problem]:
    known = {"items": items, "agencies": tables.get("agency")}
    problems = []
    for key, index, value, line in supervised:
        table = known[key]
        if table is None:  # agencies.yaml could not be read: that is the problem to fix first
            continue
        if value not in table:
            hint = difflib.get_close_matches(value, sorted(table), n=1)
            expected = f"did you mean '{hint[0]}'?" if hint else \
                ("an existing item id" if key == "items" else "an id listed in content/data/agencies.yaml")
            problems.append(Problem(path, line, f"{key}[{index}]",
                                    f"unknown {key[:-1] if key == 'items' else 'agency'} "
                                    f"(got {value!r}; {expected})"))
    return problems


def without_defaulted(problems: list[Problem], defaulted: tuple[str, ...]) -> list[Problem]:
    """Drop «required when handling is …» for keys whose setting fills them in
    (rules.DEFAULTED_BY_SETTING: `due` when DEFAULT_DUE is given)."""
    def filled(problem: Problem) -> bool:
        key = problem.field.rsplit(".", 1)[-1]
        return key in defaulted and problem.message.startswith("required when handling is")
    return [p for p in problems if not filled(p)]


def validate_extensions(documents: list[Document]) -> list[Problem]:
    """A response's `extended_due` needs a `reason` and must come after the deadline it extends."""
    dues, problems = {}, []
    for doc in documents:
        if doc.kind == "session" and doc.data is not None and isinstance(doc.data.get("opinions"), list):
            dues.update(_session_dues(doc))
    for doc in documents:
        if doc.kind == "response" and doc.data is not None:
            checked = Checked(doc.path, doc.kind, True, [])
            _response(doc, checked)
            problems += _reason_problems(doc.data, doc.path) + _late_extension(checked.extension, doc.path, dues)
    return problems


def validate_supervision(doc: Document, tables, items: dict) -> list[Problem]:
    """A supervision record: its keys, at least one item or agency, each of them known, and findings."""
    checked = Checked(doc.path, doc.kind, True, [])
    _supervision(doc, checked)
    return checked.problems + _unknown_supervised(checked.supervised, doc.path, tables, items)


def setting_problems(options: dict, bodies: dict, settings_file: str = "pelicanconf.py") -> list[Problem]:
    """Settings that name a body (SITE_BODY, a report's body): each must be one of bodies.yaml. A site
    without bodies.yaml is of one body, which DISTRICT_NAME names: SITE_BODY means nothing there."""
    named = [("SITE_BODY", options.get("SITE_BODY") or "")] if bodies else []
    named += [(f"REPORTS[{index}].body", spec.body) for index, spec in enumerate(options.get("REPORTS") or [])]
    problems = []
    for name, body in named:
        if body and body not in bodies:
            hint = difflib.get_close_matches(body, sorted(bodies), n=1)
            expected = (f"did you mean {hint[0]!r}?" if hint else
                        f"an id of content/data/bodies.yaml{': ' + ', '.join(sorted(bodies)) if bodies else ', which is missing'}")
            problems.append(Problem(settings_file, 0, name, f"unknown body (got {body!r}; {expected})"))
    return problems
