from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from cramplog.domain import (
    Cramp,
    Drink,
    DrinkKind,
    DrugClass,
    MedKind,
    Muscle,
    NotFoundError,
    RedFlag,
    Side,
    ValidationError,
)
from cramplog.services import Journal
from cramplog.services.exchange import export_document, import_document

TZ = dt.timezone(dt.timedelta(hours=1))


def test_log_cramp_defaults(journal: Journal, fixed_now: dt.datetime) -> None:
    cramp = journal.log_cramp(muscle="calf", side="left", now=fixed_now)
    assert isinstance(cramp, Cramp)
    assert cramp.id == 1
    assert cramp.severity == 5
    assert cramp.at == fixed_now
    assert cramp.journal_day == dt.date(2026, 3, 10)


def test_night_cramp_goes_to_previous_day(journal: Journal, fixed_now: dt.datetime) -> None:
    cramp = journal.log_cramp(
        muscle="Calf",
        side="RIGHT",
        at="02:30",
        severity="7",
        duration="1m30s",
        woke="yes",
        red_flags=["numbness"],
        now=fixed_now,
    )
    assert cramp.muscle is Muscle.CALF and cramp.side is Side.RIGHT
    assert cramp.journal_day == dt.date(2026, 3, 9)
    assert cramp.duration_s == 90
    assert cramp.woke_from_sleep
    assert cramp.red_flags == frozenset({RedFlag.NUMBNESS})
    assert journal.day(dt.date(2026, 3, 9)) == [cramp]
    assert journal.day(dt.date(2026, 3, 10)) == []


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"severity": 11}, "severity", "severity must be a whole number 0-10"),
        ({"severity": "-1"}, "severity", "severity must be a whole number 0-10"),
        ({"severity": "high"}, "severity", "severity must be a whole number 0-10"),
        (
            {"muscle": "neck"},
            "muscle",
            "muscle must be one of: toe, foot, arch, calf, thigh, hand, other",
        ),
        ({"side": "up"}, "side", "side must be one of: left, right, both"),
        ({"at": "25:99"}, "time", "time must be a real clock time"),
        ({"at": "next week"}, "time", "is not a time"),
        ({"duration": "forever"}, "duration", "is not a duration"),
        (
            {"red_flags": ["itchy"]},
            "red_flags",
            "red flags must be one of: swelling, numbness, weakness",
        ),
        ({"notes": "bad\x1b[31m"}, "notes", "notes must not contain control characters"),
        ({"colour": "red"}, "colour", "colour is not a cramp field"),
    ],
)
def test_bad_cramp_is_refused_and_nothing_written(
    journal: Journal, fixed_now: dt.datetime, fields: dict[str, object], field: str, message: str
) -> None:
    # Any: the bad values are deliberately outside what the signature allows.
    base: dict[str, Any] = {"muscle": "calf", "side": "left"}
    with pytest.raises(ValidationError) as info:
        journal.log_cramp(now=fixed_now, **(base | fields))
    assert info.value.field == field
    assert message in info.value.message
    assert journal.counts()["cramps"] == 0


def test_future_time_refused(journal: Journal, fixed_now: dt.datetime) -> None:
    with pytest.raises(ValidationError, match="future"):
        journal.log_cramp(muscle="calf", side="left", at="2026-03-20T10:00+01:00", now=fixed_now)


def test_drink_defaults_and_caffeine(journal: Journal, fixed_now: dt.datetime) -> None:
    water = journal.log_drink(now=fixed_now)
    assert isinstance(water, Drink)
    assert (water.kind, water.ml, water.caffeinated) == (DrinkKind.WATER, 250.0, False)
    coffee = journal.log_drink(kind="coffee", ml="200", now=fixed_now)
    assert coffee.caffeinated
    decaf = journal.log_drink(kind="coffee", ml=200, caffeinated=False, now=fixed_now)
    assert not decaf.caffeinated
    for bad, message in (
        (0, "ml must be more than 0"),
        ("lots", "ml must be a number"),
        (9000, "at most 5000 ml"),
    ):
        with pytest.raises(ValidationError, match=message):
            journal.log_drink(ml=bad, now=fixed_now)
    assert journal.counts()["drinks"] == 2 + 1


def test_medication_and_dose(journal: Journal, fixed_now: dt.datetime) -> None:
    med = journal.add_medication(name="Magnesium glycinate", kind="supplement", magnesium_mg="250")
    assert med.kind is MedKind.SUPPLEMENT and med.magnesium_mg == 250
    statin = journal.add_medication(
        name="Atorvastatin", kind="drug", drug_class="statin", started_on="2026-01-05"
    )
    assert statin.drug_class is DrugClass.STATIN
    dose = journal.log_dose(medication="magnesium GLYCINATE", count=2, now=fixed_now)
    assert dose.medication == "Magnesium glycinate" and dose.count == 2
    with pytest.raises(NotFoundError, match="no medicine or supplement named 'Aspirin'"):
        journal.log_dose(medication="Aspirin", now=fixed_now)
    with pytest.raises(ValidationError, match="already exists"):
        journal.add_medication(name="Atorvastatin", kind="drug")
    with pytest.raises(ValidationError, match="drug class must be one of"):
        journal.add_medication(name="X", kind="drug", drug_class="antibiotic")
    with pytest.raises(ValidationError, match="stop day must not be before start day"):
        journal.edit_medication("Atorvastatin", stopped_on="2025-12-01")


