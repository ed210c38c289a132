"""Any name a file system allows works the same in every command.

A path pasted into an SQLite URI by hand broke on `#`, `?` and `%`: for
`~/C# notes/journal.sqlite3` backup copied an empty database ("backed up 0
entries"), doctor checked another file, and restore replaced the journal with
nothing. These tests read the journal back with their own correctly quoted
connection, so they cannot share the bug they look for.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from cramplog.paths import backups_dir
from cramplog.services import Journal

from .conftest import NOW, invoke, run_cli

# Folder names special in a URI, a shell or a command line.
NAMES = [
    "C# notes",
    "what?",
    "100%",
    "50%20off",
    "x?mode=ro",
    "with space",
    "ünïcødé 日記",
    "-leading-dash",
    "semi;colon&amp=1",
    "file:notes",
]


def _entries(db: Path) -> dict[str, int]:
    """Rows per entry table, read through a quoted URI (never through cramplog)."""
    conn = sqlite3.connect(f"{db.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return {
            table: int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in ("cramps", "drinks")
        }
    finally:
        conn.close()


def _nothing_beside(tmp_path: Path, folder: Path) -> None:
    """No stray file was made where a cut-short path would point (`C` for `C# notes`)."""
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        {folder.relative_to(tmp_path).parts[0], "out"}
    )


@pytest.mark.parametrize("name", NAMES)
def test_every_command_works_on_a_journal_whose_folder_has_any_name(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "out").mkdir()
    folder = tmp_path / name
    folder.mkdir()
    # A relative --db as well: `-leading-dash/journal.sqlite3`, `file:notes/...`.
    monkeypatch.chdir(tmp_path)
    db = Path(name) / "journal.sqlite3"

    logged = invoke(db, "log", "cramp", "--muscle", "calf", "--side", "left", "--json")
    assert logged.code == 0, logged.err
    assert invoke(db, "log", "drink", "--ml", "250").code == 0
    assert _entries(folder / "journal.sqlite3") == {"cramps": 1, "drinks": 1}

    listed = invoke(db, "list", "--json")
    assert listed.code == 0, listed.err
    assert len(json.loads(listed.out)) == 2

    backed = invoke(db, "backup")
    assert backed.code == 0, backed.err
    assert "backed up 2 entries" in backed.out
    [manual] = backups_dir(folder / "journal.sqlite3").glob("manual-*.sqlite3")
    assert _entries(manual) == {"cramps": 1, "drinks": 1}

    doctor = invoke(db, "doctor", "--json")
    assert doctor.code == 0, doctor.out
    report = json.loads(doctor.out)
    assert report["counts"]["cramps"] == 1 and report["counts"]["drinks"] == 1
    assert report["entries"] == 2

    exported = tmp_path / "out" / "export.json"
    assert invoke(db, "export", "-o", str(exported)).code == 0
    data = json.loads(exported.read_text())
    assert len(data["cramps"]) == 1 and len(data["drinks"]) == 1

    # Restore: the backup (2 entries) replaces a journal that has 3 since.
    assert invoke(db, "log", "cramp", "--muscle", "toe", "--side", "right").code == 0
    restored = invoke(db, "restore", manual.name, "--force")
    assert restored.code == 0, restored.err
    assert "restored 2 entries" in restored.out
    assert _entries(folder / "journal.sqlite3") == {"cramps": 1, "drinks": 1}
    [saved] = backups_dir(folder / "journal.sqlite3").glob("pre-restore-*.sqlite3")
    assert _entries(saved) == {"cramps": 2, "drinks": 1}
    assert invoke(db, "list", "--json").code == 0

    _nothing_beside(tmp_path, folder)


@pytest.mark.parametrize("name", ["C# notes", "what?", "100%"])
def test_the_journal_file_itself_may_have_any_name(name: str, tmp_path: Path) -> None:
    db = tmp_path / "journals" / f"{name}.sqlite3"
    assert invoke(db, "log", "drink").code == 0
    backed = invoke(db, "backup", str(tmp_path / "journals" / "copy.sqlite3"))
    assert backed.code == 0, backed.err
    assert "backed up 1 entry" in backed.out
    assert _entries(tmp_path / "journals" / "copy.sqlite3") == {"cramps": 0, "drinks": 1}
    assert json.loads(invoke(db, "doctor", "--json").out)["entries"] == 1


def test_the_app_opens_the_file_the_commands_use(tmp_path: Path) -> None:
    """The app's route (Journal.open) and the commands see one and the same file."""
    db = tmp_path / "C# notes" / "journal.sqlite3"
    journal = Journal.open(db)
    try:
        journal.log_cramp(now=NOW, muscle="calf", side="left")
    finally:
        journal.close()
    assert _entries(db) == {"cramps": 1, "drinks": 0}
    assert "backed up 1 entry" in invoke(db, "backup").out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["C# notes"]


@pytest.mark.slow
def test_hash_in_the_folder_name_as_real_processes(tmp_path: Path) -> None:
    """The reported case, end to end: `~/C# notes/journal.sqlite3`."""
    db = tmp_path / "C# notes" / "journal.sqlite3"
    for _ in range(3):
        proc = run_cli(db, "log", "cramp", "--muscle", "calf", "--side", "left")
        assert proc.returncode == 0, proc.stderr
    backed = run_cli(db, "backup")
    assert backed.returncode == 0, backed.stderr
    assert "backed up 3 entries" in backed.stdout
    doctor = run_cli(db, "doctor")
    assert doctor.returncode == 0, doctor.stdout
    assert "3 entries: 3 cramps" in doctor.stdout
    [manual] = backups_dir(db).glob("manual-*.sqlite3")
    proc = run_cli(db, "log", "drink")
    assert proc.returncode == 0, proc.stderr
    restored = run_cli(db, "restore", str(manual), "--force")
    assert restored.returncode == 0, restored.stderr
    assert _entries(db) == {"cramps": 3, "drinks": 0}
    [saved] = backups_dir(db).glob("pre-restore-*.sqlite3")
    assert _entries(saved) == {"cramps": 3, "drinks": 1}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["C# notes"]
