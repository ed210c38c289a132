"""The one way cramplog opens an SQLite file, and what its failures mean.

Every connection to a journal or a backup (the engine of the app and the
commands, backups, restore, doctor) is made by :func:`connect` from a ``Path``.
A path is never pasted into a URI by hand: in ``f"file:{path}?mode=ro"`` a
``#`` ends the path (``~/C# notes/journal.sqlite3`` opened ``~/C``), a ``?``
starts the parameters early and ``%20`` is decoded, so SQLite silently opened
or even created another file. :func:`file_uri` quotes every byte of the path.

No SQLAlchemy here: the daily backup and doctor use this module before (or
without) the journal's engine, and the app must start quickly.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sqlite3
from pathlib import Path
from typing import Literal
from urllib.parse import urlencode

BUSY_TIMEOUT_S = 30.0
# Test hook only (tests/reliability): cap the journal at this many pages, so a
# real process meets SQLite's "database or disk is full" without filling a disk.
# SQLite never lowers the cap below the file's current size.
MAX_PAGES_ENV = "CRAMPLOG_TEST_MAX_PAGE_COUNT"
# Below this much free space a write that fails with an I/O error failed for
# want of room: SQLite needs a few pages for the -wal and the -shm (32 KB).
FULL_DISK_BYTES = 1024 * 1024
WORKING_SUFFIXES = ("-wal", "-shm")

Mode = Literal["ro", "rw", "rwc"]


def file_uri(path: Path, *, mode: Mode | None = None, immutable: bool = False) -> str:
    """An SQLite ``file:`` URI naming exactly ``path``, whatever characters it holds."""
    # as_uri() percent-quotes every byte of the file-system name (os.fsencode),
    # so '#', '?', '%', spaces, newlines and undecodable bytes all survive.
    uri = path.absolute().as_uri()
    params: dict[str, str] = {}
    if mode is not None:
        params["mode"] = mode
    if immutable:
        params["immutable"] = "1"
    return f"{uri}?{urlencode(params)}" if params else uri


def connect(
    path: Path,
    *,
    mode: Mode = "rw",
    immutable: bool = False,
    timeout: float = BUSY_TIMEOUT_S,
    check_same_thread: bool = True,
) -> sqlite3.Connection:
    """A connection to the SQLite file at ``path``.

    ``rw`` (the default) never creates a file: cramplog creates journals and
    backups itself, private, before SQLite sees them, and a path that has gone
    away must fail rather than start an empty journal. It still falls back to
    reading a write-protected file. A URI is used even for a plain path, so a
    relative name starting with ``file:`` cannot be taken for one.
    """
    return sqlite3.connect(
        file_uri(path, mode=mode, immutable=immutable),
        uri=True,
        timeout=timeout,
        check_same_thread=check_same_thread,
    )


def working_files(path: Path) -> list[Path]:
    """The -wal and -shm files SQLite keeps beside ``path`` (whether present or not)."""
    return [path.with_name(path.name + suffix) for suffix in WORKING_SUFFIXES]


# --- what a failure means ------------------------------------------------------------


def free_bytes(folder: Path) -> int | None:
    """Free space for this user on the disk holding ``folder`` (None when unknown)."""
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def disk_is_full(path: Path) -> bool:
    """True when the disk holding ``path`` has no room left for SQLite to work."""
    free = free_bytes(path.parent if not path.is_dir() else path)
    return free is not None and free < FULL_DISK_BYTES


def writable(path: Path) -> bool:
    # access() also says no for an immutable file, even to root.
    return os.access(path, os.W_OK)


def read_only_working_file(path: Path) -> Path | None:
    """A -wal or -shm beside ``path`` that this process cannot write, if any."""
    for each in working_files(path):
        if each.exists() and not writable(each):
            return each
    return None


def repair_working_files(path: Path) -> None:
    """Make our own read-only -wal/-shm writable again once the journal is writable.

    A command run while the journal was read-only leaves them with the
    journal's mode of the time (SQLite copies it), and SQLite then keeps the
    journal read-only even after its permissions are fixed. Only our own
    files, and only when the journal itself may be written: a journal made
    read-only on purpose stays so.
    """
    if not (path.exists() and writable(path)):
        return
    for each in working_files(path):
        with contextlib.suppress(OSError):
            info = each.stat()
            if info.st_uid == os.getuid() and info.st_mode & 0o600 != 0o600:
                each.chmod(0o600)


def explain(exc: BaseException, path: Path, *, what: str = "journal") -> str | None:
    """One line saying why SQLite (or the OS) failed on ``path``, and what to do.

    None when the failure is none of the common faults (damage is told apart by
    the caller, which knows whether it read the file). Looks at the file
    system only; it never opens ``path`` (closing any descriptor of a file
    would drop this process's SQLite locks on it).
    """
    text = str(exc).lower()
    folder = path.parent
    full = "full" in text or (
        ("disk i/o" in text or "no space" in text or _errno(exc) == errno.ENOSPC)
        and disk_is_full(path)
    )
    if full:
        return (
            f"{what} {path}: the disk is full; nothing was written."
            f" Free some space on the disk holding {folder} and try again"
        )
    readonly = (
        "readonly" in text
        or "read-only" in text
        or _errno(exc) in (errno.EROFS, errno.EACCES, errno.EPERM)
        or "unable to open" in text
    )
    if not readonly:
        return None
    if path.exists() and not writable(path):
        return (
            f"{what} {path} is read-only (the file itself); nothing was written."
            f" Make it writable again: chmod u+w '{path}'"
        )
    if folder.exists() and not writable(folder):
        if what == "journal":
            # WAL keeps -wal and -shm files beside the journal: the folder must be writable.
            return (
                f"cannot use journal {path}: its folder {folder} is read-only (SQLite keeps"
                " working files beside the journal); nothing was written."
                f" Make the folder writable again: chmod u+w '{folder}'"
            )
        return (
            f"cannot write {what} {path}: its folder {folder} is read-only; nothing was"
            f" written. Make the folder writable again (chmod u+w '{folder}') or choose"
            " another place"
        )
    stuck = read_only_working_file(path)
    if stuck is not None:
        return (
            f"{what} {path} cannot be written: its working file {stuck.name} is read-only"
            " (left from an earlier failure); nothing was written. With no cramplog"
            f" running, remove it: rm '{stuck}'"
        )
    if "readonly" in text or "read-only" in text:
        return f"{what} {path} is read-only: nothing was written"
    return None


def _errno(exc: BaseException) -> int | None:
    return exc.errno if isinstance(exc, OSError) else None
