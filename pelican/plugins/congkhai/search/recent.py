"""The recent bundle: what an incremental build re-indexes instead of a whole settled bundle.

Imports search/page.py (the bundle names) only; pure planning from plain data. A settled
bundle (one of search/page.py's plan: whole sessions) is indexed afresh only when the build
has no record of it; otherwise the pages that changed since it was indexed, and the pages
added to its sessions, are indexed on their own into /pagefind/recent/, and their old copies
in the settled bundle are listed as stale in /pagefind/recent.json (by the page ids the
browser's results carry, with the filter values each old copy counts under). The search page
(theme/static/js/search.js) queries the recent bundle with the settled ones, drops the stale
results and takes their filter values off the counts: the reader finds what a clean index of
the same pages finds, in the same order. An edited answer then costs the index its two or
three pages (the item's, its session's) instead of its bundle's thousands.

One difference remains, Pagefind's: a query word that no word of a bundle begins with is
matched by the longest word of that bundle it begins with (find_word_extensions in its
search.rs), so a word the few recent pages lack can bring them in by a shorter word («đường»
by «đ»), and a word only the edit brought finds its bundle's old copy's neighbours the same
way. A clean index split into bundles has the same trait; the index itself (every page's
words, filters and sort keys) is the clean one's, which tests/build/test_incremental.py checks.

Once more than SEARCH_RECENT_PAGES pages are recent, every settled bundle that changed is
indexed afresh and the recent bundle is empty again. A clean build (no BUILD_CACHE, or no
record for the folder) has no recent bundle: its recent.json says so, and the published
site is the same on every machine.

A shard of a sharded build is a set of whole sessions too: each of its bundles is one of
the plan's, indexed afresh on the shard's machine (a shard has no record), so the merge
step lists the shards' bundles in the plan's order with an empty recent.json.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .page import INDEXED_FOLDERS, LIST_PAGES, RECENT, Bundle
from .page import RECENT_MANIFEST as MANIFEST

__all__ = ["MANIFEST", "RECENT", "IndexPlan", "current_pages", "manifest", "plan_index"]
NONE = {"recent": None, "stale": []}  # a clean index: nothing laid over the settled bundles


def signature(entry) -> str:
    """A page as the build's page record knows it (fingerprint, size, mtime_ns): written again,
    it has a new time; left alone or hard-linked from the last build, it keeps its own."""
    _, size, mtime_ns = entry
    return f"{size}:{mtime_ns}"


def current_pages(plan: list[Bundle], pages: dict) -> dict[str, dict[str, str]]:
    """{bundle folder: {page target: signature}}: the indexed pages each bundle's sessions hold now.
    pages: the build's page record, {target: (fingerprint, size, mtime_ns)}."""
    by_session: dict[str, dict[str, str]] = {}
    for target, entry in pages.items():
        parts = target.split("/")
        # noi-dung/<session>/…: not the folders' own lists, nor their later pages (doi-thoai/trang/2/)
        if len(parts) > 2 and parts[0] in INDEXED_FOLDERS and parts[1] != LIST_PAGES:
            by_session.setdefault(parts[1], {})[target] = signature(entry)
    return {bundle.folder: {target: sig for session in (bundle.sessions or sorted(by_session))
                            for target, sig in sorted(by_session.get(session, {}).items())}
            for bundle in plan}


@dataclass(frozen=True)
class IndexPlan:
    """What one build indexes: bundles afresh, bundles kept, the recent pages and the stale ids."""
    fresh: tuple[Bundle, ...] = ()
    kept: tuple[Bundle, ...] = ()
    recent: tuple[str, ...] = ()  # page targets, in the order of their paths
    stale: dict[str, dict[str, str]] = field(default_factory=dict)  # {kept folder: {target: old page id}}


def plan_index(plan: list[Bundle], current: dict, recorded: dict, stamps: dict, limit: int) -> IndexPlan:
    """Decide what to index. recorded: {folder: {"stamp", "pages": {target: [signature, page id]}}}
    of the folder's last index; stamps: {folder: what its index is made with now}; limit:
    SEARCH_RECENT_PAGES. A bundle with no record, or one made otherwise, is indexed afresh."""
    fresh, kept, changes, stale = [], [], {}, {}
    for bundle in plan:
        entry = recorded.get(bundle.folder)
        if not isinstance(entry, dict) or entry.get("stamp") != stamps[bundle.folder]:
            fresh.append(bundle)
            continue
        old, now = entry["pages"], current[bundle.folder]
        changed = [target for target, sig in now.items() if old.get(target, [None])[0] != sig]
        gone = {target: old[target][1] for target in old
                if old[target][1] and now.get(target) != old[target][0]}
        kept.append(bundle)
        if changed or gone:
            changes[bundle.folder] = changed
        if gone:
            stale[bundle.folder] = gone
    recent = sorted(target for changed in changes.values() for target in changed)
    if len(recent) > limit:  # too many to lay over: the bundles that changed are indexed again
        fresh = [bundle for bundle in plan if bundle in fresh or bundle.folder in changes]
        return IndexPlan(tuple(fresh), tuple(b for b in kept if b.folder not in changes))
    return IndexPlan(tuple(fresh), tuple(kept), tuple(recent), stale)


def manifest(plan: list[Bundle], stale_filters: dict[str, dict[str, dict]], recent: bool) -> bytes:
    """recent.json: the recent bundle's script (relative to this file) or null, and per bundle of
    the plan, in the search page's order, {page id: its filters} of the copies the browser drops."""
    if not recent and not stale_filters:
        data = NONE
    else:
        data = {"recent": "recent/pagefind.js" if recent else None,
                "stale": [stale_filters.get(bundle.folder, {}) for bundle in plan]}
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
