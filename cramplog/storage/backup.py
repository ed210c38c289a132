"""Backups of the journal: made with SQLite's online backup API, rotated, restored.

A plain file copy of a live WAL database can miss committed pages still in the
-wal file, or catch a page half-written; the backup API reads a consistent
snapshot through SQLite itself. Every backup is one self-contained file (no
-wal beside it), mode 0600, in a 0700 folder beside the journal
(``cramplog.paths.backups_dir``).

Names say what made a backup and when (local time)::

    auto-20261124-081502.sqlite3                 the daily backup on start-up (rotated)
    manual-20261124-081502.sqlite3               `cramplog backup` without a path
    pre-restore-20261124-081502.sqlite3          the journal as it was before a restore
    pre-upgrade-from-0001-20261124-081502.sqlite3  the journal before a schema upgrade

Only ``auto`` backups are rotated away (7 daily, 4 weekly, 12 monthly, and
always the one with the most entries); the others are rare events a person may
want to go back to, and are kept until deleted by hand.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import sqlite3
import stat
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cramplog.domain import CramplogError
from cramplog.paths import (
    PRIVATE_DIR_MODE,
    PRIVATE_FILE_MODE,
    backups_dir,
    create_private_file,
    make_private_dir,
)
from cramplog.storage.sqlite_file import connect, explain, working_files, writable

SQLITE_HEADER = b"SQLite format 3\x00"
ENTRY_TABLES = ("cramps", "food_entries", "drinks", "doses", "activities")
# Everything a person wrote; the profile row and alembic_version are not counted.
USER_TABLES = (
    *ENTRY_TABLES,
    "medications",
    "custom_foods",
    "recipes",
    "recipe_items",
    "day_marks",
)
KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 12
# A restore that would lose more than a tenth of the entries needs --force.
SHRINK_LIMIT = 0.9
SUFFIX = ".sqlite3"
_NAME = re.compile(
    r"^(?P<kind>auto|manual|pre-restore|pre-upgrade|damaged)"
    r"(?:-from-(?P<revision>[A-Za-z0-9_]+))?"
    r"-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?\.sqlite3$"
)
_STAMP = "%Y%m%d-%H%M%S"

Warn = Callable[[str], None]


class BackupError(CramplogError):
    pass


# --- the primitive: one consistent copy ------------------------------------------


def secure_dir(folder: Path) -> Path:
    """Create ``folder`` (and folders above it) 0700, or tighten it if it is ours and looser."""
    make_private_dir(folder)
    info = folder.stat()
    if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) != PRIVATE_DIR_MODE:
        folder.chmod(PRIVATE_DIR_MODE)
    return folder


def sqlite_backup(source: Path, dest: Path, *, overwrite: bool = False) -> Path:
    """Write a consistent copy of ``source`` to ``dest`` (0600), atomically.

    The copy is written to ``dest.partial`` and renamed into place only when
    complete and synced, so ``dest`` is never a half-written file. Missing
    folders are created 0700.
    """
    dest = dest.expanduser()
    if dest.exists() and not overwrite:
        raise BackupError(f"backup target {dest} already exists; choose another path")
    partial = dest.with_name(dest.name + ".partial")
    try:
        make_private_dir(dest.parent)
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        create_private_file(partial)
        # mode=rw never creates a missing file, falls back to reading a
        # write-protected one, and, unlike mode=ro, lets the last connection
        # tidy away the -wal and -shm files when it closes.
        src = connect(source, mode="rw")
        try:
            out = connect(partial, mode="rw")
            try:
                src.backup(out)
                # A backup is one self-contained file: no -wal beside it.
                out.execute("PRAGMA journal_mode = DELETE")
            finally:
                out.close()
        finally:
            src.close()
        partial.chmod(PRIVATE_FILE_MODE)
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
        partial.replace(dest)
        _fsync_dir(dest.parent)
    except sqlite3.Error as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        known = explain(exc, dest, what="backup") or explain(exc, source)
        raise BackupError(known or f"backup of {source} failed: {exc}") from exc
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        known = explain(exc, dest, what="backup")
        raise BackupError(known or f"backup to {dest} failed: {exc.strerror or exc}") from exc
    return dest


def _no_backups_folder(folder: Path, exc: OSError, outcome: str) -> BackupError:
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


def _fsync_dir(folder: Path) -> None:
    # The rename is durable only once the folder entry is on disk.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _stamp(now: dt.datetime | None) -> str:
    return (now or dt.datetime.now()).strftime(_STAMP)


def _free_name(folder: Path, stem: str) -> Path:
    dest = folder / f"{stem}{SUFFIX}"
    n = 1
    while dest.exists() or dest.with_name(dest.name + ".partial").exists():
        n += 1
        dest = folder / f"{stem}-{n}{SUFFIX}"
    return dest


def backup_before_migration(path: Path, revision: str) -> Path:
    """Back up a journal about to be upgraded from schema ``revision``."""
    try:
        folder = secure_dir(backups_dir(path))
    except OSError as exc:
        raise _no_backups_folder(backups_dir(path), exc, "the journal was not upgraded") from exc
    dest = _free_name(folder, f"pre-upgrade-from-{revision}-{_stamp(None)}")
    return sqlite_backup(path, dest)


# --- reading a journal or backup file without changing it -------------------------


@dataclass(frozen=True)
class FileSummary:
    """What is in a journal or backup file, read without changing it."""

    counts: dict[str, int] = field(default_factory=dict)
    revision: str | None = None
    problem: str | None = None

    @property
    def entries(self) -> int:
        return sum(self.counts.get(t, 0) for t in ENTRY_TABLES)

    @property
    def rows(self) -> int:
        return sum(self.counts.get(t, 0) for t in USER_TABLES)


def has_sqlite_header(path: Path) -> bool:
    # Never on a file this process has open through SQLite: closing the
    # handle below would drop SQLite's POSIX locks (see maybe_daily_backup).
    with path.open("rb") as handle:
        return handle.read(16) == SQLITE_HEADER


def connect_read_only(path: Path, *, live: bool) -> sqlite3.Connection:
    """A read-only connection that writes nothing, not even -wal or -shm files.

    ``live`` files (a journal other cramplogs may have open) are read through
    SQLite's normal locking when a -wal file exists, so committed changes still
    in it are seen. Without a -wal file no one has the journal open, and
    ``immutable`` reads it without creating the -wal and -shm files a
    read-only connection would otherwise leave behind.
    """
    wal = path.with_name(path.name + "-wal")
    if live and wal.exists():
        return connect(path, mode="ro")
    return connect(path, mode="ro", immutable=True)


def read_summary(conn: sqlite3.Connection) -> FileSummary:
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    counts = {
        t: int(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0])
        for t in USER_TABLES
        if t in tables
    }
    revision: str | None = None
    if "alembic_version" in tables:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = None if row is None else str(row[0])
    return FileSummary(counts, revision)


def summarize(path: Path, *, live: bool = False) -> FileSummary:
    """Counts and schema revision of ``path``; ``problem`` says why it cannot be read."""
    try:
        if path.stat().st_size == 0:
            return FileSummary(problem="the file is empty")
        if not has_sqlite_header(path):
            return FileSummary(problem="not an SQLite database file")
        conn = connect_read_only(path, live=live)
        try:
            return read_summary(conn)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return FileSummary(problem=f"SQLite cannot read it ({exc})")
    except OSError as exc:
        return FileSummary(problem=f"cannot read it ({exc.strerror or exc})")


def quick_check(path: Path, *, live: bool = False) -> str | None:
    """None when SQLite finds no damage in ``path``; else what it found."""
    try:
        conn = connect_read_only(path, live=live)
        try:
            rows = [str(r[0]) for r in conn.execute("PRAGMA quick_check(5)")]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return str(exc)
    return None if rows == ["ok"] else "; ".join(rows)


# --- listing ------------------------------------------------------------------------


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


def _parse_name(path: Path) -> tuple[str, dt.datetime] | None:
    match = _NAME.match(path.name)
    if match is None:
        return None
    try:
        created = dt.datetime.strptime(match.group("stamp"), _STAMP)
    except ValueError:
        return None
    return match.group("kind"), created


def _backup_files(folder: Path) -> list[Path]:
    try:
        return [p for p in folder.iterdir() if p.name.endswith(SUFFIX) and p.is_file()]
    except (FileNotFoundError, NotADirectoryError):
        return []


def list_backups(db_path: Path) -> list[BackupInfo]:
    """Every backup in the journal's backups folder, newest first."""
    out: list[BackupInfo] = []
    for path in _backup_files(backups_dir(db_path)):
        try:
            info = path.stat()
        except OSError:
            continue  # rotated away by another cramplog meanwhile
        parsed = _parse_name(path)
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


