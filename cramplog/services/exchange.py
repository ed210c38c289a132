"""The cramplog exchange format: one JSON document (docs/exchange-format.md)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cramplog.domain import (
    FOOD_VALUES,
    Activity,
    Cramp,
    CustomFood,
    DayMarkKind,
    Dose,
    Drink,
    DrinkKind,
    Entry,
    FoodEntry,
    MealKind,
    Medication,
    Per100g,
    Profile,
    ValidationError,
    medication_record,
)
from cramplog.entry_kinds import (
    ACTIVITY,
    CRAMP,
    DOSE,
    DRINK,
    ENTRY_KINDS,
    FOOD,
    PLAIN_KINDS,
    EntryKind,
    entry_record,
    json_value,
    kind_of,
)
from cramplog.services import entries as build
from cramplog.services import validate as v
from cramplog.services.exchange_format import (
    FORMAT,
    VERSION,
    ImportError_,
    check_document,
)
from cramplog.services.journal import Journal
from cramplog.storage import convert
from cramplog.storage import repository as repo
from cramplog.storage.models import (
    CustomFoodRow,
    DayMarkRow,
    DrinkRow,
    FoodEntryRow,
    RecipeItemRow,
    RecipeRow,
)
from cramplog.times import FIRST_YEAR, LAST_YEAR, journal_day, not_a_day


def _iso(at: dt.datetime) -> str:
    return at.isoformat()


def _per100g(values: Per100g) -> Any:
    return json_value(values)


def export_document(journal: Journal) -> dict[str, Any]:
    profile = journal.profile()
    entries = journal.entries()
    releases: dict[tuple[str, int], str] = {}
    with journal.db.reading() as s:
        for table, key in ((FoodEntryRow, "f"), (DrinkRow, "d")):
            for ident, release in s.execute(select(table.id, table.food_release)):
                releases[(key, ident)] = release
        recipes = list(s.scalars(select(RecipeRow).order_by(RecipeRow.id)))
        custom_names = dict(s.execute(select(CustomFoodRow.id, CustomFoodRow.name)).all())
        recipe_docs = [
            {
                "id": r.id,
                "name": r.name,
                "portions": r.portions,
                "items": [
                    {
                        "food_id": i.food_id,
                        "custom_food": custom_names.get(i.custom_food_id)
                        if i.custom_food_id
                        else None,
                        "grams": i.grams,
                    }
                    for i in r.items
                ],
            }
            for r in recipes
        ]
    doc: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "profile": {
            "sex": profile.sex.value if profile.sex else None,
            "birth_year": profile.birth_year,
            "life_stage": profile.life_stage.value,
            "day_start_hour": profile.day_start_hour,
            "fluid_reference_ml": profile.fluid_reference_ml,
            "fluid_restriction_ml": profile.fluid_restriction_ml,
            "theme": profile.theme,
            "onboarded": profile.onboarded,
        },
        **{kind.section: [] for kind in ENTRY_KINDS},
    }
    for e in entries:
        kind = kind_of(e)
        record = entry_record(e)
        if kind in (FOOD, DRINK):
            # Which foods.csv release the composition was copied from: a
            # property of the stored row, kept so a merge can keep it too.
            record["food_release"] = releases.get((kind.prefix, e.id or 0), "")
        doc[kind.section].append(record)
    doc["medications"] = [{"id": m.id, **medication_record(m)} for m in journal.medications()]
    doc["custom_foods"] = [
        {
            "id": c.id,
            "name": c.name,
            "per_100g": _per100g(c.per100g),
            "serving_grams": c.serving_grams,
            "notes": c.notes,
        }
        for c in journal.custom_foods()
    ]
    doc["recipes"] = recipe_docs
    doc["day_marks"] = [
        {"day": m.journal_day.isoformat(), "kind": m.kind.value} for m in journal.day_marks()
    ]
    return doc


def export_json(journal: Journal) -> str:
    return json.dumps(export_document(journal), ensure_ascii=False, indent=1)


def _where(section: str, index: int | None, error: ValidationError) -> ImportError_:
    place = section if index is None else f"{section}[{index}]"
    return ImportError_(f"{place}.{error.field}", f"{place}.{error.field}: {error.message}")


def _record(section: str, index: int, record: Any) -> dict[str, Any]:
    if not isinstance(record, Mapping):
        raise ImportError_(f"{section}[{index}]", f"{section}[{index}]: must be a JSON object")
    return dict(record)


MAX_ID = 2**63 - 1  # SQLite's largest integer


def _id(record: Mapping[str, Any]) -> int | None:
    raw = record.get("id")
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= MAX_ID:
        raise ValidationError("id", "id must be a positive whole number")
    return raw


def _once(seen: set[Any], value: Any, field: str) -> None:
    """Refuse a second record with the same id or name (the database would refuse it
    later, without saying which record)."""
    if value is None:
        return
    if value in seen:
        raise ValidationError(field, f"{field} {value!r} appears twice")
    seen.add(value)


def _list(doc: Mapping[str, Any], section: str) -> list[Any]:
    records = doc.get(section)
    if records is None:
        return []
    if not isinstance(records, list):
        raise ImportError_(section, f"{section}: must be a list")
    return records


def _per100g_in(raw: Any, field: str = "per_100g") -> Per100g:
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


def _text(record: Mapping[str, Any], key: str, limit: int = v.MAX_TEXT) -> str:
    raw = record.get(key, "")
    if raw is None:
        raw = ""
    if not isinstance(raw, str):
        raise ValidationError(key, f"{key} must be a string")
    return v.text(key, raw, limit)


def _parse_entries(doc: Mapping[str, Any], hour: int) -> list[tuple[Entry, str]]:
    out: list[tuple[Entry, str]] = []
    parsers: dict[str, Callable[[Mapping[str, Any]], tuple[Entry, str]]] = {
        CRAMP.section: lambda r: (_cramp(r, hour), ""),
        FOOD.section: lambda r: _food(r, hour),
        DRINK.section: lambda r: _drink(r, hour),
        DOSE.section: lambda r: (_dose(r, hour), ""),
        ACTIVITY.section: lambda r: (_activity(r, hour), ""),
        **{
            k.section: (lambda r, k=k: (_plain(k, r, hour), ""))  # type: ignore[misc]
            for k in PLAIN_KINDS
        },
    }
    uuids: set[Any] = set()
    for section, parse in parsers.items():
        seen: set[Any] = set()
        for index, raw in enumerate(_list(doc, section)):
            record = _record(section, index, raw)
            try:
                entry, release = parse(record)
                entry = dataclasses.replace(entry, **_identity_in(record))
                _once(seen, entry.id, "id")
                _once(uuids, entry.uuid or None, "uuid")
            except ValidationError as exc:
                raise _where(section, index, exc) from None
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
        "relieved_by": _text(r, "relieved_by", 500),
        "red_flags": r.get("red_flags") or [],
        "notes": _text(r, "notes"),
    }
    if not isinstance(fields["red_flags"], list):
        raise ValidationError("red_flags", "red_flags must be a list")
    cramp = build.cramp(fields, None, hour, now=at)
    return dataclasses.replace(cramp, id=_id(r))


def _food(r: Mapping[str, Any], hour: int) -> tuple[FoodEntry, str]:
    at = _moment(r)
    food_id, custom = r.get("food_id"), r.get("custom_food")
    if (food_id is None) == (custom is None):
        raise ValidationError("food_id", "give exactly one of food_id or custom_food")
    if food_id is not None and (
        not isinstance(food_id, str) or len(food_id) != 5 or not food_id.isdigit()
    ):
        raise ValidationError(
            "food_id", 'food_id must be a five-digit NDB number string, e.g. "01077"'
        )
    name = r.get("name") or food_id or custom
    entry = FoodEntry(
        id=_id(r),
        at=at,
        journal_day=journal_day(at, hour),
        meal=v.choice("meal", r.get("meal") or build.meal_for_time(at).value, MealKind),
        grams=v.positive("grams", r.get("grams"), build.MAX_GRAMS, "g"),
        name=v.name("name", name),
        per100g=_per100g_in(r.get("per_100g")),
        food_id=food_id,
        custom_food=v.name("custom_food", custom) if custom else None,
        amount=_text(r, "amount", 40),
        unit=_text(r, "unit", 80),
        notes=_text(r, "notes"),
    )
    return entry, _text(r, "food_release", 40)


def _drink(r: Mapping[str, Any], hour: int) -> tuple[Drink, str]:
    at = _moment(r)
    kind = v.choice("drink", r.get("drink"), DrinkKind)
    food_id = r.get("food_id")
    if food_id is not None and (
        not isinstance(food_id, str) or len(food_id) != 5 or not food_id.isdigit()
    ):
        raise ValidationError("food_id", "food_id must be a five-digit NDB number string or null")
    grams = r.get("grams")
    entry = Drink(
        id=_id(r),
        at=at,
        journal_day=journal_day(at, hour),
        kind=kind,
        ml=v.positive("ml", r.get("ml"), build.MAX_ML, "ml"),
        caffeinated=v.boolean("caffeinated", r.get("caffeinated", False)),
        food_id=food_id,
        grams=None if grams is None else v.positive("grams", grams, build.MAX_GRAMS, "g"),
        per100g=_per100g_in(r.get("per_100g")) if food_id else None,
        notes=_text(r, "notes"),
    )
    return entry, _text(r, "food_release", 40)


def _dose(r: Mapping[str, Any], hour: int) -> Dose:
    at = _moment(r)
    return Dose(
        id=_id(r),
        at=at,
        journal_day=journal_day(at, hour),
        medication=v.name("medication", r.get("medication")),
        count=v.positive("count", r.get("count", 1), build.MAX_COUNT),
        notes=_text(r, "notes"),
    )


def _activity(r: Mapping[str, Any], hour: int) -> Activity:
    at = _moment(r)
    fields = {
        "at": at,
        "kind": r.get("activity"),
        "minutes": r.get("minutes"),
        "intensity": r.get("intensity") or "moderate",
        "notes": _text(r, "notes"),
    }
    return dataclasses.replace(build.activity(fields, None, hour, now=at), id=_id(r))


def _plain(kind: EntryKind, r: Mapping[str, Any], hour: int) -> Entry:
    at = _moment(r)
    given = {"at": at, "notes": _text(r, "notes"), **{f.name: r.get(f.name) for f in kind.plain}}
    return dataclasses.replace(build.plain_entry(kind, given, None, hour, at), id=_id(r))


@dataclasses.dataclass(frozen=True)
class _Parsed:
    profile: Profile
    meds: list[Medication]
    customs: list[CustomFood]
    entries: list[tuple[Entry, str]]
    marks: list[tuple[dt.date, DayMarkKind]]
    recipes: list[Any]


def parse_document(journal: Journal, doc: Mapping[str, Any], hour: int | None = None) -> _Parsed:
    """Every record checked; nothing written. ``hour`` overrides the file's day start."""
    profile_doc = doc.get("profile") or {}
    if not isinstance(profile_doc, Mapping):
        raise ImportError_("profile", "profile: must be an object")
    try:
        file_hour = v.integer("day_start_hour", profile_doc.get("day_start_hour", 4), 0, 23)
    except ValidationError as exc:
        raise _where("profile", None, exc) from None
    if hour is None:
        hour = file_hour
    meds: list[Medication] = []
    med_ids: set[Any] = set()
    med_names: set[Any] = set()
    for index, raw in enumerate(_list(doc, "medications")):
        record = dict(_record("medications", index, raw))
        try:
            ident = _id({"id": record.pop("id", None)})
            med = journal._medication_from(record, None)
            _once(med_ids, ident, "id")
            _once(med_names, med.name, "name")
        except ValidationError as exc:
            raise _where("medications", index, exc) from None
        meds.append(dataclasses.replace(med, id=ident))
    customs: list[CustomFood] = []
    custom_id_seen: set[Any] = set()
    custom_seen: set[Any] = set()
    for index, raw in enumerate(_list(doc, "custom_foods")):
        record = _record("custom_foods", index, raw)
        try:
            sg = record.get("serving_grams")
            customs.append(
                CustomFood(
                    id=_id(record),
                    name=v.name("name", record.get("name")),
                    per100g=_per100g_in(record.get("per_100g")),
                    serving_grams=None
                    if sg is None
                    else v.positive("serving_grams", sg, 5000, "g"),
                    notes=_text(record, "notes"),
                )
            )
            _once(custom_id_seen, customs[-1].id, "id")
            _once(custom_seen, customs[-1].name, "name")
        except ValidationError as exc:
            raise _where("custom_foods", index, exc) from None
    entries = _parse_entries(doc, hour)
    med_names = {m.name for m in meds}
    custom_names = {c.name for c in customs}
    for section, index, entry in _indexed(doc, entries):
        if isinstance(entry, Dose) and entry.medication not in med_names:
            raise ImportError_(
                f"{section}[{index}].medication",
                f"{section}[{index}].medication: {entry.medication!r} is not in medications",
            )
        if (
            isinstance(entry, FoodEntry)
            and entry.custom_food
            and entry.custom_food not in custom_names
        ):
            raise ImportError_(
                f"{section}[{index}].custom_food",
                f"{section}[{index}].custom_food: {entry.custom_food!r} is not in custom_foods",
            )
    marks = []
    mark_days: set[Any] = set()
    for index, raw in enumerate(_list(doc, "day_marks")):
        record = _record("day_marks", index, raw)
        try:
            marks.append(
                (
                    v.date("day", record.get("day")),
                    v.choice("kind", record.get("kind"), DayMarkKind),
                )
            )
            _once(mark_days, marks[-1][0], "day")
        except ValidationError as exc:
            raise _where("day_marks", index, exc) from None
    recipes = _list(doc, "recipes")
    profile_changes = {
        k: profile_doc[k]
        for k in profile_doc
        if k
        in (
            "sex",
            "birth_year",
            "life_stage",
            "fluid_reference_ml",
            "fluid_restriction_ml",
            "theme",
            "onboarded",
        )
    }
    try:
        profile = journal.checked_profile(journal.profile(), day_start_hour=hour, **profile_changes)
    except ValidationError as exc:
        raise _where("profile", None, exc) from None

    return _Parsed(profile, meds, customs, entries, marks, recipes)


