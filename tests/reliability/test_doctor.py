"""`cramplog doctor` says plainly what is wrong, exits non-zero, and changes nothing."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from cramplog.paths import backups_dir
from cramplog.services.doctor import diagnose
from cramplog.services.doctor_report import TABLE_WORDS
from cramplog.storage import backup as b
from cramplog.storage.models import USER_TABLE_NAMES
from cramplog.storage.schema import head_revision

from .conftest import (
    ENTRY_TABLES,
    REPO,
    dump_rows,
    folder_state,
    invoke,
    read_only,
    run_cli,
    subprocess_env,
)
from .test_backups import corrupt


def _doctor(db: Path) -> tuple[int, str, dict[str, Any]]:
    """Run doctor as text and as JSON; both must agree on the outcome."""
    text = invoke(db, "doctor")
    data = invoke(db, "doctor", "--json")
    assert text.exception is None and data.exception is None
    assert "Traceback" not in text.out + text.err + data.out + data.err
    parsed = json.loads(data.out)
    assert parsed["ok"] == (text.code == 0) == (data.code == 0)
    return text.code, text.out, parsed


def test_healthy_journal(rich_db: Path) -> None:
    b.backup_now(rich_db)
    code, out, data = _doctor(rich_db)
    assert code == 0, out
    assert "SQLite's integrity check found no damage" in out
    assert f"revision {head_revision()}, the newest" in out
    assert str(rich_db) in out and str(backups_dir(rich_db)) in out
    assert "no problems found" in out.splitlines()[-1]
    counts = data["counts"]
    rows = dump_rows(rich_db)
    assert counts == {t: len(rows[t]) for t in counts}
    assert data["entries"] == sum(len(rows[t]) for t in ENTRY_TABLES)
    assert [x["kind"] for x in data["backups"]] == ["manual"]


def test_the_report_names_every_table_a_person_writes() -> None:
    """A new table (a new entry kind, say) needs its words before doctor can count its rows."""
    assert set(USER_TABLE_NAMES) <= set(TABLE_WORDS)


def test_corrupted_journal_is_reported_and_left_alone(rich_db: Path) -> None:
    corrupt(rich_db)
    before = folder_state(rich_db.parent)
    code, out, data = _doctor(rich_db)
    assert code == 1
    assert "PROBLEM  integrity: the journal is damaged" in out
    assert "cramplog restore" in out
    assert data["ok"] is False
    assert folder_state(rich_db.parent) == before  # nothing changed, nothing created


def test_truncated_journal(rich_db: Path) -> None:
    rich_db.write_bytes(rich_db.read_bytes()[:30000])
    before = folder_state(rich_db.parent)
    code, out, _ = _doctor(rich_db)
    assert code == 1
    assert "the file is truncated: 30000 bytes" in out
    assert folder_state(rich_db.parent) == before


def test_not_a_database(tmp_path: Path) -> None:
    db = tmp_path / "journal.sqlite3"
    db.write_text("shopping list\n")
    code, out, _ = _doctor(db)
    assert code == 1 and "not an SQLite database" in out
    assert db.read_text() == "shopping list\n"


def test_journal_from_a_newer_release(rich_db: Path) -> None:
    conn = sqlite3.connect(rich_db)
    conn.execute("UPDATE alembic_version SET version_num = '0999'")
    conn.commit()
    conn.close()
    before = folder_state(rich_db.parent)
    code, out, data = _doctor(rich_db)
    assert code == 1 and "revision 0999 was written by a newer cramplog" in out
    assert data["schema"] == {"revision": "0999", "newest_known": head_revision()}
    assert folder_state(rich_db.parent) == before


def test_broken_links_between_records(rich_db: Path) -> None:
    conn = sqlite3.connect(rich_db)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DELETE FROM medications WHERE name = 'Magnesium citrate'")
    conn.commit()
    conn.close()
    code, out, _ = _doctor(rich_db)
    assert code == 1 and "point to records that do not exist (in doses)" in out


def test_files_others_can_read(rich_db: Path) -> None:
    b.backup_now(rich_db)
    rich_db.chmod(0o644)
    code, out, _ = _doctor(rich_db)
    assert code == 1 and f"chmod 600 {rich_db}" in out
    rich_db.chmod(0o600)
    backups_dir(rich_db).chmod(0o755)
    code, out, _ = _doctor(rich_db)
    assert code == 1 and "backups folder can be opened by other users" in out


def test_missing_journal_is_not_created(tmp_path: Path) -> None:
    db = tmp_path / "nowhere" / "journal.sqlite3"
    code, out, _ = _doctor(db)
    assert code == 0 and "there is no journal" in out
    assert not db.parent.exists()


def test_old_backups_are_a_warning(rich_db: Path) -> None:
    import datetime as dt

    b.maybe_daily_backup(rich_db, now=dt.datetime.now() - dt.timedelta(days=30))
    report = diagnose(rich_db)
    assert report.ok
    assert any(f.status == "warning" and "30 days old" in f.message for f in report.findings)


def test_doctor_reads_a_journal_in_a_read_only_folder(rich_db: Path) -> None:
    before = folder_state(rich_db.parent)
    with read_only(rich_db.parent):
        proc = run_cli(rich_db, "doctor")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "integrity check found no damage" in proc.stdout
    assert folder_state(rich_db.parent) == before


def test_doctor_on_a_corrupted_copy_as_a_real_process(rich_db: Path) -> None:
    corrupt(rich_db)
    proc = run_cli(rich_db, "doctor")
    assert proc.returncode == 1
    assert "the journal is damaged" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


def test_doctor_sees_changes_still_in_the_wal(rich_db: Path) -> None:
    """With the journal open elsewhere, doctor reads through SQLite's locks and WAL."""
    from .test_permissions import HOLD_OPEN

    before = len(dump_rows(rich_db)["cramps"])
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_OPEN, str(rich_db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=subprocess_env(),
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        assert rich_db.with_name(rich_db.name + "-wal").stat().st_size > 0
        report = diagnose(rich_db)
    finally:
        holder.communicate(input="\n", timeout=60)
    assert report.ok, report.lines
    assert report.counts["cramps"] == before + 1
    assert any("holds recent changes" in line for line in report.lines)
