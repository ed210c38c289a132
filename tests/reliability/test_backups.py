"""Backups that protect: daily and rotated, listed, restored only when it loses nothing."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cramplog.paths import backups_dir
from cramplog.services import Journal
from cramplog.storage import backup as b
from cramplog.storage.backup_copy import sqlite_backup
from tests.waiting import DEADLINE, Lines

from .conftest import (
    ENTRY_TABLES,
    NOW,
    REPO,
    assert_clean_failure,
    dump_rows,
    file_hash,
    folder_state,
    integrity,
    invoke,
    mode,
    read_only,
    subprocess_env,
)


def entries(db: Path) -> int:
    rows = dump_rows(db)
    return sum(len(rows[t]) for t in ENTRY_TABLES)


def content(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row but the journal's generation, which a restore renews on purpose."""
    rows = dump_rows(db)
    rows.pop("journal_meta", None)
    return rows


def corrupt(path: Path) -> None:
    """Overwrite the middle pages with garbage, as a failing disk or copy would."""
    data = bytearray(path.read_bytes())
    for offset in range(4096, len(data) - 4096, 4096 * 3):
        data[offset : offset + 2048] = b"\xa5" * 2048
    path.write_bytes(bytes(data))


# --- rotation ---------------------------------------------------------------------


def test_rotation_keeps_7_daily_4_weekly_12_monthly() -> None:
    start = dt.datetime(2025, 1, 1, 8, 0)
    stamps = [(Path(f"auto-{i}"), start + dt.timedelta(days=i)) for i in range(500)]
    keep = b.rotation_keeps(stamps)
    kept = sorted(created for path, created in stamps if path in keep)
    newest = stamps[-1][1]
    # The last 7 days, every one of them.
    assert [newest - dt.timedelta(days=d) for d in range(7)] == sorted(kept, reverse=True)[:7]
    # One per ISO week for the last 4 weeks, one per month for the last 12 months.
    weeks = {c.isocalendar()[:2] for c in kept}
    months = {(c.year, c.month) for c in kept}
    assert len(months) == 12
    assert len(weeks) >= 4
    assert len(kept) <= 7 + 4 + 12
    # Nothing older than a year survives, and the kept monthly ones are month ends.
    assert min(kept) > newest - dt.timedelta(days=366)
    for c in kept:
        if c < newest - dt.timedelta(days=40):
            assert (c + dt.timedelta(days=1)).month != c.month


def test_rotation_with_few_backups_keeps_them_all() -> None:
    stamps = [(Path(f"a{i}"), dt.datetime(2026, 1, 1 + i)) for i in range(5)]
    assert b.rotation_keeps(stamps) == {p for p, _ in stamps}


def test_daily_backup_once_a_day_private_and_rotated(rich_db: Path) -> None:
    folder = backups_dir(rich_db)
    manual = b.backup_now(rich_db)  # not automatic: never rotated away
    first = b.maybe_daily_backup(rich_db, now=dt.datetime(2026, 1, 1, 9))
    assert first is not None and first.parent == folder
    assert mode(folder) == 0o700 and mode(first) == 0o600
    assert dump_rows(first) == dump_rows(rich_db)
    assert b.maybe_daily_backup(rich_db, now=dt.datetime(2026, 1, 1, 23, 59)) is None
    made = [first]
    for day in range(1, 120):
        now = dt.datetime(2026, 1, 1, 9) + dt.timedelta(days=day)
        path = b.maybe_daily_backup(rich_db, now=now)
        assert path is not None
        made.append(path)
    autos = sorted(p for p in folder.iterdir() if p.name.startswith("auto-"))
    assert 7 < len(autos) <= 7 + 4 + 12
    assert made[-1] in autos and all(p in autos for p in made[-7:])
    assert manual.exists()
    assert not list(folder.glob("*.partial"))
    assert all(mode(p) == 0o600 for p in folder.iterdir())


