"""The file families written by the page renderers' pool, each in a process forked by a worker
(build/families.py):
the same files and counts as writing them in the build's own process, the
Markdown conversions brought back for the store, and a failure stops the build."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from helpers import FIXTURES
from pelican.plugins.congkhai.outputs import feeds
from pelican.plugins.congkhai.build import families as file_families
from pelican.plugins.congkhai.outputs import ical
from pelican.plugins.congkhai.site import markup
from pelican.plugins.congkhai.outputs import opendata
from pelican.plugins.congkhai.outputs import seo
from pelican.plugins.congkhai.content.model import build_content
from pelican.plugins.congkhai.build.files import write_if_changed
from pelican.plugins.congkhai.content.reading import read_tree
from pelican.plugins.congkhai.site.views import SiteView

SETTINGS = {"SITEURL": "https://congkhai.example.vn", "DISTRICT_NAME": "huyện Hàm Tân"}
FAMILIES = [feeds.changes_files, opendata.data_files, feeds.files, ical.files,
            lambda view, settings: seo.files(view, settings, opendata.pages(view))]


@pytest.fixture(scope="module")
def view():
    view = SiteView(build_content(read_tree(FIXTURES / "small" / "content")), dt.date(2018, 7, 5))
    return view


def _tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _pool(state, chunk):
    return os.getpid()


def _by_pool(running, pids: set | None = None):
    """What the families wrote, run by a pool of two workers beside one chunk, as the build runs them
    beside its pages; the pid of the worker that took the chunk is added to pids."""
    (pid,) = file_families.workers.run_chunks(_pool, None, [[0]], 2, tasks=running.tasks)
    if pids is not None:
        pids.add(pid)
    return running.finish()


def test_forked_writes_what_the_build_process_writes(view, tmp_path):
    inline = file_families.start(FAMILIES, view, SETTINGS, tmp_path / "inline", write_if_changed, parallel=False)
    forked = file_families.start(FAMILIES, view, SETTINGS, tmp_path / "forked", write_if_changed, parallel=True)
    pids = set()
    written, here = _by_pool(forked, pids), inline.finish()
    assert pids and os.getpid() not in pids  # the pool forked
    assert written._replace(seconds={}) == here._replace(seconds={})
    assert set(written.seconds) == set(here.seconds) == {file_families._label(family) for family in FAMILIES}
    assert written.written > 20 and written.unchanged == 0
    assert _tree(tmp_path / "forked") == _tree(tmp_path / "inline")
    # every file made is named (a build in place removes the ones an earlier build made and this one did not)
    assert written.paths == set(_tree(tmp_path / "forked"))
    # a second run over the same folder writes nothing
    again = file_families.start(FAMILIES, view, SETTINGS, tmp_path / "forked", write_if_changed, parallel=True)
    assert _by_pool(again).counts() == (0, written.written)


def test_conversions_made_in_the_child_come_back_to_the_store(view, tmp_path):
    fresh = SiteView(view.content, view.as_of, markdown=markup.Markdown())
    running = file_families.start(FAMILIES, fresh, SETTINGS, tmp_path, write_if_changed, parallel=True,
                                  shared=fresh.markdown)
    assert _by_pool(running)[0] > 0
    assert fresh.markdown.made()  # the feeds and data files converted every answer, in the child


def test_a_failing_family_stops_the_build_with_its_traceback(view, tmp_path):
    def broken(view, settings):
        raise ValueError("hỏng")

    running = file_families.start([broken], view, SETTINGS, tmp_path, write_if_changed, parallel=True)
    with pytest.raises(file_families.FamiliesFailed, match="ValueError: hỏng") as failure:
        _by_pool(running)
    assert str(failure.value).startswith("file family test_file_families.test_a_failing_family_stops_the_build_"
                                         "with_its_traceback.<locals>.broken failed in its process:\nTraceback")


@pytest.mark.parametrize("processes, expected", [
    (1, [[0, 1, 2, 3, 4]]), (2, [[0], [1, 2, 3, 4]]), (3, [[0], [1, 3], [2, 4]]), (8, [[0], [1], [2], [3], [4]])])
def test_the_families_share_a_process_per_core_the_first_alone(processes, expected):
    assert file_families._groups([0, 1, 2, 3, 4], processes) == expected


@pytest.mark.parametrize("seconds, processes, expected", [
    ([2.3, 0.05, 0.6, 0.06, 1.4, 0.1, 0.45], 2, [[0, 5, 3], [4, 2, 6, 1]]),
    ([1.0, 1.0, 1.0], 2, [[0, 2], [1]]),
    ([3.0, 1.0], 4, [[0], [1]]),
    ([0.5, 0.2], 1, [[0, 1]]),
])
def test_a_rebuilds_families_are_shared_by_what_each_took_last_time(seconds, processes, expected):
    assert file_families._balanced(seconds, processes) == expected


def test_in_a_rebuild_the_balanced_groups_end_sooner_than_the_first_alone():
    """A rebuild's data files (2.3 s) no longer outweigh the other families together (2.66 s)."""
    seconds = [2.3, 0.05, 0.6, 0.06, 1.4, 0.1, 0.45]

    def longest(groups):
        return max(sum(seconds[index] for index in group) for group in groups)

    balanced, fixed = file_families._balanced(seconds, 2), file_families._groups(list(range(len(seconds))), 2)
    assert round(longest(balanced), 2) == 2.5 < round(longest(fixed), 2) == 2.66