def import_document(journal: Journal, doc: Any) -> dict[str, int]:
    """Import a whole document into an empty journal: all of it, or nothing."""
    doc = check_document(doc)
    existing = journal.counts()
    if any(
        existing[t]
        for t in (
            "cramps",
            "food_entries",
            "drinks",
            "doses",
            "activities",
            "medications",
            "custom_foods",
        )
    ):
        raise ImportError_(
            "journal",
            f"journal {journal.path} already has entries; import"
            " into a new journal file (--db NEW.sqlite3)",
        )
    parsed = parse_document(journal, doc)
    with journal.db.writing() as s:
        repo.save_profile(s, parsed.profile)
        add_medications(s, parsed.meds)
        add_custom_foods(s, parsed.customs)
        s.flush()
        for entry, release in parsed.entries:
            repo.add_entry(s, entry, release)
        for day, kind in parsed.marks:
            s.add(DayMarkRow(journal_day=day, kind=kind.value))
        add_recipes(s, parsed.recipes)
    return journal.counts()


def add_medications(s: Session, meds: Iterable[Medication]) -> None:
    s.add_all(convert.medication_row(m) for m in meds)


def add_custom_foods(s: Session, customs: Iterable[CustomFood]) -> None:
    for c in customs:
        s.add(
            CustomFoodRow(
                id=c.id,
                name=c.name,
                serving_grams=c.serving_grams,
                notes=c.notes,
                **convert.per100g_columns(c.per100g),
            )
        )


