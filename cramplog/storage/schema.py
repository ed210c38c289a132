"""Schema revisions: create new journals, upgrade old ones, refuse newer ones.

Alembic is imported only when a journal has to be created or upgraded: every
command opens the journal, and a journal already at ``HEAD`` is recognised with
one plain query of ``alembic_version`` (importing alembic costs ~0.1-0.2 s).
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text

from cramplog.paths import PRIVATE_FILE_MODE, create_private_file, make_private_dir
from cramplog.storage.backup import backup_before_migration
from cramplog.storage.engine import (
    Database,
    JournalError,
    make_engine,
    translate_sqlite_error,
)
from cramplog.storage.sqlite_file import repair_working_files

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")

# Every revision in migrations/versions, oldest first; the last is the head.
# Read from the file names (NNNN_what.py, revision "NNNN"), so a journal at head
# opens without importing Alembic and a new migration needs no second mention;
# tests/unit/core/test_schema_revisions.py checks them against Alembic's own reading.
REVISIONS = tuple(
    sorted(p.name[:4] for p in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))
)
HEAD = REVISIONS[-1]


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    return HEAD


def known_revisions() -> set[str]:
    return set(REVISIONS)


def script_revisions() -> tuple[list[str], str | None]:
    """The revisions (oldest first) and the head as Alembic reads them from the scripts."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    revisions = [rev.revision for rev in script.walk_revisions()]
    return revisions[::-1], script.get_current_head()


def current_revision(connection: Connection) -> str | None:
    """The revision stamped in ``alembic_version`` (None when there is none)."""
    found = connection.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
    ).first()
    if found is None:
        return None
    rows = connection.execute(text("SELECT version_num FROM alembic_version")).fetchall()
    if len(rows) > 1:
        raise JournalError("the journal records more than one schema revision; not changed")
    return str(rows[0][0]) if rows else None


def _table_names(connection: Connection) -> list[str]:
    # What sqlalchemy.inspect(conn).get_table_names() asks SQLite.
    rows = connection.execute(
        text(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite~_%' ESCAPE '~' ORDER BY name"
        )
    )
    return [str(row[0]) for row in rows]


@dataclass(frozen=True)
class OpenResult:
    database: Database
    created: bool
    upgraded_from: str | None
    backup: Path | None


def upgrade(connection: Connection, revision: str = "head") -> None:
    from alembic import command

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
            # Health data: only the owner may list the folder, nor any folder
            # above it that cramplog creates (`--db a/b/c/journal.sqlite3`).
            make_private_dir(path.parent)
            create_private_file(path)
            created = True
        except FileExistsError:
            pass  # another cramplog created it a moment ago; open it as it is
        except OSError as exc:
            raise JournalError(f"cannot create journal {path}: {exc.strerror}") from exc
    elif path.is_dir():
        raise JournalError(f"journal path {path} is a folder, not a file")
    else:
        _take_over(path)
    _check_header(path)
    engine = make_engine(path)
    try:
        with engine.connect() as conn:
            current = current_revision(conn)
            has_tables = bool(_table_names(conn))
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


def _take_over(path: Path) -> None:
    """Make an existing file fit to be opened as a journal, where that is safe."""
    try:
        info = path.stat()
        if info.st_size == 0 and info.st_uid == os.getuid():
            # An empty file (made by `touch`, say) becomes the journal: private
            # like one cramplog creates.
            path.chmod(PRIVATE_FILE_MODE)
    except OSError:
        pass  # opening it says what is wrong
    repair_working_files(path)


def _check_header(path: Path) -> None:
    """Refuse a non-empty file that is not SQLite before SQLite touches it."""
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except PermissionError as exc:
        raise JournalError(f"cannot read journal {path}: permission denied") from exc
    if header and header != b"SQLite format 3\x00":
        raise JournalError(f"{path} is not a cramplog journal (not an SQLite file); not changed")
