"""Records of an exchange document into entries, every field checked.

A record's fields are read as the format names them (docs/exchange-format.md)
and checked as a typed value would be (services.entries, services.validate);
a refusal names its place, "section[index].field". Whole documents (export,
import, the catalogues) are ``services.exchange``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from cramplog.domain import (
    FOOD_VALUES,
    Activity,
    Cramp,
    Dose,
    Drink,
    DrinkKind,
    Entry,
    FoodEntry,
    ImportedFood,
    ImportScope,
    MealKind,
    Per100g,
    ValidationError,
)
from cramplog.entry_kinds import (
    ACTIVITY,
    CRAMP,
    DOSE,
    DRINK,
    FOOD,
    IMPORTED,
    PLAIN_KINDS,
    EntryKind,
    kind_of,
)
from cramplog.services import entries as build
from cramplog.services import validate as v
from cramplog.services.exchange_format import ImportError_
from cramplog.times import FIRST_YEAR, LAST_YEAR, journal_day, not_a_day


def located(section: str, index: int | None, error: ValidationError) -> ImportError_:
    place = section if index is None else f"{section}[{index}]"
    return ImportError_(f"{place}.{error.field}", f"{place}.{error.field}: {error.message}")


def as_record(section: str, index: int, record: Any) -> dict[str, Any]:
    if not isinstance(record, Mapping):
        raise ImportError_(f"{section}[{index}]", f"{section}[{index}]: must be a JSON object")
    return dict(record)


MAX_ID = 2**63 - 1  # SQLite's largest integer


def record_id(record: Mapping[str, Any]) -> int | None:
    raw = record.get("id")
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= MAX_ID:
        raise ValidationError("id", "id must be a positive whole number")
    return raw


def once(seen: set[Any], value: Any, field: str) -> None:
    """Refuse a second record with the same id or name (the database would refuse it
    later, without saying which record)."""
    if value is None:
        return
    if value in seen:
        raise ValidationError(field, f"{field} {value!r} appears twice")
    seen.add(value)


def section_records(doc: Mapping[str, Any], section: str) -> list[Any]:
    records = doc.get(section)
    if records is None:
        return []
    if not isinstance(records, list):
        raise ImportError_(section, f"{section}: must be a list")
    return records


def per100g_in(raw: Any, field: str = "per_100g") -> Per100g:
    if raw is None:
        return Per100g()
    if not isinstance(raw, Mapping):
        raise ValidationError(field, f"{field} must be an object of values per 100 g")
    unknown = set(raw) - set(FOOD_VALUES)
    if unknown:
        raise ValidationError(
            field, f"{field} has unknown keys {sorted(unknown)}; allowed: {', '.join(FOOD_VALUES)}"
        )
    return Per100g(
        **{k: v.optional_non_negative(f"{field}.{k}", raw.get(k), 100000) for k in FOOD_VALUES}
    )


def _moment(record: Mapping[str, Any]) -> dt.datetime:
    raw = record.get("time")
    if not isinstance(raw, str):
        raise ValidationError("time", "time must be an ISO 8601 string with its UTC offset")
    try:
        at = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise not_a_day("time", raw, "time", "use ISO 8601 with its UTC offset") from None
    if at.tzinfo is None:
        raise ValidationError("time", "time must carry its UTC offset, e.g. +01:00")
    if not FIRST_YEAR <= at.year <= LAST_YEAR:
        raise ValidationError(
            "time", f"time must be between the years {FIRST_YEAR} and {LAST_YEAR}"
        )
    offset = at.utcoffset()
    if offset is not None and offset.total_seconds() % 60:
        raise ValidationError("time", "time must have a UTC offset in whole minutes")
    return at


def text_in(record: Mapping[str, Any], key: str, limit: int = v.MAX_TEXT) -> str:
    raw = record.get(key, "")
    if raw is None:
        raw = ""
    if not isinstance(raw, str):
        raise ValidationError(key, f"{key} must be a string")
    return v.text(key, raw, limit)


def parse_entries(doc: Mapping[str, Any], hour: int) -> list[tuple[Entry, str]]:
    out: list[tuple[Entry, str]] = []
    parsers: dict[str, Callable[[Mapping[str, Any]], tuple[Entry, str]]] = {
        CRAMP.section: lambda r: (_cramp(r, hour), ""),
        FOOD.section: lambda r: _food(r, hour),
        DRINK.section: lambda r: _drink(r, hour),
        DOSE.section: lambda r: (_dose(r, hour), ""),
        ACTIVITY.section: lambda r: (_activity(r, hour), ""),
        IMPORTED.section: lambda r: (imported_food(r), ""),
        **{
            k.section: (lambda r, k=k: (_plain(k, r, hour), ""))  # type: ignore[misc]
            for k in PLAIN_KINDS
        },
    }
    uuids: set[Any] = set()
    keys: set[Any] = set()
    for section, parse in parsers.items():
        seen: set[Any] = set()
        for index, raw in enumerate(section_records(doc, section)):
            record = as_record(section, index, raw)
            try:
                entry, release = parse(record)
                entry = dataclasses.replace(entry, **_identity_in(record))
                once(seen, entry.id, "id")
                once(uuids, entry.uuid or None, "uuid")
                if isinstance(entry, ImportedFood):
                    once(keys, entry.key, "key")
            except ValidationError as exc:
                raise located(section, index, exc) from None
            out.append((entry, release))
    return out


def _identity_in(record: Mapping[str, Any]) -> dict[str, Any]:
    """An entry's uuid, version and updated_at as the file gives them (or none)."""
    out: dict[str, Any] = {}
    raw = record.get("uuid")
    if raw is not None:
        try:
            out["uuid"] = str(uuid.UUID(str(raw)))
        except ValueError:
            raise ValidationError(
                "uuid", "uuid must be a UUID such as 1b4e28ba-2fa1-11d2-883f-0016d3cca427"
            ) from None
    if record.get("version") is not None:
        out["version"] = v.integer("version", record["version"], 1, MAX_ID)
    stamp = record.get("updated_at")
    if stamp is not None:
        try:
            when = dt.datetime.fromisoformat(str(stamp))
        except ValueError:
            raise ValidationError("updated_at", "updated_at must be an ISO 8601 time") from None
        if when.tzinfo is None:
            raise ValidationError("updated_at", "updated_at must carry its UTC offset")
        out["updated_at"] = when.astimezone(dt.UTC)
    return out


