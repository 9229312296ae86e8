"""An incremental build (BUILD_CACHE, previous output hard-linked) equals a clean build,
byte for byte, and rewrites only the pages whose bytes changed.

Small synthetic province (benchmarks/generate.py, 120 items) so it stays fast in CI.
"""

from __future__ import annotations

import contextlib
import datetime
import filecmp
import importlib.util
import json
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml

from tests.helpers import ROOT, build_site, bundle_urls, search_bundles, searchable

AS_OF = "2018-07-05"
FIXED = {"BUILD_COMMIT": "test"}  # the same build stamp in every build compared here


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pages(folder: Path) -> dict[str, os.stat_result]:
    """Every file of the build but the search index (Pagefind names its chunks anew each run)."""
    return {p.relative_to(folder).as_posix(): p.stat() for p in folder.rglob("*")
            if p.is_file() and not p.relative_to(folder).as_posix().startswith("pagefind/")}


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """A: cached build of the tree; B: after one answer was edited, built reusing A; C: same tree, clean."""
    root = tmp_path_factory.mktemp("incremental")
    site, cache = root / "site", root / "cache"
    _generator().generate(site / "content", 120)
    cached = {**FIXED, "BUILD_CACHE": True, "CACHE_PATH": str(cache)}
    build_site(site, root / "A", AS_OF, cached)
    before = _pages(root / "A")
    before_bytes = {path: (root / "A" / path).read_bytes() for path in before}
    before_index = {p.relative_to(root / "A").as_posix(): p.read_bytes() for p in (root / "A" / "pagefind").rglob("*")
                    if p.is_file()}

    response = sorted((site / "content" / "responses").rglob("*.md"))[3]
    text = response.read_text(encoding="utf-8")
    response.write_text(text.rstrip("\n") + "\n\nĐã kiểm tra lại, đường đã thông xe.\n", encoding="utf-8")

    # A supervision record naming an item of another session: its page must change too,
    # though none of its own files did (the record reaches it only through its timeline).
    supervised = sorted((site / "content" / "sessions").rglob("*.yaml"))[-1]
    supervised_item = f"{supervised.stem}/1.1"
    (site / "content" / "supervision").mkdir(exist_ok=True)
    (site / "content" / "supervision" / "2018-06-01-hdnd-kiem-tra.md").write_text(
        f'---\ntitle: Giám sát việc trả lời kiến nghị\ndate: 2018-06-01\nbody: hdnd\n'
        f'items:\n  - "{supervised_item}"\n---\n\nĐoàn giám sát đã làm việc với các cơ quan.\n', encoding="utf-8")

    # The question of an item with a published answer, edited in its session file: the
    # answer's feed entries and the item's data rows are kept between builds (rowcache.py)
    # and must follow (an entry shows its item's question).
    question_edited = _edit_question_of(sorted((site / "content" / "responses").rglob("*.md"))[10],
                                        site / "content" / "sessions", QUESTION_ADDED)

    result = build_site(site, root / "B", AS_OF, {**cached, "PREVIOUS_OUTPUT": str(root / "A")})
    build_site(site, root / "C", AS_OF, FIXED)
    return root, response, before, {**before_bytes, **before_index}, result.stdout, supervised_item, question_edited


QUESTION_ADDED = "Người dân đề nghị trả lời sớm."


def _edit_question_of(response: Path, sessions: Path, added: str) -> str:
    """Append a sentence to the text of the item a response answers; its id."""
    item_id = yaml.safe_load(response.read_text(encoding="utf-8").split("---")[1])["item"]
    session_id, number = item_id.split("/")
    opinion_no, item_no = (int(n) for n in number.split("."))
    with _editing(_session_file(sessions, session_id)) as session:
        opinion = next(o for o in session["opinions"] if o["stt"] == opinion_no)
        item = next(i for i in opinion["items"] if i["stt"] == item_no)
        item["text"] = item["text"].rstrip() + " " + added
    return item_id


