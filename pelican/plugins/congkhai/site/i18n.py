"""Interface languages: which ones, where their pages live, their catalogs and formats.

Pure: Babel, no Pelican. The interface's msgids are Vietnamese (the templates
are written in Vietnamese); other languages come from gettext catalogs in
theme/translations/<lang>/LC_MESSAGES/messages.po, read with Babel at build
time (compiled in memory, so no .mo file can go stale). The content itself
(questions, answers, names) is never translated.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations
from jinja2 import FileSystemBytecodeCache
from jinja2.ext import Extension
from jinja2.lexer import TOKEN_DOT, TOKEN_LPAREN, TOKEN_NAME, TOKEN_PIPE, TOKEN_RPAREN, TOKEN_STRING, Token
from markupsafe import Markup

from .. import vietnamese
from ..build import cachefile
from ..build.fingerprint import files_digest
from ..content import rules
from ..domain import cycles, status
from .views import FORWARDED, FORWARDED_LABEL

SOURCE_LANGUAGE = "vi"  # the msgids' language: needs no catalog
DOMAIN = "messages"

# How each language names itself on the switch link (never translated).
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


class I18nError(ValueError):
    pass


# --- Where a language's pages live -----------------------------------------

def prefix(lang: str, languages: list[str]) -> str:
    """'' for the first (default) language, 'en/' for the others."""
    return "" if lang == languages[0] else f"{lang}/"


def localise(path: str, lang: str, languages: list[str]) -> str:
    """A page's path in `lang`; files (assets, data, feeds) are shared by every language.

    Pages are folder URLs ('' or ending in '/'); anything else, such as
    'theme/css/site.css' or 'du-lieu/items.csv', is a file and keeps its path.
    """
    if path and not path.endswith("/"):
        return path
    return prefix(lang, languages) + path


# --- Catalogs ---------------------------------------------------------------

def catalog_path(translations_dir: Path, lang: str) -> Path:
    return Path(translations_dir) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_translations(translations_dir: Path, lang: str) -> gettext.NullTranslations:
    """The gettext translations of `lang`: the catalog compiled in memory.

    Fuzzy entries are left out (Babel's default), so an unchecked guess shows
    the Vietnamese text rather than a wrong translation.
    """
    if lang == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    path = catalog_path(translations_dir, lang)
    if not path.is_file():
        raise I18nError(f"{path}: no catalog for language {lang!r} (setting LANGUAGES); "
                        f"run `invoke i18n` to create it, then translate its msgstr entries, "
                        f"or remove {lang!r} from LANGUAGES")
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def template_gettext(translations: gettext.NullTranslations) -> Callable[..., Markup]:
    """The templates' `_()`: what Jinja's newstyle gettext returns, without its cost.

    Jinja's i18n extension routes every `_()` through two context calls, a
    Markup and a `%` (about 56 calls per page: a fifth of an item page's time
    in the profile of a 20,000-item build). Same result: the translated string is Markup
    (translators' text is trusted), `%` escapes the variables, and a string
    with no variables is formatted with an empty mapping too (so `%%` -> `%`).
    Strings without variables are looked up once per build.
    """
    constants: dict[str, Markup] = {}

    def gettext_(message: str, **variables) -> Markup:
        if variables:
            return Markup(translations.gettext(message)) % variables
        translated = constants.get(message)
        if translated is None:
            translated = constants[message] = Markup(translations.gettext(message)) % {}
        return translated
    return gettext_


class ConstantGettext(Extension):
    """Compiles `_('constant text')` into the template as its translation.

    A call without variables always returns the same Markup in one language,
    so the template compiled for that language holds the text itself; the
    generator keeps one template cache per language (generator.py). A call with
    variables stays a call to `template_gettext`. Babel's extraction parses the
    templates with its own environment and still sees every `_()`.
    """

    def __init__(self, environment):
        super().__init__(environment)
        self.translate: Callable[[str], Markup] | None = None  # the language being compiled's `_`
        self.language_key = ""  # names that language and its catalog, for the compiled templates' cache

    def use(self, translate: Callable[[str], Markup], language_key: str) -> None:
        """Compile the templates loaded from now on in this language."""
        self.translate, self.language_key = translate, language_key

    def filter_stream(self, stream):
        translate = self.translate
        window: list = []
        for token in stream:
            window.append(token)
            if len(window) > 5:
                yield window.pop(0)
            if translate is not None and len(window) == 5 and _constant_call(window):
                before, _name, _open, text, _close = window
                window = [before, Token(text.lineno, TOKEN_STRING, str(translate(text.value))),
                          Token(text.lineno, TOKEN_PIPE, "|"), Token(text.lineno, TOKEN_NAME, "safe")]
        yield from window


class LanguageBytecodeCache(FileSystemBytecodeCache):
    """Jinja's compiled templates kept between builds, one set per language.

    ConstantGettext compiles translations into the code, so the key names the
    language and a digest of its catalog besides the template (Jinja adds the
    template source's own checksum).
    """

    def __init__(self, directory: Path, language: ConstantGettext):
        directory.mkdir(parents=True, exist_ok=True)
        super().__init__(str(directory))
        self.language = language

    def get_cache_key(self, name: str, filename=None) -> str:
        return super().get_cache_key(f"{self.language.language_key}\0{name}", filename)

    # Kept as cache files (build/cachefile.py), versioned and checksummed: Jinja's own files
    # hold no checksum of their code, and one damaged byte stopped the build in a template.
    def load_bytecode(self, bucket) -> None:
        data = cachefile.read(Path(self._get_cache_filename(bucket)), f"jinja bytecode\0{bucket.key}")
        if data is not None:
            bucket.bytecode_from_string(data)  # Jinja checks its version and the template's checksum

    def dump_bytecode(self, bucket) -> None:
        cachefile.write(Path(self._get_cache_filename(bucket)), f"jinja bytecode\0{bucket.key}",
                        bucket.bytecode_to_string())


def _constant_call(window) -> bool:
    """before _ ( 'text' ): a call of `_` with one string and nothing else, not an attribute `x._`."""
    before, name, opening, text, closing = window
    return (name.type == TOKEN_NAME and name.value == "_" and before.type != TOKEN_DOT
            and opening.type == TOKEN_LPAREN and text.type == TOKEN_STRING and closing.type == TOKEN_RPAREN)


def label_tables() -> dict[str, dict[str, str]]:
    """Interface labels that live in Python data tables rather than templates.

    They are shown through gettext like template strings, so the extraction
    (tasks.py: i18n) adds them to the catalog from here: declared once.
    """
    return {
        "STATE_LABELS": {**status.STATE_LABELS, FORWARDED: FORWARDED_LABEL},
        "AUDIENCES": dict(rules.AUDIENCES),
        "HANDLINGS": dict(rules.HANDLINGS),
        "OUTCOMES": dict(rules.OUTCOMES),
        "AGENCY_LEVELS": dict(rules.AGENCY_LEVELS),
        "BODY_KINDS": dict(rules.BODY_KINDS),
        "SUPERVISION_BODIES": dict(rules.SUPERVISION_BODIES),
        "REPORT_CYCLES": dict(cycles.CYCLES),
    }


def translated_labels(translations: gettext.NullTranslations) -> dict[str, dict[str, str]]:
    return {name: {key: translations.gettext(label) for key, label in table.items()}
            for name, table in label_tables().items()}


# --- Dates and numbers ------------------------------------------------------

@dataclass(frozen=True)
class Formats:
    short_date: Callable[[dt.date], str]
    long_date: Callable[[dt.date], str]
    number: Callable[[int], str]
    percent: Callable[[int, int], str]


def _english_percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


FORMATS = {
    # 05/7/2018, "ngày 5 tháng 7 năm 2018", 3.245, 78,7%: as in official letters.
    "vi": Formats(vietnamese.short_date, vietnamese.long_date, vietnamese.number, vietnamese.percent),
    # 5 Jul 2018, 5 July 2018, 3,245, 78.7%: day first, never the ambiguous 7/5/2018.
    # Babel formats are slow and a build shows few distinct days: each is formatted once.
    "en": Formats(lru_cache(maxsize=None)(lambda day: format_date(day, "d MMM y", locale="en")),
                  lru_cache(maxsize=None)(lambda day: format_date(day, "d MMMM y", locale="en")),
                  lru_cache(maxsize=4096)(lambda value: format_decimal(value, locale="en")),
                  _english_percent),
}


def formats(lang: str) -> Formats:
    try:
        return FORMATS[lang]
    except KeyError:
        raise I18nError(f"setting LANGUAGES: no date and number formats for {lang!r} "
                        f"(known: {', '.join(FORMATS)}); add them to FORMATS in i18n.py") from None


def catalog_digest(translations_dir: Path, lang: str) -> str:
    """A digest of a language's catalog folder: its strings are compiled into the templates."""
    return files_digest(catalog_path(translations_dir, lang).parent)
