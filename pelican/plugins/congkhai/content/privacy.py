"""Privacy guard: citizens' personal data never reaches the public site.

Pure: imports settings, vietnamese, build/ and content/ only; never Pelican. Nghị định 13/2023/NĐ-CP protects personal data; editors
paste citizens' petitions that may carry a phone number, an ID card number,
an e-mail address or a home address. Each pattern below is conservative:
a miss is possible, but dates, document numbers ("512/UBND-TNMT"), money
("1.250.000 đồng"), land parcels ("thửa đất số 123, tờ bản đồ số 45"), years
and percentages must never trip it, or editors learn to ignore it.

A hit is a Problem that names the kind of data and shows it masked
(0912•••678), never whole: the build log is itself a place data leaks from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .problems import Problem
from .reading import LineDict

# The per-file marker (declared in rules.py): a non-empty reason acknowledges
# an intentional case, and the file is not scanned.
REVIEWED_KEY = "privacy_reviewed"

MASK = "•••"

# Vietnamese upper-case letters, for names and street names (re has no \p{Lu}).
_UPPER = "".join(c for c in map(chr, range(0x41, 0x1EFA)) if c.isalpha() and c.isupper())
_WORD = rf"[{_UPPER}][^\W\d_]*"

# A run that starts like a Vietnamese phone number: +84 or 0, then digits
# with at most one space, dot or hyphen between them. Whether it is one is
# decided on its digits (see _phone_digits), not by the regex.
_PHONE = re.compile(r"(?<![\w+/.,-])(?:\+84[ .-]?|0)\d(?:[ .-]?\d){7,10}(?![\w/]|[.,-]\d)")
# Mobile 0[35789]x xxx xxxx (10 digits); landline 02xx xxxx xxx (11 digits).
_PHONE_NATIONAL = re.compile(r"^(?:0[35789]\d{8}|02\d{9})$")
# CMND (9 digits) or CCCD (12 digits) as one unbroken run: money and document
# numbers are written with dots or slashes, so they never form such a run.
_ID_RUN = re.compile(r"(?<![\w/.,-])(?:\d{12}|\d{9})(?![\w/]|[.,-]\d)")
# After the words that name an ID card, spaced or dotted groups count too.
_ID_NAMED = re.compile(r"(?i:CMND|CCCD|chứng minh nhân dân|căn cước(?: công dân)?)"
                       r"(?:\s+(?i:số))?\s*:?\s*(\d(?:[ .]?\d){8}(?:(?:[ .]?\d){3})?)(?![\d])")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Home addresses: "số nhà 12 đường …", or a person ("ông Nguyễn Văn A") followed
# by a house number and a capitalised street name. Only these two shapes: a
# bare "12 Trần Hưng Đạo" may be an office, a school or a market.
_HOUSE = re.compile(r"(?i:số nhà)\s+\d+[A-Za-z]?(?:/\d+)*\s*,?\s+"
                    r"(?i:đường|phố|hẻm|kiệt|ngõ|ngách)\s+\S+")
_PERSON_ADDRESS = re.compile(
    rf"(?<!\w)(?i:ông|bà|anh|chị)\s+{_WORD}(?:\s+{_WORD}){{1,3}}"
    rf"\s*(?:,|\s+(?i:ở|tại|trú tại|ngụ tại|cư trú tại|địa chỉ))\s*(?i:số\s+)?"
    rf"\d+[A-Za-z]?(?:/\d+)*\s+(?:(?i:đường|phố)\s+)?{_WORD}")

# Cheap tests that say which patterns can match at all (each scan above costs
# as much as reading the text; most texts have no personal data). Each is
# implied by its patterns: phones and ID cards need eight digits with at most
# one separator between them, e-mails an @, addresses one of the words they
# start with. casefold() finds every case the patterns' (?i:…) match.
_EIGHT_DIGITS = re.compile(r"\d(?:[ .-]?\d){7}")
_DIGIT = re.compile(r"\d")
_ADDRESS_WORD = re.compile(r"(?:ông|bà|anh|chị)\s")  # a look-behind here makes the scan 3x slower


def _has_address_word(folded: str) -> bool:
    """One of the words a person's address starts with, as a word of its own: what the
    (?<!\\w) of _PERSON_ADDRESS asks (\\w is str.isalnum() or "_"), checked in Python."""
    for match in _ADDRESS_WORD.finditer(folded):
        start = match.start()
        if start == 0 or not (folded[start - 1].isalnum() or folded[start - 1] == "_"):
            return True
    return False


KINDS = {
    "phone": "a phone number",
    "id-card": "an ID card number (CMND/CCCD)",
    "email": "an e-mail address",
    "address": "a home address next to a person's name",
}


@dataclass(frozen=True)
class Hit:
    kind: str  # a key of KINDS
    masked: str  # safe to print
    start: int  # offset in the scanned text


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _phone_digits(raw: str) -> str:
    """'+84 912 345 678' -> '0912345678'; the national form allowed numbers are compared in."""
    digits = _digits(raw)
    return "0" + digits[2:] if raw.startswith("+84") else digits


def normalise_allowed(entries) -> set[str]:
    """PRIVACY_ALLOWED_NUMBERS in the form hits are compared in: digits (national), or a lower-case e-mail."""
    allowed = set()
    for entry in entries or ():
        entry = str(entry).strip()
        allowed.add(entry.lower() if "@" in entry else _phone_digits(entry))
    return allowed


def mask_number(digits: str, keep: int = 4, tail: int = 3) -> str:
    return digits[:keep] + MASK + digits[-tail:]


def mask_email(address: str) -> str:
    local, _, domain = address.partition("@")
    return local[:1] + MASK + "@" + domain


def mask_text(text: str) -> str:
    """An address: its first word, then the mask, so the editor finds it without the log repeating it."""
    return text.split()[0] + " " + MASK


def find(text: str, allowed: set[str] = frozenset()) -> list[Hit]:
    """Every piece of personal data in text, masked, in order of appearance."""
    hits: list[Hit] = []
    taken: list[tuple[int, int]] = []

    def add(kind, masked, span):
        if not any(a < span[1] and span[0] < b for a, b in taken):
            taken.append(span)
            hits.append(Hit(kind, masked, span[0]))

    digits = _DIGIT.search(text)  # phones, ID cards and addresses need one (e-mails do not)
    if digits and _EIGHT_DIGITS.search(text):
        for match in _PHONE.finditer(text):
            digits = _phone_digits(match.group())
            if _PHONE_NATIONAL.match(digits) and digits not in allowed:
                add("phone", mask_number(digits), match.span())
        for match in _ID_NAMED.finditer(text):
            digits = _digits(match.group(1))
            if len(digits) in (9, 12) and digits not in allowed:
                add("id-card", mask_number(digits, 2, 2), match.span(1))
        for match in _ID_RUN.finditer(text):
            if match.group() not in allowed:
                add("id-card", mask_number(match.group(), 2, 2), match.span())
    if "@" in text:
        for match in _EMAIL.finditer(text):
            if match.group().lower() not in allowed:
                add("email", mask_email(match.group()), match.span())
    if digits:
        folded = text.casefold()
        for pattern, needed in ((_HOUSE, "số nhà" in folded), (_PERSON_ADDRESS, _has_address_word(folded))):
            if needed:
                for match in pattern.finditer(text):
                    add("address", mask_text(match.group()), match.span())
    return sorted(hits, key=lambda hit: hit.start)


def problems_in(text, path: str, line: int, field: str, allowed: set[str],
                block: bool = False) -> list[Problem]:
    """Problems for one text value. block: the text starts on the line after `line`
    (a YAML block scalar or a Markdown body), so each hit gets its own line."""
    if not isinstance(text, str):
        return []
    problems = []
    for hit in find(text, allowed):
        hit_line = line + (1 + text[: hit.start].count("\n") if block else 0)
        problems.append(Problem(path, hit_line, field, (
            f"looks like {KINDS[hit.kind]}, personal data that must not be published "
            f"(got {hit.masked}; expected no personal data (Nghị định 13/2023/NĐ-CP): remove it; "
            f"a public hotline goes into PRIVACY_ALLOWED_NUMBERS; an intentional case gets "
            f"'{REVIEWED_KEY}: <reason>' in this file)")))
    return problems


def _value_problems(mapping, key: str, path: str, field: str, allowed) -> list[Problem]:
    value = mapping.get(key)
    line = mapping.line_of(key) if isinstance(mapping, LineDict) else 0
    block = isinstance(value, str) and "\n" in value.rstrip("\n")
    return problems_in(value, path, line, field, allowed, block=block)


# Which keys of which block are scanned: citizens' words and the answers that
# may quote them. Ids, dates and numbers are not text and are skipped.
SESSION_KEYS = ("title", "place", "summary")
OPINION_KEYS = ("speaker",)
ITEM_KEYS = ("text", "answer")
RESPONSE_KEYS = ("document",)


def is_reviewed(data) -> bool:
    reason = data.get(REVIEWED_KEY) if isinstance(data, dict) else None
    return isinstance(reason, str) and bool(reason.strip())


def check_session(data, path: str, allowed: set[str]) -> list[Problem]:
    if is_reviewed(data):
        return []
    problems = [p for key in SESSION_KEYS for p in _value_problems(data, key, path, key, allowed)]
    for o_index, opinion in enumerate(_blocks(data.get("opinions")), 1):
        o_prefix = f"opinions[{o_index}]."
        problems += [p for key in OPINION_KEYS
                     for p in _value_problems(opinion, key, path, o_prefix + key, allowed)]
        for i_index, item in enumerate(_blocks(opinion.get("items")), 1):
            i_prefix = f"{o_prefix}items[{i_index}]."
            problems += [p for key in ITEM_KEYS
                         for p in _value_problems(item, key, path, i_prefix + key, allowed)]
    return problems


def check_response(data, body: str, body_line: int, path: str, allowed: set[str]) -> list[Problem]:
    if is_reviewed(data):
        return []
    problems = [p for key in RESPONSE_KEYS for p in _value_problems(data, key, path, key, allowed)]
    # body_line is the body's first line; problems_in(block=True) counts from the line before it.
    return problems + problems_in(body, path, body_line - 1, "(answer)", allowed, block=True)


def _blocks(value) -> list:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []
