"""Restoring a backup: check it, keep the journal as it was, then replace its content.

A restore never leaves a mixture: another cramplog with the journal open sees
the old journal or the restored one. It is refused, with nothing changed, for
a file the app would not open as a sound journal of this release, and for a
backup holding far fewer entries than the journal (unless forced).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import shutil
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cramplog.paths import PRIVATE_FILE_MODE, backups_dir, create_private_file, make_private_dir
from cramplog.storage.backup_copy import BackupError, fsync_dir, sqlite_backup
from cramplog.storage.backups_folder import free_name, no_backups_folder, secure_dir, stamp
from cramplog.storage.file_check import (
    FileSummary,
    connect_read_only,
    quick_check,
    read_summary,
    summarize,
)
from cramplog.storage.models import USER_TABLE_NAMES
from cramplog.storage.sqlite_file import connect, explain, working_files
from cramplog.terminal_text import counted

# A restore that would lose more than a tenth of the entries needs --force.
SHRINK_LIMIT = 0.9


@dataclass(frozen=True)
class RestoreResult:
    journal: Path
    restored_from: Path
    entries: int
    previous_entries: int | None
    saved_as: Path | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "journal": str(self.journal),
            "restored_from": str(self.restored_from),
            "entries": self.entries,
            "previous_entries": self.previous_entries,
            "saved_as": None if self.saved_as is None else str(self.saved_as),
        }


def find_backup(db_path: Path, name: str | Path) -> Path:
    """A backup by path, or by its file name in the journal's backups folder."""
    path = Path(name).expanduser()
    if path.is_file():
        return path
    candidate = backups_dir(db_path) / path.name
    if candidate.is_file():
        return candidate
    raise BackupError(f"no backup file {name}; `cramplog backups` lists them")


def check_restorable(backup: Path) -> FileSummary:
    """Refuse a file the app would not open as a sound journal of this release.

    Read-only, through the same connection as everything else: SQLite's full
    integrity check, exactly one schema revision and one this cramplog knows,
    every table a journal of that revision has, and every link between records
    intact.
    """
    # live: a journal file given as the backup may have changes in its -wal.
    summary = summarize(backup, live=True)
    if summary.problem is not None:
        raise BackupError(f"{backup} cannot be restored: {summary.problem}; nothing was changed")
    try:
        conn = connect_read_only(backup, live=True)
        try:
            fault = journal_fault(conn)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        fault = f"is damaged (SQLite says {exc}); choose another backup"
    if fault is not None:
        raise BackupError(f"{backup} cannot be restored: it {fault}; nothing was changed")
    return summary


