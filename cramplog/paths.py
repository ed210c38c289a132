"""Where the journal lives: --db, then CRAMPLOG_DB, then the user data folder."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "cramplog"
DB_ENV = "CRAMPLOG_DB"
DB_OPTION = "--db"  # the command line's option for the journal file
DB_FILENAME = "journal.sqlite3"


def data_dir() -> Path:
    # Imported here: a journal given by --db or CRAMPLOG_DB never needs it,
    # and the app's start-up is measured in hundredths of a second.
    import platformdirs

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


# Health data: whatever the umask, only the owner may read what cramplog writes.
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def make_private_dir(folder: Path) -> Path:
    """Create ``folder`` and every missing folder above it, each 0700.

    ``mkdir(parents=True)`` gives the folders above the last one the umask's
    mode (0777 under umask 0); these are created one by one instead, and set
    exactly (umask can clear bits but never add them). Folders that already
    exist are left as they are.
    """
    missing: list[Path] = []
    current = folder
    while not current.is_dir() and current.parent != current:
        missing.append(current)
        current = current.parent
    for each in reversed(missing):
        try:
            each.mkdir(mode=PRIVATE_DIR_MODE)
        except FileExistsError:
            if not each.is_dir():
                raise
            continue  # made by another process a moment ago
        each.chmod(PRIVATE_DIR_MODE)
    return folder


def create_private_file(path: Path) -> None:
    """Create ``path`` empty and 0600; FileExistsError when it is already there."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE_MODE)
    os.close(fd)
    path.chmod(PRIVATE_FILE_MODE)
