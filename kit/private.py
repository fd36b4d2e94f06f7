"""Files and folders only their owner can read or write, whatever the umask."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from typing import IO, Any

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def private_folder(path: Path, *, tighten: bool = False) -> Path:
    """Create `path` (and its parents, as usual) as a folder only its owner can enter.

    A folder that already exists is left as it is (it may be shared on purpose), unless
    `tighten`: then, if it is ours, group and others lose their access to it.
    """
    path = Path(path)
    if not path.is_dir():
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):  # another process made it meanwhile
            path.mkdir(mode=FOLDER_MODE)
            os.chmod(path, FOLDER_MODE)
    elif tighten:
        _tighten(path)
    return path


def private_file(path: Path) -> Path:
    """Make sure the file at `path` exists and only its owner can read or write it.

    A new file is created empty; an existing one keeps its bytes and, if it is ours, group and
    others lose their access to it. A file we cannot change (another user's, a read-only
    disk) is left as it is.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        os.close(os.open(path, flags, FILE_MODE))
    except FileExistsError:
        _tighten(Path(path))
    return Path(path)


def open_private(path: Path, mode: str = "w", **kwargs: Any) -> IO[Any]:
    """`open(path, mode)` for writing from the start, the file private to its owner."""
    if mode not in ("w", "wb"):
        raise ValueError(f"open_private writes a file from the start, not mode {mode!r}")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, FILE_MODE)
    try:
        info = os.fstat(fd)
        if info.st_mode & 0o077 and info.st_uid == _uid() and hasattr(os, "fchmod"):
            os.fchmod(fd, info.st_mode & 0o700)
        return os.fdopen(fd, mode, **kwargs)
    except BaseException:
        os.close(fd)
        raise


def _tighten(path: Path) -> None:
    """Take away group and others' access to a file or folder of ours (made before this kit)."""
    with contextlib.suppress(OSError):
        info = os.stat(path)
        if info.st_mode & 0o077 and info.st_uid == _uid():
            os.chmod(path, stat.S_IMODE(info.st_mode) & 0o700)


def _uid() -> int:
    return os.getuid() if hasattr(os, "getuid") else 0