def test_rotation_never_drops_the_fullest_backup(rich_db: Path, tmp_path: Path) -> None:
    """An emptied journal cannot push its last full copy out of rotation."""
    folder = backups_dir(rich_db)
    start = dt.datetime(2026, 1, 1, 9)
    full = sqlite_backup(rich_db, folder / f"auto-{start:%Y%m%d-%H%M%S}.sqlite3")
    emptied = sqlite_backup(rich_db, tmp_path / "emptied.sqlite3")
    conn = sqlite3.connect(emptied)
    conn.execute("DELETE FROM cramps")
    conn.commit()
    conn.close()
    for day in range(1, 60):
        when = start + dt.timedelta(days=day)
        shutil.copyfile(emptied, folder / f"auto-{when:%Y%m%d-%H%M%S}.sqlite3")
    # Without the rule, a 1 January backup is outside every bucket after 59 days.
    assert folder / full.name not in b.rotation_keeps(
        (p, dt.datetime.strptime(p.name[5:20], "%Y%m%d-%H%M%S")) for p in folder.iterdir()
    )
    removed = b.rotate(folder, now=start + dt.timedelta(days=60))
    assert full.exists()
    assert len(removed) == 60 - len(list(folder.iterdir()))


def test_daily_backup_skips_an_empty_journal(empty_db: Path) -> None:
    assert b.maybe_daily_backup(empty_db) is None
    assert not backups_dir(empty_db).exists()


def test_daily_backup_failure_warns_and_never_raises(rich_db: Path) -> None:
    folder = backups_dir(rich_db)
    folder.write_text("a file where the folder should be")
    warnings: list[str] = []
    assert b.maybe_daily_backup(rich_db, warn=warnings.append) is None
    assert len(warnings) == 1 and "daily backup" in warnings[0]


def test_daily_backup_of_a_damaged_journal_is_not_kept(rich_db: Path) -> None:
    corrupt(rich_db)
    warnings: list[str] = []
    assert b.maybe_daily_backup(rich_db, warn=warnings.append) is None
    assert not list(backups_dir(rich_db).glob("auto-*"))
    assert warnings and "doctor" in warnings[0]


def test_backup_of_a_live_journal_includes_uncheckpointed_changes(tmp_path: Path) -> None:
    db = tmp_path / "journal.sqlite3"
    journal = Journal.open(db)
    try:
        for i in range(20):
            journal.log_cramp(now=NOW, muscle="calf", side="left", notes=f"live {i}")
        wal = db.with_name(db.name + "-wal")
        assert wal.exists() and wal.stat().st_size > 0
        copy = b.backup_now(db)
    finally:
        journal.close()
    assert dump_rows(copy) == dump_rows(db)
    assert not copy.with_name(copy.name + "-wal").exists()
    assert integrity(copy) == ["ok"]


def test_the_command_line_makes_one_daily_backup(rich_db: Path) -> None:
    for _ in range(3):
        assert invoke(rich_db, "list").code == 0
    autos = list(backups_dir(rich_db).glob("auto-*.sqlite3"))
    assert len(autos) == 1
    assert dump_rows(autos[0]) == dump_rows(rich_db)


# --- the commands ---------------------------------------------------------------------


def test_backup_command_default_folder_and_explicit_paths(rich_db: Path, tmp_path: Path) -> None:
    n = entries(rich_db)
    result = invoke(rich_db, "backup")
    assert result.code == 0, result.err
    assert f"backed up {n} entries to {backups_dir(rich_db)}" in result.out
    target = tmp_path / "usb" / "copy.sqlite3"
    target.parent.mkdir()  # a folder that does not exist is refused
    assert invoke(rich_db, "backup", str(target)).code == 0
    assert mode(target) == 0o600 and dump_rows(target) == dump_rows(rich_db)
    folder = tmp_path / "usb"
    result = invoke(rich_db, "backup", str(folder))
    assert result.code == 0, result.err
    assert len(list(folder.glob("journal-*.sqlite3"))) == 1