# --- making backups ---------------------------------------------------------------


def backup_now(db_path: Path, dest: Path | str | None = None, *, overwrite: bool = False) -> Path:
    """`cramplog backup [PATH]`: a checked copy of the journal.

    Without ``dest`` the copy goes to the backups folder; a folder as ``dest``
    gets a timestamped file inside it. A folder that does not exist (named
    as one, ``/media/usb/``, or as the folder of a file) is refused.
    """
    _require_journal(db_path)
    if dest is None:
        try:
            folder = secure_dir(backups_dir(db_path))
        except OSError as exc:
            raise _no_backups_folder(backups_dir(db_path), exc, "nothing was written") from exc
        target = _free_name(folder, f"manual-{_stamp(None)}")
    else:
        named_folder = isinstance(dest, str) and dest.endswith(("/", os.sep))
        dest = Path(dest).expanduser()
        # A mistyped folder (or a drive not mounted) is refused, not created.
        folder = dest if named_folder else dest.parent
        if not folder.is_dir():
            raise BackupError(
                f"the folder {folder} does not exist; nothing was written."
                " Create it first, or choose another path"
            )
        target = _free_name(dest, f"{db_path.stem}-{_stamp(None)}") if dest.is_dir() else dest
    if target.resolve() == db_path.resolve():
        raise BackupError("the backup target is the journal itself; choose another path")
    return sqlite_backup(db_path, target, overwrite=overwrite)


