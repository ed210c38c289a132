"""One consistent copy of an SQLite file, made with SQLite's online backup API.

A plain file copy of a live WAL database can miss committed pages still in the
-wal file, or catch a page half-written; the backup API reads a consistent
snapshot through SQLite itself. Every copy is one self-contained file (no -wal
beside it), mode 0600, renamed into place only when complete.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from cramplog.domain import CramplogError
from cramplog.paths import PRIVATE_FILE_MODE, create_private_file, make_private_dir
from cramplog.storage.sqlite_file import connect, explain

# Pages copied between two reports of progress (4 MB of 4 KB pages).
PAGES_PER_STEP = 1024


class BackupError(CramplogError):
    pass


def sqlite_backup(
    source: Path,
    dest: Path,
    *,
    overwrite: bool = False,
    progress: Callable[[int, int], object] | None = None,
) -> Path:
    """Write a consistent copy of ``source`` to ``dest`` (0600), atomically.

    The copy is written to ``dest.partial`` and renamed into place only when
    complete and synced, so ``dest`` is never a half-written file. Missing
    folders are created 0700. ``progress(copied, total)`` hears how many
    pages are copied, a step at a time (the app's progress bar).
    """
    dest = dest.expanduser()
    if dest.exists() and not overwrite:
        raise BackupError(f"backup target {dest} already exists; choose another path")
    partial = dest.with_name(dest.name + ".partial")
    try:
        make_private_dir(dest.parent)
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        create_private_file(partial)
        # mode=rw never creates a missing file, falls back to reading a
        # write-protected one, and, unlike mode=ro, lets the last connection
        # tidy away the -wal and -shm files when it closes.
        src = connect(source, mode="rw")
        try:
            out = connect(partial, mode="rw")
            try:
                if progress is None:
                    src.backup(out)
                else:
                    src.backup(
                        out,
                        pages=PAGES_PER_STEP,
                        progress=lambda _status, left, total: progress(total - left, total),
                    )
                # A backup is one self-contained file: no -wal beside it.
                out.execute("PRAGMA journal_mode = DELETE")
            finally:
                out.close()
        finally:
            src.close()
        partial.chmod(PRIVATE_FILE_MODE)
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
        partial.replace(dest)
        fsync_dir(dest.parent)
    except sqlite3.Error as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        known = explain(exc, dest, what="backup") or explain(exc, source)
        raise BackupError(known or f"backup of {source} failed: {exc}") from exc
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        known = explain(exc, dest, what="backup")
        raise BackupError(known or f"backup to {dest} failed: {exc.strerror or exc}") from exc
    return dest


def fsync_dir(folder: Path) -> None:
    # The rename is durable only once the folder entry is on disk.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
