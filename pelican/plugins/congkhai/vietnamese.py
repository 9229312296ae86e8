"""Vietnamese text: normalisation, alphabetical order, folding, dates and numbers.

Pure functions, no Pelican. Python compares strings by code point, which puts
"Đ" after "Z" and "ă" after "z"; Vietnamese dictionaries order the letters
a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, with the tone
marks as a secondary key (none, huyền, hỏi, ngã, sắc, nặng).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(ALPHABET)}

# Combining marks that make a new letter (ă â ê ô ơ ư) rather than a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
# Tone marks in dictionary order: huyền, hỏi, ngã, sắc, nặng (0 = no tone).
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def nfc(text: str) -> str:
    """Text pasted from old tools may arrive decomposed; store it composed."""
    return unicodedata.normalize("NFC", text)


def _split_letter(char: str) -> tuple[str, int]:
    """'ệ' -> ('ê', 5): the base letter with its letter marks, and the tone."""
    decomposed = unicodedata.normalize("NFD", char)
    base, tone = decomposed[0], 0
    letter_marks = ""
    for mark in decomposed[1:]:
        if mark in _LETTER_MARKS:
            letter_marks += mark
        else:
            tone = _TONE_RANK.get(mark, tone)
    return unicodedata.normalize("NFC", base + letter_marks), tone


@lru_cache(maxsize=65536)
def sort_key(text: str) -> tuple:
    """A key that sorts Vietnamese words in dictionary order.

    Primary: letters in the Vietnamese alphabet; secondary: tones;
    tertiary: lower case before upper case.
    """
    letters, tones, cases = [], [], []
    for char in nfc(text):
        lower = char.lower()
        base, tone = _split_letter(lower)
        rank = _LETTER_RANK.get(base)
        # Characters outside the alphabet (digits, spaces) keep their code
        # point order, before every letter, as dictionaries put them.
        letters.append((1, rank) if rank is not None else (0, ord(base)))
        tones.append(tone)
        cases.append(char != lower)
    return (tuple(letters), tuple(tones), tuple(cases))


def fold(text: str) -> str:
    """Lower case without diacritics, đ as d: what people type on a phone."""
    text = nfc(text).lower().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slugify(text: str) -> str:
    """ASCII slug for ids and URLs: 'Xã Tân Đức' -> 'xa-tan-duc'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def short_date(day: dt.date) -> str:
    """05/7/2018: two-digit day, month without a leading zero, as in official letters."""
    return f"{day.day:02d}/{day.month}/{day.year}"


def long_date(day: dt.date) -> str:
    """ngày 5 tháng 7 năm 2018."""
    return f"ngày {day.day} tháng {day.month} năm {day.year}"


def month_year(day: dt.date) -> str:
    """tháng 12/2015."""
    return f"tháng {day.month}/{day.year}"


def number(value: int) -> str:
    """3.245: Vietnamese groups thousands with a dot."""
    return f"{value:,}".replace(",", ".")


def percent(part: int, whole: int) -> str:
    """78,7%: Vietnamese uses a decimal comma."""
    if not whole:
        return "–"
    return f"{100 * part / whole:.1f}".replace(".", ",") + "%"
