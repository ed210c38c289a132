"""Each fault gets its own diagnosis: which file or folder, and what to do.

A read-only journal file and a read-only folder need different fixes; a
leftover read-only -shm kept a journal read-only after its permissions were
fixed; a full disk was reported by doctor as a damaged journal; a backup to
a folder that does not exist quietly created it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from cramplog.paths import backups_dir
from cramplog.services import Journal
from cramplog.services.doctor import diagnose
from cramplog.storage import backup as b
from cramplog.storage.engine import MAX_PAGES_ENV

from .conftest import (
    assert_clean_failure,
    dump_rows,
    file_hash,
    folder_state,
    invoke,
    mode,
    read_only,
)

WRITES: list[tuple[str, ...]] = [
    ("log", "drink"),
    ("log", "cramp", "--muscle", "calf", "--side", "left"),
]


# --- read-only file or folder -------------------------------------------------------


def test_a_read_only_journal_file_is_named_as_the_file(rich_db: Path, tmp_path: Path) -> None:
    copy = b.backup_now(rich_db, tmp_path / "copy.sqlite3")
    digest = file_hash(rich_db)
    with read_only(rich_db):
        for args in [*WRITES, ("restore", str(copy), "--force")]:
            assert_clean_failure(
                invoke(rich_db, *args), "read-only (the file itself)", f"chmod u+w '{rich_db}'"
            )
        # Reading still works: list, export, backup.
        assert invoke(rich_db, "list", "--day", "2026-03-01").code == 0
        assert invoke(rich_db, "export", "-o", str(tmp_path / "e.json")).code == 0
        report = diagnose(rich_db)
        assert report.ok
        assert any("journal file is read-only" in f.message for f in report.findings)
    assert file_hash(rich_db) == digest
    # The refused restore left no pre-restore copy behind.
    assert not list(backups_dir(rich_db).glob("pre-restore-*"))


def test_a_read_only_folder_is_named_as_the_folder(rich_db: Path, tmp_path: Path) -> None:
    copy = b.backup_now(rich_db, tmp_path / "copy.sqlite3")
    folder = rich_db.parent
    before = folder_state(folder)
    with read_only(folder):
        for args in [*WRITES, ("list",), ("export",)]:
            assert_clean_failure(
                invoke(rich_db, *args), f"its folder {folder} is read-only", f"chmod u+w '{folder}'"
            )
        for args in [("backup",), ("restore", str(copy), "--force")]:
            assert_clean_failure(
                invoke(rich_db, *args), "backups folder", f"its folder {folder} is read-only"
            )
        report = diagnose(rich_db)
        assert report.ok
        assert any(f"folder {folder} is read-only" in f.message for f in report.findings)
    assert folder_state(folder) == before


def test_a_read_only_backups_folder_is_named(rich_db: Path) -> None:
    folder = backups_dir(rich_db)
    folder.mkdir(mode=0o700)
    with read_only(folder):
        assert_clean_failure(
            invoke(rich_db, "backup"), f"the backups folder {folder} is read-only", "chmod u+w"
        )


# --- a leftover read-only -shm -----------------------------------------------------------


def _leftover_shm(db: Path) -> Path:
    """A -shm left by a command run while the journal was read-only (SQLite gave it 0400)."""
    shm = db.with_name(db.name + "-shm")
    shm.write_bytes(b"\0" * 32768)
    shm.chmod(0o400)
    return shm


def test_a_leftover_read_only_shm_is_made_writable_once_the_journal_is(rich_db: Path) -> None:
    shm = _leftover_shm(rich_db)
    journal = Journal.open(rich_db)
    try:
        journal.log_drink(kind="water", ml="250")
        # While the journal is open its -shm is in use: writable, private.
        assert mode(shm) == 0o600
    finally:
        journal.close()
    assert invoke(rich_db, "log", "drink").code == 0


def test_a_read_only_shm_on_a_read_only_journal_is_left_alone(rich_db: Path) -> None:
    """A journal made read-only on purpose stays so: its -shm is not touched."""
    shm = _leftover_shm(rich_db)
    with read_only(rich_db):
        invoke(rich_db, "list")
    assert mode(shm) == 0o400


def test_a_shm_that_cannot_be_fixed_is_named_with_what_to_do(rich_db: Path) -> None:
    shm = _leftover_shm(rich_db)
    before = dump_rows(rich_db)
    with read_only(shm):
        if os.geteuid() != 0:
            pytest.skip("as a normal user cramplog fixes its own -shm; see the test above")
        assert_clean_failure(invoke(rich_db, "log", "drink"), f"{shm.name} is read-only", "rm")
        report = diagnose(rich_db)
        assert any(shm.name in f.message and "rm" in f.message for f in report.findings)
    assert dump_rows(rich_db) == before


# --- full disk ---------------------------------------------------------------------


def test_doctor_says_the_disk_is_full(rich_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MAX_PAGES_ENV, "1")  # the journal cannot grow (engine test hook)
    text = invoke(rich_db, "doctor")
    assert text.code == 1
    assert "PROBLEM  disk: the disk holding the journal is full" in text.out
    assert "damaged" not in text.out
    data = json.loads(invoke(rich_db, "doctor", "--json").out)
    assert [f["topic"] for f in data["findings"] if f["status"] == "problem"] == ["disk"]


@contextlib.contextmanager
def _tiny_disk(where: Path, kib: int) -> Iterator[Path]:
    """A real small file system (tmpfs), where this machine allows mounting one."""
    where.mkdir()
    mount = shutil.which("mount")
    if os.geteuid() != 0 or mount is None:
        pytest.skip("mounting a small file system needs root")
    done = subprocess.run(
        [mount, "-t", "tmpfs", "-o", f"size={kib}k,mode=0700", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a small file system here")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)


def _fill(folder: Path) -> None:
    with (folder / "filler").open("wb", buffering=0) as out, contextlib.suppress(OSError):
        while True:
            out.write(b"\0" * 4096)
            out.flush()


def test_a_really_full_disk_is_never_called_damage(tmp_path: Path, rich_template: Path) -> None:
    """On a full disk SQLite says "disk I/O error" when it cannot even make its -shm."""
    with _tiny_disk(tmp_path / "disk", 600) as disk:
        db = disk / "journal.sqlite3"
        shutil.copyfile(rich_template, db)
        db.chmod(0o600)
        before = dump_rows(db)
        _fill(disk)
        listed = invoke(db, "list", "--day", "2026-03-01")
        assert "damaged" not in listed.err and (listed.code == 0 or "disk is full" in listed.err)
        for args in WRITES:
            outcome = invoke(db, *args)
            # The daily backup's own warning may come first: it failed for want of room too.
            assert outcome.exception is None and outcome.code == 1
            assert "damaged" not in outcome.err and "Traceback" not in outcome.err
            last = outcome.err.strip().splitlines()[-1]
            assert last.startswith("Error: ") and "the disk is full" in last, outcome.err
        for shm_gone in (False, True):
            if shm_gone:
                # A -wal left by a killed cramplog, and no room for a -shm: SQLite
                # cannot even read the journal ("disk I/O error").
                db.with_name(db.name + "-wal").touch(mode=0o600)
                db.with_name(db.name + "-shm").unlink(missing_ok=True)
            doctor = invoke(db, "doctor")
            assert doctor.code == 1
            assert "disk: the disk holding the journal is full" in doctor.out
            assert "damaged" not in doctor.out, doctor.out
        (disk / "filler").unlink()
        assert dump_rows(db) == before
        assert invoke(db, "log", "drink").code == 0


# --- backup to a folder that does not exist ------------------------------------------


@pytest.mark.parametrize("target", ["missing/copy.sqlite3", "missing/"])
def test_backup_to_a_missing_folder_is_refused(rich_db: Path, tmp_path: Path, target: str) -> None:
    dest = f"{tmp_path}/{target}"
    assert_clean_failure(
        invoke(rich_db, "backup", dest), f"the folder {tmp_path / 'missing'} does not exist"
    )
    assert not (tmp_path / "missing").exists()
    assert not (tmp_path / "missing").is_symlink()
