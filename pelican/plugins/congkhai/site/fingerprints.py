"""What the incremental build fingerprints of the site: the site key, and the model digested once.

The mechanism (digests, records, reuse) is build/'s and knows nothing of the
model; this module says what of the site's model and settings a page depends on.
"""

from __future__ import annotations

import dataclasses
import operator
import re
import sys
from pathlib import Path

from ..build.fingerprint import Fingerprinter, code_version, files_digest, package_versions
from ..build.files import replace_file
from ..content.model import Item, Response
from ..domain.status import ItemStatus


# Settings that name where things go, not what pages say.
_PLACE_SETTINGS = {"OUTPUT_PATH", "PATH", "CACHE_PATH", "PREVIOUS_OUTPUT", "BUILD_CACHE",
                   "PLUGIN_PATHS", "THEME", "WRITE_SELECTED"}

# Installed packages whose code shapes what a page or a model object says: the templates'
# engine and escaping, Markdown and its sanitiser, dates and numbers, public holidays (deadlines),
# YAML (what a content file parses to). Upgrading one must not leave pages made by the old one.
OUTPUT_PACKAGES = ("pelican", "jinja2", "markupsafe", "markdown", "nh3", "babel", "holidays", "pyyaml")


def site_key(settings: dict, theme: Path, view) -> bytes:
    """What every page may depend on beyond its own context: code and packages, theme, settings, the day, totals.

    Item, session and group pages also read the reference tables (names of
    topics, agencies, communes) through the `content` global: they are in the key.
    Templates that read more of the site are listed by site_wide_templates.
    """
    chosen = {k: v for k, v in sorted(settings.items())
              if k.isupper() and k not in _PLACE_SETTINGS}
    content = view.content
    return Fingerprinter().digest((code_version(), sys.version, package_versions(OUTPUT_PACKAGES), files_digest(theme), chosen, view.as_of,
                                   content.topics, content.agencies, content.communes))


# A template that reads these globals depends on the whole site, not on its page's
# context: its pages are rendered on every build (they are few: home, dashboards, reports).
# view.session_of(item), view.status_of(item), view.session_figures(session) are per item: item_extra puts them
# into the item's fingerprint.
_SITE_WIDE = re.compile(r"(?<![\w.])(?:view(?!\.(?:session_of|status_of|session_figures)\b)|figures|congkhai"
                        r"|accountability_for|report_overdue|supervision_for_agency)(?![\w-])"
                        r"|(?<![\w.])content\.(?:items|responses|sessions|opinions)")
_FRAGMENT = re.compile(r"""fragment\(\s*["']([^"']+)["']\s*\)""")
_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)  # expressions and statements, not text or comments


def model_fingerprints(view, seeds) -> Fingerprinter:
    """A Fingerprinter that has digested every model object once (sessions with their
    opinions, items and responses; supervision records), made before anything forks:
    the page renderers and the file families inherit it, instead of each digesting
    the model again (about 0.35 s of CPU each at 20,000 items)."""
    # An item's status is a function of what its digest already covers, so the status is
    # named by its item instead of being walked field by field for each of the item's pages:
    # a seeded item's file and responses, with the site key (the day, the deadline settings,
    # the code and the holidays package); item_extra's values for an item walked field by field.
    seeds = {**(seeds or {}), **{id(view.status[item.id]): (b"ItemStatus\0", (item,)) for item in view.items}}
    fingerprints = Fingerprinter(item_extra(view), seeds)
    content = view.content
    for value in (*content.sessions, *content.responses, *content.supervision):
        fingerprints.digest(value)
    return fingerprints


def item_extra(view):
    """What an item's page lines show beyond the item itself: its status and its session's day
    (for an item digested field by field; a seeded one is named by what they are made of).

    The status goes in as a flat tuple of its fields, a response by its id (the item's
    responses are already in its digest): walking each status as an object cost as much
    as digesting the rest of the model."""
    fields_of = operator.attrgetter(*[f.name for f in dataclasses.fields(ItemStatus)])
    statuses, session_of = view.status, view.session_of

    def extra(value):
        if isinstance(value, Item):
            state = statuses.get(value.id)
            if state is not None:
                return (*[("response", v.id) if type(v) is Response else v for v in fields_of(state)],
                        session_of(value).date)
        return None
    return extra


def site_wide_templates(env, names) -> set[str]:
    """Templates (with everything they extend, include or import) that read site-wide globals."""
    from jinja2 import meta

    memo: dict[str, bool] = {}

    def reads_site(name: str) -> bool:
        if name not in memo:
            memo[name] = False  # cycles end here
            source = env.loader.get_source(env, name)[0]
            used = [n for n in meta.find_referenced_templates(env.parse(source)) if n]
            used += _FRAGMENT.findall(source)  # partials rendered once per language (pages.py fragment())
            code = " ".join(_CODE.findall(source))
            memo[name] = bool(_SITE_WIDE.search(code)) or any(reads_site(n) for n in used)
        return memo[name]

    return {name for name in names if reads_site(name + ".html")}


def stored_site_wide_templates(path: Path, key: bytes, env, names) -> set[str]:
    """site_wide_templates, kept between builds: parsing every template costs a rebuild about
    half a second, and the answer changes only with the theme or the code (both in the site key)."""
    names = frozenset(names)
    try:
        stored_key, stored_names, result = pickle.loads(path.read_bytes())
        if stored_key == key and stored_names == names:
            return result
    except Exception:  # missing, damaged or old: parse again
        pass
    result = site_wide_templates(env, names)
    replace_file(path, pickle.dumps((key, names, result), protocol=pickle.HIGHEST_PROTOCOL))
    return result


