"""Pagefind's service, given the pages in the order of their paths: one bundle on any file system."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pelican.plugins.congkhai.search import index as search
from pelican.plugins.congkhai.search import order as po
from pelican.plugins.congkhai.search import service
from pelican.plugins.congkhai.search.page import Bundle

PAGES = {f"noi-dung/s{s}/{n}/index.html": f"Đường liên thôn số {s}.{n}, kênh mương {n * s} và trạm y tế"
         for s in (1, 2) for n in range(1, 6)}
PAGES["doi-thoai/s1/index.html"] = "Buổi đối thoại ở xã Tân Minh"
PAGES["doi-thoai/s2/index.html"] = "Buổi đối thoại ở xã Sơn Mỹ"


def write_site(site: Path, names) -> Path:
    for name in names:
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        year = 2018 if "/s1/" in name else 2019
        path.write_text(f'<html lang="vi"><body><main data-pagefind-body><p>{PAGES[name]}</p>'
                        f'<span data-pagefind-filter="year:{year}"></span>'
                        f'<span data-pagefind-sort="date:{year}"></span></main></body></html>', encoding="utf-8")
    return site


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_page_file_gets_the_url_pagefinds_command_line_gives_it():
    assert service.url_of("noi-dung/s1/1-1/index.html") == "/noi-dung/s1/1-1/"
    assert service.url_of("index.html") == "/"
    assert service.url_of("doi-thoai/s1/ban-in.html") == "/doi-thoai/s1/ban-in.html"


def test_a_bundles_pages_are_its_sessions_pages_in_the_order_of_their_paths(tmp_path):
    site = write_site(tmp_path, reversed(list(PAGES)))
    (site / "noi-dung" / "s1" / "notes.txt").write_text("x", encoding="utf-8")
    assert search.bundle_pages(site, Bundle("pagefind/1", ("s1",))) == [
        "doi-thoai/s1/index.html", *(f"noi-dung/s1/{n}/index.html" for n in range(1, 6))]
    assert search.bundle_pages(site, Bundle("pagefind")) == sorted(PAGES)


def test_the_only_bundle_leaves_out_a_lists_later_page_and_so_keeps_every_page_id(tmp_path):
    """A list's later page (doi-thoai/trang/2/) is no session's and has no data-pagefind-body:
    given to Pagefind, it is not indexed, the ids no longer match the pages one for one, and
    an edited page was then found twice after the next build (its stale copy not named)."""
    site = write_site(tmp_path, PAGES)
    (site / "doi-thoai" / "trang" / "2").mkdir(parents=True)
    (site / "doi-thoai" / "trang" / "2" / "index.html").write_text('<html lang="vi"><body><p>Trang 2</p></body></html>',
                                                                  encoding="utf-8")
    assert search.bundle_pages(site, Bundle("pagefind")) == sorted(PAGES)
    error, ids = search._index_bundle(site, Bundle("pagefind"))
    assert error is None and sorted(ids) == sorted(PAGES) and all(ids.values())


def test_pages_written_in_any_order_on_any_file_system_give_the_same_bundle(tmp_path):
    """The command line numbered pages as the file system lists them: tmpfs newest first, ext4
    by a hash seeded per file system. Written in opposite orders, in two folders (one on a tmpfs
    where the machine has one), the bundles are identical byte for byte."""
    shm = Path("/dev/shm")
    other = Path(os.environ.get("CONGKHAI_TMPFS", shm)) if shm.is_dir() and os.access(shm, os.W_OK) else tmp_path
    first = write_site(tmp_path / "a", PAGES)
    second_root = other / f"congkhai-service-{os.getpid()}-{tmp_path.name}"
    try:
        second = write_site(second_root, reversed(list(PAGES)))
        for site in (first, second):
            error, ids = search._index_bundle(site, Bundle("pagefind"))
            assert error is None and sorted(ids) == sorted(PAGES)  # every page with its id
        assert files(first / "pagefind") == files(second / "pagefind")
        entry = (first / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8")
        meta = po.decode(next((first / "pagefind").glob("pagefind.vi_*.pf_meta")).read_bytes())
        assert '"page_count":12' in entry and len(meta[1]) == 12
    finally:
        shutil.rmtree(second_root, ignore_errors=True)


def test_pages_are_numbered_in_the_order_they_are_given(tmp_path):
    """Pagefind ranks pages a sort holds equal by their number: the order given decides it."""
    site = write_site(tmp_path, PAGES)
    names = sorted(PAGES)
    service.index_pages(site, names, site / "a")
    service.index_pages(site, list(reversed(names)), site / "b")
    sorts = {}
    for folder in ("a", "b"):
        meta = po.decode(next((site / folder).glob("pagefind.vi_*.pf_meta")).read_bytes())
        sorts[folder] = dict(meta[po.META_SORTS])["date"]
    for folder, given in (("a", names), ("b", list(reversed(names)))):
        # The 2018 pages (session s1) first, then 2019's; within a year, in the order given.
        assert sorts[folder] == [n for n, name in enumerate(given) if "/s1/" in name] + \
            [n for n, name in enumerate(given) if "/s2/" in name]


def test_a_page_that_cannot_be_read_fails_the_bundle_naming_it(tmp_path):
    site = write_site(tmp_path, PAGES)
    with pytest.raises(service.ServiceError) as error:
        service.index_pages(site, ["noi-dung/s1/1/index.html", "noi-dung/s9/1/index.html"], site / "pagefind")
    assert str(error.value) == f"{site / 'noi-dung/s9/1/index.html'}: No such file or directory [Errno 2]"


def test_a_bundle_with_no_page_fails_naming_it(tmp_path):
    site = write_site(tmp_path, PAGES)
    message, ids = search._index_bundle(site, Bundle("pagefind/2", ("s3",)))
    assert message == (f"congkhai: search index: pagefind/2/: no page to index under {str(site)!r} "
                       "(its sessions' pages are missing)") and ids == {}


def test_a_page_that_is_not_utf8_fails_the_bundle_naming_it(tmp_path):
    site = write_site(tmp_path, PAGES)
    (site / "noi-dung/s1/2/index.html").write_bytes(b"<html><body>\xff</body></html>")
    with pytest.raises(service.ServiceError) as error:
        service.index_pages(site, ["noi-dung/s1/1/index.html", "noi-dung/s1/2/index.html"], site / "pagefind")
    assert str(error.value) == f"{site / 'noi-dung/s1/2/index.html'}: not UTF-8 (invalid start byte at byte 12)"
