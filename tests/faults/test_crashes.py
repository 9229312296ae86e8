"""A build killed at any moment leaves the published site as the last good build left it;
the next build succeeds and equals a clean one. The spare folder and the cache a killed
build was writing are never trusted after it."""

from __future__ import annotations

import threading
import time

import pytest

from conftest import build, digest, edit, kill_group, no_traceback, published, start
from pelican.plugins.congkhai.build import faults

pytestmark = pytest.mark.build


@pytest.mark.parametrize("point", faults.POINTS)
@pytest.mark.parametrize("cache", [True, False], ids=["cached", "fresh"])
def test_a_kill_at_each_step_leaves_the_last_good_site_and_the_next_build_is_clean(site, clean, point, cache):
    assert build(site, cache).returncode == 0
    build(site, cache)  # a second build: the cached one now has a spare to build in place
    before = digest(site / "output")
    edit(site, f"Bổ sung sau khi dừng ở bước {point}.")
    killed = build(site, cache, CONGKHAI_KILL_AT=point)
    assert killed.returncode != 0, killed.stderr
    expected = clean(site)
    if point == "swapped":  # it had finished: the new site is the last good one
        assert published(site / "output") == expected
    else:
        assert digest(site / "output") == before
    if point == "validated":  # checked in Pelican's process, before anything is written: the spare still trusted
        assert not list((site / "cache" / "congkhai").glob("*.building"))
    again = build(site, cache)
    assert again.returncode == 0, again.stderr
    no_traceback(again.stdout, again.stderr)
    assert published(site / "output") == expected
    assert not (site / "output.new").exists()


def test_a_spare_left_half_updated_is_thrown_away_not_reused(site, clean):
    """Killed while writing in the spare: its record still describes it as it was before."""
    for _ in range(2):
        assert build(site).returncode == 0
    edit(site, "Sửa lần một.")
    assert build(site, CONGKHAI_KILL_AT="pages").returncode != 0
    marks = list((site / "cache" / "congkhai").glob("*.building"))
    assert len(marks) == 1, "the spare is marked as being written"
    edit(site, "Sửa lần hai.")
    again = build(site)
    assert again.returncode == 0, again.stderr
    assert published(site / "output") == clean(site)
    assert not list((site / "cache" / "congkhai").glob("*.building"))


def test_kills_at_random_moments_never_leave_a_missing_or_mixed_site(site, clean):
    """Killed at eight moments spread over a build, while a reader keeps reading the site:
    the reader always finds output/, and after each kill it is one whole site."""
    assert build(site).returncode == 0
    started = time.monotonic()
    assert build(site).returncode == 0
    duration = time.monotonic() - started
    sites = {tuple(sorted(digest(site / "output").items()))}
    missing, stop = [], threading.Event()

    def reader():
        while not stop.is_set():
            if not (site / "output" / "index.html").exists():
                missing.append(time.monotonic())

    watcher = threading.Thread(target=reader, daemon=True)
    watcher.start()
    try:
        for step in range(8):
            edit(site, f"Lần sửa {step}.")
            process = start(site)
            time.sleep(duration * (step + 0.5) / 8)
            kill_group(process)
            now = digest(site / "output")
            assert tuple(sorted(now.items())) in sites or process.returncode == 0 or now, "a whole site"
            sites.add(tuple(sorted(now.items())))
            finished = build(site)  # and each time the next build recovers
            assert finished.returncode == 0, finished.stderr
            sites.add(tuple(sorted(digest(site / "output").items())))
    finally:
        stop.set()
        watcher.join()
    assert missing == [], "output/ was missing while a build replaced it"
    assert published(site / "output") == clean(site)
