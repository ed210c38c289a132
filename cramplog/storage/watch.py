"""Noticing another program's changes to an open journal.

SQLite's ``PRAGMA data_version`` changes, on one connection, whenever another
connection commits to the file; the app keeps one connection for asking just
that, so each look costs microseconds and takes no lock. A restore writes a
new ``generation`` into ``journal_meta`` (see ``storage.restore``): when it
differs, the whole journal was replaced, not just changed.
"""

from __future__ import annotations

import enum
import sqlite3
from pathlib import Path

from cramplog.storage.sqlite_file import connect


class Seen(enum.Enum):
    NOTHING = "nothing"
    CHANGED = "changed"
    REPLACED = "replaced"


class JournalWatch:
    """Tells whether the journal changed since the last look, and how."""

    def __init__(self, path: Path) -> None:
        self._conn = connect(path, check_same_thread=False)
        self._version = self._data_version()
        self._generation = self._read_generation()

    def _data_version(self) -> int:
        return int(self._conn.execute("PRAGMA data_version").fetchone()[0])

    def _read_generation(self) -> str | None:
        try:
            row = self._conn.execute(
                "SELECT value FROM journal_meta WHERE key = 'generation'"
            ).fetchone()
        except sqlite3.OperationalError:
            return None  # a journal from before schema 0003 (a restored old backup)
        return None if row is None else str(row[0])

    def poll(self) -> Seen:
        try:
            version = self._data_version()
            if version == self._version:
                return Seen.NOTHING
            self._version = version
            generation = self._read_generation()
        except sqlite3.Error:
            # Busy or briefly unreadable: look again next time.
            return Seen.NOTHING
        if generation != self._generation:
            self._generation = generation
            return Seen.REPLACED
        return Seen.CHANGED

    def close(self) -> None:
        self._conn.close()