def _cramp(r: Mapping[str, Any], hour: int) -> Cramp:
    at = _moment(r)
    fields = {
        "at": at,
        "muscle": r.get("muscle"),
        "side": r.get("side"),
        "severity": r.get("severity"),
        "duration": r.get("duration_s"),
        "woke": v.boolean("woke_from_sleep", r.get("woke_from_sleep", False)),
        "relieved_by": text_in(r, "relieved_by", 500),
        "red_flags": r.get("red_flags") or [],
        "notes": text_in(r, "notes"),
    }
    if not isinstance(fields["red_flags"], list):
        raise ValidationError("red_flags", "red_flags must be a list")
    cramp = build.cramp(fields, None, hour, now=at)
    return dataclasses.replace(cramp, id=record_id(r))


def _food_id(r: Mapping[str, Any]) -> str | None:
    food_id = r.get("food_id")
    if food_id is not None and (
        not isinstance(food_id, str) or len(food_id) != 5 or not food_id.isdigit()
    ):
        raise ValidationError(
            "food_id", 'food_id must be a five-digit NDB number string such as "01077", or null'
        )
    return food_id


def _food(r: Mapping[str, Any], hour: int) -> tuple[FoodEntry, str]:
    at = _moment(r)
    food_id, custom = _food_id(r), r.get("custom_food")
    if (food_id is None) == (custom is None):
        raise ValidationError("food_id", "give exactly one of food_id or custom_food")
    name = r.get("name") or food_id or custom
    entry = FoodEntry(
        id=record_id(r),
        at=at,
        journal_day=journal_day(at, hour),
        meal=v.choice("meal", r.get("meal") or build.meal_for_time(at).value, MealKind),
        grams=v.positive("grams", r.get("grams"), build.MAX_GRAMS, "g"),
        name=v.name("name", name),
        per100g=per100g_in(r.get("per_100g")),
        food_id=food_id,
        custom_food=v.name("custom_food", custom) if custom else None,
        amount=text_in(r, "amount", 40),
        unit=text_in(r, "unit", 80),
        notes=text_in(r, "notes"),
    )
    return entry, text_in(r, "food_release", 40)


