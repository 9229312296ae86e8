"""A disk that is full or not writable, said plainly: which folder, how much space.

A leaf of the plugin: imports nothing of the other rooms (tasks.py uses it). Pure but
for reading sizes from the disk.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

MB = 1 << 20
# How the build's processes say it, in their last lines: Python ("[Errno 28]"), Pagefind
# (Rust: "(os error 28)"), and the words of either.
FULL = (errno.ENOSPC, errno.EDQUOT)
NOT_WRITABLE = (errno.EROFS, errno.EACCES, errno.EPERM)
_SAID = {code: (f"[Errno {code}]", f"(os error {code})", os.strerror(code)) for code in FULL + NOT_WRITABLE}


def tree_size(folder: Path) -> int:
    """Bytes the files under `folder` take (each inode once: a tree of hard links counts once)."""
    seen, total = set(), 0
    for root, _, names in os.walk(folder):
        for name in names:
            try:
                stat = os.lstat(os.path.join(root, name))
            except OSError:
                continue
            if (stat.st_dev, stat.st_ino) not in seen:
                seen.add((stat.st_dev, stat.st_ino))
                total += stat.st_blocks * 512
    return total


def free_bytes(folder: Path) -> int:
    folder = Path(folder)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return shutil.disk_usage(folder).free


def error_in(text: str) -> int | None:
    """The error number of a full or read-only disk that the build's output names, if any."""
    for code, forms in _SAID.items():
        if any(form in text for form in forms):
            return code
    return None


def _mb(size: int, decimal: str = ".") -> str:
    """Megabytes, with one decimal below 10 (Vietnamese writes it with a comma)."""
    size = max(size, 0) / MB
    return f"{size:.1f} MB".replace(".", decimal) if size < 10 else f"{size:.0f} MB"


def full_message(folder: Path, needed: int, free: int) -> str:
    needed_vi, free_vi = _mb(needed, ","), _mb(free, ",")
    return (f"{folder}: đĩa đã đầy: bản dựng cần khoảng {needed_vi}, chỉ còn trống {free_vi}. Giải phóng "
            f"chỗ trống (hoặc xoá {folder.name}.spare/ và cache/) rồi dựng lại; trang đã công bố vẫn giữ nguyên. / "
            f"{folder}: the disk is full: the build needs about {_mb(needed)}, {_mb(free)} are free. Free some "
            f"space (or remove {folder.name}.spare/ and cache/) and build again; the published site was left as "
            f"it was.")


def not_writable_message(folder: Path, code: int) -> str:
    return (f"{folder}: không ghi được vào thư mục này ({os.strerror(code)}). Cấp quyền ghi cho người dựng, "
            f"hoặc dựng ở thư mục khác; trang đã công bố vẫn giữ nguyên. / {folder}: cannot write in this "
            f"folder ({os.strerror(code)}). Give the builder write access, or build elsewhere; the published "
            f"site was left as it was.")


def refusal(folder: Path, code: int, needed: int) -> str:
    """The one message for a build that stopped on error `code` while writing beside `folder`."""
    if code in FULL:
        return full_message(folder, needed, free_bytes(folder.parent))
    return not_writable_message(folder.parent, code)


def writable(folder: Path) -> int | None:
    """None if a file can be made in `folder`, else the error number."""
    probe = Path(folder) / f".write-test-{os.getpid()}"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        return error.errno
    return None
