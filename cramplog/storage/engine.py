"""Opening a journal file: permissions, SQLite pragmas, migrations on open."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from cramplog.domain import CramplogError
from cramplog.storage.sqlite_file import BUSY_TIMEOUT_S as BUSY_TIMEOUT_S
from cramplog.storage.sqlite_file import MAX_PAGES_ENV as MAX_PAGES_ENV
from cramplog.storage.sqlite_file import connect, explain


class JournalError(CramplogError):
    """The journal file cannot be opened or used as it is."""


def set_wal(cursor: sqlite3.Cursor, pause: Callable[[float], None] = time.sleep) -> None:
    """Put the journal in WAL mode, waiting as a busy timeout would.

    Switching a file that is not yet in WAL mode (a journal just created by
    another process) fails at once with "database is locked" while another
    connection holds a write lock: SQLite does not call the busy handler for
    it. So it is tried again, for as long as the busy timeout allows.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    delay = 0.005
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() or time.monotonic() + delay > deadline:
                raise
        pause(delay)
        delay = min(delay * 2, 0.1)


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's "begin" hook emit BEGIN itself (pysqlite's own
    # transaction handling would defer it and break BEGIN IMMEDIATE).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        # WAL lets the TUI read while the CLI writes. FULL syncs the WAL on
        # every commit: an entry whose command returned survives a killed
        # process and a power cut. Journal writes are small, so the cost is too.
        set_wal(cursor)
        cursor.execute("PRAGMA synchronous = FULL")
        max_pages = os.environ.get(MAX_PAGES_ENV, "")
        if max_pages.isdecimal():
            cursor.execute(f"PRAGMA max_page_count = {int(max_pages)}")
    finally:
        cursor.close()


def _on_begin(conn: Any) -> None:
    # Writers take the write lock up front: a deferred transaction that later
    # upgrades can fail at once with "database is locked" instead of waiting.
    if conn.get_execution_options().get("sqlite_immediate"):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def make_engine(path: Path, *, read_only: bool = False) -> Engine:
    """The journal's engine; every connection comes from ``sqlite_file.connect``.

    The path is handed to SQLite as a Path, never parsed as part of a URL
    (a ``#`` or ``?`` in a folder name would otherwise cut it short).
    """
    mode: Literal["ro", "rw"] = "ro" if read_only else "rw"

    def creator() -> sqlite3.Connection:
        return connect(path, mode=mode, check_same_thread=False)

    # The URL names the file only for SQLAlchemy's choice of pool (and repr).
    engine = create_engine(URL.create("sqlite", database=str(path)), creator=creator)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


class Database:
    """An open journal: one engine, sessions for reading and for writing."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self._read = sessionmaker(engine, expire_on_commit=False)
        self._write = sessionmaker(
            engine.execution_options(sqlite_immediate=True), expire_on_commit=False
        )

    @contextlib.contextmanager
    def reading(self) -> Iterator[Session]:
        with self._read() as session, session.begin():
            yield session

    @contextlib.contextmanager
    def writing(self) -> Iterator[Session]:
        """A write transaction: all of it is committed, or none of it."""
        try:
            with self._write() as session, session.begin():
                yield session
        except sqlite3.Error as exc:
            raise translate_sqlite_error(exc, self.path) from exc
        except Exception as exc:
            orig = getattr(exc, "orig", None)
            if isinstance(orig, sqlite3.OperationalError | sqlite3.DatabaseError):
                raise translate_sqlite_error(orig, self.path) from exc
            raise

    def close(self) -> None:
        self.engine.dispose()


def translate_sqlite_error(exc: sqlite3.Error, path: Path) -> JournalError:
    text = str(exc).lower()
    known = explain(exc, path)
    if known is not None:
        return JournalError(known)
    if "locked" in text or "busy" in text:
        return JournalError(
            f"journal {path} is busy in another program for over {BUSY_TIMEOUT_S:.0f} s;"
            " nothing was written, try again"
        )
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return JournalError(
            f"journal {path} is damaged ({exc}); run `cramplog doctor` and restore a backup"
        )
    return JournalError(f"journal {path}: {exc}")


def timestamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S")
