"""Upgrading from the first schema keeps every row; a newer journal is refused untouched."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cramplog.paths import backups_dir
from cramplog.storage.backups_folder import list_backups
from cramplog.storage.engine import JournalError, make_engine
from cramplog.storage.schema import head_revision, open_database, upgrade

from .conftest import (
    assert_clean_process_failure,
    dump_rows,
    file_hash,
    folder_state,
    integrity,
    mode,
    run_cli,
)

# Rows as a release at schema 0001 stored them, one or more in every table.
ROWS_0001 = {
    "profile": [
        "INSERT INTO profile (id, sex, birth_year, life_stage, day_start_hour,"
        " fluid_reference_ml, fluid_restriction_ml, theme, onboarded)"
        " VALUES (1, 'male', 1950, 'general', 5, 2500, NULL, 'textual-light', 1)"
    ],
    "medications": [
        "INSERT INTO medications (id, name, kind, magnesium_mg, potassium_mg, calcium_mg,"
        " vitamin_d_ug, drug_class, started_on, stopped_on, notes)"
        " VALUES (3, 'Mag', 'supplement', 250.0, 0.0, 0.0, 0.0, NULL, '2025-01-01', NULL, 'x')",
        "INSERT INTO medications (id, name, kind, magnesium_mg, potassium_mg, calcium_mg,"
        " vitamin_d_ug, drug_class, started_on, stopped_on, notes)"
        " VALUES (4, 'Hctz', 'drug', 0, 0, 0, 0, 'thiazide diuretic', NULL, '2025-06-30', '')",
    ],
    "custom_foods": [
        "INSERT INTO custom_foods (id, name, energy_kcal, water_g, magnesium_mg, potassium_mg,"
        " calcium_mg, sodium_mg, vitamin_d_ug, serving_grams, notes)"
        " VALUES (2, 'Soup', 40, 90, 10.5, NULL, 20, 300, NULL, 250, 'home')"
    ],
    "cramps": [
        "INSERT INTO cramps (id, at_utc, utc_offset_min, journal_day, notes, muscle, side,"
        " severity, duration_s, woke_from_sleep, relieved_by, red_flags)"
        f" VALUES ({i}, '2025-0{m}-1{i} 01:30:00.000000', 60, '2025-0{m}-1{i}', 'n{i}',"
        f" 'calf', 'left', {i}, {i * 30}, 1, 'stretching', 'numbness')"
        for i, m in ((1, 1), (2, 2), (7, 3))
    ],
    "food_entries": [
        "INSERT INTO food_entries (id, at_utc, utc_offset_min, journal_day, notes, energy_kcal,"
        " water_g, magnesium_mg, potassium_mg, calcium_mg, sodium_mg, vitamin_d_ug, meal,"
        " food_id, custom_food_id, name, grams, amount, unit)"
        " VALUES (5, '2025-01-10 07:00:00.000000', -300, '2025-01-10', '', 61, 88, 10, 132,"
        " 113, 43, 1.3, 'breakfast', '01077', NULL, 'Milk', 244.0, '1', 'cup')",
        "INSERT INTO food_entries (id, at_utc, utc_offset_min, journal_day, notes, energy_kcal,"
        " water_g, magnesium_mg, potassium_mg, calcium_mg, sodium_mg, vitamin_d_ug, meal,"
        " food_id, custom_food_id, name, grams, amount, unit)"
        " VALUES (6, '2025-01-10 12:00:00.000000', -300, '2025-01-10', 'soup!', 40, 90, 10.5,"
        " NULL, 20, 300, NULL, 'lunch', NULL, 2, 'Soup', 250.0, '', '')",
    ],
    "drinks": [
        "INSERT INTO drinks (id, at_utc, utc_offset_min, journal_day, notes, energy_kcal,"
        " water_g, magnesium_mg, potassium_mg, calcium_mg, sodium_mg, vitamin_d_ug, kind, ml,"
        " caffeinated, food_id, grams)"
        " VALUES (9, '2025-01-10 09:00:00.000000', 0, '2025-01-10', '', NULL, NULL, NULL, NULL,"
        " NULL, NULL, NULL, 'coffee', 180.0, 1, NULL, NULL)"
    ],
    "doses": [
        "INSERT INTO doses (id, at_utc, utc_offset_min, journal_day, notes, medication_id, count)"
        " VALUES (1, '2025-01-10 21:00:00.000000', 60, '2025-01-10', '', 3, 2.0)"
    ],
    "activities": [
        "INSERT INTO activities (id, at_utc, utc_offset_min, journal_day, notes, kind, minutes,"
        " intensity) VALUES (1, '2025-01-10 17:00:00.000000', 60, '2025-01-10', '', 'swim',"
        " 30, 'vigorous')"
    ],
    "recipes": ["INSERT INTO recipes (id, name, portions) VALUES (1, 'Stew', 4.0)"],
    "recipe_items": [
        "INSERT INTO recipe_items (id, recipe_id, food_id, custom_food_id, grams)"
        " VALUES (1, 1, '01077', NULL, 100.0)",
        "INSERT INTO recipe_items (id, recipe_id, food_id, custom_food_id, grams)"
        " VALUES (2, 1, NULL, 2, 400.0)",
    ],
    "day_marks": ["INSERT INTO day_marks (journal_day, kind) VALUES ('2025-01-10', 'complete')"],
}


def make_0001_journal(path: Path) -> dict[str, list[tuple[object, ...]]]:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.touch(mode=0o600)
    engine = make_engine(path)
    try:
        with engine.begin() as conn:
            upgrade(conn, "0001")
        with engine.begin() as conn:
            for statements in ROWS_0001.values():
                for statement in statements:
                    conn.exec_driver_sql(statement)
    finally:
        engine.dispose()
    rows = dump_rows(path)
    assert rows["alembic_version"] == [("0001",)]
    return rows


def test_upgrade_from_0001_keeps_every_row_and_backs_up_first(tmp_path: Path) -> None:
    path = tmp_path / "data" / "journal.sqlite3"
    before = make_0001_journal(path)
    result = open_database(path)
    result.database.close()
    assert result.upgraded_from == "0001"
    after = dump_rows(path)
    assert after["alembic_version"] == [(head_revision(),)]
    for table, rows in before.items():
        if table == "alembic_version":
            continue
        assert len(after[table]) == len(rows), table
        # Later revisions add columns at the end of rows; the old columns are kept.
        width = len(rows[0]) if rows else 0
        assert [row[:width] for row in after[table]] == rows, table
    conn = sqlite3.connect(path)
    try:
        # 0002: food_release, empty for old rows.
        for table in ("food_entries", "drinks"):
            assert {r[0] for r in conn.execute(f"SELECT food_release FROM {table}")} == {""}
        # 0003: every entry gets its own uuid and version 1; ids are never reused.
        uuids: list[str] = []
        for table in ("cramps", "food_entries", "drinks", "doses", "activities"):
            rows_0003 = conn.execute(f"SELECT uuid, version FROM {table}").fetchall()
            assert all(version == 1 for _, version in rows_0003), table
            uuids += [u for u, _ in rows_0003]
            create = conn.execute(
                "SELECT sql FROM sqlite_master WHERE name = ?", (table,)
            ).fetchone()[0]
            assert "AUTOINCREMENT" in create, table
        assert len(set(uuids)) == len(uuids) == 8
    finally:
        conn.close()
    assert integrity(path) == ["ok"]
    # The backup holds the journal exactly as it was, is private, and is listed.
    assert result.backup is not None
    assert result.backup.parent == backups_dir(path)
    assert dump_rows(result.backup) == before
    assert mode(result.backup) == 0o600
    assert mode(backups_dir(path)) == 0o700
    [listed] = list_backups(path)
    assert listed.kind == "pre-upgrade" and listed.entries == 8


@pytest.mark.slow
def test_upgraded_journal_works_from_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "journal.sqlite3"
    make_0001_journal(path)
    proc = run_cli(path, "list", "--from", "2025-01-01", "--to", "2025-12-31", "--json")
    assert proc.returncode == 0, proc.stderr
    assert "upgraded journal from schema 0001" in proc.stderr
    assert proc.stdout.count('"ref"') == 8


def _stamp_newer(path: Path, revision: str = "9999_from_the_future") -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
        conn.commit()
    finally:
        conn.close()
    # Closing the last connection folds the -wal into the file and removes it.
    assert not path.with_name(path.name + "-wal").exists()


@pytest.mark.slow
def test_journal_from_a_newer_release_is_refused_and_unchanged(rich_db: Path) -> None:
    _stamp_newer(rich_db)
    folder = rich_db.parent
    before = folder_state(folder)
    for args in (("log", "drink"), ("list",), ("export",), ("profile", "--sex", "male")):
        proc = run_cli(rich_db, *args)
        assert_clean_process_failure(proc, "newer cramplog", "9999_from_the_future")
    assert folder_state(folder) == before


def test_newer_journal_refused_in_process_too(rich_db: Path) -> None:
    _stamp_newer(rich_db)
    digest = file_hash(rich_db)
    with pytest.raises(JournalError, match="newer cramplog"):
        open_database(rich_db)
    assert file_hash(rich_db) == digest


def test_upgrade_from_0004_keeps_the_profile_and_adds_empty_identity(tmp_path: Path) -> None:
    path = tmp_path / "data" / "journal.sqlite3"
    make_0001_journal(path)
    engine = make_engine(path)
    try:
        with engine.begin() as conn:
            upgrade(conn, "0004")
    finally:
        engine.dispose()
    before = dump_rows(path)
    assert before["alembic_version"] == [("0004",)]
    result = open_database(path)
    result.database.close()
    assert result.upgraded_from == "0004"
    after = dump_rows(path)
    for table, rows in before.items():
        if table == "alembic_version":
            continue
        assert len(after[table]) == len(rows), table
        width = len(rows[0]) if rows else 0
        assert [row[:width] for row in after[table]] == rows, table
    raw = sqlite3.connect(path)
    try:
        identity = raw.execute("SELECT name, birth_date, identifier, birth_year FROM profile")
        assert identity.fetchall() == [(None, None, None, 1950)]
    finally:
        raw.close()
    assert integrity(path) == ["ok"]
