"""Back up and export from the app: the command line's work, with progress.

`cramplog backup`, `cramplog backups` and `cramplog export` do the same work
(storage.backup, services.exchange, report.csv_export); the app calls these
from a thread worker and shows ``progress(done, total, what)`` as it goes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cramplog.terminal_text import counted

if TYPE_CHECKING:
    from cramplog.services import Journal

# (done, total, what is being done): total 0 while it is not known.
Progress = Callable[[int, int, str], object]


def _quiet(done: int, total: int, what: str) -> None:
    pass


@dataclass(frozen=True)
class Backup:
    path: Path
    kind: str  # "manual", "daily", "pre-upgrade"… as the file name says
    created: dt.datetime
    size: int
    entries: int | None  # None: the file cannot be read

    @property
    def line(self) -> str:
        entries = (
            "unreadable" if self.entries is None else counted(self.entries, "entry", "entries")
        )
        # The name says the kind and the time (manual-20260318-093000.sqlite3).
        return f"{self.path.name:<32}  {entries:>13}  {size_text(self.size):>8}"


def size_text(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def backups_folder(journal: Journal) -> Path:
    from cramplog.paths import backups_dir

    return backups_dir(journal.path)


def back_up(journal: Journal, progress: Progress = _quiet) -> Backup:
    """A checked copy of the journal in its backups folder (`cramplog backup`)."""
    from cramplog.storage.backup import backup_now
    from cramplog.storage.file_check import summarize

    what = "Copying the journal"
    progress(0, 0, what)
    path = backup_now(journal.path, progress=lambda done, total: progress(done, total, what))
    progress(1, 1, "Checking the copy")
    summary = summarize(path)
    stat = path.stat()
    return Backup(
        path,
        "manual",
        dt.datetime.fromtimestamp(stat.st_mtime),
        stat.st_size,
        None if summary.problem else summary.entries,
    )


def backups(journal: Journal) -> list[Backup]:
    """The journal's backups, newest first (`cramplog backups`)."""
    from cramplog.storage.backups_folder import list_backups

    return [
        Backup(b.path, b.kind, b.created, b.size, b.entries) for b in list_backups(journal.path)
    ]


def export_folder(journal: Journal) -> Path:
    """Where the app puts exports: an "exports" folder beside the journal."""
    return journal.path.parent / "exports"


def export_json(
    journal: Journal, path: Path, *, force: bool = False, progress: Progress = _quiet
) -> list[Path]:
    """The whole journal as one JSON file (`cramplog export -o FILE`)."""
    from cramplog.report.files import check_target, prepare_folder, write_private
    from cramplog.services.exchange import export_json as document

    check_target(path, force=force)
    progress(0, 2, "Reading the journal")
    text = document(journal)
    progress(1, 2, f"Writing {path.name}")
    prepare_folder(path.parent)
    write_private(path, text + "\n", force=force)
    progress(2, 2, "Done")
    return [path]


def export_csv(
    journal: Journal, folder: Path, *, force: bool = False, progress: Progress = _quiet
) -> list[Path]:
    """daily.csv and one CSV per entry table into ``folder`` (`cramplog export --format csv`)."""
    from cramplog.report.csv_export import export_csv as write_tables

    return write_tables(journal, folder, force=force, progress=progress)


def default_export_path(journal: Journal, kind: str, now: dt.datetime) -> Path:
    """A new name in the exports folder: cramplog-2026-03-18-0930.json, or a folder for CSV."""
    stem = f"cramplog-{now:%Y-%m-%d-%H%M}"
    return export_folder(journal) / (f"{stem}.json" if kind == "json" else stem)
