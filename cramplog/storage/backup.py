"""Making backups: `cramplog backup`, the daily one on start-up, the one before an upgrade.

Every backup is a consistent copy made with SQLite's online backup API
(``storage.backup_copy``), in the backups folder beside the journal unless a
path is given; ``storage.backups_folder`` says how the files are named.

Only ``auto`` backups are rotated away (7 daily, 4 weekly, 12 monthly, and
always the one with the most entries); the others are rare events a person may
want to go back to, and are kept until deleted by hand.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path

from cramplog.paths import backups_dir
from cramplog.storage.backup_copy import BackupError, sqlite_backup
from cramplog.storage.backups_folder import (
    SUFFIX,
    backup_files,
    free_name,
    no_backups_folder,
    parse_name,
    secure_dir,
    stamp,
)
from cramplog.storage.file_check import quick_check, summarize

KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 12

Warn = Callable[[str], None]


def backup_now(
    db_path: Path,
    dest: Path | str | None = None,
    *,
    overwrite: bool = False,
    progress: Callable[[int, int], object] | None = None,
) -> Path:
    """`cramplog backup [PATH]`: a checked copy of the journal.

    Without ``dest`` the copy goes to the backups folder; a folder as ``dest``
    gets a timestamped file inside it. A folder that does not exist (named
    as one, ``/media/usb/``, or as the folder of a file) is refused.
    """
    _require_journal(db_path)
    if dest is None:
        try:
            folder = secure_dir(backups_dir(db_path))
        except OSError as exc:
            raise no_backups_folder(backups_dir(db_path), exc, "nothing was written") from exc
        target = free_name(folder, f"manual-{stamp(None)}")
    else:
        named_folder = isinstance(dest, str) and dest.endswith(("/", os.sep))
        dest = Path(dest).expanduser()
        # A mistyped folder (or a drive not mounted) is refused, not created.
        folder = dest if named_folder else dest.parent
        if not folder.is_dir():
            raise BackupError(
                f"the folder {folder} does not exist; nothing was written."
                " Create it first, or choose another path"
            )
        target = free_name(dest, f"{db_path.stem}-{stamp(None)}") if dest.is_dir() else dest
    if target.resolve() == db_path.resolve():
        raise BackupError("the backup target is the journal itself; choose another path")
    return sqlite_backup(db_path, target, overwrite=overwrite, progress=progress)


def _require_journal(db_path: Path) -> None:
    if not db_path.exists():
        raise BackupError(f"there is no journal at {db_path}; nothing to back up")
    if not db_path.is_file():
        raise BackupError(f"journal path {db_path} is not a file")


def backup_before_migration(path: Path, revision: str) -> Path:
    """Back up a journal about to be upgraded from schema ``revision``."""
    try:
        folder = secure_dir(backups_dir(path))
    except OSError as exc:
        raise no_backups_folder(backups_dir(path), exc, "the journal was not upgraded") from exc
    dest = free_name(folder, f"pre-upgrade-from-{revision}-{stamp(None)}")
    return sqlite_backup(path, dest)


def maybe_daily_backup(
    db_path: Path, *, now: dt.datetime | None = None, warn: Warn | None = None
) -> Path | None:
    """The daily automatic backup: at most one a day, then rotation.

    Call it before this process opens the journal: it reads the file's header
    with a plain open(), and on POSIX closing any descriptor of a file drops
    every lock this process holds on it, SQLite's included, so another process
    could then checkpoint and delete the -wal file under an open connection.

    Called right after the journal opens. When today's backup exists this is
    one folder listing. It never raises: a failed backup must not stop anyone
    logging a cramp; ``warn`` gets one line, and `cramplog doctor` reports
    the age of the newest backup.
    """
    now = now or dt.datetime.now()
    folder = backups_dir(db_path)
    if any(
        parsed is not None and parsed[0] == "auto" and parsed[1].date() == now.date()
        for parsed in map(parse_name, backup_files(folder))
    ):
        return None
    try:
        if not db_path.is_file() or db_path.stat().st_size == 0:
            return None  # no journal yet, or an empty file about to become one
        current = summarize(db_path, live=True)
        if current.problem is not None:
            if warn:
                warn(
                    f"no daily backup: the journal cannot be read ({current.problem});"
                    " run `cramplog doctor`"
                )
            return None
        if current.rows == 0:
            return None  # nothing worth keeping yet
        from cramplog.storage.schema import known_revisions

        if current.revision is not None and current.revision not in known_revisions():
            # A journal from a newer cramplog: opening it is refused, and
            # nothing may be written beside it either.
            return None
        try:
            secure_dir(folder)
        except OSError as exc:
            raise no_backups_folder(folder, exc, "no daily backup was made") from exc
        dest = free_name(folder, f"auto-{stamp(now)}")
        sqlite_backup(db_path, dest)
        damage = quick_check(dest)
        if damage is not None:
            # A damaged copy must not push good ones out of rotation.
            dest.unlink()
            if warn:
                warn(
                    f"the journal failed SQLite's integrity check ({damage});"
                    " no daily backup was kept: run `cramplog doctor`"
                )
            return None
        rotate(folder, now=now)
        return dest
    except (BackupError, OSError, sqlite3.Error) as exc:
        if warn:
            warn(f"the daily backup of {db_path} failed: {exc}")
        return None


def rotation_keeps(
    stamps: Iterable[tuple[Path, dt.datetime]],
    *,
    daily: int = KEEP_DAILY,
    weekly: int = KEEP_WEEKLY,
    monthly: int = KEEP_MONTHLY,
) -> set[Path]:
    """Which automatic backups to keep: the newest of each of the last N days,
    ISO weeks and months that have a backup (the scheme restic and borg use)."""
    ordered = sorted(stamps, key=lambda item: item[1], reverse=True)
    keep: set[Path] = set()
    buckets: list[tuple[int, Callable[[dt.datetime], object]]] = [
        (daily, lambda t: t.date()),
        (weekly, lambda t: t.isocalendar()[:2]),
        (monthly, lambda t: (t.year, t.month)),
    ]
    for limit, bucket_of in buckets:
        seen: set[object] = set()
        for path, created in ordered:
            bucket = bucket_of(created)
            if bucket in seen:
                continue
            seen.add(bucket)
            if len(seen) > limit:
                break
            keep.add(path)
    return keep


def rotate(folder: Path, *, now: dt.datetime | None = None) -> list[Path]:
    """Delete automatic backups the rotation no longer keeps; returns them.

    Only files named ``auto-...`` are ever deleted, and never the one with the
    most entries: a journal emptied by mistake cannot push its last full
    copy out of rotation, however many days pass before anyone notices.
    """
    autos: list[tuple[Path, dt.datetime]] = []
    for path in backup_files(folder):
        parsed = parse_name(path)
        if parsed is not None and parsed[0] == "auto":
            autos.append((path, parsed[1]))
    keep = rotation_keeps(autos)
    largest = max(autos, key=lambda item: (summarize(item[0]).entries, item[1]), default=None)
    if largest is not None:
        keep.add(largest[0])
    removed: list[Path] = []
    for path, _created in autos:
        if path not in keep:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed.append(path)
    _remove_stale_partials(folder, now or dt.datetime.now())
    return removed


def _remove_stale_partials(folder: Path, now: dt.datetime) -> None:
    # Left by a cramplog killed mid-backup; a day old is certainly abandoned.
    with contextlib.suppress(OSError):
        for path in folder.glob(f"*{SUFFIX}.partial"):
            with contextlib.suppress(OSError):
                age = now.timestamp() - path.stat().st_mtime
                if age > 24 * 3600:
                    path.unlink()
