"""Named moments of a build where the fault tests stop it, as a crash would.

A leaf of the plugin: imports nothing. `point(name)` does nothing unless the environment
asks for it (CONGKHAI_KILL_AT=<name>): then it sends SIGKILL, which nothing can catch or
clean up after, to its whole process group at exactly that moment, as a CI runner or a
laptop dying would kill the build and every process it started (tests/faults/ start each
build in a group of its own). The points
are listed here so that a test that names one that no longer exists fails.
"""

from __future__ import annotations

import os
import signal

POINTS = (
    "validated",  # tools/build.py (tasks.py for shards): the content checked, nothing written yet
    "pages",  # generator.py: every page and file written, no search index yet
    "indexed",  # generator.py: the search index written
    "built",  # tasks.py: the build finished in its folder, not yet in place
    "swapped",  # tasks.py: the new site in place, the old not yet kept as the spare
)
VARIABLE = "CONGKHAI_KILL_AT"


def point(name: str) -> None:
    if os.environ.get(VARIABLE) == name:
        os.killpg(os.getpgrp(), signal.SIGKILL)
