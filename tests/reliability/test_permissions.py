"""Health data is private: files 0600 and folders 0700, whatever the umask says."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cramplog.paths import backups_dir
from cramplog.storage.backup import maybe_daily_backup

from .conftest import REPO, mode, run_cli, subprocess_env

HOLD_OPEN = """
import sys
from pathlib import Path
from cramplog.services import Journal
j = Journal.open(Path(sys.argv[1]))
j.log_cramp(muscle="calf", side="left")
print("ready", flush=True)
sys.stdin.readline()
j.close()
"""


@pytest.mark.slow
def test_everything_cramplog_writes_is_private_even_with_umask_0(tmp_path: Path) -> None:
    db = tmp_path / "fresh" / "data" / "journal.sqlite3"
    proc = run_cli(db, "log", "drink", umask=0)
    assert proc.returncode == 0, proc.stderr
    assert mode(db) == 0o600
    assert mode(db.parent) == 0o700

    # -wal and -shm exist only while the journal is open.
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_OPEN, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=subprocess_env(),
        preexec_fn=lambda: __import__("os").umask(0),
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        for suffix in ("-wal", "-shm"):
            companion = db.with_name(db.name + suffix)
            assert companion.exists(), suffix
            assert mode(companion) == 0o600, suffix
    finally:
        holder.communicate(input="\n", timeout=60)

    proc = run_cli(db, "backup", umask=0)
    assert proc.returncode == 0, proc.stderr
    folder = backups_dir(db)
    assert mode(folder) == 0o700
    usb = tmp_path / "usb"
    usb.mkdir()  # a backup to a folder that does not exist is refused
    assert run_cli(db, "backup", str(usb / "copy.sqlite3"), umask=0).returncode == 0
    assert mode(usb / "copy.sqlite3") == 0o600

    export = tmp_path / "export.json"
    proc = run_cli(db, "export", "-o", str(export), umask=0)
    assert proc.returncode == 0, proc.stderr
    assert mode(export) == 0o600

    backup = next(folder.iterdir())
    proc = run_cli(db, "restore", str(backup), umask=0)
    assert proc.returncode == 0, proc.stderr
    assert mode(db) == 0o600
    for path in folder.iterdir():
        assert mode(path) == 0o600, path.name


def test_daily_backups_are_private(rich_db: Path) -> None:
    import os

    old = os.umask(0)
    try:
        made = maybe_daily_backup(rich_db)
    finally:
        os.umask(old)
    assert made is not None
    assert mode(made) == 0o600 and mode(made.parent) == 0o700


def test_an_existing_loose_backups_folder_is_tightened(rich_db: Path) -> None:
    folder = backups_dir(rich_db)
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    assert maybe_daily_backup(rich_db) is not None
    assert mode(folder) == 0o700


@pytest.mark.slow
def test_csv_export_is_private(rich_db: Path, tmp_path: Path) -> None:
    pytest.importorskip("cramplog.report.csv_export")
    out = tmp_path / "tables"
    proc = run_cli(rich_db, "export", "--format", "csv", "-o", str(out), umask=0)
    assert proc.returncode == 0, proc.stderr
    files = [p for p in out.rglob("*") if p.is_file()]
    assert files
    assert all(mode(p) == 0o600 for p in files)
    assert mode(out) == 0o700
