"""Two builds of the same commit with the same AS_OF are byte-for-byte identical, search index included.

Pagefind 1.5.2 alone writes its filter indexes in a different order on every
run, and numbers the pages in the order the file system lists them (search/order.py
puts both in order at the end of the build); these tests compare every file of two
real builds of the sample, on the disk and on a tmpfs.
"""

from __future__ import annotations

from pathlib import Path

import re

import pytest

from helpers import BUNDLE_PAGES, ROOT, build_site, tmpfs

SAMPLE_REPORT_DAY = "2018-07-05"  # as the sample_site fixture (tests/conftest.py)


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def rebuilt(sample_site, tmp_path_factory):
    """The sample built again, as of the same day, from the commit the first build names in its footer
    (in a working tree where others commit meanwhile, HEAD may have moved; in CI it never does)."""
    (commit,) = re.findall(r"Bản dựng từ phiên bản ([0-9a-f]+(?:-dirty)?)\.",
                           (sample_site / "index.html").read_text(encoding="utf-8"))
    output = tmp_path_factory.mktemp("again") / "output"
    build_site(ROOT, output, as_of=SAMPLE_REPORT_DAY, settings={"BUILD_COMMIT": commit})
    return output


def test_two_builds_of_the_sample_are_identical_byte_for_byte(sample_site, rebuilt):
    first, second = files(sample_site), files(rebuilt)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    assert any(name.startswith("pagefind/filter/") for name in first), "the search index is compared too"


def test_no_temporary_path_leaks_into_the_output(sample_site, rebuilt):
    for name, data in files(rebuilt).items():
        text = data.decode("utf-8", errors="replace")
        assert str(rebuilt) not in text and str(sample_site) not in text, name


def test_two_builds_with_several_search_bundles_are_identical(bundled_site, tmp_path):
    """Each bundle's filter files are put in order too (search._index_bundle)."""
    (commit,) = re.findall(r"Bản dựng từ phiên bản ([0-9a-f]+(?:-dirty)?)\.",
                           (bundled_site / "index.html").read_text(encoding="utf-8"))
    again = tmp_path / "output"
    build_site(ROOT, again, as_of=SAMPLE_REPORT_DAY, settings={"BUILD_COMMIT": commit,
                                                               "SEARCH_BUNDLE_PAGES": BUNDLE_PAGES})
    first, second = files(bundled_site), files(again)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    assert any(name.startswith("pagefind/2/filter/") for name in first)


def test_a_build_on_a_tmpfs_is_identical_to_one_on_the_disk(sample_site, rebuilt, tmp_path):
    """tmpfs lists a folder's files newest first, ext4 by a hash seeded per file system."""
    (commit,) = re.findall(r"Bản dựng từ phiên bản ([0-9a-f]+(?:-dirty)?)\.",
                           (sample_site / "index.html").read_text(encoding="utf-8"))
    with tmpfs(tmp_path / "tmpfs", 400) as folder:
        build_site(ROOT, folder / "output", as_of=SAMPLE_REPORT_DAY, settings={"BUILD_COMMIT": commit})
        on_tmpfs = files(folder / "output")
    on_disk = files(rebuilt)
    assert sorted(on_tmpfs) == sorted(on_disk)
    assert [name for name in on_disk if on_disk[name] != on_tmpfs[name]] == []
