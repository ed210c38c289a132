"""The cramplog exchange format: one JSON document (docs/exchange-format.md)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cramplog.domain import (
    CustomFood,
    DayMarkKind,
    Dose,
    Entry,
    FoodEntry,
    Medication,
    Profile,
    ValidationError,
    medication_record,
)
from cramplog.entry_kinds import (
    DRINK,
    ENTRY_KINDS,
    FOOD,
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
from cramplog.services.exchange_records import (
    as_record,
    indexed,
    located,
    once,
    parse_entries,
    per100g_in,
    record_id,
    section_records,
    text_in,
)
from cramplog.services.exchange_trials import add_trials, parse_trials, trial_records
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
            "name": profile.name,
            "birth_date": profile.birth_date.isoformat() if profile.birth_date else None,
            "identifier": profile.identifier,
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
            "per_100g": json_value(c.per100g),
            "serving_grams": c.serving_grams,
            "notes": c.notes,
        }
        for c in journal.custom_foods()
    ]
    doc["recipes"] = recipe_docs
    doc["day_marks"] = [
        {"day": m.journal_day.isoformat(), "kind": m.kind.value} for m in journal.day_marks()
    ]
    # Only when there is one: files without trials stay readable by older releases.
    if trials := trial_records(journal):
        doc["trials"] = trials
    return doc


def export_json(journal: Journal) -> str:
    return json.dumps(export_document(journal), ensure_ascii=False, indent=1)


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
        raise located("profile", None, exc) from None
    if hour is None:
        hour = file_hour
    meds: list[Medication] = []
    med_ids: set[Any] = set()
    med_names: set[Any] = set()
    for index, raw in enumerate(section_records(doc, "medications")):
        record = dict(as_record("medications", index, raw))
        try:
            ident = record_id({"id": record.pop("id", None)})
            med = journal._medication_from(record, None)
            once(med_ids, ident, "id")
            once(med_names, med.name, "name")
        except ValidationError as exc:
            raise located("medications", index, exc) from None
        meds.append(dataclasses.replace(med, id=ident))
    customs: list[CustomFood] = []
    custom_id_seen: set[Any] = set()
    custom_seen: set[Any] = set()
    for index, raw in enumerate(section_records(doc, "custom_foods")):
        record = as_record("custom_foods", index, raw)
        try:
            sg = record.get("serving_grams")
            customs.append(
                CustomFood(
                    id=record_id(record),
                    name=v.name("name", record.get("name")),
                    per100g=per100g_in(record.get("per_100g")),
                    serving_grams=None
                    if sg is None
                    else v.positive("serving_grams", sg, 5000, "g"),
                    notes=text_in(record, "notes"),
                )
            )
            once(custom_id_seen, customs[-1].id, "id")
            once(custom_seen, customs[-1].name, "name")
        except ValidationError as exc:
            raise located("custom_foods", index, exc) from None
    entries = parse_entries(doc, hour)
    med_names = {m.name for m in meds}
    custom_names = {c.name for c in customs}
    for section, index, entry in indexed(entries):
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
    for index, raw in enumerate(section_records(doc, "day_marks")):
        record = as_record("day_marks", index, raw)
        try:
            marks.append(
                (
                    v.date("day", record.get("day")),
                    v.choice("kind", record.get("kind"), DayMarkKind),
                )
            )
            once(mark_days, marks[-1][0], "day")
        except ValidationError as exc:
            raise located("day_marks", index, exc) from None
    recipes = section_records(doc, "recipes")
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
            "name",
            "birth_date",
            "identifier",
        )
    }
    try:
        profile = journal.checked_profile(journal.profile(), day_start_hour=hour, **profile_changes)
    except ValidationError as exc:
        raise located("profile", None, exc) from None

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
    trials = parse_trials(doc, (m.name for m in parsed.meds))
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
        s.flush()
        add_trials(s, trials)
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
        record = as_record("recipes", index, raw)
        try:
            items = record.get("items") or []
            if not isinstance(items, list):
                raise ValidationError("items", "items must be a list")
            recipe = RecipeRow(
                id=record_id(record),
                name=v.name("name", record.get("name")),
                portions=v.positive("portions", record.get("portions", 1), 1000),
            )
            once(recipe_ids, recipe.id, "id")
            once(recipe_names, recipe.name, "name")
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
            raise located("recipes", index, exc) from None
        if recipe.name.lower() not in skipped:
            if not keep_ids:
                recipe.id = None  # type: ignore[assignment]
            s.add(recipe)
            added += 1
    return added
