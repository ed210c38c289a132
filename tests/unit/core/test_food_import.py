"""Importing a food log from Cronometer or a mapped CSV (docs/import.md).

The example files are written here from the documented headers (docs/import.md
says where they were found), with made-up values.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cramplog.cli import load_extensions
from cramplog.domain import CramplogError, DayMarkKind, ImportedFood
from cramplog.services import Journal
from cramplog.services.days import day_range
from cramplog.services.food_import import import_food, read_file

SERVINGS_HEADER = (
    "Day,Time,Group,Food Name,Amount,Energy (kcal),Water (g),Calcium (mg),"
    "Magnesium (mg),Potassium (mg),Sodium (mg),Vitamin D (IU),Category"
)
DAILY_HEADER = (
    "Date,Energy (kcal),Water (g),Calcium (mg),Magnesium (mg),Potassium (mg),"
    "Sodium (mg),Vitamin D (IU),Completed"
)
DAY = dt.date(2026, 11, 2)


def write(tmp_path: Path, name: str, *lines: str) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def servings(tmp_path: Path, *rows: str, name: str = "servings.csv") -> Path:
    return write(tmp_path, name, SERVINGS_HEADER, *rows)


OATS = '2026-11-02,7:45 AM,Breakfast,"Oats, rolled",60.00 g,228,5,31,83,257,4,,Cereal Grains'
MILK = '2026-11-02,7:45 AM,Breakfast,"Milk, 2%",1.00 cup,122,218,293,27,342,115,120,Dairy'
WATER = "2026-11-02,10:00 AM,Uncategorized,Water,500.00 ml,0,500,15,5,0,10,0,Beverages"
SALMON = "2026-11-02,,Dinner,Salmon fillet,150.00 g,312,96,18,45,570,89,788,Fish"


def imported(journal: Journal) -> list[ImportedFood]:
    return [e for e in journal.entries() if isinstance(e, ImportedFood)]


def test_servings_keep_what_cronometer_said_and_vitamin_d_goes_from_iu_to_micrograms(
    journal: Journal, tmp_path: Path
) -> None:
    path = servings(tmp_path, OATS, MILK, WATER, SALMON)
    summary = import_food(journal, read_file(path))
    assert summary.added == 4 and summary.new_days == [DAY]
    rows = {r.name: r for r in imported(journal)}
    milk = rows["Milk, 2%"]
    assert (milk.meal, milk.amount, milk.at.strftime("%H:%M")) == ("Breakfast", "1.00 cup", "07:45")
    assert milk.amounts.vitamin_d_ug == pytest.approx(3.0)  # 120 IU / 40
    assert rows["Salmon fillet"].amounts.vitamin_d_ug == pytest.approx(19.7)
    assert rows["Salmon fillet"].at.strftime("%H:%M") == "12:00"  # no time: noon, said
    assert any("12:00" in n for n in summary.notes)
    assert any("40 IU = 1 µg" in n for n in summary.notes)
    assert all(r.journal_day == DAY and r.source == "cronometer servings" for r in rows.values())


def test_a_blank_cell_is_unknown_never_zero(journal: Journal, tmp_path: Path) -> None:
    import_food(journal, read_file(servings(tmp_path, OATS, SALMON)))
    oats = next(r for r in imported(journal) if r.name.startswith("Oats"))
    assert oats.amounts.vitamin_d_ug is None and oats.amounts.magnesium_mg == 83
    day = day_range(journal, DAY, DAY, today=DAY + dt.timedelta(days=5))[0]
    vit_d = day.nutrients["vitamin_d_ug"]
    # 788 IU from the salmon; the oats' blank is unknown: half the rows known.
    assert vit_d.amount == pytest.approx(19.7) and vit_d.coverage == pytest.approx(0.5)
    assert day.nutrients["magnesium_mg"].coverage == pytest.approx(1.0)


def test_drinks_count_as_fluids_by_the_beverage_rule(journal: Journal, tmp_path: Path) -> None:
    import_food(journal, read_file(servings(tmp_path, OATS, MILK, WATER)))
    day = day_range(journal, DAY, DAY, today=DAY + dt.timedelta(days=5))[0]
    # Water 500 ml and one cup of milk (236.6 ml); oats are eaten, not drunk.
    assert day.fluids_ml == pytest.approx(736.6)
    assert day.low_fluid is True


def test_importing_the_same_file_twice_changes_nothing(journal: Journal, tmp_path: Path) -> None:
    path = servings(tmp_path, OATS, MILK, MILK, WATER)  # milk twice: two cups drunk
    first = import_food(journal, read_file(path))
    before = [(e.uuid, e.version) for e in journal.entries()]
    again = import_food(journal, read_file(path))
    assert first.added == 4 and again.added == 0 and again.unchanged_days == [DAY]
    assert [(e.uuid, e.version) for e in journal.entries()] == before


def test_an_overlap_is_refused_until_skip_or_replace_is_said(
    journal: Journal, tmp_path: Path
) -> None:
    import_food(journal, read_file(servings(tmp_path, OATS, MILK)))
    edited = servings(tmp_path, OATS, WATER, name="later.csv")
    with pytest.raises(CramplogError) as info:
        import_food(journal, read_file(edited))
    assert "2026-11-02" in str(info.value) and "--on-overlap" in str(info.value)
    assert sorted(r.name for r in imported(journal)) == ["Milk, 2%", "Oats, rolled"]
    skipped = import_food(journal, read_file(edited), "skip")
    assert skipped.skipped_days == [DAY] and skipped.added == 0
    replaced = import_food(journal, read_file(edited), "replace")
    assert replaced.replaced_days == [DAY] and (replaced.removed, replaced.added) == (2, 2)
    assert sorted(r.name for r in imported(journal)) == ["Oats, rolled", "Water"]


def test_a_day_with_food_logged_here_is_never_doubled(journal: Journal, tmp_path: Path) -> None:
    journal.log_food(food_id="01077", grams=200, at="2026-11-02 08:00")
    path = servings(tmp_path, OATS)
    with pytest.raises(CramplogError):
        import_food(journal, read_file(path))
    summary = import_food(journal, read_file(path), "replace")
    assert summary.logged_here_days == [DAY] and summary.added == 0
    assert imported(journal) == []


@pytest.mark.parametrize(
    ("row", "where"),
    [
        (OATS.replace(",83,", ",lots,"), "line 3, column 9 ('Magnesium (mg)')"),
        (OATS.replace("2026-11-02", "2026-13-02"), "line 3, column 1 ('Day')"),
        (OATS.replace("7:45 AM", "25:00"), "line 3, column 2 ('Time')"),
        (OATS.replace(",83,", ",-3,"), "line 3, column 9 ('Magnesium (mg)')"),
    ],
)
def test_a_malformed_row_is_refused_with_its_line_and_column_and_nothing_is_written(
    journal: Journal, tmp_path: Path, row: str, where: str
) -> None:
    path = servings(tmp_path, MILK, row, WATER)
    with pytest.raises(CramplogError) as info:
        import_food(journal, read_file(path))
    assert str(info.value).startswith(where)
    assert imported(journal) == []


def test_day_totals_count_only_on_days_without_other_food_and_mark_complete(
    journal: Journal, tmp_path: Path
) -> None:
    daily = write(
        tmp_path,
        "dailysummary.csv",
        DAILY_HEADER,
        "2026-11-02,1800,2100,900,300,2600,2000,400,true",
        "2026-11-03,1900,2000,,310,2700,2100,,false",
    )
    import_food(journal, read_file(servings(tmp_path, OATS, MILK)))
    summary = import_food(journal, read_file(daily))
    assert summary.added == 2 and summary.marked_complete == [DAY]
    assert [m.kind for m in journal.day_marks()] == [DayMarkKind.COMPLETE]
    second, third = day_range(journal, DAY, DAY + dt.timedelta(days=1), today=dt.date(2026, 12, 1))
    # The 2nd has servings: the day total does not count (never twice).
    assert second.nutrients["magnesium_mg"].amount == pytest.approx(110.0)
    # The 3rd has only its total; its blank calcium is unknown (coverage 0).
    assert third.nutrients["magnesium_mg"].amount == pytest.approx(310.0)
    assert third.nutrients["calcium_mg"].coverage == pytest.approx(0.0)
    assert third.fluids_ml is None  # a day total's water is not a drink


def test_a_generic_csv_by_a_toml_mapping(journal: Journal, tmp_path: Path) -> None:
    csv_path = write(
        tmp_path,
        "export.csv",
        "When,Meal,What,Mg,Vit D,Salt",
        "11/02/2026,Lunch,Lentil soup,71,,800",
        "11/02/2026,Dinner,Sardines,35,193,300",
    )
    mapping = write(
        tmp_path,
        "mine.toml",
        'name = "my spreadsheet"',
        'date = "When"',
        'date_format = "%m/%d/%Y"',
        'meal = "Meal"',
        'food = "What"',
        "[nutrients]",
        'magnesium_mg = { column = "Mg", unit = "mg" }',
        'vitamin_d_ug = { column = "Vit D", unit = "IU" }',
        'sodium_mg = { column = "Salt", unit = "mg" }',
    )
    summary = import_food(journal, read_file(csv_path, mapping))
    assert summary.added == 2 and summary.source == "my spreadsheet"
    sardines = next(r for r in imported(journal) if r.name == "Sardines")
    assert sardines.amounts.vitamin_d_ug == pytest.approx(4.825)
    assert sardines.amounts.calcium_mg is None  # not mapped: unknown
    bad = write(
        tmp_path, "bad.toml", 'date = "Day"', "[nutrients]", 'magnesium_mg = { column = "Mg" }'
    )
    with pytest.raises(CramplogError, match="no column 'Day'"):
        read_file(csv_path, bad)


def test_the_example_mapping_in_docs_reads_a_myfitnesspal_style_file(tmp_path: Path) -> None:
    mapping = Path(__file__).parents[3] / "docs" / "examples" / "myfitnesspal.toml"
    csv_path = write(
        tmp_path,
        "mfp.csv",
        "Date,Meal,Time,Calories,Fat (g),Sodium (mg),Potassium,Calcium,Iron,Note",
        "2026-11-02,Breakfast,8:05 AM,420,12,560,300,15,20,",
    )
    read = read_file(csv_path, mapping)
    (row,) = read.rows
    assert (row.name, row.amounts.sodium_mg, row.amounts.potassium_mg) == ("Breakfast", 560, 300)
    assert row.amounts.calcium_mg is None  # MyFitnessPal's calcium is a % of daily value


def run(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(load_extensions(), ["--db", str(db), *args])
    return result.exit_code, result.stdout, result.stderr


def test_two_weeks_of_servings_in_one_command_then_analyze_and_a_second_import(
    db_path: Path, tmp_path: Path
) -> None:
    rows = []
    start = dt.date(2026, 10, 5)
    for i in range(14):
        day = (start + dt.timedelta(days=i)).isoformat()
        rows += [
            f'{day},7:30 AM,Breakfast,"Yogurt, plain",1.00 cup,150,200,{400 + i},40,500,150,0,'
            "Dairy",
            f"{day},12:30 PM,Lunch,Spinach salad,2.00 cup,40,150,60,{90 + i},600,80,,Vegetables",
            f"{day},3:00 PM,Snacks,Water,750.00 ml,0,750,20,5,0,10,0,Beverages",
        ]
    path = servings(tmp_path, *rows)
    code, out, err = run(db_path, "import", "--from", "cronometer", str(path))
    assert code == 0, err
    assert "42 of 42 rows added" in out and "40 IU = 1 µg" in out
    code, out, err = run(db_path, "analyze", "--json", "--from", "2026-10-05", "--to", "2026-10-18")
    assert code == 0, err
    report = json.loads(out)
    assert report["days_logged"] == 14
    intake = report["intake"]
    # Yogurt's calcium (400 + i mg) plus the salad's and the water's; each day's vitamin D
    # is blank for the salad: two of three rows known, on every day alike.
    assert intake["calcium_mg"]["mean_period"] == pytest.approx(400 + 6.5 + 60 + 20)
    assert intake["vitamin_d_ug"]["coverage_period"] == pytest.approx(2 / 3)
    assert report["fluids"]["days_with_drinks"] == 14
    code, again, err = run(db_path, "import", "--from", "cronometer", str(path))
    assert code == 0 and "0 of 42 rows added" in again and "14 days unchanged" in again
    code, out2, _ = run(db_path, "analyze", "--json", "--from", "2026-10-05", "--to", "2026-10-18")
    assert json.loads(out2) == report


def test_the_cli_refuses_an_overlap_in_one_line_and_writes_nothing(
    db_path: Path, tmp_path: Path
) -> None:
    assert run(db_path, "import", "--from", "cronometer", str(servings(tmp_path, OATS)))[0] == 0
    other = servings(tmp_path, MILK, name="other.csv")
    code, out, err = run(db_path, "import", "--from", "cronometer", str(other))
    assert code == 1 and "Traceback" not in err
    assert "2026-11-02" in err and "--on-overlap skip" in err and len(err.strip().splitlines()) == 1
    code, out, _ = run(
        db_path, "import", "--from", "cronometer", "--on-overlap", "replace", str(other)
    )
    assert code == 0 and "1 day replaced" in out


def test_the_report_says_which_days_food_came_from_an_import(
    journal: Journal, tmp_path: Path
) -> None:
    from cramplog.report.model import build_report_data
    from cramplog.report.tables import imported_line

    journal.log_food(food_id="01077", grams=200, at="2026-11-01 08:00")
    import_food(journal, read_file(servings(tmp_path, OATS, MILK)))
    data = build_report_data(journal, dt.date(2026, 11, 1), dt.date(2026, 11, 2))
    line = imported_line(data)
    assert "1 of the period's days" in line and line.endswith(": 2026-11-02.")


def test_an_imported_food_keeps_what_its_tracker_said_but_takes_notes(
    journal: Journal, tmp_path: Path
) -> None:
    import_food(journal, read_file(servings(tmp_path, OATS)))
    (row,) = imported(journal)
    ref = f"i{row.id}"
    assert journal.edit(ref, {"notes": "with cinnamon"}).notes == "with cinnamon"
    with pytest.raises(CramplogError, match="only notes can be changed"):
        journal.edit(ref, {"name": "porridge"})


def test_two_copies_that_imported_the_same_export_merge_into_one_row(
    journal: Journal, tmp_path: Path
) -> None:
    from cramplog.services.exchange import export_document
    from cramplog.services.merge import merge_document

    path = servings(tmp_path, OATS, MILK)
    import_food(journal, read_file(path))
    other = Journal.open(tmp_path / "other.sqlite3")
    try:
        import_food(other, read_file(path))
        doc = json.loads(json.dumps(export_document(other)))
    finally:
        other.close()
    summary = merge_document(journal, doc)
    assert summary.unchanged == 2 and not summary.added
    assert len(imported(journal)) == 2


def test_a_separate_unit_column_joins_the_amount_and_unused_columns_are_said(
    journal: Journal, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "servings.csv",
        "Day,Time,Group,Food Name,Amount,Unit,Energy (kcal),Protein (g),Magnesium (mg),Category",
        "2026-11-02,08:05,Breakfast,Orange juice,250,ml,110,1.7,27,Beverages",
    )
    read = read_file(path)
    (row,) = read.rows
    assert (row.amount, row.fluid_ml, row.drink) == ("250 ml", 250.0, "juice")
    assert "1 other column not used (Protein (g))" in read.notes
    assert import_food(journal, read).added == 1


def test_a_new_day_start_hour_leaves_imported_food_on_its_trackers_day(
    journal: Journal, tmp_path: Path
) -> None:
    late = "2026-11-02,1:30 AM,Snacks,Crackers,30.00 g,130,1,10,8,40,200,,Snacks"
    import_food(journal, read_file(servings(tmp_path, late)))
    journal.update_profile(day_start_hour=5)
    assert [r.journal_day for r in imported(journal)] == [DAY]


def test_a_mapping_name_with_a_control_character_is_refused(tmp_path: Path) -> None:
    csv_path = write(tmp_path, "x.csv", "When,What,Mg", "2026-11-02,Soup,70")
    mapping = write(
        tmp_path,
        "m.toml",
        'name = "bad\\u001b[31m"',
        'date = "When"',
        'food = "What"',
        "[nutrients]",
        'magnesium_mg = { column = "Mg", unit = "mg" }',
    )
    with pytest.raises(CramplogError, match="name must be a short line"):
        read_file(csv_path, mapping)


def test_a_file_with_nothing_to_import_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "j.sqlite3"
    only_header = servings(tmp_path, name="header.csv")
    no_nutrient = write(
        tmp_path, "plain.csv", "Day,Time,Group,Food Name,Amount", "2026-11-02,,Lunch,Soup,1 cup"
    )
    code, _, err = run(db, "import", "--from", "cronometer", str(only_header))
    assert code == 1 and "no rows after its header" in err
    code, _, err = run(db, "import", "--from", "cronometer", str(no_nutrient))
    assert code == 1 and "no nutrient column" in err
    code, out, _ = run(db, "list", "--from", "2026-11-01", "--to", "2026-11-03", "--json")
    assert code == 0 and json.loads(out) == []