def _require_journal(db_path: Path) -> None:
    if not db_path.exists():
        raise BackupError(f"there is no journal at {db_path}; nothing to back up")
    if not db_path.is_file():
        raise BackupError(f"journal path {db_path} is not a file")


def maybe_daily_backup(
    db_path: Path, *, now: dt.datetime | None = None, warn: Warn | None = None
) -> Path | None:
    """The daily automatic backup: at most one a day, then rotation.

    Call it before this process opens the journal: it reads the file's header
    with a plain open(), and on POSIX closing any descriptor of a file drops
    every lock this process holds on it, SQLite's included, so another process
    could then checkpoint and delete the -wal file under an open connection.

    Called right after the journal opens. When today's backup exists this is
    one folder listing. It never raises: a failed backup must not stop anyone
    logging a cramp; ``warn`` gets one line, and `cramplog doctor` reports
    the age of the newest backup.
    """
    now = now or dt.datetime.now()
    folder = backups_dir(db_path)
    if any(
        parsed is not None and parsed[0] == "auto" and parsed[1].date() == now.date()
        for parsed in map(_parse_name, _backup_files(folder))
    ):
        return None
    try:
        if not db_path.is_file() or db_path.stat().st_size == 0:
            return None  # no journal yet, or an empty file about to become one
        current = summarize(db_path, live=True)
        if current.problem is not None:
            if warn:
                warn(
                    f"no daily backup: the journal cannot be read ({current.problem});"
                    " run `cramplog doctor`"
                )
            return None
        if current.rows == 0:
            return None  # nothing worth keeping yet
        from cramplog.storage.schema import known_revisions

        if current.revision is not None and current.revision not in known_revisions():
            # A journal from a newer cramplog: opening it is refused, and
            # nothing may be written beside it either.
            return None
        try:
            secure_dir(folder)
        except OSError as exc:
            raise _no_backups_folder(folder, exc, "no daily backup was made") from exc
        dest = _free_name(folder, f"auto-{_stamp(now)}")
        sqlite_backup(db_path, dest)
        damage = quick_check(dest)
        if damage is not None:
            # A damaged copy must not push good ones out of rotation.
            dest.unlink()
            if warn:
                warn(
                    f"the journal failed SQLite's integrity check ({damage});"
                    " no daily backup was kept: run `cramplog doctor`"
                )
            return None
        rotate(folder, now=now)
        return dest
    except (BackupError, OSError, sqlite3.Error) as exc:
        if warn:
            warn(f"the daily backup of {db_path} failed: {exc}")
        return None