def test_what_each_family_took_is_kept_for_the_next_build(view, tmp_path):
    def first(view, settings):
        yield "a.txt", b"a"

    written = file_families.write_all([first], view, SETTINGS, tmp_path / "out", write_if_changed)
    label = "file family test_file_families.test_what_each_family_took_is_kept_for_the_next_build.<locals>.first"
    assert set(written.seconds) == {label} and written.seconds[label] >= 0
    path = tmp_path / "cache" / "seconds.cache"
    assert file_families.load_seconds(path) == {} and file_families.load_seconds(None) == {}
    file_families.save_seconds(path, written.seconds)
    assert file_families.load_seconds(path) == written.seconds


def test_a_small_site_writes_its_families_in_the_build_process(view, tmp_path):
    assert len(view.items) * file_families.ITEM_SECONDS < file_families.workers.MIN_SECONDS

    def here(view, settings):
        yield "pid.txt", str(os.getpid()).encode()

    running = file_families.start([here], view, SETTINGS, tmp_path, write_if_changed)
    assert running.tasks.take() == ([], [], [])  # nothing for a pool to take
    running.finish()
    assert (tmp_path / "pid.txt").read_text() == str(os.getpid())


def test_a_file_is_rewritten_only_when_its_bytes_change(tmp_path):
    """write_if_changed looks at the size first: same size, other bytes is still a change."""
    path = tmp_path / "du-lieu" / "items.csv"
    assert write_if_changed(path, b"id,state\n1,resolved\n") is True
    before = path.stat().st_mtime_ns
    assert write_if_changed(path, b"id,state\n1,resolved\n") is False
    assert path.stat().st_mtime_ns == before
    assert write_if_changed(path, b"id,state\n1,overdue!\n") is True  # same length
    assert path.read_bytes() == b"id,state\n1,overdue!\n"
    assert write_if_changed(path, b"id,state\n") is True
    assert path.read_bytes() == b"id,state\n"


def test_a_family_forked_while_the_collector_is_paused_collects_what_it_makes(view, tmp_path):
    """The build pauses the cycle collector while it lists pages (generator.py) and forks the families
    then: each must collect its own garbage, or a family making reference cycles would only grow."""
    import gc

    def collector(view, settings):
        return [("gc.txt", b"on" if gc.isenabled() else b"off")]

    gc.disable()
    try:
        running = file_families.start([collector], view, SETTINGS, tmp_path, write_if_changed, parallel=True)
        _by_pool(running)
    finally:
        gc.enable()
    assert (tmp_path / "gc.txt").read_bytes() == b"on"


