"""What the machine does to a build: a rival build, a damaged cache, a full or read-only disk.
Each ends with the published tree compared with a clean build's, and no traceback."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys

import pytest

from conftest import ROOT, SCRIPT, build, digest, edit, no_traceback, published, start
from helpers import tmpfs
from pelican.plugins.congkhai.build import cachefile, lock

pytestmark = pytest.mark.build


def test_two_builds_started_at_once_run_one_after_the_other(site, clean):
    assert build(site).returncode == 0
    edit(site, "Hai bản dựng cùng lúc.")
    first, second = start(site), start(site)
    results = [process.communicate(timeout=300) for process in (first, second)]
    assert first.returncode == second.returncode == 0, results
    said = "".join(stderr for _, stderr in results)
    assert "waiting for build PID" in said and "chờ bản dựng PID" in said
    no_traceback(*(text for pair in results for text in pair))
    assert published(site / "output") == clean(site)
    assert not (site / "output.new").exists()


def test_a_build_that_waited_long_enough_refuses_naming_the_running_one(site):
    assert build(site).returncode == 0
    before = digest(site / "output")
    with lock.held(site, "invoke build → output/", wait=0):
        refused = build(site, CONGKHAI_LOCK_WAIT="0.5")
    assert refused.returncode == 1
    assert f"build PID {os.getpid()} (invoke build → output/, started " in refused.stderr
    assert "is running in this folder; waited 0.5 s. Let it finish, then run this again." in refused.stderr
    assert "đang chạy trong thư mục này" in refused.stderr
    no_traceback(refused.stdout, refused.stderr)
    assert digest(site / "output") == before


def test_a_lock_left_by_a_killed_build_is_taken_over_at_once(site, clean):
    assert build(site).returncode == 0
    edit(site, "Bản dựng bị dừng giữa chừng.")
    assert build(site, CONGKHAI_KILL_AT="pages").returncode != 0
    assert (site / lock.LOCK_NAME).read_text(encoding="utf-8"), "the dead build's record is still there"
    again = build(site, CONGKHAI_LOCK_WAIT="0")
    assert again.returncode == 0, again.stderr
    assert "waiting" not in again.stderr
    assert published(site / "output") == clean(site)


DAMAGE = {
    "truncated": lambda data, other: data[:len(data) // 2],
    "a byte flipped": lambda data, other: data[:len(data) // 2] + bytes([data[len(data) // 2] ^ 0xFF])
    + data[len(data) // 2 + 1:],
    "empty": lambda data, other: b"",
    # Written by a version of the code whose cache files are laid out otherwise.
    "of another version": lambda data, other: data[:16] + struct.pack("<H", cachefile.FORMAT + 1) + data[18:]
    if data.startswith(cachefile.MAGIC) else b"{" + data,
    # Another cache file's bytes (a copy tool, a hand): under another key, an ordinary miss.
    "another file's": lambda data, other: other,
}
SILENT = {"another file's"}


@pytest.mark.parametrize("how", DAMAGE)
def test_a_damaged_cache_is_named_and_made_again_and_the_site_is_as_clean(site, clean, how):
    for _ in range(2):
        assert build(site).returncode == 0
    cache = site / "cache" / "congkhai"
    files = sorted(p for p in cache.rglob("*") if p.is_file() and p.suffix != ".building")
    assert len(files) >= 6
    for index, path in enumerate(files):
        other = files[(index + 1) % len(files)].read_bytes()
        path.write_bytes(DAMAGE[how](path.read_bytes(), other))
    edit(site, "Sau khi bộ nhớ đệm hỏng.")
    again = build(site)
    assert again.returncode == 0, again.stderr
    no_traceback(again.stdout, again.stderr)
    named = [line for line in again.stderr.splitlines() if line.startswith("congkhai: tệp bộ nhớ đệm ")]
    assert bool(named) != (how in SILENT), "each damaged file is named, one line each"
    for line in named:
        assert ", sẽ được tạo lại (lần dựng này chậm hơn, không cần làm gì) / cache file " in line
        assert line.endswith("; it is made again")
    assert published(site / "output") == clean(site)


def _site_on(folder, site):
    shutil.copytree(site / "content", folder / "site" / "content")
    return folder / "site"


def _leftovers(site):
    return sorted(p.name for p in site.iterdir() if p.name not in ("content", "cache", "output", "output.spare",
                                                                   lock.LOCK_NAME)) \
        + sorted(p.name for p in (site / "cache").rglob("*.tmp"))


def test_a_disk_too_small_for_the_site_fails_plainly_and_leaves_nothing_half_written(site, tmp_path):
    with tmpfs(tmp_path / "small", 1) as folder:
        small = _site_on(folder, site)
        failed = build(small)
        assert failed.returncode != 0
        no_traceback(failed.stdout, failed.stderr)
        assert f"{small / 'output'}: the disk is full: the build needs about" in failed.stderr
        assert "đĩa đã đầy" in failed.stderr
        assert not (small / "output").exists() and _leftovers(small) == []


def test_a_disk_that_fills_during_a_build_leaves_the_published_site_as_it_was(site, tmp_path, clean):
    with tmpfs(tmp_path / "disk", 40) as folder:
        site = _site_on(folder, site)
        for _ in range(2):
            assert build(site).returncode == 0
        before = digest(site / "output")
        free = shutil.disk_usage(folder).free
        ballast = folder / "ballast"
        subprocess.run(["fallocate", "-l", str(free - 150_000), str(ballast)], check=True)
        edit(site, "Thêm một đoạn khi đĩa sắp đầy. " * 400)
        refused = build(site, cache=False)  # a whole new copy: refused before it starts
        assert refused.returncode == 1
        assert re.search(re.escape(f"{site / 'output'}: the disk is full: the build needs about ")
                         + r"\d+\.\d MB, \d+\.\d MB are free\.", refused.stderr), refused.stderr
        failed = build(site)  # in place: it finds out while writing
        assert failed.returncode != 0
        for said in (refused, failed):
            no_traceback(said.stdout, said.stderr)
            assert "đĩa đã đầy" in said.stderr
        assert f"{site / 'output'}: the disk is full" in failed.stderr
        assert digest(site / "output") == before
        assert _leftovers(site) == []
        ballast.unlink()
        again = build(site)
        assert again.returncode == 0, again.stderr
        assert published(site / "output") == clean(site)


def test_a_read_only_disk_is_named_and_the_site_left_as_it_was(site, tmp_path):
    with tmpfs(tmp_path / "disk", 40) as folder:
        site = _site_on(folder, site)
        assert build(site).returncode == 0
        before = digest(site / "output")
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        refused = build(site)
        assert refused.returncode != 0
        no_traceback(refused.stdout, refused.stderr)
        assert "cannot write in this folder (Read-only file system)" in refused.stderr
        assert digest(site / "output") == before


def test_a_folder_without_the_settings_file_is_told_so_and_nothing_is_written(site):
    """Not «cannot write in this folder»: what is missing is named, with what to do."""
    missing = site / "pelicanconf.py"
    script = SCRIPT.format(root=str(ROOT), settings=str(missing), as_of="2018-07-05", cache=True)
    refused = subprocess.run([sys.executable, "-c", script], cwd=site, capture_output=True, text=True, timeout=120)
    assert refused.returncode == 1
    no_traceback(refused.stdout, refused.stderr)
    assert refused.stderr == (
        f"{missing}: không có tệp cấu hình này của trang. Dựng trong thư mục của trang (thư mục có pelicanconf.py), "
        f"hoặc tạo trang mới bằng `invoke new-site`; trang đã công bố vẫn giữ nguyên. / {missing}: the site's "
        f"settings file is not there. Build in the site's folder (the one that holds pelicanconf.py), or make a new "
        f"site with `invoke new-site`; the published site was left as it was.\n")
    assert sorted(path.name for path in site.iterdir()) == ["content"]
