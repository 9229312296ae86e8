"""The theme's Jinja environment for one build: escaping, one compiled set of templates per
language, the declared globals (site/globals.py) and the filters.

Imports Jinja and the rooms below site/; never Pelican: the generator hands in Pelican's
environment and its own table of loaded templates is swapped per language through
`Languages.install`.
"""

from __future__ import annotations

import gettext
from pathlib import Path
from typing import Callable

from jinja2.utils import LRUCache
from markupsafe import Markup

from ..build import provenance
from ..content import rules
from ..domain import status
from ..vietnamese import long_date, number, percent, short_date, sort_key
from . import i18n, markup, printable, templating, urls
from .views import FORWARDED, FORWARDED_LABEL, SiteView

TEMPLATE_CACHE = 400  # compiled templates kept in memory per language (the theme has about 40)


def prepare(env) -> i18n.ConstantGettext:
    """Settings every template must be compiled with; before any template loads.

    Titles, names and other plain fields are people's text: every {{ value }} is
    HTML-escaped unless it is Markup (markup.py's sanitised HTML). Pelican's Jinja
    environment does not escape by default. Templates do not change during a build:
    no stat() of every include on every page."""
    env.autoescape = True
    env.auto_reload = False
    env.add_extension(i18n.ConstantGettext)
    if "jinja2.ext.i18n" not in env.extensions:
        env.add_extension("jinja2.ext.i18n")
    env.install_null_translations(newstyle=True)
    templating.install(env)
    return env.extensions[i18n.ConstantGettext.identifier]


def filters(view: SiteView) -> dict[str, Callable]:
    return {
        "markdown": view.markdown.html,
        "plain": view.markdown.plain,
        "short_date": short_date,
        "long_date": long_date,
        "number": number,
        "upper_first": lambda text: text[:1].upper() + text[1:],
        "safe_url": markup.attribute_url,  # every URL a template writes into href or src
        "vnsort": lambda entries, attribute="name": sorted(entries, key=lambda e: sort_key(getattr(e, attribute))),
    }


def site_globals(view: SiteView, options: dict) -> dict[str, object]:
    """The globals that are the same in every language (site/globals.py says what each is);
    the search page's (search_data, search_url, the search_terms filter) come from search/,
    which the generator adds."""
    return {
        "view": view,
        "content": view.content,
        "as_of": view.as_of,
        "figures": view.figures,
        "options": options,
        "SITE_ISSUER": view.site_issuer,
        "SITE_HEADING": view.site_heading,
        "report_issuer": view.report_issuer,
        "percent": percent,
        "item_url": urls.item_url,
        "answer_collection": urls.answer_collection,
        "session_url": urls.session_url,
        "group_url": urls.group_url,
        "status_url": urls.status_url,
        "report_url": urls.report_url,
        "body_url": urls.body_url,
        "body_items_url": urls.body_items_url,
        "body_report_url": urls.body_report_url,
        "status_of": view.status_of,
        "session_of": view.session_of,
        "session_figures": view.session_figures,
        "history_url": lambda path: provenance.history_url(
            options["REPO_URL"], options["REPO_BRANCH"], path, options["REPO_HISTORY_PATTERN"]),
        "qr_code": printable.qr_code,
        "supervisor": view.supervisor,  # who supervised, by the record, the bodies and SITE_BODY
        "SUPERVISION_BODIES": rules.SUPERVISION_BODIES,
        "STATE_LABELS": {**status.STATE_LABELS, FORWARDED: FORWARDED_LABEL},
        "STATES": status.STATES,
        "FORWARDED": FORWARDED,
        "AUDIENCES": rules.AUDIENCES,
        "HANDLINGS": rules.HANDLINGS,
        "OUTCOMES": rules.OUTCOMES,
        "AGENCY_LEVELS": rules.AGENCY_LEVELS,
    }


