"""What SQLite finds inside the journal, for `cramplog doctor`; and the full disk
that can stop it looking.

Everything here reads through the read-only connection ``doctor`` opened.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from cramplog.services.doctor_report import (
    ENTRY_WORDS,
    TABLE_WORDS,
    DoctorReport,
    size_text,
)
from cramplog.storage.file_check import read_summary
from cramplog.storage.models import ENTRY_TABLE_NAMES, USER_TABLE_NAMES
from cramplog.storage.sqlite_file import MAX_PAGES_ENV, disk_is_full, free_bytes
from cramplog.terminal_text import counted


def check_room(report: DoctorReport, path: Path) -> None:
    if disk_is_full(path):
        free = free_bytes(path.parent)
        report.add(
            "disk",
            "problem",
            f"the disk holding the journal is full ({size_text(free or 0)} free): nothing can be"
            f" logged or backed up. Free some space on the disk holding {path.parent}",
        )


def full_disk_explains(report: DoctorReport, path: Path) -> bool:
    """A read that fails on a full disk is not damage: SQLite had no room to work."""
    if not disk_is_full(path):
        return False
    if not any(f.topic == "disk" for f in report.findings):
        check_room(report, path)
    report.add(
        "integrity",
        "note",
        "SQLite could not check the journal without room for its working files;"
        " free some space and run `cramplog doctor` again (this is not damage)",
    )
    return True


def check_contents(
    report: DoctorReport, conn: sqlite3.Connection, known: set[str], path: Path
) -> bool:
    try:
        rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check(20)")]
    except sqlite3.Error as exc:
        if full_disk_explains(report, path):
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
            f"{'+' if len(rows) >= 20 else ''} {'faults' if len(rows) > 1 else 'fault'} ({shown})."
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
            f"{counted(len(violations), 'record')} point to"
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
        entries = sum(summary.counts.get(t, 0) for t in ENTRY_TABLE_NAMES)
        parts = [
            counted(summary.counts[t], *TABLE_WORDS[t])
            for t in USER_TABLE_NAMES
            if summary.counts.get(t)
        ]
        listed = ": " + ", ".join(parts) if parts else ""
        report.add("contents", "ok", f"{counted(entries, *ENTRY_WORDS)}{listed}")
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
    from cramplog.entry_kinds import ENTRY_KINDS
    from cramplog.storage.models import ENTRY_ROWS
    from cramplog.terminal_text import counted, escape, first_unsafe

    prefix = {ENTRY_ROWS[k.name].__tablename__: k.prefix for k in ENTRY_KINDS}
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
        f"{counted(count, 'stored value')} hold control characters that could"
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
