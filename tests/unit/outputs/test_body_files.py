"""Each body's own data files: the rows of the items it answers for and of its sessions, the very
rows of the site's tables, and the calendar of its sessions; none on a site of one body."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from helpers import FIXTURES, ROOT
from pelican.plugins.congkhai.content.model import build_content
from pelican.plugins.congkhai.content.reading import read_tree
from pelican.plugins.congkhai.outputs import bodies, exports
from pelican.plugins.congkhai.site.views import SiteView

SETTINGS = {"SITEURL": "https://x.vn", "ID_DOMAIN": "x.vn", "BUILD_COMMIT": "abc"}


@pytest.fixture(scope="module")
def view():
    return SiteView(build_content(read_tree(ROOT / "content")), dt.date(2026, 12, 6))


@pytest.fixture(scope="module")
def files(view):
    return dict(bodies.files(view, SETTINGS))


def _csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_each_body_has_its_files_in_its_folder(view, files):
    expected = {f"don-vi/{body}/{name}" for body in view.content.bodies
                for name in (*bodies.BODY_FILES, bodies.BODY_CALENDAR)}
    assert set(files) == expected


def test_a_bodys_items_are_the_ones_its_figures_count_in_the_rows_of_the_site_table(view, files):
    site = _csv(exports.to_csv(exports.ITEM_COLUMNS, exports.table_rows(view, "items", SETTINGS["SITEURL"])))
    rows_by_id = {row[0]: row for row in site[1:]}
    assert site[0][0] == "id"
    for body in view.content.bodies:
        table = _csv(files[f"don-vi/{body}/noi-dung.csv"])
        assert table[0] == site[0]
        assert sorted(row[0] for row in table[1:]) == sorted(i.id for i in view.items_by_body.get(body, []))
        assert all(rows_by_id[row[0]] == row for row in table[1:])
        document = json.loads(files[f"don-vi/{body}/noi-dung.json"])
        assert document["body"] == body and document["as_of"] == "2026-12-06"
        assert [entry["id"] for entry in document["items"]] == [row[0] for row in table[1:]]
    assert len(_csv(files["don-vi/huyen-ham-tan/noi-dung.csv"])) - 1 == view.body_figures("huyen-ham-tan").total > 500


def test_a_bodys_sessions_and_calendar_are_its_own(view, files):
    for body in view.content.bodies:
        sessions = [s.id for s in view.sessions_by_body.get(body, [])]
        assert [row[0] for row in _csv(files[f"don-vi/{body}/doi-thoai.csv"])[1:]] == sessions
        calendar = files[f"don-vi/{body}/lich.ics"].decode("utf-8")
        assert sorted(line[4:].split("@")[0] for line in calendar.split("\r\n") if line.startswith("UID:")) == \
            sorted(sessions)
    assert "X-WR-CALNAME:Lịch đối thoại – xã Sơn Mỹ" in files["don-vi/xa-son-my/lich.ics"].decode("utf-8")


def test_a_site_of_one_body_has_no_body_files():
    view = SiteView(build_content(read_tree(FIXTURES / "defects" / "base" / "content")), dt.date(2018, 7, 5))
    assert list(bodies.files(view, SETTINGS)) == []


def test_with_rows_kept_a_bodys_files_are_named_by_their_rows_and_only_an_edited_bodys_change(tmp_path, files):
    """With the rows kept between builds, each file is given as Deferred, named by its objects'
    rows (rowcache.name_of): the same bytes as without, and an edited answer changes the names of
    its body's files alone, so a build leaves every other body's as they are, unmade."""
    import dataclasses

    from pelican.plugins.congkhai.build.families import Deferred
    from pelican.plugins.congkhai.build.fingerprint import Fingerprinter
    from pelican.plugins.congkhai.build.rowcache import RowCache

    def named(view):
        cache = RowCache(tmp_path / "rows-bodies.pickle", b"site", Fingerprinter().digest)
        given = dict(bodies.files(view, SETTINGS, rows=cache))
        assert {type(file) for file in given.values()} == {Deferred}
        return given

    content = build_content(read_tree(ROOT / "content"))
    first = named(SiteView(content, dt.date(2026, 12, 6)))
    assert {path: file.make() for path, file in first.items()} == files
    item = next(item for item in content.items.values() if item.responses)
    item.responses[-1] = dataclasses.replace(item.responses[-1], body=item.responses[-1].body + " Đã kiểm tra lại.")
    edited = SiteView(content, dt.date(2026, 12, 6))
    again = named(edited)
    changed = sorted(path for path in first if first[path].digest != again[path].digest)
    body = edited.answering_body(item)
    # its items' rows, and its sessions' (a session's digest covers its items): made again, the
    # sessions' bytes are the same, and the writer leaves their files as they were
    assert {path.split("/")[1] for path in changed} == {body} and f"don-vi/{body}/noi-dung.csv" in changed
    remade = [path for path in changed if again[path].make() != first[path].make()]
    assert remade == [f"don-vi/{body}/noi-dung.csv", f"don-vi/{body}/noi-dung.json"]