def _deferred(made: list, files: dict):
    """A family of deferred files: path -> (digest, bytes); `made` lists the paths whose bytes were asked for."""
    def family(view, settings):
        return [(path, file_families.Deferred(digest, lambda path=path, data=data: made.append(path) or data))
                for path, (digest, data) in files.items()]
    return family


def test_a_deferred_file_recorded_with_its_digest_is_neither_made_nor_read_again(view, tmp_path):
    made = []
    files = {"bao-cao/a.docx": (b"A", b"first a"), "bao-cao/b.docx": (b"B", b"first b")}
    first = file_families.write_all([_deferred(made, files)], view, SETTINGS, tmp_path, write_if_changed)
    assert made == ["bao-cao/a.docx", "bao-cao/b.docx"] and first.counts() == (2, 0)
    stat = (tmp_path / "bao-cao/a.docx").stat()
    assert first.entries["bao-cao/a.docx"] == (b"A", stat.st_size, stat.st_mtime_ns)
    # b's inputs changed (another digest): only b is made again
    made.clear()
    files["bao-cao/b.docx"] = (b"B2", b"second b")
    kept = file_families.Kept(first.entries, tmp_path)
    second = file_families.write_all([_deferred(made, files)], view, SETTINGS, tmp_path, write_if_changed, kept)
    assert made == ["bao-cao/b.docx"] and second.counts() == (1, 1)
    assert (tmp_path / "bao-cao/b.docx").read_bytes() == b"second b"
    assert second.entries["bao-cao/a.docx"] == first.entries["bao-cao/a.docx"]
    assert second.entries["bao-cao/b.docx"][0] == b"B2"


def test_a_deferred_file_changed_on_disk_since_its_record_is_made_again(view, tmp_path):
    made = []
    files = {"a.docx": (b"A", b"the report")}
    first = file_families.write_all([_deferred(made, files)], view, SETTINGS, tmp_path, write_if_changed)
    (tmp_path / "a.docx").write_bytes(b"tampered!!")  # same size, another time
    made.clear()
    kept = file_families.Kept(first.entries, tmp_path)
    again = file_families.write_all([_deferred(made, files)], view, SETTINGS, tmp_path, write_if_changed, kept)
    assert made == ["a.docx"] and again.counts() == (1, 0)
    assert (tmp_path / "a.docx").read_bytes() == b"the report"


def test_a_deferred_file_of_a_settled_block_stands_without_its_digest_being_asked(view, tmp_path):
    """A file whose inputs are a block's (a body's Word reports, site.pages.reports_block) is left as
    recorded while the block is settled: its digest, which costs, is not even asked for; once the
    block changes, the digest decides, and only a file whose digest changed is made again."""
    asked, made = [], []

    def family(digests):
        def files(view, settings):
            return [(path, file_families.Deferred(lambda path=path, digest=digest: asked.append(path) or digest,
                                                  lambda path=path, digest=digest: made.append(path) or digest, "reports/x"))
                    for path, digest in digests.items()]
        return files

    first = file_families.write_all([family({"a.docx": b"A", "b.docx": b"B"})], view, SETTINGS, tmp_path,
                                    write_if_changed)
    assert asked == made == ["a.docx", "b.docx"] and first.entries["a.docx"][0] == b"A"
    asked.clear(), made.clear()
    settled = file_families.Kept(first.entries, tmp_path, frozenset({"reports/x"}))
    again = file_families.write_all([family({"a.docx": b"A", "b.docx": b"B2"})], view, SETTINGS, tmp_path,
                                    write_if_changed, settled)
    assert asked == made == [] and again.counts() == (0, 2) and again.entries == first.entries
    changed = file_families.Kept(first.entries, tmp_path, frozenset({"reports/other"}))
    last = file_families.write_all([family({"a.docx": b"A", "b.docx": b"B2"})], view, SETTINGS, tmp_path,
                                   write_if_changed, changed)
    assert asked == ["a.docx", "b.docx"] and made == ["b.docx"] and last.counts() == (1, 1)
    assert last.entries["b.docx"][0] == b"B2"