def journal_fault(conn: sqlite3.Connection) -> str | None:
    """Why the file behind ``conn`` is not a journal the app would open; None if it is."""
    from cramplog.storage.schema import known_revisions

    damage = [str(r[0]) for r in conn.execute("PRAGMA integrity_check(5)")]
    if damage != ["ok"]:
        return f"is damaged ({'; '.join(damage)}); choose another backup"
    tables = {
        str(row[0]) for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    if "alembic_version" not in tables:
        return "is not a cramplog journal (it has no schema revision)"
    revisions = [str(row[0]) for row in conn.execute("SELECT version_num FROM alembic_version")]
    if len(revisions) != 1:
        return (
            f"records {len(revisions)} schema revisions where a cramplog journal has"
            " exactly one: it is not a journal this cramplog can open"
        )
    if revisions[0] not in known_revisions():
        return (
            f"was written by a newer cramplog (schema {revisions[0]});"
            " upgrade cramplog to restore it"
        )
    missing = [t for t in USER_TABLE_NAMES if t not in tables]
    if missing:
        # A journal of an older revision lacks the tables added since: opening it adds them.
        expected = tables_at(revisions[0])
        missing = [t for t in missing if t in expected]
    if missing:
        return f"is not a complete cramplog journal (no table {', '.join(missing)})"
    broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        where = ", ".join(sorted({str(row[0]) for row in broken}))
        return (
            f"holds {counted(len(broken), 'record')} pointing to"
            f" records that do not exist (in {where}); choose another backup"
        )
    return None


@functools.cache
def tables_at(revision: str) -> frozenset[str]:
    """The tables a journal at schema ``revision`` has: its migrations, run in memory."""
    from sqlalchemy import create_engine

    from cramplog.storage.schema import upgrade

    engine = create_engine("sqlite://")
    try:
        with engine.begin() as conn:
            upgrade(conn, revision)
            found = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")
            return frozenset(str(row[0]) for row in found)
    finally:
        engine.dispose()


def restore_backup(
    db_path: Path, backup: Path, *, force: bool = False, now: dt.datetime | None = None
) -> RestoreResult:
    """Replace the journal's content with ``backup``'s, keeping the old content.

    The backup is checked first (:func:`check_restorable`). Then the journal is
    copied (``pre-restore-...``) and the copy checked to hold every row the
    journal holds. The new content is written through SQLite's backup API into
    the journal file itself, in one transaction: another cramplog with the
    journal open sees the old journal or the restored one, never a mixture,
    and no stale -wal file can be replayed onto the restored pages. Only a
    journal SQLite cannot open at all is replaced by renaming a finished copy
    over it. A restore refused or failed before the journal changed leaves
    the journal and the backups folder as they were.
    """
    db_path = db_path.expanduser()
    if db_path.exists() and backup.resolve() == db_path.resolve():
        raise BackupError("that file is the journal itself; choose a backup")
    wanted = check_restorable(backup)
    present = db_path.exists() and db_path.stat().st_size > 0
    current = summarize(db_path, live=True) if present else None
    readable = current is not None and current.problem is None
    previous = current.entries if current is not None and readable else None
    if previous is not None and wanted.entries < SHRINK_LIMIT * previous and not force:
        raise BackupError(
            f"{backup.name} has {counted(wanted.entries, 'entry', 'entries')}"
            f" but the journal has {previous};"
            " restoring it would lose entries. Nothing was changed. Use --force to"
            " restore it anyway (the journal is backed up first)"
        )
    try:
        folder = secure_dir(backups_dir(db_path))
    except OSError as exc:
        raise no_backups_folder(backups_dir(db_path), exc, "nothing was changed") from exc
    staged = _stage(backup, db_path)
    saved: Path | None = None
    touched = False
    try:
        if present and readable:
            saved = _save_before_restore(db_path, folder, now)
            # One SQLite transaction: it fails whole, leaving the journal as it was.
            _restore_in_place(staged, db_path, saved)
        else:
            if present:
                saved = _keep_damaged(db_path, folder, now)
            touched = True
            _restore_by_rename(staged, db_path)
    except BaseException:
        # The journal is as it was: so is the list of backups (an empty or
        # partial "pre-restore" copy must never pass for the newest backup).
        if saved is not None and not touched:
            for each in (saved, saved.with_name(saved.name + "-wal")):
                with contextlib.suppress(OSError):
                    each.unlink()
        raise
    finally:
        with contextlib.suppress(OSError):
            staged.unlink()
    with contextlib.suppress(OSError):
        db_path.chmod(PRIVATE_FILE_MODE)
    after = summarize(db_path, live=True)
    if after.problem is not None or after.counts != wanted.counts:
        where = f"; the journal as it was is at {saved}" if saved else ""
        raise BackupError(
            f"the restored journal does not match {backup.name}"
            f" ({after.problem or f'{after.entries} entries, expected {wanted.entries}'}){where}"
        )
    return RestoreResult(db_path, backup, wanted.entries, previous, saved)


def _stage(backup: Path, db_path: Path) -> Path:
    """A private copy of ``backup`` beside the journal, marked as a new generation."""
    staged = db_path.with_name(f".{db_path.name}.restoring")
    with contextlib.suppress(FileNotFoundError):
        staged.unlink()
    try:
        make_private_dir(db_path.parent)
    except OSError as exc:
        raise BackupError(
            f"cannot create the journal's folder {db_path.parent}: {exc.strerror};"
            " nothing was changed"
        ) from exc
    sqlite_backup(backup, staged)
    try:
        conn = connect(staged, mode="rw")
        try:
            has_meta = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'journal_meta'"
            ).fetchone()
            if has_meta:
                # An open app compares this with what it read: a new value
                # says the journal was replaced and must be reloaded.
                with conn:
                    conn.execute(
                        "INSERT OR REPLACE INTO journal_meta(key, value) VALUES ('generation', ?)",
                        (str(uuid.uuid4()),),
                    )
        finally:
            conn.close()
    except sqlite3.Error as exc:
        with contextlib.suppress(OSError):
            staged.unlink()
        raise BackupError(
            explain(exc, staged) or f"cannot prepare the restore: {exc}; nothing was changed"
        ) from exc
    return staged


