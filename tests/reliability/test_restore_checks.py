"""Restore is checked before anything is replaced, and a refused restore changes nothing.

The backup must be a journal the app would open (one known schema revision,
sound, every link intact); the copy of the journal kept before restoring must
hold every row; and when a restore stops, the journal and the list of
backups are exactly as they were (no empty "pre-restore" file counted as the
newest backup).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cramplog.paths import backups_dir
from cramplog.services import Journal
from cramplog.storage import backup as b
from cramplog.storage import restore
from cramplog.storage.backup_copy import BackupError, sqlite_backup
from cramplog.storage.schema import head_revision

from .conftest import NOW, assert_clean_failure, dump_rows, file_hash, invoke


def _edit(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def _listing(db: Path) -> list[str]:
    folder = backups_dir(db)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def _refused_and_unchanged(db: Path, source: Path, *fragments: str) -> None:
    digest, rows, listed = file_hash(db), dump_rows(db), _listing(db)
    assert_clean_failure(invoke(db, "restore", str(source), "--force"), *fragments)
    assert file_hash(db) == digest and dump_rows(db) == rows
    assert _listing(db) == listed


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("INSERT INTO alembic_version VALUES ('0001')",), "exactly one"),
        (("DELETE FROM alembic_version",), "exactly one"),
        (("UPDATE doses SET medication_id = 999",), "do not exist"),
        (("DELETE FROM medications",), "do not exist"),
        (("DROP TABLE day_marks",), "no table day_marks"),
    ],
    ids=["two-revisions", "no-revision", "dose-without-medicine", "medicines-gone", "table-gone"],
)
def test_a_backup_the_app_would_not_open_is_refused(
    rich_db: Path, tmp_path: Path, change: tuple[str, ...], message: str
) -> None:
    bad = b.backup_now(rich_db, tmp_path / "bad.sqlite3")
    _edit(bad, *change)
    b.backup_now(rich_db)  # the list of backups must stay as it is
    _refused_and_unchanged(rich_db, bad, message, "nothing was changed")


def test_a_pre_restore_copy_missing_rows_stops_the_restore(
    rich_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The copy of the journal is checked before the journal is replaced."""
    source = b.backup_now(rich_db, tmp_path / "source.sqlite3")
    real = sqlite_backup

    def losing_copy(src: Path, dest: Path, **kwargs: Any) -> Path:
        made = real(src, dest, **kwargs)
        if dest.name.startswith("pre-restore"):
            _edit(made, "DELETE FROM drinks")  # as a copy that missed the newest pages
        return made

    monkeypatch.setattr(restore, "sqlite_backup", losing_copy)
    _refused_and_unchanged(rich_db, source, "changed while it was being copied")


def test_an_entry_logged_while_restoring_is_not_lost(
    rich_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another cramplog writing after the pre-restore copy: the restore stops."""
    source = b.backup_now(rich_db, tmp_path / "source.sqlite3")
    real = sqlite_backup

    def copy_then_someone_logs(src: Path, dest: Path, **kwargs: Any) -> Path:
        made = real(src, dest, **kwargs)
        if dest.name.startswith("pre-restore"):
            journal = Journal.open(rich_db)
            try:
                journal.log_cramp(now=NOW, muscle="calf", side="left", notes="meanwhile")
            finally:
                journal.close()
        return made

    monkeypatch.setattr(restore, "sqlite_backup", copy_then_someone_logs)
    listed = _listing(rich_db)
    assert_clean_failure(invoke(rich_db, "restore", str(source), "--force"), "try again")
    assert any("meanwhile" in row for row in dump_rows(rich_db)["cramps"])
    assert _listing(rich_db) == listed


def _fail(*_args: object, **_kwargs: object) -> None:
    raise BackupError("restore into the journal failed, nothing was changed: disk I/O error")


@pytest.mark.parametrize("step", ["_restore_in_place"])
def test_a_failed_restore_leaves_no_pre_restore_copy(
    rich_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    source = b.backup_now(rich_db, tmp_path / "source.sqlite3")
    failing: Callable[..., None] = _fail
    monkeypatch.setattr(restore, step, failing)
    _refused_and_unchanged(rich_db, source, "nothing was changed")
    assert not list(backups_dir(rich_db).glob("pre-restore-*"))


def test_a_restore_renews_the_journal_generation(rich_db: Path, tmp_path: Path) -> None:
    """An app with the journal open learns that it was replaced."""

    def generation(path: Path) -> str:
        return str(dict(dump_rows(path)["journal_meta"])["generation"])

    source = b.backup_now(rich_db, tmp_path / "source.sqlite3")
    source_digest = file_hash(source)
    before = generation(rich_db)
    result = invoke(rich_db, "restore", str(source), "--force")
    assert result.code == 0, result.err
    after = generation(rich_db)
    assert after not in (before, generation(source))
    assert file_hash(source) == source_digest  # the backup itself is never changed
    # A second restore of the same backup is a new generation again.
    assert invoke(rich_db, "restore", str(source), "--force").code == 0
    assert generation(rich_db) not in (before, after)


def test_a_backup_needs_only_the_tables_of_its_own_schema_revision() -> None:
    """An older journal lacks the tables later revisions add; opening it adds them."""
    assert "journal_meta" not in restore.tables_at("0001")
    assert "journal_meta" in restore.tables_at(head_revision())
