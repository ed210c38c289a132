"""`cramplog doctor`: is the journal sound, where is it, and is it backed up?

Everything here reads the journal through its own read-only SQLite
connection, never through ``Journal.open``: doctor must work on exactly the
files that cannot be opened normally (damaged, truncated, from a newer
cramplog, in a read-only folder), and must not change them, not even by
upgrading the schema or leaving -wal files behind.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from cramplog.paths import backups_dir
from cramplog.storage.backup import (
    ENTRY_TABLES,
    USER_TABLES,
    BackupInfo,
    connect_read_only,
    list_backups,
    read_summary,
)
from cramplog.storage.sqlite_file import (
    MAX_PAGES_ENV,
    disk_is_full,
    free_bytes,
    working_files,
    writable,
)

Status = Literal["ok", "note", "warning", "problem"]
ENTRY_WORDS = ("entry", "entries")
# Backups older than this are worth a warning for a journal still in use.
STALE_BACKUP_DAYS = 7
TABLE_WORDS = {
    "cramps": ("cramp", "cramps"),
    "food_entries": ("food entry", "food entries"),
    "drinks": ("drink", "drinks"),
    "doses": ("medicine dose", "medicine doses"),
    "activities": ("activity", "activities"),
    "medications": ("medicine", "medicines"),
    "custom_foods": ("custom food", "custom foods"),
    "recipes": ("recipe", "recipes"),
    "recipe_items": ("recipe item", "recipe items"),
    "day_marks": ("day mark", "day marks"),
}


def _n(count: int, words: tuple[str, str]) -> str:
    return f"{count} {words[0] if count == 1 else words[1]}"


@dataclass(frozen=True)
class Finding:
    topic: str
    status: Status
    message: str

    def line(self) -> str:
        label = {"ok": "ok", "note": "note", "warning": "WARNING", "problem": "PROBLEM"}
        return f"{label[self.status]:<8} {self.topic}: {self.message}"


@dataclass
class DoctorReport:
    journal: Path
    backups_folder: Path
    findings: list[Finding] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    revision: str | None = None
    head: str | None = None
    backups: list[BackupInfo] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(f.status == "problem" for f in self.findings)

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if f.status == "problem"]

    def add(self, topic: str, status: Status, message: str) -> None:
        self.findings.append(Finding(topic, status, message))

    @property
    def lines(self) -> list[str]:
        out = [f.line() for f in self.findings]
        problems = self.problems
        if problems:
            out.append(
                f"{len(problems)} problem{'s' if len(problems) > 1 else ''} found: "
                + "; ".join(dict.fromkeys(f.topic for f in problems))
            )
        else:
            warnings = sum(f.status == "warning" for f in self.findings)
            out.append(
                "no problems found"
                + (f" ({warnings} warning{'s' if warnings > 1 else ''})" if warnings else "")
            )
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "journal": str(self.journal),
            "backups_folder": str(self.backups_folder),
            "schema": {"revision": self.revision, "newest_known": self.head},
            "counts": dict(self.counts),
            "entries": sum(self.counts.get(t, 0) for t in ENTRY_TABLES),
            "findings": [
                {"topic": f.topic, "status": f.status, "message": f.message} for f in self.findings
            ],
            "backups": [b.to_dict() for b in self.backups],
        }


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def _private(mode: int) -> bool:
    return mode & 0o077 == 0


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
    who = "readable only by you" if _private(mode) else f"mode {mode:04o}"
    report.add("journal", "ok", f"{path} ({_size(info.st_size)}, {who})")
    _check_private_files(report, path)
    _check_writable(report, path)
    _check_room(report, path)
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
    if not header.startswith(b"SQLite format 3\x00"):
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
        if not _full_disk_explains(report, path):
            report.add("journal", "problem", f"SQLite cannot open the journal: {exc}")
        return False
    try:
        return _check_contents(report, conn, known, path)
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


def _check_room(report: DoctorReport, path: Path) -> None:
    if disk_is_full(path):
        free = free_bytes(path.parent)
        report.add(
            "disk",
            "problem",
            f"the disk holding the journal is full ({_size(free or 0)} free): nothing can be"
            f" logged or backed up. Free some space on the disk holding {path.parent}",
        )


def _full_disk_explains(report: DoctorReport, path: Path) -> bool:
    """A read that fails on a full disk is not damage: SQLite had no room to work."""
    if not disk_is_full(path):
        return False
    if not any(f.topic == "disk" for f in report.findings):
        _check_room(report, path)
    report.add(
        "integrity",
        "note",
        "SQLite could not check the journal without room for its working files;"
        " free some space and run `cramplog doctor` again (this is not damage)",
    )
    return True


def _check_private_files(report: DoctorReport, path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        each = path.with_name(path.name + suffix)
        try:
            mode = stat.S_IMODE(each.stat().st_mode)
        except OSError:
            continue
        if not _private(mode):
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


def _check_contents(
    report: DoctorReport, conn: sqlite3.Connection, known: set[str], path: Path
) -> bool:
    try:
        rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check(20)")]
    except sqlite3.Error as exc:
        if _full_disk_explains(report, path):
            return False
        report.add(
            "integrity",
            "problem",
            f"the journal is damaged: SQLite says {exc!s}. Restore a backup with"
            " `cramplog restore` (`cramplog backups` lists them)",
        )
        return False
    if rows != ["ok"]:
        shown = "; ".join(rows[:3]) + (" ..." if len(rows) > 3 else "")
        report.add(
            "integrity",
            "problem",
            f"the journal is damaged: SQLite's integrity check found {len(rows)}"
            f"{'+' if len(rows) >= 20 else ''} fault{'s' if len(rows) > 1 else ''} ({shown})."
            " Restore a backup with `cramplog restore`",
        )
    else:
        report.add("integrity", "ok", "SQLite's integrity check found no damage")
    try:
        summary = read_summary(conn)
        violations = conn.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.Error as exc:
        report.add("integrity", "problem", f"cannot read the journal's tables: {exc}")
        return False
    if violations:
        tables = sorted({str(v[0]) for v in violations})
        report.add(
            "links",
            "problem",
            f"{len(violations)} record{'s' if len(violations) > 1 else ''} point to"
            f" records that do not exist (in {', '.join(tables)})",
        )
    else:
        report.add("links", "ok", "every dose, food and recipe item points to a record that exists")
    report.counts = summary.counts
    report.revision = summary.revision
    _check_page_cap(report, conn)
    _check_schema(report, conn, summary.revision, known)
    _check_stored_text(report, conn)
    if summary.counts:
        entries = sum(summary.counts.get(t, 0) for t in ENTRY_TABLES)
        parts = [
            _n(summary.counts[t], TABLE_WORDS[t]) for t in USER_TABLES if summary.counts.get(t)
        ]
        listed = ": " + ", ".join(parts) if parts else ""
        report.add("contents", "ok", f"{_n(entries, ENTRY_WORDS)}{listed}")
    return True


# Text columns that may hold a line break (checked by validate.text); every
# other text column is one line (validate.name, or a fixed word).
_MULTILINE_COLUMNS = frozenset({"notes", "relieved_by", "amount", "unit", "food_release"})
_SHOWN_ROWS = 3


def _check_stored_text(report: DoctorReport, conn: sqlite3.Connection) -> None:
    """Stored text holding characters that could act on a terminal.

    cramplog refuses them on every entry route and shows them escaped, so
    only a file written elsewhere (or by an older cramplog) can hold them;
    they are worth fixing before the text is copied anywhere else.
    """
    from cramplog.domain import ENTRY_PREFIX, Activity, Cramp, Dose, Drink, FoodEntry
    from cramplog.terminal_text import escape, first_unsafe

    prefix = {
        "cramps": ENTRY_PREFIX[Cramp],
        "food_entries": ENTRY_PREFIX[FoodEntry],
        "drinks": ENTRY_PREFIX[Drink],
        "doses": ENTRY_PREFIX[Dose],
        "activities": ENTRY_PREFIX[Activity],
    }
    rows: dict[tuple[str, str], list[str]] = {}
    example = ""
    try:
        tables = [
            str(r[0])
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite%' ORDER BY name"
            )
        ]
        for table in tables:
            try:
                cursor = conn.execute(f'SELECT rowid, * FROM "{table}"')
            except sqlite3.OperationalError:  # a table WITHOUT ROWID
                cursor = conn.execute(f'SELECT NULL, * FROM "{table}"')
            columns = [d[0] for d in cursor.description][1:]
            for rowid, *values in cursor:
                for column, value in zip(columns, values, strict=True):
                    multiline = column in _MULTILINE_COLUMNS
                    found = (
                        first_unsafe(value, newline_ok=multiline)
                        if isinstance(value, str)
                        else None
                    )
                    if found is not None:
                        ref = f"{prefix[table]}{rowid}" if table in prefix else f"id {rowid}"
                        rows.setdefault((table, column), []).append(ref)
                        example = example or f"{ref} {column}: {escape(value[:40])}"
    except sqlite3.Error:
        return  # the integrity findings above already say what is wrong
    if not rows:
        return
    count = sum(len(refs) for refs in rows.values())
    where = "; ".join(
        f"{table} {column} ({', '.join(refs[:_SHOWN_ROWS])}"
        f"{f' and {len(refs) - _SHOWN_ROWS} more' if len(refs) > _SHOWN_ROWS else ''})"
        for (table, column), refs in rows.items()
    )
    report.add(
        "text",
        "problem",
        f"{count} stored value{'s' if count > 1 else ''} hold control characters that could"
        f" act on a terminal (cramplog shows them escaped, e.g. {example}): {where}."
        " Edit each, e.g. `cramplog edit c12 notes=...` or `cramplog med edit NAME"
        " --rename NEW`, or restore a backup from before they came in",
    )


def _check_schema(
    report: DoctorReport, conn: sqlite3.Connection, revision: str | None, known: set[str]
) -> None:
    if revision is None:
        tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()
        if tables and tables[0]:
            report.add("schema", "problem", "this SQLite file is not a cramplog journal")
        else:
            report.add("schema", "note", "the database is empty; cramplog sets it up next time")
    elif revision == report.head:
        report.add("schema", "ok", f"revision {revision}, the newest this cramplog knows")
    elif revision in known:
        report.add(
            "schema",
            "note",
            f"revision {revision} is older than this cramplog's {report.head}; it is"
            " upgraded (after a backup) the next time the journal opens",
        )
    else:
        report.add(
            "schema",
            "problem",
            f"revision {revision} was written by a newer cramplog (this one knows up to"
            f" {report.head}); upgrade cramplog to use this journal. It was not changed",
        )


def _check_page_cap(report: DoctorReport, conn: sqlite3.Connection) -> None:
    # The test hook that stands in for a full disk (storage/sqlite_file.py).
    cap = os.environ.get(MAX_PAGES_ENV, "")
    if not cap.isdecimal() or any(f.topic == "disk" for f in report.findings):
        return
    pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
    if pages >= int(cap):
        report.add(
            "disk",
            "problem",
            "the disk holding the journal is full (the journal cannot grow): nothing can be"
            " logged or backed up. Free some space on that disk",
        )


def _check_backups(report: DoctorReport, path: Path, readable: bool, now: dt.datetime) -> None:
    folder = report.backups_folder
    if not folder.exists():
        has_entries = readable and any(report.counts.get(t) for t in USER_TABLES)
        report.add(
            "backups",
            "warning" if has_entries else "note",
            f"no backups yet (they go in {folder}); make one now with `cramplog backup`",
        )
        return
    mode = stat.S_IMODE(folder.stat().st_mode)
    if not _private(mode):
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
    entries = "unreadable" if newest.entries is None else _n(newest.entries, ENTRY_WORDS)
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
            f"{len(unreadable)} backup file{'s' if len(unreadable) > 1 else ''} cannot be read: "
            + ", ".join(b.path.name for b in unreadable[:3]),
        )
    exposed = [b for b in backups if not _private(b.mode)]
    if exposed:
        report.add(
            "privacy",
            "problem",
            f"{len(exposed)} backup{'s' if len(exposed) > 1 else ''} can be read by other"
            f" users; fix with: chmod 600 {folder}/*",
        )
