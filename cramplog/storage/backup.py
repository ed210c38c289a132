"""Copies of the journal made with SQLite's online backup API.

A plain file copy of a live WAL database can miss committed pages still in the
-wal file; the backup API reads a consistent snapshot through SQLite itself.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from pathlib import Path

from cramplog.domain import CramplogError


class BackupError(CramplogError):
    pass


def sqlite_backup(source: Path, dest: Path) -> Path:
    """Write a consistent copy of ``source`` to ``dest`` (0600), atomically."""
    dest = dest.expanduser()
    if dest.exists():
        raise BackupError(f"backup target {dest} already exists; choose another path")
    if not dest.parent.exists():
        dest.parent.mkdir(mode=0o700, parents=True)
    partial = dest.with_name(dest.name + ".partial")
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
        try:
            out = sqlite3.connect(partial)
            try:
                src.backup(out)
                # A backup is one self-contained file: no -wal beside it.
                out.execute("PRAGMA journal_mode = DELETE")
            finally:
                out.close()
        finally:
            src.close()
        partial.chmod(0o600)
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
        partial.replace(dest)
    except sqlite3.Error as exc:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        raise BackupError(f"backup of {source} failed: {exc}") from exc
    except OSError as exc:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        raise BackupError(f"backup to {dest} failed: {exc.strerror}") from exc
    return dest


def backup_before_migration(path: Path, revision: str) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    dest = path.with_name(f"{path.name}.pre-{revision}-{stamp}.bak")
    n = 1
    while dest.exists():
        n += 1
        dest = path.with_name(f"{path.name}.pre-{revision}-{stamp}-{n}.bak")
    return sqlite_backup(path, dest)
