"""Files and folders only their owner can read or write, whatever the umask."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import IO, Any

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def private_folder(path: Path) -> Path:
    """Create `path` (and its parents, as usual) as a folder only its owner can enter.

    A folder that already exists is left as it is: it may be shared on purpose.
    """
    path = Path(path)
    if not path.is_dir():
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):  # another process made it meanwhile
            path.mkdir(mode=FOLDER_MODE)
            os.chmod(path, FOLDER_MODE)
    return path


def private_file(path: Path) -> Path:
    """Make sure the file at `path` exists and only its owner can read or write it.

    Its bytes are untouched. A file that belongs to someone else is left as it is.
    """
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, FILE_MODE)
    try:
        _tighten(fd)
    finally:
        os.close(fd)
    return Path(path)


def open_private(path: Path, mode: str = "w", **kwargs: Any) -> IO[Any]:
    """`open(path, mode)` for writing from the start, the file private to its owner."""
    if mode not in ("w", "wb"):
        raise ValueError(f"open_private writes a file from the start, not mode {mode!r}")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, FILE_MODE)
    try:
        _tighten(fd)
        return os.fdopen(fd, mode, **kwargs)
    except BaseException:
        os.close(fd)
        raise


def _tighten(fd: int) -> None:
    """Take away group and others' access to a file of ours (a file made before this kit)."""
    info = os.fstat(fd)
    if info.st_mode & 0o077 and info.st_uid == _uid() and hasattr(os, "fchmod"):
        os.fchmod(fd, info.st_mode & 0o700)


def _uid() -> int:
    return os.getuid() if hasattr(os, "getuid") else 0
