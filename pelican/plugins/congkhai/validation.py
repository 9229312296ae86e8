"""Validation: documents -> every problem in them, in one list.

Pure: no Pelican. The rules come from `rules.py`; each message says where,
what was found and what to write instead.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re

from . import privacy, rules
from .model import item_id, response_id
from .problems import Problem
from .reading import Document, LineDict, read_tree
from .settings import today_in_vietnam

_ID = re.compile(rules.ID_PATTERN)
_VIETNAMESE_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


def _shown(value) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _type_name(value) -> str:
    if isinstance(value, bool):
        return "true/false"
    return {str: "text", int: "a whole number", float: "a decimal number", list: "a list",
            LineDict: "a block of keys", dict: "a block of keys", dt.date: "a date",
            dt.datetime: "a date and time"}.get(type(value), type(value).__name__)


def check_date(value, path: str, line: int, name: str) -> list[Problem]:
    if isinstance(value, dt.datetime):
        return [Problem(path, line, name, f"a date must not carry a time (got {value.isoformat(' ')}; "
                        f"expected {value.date().isoformat()})")]
    if isinstance(value, dt.date):
        return []
    if isinstance(value, str):
        match = _VIETNAMESE_DATE.match(value)
        if match:
            day, month, year = (int(g) for g in match.groups())
            try:
                iso = dt.date(year, month, day).isoformat()
            except ValueError:
                return [Problem(path, line, name, f"not a real date (got {value!r}; expected a day "
                                "of the calendar, written YYYY-MM-DD)")]
            return [Problem(path, line, name, f"dates are written year-month-day (got {value!r}; "
                            f"expected {iso})")]
    return [Problem(path, line, name, f"not a date (got {_shown(value)}; expected YYYY-MM-DD, "
                    "for example 2018-06-12)")]


def _check_kind(field: rules.Field, value, path: str, line: int, name: str) -> list[Problem]:
    kind = field.kind
    if kind == "date":
        return check_date(value, path, line, name)
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            return [Problem(path, line, name, f"must be a whole number (got {_shown(value)}; "
                            "expected digits only, for example 3)")]
        return []
    if kind == "list":
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            return [Problem(path, line, name, f"must be a list of texts (got {_type_name(value)}; "
                            "expected one line per entry, each starting with '- ')")]
        return []
    if kind == "mapping-list":
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            return [Problem(path, line, name, f"must be a list of blocks (got {_type_name(value)}; "
                            "expected entries starting with '- ' followed by their keys)")]
        return []
    # text, markdown, id
    if not isinstance(value, str) or not value.strip():
        got = "an empty value" if value in (None, "") else _type_name(value)
        return [Problem(path, line, name, f"must be text (got {got}; expected text)")]
    if kind == "id" and not _ID.match(value):
        return [Problem(path, line, name, f"an id is lower-case ASCII words joined by hyphens "
                        f"(got {value!r}; expected something like 'phong-tnmt')")]
    if field.choices and value not in field.choices:
        return [Problem(path, line, name, f"not an allowed value (got {value!r}; expected one of: "
                        f"{', '.join(field.choices)})")]
    return []


def check_fields(mapping: dict, fields: tuple[rules.Field, ...], path: str, prefix: str = "",
                 line: int = 0) -> list[Problem]:
    """Unknown keys, missing keys and wrong types of one block."""
    problems = []
    known = {f.name for f in fields}
    line = getattr(mapping, "line", line)
    line_of = getattr(mapping, "line_of", lambda key: line)
    misspelt = set()  # keys written with a typo: one problem (the typo), not two
    for key in mapping:
        if key not in known:
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
        problems.extend(_check_kind(field, mapping[field.name], path, line_of(field.name), name))
    return problems


def _references(mapping, fields, path, prefix, tables) -> list[Problem]:
    problems = []
    for field in fields:
        value = mapping.get(field.name)
        if not field.ref or not isinstance(value, str) or not value:
            continue
        table = tables.get(field.ref)
        if table is None:  # its data file could not be read: that is the problem to fix first
            continue
        if value not in table:
            hint = difflib.get_close_matches(value, sorted(table), n=1)
            expected = (f"did you mean '{hint[0]}'?" if hint
                        else f"an id listed in content/data/{_REF_FILES[field.ref]}")
            problems.append(Problem(path, mapping.line_of(field.name), prefix + field.name,
                                    f"unknown {field.ref} (got {value!r}; {expected})"))
    return problems


_REF_FILES = {"topic": "topics.yaml", "agency": "agencies.yaml", "commune": "communes.yaml"}


def validate_data_file(doc: Document) -> tuple[list[Problem], set[str]]:
    key, fields = rules.DATA_FILES[doc.kind]
    data = doc.data
    entries = data.get(key)
    problems = [Problem(doc.path, data.line_of(k), k, f"unknown key (got {k!r}; expected only '{key}')")
                for k in data if k != key]
    if not isinstance(entries, list) or not entries:
        return problems + [Problem(doc.path, data.line_of(key), key, f"must be a non-empty list "
                                   f"(got {_type_name(entries)}; expected '{key}:' then entries "
                                   "starting with '- id: …')")], set()
    ids: dict[str, int] = {}
    for index, entry in enumerate(entries, 1):
        prefix = f"{key}[{index}]."
        if not isinstance(entry, dict):
            problems.append(Problem(doc.path, data.line_of(key), prefix.rstrip("."),
                                    f"must be a block of keys (got {_type_name(entry)}; expected id and name)"))
            continue
        problems.extend(check_fields(entry, fields, doc.path, prefix))
        entry_id = entry.get("id")
        if isinstance(entry_id, str):
            if entry_id in ids:
                problems.append(Problem(doc.path, entry.line_of("id"), prefix + "id",
                                        f"duplicate id (got {entry_id!r} again; first at line "
                                        f"{ids[entry_id]}; expected each id once)"))
            ids.setdefault(entry_id, entry.line_of("id"))
    return problems, set(ids)


def _numbered(blocks, path, prefix, what) -> list[Problem]:
    seen: dict[int, int] = {}
    problems = []
    for index, block in enumerate(blocks, 1):
        number = block.get("no")
        if isinstance(number, int) and not isinstance(number, bool):
            if number in seen:
                problems.append(Problem(path, block.line_of("no"), f"{prefix}[{index}].no",
                                        f"duplicate {what} number (got {number} again; first at line "
                                        f"{seen[number]}; expected a number not used yet in this "
                                        f"{'session' if what == 'opinion' else 'opinion'})"))
            seen.setdefault(number, block.line_of("no"))
    return problems


def validate_item(item: LineDict, path: str, prefix: str, session_date, tables) -> list[Problem]:
    problems = check_fields(item, rules.ITEM_FIELDS, path, prefix)
    problems += _references(item, rules.ITEM_FIELDS, path, prefix, tables)
    handling = item.get("handling")
    for key in rules.HANDLING_REQUIRES.get(handling, ()):
        if item.get(key) is None:  # an empty "" is reported once, by its type check
            problems.append(Problem(path, item.line, prefix + key,
                                    f"required when handling is '{handling}' (got nothing; expected "
                                    f"{key}: {_field_help(key)})"))
    due = item.get("due")
    if isinstance(due, dt.date) and isinstance(session_date, dt.date) and due < session_date:
        problems.append(Problem(path, item.line_of("due"), prefix + "due",
                                f"the deadline is before the session (got {due.isoformat()}; "
                                f"expected {session_date.isoformat()} or later)"))
    return problems


def _field_help(key: str) -> str:
    return next(f.help for f in rules.ITEM_FIELDS if f.name == key)


def validate_session(doc: Document, tables) -> tuple[list[Problem], dict[str, dt.date]]:
    """Problems of one session file, and the item ids it defines with the session date."""
    data, path = doc.data, doc.path
    problems = check_fields(data, rules.SESSION_FIELDS, path)
    problems += _references(data, rules.SESSION_FIELDS, path, "", tables)
    if not _ID.match(doc.stem.replace(".", "-")) or "." in doc.stem:
        problems.append(Problem(path, 1, "(file name)", f"the file name is the session id (got "
                                f"{doc.stem!r}; expected lower-case ASCII words joined by hyphens, "
                                "such as 2018-06-12-tan-ha)"))
    session_date = data.get("date") if isinstance(data.get("date"), dt.date) else None
    opinions = data.get("opinions")
    defined: dict[str, dt.date] = {}
    if not isinstance(opinions, list):
        return problems, defined
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
            problems += validate_item(item, path, f"{o_prefix}items[{i_index}].", session_date, tables)
            if isinstance(opinion.get("no"), int) and isinstance(item.get("no"), int):
                defined[item_id(doc.stem, opinion["no"], item["no"])] = session_date
    return problems, defined


def validate_response(doc: Document, tables, items: dict[str, dt.date | None],
                      cutoff: dt.date | None = None, unreadable=frozenset()) -> list[Problem]:
    """unreadable: ids of sessions that could not be read, whose items are unknown, not missing."""
    data, path = doc.data, doc.path
    problems = check_fields(data, rules.RESPONSE_FIELDS, path)
    problems += _references(data, rules.RESPONSE_FIELDS, path, "", tables)
    if not doc.body.strip():
        problems.append(Problem(path, doc.body_line or 1, "(answer)",
                                "the response has no answer text (got nothing after the closing "
                                "'---'; expected the answer as Markdown)"))
    target = data.get("item")
    if isinstance(target, str) and target and target.split("/")[0] not in unreadable:
        if target not in items:
            hint = difflib.get_close_matches(target, items.keys(), n=1)
            expected = f"did you mean '{hint[0]}'?" if hint else \
                "an existing item id '<session id>/<opinion no>.<item no>'"
            problems.append(Problem(path, data.line_of("item"), "item",
                                    f"no such item (got {target!r}; {expected})"))
        else:
            session_date, date = items[target], data.get("date")
            if isinstance(date, dt.date) and session_date and date < session_date:
                problems.append(Problem(path, data.line_of("date"), "date",
                                        f"the response is dated before its session (got "
                                        f"{date.isoformat()}; expected {session_date.isoformat()} or later)"))
            if cutoff and session_date and session_date > cutoff:
                problems.append(Problem(path, data.line_of("item"), "item",
                                        f"the item's session has not been held yet (got a response to "
                                        f"{target!r}, whose session is dated {session_date.isoformat()}, "
                                        "a day still to come; expected no response before the session: "
                                        "check the session's date, or add this file after it)"))
    return problems


def future_cutoff(as_of: dt.date | None, today: dt.date | None) -> dt.date | None:
    """The day after which a session has not been held, so cannot have been answered.

    The later of the build's AS_OF and today: a site built as it stood on a
    past day must still build from content that has since grown (a 2019
    session answered in 2019 is fine in the 2018-07-05 report), and a preview
    with a future AS_OF may show answers up to that day.
    """
    days = [d for d in (as_of, today) if d]
    return max(days) if days else None


def validate_tree(content_dir, options: dict, read=None) -> tuple[list[Document], list[Problem]]:
    """Read and validate a content tree with the resolved settings (AS_OF, PRIVACY_ALLOWED_NUMBERS):
    what the build, `invoke validate` and the pre-commit hook all run."""
    documents = read_tree(content_dir, read) if read else read_tree(content_dir)
    cutoff = future_cutoff(options.get("AS_OF"), today_in_vietnam())
    problems = validate(documents, cutoff, options.get("PRIVACY_ALLOWED_NUMBERS") or ())
    defaulted = tuple(key for key, name in rules.DEFAULTED_BY_SETTING.items() if options.get(name) is not None)
    return documents, without_defaulted(problems, defaulted)


def _same_ids(documents: list[Document], kind: str, id_of, what: str) -> list[Problem]:
    """Two files that give the same id (x.yaml and x.yml, or one name in two folders)."""
    first: dict[str, str] = {}
    problems = []
    for doc in documents:
        if doc.kind != kind:
            continue
        ident = id_of(doc)
        if ident in first:
            problems.append(Problem(doc.path, 1, "(file name)",
                                    f"two {what} files have the same id (got {ident!r} again; first in "
                                    f"{first[ident]}; expected one file per {what}: rename or delete one)"))
        first.setdefault(ident, doc.path)
    return problems


def validate(documents: list[Document], cutoff: dt.date | None = None,
             allowed_numbers=()) -> list[Problem]:
    """Every problem of the whole content tree; an empty list means it may be published.

    cutoff: sessions dated after it cannot have responses (see future_cutoff).
    allowed_numbers: PRIVACY_ALLOWED_NUMBERS, public numbers the privacy guard lets through.
    """
    problems = [p for doc in documents for p in doc.problems]
    problems += _same_ids(documents, "session", lambda d: d.stem, "session")
    problems += _same_ids(documents, "response", lambda d: response_id(d.path), "response")
    allowed = privacy.normalise_allowed(allowed_numbers)
    tables: dict[str, set[str]] = {}
    ref_of_kind = {"agencies": "agency", "topics": "topic", "communes": "commune"}
    for doc in documents:
        if doc.kind in ref_of_kind and doc.data is not None:
            found, ids = validate_data_file(doc)
            problems += found
            tables[ref_of_kind[doc.kind]] = ids
    item_dates: dict[str, dt.date | None] = {}
    unreadable = {doc.stem for doc in documents if doc.kind == "session" and doc.data is None}
    for doc in documents:
        if doc.kind == "session" and doc.data is not None:
            found, defined = validate_session(doc, tables)
            problems += found + privacy.check_session(doc.data, doc.path, allowed)
            item_dates.update(defined)
    for doc in documents:
        if doc.kind == "response" and doc.data is not None:
            problems += validate_response(doc, tables, item_dates, cutoff, unreadable)
            problems += privacy.check_response(doc.data, doc.body, doc.body_line, doc.path, allowed)
    problems += validate_extensions(documents)
    problems += [p for doc in documents if doc.kind == "supervision" and doc.data is not None
                 for p in validate_supervision(doc, tables, item_dates)]
    return sorted(set(problems))


def without_defaulted(problems: list[Problem], defaulted: tuple[str, ...]) -> list[Problem]:
    """Drop «required when handling is …» for keys whose setting fills them in
    (rules.DEFAULTED_BY_SETTING: `due` when DEFAULT_DUE is given)."""
    def filled(problem: Problem) -> bool:
        key = problem.field.rsplit(".", 1)[-1]
        return key in defaulted and problem.message.startswith("required when handling is")
    return [p for p in problems if not filled(p)]


def _item_dues(documents: list[Document]) -> dict[str, dt.date]:
    """Item id -> its own `due`, for the items that give one as a date."""
    dues = {}
    for doc in documents:
        if doc.kind != "session" or doc.data is None or not isinstance(doc.data.get("opinions"), list):
            continue
        for opinion in doc.data["opinions"]:
            for item in (opinion.get("items") or []) if isinstance(opinion, dict) else []:
                if isinstance(item, dict) and isinstance(item.get("due"), dt.date):
                    dues[item_id(doc.stem, opinion.get("no"), item.get("no"))] = item["due"]
    return dues


def validate_extensions(documents: list[Document]) -> list[Problem]:
    """A response's `extended_due` needs a `reason` and must come after the deadline it extends."""
    dues, problems = _item_dues(documents), []
    for doc in documents:
        if doc.kind != "response" or doc.data is None:
            continue
        data, path = doc.data, doc.path
        extended, reason = data.get("extended_due"), data.get("reason")
        if extended is None:
            if reason not in (None, ""):
                problems.append(Problem(path, data.line_of("reason"), "reason",
                                        "a reason goes with an extension (got a reason without "
                                        "extended_due; expected extended_due: the new deadline, "
                                        "or no reason)"))
            continue
        if reason in (None, ""):
            problems.append(Problem(path, data.line_of("extended_due"), "reason",
                                    "required with extended_due (got nothing; expected reason: "
                                    "why the deadline was extended)"))
        due = dues.get(str(data.get("item")))
        if isinstance(extended, dt.date) and due is not None and extended <= due:
            problems.append(Problem(path, data.line_of("extended_due"), "extended_due",
                                    f"an extension must come after the deadline it extends (got "
                                    f"{extended.isoformat()}; expected a date after {due.isoformat()})"))
    return problems


