"""Schema revisions: create new journals, upgrade old ones, refuse newer ones."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect

from cramplog.storage.backup import backup_before_migration
from cramplog.storage.engine import (
    Database,
    JournalError,
    _create_private_file,
    _secure_parent,
    make_engine,
    translate_sqlite_error,
)

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


@dataclass(frozen=True)
class OpenResult:
    database: Database
    created: bool
    upgraded_from: str | None
    backup: Path | None


def upgrade(connection: Connection, revision: str = "head") -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def open_database(path: Path, *, migrate: bool = True) -> OpenResult:
    """Open (creating or upgrading as needed) the journal at ``path``.

    A file behind the newest revision is first copied to a timestamped backup
    beside it; a file from a newer cramplog is refused and left untouched.
    """
    path = path.expanduser()
    created = False
    if not path.exists():
        try:
            _secure_parent(path)
            _create_private_file(path)
            created = True
        except FileExistsError:
            pass  # another cramplog created it a moment ago; open it as it is
        except OSError as exc:
            raise JournalError(f"cannot create journal {path}: {exc.strerror}") from exc
    elif path.is_dir():
        raise JournalError(f"journal path {path} is a folder, not a file")
    _check_header(path)
    engine = make_engine(path)
    try:
        with engine.connect() as conn:
            current = current_revision(conn)
            has_tables = bool(inspect(conn).get_table_names())
    except Exception as exc:
        engine.dispose()
        orig = getattr(exc, "orig", exc)
        if isinstance(orig, sqlite3.Error):
            raise translate_sqlite_error(orig, path) from exc
        raise
    head = head_revision()
    if current is not None and current not in known_revisions():
        engine.dispose()
        raise JournalError(
            f"journal {path} was written by a newer cramplog (schema {current});"
            " upgrade cramplog to open it. The file was not changed."
        )
    if current is None and has_tables:
        engine.dispose()
        raise JournalError(f"{path} is an SQLite file but not a cramplog journal; not changed")
    backup: Path | None = None
    upgraded_from: str | None = None
    if current != head:
        if not migrate:
            engine.dispose()
            raise JournalError(f"journal {path} needs upgrading to schema {head}")
        if current is not None:
            backup = backup_before_migration(path, current)
            upgraded_from = current
        try:
            # Take the write lock first, then look again: another cramplog
            # started at the same moment may have created or upgraded the
            # file meanwhile, and running the migrations twice would fail.
            with engine.execution_options(sqlite_immediate=True).begin() as conn:
                if current_revision(conn) != head:
                    upgrade(conn)
        except Exception as exc:
            engine.dispose()
            orig = getattr(exc, "orig", exc)
            if isinstance(orig, sqlite3.Error):
                raise translate_sqlite_error(orig, path) from exc
            raise
    return OpenResult(Database(path, engine), created, upgraded_from, backup)


def _check_header(path: Path) -> None:
    """Refuse a non-empty file that is not SQLite before SQLite touches it."""
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except PermissionError as exc:
        raise JournalError(f"cannot read journal {path}: permission denied") from exc
    if header and header != b"SQLite format 3\x00":
        raise JournalError(f"{path} is not a cramplog journal (not an SQLite file); not changed")
