"""Building checked entries from raw values (for log, edit and import alike)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

from cramplog.domain import (
    CAFFEINATED_BY_DEFAULT,
    Activity,
    Cramp,
    Dose,
    Drink,
    DrinkKind,
    Entry,
    FoodEntry,
    ImportedFood,
    Intensity,
    MealKind,
    Muscle,
    RedFlag,
    Side,
    ValidationError,
)
from cramplog.entry_kinds import EntryKind
from cramplog.services import validate as v
from cramplog.services.commands import ActivityFields, CrampFields, DrinkFields
from cramplog.times import journal_day

MAX_GRAMS = 5000.0
MAX_ML = 5000.0
MAX_MINUTES = 24 * 60
MAX_COUNT = 100.0

# The fields each kind accepts, in the order messages list them: the typed
# commands (services.commands) name them once.
CRAMP_FIELDS = tuple(CrampFields.__annotations__)
FOOD_FIELDS = ("at", "meal", "grams", "amount", "unit", "notes")
DRINK_FIELDS = tuple(DrinkFields.__annotations__)
DOSE_FIELDS = ("at", "count", "notes")
ACTIVITY_FIELDS = tuple(ActivityFields.__annotations__)


def meal_for_time(at: dt.datetime) -> MealKind:
    """The meal a person most likely means when they do not say."""
    minutes = at.hour * 60 + at.minute
    if 4 * 60 <= minutes < 10 * 60 + 30:
        return MealKind.BREAKFAST
    if 11 * 60 + 30 <= minutes < 15 * 60:
        return MealKind.LUNCH
    if 17 * 60 + 30 <= minutes < 22 * 60:
        return MealKind.DINNER
    return MealKind.SNACK


def _at(
    changes: Mapping[str, Any],
    base: Entry | None,
    now: dt.datetime | None,
) -> dt.datetime:
    """The entry's moment: unchanged unless given; a time typed without an
    offset in an edit is read in the entry's own offset (see times.parse_time)."""
    if "at" in changes:
        return v.moment("time", changes["at"], now, zone=base.at.tzinfo if base else None)
    return base.at if base else v.moment("time", "now", now)


def _identity(base: Entry | None) -> dict[str, Any]:
    # An edit keeps the entry's identity; the storage layer raises the version.
    if base is None:
        return {"id": None}
    return {
        "id": base.id,
        "uuid": base.uuid,
        "version": base.version,
        "updated_at": base.updated_at,
    }


def _check_known(changes: Mapping[str, Any], allowed: tuple[str, ...], kind: str) -> None:
    for key in changes:
        if key not in allowed:
            raise v.unknown_field(key, kind, allowed)


def cramp(
    changes: Mapping[str, Any],
    base: Cramp | None,
    day_start_hour: int,
    now: dt.datetime | None = None,
) -> Cramp:
    _check_known(changes, CRAMP_FIELDS, "cramp")
    at = _at(changes, base, now)
    muscle = (
        v.choice("muscle", changes["muscle"], Muscle)
        if "muscle" in changes
        else (base.muscle if base else None)
    )
    side = (
        v.choice("side", changes["side"], Side)
        if "side" in changes
        else (base.side if base else None)
    )
    if muscle is None:
        raise ValidationError("muscle", "muscle is required: one of " + ", ".join(Muscle))
    if side is None:
        raise ValidationError("side", "side is required: one of " + ", ".join(Side))
    flags = changes.get("red_flags", base.red_flags if base else ())
    return Cramp(
        **_identity(base),
        at=at,
        journal_day=journal_day(at, day_start_hour),
        muscle=muscle,
        side=side,
        severity=v.severity(changes["severity"])
        if "severity" in changes
        else (base.severity if base else 5),
        duration_s=v.duration(changes["duration"])
        if "duration" in changes
        else (base.duration_s if base else None),
        woke_from_sleep=v.boolean("woke", changes["woke"])
        if "woke" in changes
        else (base.woke_from_sleep if base else False),
        relieved_by=v.text("relieved_by", changes["relieved_by"], 500)
        if "relieved_by" in changes
        else (base.relieved_by if base else ""),
        red_flags=v.choices("red_flags", flags if not isinstance(flags, str) else [flags], RedFlag),
        notes=v.text("notes", changes["notes"])
        if "notes" in changes
        else (base.notes if base else ""),
    )


def food_entry(
    changes: Mapping[str, Any], base: FoodEntry, day_start_hour: int, now: dt.datetime | None = None
) -> FoodEntry:
    """Edit the fields of a food entry other than its food (see Journal.log_food)."""
    _check_known(changes, FOOD_FIELDS, "food entry")
    at = _at(changes, base, now)
    return dataclasses.replace(
        base,
        at=at,
        journal_day=journal_day(at, day_start_hour),
        meal=v.choice("meal", changes["meal"], MealKind) if "meal" in changes else base.meal,
        grams=v.positive("grams", changes["grams"], MAX_GRAMS, "g")
        if "grams" in changes
        else base.grams,
        amount=v.text("amount", changes["amount"], 40) if "amount" in changes else base.amount,
        unit=v.text("unit", changes["unit"], 80) if "unit" in changes else base.unit,
        notes=v.text("notes", changes["notes"]) if "notes" in changes else base.notes,
    )


