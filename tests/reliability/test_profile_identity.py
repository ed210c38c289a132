"""The patient identity on the profile: checked, saved, shown and carried by export/import."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from cramplog.domain import Profile, ValidationError
from cramplog.services.exchange import export_document, import_document
from cramplog.services.journal import Journal
from cramplog.services.profile import checked_profile

from .conftest import assert_clean_failure, copy_journal, invoke


def test_a_birth_date_sets_the_birth_year() -> None:
    profile = checked_profile(Profile(birth_year=1970), birth_date="1961-04-02")
    assert profile.birth_date == dt.date(1961, 4, 2)
    assert profile.birth_year == 1961
    # Given together, the date decides the year.
    both = checked_profile(Profile(), birth_year="1970", birth_date="1961-04-02")
    assert both.birth_year == 1961


def test_a_year_that_contradicts_the_date_is_refused() -> None:
    current = checked_profile(Profile(), birth_date="1961-04-02")
    with pytest.raises(ValidationError) as caught:
        checked_profile(current, birth_year="1950")
    assert caught.value.field == "birth_year"
    assert "1961" in caught.value.message
    # Clearing the date keeps the year; a new year may then be given.
    cleared = checked_profile(current, birth_date="", birth_year="1950")
    assert (cleared.birth_date, cleared.birth_year) == (None, 1950)


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"birth_date": "2150-01-01"}, "birth_date", "past day"),
        ({"birth_date": dt.date.today().isoformat()}, "birth_date", "past day"),
        ({"birth_date": "1961-02-30"}, "birth_date", "date of birth"),
        ({"name": "Ann\x1b[2J"}, "name", "control characters"),
        ({"name": "Ann\nSmith"}, "name", "one line"),
        ({"identifier": "x" * 201}, "identifier", "at most 200"),
    ],
)
def test_bad_identity_is_refused_by_field(
    changes: dict[str, str], field: str, fragment: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        checked_profile(Profile(), **changes)
    assert caught.value.field == field
    assert fragment in caught.value.message


def test_empty_text_clears_a_field() -> None:
    current = checked_profile(Profile(), name="Ann", identifier="123")
    cleared = checked_profile(current, name=" ", identifier="none")
    assert (cleared.name, cleared.identifier) == (None, None)


def test_the_command_line_sets_shows_and_refuses(empty_db: Path) -> None:
    set_ = invoke(
        empty_db,
        "profile",
        "--name",
        "Zoë O'Brien",
        "--birth-date",
        "1958-06-15",
        "--identifier",
        "NHS 943 476 5919",
        "--json",
    )
    assert set_.code == 0, set_.err
    shown = json.loads(invoke(empty_db, "profile", "--json").out)
    assert shown["name"] == "Zoë O'Brien"
    assert shown["birth_date"] == "1958-06-15"
    assert shown["birth_year"] == 1958
    assert shown["identifier"] == "NHS 943 476 5919"
    assert_clean_failure(invoke(empty_db, "profile", "--birth-date", "2999-01-01"), "date of birth")
    assert_clean_failure(invoke(empty_db, "profile", "--birth-year", "1950"), "birth year")
    assert json.loads(invoke(empty_db, "profile", "--json").out) == shown


def test_identity_survives_export_and_import(
    empty_db: Path, empty_template: Path, tmp_path: Path
) -> None:
    journal = Journal.open(empty_db)
    try:
        journal.update_profile(name="Ann Example", birth_date="1961-04-02", identifier="A-1")
        doc = export_document(journal)
    finally:
        journal.close()
    assert doc["profile"]["birth_date"] == "1961-04-02"
    other = Journal.open(copy_journal(empty_template, tmp_path / "other.sqlite3"))
    try:
        import_document(other, json.loads(json.dumps(doc)))
        profile = other.profile()
    finally:
        other.close()
    assert profile.name == "Ann Example"
    assert profile.birth_date == dt.date(1961, 4, 2)
    assert profile.birth_year == 1961
    assert profile.identifier == "A-1"


def test_a_file_without_identity_still_imports(
    empty_db: Path, empty_template: Path, tmp_path: Path
) -> None:
    journal = Journal.open(empty_db)
    try:
        doc = export_document(journal)
    finally:
        journal.close()
    for key in ("name", "birth_date", "identifier"):
        del doc["profile"][key]
    other = Journal.open(copy_journal(empty_template, tmp_path / "other.sqlite3"))
    try:
        import_document(other, doc)
        assert other.profile().name is None
    finally:
        other.close()