def rotation_keeps(
    stamps: Iterable[tuple[Path, dt.datetime]],
    *,
    daily: int = KEEP_DAILY,
    weekly: int = KEEP_WEEKLY,
    monthly: int = KEEP_MONTHLY,
) -> set[Path]:
    """Which automatic backups to keep: the newest of each of the last N days,
    ISO weeks and months that have a backup (the scheme restic and borg use)."""
    ordered = sorted(stamps, key=lambda item: item[1], reverse=True)
    keep: set[Path] = set()
    buckets: list[tuple[int, Callable[[dt.datetime], object]]] = [
        (daily, lambda t: t.date()),
        (weekly, lambda t: t.isocalendar()[:2]),
        (monthly, lambda t: (t.year, t.month)),
    ]
    for limit, bucket_of in buckets:
        seen: set[object] = set()
        for path, created in ordered:
            bucket = bucket_of(created)
            if bucket in seen:
                continue
            seen.add(bucket)
            if len(seen) > limit:
                break
            keep.add(path)
    return keep


def rotate(folder: Path, *, now: dt.datetime | None = None) -> list[Path]:
    """Delete automatic backups the rotation no longer keeps; returns them.

    Only files named ``auto-...`` are ever deleted, and never the one with the
    most entries: a journal emptied by mistake cannot push its last full
    copy out of rotation, however many days pass before anyone notices.
    """
    autos: list[tuple[Path, dt.datetime]] = []
    for path in _backup_files(folder):
        parsed = _parse_name(path)
        if parsed is not None and parsed[0] == "auto":
            autos.append((path, parsed[1]))
    keep = rotation_keeps(autos)
    largest = max(autos, key=lambda item: (summarize(item[0]).entries, item[1]), default=None)
    if largest is not None:
        keep.add(largest[0])
    removed: list[Path] = []
    for path, _created in autos:
        if path not in keep:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed.append(path)
    _remove_stale_partials(folder, now or dt.datetime.now())
    return removed


def _remove_stale_partials(folder: Path, now: dt.datetime) -> None:
    # Left by a cramplog killed mid-backup; a day old is certainly abandoned.
    with contextlib.suppress(OSError):
        for path in folder.glob(f"*{SUFFIX}.partial"):
            with contextlib.suppress(OSError):
                age = now.timestamp() - path.stat().st_mtime
                if age > 24 * 3600:
                    path.unlink()


# --- restore ------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreResult:
    journal: Path
    restored_from: Path
    entries: int
    previous_entries: int | None
    saved_as: Path | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "journal": str(self.journal),
            "restored_from": str(self.restored_from),
            "entries": self.entries,
            "previous_entries": self.previous_entries,
            "saved_as": None if self.saved_as is None else str(self.saved_as),
        }


def find_backup(db_path: Path, name: str | Path) -> Path:
    """A backup by path, or by its file name in the journal's backups folder."""
    path = Path(name).expanduser()
    if path.is_file():
        return path
    candidate = backups_dir(db_path) / path.name
    if candidate.is_file():
        return candidate
    raise BackupError(f"no backup file {name}; `cramplog backups` lists them")


def check_restorable(backup: Path) -> FileSummary:
    """Refuse a file the app would not open as a sound journal of this release.

    Read-only, through the same connection as everything else: SQLite's full
    integrity check, exactly one schema revision and one this cramplog knows,
    every table a journal has, and every link between records intact.
    """
    # live: a journal file given as the backup may have changes in its -wal.
    summary = summarize(backup, live=True)
    if summary.problem is not None:
        raise BackupError(f"{backup} cannot be restored: {summary.problem}; nothing was changed")
    try:
        conn = connect_read_only(backup, live=True)
        try:
            fault = journal_fault(conn)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        fault = f"is damaged (SQLite says {exc}); choose another backup"
    if fault is not None:
        raise BackupError(f"{backup} cannot be restored: it {fault}; nothing was changed")
    return summary


