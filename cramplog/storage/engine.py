"""Opening a journal file: permissions, SQLite pragmas, migrations on open."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from cramplog.domain import CramplogError

BUSY_TIMEOUT_S = 30.0
# Test hook only (tests/reliability): cap the journal at this many pages, so a
# real process meets SQLite's "database or disk is full" without filling a disk.
# SQLite never lowers the cap below the file's current size.
MAX_PAGES_ENV = "CRAMPLOG_TEST_MAX_PAGE_COUNT"


class JournalError(CramplogError):
    """The journal file cannot be opened or used as it is."""


def _secure_parent(path: Path) -> None:
    parent = path.parent
    if not parent.exists():
        # Health data: only the owner may list the folder.
        parent.mkdir(mode=0o700, parents=True, exist_ok=True)


def _create_private_file(path: Path) -> None:
    """Create an empty file readable only by its owner (before SQLite sees it)."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    # umask may have cleared bits but never adds them; chmod makes it exact.
    path.chmod(0o600)


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
        cursor.execute("PRAGMA journal_mode = WAL")
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
    url = f"sqlite:///file:{path}?mode=ro&uri=true" if read_only else f"sqlite:///{path}"
    engine = create_engine(
        url,
        connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False},
    )
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
    if "readonly" in text or "read-only" in text:
        return JournalError(f"journal {path} is read-only: nothing was written")
    if "full" in text:
        return JournalError(f"journal {path}: the disk is full; nothing was written")
    if "locked" in text or "busy" in text:
        return JournalError(
            f"journal {path} is busy in another program for over {BUSY_TIMEOUT_S:.0f} s;"
            " nothing was written, try again"
        )
    if "unable to open" in text and not os.access(path.parent, os.W_OK):
        # WAL keeps -wal and -shm files beside the journal: the folder must be writable.
        return JournalError(
            f"cannot open journal {path}: its folder {path.parent} is read-only"
            " (SQLite keeps working files beside the journal); nothing was written"
        )
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return JournalError(
            f"journal {path} is damaged ({exc}); run `cramplog doctor` and restore a backup"
        )
    return JournalError(f"journal {path}: {exc}")


def timestamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S")
