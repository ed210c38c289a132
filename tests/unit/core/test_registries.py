"""One model: the nutrient and entry-kind registries drive every layer.

These tests fail when a layer keeps a copy of its own: a nutrient missing from
the medicine record, an entry kind without a table, an export section or a
CSV file, or a field named one way in `list --json` and another in the export.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cramplog.cli import load_extensions
from cramplog.domain import (
    FOOD_VALUES,
    MEDICATION_FIELDS,
    NUTRIENTS,
    DayFactors,
    Footwear,
    Medication,
    Per100g,
)
from cramplog.entry_kinds import (
    ENTRY_KINDS,
    FACTORS,
    PLAIN_KINDS,
    entry_record,
    entry_ref,
    record_keys,
)
from cramplog.nutrients import FOOD_NUTRIENTS, SODIUM, TRACKED
from cramplog.report.csv_export import entry_tables
from cramplog.services import Journal
from cramplog.services.exchange import export_document, import_document
from cramplog.services.exchange_format import DOCUMENT
from cramplog.services.present import as_dict
from cramplog.storage.models import ENTRY_ROWS, MedicationRow

NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)


def run(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(load_extensions(), ["--db", str(db), *args])
    return result.exit_code, result.stdout, result.stderr


# --- the registries cover every layer ------------------------------------------------


def test_every_food_value_is_a_composition_field_and_every_tracked_one_a_dose_field() -> None:
    assert tuple(n.key for n in FOOD_NUTRIENTS) == FOOD_VALUES
    assert [f.name for f in dataclasses.fields(Per100g)] == sorted(
        FOOD_VALUES, key=[f.name for f in dataclasses.fields(Per100g)].index
    )
    assert set(FOOD_VALUES) == {f.name for f in dataclasses.fields(Per100g)}
    med_fields = {f.name for f in dataclasses.fields(Medication)}
    for key in NUTRIENTS:
        assert key in med_fields and key in MEDICATION_FIELDS
        assert key in MedicationRow.__table__.columns
    assert tuple(n.key for n in TRACKED) == NUTRIENTS
    # Each tracked nutrient says how it is judged and has its own chart key.
    assert all(n.judged_by in ("EAR", "AI") and n.dose_max > 0 for n in TRACKED)
    letters = [n.letter for n in TRACKED]
    assert len(set(letters)) == len(letters) and "f" not in letters and "x" not in letters


def test_the_typed_commands_name_the_fields_the_checks_accept() -> None:
    from cramplog.services import entries
    from cramplog.services.commands import MedicationFields
    from cramplog.services.profile import PROFILE_FIELDS

    assert tuple(MedicationFields.__annotations__) == MEDICATION_FIELDS
    assert "red_flags" in entries.CRAMP_FIELDS and "ml" in entries.DRINK_FIELDS
    assert PROFILE_FIELDS[0] == "sex"


def test_every_entry_kind_has_a_table_a_section_and_a_csv_file(journal: Journal) -> None:
    assert set(ENTRY_ROWS) == {k.name for k in ENTRY_KINDS}
    assert DOCUMENT.fields is not None
    tables = entry_tables(journal)
    for kind in ENTRY_KINDS:
        section = DOCUMENT.fields[kind.section]
        assert section.item is not None and section.item.fields is not None
        assert set(record_keys(kind)) <= set(section.item.fields), kind.name
        assert f"{kind.section}.csv" in tables
    prefixes = [k.prefix for k in ENTRY_KINDS]
    assert len(set(prefixes)) == len(prefixes)


def test_a_plain_kind_has_a_column_per_field() -> None:
    for kind in PLAIN_KINDS:
        row = ENTRY_ROWS[kind.name]
        for f in kind.plain:
            assert f.name in row.__table__.columns, (kind.name, f.name)
            assert {f.name for f in dataclasses.fields(kind.type)} >= {f.name}


# --- one serialisation -----------------------------------------------------------------


def _rich(journal: Journal) -> None:
    journal.log_cramp(muscle="calf", side="left", severity=7, red_flags=["swelling"], now=NOW)
    journal.log_food(food_id="01077", grams=200, amount="1", unit="cup", now=NOW)
    journal.log_drink(kind="tea", ml=300, now=NOW)
    journal.add_medication(name="Salt tablet", kind="supplement", sodium_mg=350)
    journal.log_dose(medication="Salt tablet", now=NOW)
    journal.log_activity(kind="walking", minutes=30, now=NOW)
    journal.log_plain(FACTORS, {"stretched": "yes", "footwear": "tight", "fatigue": 6}, now=NOW)
    _import_a_serving(journal)


def _import_a_serving(journal: Journal) -> None:
    import tempfile

    from cramplog.services.food_import import import_food, read_file

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "servings.csv"
        path.write_text(
            "Day,Time,Group,Food Name,Amount,Magnesium (mg),Vitamin D (IU),Category\n"
            "2026-03-09,8:00 AM,Breakfast,Water,250.00 ml,3,,Beverages\n",
            encoding="utf-8",
        )
        import_food(journal, read_file(path))


def test_the_same_entry_has_the_same_fields_in_list_json_the_export_and_the_csv(
    journal: Journal,
) -> None:
    _rich(journal)
    entries = journal.entries()
    assert {type(e) for e in entries} == {k.type for k in ENTRY_KINDS}
    doc = export_document(journal)
    tables = {
        name: list(csv.DictReader(io.StringIO(text)))
        for name, text in entry_tables(journal).items()
    }
    for entry in entries:
        record = entry_record(entry)
        listed = as_dict(entry)
        assert listed.pop("ref") == entry_ref(entry)
        listed.pop("kind")
        assert listed == record
        kind = next(k for k in ENTRY_KINDS if k.type is type(entry))
        [exported] = [r for r in doc[kind.section] if r["uuid"] == entry.uuid]
        exported.pop("food_release", None)  # a property of the stored row, export only
        assert exported == record
        [row] = [r for r in tables[f"{kind.section}.csv"] if r["uuid"] == entry.uuid]
        assert row["ref"] == entry_ref(entry)
        for key in record_keys(kind):
            if key not in ("per_100g", "amounts"):  # spread into a column per value
                assert key in row, (kind.name, key)
    # The drink's kind is "drink" everywhere (the export once said "kind").
    [drink] = doc["drinks"]
    assert drink["drink"] == "tea" and "kind" not in drink


def test_a_version_2_file_with_the_old_field_names_still_imports(
    journal: Journal, tmp_path: Path
) -> None:
    _rich(journal)
    doc: dict[str, Any] = json.loads(json.dumps(export_document(journal)))
    doc["version"] = 2
    del doc["day_factors"]
    for section, new in (("drinks", "drink"), ("activities", "activity")):
        for record in doc[section]:
            record["kind"] = record.pop(new)
    for med in doc["medications"]:
        del med["sodium_mg"]
    other = Journal.open(tmp_path / "other.sqlite3")
    try:
        import_document(other, doc)
        drinks = [e for e in other.entries() if e.uuid == doc["drinks"][0]["uuid"]]
        assert [d.kind.value for d in drinks] == ["tea"]  # type: ignore[union-attr]
        [med] = other.medications()
        assert med.sodium_mg == 0.0
    finally:
        other.close()


# --- day factors, end to end from the command line -----------------------------------


def test_day_factors_log_list_edit_delete_from_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "j.sqlite3"
    code, out, err = run(
        db,
        "log",
        "factors",
        "--stretched",
        "yes",
        "--sitting-hours",
        "9",
        "--footwear",
        "tight",
        "--fatigue",
        "7",
        "--sleep-hours",
        "6.5",
        "--json",
    )
    assert code == 0, err
    logged = json.loads(out)
    assert logged["ref"] == "y1" and logged["kind"] == "factors"
    assert (logged["stretched"], logged["sitting_hours"], logged["footwear"]) == (
        True,
        9.0,
        "tight",
    )
    assert (logged["fatigue"], logged["sleep_hours"]) == (7, 6.5)
    code, out, err = run(db, "edit", "y1", "fatigue=3", "footwear=high heels", "--json")
    assert code == 0, err
    edited = json.loads(out)
    assert (edited["fatigue"], edited["footwear"], edited["version"]) == (3, "high heels", 2)
    assert edited["stretched"] is True  # a field not given keeps its value
    code, out, _ = run(db, "list")
    assert "stretched yes, sitting 9 h, footwear high heels, fatigue 3, slept 6.5 h" in out
    code, out, err = run(db, "delete", "y1")
    assert code == 0, err
    assert json.loads(run(db, "list", "--json")[1]) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "say at least one of: stretched, sitting, footwear, fatigue, slept"),
        (["--fatigue", "11"], "fatigue must be a whole number 0-10"),
        (["--fatigue", "2.5"], "fatigue must be a whole number 0-10"),
        (["--sleep-hours", "25"], "sleep hours must be 0-24 h"),
        (["--stretched", "maybe"], "stretched must be yes or no"),
        (["--footwear", "boots"], "footwear must be one of: supportive, tight, high heels"),
    ],
)
def test_bad_day_factors_are_one_line_and_write_nothing(
    tmp_path: Path, args: list[str], message: str
) -> None:
    db = tmp_path / "j.sqlite3"
    run(db, "log", "drink")
    code, _, err = run(db, "log", "factors", *args)
    assert code == 1
    assert err.startswith("Error: ") and err.count("\n") == 1 and message in err, err
    assert [e["kind"] for e in json.loads(run(db, "list", "--json")[1])] == ["drink"]


def test_not_said_is_never_no(journal: Journal) -> None:
    entry = journal.log_plain(FACTORS, {"sleep_hours": "7.5"}, now=NOW)
    assert isinstance(entry, DayFactors)
    assert (entry.stretched, entry.footwear, entry.fatigue) == (None, None, None)
    assert entry.sleep_hours == 7.5
    edited = journal.edit(entry_ref(entry), {"footwear": "barefoot"}, now=NOW)
    assert isinstance(edited, DayFactors) and edited.footwear is Footwear.BAREFOOT


def test_day_factors_are_columns_of_the_daily_frame_and_make_a_logged_day(
    journal: Journal,
) -> None:
    from cramplog.analysis.daily import load_daily

    day = NOW.date()
    journal.log_plain(FACTORS, {"stretched": "no", "sleep_hours": 6}, now=NOW, at=NOW)
    journal.log_plain(FACTORS, {"stretched": "yes", "sleep_hours": 8}, now=NOW, at=NOW)
    frame = load_daily(journal.db, day, day, lookback_days=0)
    row = frame.loc[day.isoformat()]
    assert bool(row["logged"]) and row["day_factors"] == 2
    assert row["stretched"] == 1 and row["sleep_hours"] == 7
    assert row["fatigue"] != row["fatigue"]  # not said: NaN, never 0


# --- sodium, the fifth nutrient ----------------------------------------------------------


def test_sodium_from_food_and_doses_reaches_the_day_and_the_analysis(tmp_path: Path) -> None:
    db = tmp_path / "j.sqlite3"
    code, _, err = run(
        db, "med", "add", "Salt tablet", "--kind", "supplement", "--sodium-mg", "350"
    )
    assert code == 0, err
    code, out, _ = run(db, "med", "list", "--json")  # one JSON line per medicine
    assert json.loads(out)["sodium_mg"] == 350
    run(db, "log", "med", "Salt tablet")
    code, _, err = run(db, "log", "food", "--id", "01077", "--grams", "200")  # whole milk
    assert code == 0, err
    journal = Journal.open(db)
    try:
        from cramplog.services.days import day_range

        [entry] = [e for e in journal.entries() if hasattr(e, "per100g")]
        milk = entry.per100g.get("sodium_mg")  # type: ignore[union-attr]
        assert milk is not None
        today = entry.journal_day
        [totals] = day_range(journal, today, today)
        assert totals.nutrients["sodium_mg"].amount == pytest.approx(350 + 2 * milk)
    finally:
        journal.close()
    code, out, _ = run(db, "analyze", "--json")
    intake = json.loads(out)["intake"]["sodium_mg"]
    assert intake["reference"] == 1500 and intake["reference_kind"] == "AI"
    assert intake["upper_limit"] == 2300 and intake["upper_limit_kind"] == "CDRR"
    code, out, _ = run(db, "estimate", "1 cup whole milk")
    assert "Sodium" in out
    assert SODIUM.usda == "307"