def journal_fault(conn: sqlite3.Connection) -> str | None:
    """Why the file behind ``conn`` is not a journal the app would open; None if it is."""
    from cramplog.storage.schema import known_revisions

    damage = [str(r[0]) for r in conn.execute("PRAGMA integrity_check(5)")]
    if damage != ["ok"]:
        return f"is damaged ({'; '.join(damage)}); choose another backup"
    tables = {
        str(row[0]) for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    if "alembic_version" not in tables:
        return "is not a cramplog journal (it has no schema revision)"
    revisions = [str(row[0]) for row in conn.execute("SELECT version_num FROM alembic_version")]
    if len(revisions) != 1:
        return (
            f"records {len(revisions)} schema revisions where a cramplog journal has"
            " exactly one: it is not a journal this cramplog can open"
        )
    if revisions[0] not in known_revisions():
        return (
            f"was written by a newer cramplog (schema {revisions[0]});"
            " upgrade cramplog to restore it"
        )
    missing = [t for t in USER_TABLES if t not in tables]
    if missing:
        return f"is not a complete cramplog journal (no table {', '.join(missing)})"
    broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        where = ", ".join(sorted({str(row[0]) for row in broken}))
        return (
            f"holds {len(broken)} record{'s' if len(broken) > 1 else ''} pointing to"
            f" records that do not exist (in {where}); choose another backup"
        )
    return None


def restore_backup(
    db_path: Path, backup: Path, *, force: bool = False, now: dt.datetime | None = None
) -> RestoreResult:
    """Replace the journal's content with ``backup``'s, keeping the old content.

    The backup is checked first (:func:`check_restorable`). Then the journal is
    copied (``pre-restore-...``) and the copy checked to hold every row the
    journal holds. The new content is written through SQLite's backup API into
    the journal file itself, in one transaction: another cramplog with the
    journal open sees the old journal or the restored one, never a mixture,
    and no stale -wal file can be replayed onto the restored pages. Only a
    journal SQLite cannot open at all is replaced by renaming a finished copy
    over it. A restore refused or failed before the journal changed leaves
    the journal and the backups folder as they were.
    """
    db_path = db_path.expanduser()
    if db_path.exists() and backup.resolve() == db_path.resolve():
        raise BackupError("that file is the journal itself; choose a backup")
    wanted = check_restorable(backup)
    present = db_path.exists() and db_path.stat().st_size > 0
    current = summarize(db_path, live=True) if present else None
    readable = current is not None and current.problem is None
    previous = current.entries if current is not None and readable else None
    if previous is not None and wanted.entries < SHRINK_LIMIT * previous and not force:
        raise BackupError(
            f"{backup.name} has {wanted.entries} entr{'y' if wanted.entries == 1 else 'ies'}"
            f" but the journal has {previous};"
            " restoring it would lose entries. Nothing was changed. Use --force to"
            " restore it anyway (the journal is backed up first)"
        )
    try:
        folder = secure_dir(backups_dir(db_path))
    except OSError as exc:
        raise _no_backups_folder(backups_dir(db_path), exc, "nothing was changed") from exc
    staged = _stage(backup, db_path)
    saved: Path | None = None
    touched = False
    try:
        if present and readable:
            saved = _save_before_restore(db_path, folder, now)
            # One SQLite transaction: it fails whole, leaving the journal as it was.
            _restore_in_place(staged, db_path, saved)
        else:
            if present:
                saved = _keep_damaged(db_path, folder, now)
            touched = True
            _restore_by_rename(staged, db_path)
    except BaseException:
        # The journal is as it was: so is the list of backups (an empty or
        # partial "pre-restore" copy must never pass for the newest backup).
        if saved is not None and not touched:
            for each in (saved, saved.with_name(saved.name + "-wal")):
                with contextlib.suppress(OSError):
                    each.unlink()
        raise
    finally:
        with contextlib.suppress(OSError):
            staged.unlink()
    with contextlib.suppress(OSError):
        db_path.chmod(PRIVATE_FILE_MODE)
    after = summarize(db_path, live=True)
    if after.problem is not None or after.counts != wanted.counts:
        where = f"; the journal as it was is at {saved}" if saved else ""
        raise BackupError(
            f"the restored journal does not match {backup.name}"
            f" ({after.problem or f'{after.entries} entries, expected {wanted.entries}'}){where}"
        )
    return RestoreResult(db_path, backup, wanted.entries, previous, saved)


def _stage(backup: Path, db_path: Path) -> Path:
    """A private copy of ``backup`` beside the journal, marked as a new generation."""
    staged = db_path.with_name(f".{db_path.name}.restoring")
    with contextlib.suppress(FileNotFoundError):
        staged.unlink()
    try:
        make_private_dir(db_path.parent)
    except OSError as exc:
        raise BackupError(
            f"cannot create the journal's folder {db_path.parent}: {exc.strerror};"
            " nothing was changed"
        ) from exc
    sqlite_backup(backup, staged)
    try:
        conn = connect(staged, mode="rw")
        try:
            has_meta = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'journal_meta'"
            ).fetchone()
            if has_meta:
                # An open app compares this with what it read: a new value
                # says the journal was replaced and must be reloaded.
                with conn:
                    conn.execute(
                        "INSERT OR REPLACE INTO journal_meta(key, value) VALUES ('generation', ?)",
                        (str(uuid.uuid4()),),
                    )
        finally:
            conn.close()
    except sqlite3.Error as exc:
        with contextlib.suppress(OSError):
            staged.unlink()
        raise BackupError(
            explain(exc, staged) or f"cannot prepare the restore: {exc}; nothing was changed"
        ) from exc
    return staged


