"""Where the journal lives: --db, then CRAMPLOG_DB, then the user data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "cramplog"
DB_ENV = "CRAMPLOG_DB"
DB_FILENAME = "journal.sqlite3"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME


def resolve_db_path(cli_value: str | os.PathLike[str] | None = None) -> Path:
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return default_db_path()


def backups_dir(db_path: Path) -> Path:
    """Automatic backups sit beside the journal, in a private folder."""
    return db_path.parent / f"{db_path.stem}-backups"