def add_recipes(
    s: Session, recipes: list[Any], skip: Iterable[str] = (), *, keep_ids: bool = True
) -> int:
    """Add the recipes of a document; those named in ``skip`` are left out. Returns how many."""
    skipped = {name.lower() for name in skip}
    added = 0
    custom_ids = dict(s.execute(select(CustomFoodRow.name, CustomFoodRow.id)).all())
    recipe_ids: set[Any] = set()
    recipe_names: set[Any] = set()
    for index, raw in enumerate(recipes):
        record = _record("recipes", index, raw)
        try:
            items = record.get("items") or []
            if not isinstance(items, list):
                raise ValidationError("items", "items must be a list")
            recipe = RecipeRow(
                id=_id(record),
                name=v.name("name", record.get("name")),
                portions=v.positive("portions", record.get("portions", 1), 1000),
            )
            _once(recipe_ids, recipe.id, "id")
            _once(recipe_names, recipe.name, "name")
            for item in items:
                custom = item.get("custom_food") if isinstance(item, Mapping) else None
                food = item.get("food_id") if isinstance(item, Mapping) else None
                food_ok = food is None or (isinstance(food, str) and 0 < len(food) <= 20)
                if (
                    not isinstance(item, Mapping)
                    or (food is None) == (custom is None)
                    or not food_ok
                    or (custom is not None and custom not in custom_ids)
                ):
                    raise ValidationError(
                        "items", "each item needs a food_id or a known custom_food"
                    )
                if food is not None:
                    v.text("food_id", food, 20)  # refuses control characters
                recipe.items.append(
                    RecipeItemRow(
                        food_id=item.get("food_id"),
                        custom_food_id=custom_ids[custom] if custom else None,
                        grams=v.positive("grams", item.get("grams"), build.MAX_GRAMS, "g"),
                    )
                )
        except ValidationError as exc:
            raise _where("recipes", index, exc) from None
        if recipe.name.lower() not in skipped:
            if not keep_ids:
                recipe.id = None  # type: ignore[assignment]
            s.add(recipe)
            added += 1
    return added


def _indexed(
    doc: Mapping[str, Any], entries: list[tuple[Entry, str]]
) -> list[tuple[str, int, Entry]]:
    counters: dict[str, int] = {}
    out = []
    for entry, _release in entries:
        section = kind_of(entry).section
        index = counters.get(section, 0)
        counters[section] = index + 1
        out.append((section, index, entry))
    return out
