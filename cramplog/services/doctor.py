"""`cramplog doctor`: is the journal sound, where is it, and is it backed up?

Everything here reads the journal through its own read-only SQLite
connection, never through ``Journal.open``: doctor must work on exactly the
files that cannot be opened normally (damaged, truncated, from a newer
cramplog, in a read-only folder), and must not change them, not even by
upgrading the schema or leaving -wal files behind.

This module looks at the file, its folder and its backups; ``doctor_contents``
at what SQLite finds inside it; ``doctor_report`` holds the findings and says
them as text or JSON.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
from pathlib import Path

from cramplog.paths import backups_dir
from cramplog.services.doctor_contents import check_contents, check_room, full_disk_explains
from cramplog.services.doctor_report import (
    ENTRY_WORDS,
    DoctorReport,
    is_private,
    size_text,
)
from cramplog.storage.backups_folder import list_backups
from cramplog.storage.file_check import SQLITE_HEADER, connect_read_only
from cramplog.storage.models import USER_TABLE_NAMES
from cramplog.storage.sqlite_file import working_files, writable
from cramplog.terminal_text import counted

# Backups older than this are worth a warning for a journal still in use.
STALE_BACKUP_DAYS = 7


def diagnose(db_path: Path, *, now: dt.datetime | None = None) -> DoctorReport:
    """Look at the journal and its backups; change nothing."""
    from cramplog.storage.schema import head_revision, known_revisions

    db_path = db_path.expanduser()
    report = DoctorReport(db_path, backups_dir(db_path), head=head_revision())
    readable = _check_journal(report, db_path, known_revisions())
    _check_backups(report, db_path, readable, now or dt.datetime.now())
    return report


def _check_journal(report: DoctorReport, path: Path, known: set[str]) -> bool:
    """Add findings about the journal file; True when its contents could be read."""
    if not path.exists():
        report.add(
            "journal",
            "note",
            f"there is no journal at {path} yet; cramplog creates it the first time"
            " something is logged",
        )
        return False
    if not path.is_file():
        report.add("journal", "problem", f"{path} is a folder, not a journal file")
        return False
    info = path.stat()
    mode = stat.S_IMODE(info.st_mode)
    who = "readable only by you" if is_private(mode) else f"mode {mode:04o}"
    report.add("journal", "ok", f"{path} ({size_text(info.st_size)}, {who})")
    _check_private_files(report, path)
    _check_writable(report, path)
    check_room(report, path)
    if info.st_size == 0:
        report.add(
            "journal", "note", "the file is empty; cramplog sets it up the next time it opens"
        )
        return False
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        report.add("journal", "problem", f"cannot read the file: {exc.strerror or exc}")
        return False
    if not header.startswith(SQLITE_HEADER):
        report.add(
            "integrity",
            "problem",
            "the file is not an SQLite database: it is damaged or is not a cramplog"
            " journal. Restore a backup with `cramplog restore`",
        )
        return False
    wal = path.with_name(path.name + "-wal")
    if not (wal.exists() and wal.stat().st_size > 0):
        # With changes pending in the -wal the file may lag its final size;
        # SQLite's own check below still catches a truncated file.
        _check_length(report, path, header, info.st_size)
    else:
        report.add(
            "journal",
            "note",
            f"{wal.name} holds recent changes not yet folded into the journal file"
            " (a cramplog is running, or one was stopped abruptly); SQLite folds them"
            " in when the journal is next opened",
        )
    try:
        conn = connect_read_only(path, live=True)
    except sqlite3.Error as exc:
        if not full_disk_explains(report, path):
            report.add("journal", "problem", f"SQLite cannot open the journal: {exc}")
        return False
    try:
        return check_contents(report, conn, known, path)
    finally:
        conn.close()


def _check_writable(report: DoctorReport, path: Path) -> None:
    """Say which is read-only, the file or its folder, and what to do about it."""
    folder = path.parent
    if not writable(path):
        report.add(
            "journal",
            "warning",
            f"the journal file is read-only: it can be read but nothing can be logged."
            f" Make it writable again: chmod u+w '{path}'",
        )
    if not writable(folder):
        report.add(
            "journal",
            "warning",
            f"the journal's folder {folder} is read-only: cramplog cannot open the journal"
            " to log or list (SQLite keeps working files beside it)."
            f" Make it writable again: chmod u+w '{folder}'",
        )
    for each in working_files(path):
        try:
            info = each.stat()
        except OSError:
            continue
        if writable(each) and info.st_mode & 0o600 == 0o600:
            continue
        if info.st_uid == os.getuid() and writable(path):
            report.add(
                "journal",
                "note",
                f"{each.name} was left read-only by an earlier failure; cramplog makes it"
                " writable again the next time it opens the journal. If it still says"
                f" read-only then, with no cramplog running, remove it: rm '{each}'",
            )
        else:
            report.add(
                "journal",
                "warning",
                f"{each.name} is read-only (left by an earlier failure or another user):"
                " SQLite keeps the journal read-only while it is there. With no cramplog"
                f" running, remove it: rm '{each}'",
            )


def _check_private_files(report: DoctorReport, path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        each = path.with_name(path.name + suffix)
        try:
            mode = stat.S_IMODE(each.stat().st_mode)
        except OSError:
            continue
        if not is_private(mode):
            report.add(
                "privacy",
                "problem",
                f"{each.name} can be read or changed by other users (mode {mode:04o});"
                f" fix it with: chmod 600 {each}",
            )


def _check_length(report: DoctorReport, path: Path, header: bytes, size: int) -> None:
    """A file shorter than its header says was cut off (a failed copy or disk)."""
    if len(header) < 100:
        report.add("integrity", "problem", "the file is shorter than an SQLite header: truncated")
        return
    raw = int.from_bytes(header[16:18], "big")
    page_size = 65536 if raw == 1 else raw
    pages = int.from_bytes(header[28:32], "big")
    # The header's page count is valid only when these two counters agree.
    valid = header[24:28] == header[92:96]
    expected = pages * page_size
    if valid and pages and size < expected:
        report.add(
            "integrity",
            "problem",
            f"the file is truncated: {size} bytes where its header says {expected};"
            " entries at the end are missing. Restore a backup with `cramplog restore`",
        )


def _check_backups(report: DoctorReport, path: Path, readable: bool, now: dt.datetime) -> None:
    folder = report.backups_folder
    if not folder.exists():
        has_entries = readable and any(report.counts.get(t) for t in USER_TABLE_NAMES)
        report.add(
            "backups",
            "warning" if has_entries else "note",
            f"no backups yet (they go in {folder}); make one now with `cramplog backup`",
        )
        return
    mode = stat.S_IMODE(folder.stat().st_mode)
    if not is_private(mode):
        report.add(
            "privacy",
            "problem",
            f"the backups folder can be opened by other users (mode {mode:04o});"
            f" fix it with: chmod 700 {folder}",
        )
    backups = list_backups(path)
    report.backups = backups
    if not backups:
        report.add(
            "backups", "warning", f"{folder} has no backups; make one with `cramplog backup`"
        )
        return
    newest = backups[0]
    age = now - newest.created
    entries = "unreadable" if newest.entries is None else counted(newest.entries, *ENTRY_WORDS)
    report.add(
        "backups",
        "ok",
        f"{len(backups)} in {folder}; newest {newest.created:%Y-%m-%d %H:%M} ({entries})",
    )
    if age > dt.timedelta(days=STALE_BACKUP_DAYS):
        report.add(
            "backups",
            "warning",
            f"the newest backup is {age.days} days old; cramplog makes one a day when it"
            " is used, or run `cramplog backup`",
        )
    unreadable = [b for b in backups if b.summary.problem]
    if unreadable:
        report.add(
            "backups",
            "warning",
            f"{counted(len(unreadable), 'backup file')} cannot be read: "
            + ", ".join(b.path.name for b in unreadable[:3]),
        )
    exposed = [b for b in backups if not is_private(b.mode)]
    if exposed:
        report.add(
            "privacy",
            "problem",
            f"{counted(len(exposed), 'backup')} can be read by other"
            f" users; fix with: chmod 600 {folder}/*",
        )
