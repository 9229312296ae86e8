"""One build at a time per checkout: a lock held by every command that writes `output/`,
its spare folder or the cache.

A leaf of the plugin: imports nothing of the other rooms (tasks.py uses it).

The lock is flock(2) on a file beside the output (`.build.lock`). The kernel releases it
when the last process holding it ends, however it ends: a lock left by a killed build is
simply free, and nothing has to guess whether a recorded process is still alive. The
holder's process id, command and start are written into the file only to be named to
whoever waits. The descriptor is passed to the build's own processes (Pelican and its
workers): while any of them still runs, even after the command that started it was
killed, the lock stays held, and no second build writes beside it.

The file is never removed: a process that removed it while another waited on the old
one would let a third lock a new file, and two builds would run at once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import socket
import time
from pathlib import Path

LOCK_NAME = ".build.lock"
POLL_SECONDS = 0.2


class LockBusy(Exception):
    """Another build held the lock for longer than this one would wait."""


def _holder(fd: int) -> dict:
    try:
        return json.loads(os.pread(fd, 4096, 0).decode("utf-8") or "{}")
    except (OSError, ValueError):
        return {}


def _alive(pid) -> bool:
    try:
        os.kill(int(pid), 0)
    except (OSError, ValueError, TypeError):
        return False
    return True


def describe(holder: dict) -> tuple[str, str]:
    """The running build, in Vietnamese and in English."""
    if not holder:
        return "một bản dựng khác", "another build"
    pid, command, started = holder.get("pid"), holder.get("command", "?"), holder.get("started", "?")
    if _alive(pid):
        return (f"bản dựng PID {pid} ({command}, bắt đầu {started})",
                f"build PID {pid} ({command}, started {started})")
    return (f"một tiến trình do bản dựng PID {pid} ({command}, bắt đầu {started}) khởi động, vẫn đang ghi",
            f"a process started by build PID {pid} ({command}, started {started}), which still writes")


@contextlib.contextmanager
def held(folder: Path, command: str, wait: float, say=print):
    """Hold the checkout's build lock (in `folder`) for the block: waits up to `wait` seconds
    for a running build, saying once whom it waits for, then raises LockBusy. Yields the
    descriptor, for the build's processes to inherit (subprocess pass_fds)."""
    path = Path(folder) / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        began = time.monotonic()
        deadline = began + wait
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = _holder(fd)  # empty for the moment between its taking the lock and saying who it is
                vietnamese, english = describe(holder)
                if time.monotonic() >= deadline:
                    raise LockBusy(
                        f"{path}: {vietnamese} đang chạy trong thư mục này; đã chờ {wait:g} giây. Chờ nó xong "
                        f"rồi chạy lại. / {english} is running in this folder; waited {wait:g} s. Let it "
                        f"finish, then run this again.") from None
                if not told and (holder or time.monotonic() - began > 1):
                    say(f"{path}: chờ {vietnamese} xong… / waiting for {english} to finish…")
                    told = True
                time.sleep(POLL_SECONDS)
        record = {"pid": os.getpid(), "command": command, "host": socket.gethostname(),
                  "started": dt.datetime.now().astimezone().isoformat(timespec="seconds")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(record, ensure_ascii=False).encode("utf-8"), 0)
        os.set_inheritable(fd, True)
        yield fd
    finally:
        os.close(fd)  # releases the lock once no process it started holds the descriptor