def _save_before_restore(db_path: Path, folder: Path, now: dt.datetime | None) -> Path:
    """``pre-restore-...``: the journal as it is, checked to be a sound, complete copy."""
    saved = sqlite_backup(db_path, _free_name(folder, f"pre-restore-{_stamp(now)}"))
    copy = summarize(saved)
    damage = None if copy.problem else quick_check(saved)
    if copy.problem or damage:
        raise BackupError(
            f"the copy of the journal made before restoring is not sound"
            f" ({copy.problem or damage}); nothing was changed"
        )
    return saved


def _restore_in_place(staged: Path, db_path: Path, saved: Path) -> None:
    kept = summarize(saved)
    try:
        src = connect_read_only(staged, live=False)
        try:
            dst = connect(db_path, mode="rw")
            try:
                # Checked as late as can be: a cramplog that wrote to the
                # journal after the copy was made would lose that entry.
                now_there = read_summary(dst)
                if now_there.counts != kept.counts:
                    raise BackupError(
                        "the journal changed while it was being copied (another cramplog"
                        " is writing to it); nothing was changed, try again"
                    )
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        known = explain(exc, db_path)
        raise BackupError(
            known or f"restore into {db_path} failed, nothing was changed: {exc}"
        ) from exc
    except OSError as exc:
        raise BackupError(f"restore into {db_path} failed: {exc.strerror or exc}") from exc


def _restore_by_rename(staged: Path, db_path: Path) -> None:
    try:
        # The damaged file's -wal and -shm were saved by _keep_damaged; left
        # here they would be replayed onto the restored pages.
        for each in working_files(db_path):
            with contextlib.suppress(FileNotFoundError):
                each.unlink()
        staged.replace(db_path)
        _fsync_dir(db_path.parent)
    except OSError as exc:
        raise BackupError(f"restore into {db_path} failed: {exc.strerror or exc}") from exc


def _keep_damaged(db_path: Path, folder: Path, now: dt.datetime | None) -> Path:
    """Keep the bytes of a journal SQLite cannot read, before it is replaced.

    A byte copy, not the backup API: SQLite refuses this file, and no one can
    be writing to a journal that cannot be opened.
    """
    dest = _free_name(folder, f"damaged-{_stamp(now)}")
    try:
        for suffix in ("", "-wal"):
            source = db_path.with_name(db_path.name + suffix)
            if source.exists():
                target = dest.with_name(dest.name + suffix)
                create_private_file(target)
                with target.open("wb") as out, source.open("rb") as handle:
                    shutil.copyfileobj(handle, out)
                    out.flush()
                    os.fsync(out.fileno())
    except OSError as exc:
        raise BackupError(
            f"cannot keep a copy of the damaged journal: {exc.strerror or exc}; nothing was changed"
        ) from exc
    return dest