def test_activity_requires_minutes(journal: Journal, fixed_now: dt.datetime) -> None:
    with pytest.raises(ValidationError, match="minutes is required"):
        journal.log_activity(kind="walking", now=fixed_now)
    with pytest.raises(ValidationError, match="minutes must be a whole number 1-1440"):
        journal.log_activity(kind="walking", minutes="0", now=fixed_now)
    act = journal.log_activity(kind="walking", minutes="45", intensity="light", now=fixed_now)
    assert act.minutes == 45


def test_edit_delete_restore(journal: Journal, fixed_now: dt.datetime) -> None:
    cramp = journal.log_cramp(muscle="calf", side="left", now=fixed_now)
    edited = journal.edit("c1", {"severity": "8", "at": "2026-03-10T03:00+01:00"})
    assert isinstance(edited, Cramp)
    assert edited.id == cramp.id and edited.severity == 8
    assert edited.journal_day == dt.date(2026, 3, 9)
    with pytest.raises(ValidationError, match="severity must be a whole number 0-10"):
        journal.edit("c1", {"severity": 12})
    assert journal.get("c1") == edited
    deleted = journal.delete("C1")
    assert journal.counts()["cramps"] == 0
    with pytest.raises(NotFoundError, match="no cramp with id c1"):
        journal.get("c1")
    journal.undo(removed=(deleted,))
    assert journal.get("c1") == edited
    with pytest.raises(ValidationError, match="is not an entry id"):
        journal.delete("12")


def test_changing_day_start_hour_recomputes_days(journal: Journal, fixed_now: dt.datetime) -> None:
    journal.log_cramp(muscle="calf", side="left", at="2026-03-10T05:30+01:00", now=fixed_now)
    assert journal.get("c1").journal_day == dt.date(2026, 3, 10)
    journal.update_profile(day_start_hour=6)
    assert journal.get("c1").journal_day == dt.date(2026, 3, 9)


def test_profile_validation(journal: Journal) -> None:
    with pytest.raises(ValidationError, match="birth year must be a whole number 1900-"):
        journal.update_profile(birth_year="1850")
    with pytest.raises(ValidationError, match="day start hour must be a whole number 0-23"):
        journal.update_profile(day_start_hour=24)
    with pytest.raises(ValidationError, match="needs sex female"):
        journal.update_profile(sex="male", life_stage="pregnancy")
    profile = journal.update_profile(sex="female", birth_year=1958, fluid_reference_ml="2000")
    assert profile.birth_year == 1958 and profile.fluid_reference_ml == 2000
    assert journal.profile() == profile


def test_mark_day(journal: Journal) -> None:
    mark = journal.mark_day("2026-03-09", "complete")
    assert mark is not None and mark.kind.value == "complete"
    assert journal.mark_day("2026-03-09", None) is None
    assert journal.day_marks() == []


def test_export_import_round_trip(journal: Journal, fixed_now: dt.datetime, tmp_path) -> None:  # type: ignore[no-untyped-def]
    journal.update_profile(sex="female", birth_year=1960, day_start_hour=5)
    journal.log_cramp(
        muscle="toe",
        side="both",
        at="02:10",
        notes="[bold]x[/] ünïcode",
        red_flags=["swelling", "weakness"],
        now=fixed_now,
    )
    journal.add_medication(name="Mg", kind="supplement", magnesium_mg=300)
    journal.log_dose(medication="Mg", now=fixed_now)
    journal.log_drink(kind="tea", ml=330, now=fixed_now)
    journal.log_activity(kind="cycling", minutes=40, now=fixed_now)
    journal.mark_day("2026-03-09", "complete")
    doc = export_document(journal)
    assert doc["format"] == "cramplog-journal" and doc["version"] == 4
    other = Journal.open(tmp_path / "other.sqlite3")
    try:
        import_document(other, json.loads(json.dumps(doc)))
        again = export_document(other)
    finally:
        other.close()
    doc.pop("exported_at")
    again.pop("exported_at")
    assert again == doc


def test_import_is_all_or_nothing(journal: Journal, fixed_now: dt.datetime, tmp_path) -> None:  # type: ignore[no-untyped-def]
    for severity in (3, 4, 5):
        journal.log_cramp(muscle="calf", side="left", severity=severity, now=fixed_now)
    doc = export_document(journal)
    doc["cramps"][2]["severity"] = 11
    other = Journal.open(tmp_path / "other.sqlite3")
    try:
        with pytest.raises(ValidationError) as info:
            import_document(other, doc)
        assert str(info.value) == "cramps[2].severity: severity must be a whole number 0-10"
        assert other.counts()["cramps"] == 0
        assert other.profile().day_start_hour == 4
    finally:
        other.close()


@pytest.mark.parametrize("key", ["a\nb", "\x1b[31m", "x" * 500])
def test_an_odd_field_name_is_named_on_one_line(journal: Journal, key: str) -> None:
    # Found by the exchange-format fuzzer: a field name from a file must not
    # break the one-line error message.
    # Typed as Any so that mypy does not read the field as log_cramp's `now`.
    odd: dict[str, Any] = {key: "1"}
    for call in (
        lambda: journal.add_medication(name="Mg", kind="supplement", **odd),
        lambda: journal.update_profile(**odd),
        lambda: journal.log_cramp(muscle="calf", side="left", **odd),
    ):
        with pytest.raises(ValidationError) as caught:
            call()
        message = str(caught.value)
        assert "\n" not in message and "\x1b" not in message and len(message) < 300
