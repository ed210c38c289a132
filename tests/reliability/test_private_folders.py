"""Every folder cramplog creates is 0700 and every file 0600, whatever the umask.

`mkdir(parents=True)` gives the folders above the last one the umask's mode:
with `--db a/b/c/journal.sqlite3` and umask 0, `a` and `a/b` were 0777.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from cramplog.paths import backups_dir

from .conftest import invoke, mode


@pytest.fixture(params=[0o000, 0o022], ids=["umask-000", "umask-022"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


def test_every_folder_of_a_new_journal_path_is_private(umask: int, tmp_path: Path) -> None:
    db = tmp_path / "a" / "b" / "c" / "journal.sqlite3"
    result = invoke(db, "log", "drink")
    assert result.code == 0, result.err
    for folder in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "c"):
        assert mode(folder) == 0o700, folder
    assert mode(db) == 0o600
    assert invoke(db, "backup").code == 0
    assert mode(backups_dir(db)) == 0o700
    assert all(mode(p) == 0o600 for p in backups_dir(db).iterdir())


def test_a_restore_into_a_new_nested_path_is_private(umask: int, tmp_path: Path) -> None:
    old = tmp_path / "old" / "journal.sqlite3"
    assert invoke(old, "log", "drink").code == 0
    copy = tmp_path / "copy.sqlite3"
    assert invoke(old, "backup", str(copy)).code == 0
    new = tmp_path / "x" / "y" / "journal.sqlite3"
    result = invoke(new, "restore", str(copy))
    assert result.code == 0, result.err
    assert mode(tmp_path / "x") == 0o700 and mode(tmp_path / "x" / "y") == 0o700
    assert mode(new) == 0o600


def test_every_folder_an_export_creates_is_private(umask: int, tmp_path: Path) -> None:
    db = tmp_path / "journal.sqlite3"
    assert invoke(db, "log", "drink").code == 0
    out = tmp_path / "e" / "f" / "csv"
    result = invoke(db, "export", "--format", "csv", "-o", str(out))
    assert result.code == 0, result.err
    for folder in (tmp_path / "e", tmp_path / "e" / "f", out):
        assert mode(folder) == 0o700, folder
    assert all(mode(p) == 0o600 for p in out.iterdir())


@pytest.mark.parametrize("loose", [0o644, 0o666])
def test_an_empty_file_taken_over_as_the_journal_is_made_private(
    loose: int, tmp_path: Path
) -> None:
    db = tmp_path / "journal.sqlite3"
    db.touch()
    db.chmod(loose)
    result = invoke(db, "log", "drink")
    assert result.code == 0, result.err
    assert "daily backup" not in result.err  # an empty file is a new journal, not a fault
    assert mode(db) == 0o600


def test_a_file_with_entries_keeps_the_mode_its_owner_gave_it(rich_db: Path) -> None:
    """Only an empty file is taken over; a journal's mode is its owner's choice (doctor warns)."""
    rich_db.chmod(0o640)
    assert invoke(rich_db, "log", "drink").code == 0
    assert mode(rich_db) == 0o640