def _session_file(sessions: Path, session_id: str) -> Path:
    """A session's file, in its body's folder."""
    return next(sessions.glob(f"*/{session_id}.yaml"))


@contextlib.contextmanager
def _editing(path: Path):
    """A session file's data, to change in the block; written back after it."""
    session = yaml.safe_load(path.read_text(encoding="utf-8"))
    yield session
    path.write_text(yaml.safe_dump(session, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_incremental_build_equals_clean_build(builds):
    root, *_ = builds
    b, c = _pages(root / "B"), _pages(root / "C")
    assert sorted(b) == sorted(c)
    different = [path for path in b if not filecmp.cmp(root / "B" / path, root / "C" / path, shallow=False)]
    assert different == []


def test_only_pages_whose_bytes_changed_are_new_files(builds):
    root, response, before, before_bytes, _, supervised_item, _ = builds
    after = _pages(root / "B")
    changed = {path for path in after
               if path in before_bytes and (root / "B" / path).read_bytes() != before_bytes[path]}
    new_files = {path for path, stat in after.items()
                 if path in before and stat.st_ino != before[path].st_ino}
    # the edited answer shows on its item page (in each language), so something changed ...
    session, number = response.parent.name, response.stem.split("-")[0]
    item_page = f"noi-dung/{session}/{number.replace('.', '-')}/index.html"
    assert item_page in changed
    session_id, item_no = supervised_item.split("/")
    assert f"noi-dung/{session_id}/{item_no.replace('.', '-')}/index.html" in changed
    # ... and exactly the changed pages among Công khai's pages got a new file;
    # the others are the previous build's files, hard-linked.
    page_like = {path for path in after if path.endswith("index.html")}
    assert new_files & page_like == changed & page_like
    assert len(page_like - new_files) > 0.8 * len(page_like)


def test_previous_build_is_never_written_through(builds):
    root, _, before, before_bytes, *_ = builds
    for path in before_bytes:  # its pages, and its search index, whose bundle B took as its own
        assert (root / "A" / path).read_bytes() == before_bytes[path], path


def test_a_fresh_folder_keeps_the_previous_folders_search_bundle_and_indexes_only_what_changed(builds):
    root, response, _, _, stdout, *_ = builds
    found = re.search(r"congkhai: search index: .* \(kept; (\d+) recent pages? indexed\)", stdout)
    assert found, stdout
    recent = bundle_urls(root / "B", "pagefind/recent")
    session, number = response.parent.name, response.stem.split("-")[0]
    assert f"/noi-dung/{session}/{number.replace('.', '-')}/" in recent and len(recent) == int(found.group(1)) < 30
    # the bundle is the previous folder's very files, linked; the recent bundle is B's own
    entry = "pagefind/pagefind-entry.json"
    assert (root / "B" / entry).stat().st_ino == (root / "A" / entry).stat().st_ino
    assert not (root / "A" / "pagefind" / "recent").exists()
    # and a reader finds what a clean build's index finds, the edited answer's words included
    index = searchable(root / "B")
    assert index == searchable(root / "C")
    assert any("Đã kiểm tra lại, đường đã thông xe." in page["content"] for page in index.values())


def test_summary_line_counts_reused_pages(builds):
    _, _, _, _, stdout, *_ = builds
    line = re.search(r"congkhai: (\S+) items, (\S+) pages in .*?(\S+) written, (\S+) unchanged, (\S+) reused",
                     stdout)
    assert line, stdout
    assert line.group(1) == "120"
    assert int(line.group(5).replace(",", "")) > 0


def test_an_edited_answer_changes_its_feeds_and_data_files(builds):
    """Feed entries are written once per build for every feed they are in: the edit must reach each."""
    root, _, before, before_bytes, *_ = builds
    added = "Đã kiểm tra lại, đường đã thông xe."
    files = [path for path in _pages(root / "B") if path.endswith(("atom.xml", ".csv", ".json", ".xml"))]
    showing = [path for path in files if added in (root / "B" / path).read_text(encoding="utf-8")]
    assert "du-lieu/responses.csv" in showing
    assert any(path.endswith("atom.xml") for path in showing), showing
    for path in showing:
        assert (root / "B" / path).read_bytes() != before_bytes[path], path


def test_an_edited_question_reaches_the_feed_entries_and_rows_kept_between_builds(builds):
    root, *_, question_edited = builds
    feeds = [path for path in _pages(root / "B") if path.endswith("atom.xml")]
    assert any(QUESTION_ADDED in (root / "B" / path).read_text(encoding="utf-8") for path in feeds)
    for table in ("du-lieu/items.csv", "du-lieu/open311/requests.xml"):
        assert QUESTION_ADDED in (root / "B" / table).read_text(encoding="utf-8"), table
        assert (root / "B" / table).read_bytes() == (root / "C" / table).read_bytes(), table


def test_a_previous_output_gone_since_leaves_the_build_in_place(tmp_path):
    """PREVIOUS_OUTPUT naming a folder that is not there: the build reuses the output's own pages,
    as a build in place does, and removes what its last build made and this one did not."""
    site = tmp_path / "site"
    _generator().generate(site / "content", 40)
    cached = {**FIXED, "BUILD_CACHE": True, "CACHE_PATH": str(tmp_path / "cache")}
    build_site(site, tmp_path / "out", AS_OF, cached)
    (tmp_path / "out" / "left-by-no-build.txt").write_text("x", encoding="utf-8")  # not the build's: kept
    stale = next(p for p in sorted((tmp_path / "out" / "noi-dung").rglob("index.html")))
    removed = sorted((site / "content" / "sessions").rglob("*.yaml"))[0]
    removed.unlink()
    shutil.rmtree(site / "content" / "responses" / removed.relative_to(site / "content" / "sessions").with_suffix(""),
                  ignore_errors=True)
    assert removed.stem in stale.as_posix()
    result = build_site(site, tmp_path / "out", AS_OF, {**cached, "PREVIOUS_OUTPUT": str(tmp_path / "gone")})
    reused = re.search(r"([\d,]+) reused\)", result.stdout)
    assert reused and int(reused.group(1).replace(",", "")) > 0, result.stdout
    assert not stale.exists()  # the taken-out session's pages are gone
    assert (tmp_path / "out" / "left-by-no-build.txt").exists()


# `invoke build` with the cache: the first cached build fills a fresh folder with hard
# links (above); from then on each build updates the spare folder in place and swaps it in.

@pytest.fixture(scope="module")
def task_builds(tmp_path_factory):
    """Three cached builds through tasks.build_into: cold; after one edit (fresh folder,
    hard links); after another edit and a session taken out (in place, in the spare)."""
    from invoke import Config, Context

    import tasks

    root = tmp_path_factory.mktemp("in-place")
    site = root / "site"
    _generator().generate(site / "content", 120)
    (site / "pelicanconf.py").write_text(  # the project's settings, with its theme and a fixed build stamp
        f"import runpy\nglobals().update({{k: v for k, v in runpy.run_path({str(ROOT / 'pelicanconf.py')!r}).items()"
        f" if k.isupper()}})\nTHEME = {str(ROOT / 'theme')!r}\nBUILD_COMMIT = 'test'\n", encoding="utf-8")
    c = Context(Config(overrides={"run": {"in_stream": False, "hide": True}}))
    output, spare = site / "output", site / "output.spare"
    responses = sorted((site / "content" / "responses").rglob("*.md"))

    def build():
        with c.cd(str(site)):
            tasks.build_into(c, output, settings="pelicanconf.py", as_of=AS_OF, cache=True)

    build()
    first, first_folder = _pages(output), output.stat().st_ino
    responses[5].write_text(responses[5].read_text(encoding="utf-8") + "\nĐã kiểm tra lần hai.\n", encoding="utf-8")
    build()
    assert spare.exists()  # the cold build's folder, kept to be updated in place next time
    second = {path: (output / path).read_bytes() for path in _pages(output)}
    responses[40].write_text(responses[40].read_text(encoding="utf-8") + "\nĐã xong.\n", encoding="utf-8")
    removed = sorted((site / "content" / "sessions").rglob("*.yaml"))[0]
    removed.unlink()
    # its answers, in the folder its session is in (its body's), under responses/
    shutil.rmtree(site / "content" / "responses" / removed.relative_to(site / "content" / "sessions").with_suffix(""),
                  ignore_errors=True)
    build()
    build_site(site, root / "clean", AS_OF, FIXED)
    assert output.stat().st_ino == first_folder  # the third build was made in the cold build's folder
    return root, site, first, second, removed.stem


def test_a_build_in_the_spare_equals_a_clean_build(task_builds):
    root, site, *_ = task_builds
    built, clean = _pages(site / "output"), _pages(root / "clean")
    assert sorted(built) == sorted(clean)  # the taken-out session's pages are gone
    assert [p for p in built if not filecmp.cmp(site / "output" / p, root / "clean" / p, shallow=False)] == []
    # the search index finds what a clean one finds: the taken-out session's pages too are gone
    assert searchable(site / "output") == searchable(root / "clean")


def test_a_build_in_place_touches_only_what_changed(task_builds):
    root, site, first, second, removed = task_builds
    after = _pages(site / "output")
    assert not [path for path in after if removed in path]
    kept = [path for path in after if path in first and after[path].st_ino == first[path].st_ino]
    pages = [path for path in after if path.endswith("index.html")]
    # the spare was the cold build's folder: most pages are its very files, untouched
    assert len([path for path in kept if path.endswith("index.html")]) > 0.7 * len(pages)
    # the folder swapped out (the second build) is now the spare, and was never written through
    spare = site / "output.spare"
    assert {path: (spare / path).read_bytes() for path in _pages(spare)} == second


# A split search index built in place: the bundles whose pages did not change are kept.

@pytest.fixture(scope="module")
def split_builds(tmp_path_factory):
    """A site whose index is split into bundles of one session each, built in place twice
    (cold, then after an edited answer and, in the same session, a not yet due item's deadline
    moved, its title and a speaker edited), and the same tree built clean."""
    root = tmp_path_factory.mktemp("split-index")
    site = root / "site"
    _generator().generate(site / "content", 120)
    split = {**FIXED, "SEARCH_BUNDLE_PAGES": 30}  # 6 sessions of 21 indexed pages: a bundle each
    cached = {**split, "BUILD_CACHE": True, "CACHE_PATH": str(root / "cache")}
    response = sorted((site / "content" / "responses").rglob("*.md"))[3]
    _postpone_an_outstanding_item(site / "content", response.parent.name, datetime.date(2018, 12, 31))
    build_site(site, root / "out", AS_OF, cached)
    before = _index_files(root / "out")
    lists_before = _list_pages(root / "out")
    response.write_text(response.read_text(encoding="utf-8").rstrip("\n") + "\n\nĐã thông xe.\n", encoding="utf-8")
    # still not yet due: the item keeps its lists and its place in them, only its deadline shows otherwise
    _postpone_an_outstanding_item(site / "content", response.parent.name, datetime.date(2019, 3, 31))
    _retitle(site / "content", response.parent.name)  # what every item page of the session shows of it
    result = build_site(site, root / "out", AS_OF, cached)
    build_site(site, root / "clean", AS_OF, split)
    session, number = response.parent.name, response.stem.split("-")[0]
    return root, before, result.stdout, f"/noi-dung/{session}/{number.replace('.', '-')}/", lists_before


def _list_pages(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in (folder / "tinh-trang").rglob("*.html")}


def _postpone_an_outstanding_item(content: Path, session_id: str, day: datetime.date) -> None:
    """The first assigned item of the session with no answer gets its deadline moved to day."""
    answered = {p.stem.split("-")[0] for p in (content / "responses").glob(f"**/{session_id}/*.md")}
    with _editing(_session_file(content / "sessions", session_id)) as session:
        item = next(item for opinion in session["opinions"] for item in opinion["items"]
                    if item.get("due") and f"{opinion['stt']}.{item['stt']}" not in answered)
        item["due"] = day


def _retitle(content: Path, session_id: str) -> None:
    """The session's title and the speaker of its first opinion, edited."""
    with _editing(_session_file(content / "sessions", session_id)) as session:
        session["title"] += " (bổ sung)"
        session["opinions"][0]["speaker"] += " và cử tri thôn 11"


def _index_files(folder: Path) -> dict[str, tuple[int, int]]:
    """Each file of the search index: (inode, mtime). Both, as a file removed and made again may
    get its old inode back; its time is the new build's."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in (folder / "pagefind").rglob("*") if p.is_file()}


def _all_files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_an_index_kept_in_part_equals_a_clean_one(split_builds):
    root, *_, lists_before = split_builds
    # the postponed item's new deadline shows on the lists it is on
    assert [path for path, data in _list_pages(root / "out").items() if lists_before.get(path) != data]
    built, clean = _all_files(root / "out"), _all_files(root / "clean")
    assert len(search_bundles(root / "out")) == 6
    pages = {p for p in built if not p.startswith("pagefind/")}
    assert pages == {p for p in clean if not p.startswith("pagefind/")}
    assert [p for p in pages if not filecmp.cmp(root / "out" / p, root / "clean" / p, shallow=False)] == []
    # the index laid over (a recent bundle) finds what the clean index finds, the new words included
    found = searchable(root / "out")
    assert found == searchable(root / "clean")
    assert (root / "out" / "pagefind" / "recent" / "pagefind.js").is_file()
    assert any("Đã thông xe." in page["content"] for page in found.values())


def test_only_the_edited_pages_are_indexed_again(split_builds):
    root, before, stdout, item_url, _ = split_builds
    found = re.search(r"congkhai: search index: .* \(6 bundles, 6 kept; (\d+) recent pages indexed\)", stdout)
    assert found, stdout
    recent = bundle_urls(root / "out", "pagefind/recent")
    # the edited item, and the pages of its session that show its title, deadline or speaker
    assert item_url in recent and len(recent) == int(found.group(1)) < 30
    assert {url.split("/")[2] for url in recent} == {item_url.split("/")[2]}
    after = _index_files(root / "out")
    # every file of the six bundles is the very file the first build made
    assert {path for path in after if not path.startswith("pagefind/recent")} == \
        {path for path in after if before.get(path) == after[path]}
    stale = json.loads((root / "out" / "pagefind" / "recent.json").read_text(encoding="utf-8"))["stale"]
    assert sum(len(ids) for ids in stale) == len(recent)  # each has its old copy, dropped


# A handover, read from a file of its own, moves items to another body and agency: pages, lists
# and data rows kept between builds must follow it.

def test_a_handover_added_between_builds_in_place_equals_a_clean_build(tmp_path):
    from invoke import Config, Context

    import tasks

    site = tmp_path / "site"
    content = site / "content"
    _generator().generate(content, 120)
    (site / "pelicanconf.py").write_text(
        f"import runpy\nglobals().update({{k: v for k, v in runpy.run_path({str(ROOT / 'pelicanconf.py')!r}).items()"
        f" if k.isupper()}})\nTHEME = {str(ROOT / 'theme')!r}\nBUILD_COMMIT = 'test'\n", encoding="utf-8")
    c = Context(Config(overrides={"run": {"in_stream": False, "hide": True}}))
    output = site / "output"

    def build():
        with c.cd(str(site)):
            tasks.build_into(c, output, settings="pelicanconf.py", as_of=AS_OF, cache=True)

    # The province's merged commune hands its items over only once its handover is written.
    (handover,) = (content / "handovers").glob("*.yaml")
    text = handover.read_text(encoding="utf-8")
    handover.unlink()
    build()
    build()  # the second cached build, after which builds go in place
    handover.write_text(text, encoding="utf-8")
    build()
    build_site(site, tmp_path / "clean", AS_OF, FIXED)
    built, clean = _pages(output), _pages(tmp_path / "clean")
    assert sorted(built) == sorted(clean)
    assert [p for p in built if not filecmp.cmp(output / p, tmp_path / "clean" / p, shallow=False)] == []
    rows = (output / "du-lieu" / "items.csv").read_text(encoding="utf-8-sig")
    data = yaml.safe_load(text)
    passed = f"{data['date'].isoformat()}:{data['from']}>{data['rules'][-1]['to']}"
    assert passed in rows  # the rows kept between builds followed the handover


# The Word reports (outputs/wordreport.py) are left on disk when the digest of their contents is
# the one the folder's record holds: a change of figures, or a new day, must still reach them.

def _reports(folder: Path) -> dict[str, os.stat_result]:
    return {path: stat for path, stat in _pages(folder).items() if path.endswith(".docx")}


def _body_report_pages(folder: Path) -> dict[str, os.stat_result]:
    return {path: stat for path, stat in _pages(folder).items()
            if path.startswith("don-vi/") and "/bao-cao/" in path and path.endswith(".html")}


def test_an_item_overdue_by_an_edit_or_a_new_day_remakes_the_reports_it_counts_in(tmp_path):
    site, cache = tmp_path / "site", tmp_path / "cache"
    _generator().generate(site / "content", 120)
    cached = {**FIXED, "BUILD_CACHE": True, "CACHE_PATH": str(cache)}
    out = tmp_path / "out"
    build_site(site, out, AS_OF, cached)
    first, first_pages = _reports(out), _body_report_pages(out)
    assert len(first) > 20
    # an outstanding item's deadline moved to the past: overdue as of the same day
    session = sorted(p.parent.name for p in (site / "content" / "responses").rglob("*.md"))[0]
    (session_file,) = (site / "content" / "sessions").glob(f"*/{session}.yaml")
    _postpone_an_outstanding_item(site / "content", session, datetime.date(2018, 1, 31))
    build_site(site, out, AS_OF, cached)
    build_site(site, tmp_path / "clean", AS_OF, FIXED)
    edited, clean = _reports(out), _reports(tmp_path / "clean")
    assert sorted(edited) == sorted(clean)
    assert [p for p in edited if not filecmp.cmp(out / p, tmp_path / "clean" / p, shallow=False)] == []
    # a file made again may get its old inode back: its time is the new build's
    remade = [path for path in edited if (edited[path].st_ino, edited[path].st_mtime_ns)
              != (first[path].st_ino, first[path].st_mtime_ns)]
    assert remade and len(remade) < len(first) / 2, remade  # the reports counting the item, not the others
    # A body's report pages are one block (site.pages.report_inputs): its sessions, their handovers and
    # the items handed to it. The item's body's pages are made again, equal to a clean build's; no
    # other body's is touched.
    pages, clean_pages = _body_report_pages(out), _body_report_pages(tmp_path / "clean")
    assert sorted(pages) == sorted(clean_pages)
    assert [p for p in pages if not filecmp.cmp(out / p, tmp_path / "clean" / p, shallow=False)] == []
    remade_pages = {path for path in pages if (pages[path].st_ino, pages[path].st_mtime_ns)
                    != (first_pages[path].st_ino, first_pages[path].st_mtime_ns)}
    body = session_file.parent.name
    assert remade_pages and {path.split("/")[1] for path in remade_pages} == {body}, sorted(remade_pages)
    others = [path for path in first_pages if path.split("/")[1] != body]
    assert others and all(pages[path].st_ino == first_pages[path].st_ino for path in others)
    # the same content as of a later day: every report is made again, equal to a clean build of that day
    later = "2018-10-05"
    build_site(site, out, later, cached)
    build_site(site, tmp_path / "later", later, FIXED)
    built, clean = _pages(out), _pages(tmp_path / "later")
    assert sorted(built) == sorted(clean)
    assert [p for p in built if not filecmp.cmp(out / p, tmp_path / "later" / p, shallow=False)] == []
    assert set(_reports(out)) > set(edited)  # the periods ended since have their reports

