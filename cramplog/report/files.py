"""Writing exported files: atomically, readable only by their owner, never over a file
unless asked (--force), and never through or over a symbolic link, even when asked.

A link at the path, even one that points nowhere, is where someone else may
have aimed it (another user's file, a system file): following it, or quietly
replacing it, would write somewhere the person did not choose.
"""

from __future__ import annotations

import os
from pathlib import Path

from cramplog.domain import CramplogError, ValidationError
from cramplog.paths import make_private_dir


def check_target(path: Path, *, force: bool = False) -> None:
    """Refuse ``path`` as a file to write: a link, a folder, or (without force) a file."""
    if path.is_symlink():
        raise ValidationError(
            "output",
            f"{path} is a symbolic link; cramplog never writes through or over one"
            " (remove it or choose another name)",
        )
    if path.is_dir():
        raise ValidationError("output", f"{path} is a folder; give a file name")
    if path.exists() and not path.is_file():
        raise ValidationError("output", f"{path} exists and is not a file; choose another name")
    if path.exists() and not force:
        raise ValidationError("output", f"{path} already exists; use --force to overwrite it")


def check_folder(folder: Path) -> None:
    """Refuse ``folder`` as a folder to write into: a link, or something not a folder."""
    if folder.is_symlink():
        raise ValidationError(
            "output",
            f"{folder} is a symbolic link; cramplog never writes through one"
            " (give the folder itself)",
        )
    if folder.exists() and not folder.is_dir():
        raise ValidationError("output", f"{folder} is a file, not a folder; choose a folder")


def prepare_folder(folder: Path) -> None:
    """``folder``, checked, made (0700) when missing."""
    check_folder(folder)
    make_private_dir(folder)


def write_private(path: Path, data: str | bytes, *, force: bool = False) -> None:
    check_target(path, force=force)
    if not path.parent.exists():
        raise ValidationError("output", f"folder {path.parent} does not exist")
    tmp = path.with_name(f".{path.name}.tmp")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        # A leftover from an interrupted write (or a link put there) is removed,
        # not followed; O_EXCL then makes the file new, and ours.
        tmp.unlink(missing_ok=True)
        flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(tmp, flags, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        # A rename replaces what is at ``path`` (never what a link there points to).
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise CramplogError(f"cannot write {path}: {exc.strerror}") from exc