def validate_supervision(doc: Document, tables, items: dict) -> list[Problem]:
    """A supervision record: its keys, at least one item or agency, each of them known, and findings."""
    data, path = doc.data, doc.path
    problems = check_fields(data, rules.SUPERVISION_FIELDS, path)
    targets = {key: data.get(key) or [] for key in ("items", "agencies")}
    if not any(isinstance(v, list) and v for v in targets.values()):
        problems.append(Problem(path, data.line, "items", "a supervision record names what it "
                                "supervised (got neither items nor agencies; expected items: a list of "
                                "item ids, or agencies: a list of agency ids)"))
    known = {"items": items, "agencies": tables["agency"]}
    for key, values in targets.items():
        for index, value in enumerate(values if isinstance(values, list) else [], 1):
            if isinstance(value, str) and value not in known[key]:
                hint = difflib.get_close_matches(value, sorted(known[key]), n=1)
                expected = f"did you mean '{hint[0]}'?" if hint else \
                    ("an existing item id" if key == "items" else "an id listed in content/data/agencies.yaml")
                problems.append(Problem(path, data.line_of(key), f"{key}[{index}]",
                                        f"unknown {key[:-1] if key == 'items' else 'agency'} "
                                        f"(got {value!r}; {expected})"))
    if not doc.body.strip():
        problems.append(Problem(path, doc.body_line or 1, "(findings)", "the record has no findings "
                                "(got nothing after the closing '---'; expected the findings as Markdown)"))
    return problems
