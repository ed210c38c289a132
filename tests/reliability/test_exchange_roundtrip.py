"""Export then import reproduces every stored row; a bad record imports nothing."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from cramplog.domain import ValidationError
from cramplog.services import Journal
from cramplog.services.exchange import export_document, import_document

from .conftest import counts, dump_rows, invoke


def _export(db: Path) -> dict[str, Any]:
    journal = Journal.open(db)
    try:
        return export_document(journal)
    finally:
        journal.close()


def test_round_trip_reproduces_every_row_exactly(
    rich_db: Path, empty_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "export.json"
    result = invoke(rich_db, "export", "-o", str(out))
    assert result.code == 0, result.err
    result = invoke(empty_db, "import", str(out))
    assert result.code == 0, result.err
    before, after = dump_rows(rich_db), dump_rows(empty_db)
    assert set(before) == set(after)
    for table in before:
        if table == "journal_meta":
            continue  # the file's own generation (see storage.models), not journal content
        assert after[table] == before[table], table
    # The journal under test really has something in every table.
    assert all(before[t] for t in before if t not in ("alembic_version", "sqlite_sequence")), {
        t: len(r) for t, r in before.items()
    }


def test_round_trip_of_the_round_trip_is_identical(
    rich_db: Path, empty_db: Path, tmp_path: Path
) -> None:
    first = _export(rich_db)
    journal = Journal.open(empty_db)
    try:
        import_document(journal, json.loads(json.dumps(first)))
        second = export_document(journal)
    finally:
        journal.close()
    first.pop("exported_at")
    second.pop("exported_at")
    assert second == first


BAD_RECORDS: list[tuple[str, str, Any, str]] = [
    ("cramps", "severity", 11, "cramps[{i}].severity"),
    ("cramps", "muscle", "knee", "cramps[{i}].muscle"),
    ("cramps", "time", "yesterday", "cramps[{i}].time"),
    ("cramps", "time", "2026-03-01T02:30", "cramps[{i}].time"),
    ("cramps", "notes", "bell \x07", "cramps[{i}].notes"),
    ("foods", "grams", -1, "foods[{i}].grams"),
    ("foods", "food_id", "1077", "foods[{i}].food_id"),
    ("foods", "meal", "brunch", "foods[{i}].meal"),
    ("drinks", "ml", 0, "drinks[{i}].ml"),
    ("drinks", "kind", "lemonade", "drinks[{i}].kind"),
    ("doses", "medication", "Unknown pill", "doses[{i}].medication"),
    ("doses", "count", "many", "doses[{i}].count"),
    ("activities", "minutes", 0, "activities[{i}].minutes"),
    ("activities", "intensity", "extreme", "activities[{i}].intensity"),
    ("medications", "magnesium_mg", -5, "medications[{i}].magnesium_mg"),
    ("custom_foods", "per_100g", {"iron_mg": 3}, "custom_foods[{i}].per_100g"),
    ("day_marks", "kind", "maybe", "day_marks[{i}].kind"),
]


@pytest.mark.parametrize(("section", "field", "value", "where"), BAD_RECORDS)
def test_one_bad_record_imports_nothing_and_is_named(
    rich_db: Path, empty_db: Path, tmp_path: Path, section: str, field: str, value: Any, where: str
) -> None:
    doc = _export(rich_db)
    index = len(doc[section]) - 1  # the last record: everything before it was fine
    bad = copy.deepcopy(doc)
    bad[section][index][field] = value
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    before = dump_rows(empty_db)
    result = invoke(empty_db, "import", str(path))
    assert result.exception is None, repr(result.exception)
    assert result.code == 1
    [line] = result.err.strip().splitlines()
    assert where.format(i=index) in line, line
    assert dump_rows(empty_db) == before


def test_import_refuses_a_journal_that_has_entries(rich_db: Path, tmp_path: Path) -> None:
    doc = _export(rich_db)
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    before = dump_rows(rich_db)
    result = invoke(rich_db, "import", str(path))
    assert result.code == 1 and "already has entries" in result.err
    assert dump_rows(rich_db) == before


def test_import_checks_the_format_marker(empty_db: Path) -> None:
    journal = Journal.open(empty_db)
    try:
        docs: list[Any] = [{"format": "other"}, [], {"format": "cramplog-journal", "version": 99}]
        for doc in docs:
            with pytest.raises(ValidationError):
                import_document(journal, doc)
    finally:
        journal.close()
    bookkeeping = ("alembic_version", "journal_meta", "sqlite_sequence")
    assert sum(n for t, n in counts(empty_db).items() if t not in bookkeeping) == 0