def _save_before_restore(db_path: Path, folder: Path, now: dt.datetime | None) -> Path:
    """``pre-restore-...``: the journal as it is, checked to be a sound, complete copy."""
    saved = sqlite_backup(db_path, free_name(folder, f"pre-restore-{stamp(now)}"))
    copy = summarize(saved)
    damage = None if copy.problem else quick_check(saved)
    if copy.problem or damage:
        raise BackupError(
            f"the copy of the journal made before restoring is not sound"
            f" ({copy.problem or damage}); nothing was changed"
        )
    return saved


def _restore_in_place(staged: Path, db_path: Path, saved: Path) -> None:
    kept = summarize(saved)
    try:
        src = connect_read_only(staged, live=False)
        try:
            dst = connect(db_path, mode="rw")
            try:
                # Checked as late as can be: a cramplog that wrote to the
                # journal after the copy was made would lose that entry.
                now_there = read_summary(dst)
                if now_there.counts != kept.counts:
                    raise BackupError(
                        "the journal changed while it was being copied (another cramplog"
                        " is writing to it); nothing was changed, try again"
                    )
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        known = explain(exc, db_path)
        raise BackupError(
            known or f"restore into {db_path} failed, nothing was changed: {exc}"
        ) from exc
    except OSError as exc:
        raise BackupError(f"restore into {db_path} failed: {exc.strerror or exc}") from exc


def _restore_by_rename(staged: Path, db_path: Path) -> None:
    try:
        # The damaged file's -wal and -shm were saved by _keep_damaged; left
        # here they would be replayed onto the restored pages.
        for each in working_files(db_path):
            with contextlib.suppress(FileNotFoundError):
                each.unlink()
        staged.replace(db_path)
        fsync_dir(db_path.parent)
    except OSError as exc:
        raise BackupError(f"restore into {db_path} failed: {exc.strerror or exc}") from exc


def _keep_damaged(db_path: Path, folder: Path, now: dt.datetime | None) -> Path:
    """Keep the bytes of a journal SQLite cannot read, before it is replaced.

    A byte copy, not the backup API: SQLite refuses this file, and no one can
    be writing to a journal that cannot be opened.
    """
    dest = free_name(folder, f"damaged-{stamp(now)}")
    try:
        for suffix in ("", "-wal"):
            source = db_path.with_name(db_path.name + suffix)
            if source.exists():
                target = dest.with_name(dest.name + suffix)
                create_private_file(target)
                with target.open("wb") as out, source.open("rb") as handle:
                    shutil.copyfileobj(handle, out)
                    out.flush()
                    os.fsync(out.fileno())
    except OSError as exc:
        raise BackupError(
            f"cannot keep a copy of the damaged journal: {exc.strerror or exc}; nothing was changed"
        ) from exc
    return dest