def _drink(r: Mapping[str, Any], hour: int) -> tuple[Drink, str]:
    at = _moment(r)
    kind = v.choice("drink", r.get("drink"), DrinkKind)
    food_id = _food_id(r)
    grams = r.get("grams")
    entry = Drink(
        id=record_id(r),
        at=at,
        journal_day=journal_day(at, hour),
        kind=kind,
        ml=v.positive("ml", r.get("ml"), build.MAX_ML, "ml"),
        caffeinated=v.boolean("caffeinated", r.get("caffeinated", False)),
        food_id=food_id,
        grams=None if grams is None else v.positive("grams", grams, build.MAX_GRAMS, "g"),
        per100g=per100g_in(r.get("per_100g")) if food_id else None,
        notes=text_in(r, "notes"),
    )
    return entry, text_in(r, "food_release", 40)


def _dose(r: Mapping[str, Any], hour: int) -> Dose:
    at = _moment(r)
    return Dose(
        id=record_id(r),
        at=at,
        journal_day=journal_day(at, hour),
        medication=v.name("medication", r.get("medication")),
        count=v.positive("count", r.get("count", 1), build.MAX_COUNT),
        notes=text_in(r, "notes"),
    )


def _activity(r: Mapping[str, Any], hour: int) -> Activity:
    at = _moment(r)
    fields = {
        "at": at,
        "kind": r.get("activity"),
        "minutes": r.get("minutes"),
        "intensity": r.get("intensity") or "moderate",
        "notes": text_in(r, "notes"),
    }
    return dataclasses.replace(build.activity(fields, None, hour, now=at), id=record_id(r))


# Most an imported row may hold of any value (a day's totals included).
MAX_AMOUNT = 1_000_000.0


def imported_food(r: Mapping[str, Any]) -> ImportedFood:
    """An imported row as the exchange format gives it: its journal day as it was
    imported (the tracker's own day), never recomputed."""
    at = _moment(r)
    day = r.get("journal_day")
    drink = r.get("drink")
    fluid = r.get("fluid_ml")
    return ImportedFood(
        id=record_id(r),
        at=at,
        journal_day=v.date("journal_day", day) if day else at.date(),
        source=v.name("source", r.get("source")),
        key=v.name("key", r.get("key")),
        scope=v.choice("scope", r.get("scope"), ImportScope),
        name=v.name("name", r.get("name")),
        amounts=amounts_in(r.get("amounts")),
        meal=text_in(r, "meal", 80),
        amount=text_in(r, "amount", 80),
        fluid_ml=None if fluid is None else v.positive("fluid_ml", fluid, MAX_AMOUNT, "ml"),
        drink=None if drink is None else v.choice("drink", drink, DrinkKind),
        notes=text_in(r, "notes"),
    )


def amounts_in(raw: Any, field: str = "amounts") -> Per100g:
    """Nutrient amounts of an imported row (the Per100g fields, for the whole row)."""
    if raw is None:
        return Per100g()
    if not isinstance(raw, Mapping):
        raise ValidationError(field, f"{field} must be an object of nutrient amounts")
    unknown = set(raw) - set(FOOD_VALUES)
    if unknown:
        raise ValidationError(
            field, f"{field} has unknown keys {sorted(unknown)}; allowed: {', '.join(FOOD_VALUES)}"
        )
    return Per100g(
        **{k: v.optional_non_negative(f"{field}.{k}", raw.get(k), MAX_AMOUNT) for k in FOOD_VALUES}
    )


def _plain(kind: EntryKind, r: Mapping[str, Any], hour: int) -> Entry:
    at = _moment(r)
    given = {"at": at, "notes": text_in(r, "notes"), **{f.name: r.get(f.name) for f in kind.plain}}
    return dataclasses.replace(build.plain_entry(kind, given, None, hour, at), id=record_id(r))


def indexed(entries: list[tuple[Entry, str]]) -> list[tuple[str, int, Entry]]:
    """Each entry with the section and index of its record (parse_entries keeps file order)."""
    counters: dict[str, int] = {}
    out = []
    for entry, _release in entries:
        section = kind_of(entry).section
        index = counters.get(section, 0)
        counters[section] = index + 1
        out.append((section, index, entry))
    return out
