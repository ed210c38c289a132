"""The journal's backups folder: what its files are named, and listing them.

Backups live in a 0700 folder beside the journal (``cramplog.paths.backups_dir``).
Names say what made a backup and when (local time)::

    auto-20261124-081502.sqlite3                 the daily backup on start-up (rotated)
    manual-20261124-081502.sqlite3               `cramplog backup` without a path
    pre-restore-20261124-081502.sqlite3          the journal as it was before a restore
    pre-upgrade-from-0001-20261124-081502.sqlite3  the journal before a schema upgrade
    damaged-20261124-081502.sqlite3              a journal SQLite could not read, before a restore
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cramplog.paths import PRIVATE_DIR_MODE, backups_dir, make_private_dir
from cramplog.storage.backup_copy import BackupError
from cramplog.storage.file_check import FileSummary, summarize
from cramplog.storage.sqlite_file import writable

SUFFIX = ".sqlite3"
_NAME = re.compile(
    r"^(?P<kind>auto|manual|pre-restore|pre-upgrade|damaged)"
    r"(?:-from-(?P<revision>[A-Za-z0-9_]+))?"
    r"-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?\.sqlite3$"
)
_STAMP = "%Y%m%d-%H%M%S"


def secure_dir(folder: Path) -> Path:
    """Create ``folder`` (and folders above it) 0700, or tighten it if it is ours and looser."""
    make_private_dir(folder)
    info = folder.stat()
    if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) != PRIVATE_DIR_MODE:
        folder.chmod(PRIVATE_DIR_MODE)
    return folder


def no_backups_folder(folder: Path, exc: OSError, outcome: str) -> BackupError:
    """Why the backups folder cannot be made or used: which folder, and what to do."""
    above = folder
    while not above.exists() and above.parent != above:
        above = above.parent
    if above != folder and not writable(above):
        return BackupError(
            f"cannot create the backups folder {folder}: its folder {above} is read-only;"
            f" {outcome}. Make it writable again (chmod u+w '{above}'), or back up"
            " elsewhere: cramplog backup PATH"
        )
    if folder.exists() and not folder.is_dir():
        return BackupError(
            f"cannot use the backups folder {folder}: a file has that name; {outcome}."
            " Move that file away"
        )
    if folder.is_dir() and not writable(folder):
        return BackupError(
            f"the backups folder {folder} is read-only; {outcome}."
            f" Make it writable again: chmod u+w '{folder}'"
        )
    return BackupError(
        f"cannot create the backups folder {folder}: {exc.strerror or exc}; {outcome}"
    )


def stamp(now: dt.datetime | None) -> str:
    return (now or dt.datetime.now()).strftime(_STAMP)


def free_name(folder: Path, stem: str) -> Path:
    dest = folder / f"{stem}{SUFFIX}"
    n = 1
    while dest.exists() or dest.with_name(dest.name + ".partial").exists():
        n += 1
        dest = folder / f"{stem}-{n}{SUFFIX}"
    return dest


def parse_name(path: Path) -> tuple[str, dt.datetime] | None:
    """What made the backup at ``path`` and when; None for a name cramplog did not give."""
    match = _NAME.match(path.name)
    if match is None:
        return None
    try:
        created = dt.datetime.strptime(match.group("stamp"), _STAMP)
    except ValueError:
        return None
    return match.group("kind"), created


def backup_files(folder: Path) -> list[Path]:
    try:
        return [p for p in folder.iterdir() if p.name.endswith(SUFFIX) and p.is_file()]
    except (FileNotFoundError, NotADirectoryError):
        return []


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    kind: str
    created: dt.datetime
    size: int
    summary: FileSummary
    mode: int

    @property
    def entries(self) -> int | None:
        return None if self.summary.problem else self.summary.entries

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "kind": self.kind,
            "created": self.created.isoformat(timespec="seconds"),
            "size_bytes": self.size,
            "entries": self.entries,
            "counts": dict(self.summary.counts),
            "schema": self.summary.revision,
            "mode": f"{self.mode:04o}",
            "problem": self.summary.problem,
        }


def list_backups(db_path: Path) -> list[BackupInfo]:
    """Every backup in the journal's backups folder, newest first."""
    out: list[BackupInfo] = []
    for path in backup_files(backups_dir(db_path)):
        try:
            info = path.stat()
        except OSError:
            continue  # rotated away by another cramplog meanwhile
        parsed = parse_name(path)
        kind, created = parsed or ("other", dt.datetime.fromtimestamp(info.st_mtime))
        out.append(
            BackupInfo(
                path=path,
                kind=kind,
                created=created,
                size=info.st_size,
                summary=summarize(path),
                mode=stat.S_IMODE(info.st_mode),
            )
        )
    out.sort(key=lambda b: (b.created, b.path.name), reverse=True)
    return out