def language_globals(lang: str, languages: list[str], siteurl: str, translations: gettext.NullTranslations,
                     fragment: Callable[[str], Markup]) -> dict[str, object]:
    """The globals of one language: its URLs, numbers and labels (STATE_LABELS… translated)."""
    return {
        "fragment": fragment,
        "url": lambda path="": f"{siteurl}/{i18n.localise(path, lang, languages)}",
        "language_url": lambda other, path="": f"{siteurl}/{i18n.localise(path, other, languages)}",
        "percent": i18n.formats(lang).percent,
        "lang": lang,
        "LANGUAGES": languages,
        "LANGUAGE_NAMES": i18n.LANGUAGE_NAMES,
        **i18n.translated_labels(translations),
    }


# The globals the environment holds for the length of a build (removed by Languages.release).
BUILD_GLOBALS = ("view", "content", "figures", "status_of", "session_of", "session_figures", "search_data")


class Languages:
    """The templates of every interface language, each compiled once with its own text.

    Templates are compiled per language, with constant `_('…')` as text
    (i18n.ConstantGettext): one Jinja cache and one table of loaded templates per
    language. Every catalog is read when this is made, so a missing one stops the
    build before anything is written."""

    def __init__(self, env, extension: i18n.ConstantGettext, translations_dir: Path, languages: list[str],
                 siteurl: str, code: str, render_context: dict, cache_dir: Path | None):
        self.env, self.extension, self.languages, self.siteurl = env, extension, languages, siteurl
        self.render_context = render_context  # what a fragment is rendered with
        self.translations = {lang: i18n.load_translations(translations_dir, lang) for lang in languages}
        self.gettexts = {lang: i18n.template_gettext(t) for lang, t in self.translations.items()}
        # What compiled templates depend on beyond their source (Jinja checks that): the
        # catalog, whose strings are compiled in, and this plugin's code (ConstantGettext).
        self.compiled_keys = {lang: i18n.catalog_digest(translations_dir, lang) + code for lang in languages}
        self.caches: dict[str, LRUCache] = {}
        self.tables: dict[str, dict] = {}  # lang -> the generator's table of loaded templates
        self.fragments: dict[str, dict[str, Markup]] = {}  # lang -> partial -> its markup
        if cache_dir:  # compiled templates kept between builds
            env.bytecode_cache = i18n.LanguageBytecodeCache(cache_dir / "templates", extension)

    def install(self, lang: str) -> dict:
        """Make `lang` the environment's language; the table of templates loaded in it."""
        env, translations = self.env, self.translations[lang]
        env.install_gettext_translations(translations, newstyle=True)
        env.globals["_"] = self.gettexts[lang]  # same output as the extension's `_`, cheaper
        self.extension.use(self.gettexts[lang], f"{lang}:{self.compiled_keys[lang]}")
        env.cache = self.caches.setdefault(lang, LRUCache(TEMPLATE_CACHE))
        formats = i18n.formats(lang)
        env.filters.update({"short_date": formats.short_date, "long_date": formats.long_date,
                            "number": formats.number})
        env.globals.update(language_globals(lang, self.languages, self.siteurl, translations,
                                            self._fragment(lang)))
        return self.tables.setdefault(lang, {})

    def _fragment(self, lang: str) -> Callable[[str], Markup]:
        fragments = self.fragments.setdefault(lang, {})

        def fragment(name: str) -> Markup:
            """A partial that reads no page value (header, footer), rendered once per language:
            at province scale it would otherwise be rendered again for each of 40,000 pages."""
            found = fragments.get(name)
            if found is None:
                found = fragments[name] = Markup(self.env.get_template(name).render(self.render_context))
            return found
        return fragment

    def release(self) -> None:
        """Let go of every compiled template and of what the globals hold of the model."""
        self.caches.clear()
        self.tables.clear()
        self.env.cache = LRUCache(TEMPLATE_CACHE)
        for name in ("markdown", "plain"):
            self.env.filters.pop(name, None)
        for name in BUILD_GLOBALS:
            self.env.globals.pop(name, None)
