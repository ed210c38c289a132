"""Where exports may write: an existing folder, --force for cramplog's own files only,
and never through or over a symbolic link (even a dangling one, even with --force)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from cramplog.cli import load_extensions
from cramplog.services import Journal

TABLES = {
    "daily.csv",
    "cramps.csv",
    "foods.csv",
    "drinks.csv",
    "doses.csv",
    "activities.csv",
    "day_factors.csv",
    "imported_foods.csv",
    "medications.csv",
}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "journal.sqlite3"
    journal = Journal.open(path)
    try:
        journal.log_cramp(severity=5, muscle="calf", side="left", notes="=1+1")
    finally:
        journal.close()
    return path


def export(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(load_extensions(), ["--db", str(db), "export", *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


def state(folder: Path) -> dict[str, tuple[bool, bytes | str]]:
    """Every name in ``folder``: a link and its target, or a file and its bytes."""
    out: dict[str, tuple[bool, bytes | str]] = {}
    for path in folder.iterdir():
        out[path.name] = (
            (True, os.readlink(path)) if path.is_symlink() else (False, path.read_bytes())
        )
    return out


def refused(code: int, err: str, *fragments: str) -> None:
    assert code != 0
    [line] = err.strip().splitlines()
    assert line.startswith("Error: ")
    for fragment in fragments:
        assert fragment in line, line


def test_csv_into_an_existing_empty_folder(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    folder.mkdir()
    code, out, err = export(db, "--format", "csv", "-o", str(folder))
    assert code == 0, err
    assert {p.name for p in folder.iterdir()} == TABLES
    assert all((folder / name).stat().st_mode & 0o777 == 0o600 for name in TABLES)
    assert "cramps.csv" in out


def test_force_replaces_only_cramplogs_files(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    assert export(db, "--format", "csv", "-o", str(folder))[0] == 0
    (folder / "cramps.csv").write_text("old")
    (folder / "mine.txt").write_text("mine")
    before = state(folder)
    code, _, err = export(db, "--format", "csv", "-o", str(folder))
    refused(code, err, "already exists", "--force")
    assert state(folder) == before
    code, _, err = export(db, "--format", "csv", "-o", str(folder), "--force")
    assert code == 0, err
    assert (folder / "cramps.csv").read_text() != "old"
    assert (folder / "mine.txt").read_text() == "mine"
    assert {p.name for p in folder.iterdir()} == TABLES | {"mine.txt"}


def test_a_file_at_o_is_refused_even_with_force(db: Path, tmp_path: Path) -> None:
    target = tmp_path / "tables"
    target.write_text("a file")
    for force in ((), ("--force",)):
        refused(*export(db, "--format", "csv", "-o", str(target), *force)[::2], "not a folder")
        assert target.read_text() == "a file"


@pytest.mark.parametrize("dangling", [False, True])
def test_a_link_at_o_is_refused_even_with_force(db: Path, tmp_path: Path, dangling: bool) -> None:
    real = tmp_path / "real"
    if not dangling:
        real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    for fmt in ("csv", "json"):
        for force in ((), ("--force",)):
            code, _, err = export(db, "--format", fmt, "-o", str(link), *force)
            refused(code, err, "symbolic link")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert (not dangling and not any(real.iterdir())) or not real.exists()


@pytest.mark.parametrize("dangling", [False, True])
def test_a_link_among_the_tables_is_refused_and_nothing_written(
    db: Path, tmp_path: Path, dangling: bool
) -> None:
    folder = tmp_path / "tables"
    folder.mkdir()
    aimed = tmp_path / "elsewhere.csv"
    if not dangling:
        aimed.write_text("someone else's")
    (folder / "medications.csv").symlink_to(aimed)
    before = state(folder)
    for force in ((), ("--force",)):
        code, _, err = export(db, "--format", "csv", "-o", str(folder), *force)
        refused(code, err, "medications.csv", "symbolic link")
        assert state(folder) == before
    assert aimed.exists() != dangling
    if not dangling:
        assert aimed.read_text() == "someone else's"


def test_json_refuses_a_dangling_link_and_a_folder(db: Path, tmp_path: Path) -> None:
    link = tmp_path / "out.json"
    link.symlink_to(tmp_path / "nowhere.json")
    refused(*export(db, "-o", str(link), "--force")[::2], "symbolic link")
    assert link.is_symlink() and not (tmp_path / "nowhere.json").exists()
    refused(*export(db, "-o", str(tmp_path), "--force")[::2], "is a folder")
    code, _, err = export(db, "-o", str(tmp_path / "plain.json"))
    assert code == 0, err
