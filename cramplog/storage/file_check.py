"""Reading a journal or backup file without changing it: what it holds, and is it sound.

Backups, restore and `cramplog doctor` look at files the app may not be able
to open (damaged, from a newer cramplog, in a read-only folder), so they read
them through a read-only SQLite connection that leaves nothing behind.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from cramplog.storage.models import ENTRY_TABLE_NAMES, USER_TABLE_NAMES
from cramplog.storage.sqlite_file import connect

SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True)
class FileSummary:
    """What is in a journal or backup file, read without changing it."""

    counts: dict[str, int] = field(default_factory=dict)
    revision: str | None = None
    problem: str | None = None

    @property
    def entries(self) -> int:
        return sum(self.counts.get(t, 0) for t in ENTRY_TABLE_NAMES)

    @property
    def rows(self) -> int:
        return sum(self.counts.get(t, 0) for t in USER_TABLE_NAMES)


def has_sqlite_header(path: Path) -> bool:
    # Never on a file this process has open through SQLite: closing the
    # handle below would drop SQLite's POSIX locks (see backup.maybe_daily_backup).
    with path.open("rb") as handle:
        return handle.read(16) == SQLITE_HEADER


def connect_read_only(path: Path, *, live: bool) -> sqlite3.Connection:
    """A read-only connection that writes nothing, not even -wal or -shm files.

    ``live`` files (a journal other cramplogs may have open) are read through
    SQLite's normal locking when a -wal file exists, so committed changes still
    in it are seen. Without a -wal file no one has the journal open, and
    ``immutable`` reads it without creating the -wal and -shm files a
    read-only connection would otherwise leave behind.
    """
    wal = path.with_name(path.name + "-wal")
    if live and wal.exists():
        return connect(path, mode="ro")
    return connect(path, mode="ro", immutable=True)


def read_summary(conn: sqlite3.Connection) -> FileSummary:
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    counts = {
        t: int(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0])
        for t in USER_TABLE_NAMES
        if t in tables
    }
    revision: str | None = None
    if "alembic_version" in tables:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = None if row is None else str(row[0])
    return FileSummary(counts, revision)


def summarize(path: Path, *, live: bool = False) -> FileSummary:
    """Counts and schema revision of ``path``; ``problem`` says why it cannot be read."""
    try:
        if path.stat().st_size == 0:
            return FileSummary(problem="the file is empty")
        if not has_sqlite_header(path):
            return FileSummary(problem="not an SQLite database file")
        conn = connect_read_only(path, live=live)
        try:
            return read_summary(conn)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return FileSummary(problem=f"SQLite cannot read it ({exc})")
    except OSError as exc:
        return FileSummary(problem=f"cannot read it ({exc.strerror or exc})")


def quick_check(path: Path, *, live: bool = False) -> str | None:
    """None when SQLite finds no damage in ``path``; else what it found."""
    try:
        conn = connect_read_only(path, live=live)
        try:
            rows = [str(r[0]) for r in conn.execute("PRAGMA quick_check(5)")]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return str(exc)
    return None if rows == ["ok"] else "; ".join(rows)
