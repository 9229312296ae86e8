"""Putting a finished build in place of the published folder in one step.

A leaf of the plugin: imports nothing of the other rooms (tasks.py uses it).

On Linux, renameat2(RENAME_EXCHANGE) swaps two folders in one system call: at every
instant a web server serving `output/` finds either the whole old site or the whole new
one, never none, and a failure leaves both as they were. Where the call is missing (other
systems, or a file system that refuses it), two renames are the fallback, with a moment
in between when `output/` does not exist; docs/reliability.md says so.
"""

from __future__ import annotations

import ctypes
import errno
import os
from pathlib import Path

AT_FDCWD = -100
RENAME_EXCHANGE = 2


def _renameat2():
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        function = libc.renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_RENAMEAT2 = _renameat2()


def exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths atomically; False where the system cannot (nothing changed then)."""
    if _RENAMEAT2 is None:
        return False
    if _RENAMEAT2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # the kernel or the file system does not know the flag
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def put_in_place(built: Path, live: Path) -> bool:
    """Make `built` the folder at `live`; what `live` held before is then at `built`.

    True when the swap was atomic (or `live` did not exist: one rename). Otherwise two
    renames, through `built`'s name: if the second fails, the first is undone, so `live`
    is never left missing by a failure."""
    if not live.exists():
        os.rename(built, live)
        return True
    if exchange(built, live):
        return True
    aside = built.with_name(built.name + ".swap")
    os.rename(live, aside)
    try:
        os.rename(built, live)
    except OSError:
        os.rename(aside, live)
        raise
    os.rename(aside, built)
    return False


def recover(built: Path, live: Path) -> None:
    """Undo a two-rename swap stopped between its renames (the system killed it there):
    the published folder, set aside, goes back to `live`."""
    aside = built.with_name(built.name + ".swap")
    if aside.exists() and not live.exists():
        os.rename(aside, live)
