"""Every validation message of the command line: one line naming the field and what
is allowed, a non-zero exit, no traceback, and the journal exactly as it was."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from .conftest import assert_clean_failure, dump_rows, invoke

FUTURE = (dt.datetime.now().astimezone() + dt.timedelta(days=3)).isoformat(timespec="minutes")
CRAMP = ["log", "cramp", "--muscle", "calf", "--side", "left"]
MILK = ["log", "food", "--id", "01077"]

# (arguments, what the one line must say)
CASES: list[tuple[list[str], str]] = [
    ([*CRAMP, "--severity", "11"], "severity must be a whole number 0-10"),
    ([*CRAMP, "--severity", "-1"], "severity must be a whole number 0-10"),
    ([*CRAMP, "--severity", "5.5"], "severity must be a whole number 0-10"),
    ([*CRAMP, "--severity", "bad"], "severity must be a whole number 0-10"),
    ([*CRAMP, "--severity", ""], "severity must be a whole number 0-10"),
    ([*CRAMP, "--duration", "forever"], "duration 'forever' is not a duration"),
    ([*CRAMP, "--duration", "2000m"], "duration must be between 0 seconds and 24 hours"),
    ([*CRAMP, "--at", "31:00"], "time must be a real clock time"),
    ([*CRAMP, "--at", "tomorrow"], "time 'tomorrow' is not a time"),
    ([*CRAMP, "--at", "2999-01-01T00:00"], "time must be between the years 1900 and 2200"),
    ([*CRAMP, "--at", FUTURE], "time must not be more than a day in the future"),
    ([*CRAMP, "--at", ""], "time is empty"),
    ([*CRAMP, "--notes", "red \x1b[31malert"], "notes must not contain control characters"),
    ([*CRAMP, "--notes", "x" * 2001], "notes must be at most 2000 characters"),
    ([*CRAMP, "--relieved-by", "y" * 501], "relieved by must be at most 500 characters"),
    (["log", "drink", "--ml", "-5"], "ml must be more than 0 and at most 5000 ml"),
    (["log", "drink", "--ml", "0"], "ml must be more than 0"),
    (["log", "drink", "--ml", "5001"], "ml must be more than 0 and at most 5000 ml"),
    (["log", "drink", "--ml", "lots"], "ml must be a number, not 'lots'"),
    (["log", "drink", "--ml", "nan"], "ml must be a finite number"),
    (["log", "drink", "--ml", "inf"], "ml must be a finite number"),
    (["log", "drink", "--food-id", "99999"], "food number '99999' is not in the food table"),
    ([*MILK, "--grams", "0"], "grams must be more than 0"),
    ([*MILK, "--grams", "5001"], "grams must be more than 0 and at most 5000 g"),
    (MILK, "grams is required"),
    (
        ["log", "food", "--id", "99999", "--grams", "10"],
        "food number '99999' is not in the food table",
    ),
    (["log", "food", "1 cup milk", "--id", "01077"], "not both"),
    (["log", "food", "3 zorblax"], "no food matches 'zorblax'"),
    (["log", "food", "--custom", "Nope", "--grams", "10"], "no custom food named 'Nope'"),
    (["log", "med", "Nothing"], "no medicine or supplement named 'Nothing'"),
    (["log", "med", "Magnesium citrate", "--count", "0"], "count must be more than 0"),
    (
        ["log", "med", "Magnesium citrate", "--count", "101"],
        "count must be more than 0 and at most 100",
    ),
    (["log", "med", "Magnesium citrate", "--count", "two"], "count must be a number"),
    (["log", "activity", "walking", "--minutes", "0"], "minutes must be a whole number 1-1440"),
    (["log", "activity", "walking", "--minutes", "1441"], "minutes must be a whole number 1-1440"),
    (["log", "activity", "walking", "--minutes", "1.5"], "minutes must be a whole number 1-1440"),
    (["log", "activity", "walking", "--minutes", "x"], "minutes must be a number"),
    (["log", "activity", "", "--minutes", "10"], "kind must not be empty"),
    (["med", "add", ""], "name must not be empty"),
    (["med", "add", "Zinc", "--magnesium-mg", "-1"], "magnesium per dose must be 0-5000 mg"),
    (["med", "add", "Zinc", "--started-on", "someday"], "start day 'someday' is not a date"),
    (
        ["med", "add", "Zinc", "--started-on", "2026-02-01", "--stopped-on", "2026-01-01"],
        "stop day must not be before start day",
    ),
    (["med", "add", "Magnesium citrate"], "already exists"),
    (["edit", "c999", "severity=7"], "there is no cramp with id c999"),
    (["edit", "d999", "ml=7"], "there is no drink with id d999"),
    (["edit", "zz", "severity=7"], "is not an entry id"),
    (["edit", "c1", "color=red"], "color is not a cramp field"),
    (["edit", "c1", "severity"], "'severity' is not FIELD=VALUE"),
    (["edit", "c1", "severity=12"], "severity must be a whole number 0-10"),
    (["edit", "d1", "ml=-1"], "ml must be more than 0"),
    (["edit", "a1", "minutes=0"], "minutes must be a whole number 1-1440"),
    (["delete", "f999"], "there is no food entry with id f999"),
    (["delete", "c"], "is not an entry id"),
    (["profile", "--day-start-hour", "24"], "day start hour must be a whole number 0-23"),
    (["profile", "--birth-year", "1700"], "birth year must be a whole number 1900-"),
    (
        ["profile", "--fluid-reference-ml", "100"],
        "fluid reference ml must be a whole number 250-10000",
    ),
    (["profile", "--sex", "male", "--life-stage", "pregnancy"], "needs sex female"),
    (["list", "--day", "notadate"], "day 'notadate' is not a date"),
    (["list", "--day", "today", "--from", "yesterday"], "give --day or --from/--to, not both"),
    (["mark", "notaday", "complete"], "day 'notaday' is not a date"),
]

# Rejected by click before cramplog sees them: click's usage message, exit 2.
USAGE_CASES: list[tuple[list[str], str]] = [
    (["log", "cramp", "--muscle", "knee", "--side", "left"], "Invalid value for '--muscle'"),
    (["log", "cramp", "--muscle", "calf", "--side", "middle"], "Invalid value for '--side'"),
    (["log", "cramp", "--side", "left"], "Missing option '--muscle'"),
    ([*CRAMP, "--flag", "itchy"], "Invalid value for '--flag'"),
    (["log", "drink", "--kind", "lemonade"], "Invalid value for '--kind'"),
    ([*MILK, "--grams", "10", "--meal", "brunch"], "Invalid value for '--meal'"),
    (["log", "activity", "walking", "--minutes", "5", "--intensity", "extreme"], "'--intensity'"),
    (["mark", "today", "perfect"], "Invalid value for '{complete|not-logged|clear}'"),
]


@pytest.mark.parametrize(("args", "message"), CASES, ids=[" ".join(a)[:60] for a, _ in CASES])
def test_refused_with_one_clear_line_and_nothing_written(
    rich_db: Path, args: list[str], message: str
) -> None:
    before = dump_rows(rich_db)
    result = invoke(rich_db, *args)
    assert_clean_failure(result, message)
    assert result.code == 1
    assert dump_rows(rich_db) == before


@pytest.mark.parametrize(("args", "message"), USAGE_CASES)
def test_usage_errors_name_the_option_and_write_nothing(
    rich_db: Path, args: list[str], message: str
) -> None:
    before = dump_rows(rich_db)
    result = invoke(rich_db, *args)
    assert result.exception is None
    assert result.code == 2
    assert "Traceback" not in result.out + result.err
    errors = [line for line in result.err.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and message in errors[0], result.err
    assert dump_rows(rich_db) == before


def test_export_and_import_refusals(rich_db: Path, tmp_path: Path) -> None:
    existing = tmp_path / "mine.json"
    existing.write_text("keep me")
    before = dump_rows(rich_db)
    refused = invoke(rich_db, "export", "-o", str(existing))
    assert_clean_failure(refused, "already exists", "--force")
    assert existing.read_text() == "keep me"
    not_json = tmp_path / "notes.txt"
    not_json.write_text("hello")
    assert_clean_failure(invoke(rich_db, "import", str(not_json)), "is not a JSON document")
    assert dump_rows(rich_db) == before


@pytest.mark.parametrize(
    "text",
    ['{"format": "cramplog-journal", "version": ' + "9" * 5000 + "}", "[" * 100_000],
    ids=["huge-number", "deep-nesting"],
)
def test_import_of_pathological_json(empty_db: Path, tmp_path: Path, text: str) -> None:
    path = tmp_path / "doc.json"
    path.write_text(text)
    before = dump_rows(empty_db)
    assert_clean_failure(invoke(empty_db, "import", str(path)), "is not a JSON document")
    assert dump_rows(empty_db) == before
