"""Keeping the gettext catalogs in step with the templates (`invoke i18n`).

Pure: Babel and Jinja2, no Pelican. The interface's msgids are the Vietnamese
texts inside `_()` in theme/templates, plus the labels of i18n.label_tables().
Extraction writes theme/translations/messages.pot; each other language's
messages.po is updated from it (new msgids added with an empty msgstr,
vanished ones dropped) and then translated by hand.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from ..site import i18n

PROJECT = "Công khai"
# The same Jinja2 options as the build, so extraction parses what Pelican renders.
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true",
                 "newstyle_gettext": "true"}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}


def extract(templates_dir: Path) -> Catalog:
    """Every interface msgid, with where it comes from."""
    catalog = Catalog(project=PROJECT, locale=None, charset="utf-8", fuzzy=False)
    method_map = [("**.html", "jinja2.ext.babel_extract")]
    found = extract_from_dir(str(templates_dir), method_map=method_map,
                             options_map={"**.html": JINJA_OPTIONS}, keywords=KEYWORDS)
    for filename, lineno, message, comments, context in found:
        catalog.add(message, None, [(f"templates/{filename}", lineno)], auto_comments=comments,
                    context=context)
    for table, labels in i18n.label_tables().items():
        for key, label in labels.items():
            catalog.add(label, None, [(f"congkhai:{table}", 0)], auto_comments=[key])
    return catalog


def update(translations_dir: Path, templates_dir: Path, languages: list[str]) -> list[Path]:
    """Write messages.pot and bring every language's messages.po up to date; return the files."""
    translations_dir = Path(translations_dir)
    template = extract(templates_dir)
    pot = translations_dir / f"{i18n.DOMAIN}.pot"
    template.creation_date = _unchanged_date(pot, template) or template.creation_date
    written = [_write(pot, template)]
    for lang in languages:
        if lang == i18n.SOURCE_LANGUAGE:
            continue
        path = i18n.catalog_path(translations_dir, lang)
        if path.is_file():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=lang)
        else:
            catalog = Catalog(locale=lang, project=PROJECT, fuzzy=False)
        # No fuzzy matching: a guessed translation of a similar string is worse than none.
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        written.append(_write(path, catalog))
    return written


def untranslated(catalog_file: Path) -> list[str]:
    """msgids of a catalog that have no usable translation (empty or fuzzy)."""
    with Path(catalog_file).open("rb") as handle:
        catalog = read_po(handle)
    return [message.id for message in catalog
            if message.id and (not message.string or message.fuzzy)]


def _unchanged_date(pot: Path, template: Catalog):
    """The old creation date when nothing but the date would change: `invoke i18n` twice, no diff."""
    if not pot.is_file():
        return None
    with pot.open("rb") as handle:
        old = read_po(handle)
    def entries(catalog):
        # write_po sorts locations and drops line 0 (the label tables'): compare what is written.
        return [(m.id, sorted(loc for loc in m.locations if loc[1]), list(m.auto_comments)) for m in catalog]
    return old.creation_date if entries(old) == entries(template) else None


def _write(path: Path, catalog: Catalog) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        # No creation date or line width changes between runs: a stable diff.
        write_po(handle, catalog, width=0, omit_header=False, sort_output=False,
                 include_previous=False)
    return path