def drink(
    changes: Mapping[str, Any],
    base: Drink | None,
    day_start_hour: int,
    now: dt.datetime | None = None,
) -> Drink:
    _check_known(changes, DRINK_FIELDS, "drink")
    at = _at(changes, base, now)
    kind = (
        v.choice("kind", changes["kind"], DrinkKind)
        if "kind" in changes
        else (base.kind if base else DrinkKind.WATER)
    )
    if "caffeinated" in changes and changes["caffeinated"] is not None:
        caffeinated = v.boolean("caffeinated", changes["caffeinated"])
    elif base is not None and "kind" not in changes:
        caffeinated = base.caffeinated
    else:
        caffeinated = kind in CAFFEINATED_BY_DEFAULT
    ml = (
        v.positive("ml", changes["ml"], MAX_ML, "ml")
        if "ml" in changes
        else (base.ml if base else 250.0)
    )
    grams = base.grams if base else None
    if base is not None and base.grams is not None and "ml" in changes:
        grams = base.grams * ml / base.ml  # the same drink, more or less of it
    return Drink(
        **_identity(base),
        at=at,
        journal_day=journal_day(at, day_start_hour),
        kind=kind,
        ml=ml,
        caffeinated=caffeinated,
        food_id=base.food_id if base else None,
        grams=grams,
        per100g=base.per100g if base else None,
        notes=v.text("notes", changes["notes"])
        if "notes" in changes
        else (base.notes if base else ""),
    )


def dose(
    changes: Mapping[str, Any],
    base: Dose | None,
    day_start_hour: int,
    now: dt.datetime | None = None,
) -> Dose:
    """A dose checked: a new one names its medicine (Journal.log_dose finds it in
    the journal); an edit keeps it and changes the time, count or notes."""
    _check_known(changes, DOSE_FIELDS if base else ("medication", *DOSE_FIELDS), "dose")
    at = _at(changes, base, now)
    return Dose(
        **_identity(base),
        at=at,
        journal_day=journal_day(at, day_start_hour),
        medication=base.medication if base else v.name("medication", changes.get("medication")),
        count=v.positive("count", changes["count"], MAX_COUNT)
        if "count" in changes
        else (base.count if base else 1.0),
        notes=v.text("notes", changes["notes"])
        if "notes" in changes
        else (base.notes if base else ""),
    )


def activity(
    changes: Mapping[str, Any],
    base: Activity | None,
    day_start_hour: int,
    now: dt.datetime | None = None,
) -> Activity:
    _check_known(changes, ACTIVITY_FIELDS, "activity")
    at = _at(changes, base, now)
    if "kind" in changes:
        kind = v.name("kind", changes["kind"])
    elif base is not None:
        kind = base.kind
    else:
        raise ValidationError("kind", "kind is required, e.g. walking, cycling, gardening")
    if "minutes" in changes:
        minutes = v.integer("minutes", changes["minutes"], 1, MAX_MINUTES)
    elif base is not None:
        minutes = base.minutes
    else:
        raise ValidationError("minutes", f"minutes is required: a whole number 1-{MAX_MINUTES}")
    return Activity(
        **_identity(base),
        at=at,
        journal_day=journal_day(at, day_start_hour),
        kind=kind,
        minutes=minutes,
        intensity=v.choice("intensity", changes["intensity"], Intensity)
        if "intensity" in changes
        else (base.intensity if base else Intensity.MODERATE),
        notes=v.text("notes", changes["notes"])
        if "notes" in changes
        else (base.notes if base else ""),
    )


def plain_entry(
    kind: EntryKind,
    changes: Mapping[str, Any],
    base: Entry | None,
    day_start_hour: int,
    now: dt.datetime | None = None,
) -> Entry:
    """An entry of a kind made of plain fields, checked by its description.

    A field not given keeps its value (None, "not said", for a new entry);
    a new entry says at least one thing.
    """
    names = tuple(f.name for f in kind.plain)
    _check_known(changes, ("at", *names, "notes"), kind.noun)
    at = _at(changes, base, now)
    values: dict[str, Any] = {
        f.name: v.plain(f, changes[f.name]) if f.name in changes else getattr(base, f.name, None)
        for f in kind.plain
    }
    if all(value is None for value in values.values()):
        said = ", ".join(f.short for f in kind.plain)
        raise ValidationError(kind.name, f"say at least one of: {said}")
    entry: Entry = kind.type(
        **_identity(base),
        at=at,
        journal_day=journal_day(at, day_start_hour),
        notes=v.text("notes", changes["notes"])
        if "notes" in changes
        else (base.notes if base else ""),
        **values,
    )
    return entry


def imported_food(
    changes: Mapping[str, Any],
    base: ImportedFood,
    day_start_hour: int,
    now: dt.datetime | None = None,
) -> ImportedFood:
    """An imported row keeps what the tracker said; only its notes change here."""
    for key in changes:
        if key != "notes":
            raise ValidationError(
                str(key) if str(key).isidentifier() else "field",
                "an imported food keeps what its tracker said: only notes can be changed;"
                " import the file again with --on-overlap replace to change the rest",
            )
    return dataclasses.replace(base, notes=v.text("notes", changes["notes"]))