def test_backup_never_overwrites_without_force(rich_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "precious.sqlite3"
    target.write_bytes(b"precious")
    assert_clean_failure(invoke(rich_db, "backup", str(target)), "already exists")
    assert target.read_bytes() == b"precious"
    assert invoke(rich_db, "backup", str(target), "--force").code == 0
    assert dump_rows(target) == dump_rows(rich_db)


def test_backup_without_a_journal_says_so(tmp_path: Path) -> None:
    db = tmp_path / "none.sqlite3"
    assert_clean_failure(invoke(db, "backup"), "no journal")
    assert not db.exists()


def test_backups_lists_dates_kinds_and_entry_counts(rich_db: Path) -> None:
    assert "no backups yet" in invoke(rich_db, "backups").out
    b.maybe_daily_backup(rich_db, now=dt.datetime(2026, 2, 1, 8, 30))
    invoke(rich_db, "backup")
    listed = json.loads(invoke(rich_db, "backups", "--json").out)
    assert [x["kind"] for x in listed] == ["manual", "auto"]
    assert all(x["entries"] == entries(rich_db) for x in listed)
    assert listed[1]["created"] == "2026-02-01T08:30:00"
    text = invoke(rich_db, "backups").out
    assert "2026-02-01 08:30" in text and f"{entries(rich_db)} entries" in text


# --- restore ----------------------------------------------------------------------


def _shrink(db: Path, keep: int) -> None:
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM cramps WHERE id > ?", (keep,))
    conn.execute("DELETE FROM drinks")
    conn.commit()
    conn.close()


def test_restore_refuses_a_much_smaller_backup(rich_db: Path) -> None:
    small = b.backup_now(rich_db)
    _shrink(small, 1)
    before = dump_rows(rich_db)
    digest = file_hash(rich_db)
    result = invoke(rich_db, "restore", str(small))
    assert_clean_failure(result, "would lose entries", "--force")
    assert file_hash(rich_db) == digest and dump_rows(rich_db) == before
    assert not list(backups_dir(rich_db).glob("pre-restore-*"))


def test_restore_with_force_keeps_the_journal_as_it_was(rich_db: Path) -> None:
    small = b.backup_now(rich_db)
    _shrink(small, 1)
    before = dump_rows(rich_db)
    result = invoke(rich_db, "restore", small.name, "--force")  # by name, from the folder
    assert result.code == 0, result.err
    assert content(rich_db) == content(small)
    [saved] = backups_dir(rich_db).glob("pre-restore-*")
    assert dump_rows(saved) == before
    assert str(saved) in result.out
    assert mode(rich_db) == 0o600 and mode(saved) == 0o600
    assert integrity(rich_db) == ["ok"]


def test_restore_of_a_bigger_backup_needs_no_force(rich_db: Path) -> None:
    full = b.backup_now(rich_db)
    _shrink(rich_db, 2)
    result = invoke(rich_db, "restore", str(full))
    assert result.code == 0, result.err
    assert content(rich_db) == content(full)
    # The journal still opens and works as a journal after the restore.
    assert invoke(rich_db, "log", "drink").code == 0
    assert integrity(rich_db) == ["ok"]


def test_restore_refuses_damaged_foreign_and_newer_backups(rich_db: Path, tmp_path: Path) -> None:
    digest = file_hash(rich_db)
    damaged = b.backup_now(rich_db, tmp_path / "damaged.sqlite3")
    corrupt(damaged)
    text = tmp_path / "notes.sqlite3"
    text.write_text("not a database")
    other = tmp_path / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    newer = b.backup_now(rich_db, tmp_path / "newer.sqlite3")
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    cases = [
        (damaged, "damaged"),
        (text, "not an SQLite"),
        (other, "not a cramplog journal"),
        (newer, "newer cramplog"),
        (tmp_path / "missing.sqlite3", "no backup file"),
    ]
    for path, message in cases:
        assert_clean_failure(invoke(rich_db, "restore", str(path), "--force"), message)
    assert file_hash(rich_db) == digest


def test_restore_replaces_a_damaged_journal_and_keeps_its_bytes(rich_db: Path) -> None:
    good = b.backup_now(rich_db)
    expected = content(rich_db)
    rich_db.write_bytes(rich_db.read_bytes()[:20000])  # truncated
    damaged_bytes = rich_db.read_bytes()
    result = invoke(rich_db, "restore", str(good))
    assert result.code == 0, result.err
    assert content(rich_db) == expected and mode(rich_db) == 0o600
    [kept] = backups_dir(rich_db).glob("damaged-*.sqlite3")
    assert kept.read_bytes() == damaged_bytes and mode(kept) == 0o600


def test_restore_into_a_missing_journal(rich_db: Path, tmp_path: Path) -> None:
    good = b.backup_now(rich_db, tmp_path / "from-old-computer.sqlite3")
    fresh = tmp_path / "new-computer" / "journal.sqlite3"
    result = invoke(fresh, "restore", str(good))
    assert result.code == 0, result.err
    assert content(fresh) == content(rich_db)
    assert mode(fresh) == 0o600


def test_restore_of_an_older_schema_backup_is_upgraded_on_open(
    rich_db: Path, tmp_path: Path
) -> None:
    from .test_schema_versions import make_0001_journal

    old = tmp_path / "old" / "journal.sqlite3"
    make_0001_journal(old)
    result = invoke(rich_db, "restore", str(old), "--force")
    assert result.code == 0, result.err
    listed = invoke(rich_db, "list", "--from", "2025-01-01", "--to", "2025-12-31", "--json")
    assert listed.code == 0 and len(json.loads(listed.out)) == 8


@pytest.mark.slow
def test_restore_while_another_process_has_the_journal_open(rich_db: Path, tmp_path: Path) -> None:
    """The other process sees the old journal or the restored one, never a mixture."""
    full = b.backup_now(rich_db)
    _shrink(rich_db, 1)
    small, big = entries(rich_db), entries(full)
    stop = tmp_path / "stop-reading"
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from pathlib import Path\n"
            "from cramplog.services import Journal\n"
            "j = Journal.open(Path(sys.argv[1]))\n"
            "stop = Path(sys.argv[2])\n"
            "while not stop.exists():\n"
            "    print(len(j.entries()), flush=True)\n"
            "    time.sleep(0.02)\n"
            "j.close()\n",
            str(rich_db),
            str(stop),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=subprocess_env(),
    )
    out, err = Lines(reader.stdout), Lines(reader.stderr)
    try:
        # Restore once the reader has read the old journal, however slowly it
        # started; stop it once it has read the restored one.
        out.wait_for(lambda seen: len(seen) > 0, what="the reader's first count")
        result = invoke(rich_db, "restore", str(full))
        assert result.code == 0, result.err
        out.wait_for(lambda seen: str(big) in seen, what="the reader to see the restored journal")
        stop.touch()
        reader.wait(timeout=DEADLINE)
    finally:
        stop.touch()
        reader.kill()
        reader.wait()
    assert reader.returncode == 0, err.rest()
    seen = [int(line) for line in out.rest()]
    assert set(seen) == {small, big}, set(seen)
    # The old journal, then the restored one, never back and nothing between.
    assert seen[0] == small and seen == [small] * seen.count(small) + [big] * seen.count(big)
    assert content(rich_db) == content(full)
    assert integrity(rich_db) == ["ok"]


def test_restore_and_backup_in_a_read_only_folder_fail_cleanly(rich_db: Path) -> None:
    outside = b.backup_now(rich_db, rich_db.parent.parent / "outside.sqlite3")
    before = folder_state(rich_db.parent)
    with read_only(rich_db.parent):
        assert_clean_failure(invoke(rich_db, "backup"), "backups folder")
        assert_clean_failure(invoke(rich_db, "restore", str(outside), "--force"), "backups folder")
    assert folder_state(rich_db.parent) == before
