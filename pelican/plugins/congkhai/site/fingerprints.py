"""What the incremental build fingerprints of the site: the site key, and the model digested once.

The mechanism (digests, records, reuse) is build/'s and knows nothing of the
model; this module says what of the site's model and settings a page depends on.
"""

from __future__ import annotations

import dataclasses
import operator
import sys
from pathlib import Path

from ..build.fingerprint import Fingerprinter, code_version, files_digest, package_versions
from ..content.model import Item, Response, Session, Supervision
from ..domain.status import ItemStatus

# Settings that name where things go, or which part of the site a build makes, not what pages say.
_PLACE_SETTINGS = {"OUTPUT_PATH", "PATH", "CACHE_PATH", "PREVIOUS_OUTPUT", "BUILD_CACHE", "PLUGIN_PATHS", "THEME",
                   "WRITE_SELECTED", "BUILD_SHARD", "MERGE_SHARDS"}

# Installed packages whose code shapes what a page or a model object says: the templates'
# engine and escaping, Markdown and its sanitiser, dates and numbers, public holidays (deadlines),
# YAML (what a content file parses to), the reports' QR codes. Upgrading one must not leave pages made by the old one.
OUTPUT_PACKAGES = ("pelican", "jinja2", "markupsafe", "markdown", "nh3", "babel", "holidays", "zxing-cpp", "pyyaml")


def site_key(settings: dict, theme: Path, view) -> bytes:
    """What every page may depend on beyond its own context: code and packages, theme, settings, the day, totals.

    Item, session and group pages also read the reference tables (names of
    topics, agencies, communes) through the `content` global: they are in the key.
    Pages whose templates read more of the site are rendered on every build (their
    context says `site_wide`, site/contexts.py).
    """
    chosen = {k: v for k, v in sorted(settings.items())
              if k.isupper() and k not in _PLACE_SETTINGS}
    content = view.content
    return Fingerprinter().digest((code_version(), sys.version, package_versions(OUTPUT_PACKAGES), files_digest(theme), chosen, view.as_of,
                                   content.topics, content.agencies, content.communes, content.bodies))


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
    # A handover, read from another file, changes where an item is listed and whom it is with:
    # the item's digest follows the handovers that passed it on.
    for item_id, passed in view.transfers.items():
        key = id(view.content.items[item_id])
        if key in seeds:
            own, joined = seeds[key]
            seeds[key] = (own, (*joined, *passed))
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
    statuses, session_of, transfers = view.status, view.session_of, view.transfers

    def extra(value):
        if isinstance(value, Item):
            state = statuses.get(value.id)
            if state is not None:
                return (*[("response", v.id) if type(v) is Response else v for v in fields_of(state)],
                        session_of(value).date, *transfers.get(value.id, ()))
        return None
    return extra


def source_versions(parts) -> dict[int, tuple[bytes, tuple]]:
    """What each joined model object is made of, for build/fingerprint.Fingerprinter's seeds:
    id(object) -> (its own part, the objects joined into it).

    A model object is a function of the file it was read from (its bytes, path and
    kind: validation.Checked.source_key) and the code, with one exception: assemble
    adds each item's responses, read from other files. So an object is named by
    its file's key and its place in the file, followed by the objects joined into
    it, instead of walking its fields on every build. Parts without a key (built
    without the cache) get no seed and are walked field by field.
    """
    seeds: dict[int, tuple[bytes, tuple]] = {}
    for part in parts:
        model, key = part.model, part.source_key
        if not key or model is None:
            continue
        if isinstance(model, Session):
            seeds[id(model)] = (b"Session\0" + key, tuple(model.opinions))
            for opinion in model.opinions:
                seeds[id(opinion)] = (b"Opinion\0%s\0%d" % (key, opinion.no), tuple(opinion.items))
                for item in opinion.items:
                    seeds[id(item)] = (b"Item\0" + key + b"\0" + item.id.encode(), tuple(item.responses))
        elif isinstance(model, (Response, Supervision)):
            seeds[id(model)] = (type(model).__name__.encode() + b"\0" + key, ())
    return seeds