def test_a_fresh_folder_links_the_previous_builds_deferred_file(view, tmp_path):
    made = []
    files = {"bao-cao/a.docx": (b"A", b"the report")}
    previous, fresh = tmp_path / "previous", tmp_path / "fresh"
    first = file_families.write_all([_deferred(made, files)], view, SETTINGS, previous, write_if_changed)
    made.clear()
    kept = file_families.Kept(first.entries, previous)
    linked = file_families.write_all([_deferred(made, files)], view, SETTINGS, fresh, write_if_changed, kept)
    assert made == [] and linked.counts() == (0, 1) and linked.paths == {"bao-cao/a.docx"}
    assert (fresh / "bao-cao/a.docx").stat().st_ino == (previous / "bao-cao/a.docx").stat().st_ino


# --- files streamed, and families taken one file at a time ----------------------------------------

def _streamed(pieces: list[bytes], fail_after: int | None = None):
    def write_to(file):
        for index, piece in enumerate(pieces):
            if index == fail_after:
                raise OSError("đĩa đầy")
            file.write(piece)
    return file_families.Streamed(write_to)


def test_a_streamed_file_replaces_the_old_only_when_its_bytes_change(view, tmp_path):
    def family(pieces, fail_after=None):
        return lambda view, settings: iter([("du-lieu/items.csv", _streamed(pieces, fail_after))])

    path = tmp_path / "du-lieu" / "items.csv"
    first = file_families.write_all([family([b"id\r\n", b"1\r\n"])], view, SETTINGS, tmp_path, write_if_changed)
    assert first.counts() == (1, 0) and path.read_bytes() == b"id\r\n1\r\n"
    before = path.stat()
    same = file_families.write_all([family([b"id\r\n1", b"\r\n"])], view, SETTINGS, tmp_path, write_if_changed)
    assert same.counts() == (0, 1) and path.stat().st_ino == before.st_ino
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    # a previous build's folder linking the file keeps its bytes: the file is replaced, not written through
    (tmp_path / "previous.csv").hardlink_to(path)
    changed = file_families.write_all([family([b"id\r\n", b"2\r\n"])], view, SETTINGS, tmp_path, write_if_changed)
    assert changed.counts() == (1, 0) and path.read_bytes() == b"id\r\n2\r\n"
    assert (tmp_path / "previous.csv").read_bytes() == b"id\r\n1\r\n"
    # stopped halfway (a full disk): the old file is whole, and no half file is left beside it
    with pytest.raises(OSError, match="đĩa đầy"):
        file_families.write_all([family([b"id\r\n", b"3\r\n"], fail_after=1)], view, SETTINGS, tmp_path,
                                write_if_changed)
    assert path.read_bytes() == b"id\r\n2\r\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["items.csv"]


def test_a_family_is_asked_for_its_next_file_once_the_last_is_on_disk(view, tmp_path):
    seen = []

    def family(view, settings):
        for name in ("a.txt", "b.txt", "c.txt"):
            seen.append(sorted(p.name for p in tmp_path.iterdir()))
            yield name, name.encode()

    file_families.write_all([family], view, SETTINGS, tmp_path, write_if_changed)
    assert seen == [[], ["a.txt"], ["a.txt", "b.txt"]]


def test_every_file_family_gives_its_files_one_at_a_time(view):
    """An iterator, not a list: the writer takes each file before the next is made, so that a
    family's process holds one file's bytes and never all of them (at 200,000 items a gigabyte)."""
    from pelican.plugins.congkhai import families

    for family in families.FILE_FAMILIES:
        extra = {"pages": []} if family.lists_pages else {}
        files = family.files(view, {**SETTINGS, "PATH": "content"}, **extra)
        assert iter(files) is files, family.name
