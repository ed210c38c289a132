"""A new journal switched to WAL while another process holds a write lock on it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cramplog.storage.engine import set_wal


def _held(path: Path) -> sqlite3.Connection:
    # Another process's connection: a file still in rollback mode, a write lock held.
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("CREATE TABLE t (x)")
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO t VALUES (1)")
    return other


def test_the_switch_waits_for_a_write_lock_instead_of_failing(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    other = _held(path)
    mine = sqlite3.connect(path, isolation_level=None)
    pauses: list[float] = []

    def pause(seconds: float) -> None:
        # The first refusal happened while the lock was held: now let it go.
        pauses.append(seconds)
        if other.in_transaction:
            other.execute("COMMIT")

    set_wal(mine.cursor(), pause=pause)
    assert mine.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert pauses, "the first try met the lock"
    other.close()
    mine.close()


def test_sqlite_refuses_the_switch_at_once_without_the_wait(tmp_path: Path) -> None:
    # Why set_wal retries: the busy timeout does not cover this case.
    path = tmp_path / "journal.sqlite3"
    other = _held(path)
    mine = sqlite3.connect(path, isolation_level=None, timeout=30)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        mine.execute("PRAGMA journal_mode = WAL")
    other.close()
    mine.close()
