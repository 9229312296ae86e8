"""Model objects fingerprinted by the file they came from (model.source_versions) instead of
field by field: a page may be reused only if walking its objects would have said the same."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from pelican.plugins.congkhai.build.fingerprint import Fingerprinter
from pelican.plugins.congkhai.content.model import Session, assemble
from pelican.plugins.congkhai.site.fingerprints import source_versions
from pelican.plugins.congkhai.site import fingerprints
from pelican.plugins.congkhai.site.fingerprints import model_fingerprints, site_key
from pelican.plugins.congkhai.content.validation import validate_tree
from pelican.plugins.congkhai.site.views import SiteView
from tests.helpers import ROOT


def _load(content, cache):
    checks, problems = validate_tree(content, {"AS_OF": dt.date(2018, 7, 5)}, cache, model=True)
    assert problems == []
    model = assemble((c.kind, c.model) for c in checks)
    return model, source_versions(checks)


def _objects(model) -> dict[tuple, object]:
    """Every model object a page may show, by what names it from one build to the next."""
    found = {}
    for session in model.sessions:
        found["session", session.id] = session
        for opinion in session.opinions:
            found["opinion", session.id, opinion.no] = opinion
            for item in opinion.items:
                found["item", item.id] = item
    found.update({("response", r.id): r for r in model.responses})
    found.update({("supervision", s.id): s for s in model.supervision})
    return found


def _digests(model, seeds) -> dict[tuple, bytes]:
    fingerprints = Fingerprinter(seeds=seeds)
    return {name: fingerprints.digest(value) for name, value in _objects(model).items()}


def _append(path, text):
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + text, encoding="utf-8")


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """The sample content, then the same with an answer, a session and a supervision record edited."""
    root = tmp_path_factory.mktemp("seeds")
    content, cache = root / "content", root / "cache"
    shutil.copytree(ROOT / "content", content)
    before = _load(content, cache)
    responses = sorted((content / "responses").rglob("*.md"))
    _append(responses[7], "\n\nĐã kiểm tra lại tại hiện trường.\n")
    session = sorted((content / "sessions").rglob("*.yaml"))[3]
    text = session.read_text(encoding="utf-8")
    session.write_text(text.replace("attendance: ", "attendance: 1", 1), encoding="utf-8")
    _append(sorted((content / "supervision").glob("*.md"))[0], "\n\nĐoàn đã làm việc lần hai.\n")
    after = _load(content, cache)  # the unchanged files come from the cache, as in a rebuild
    return before, after, session.stem


def test_seeds_cover_every_object_read_from_a_file(two_builds):
    (model, seeds), _, _ = two_builds
    assert {id(value) for value in _objects(model).values()} <= seeds.keys()


def test_an_object_named_the_same_would_have_walked_the_same(two_builds):
    """The promise a reused page rests on: seeded digest unchanged => walked digest unchanged."""
    (model_a, seeds_a), (model_b, seeds_b), _ = two_builds
    seeded_a, seeded_b = _digests(model_a, seeds_a), _digests(model_b, seeds_b)
    walked_a, walked_b = _digests(model_a, None), _digests(model_b, None)
    assert seeded_a.keys() == seeded_b.keys()
    same_name = [name for name in seeded_a if seeded_a[name] == seeded_b[name]]
    assert [name for name in same_name if walked_a[name] != walked_b[name]] == []
    # and the edits did show, both ways: no seed hides a change a walk finds
    walked_changed = {name for name in walked_a if walked_a[name] != walked_b[name]}
    seeded_changed = {name for name in seeded_a if seeded_a[name] != seeded_b[name]}
    assert walked_changed and walked_changed <= seeded_changed


def test_a_session_file_edited_renames_its_objects_and_no_others(two_builds):
    (model_a, seeds_a), (model_b, seeds_b), session_id = two_builds
    seeded_a, seeded_b = _digests(model_a, seeds_a), _digests(model_b, seeds_b)
    changed = {name for name in seeded_a if seeded_a[name] != seeded_b[name]}
    sessions = {name[1] for name in changed if name[0] == "session"}
    # the edited session, and the session whose item got the edited answer
    assert session_id in sessions and len(sessions) == 2
    assert len([name for name in changed if name[0] == "response"]) == 1
    assert len([name for name in changed if name[0] == "supervision"]) == 1


def test_a_seeded_object_is_named_by_its_seed_alone():
    """What extra() adds to an object walked field by field (an item's status) is, for a seeded one,
    a function of its seed and the site key: the seed stands for it, and extra() is not asked."""
    session = Session("s", "t", None, "p", "c", "a", [], 1, "", [], "x.yaml")
    seeds = {id(session): (b"Session\0key", ())}
    plain = Fingerprinter(seeds=seeds).digest(session)
    overdue = Fingerprinter(lambda value: "quá hạn" if value is session else None, seeds).digest(session)
    assert plain == overdue
    walked = [Fingerprinter(lambda value: extra if value is session else None).digest(session)
              for extra in ("quá hạn", "trong hạn")]
    assert walked[0] != walked[1]


def test_without_the_cache_nothing_is_seeded(tmp_path):
    checks, _ = validate_tree(ROOT / "content", {"AS_OF": dt.date(2018, 7, 5)}, None, model=True)
    assemble((c.kind, c.model) for c in checks)
    assert source_versions(checks) == {}


def test_a_status_named_by_its_item_changes_when_walking_it_would(tmp_path):
    """model_fingerprints names each item's status by the item, whose seed covers its file and
    responses; the rest of what makes a status (the day, the deadline settings) is in the site key.
    So a status that walks differently comes with another item digest or another site key."""
    model, seeds = _load(ROOT / "content", tmp_path / "cache")
    early, late = SiteView(model, dt.date(2018, 7, 5)), SiteView(model, dt.date(2019, 7, 5))
    walked = [Fingerprinter(), Fingerprinter()]
    changed = {item.id for item in early.items
               if walked[0].digest(early.status[item.id]) != walked[1].digest(late.status[item.id])}
    assert changed and changed != {item.id for item in early.items}  # a year later, some statuses moved
    named = [model_fingerprints(view, seeds) for view in (early, late)]
    assert all(named[0].digest(early.status[item.id]) == named[1].digest(late.status[item.id])
               for item in early.items)  # named by the item's file: the same...
    theme = ROOT / "theme"
    assert site_key({}, theme, early) != site_key({}, theme, late)  # ...but the day is in every page's key
    assert site_key({}, theme, early) != site_key({"DEFAULT_DUE": 30}, theme, early)  # and deadline settings


def test_the_site_key_follows_the_packages_that_shape_pages(monkeypatch):
    """An upgraded Markdown, sanitiser or holidays package may change pages and statuses that no
    content file changed: the site key (and so every page's fingerprint) changes with it."""
    view = SiteView(assemble([]), dt.date(2018, 7, 5))
    before = site_key({}, ROOT / "theme", view)
    assert {"markdown", "nh3", "holidays", "pyyaml", "jinja2", "babel", "zxing-cpp"} <= set(fingerprints.OUTPUT_PACKAGES)
    real = fingerprints.package_versions(fingerprints.OUTPUT_PACKAGES)
    monkeypatch.setattr(fingerprints, "package_versions", lambda names: (*real[:-1], "pyyaml==99"))
    assert site_key({}, ROOT / "theme", view) != before
