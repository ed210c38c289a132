"""Rows to domain objects and back."""

from __future__ import annotations

import datetime as dt
from typing import Any

from cramplog.domain import (
    FOOD_VALUES,
    NUTRIENTS,
    Activity,
    Cramp,
    CustomFood,
    DayMark,
    DayMarkKind,
    Dose,
    Drink,
    DrinkKind,
    DrugClass,
    Entry,
    FoodEntry,
    ImportedFood,
    ImportScope,
    Intensity,
    MealKind,
    Medication,
    MedKind,
    Muscle,
    Per100g,
    Profile,
    Recipe,
    RecipeItem,
    RedFlag,
    Side,
)
from cramplog.entry_kinds import EntryKind
from cramplog.storage.models import (
    ActivityRow,
    CrampRow,
    CustomFoodRow,
    DayMarkRow,
    DoseRow,
    DrinkRow,
    FoodEntryRow,
    ImportedFoodRow,
    MedicationRow,
    ProfileRow,
    RecipeRow,
)
from cramplog.storage.profile_of import profile_of
from cramplog.times import from_storage


def per100g_of(row: Any) -> Per100g:
    return Per100g(**{key: getattr(row, key) for key in FOOD_VALUES})


def per100g_columns(values: Per100g | None) -> dict[str, float | None]:
    return {key: (values.get(key) if values else None) for key in FOOD_VALUES}


def profile(row: ProfileRow | None) -> Profile:
    return profile_of(row)


def _meta(row: Any) -> dict[str, Any]:
    """An entry row's identity and history (see domain.StaleEntryError)."""
    updated = row.updated_at
    return {
        "uuid": row.uuid,
        "version": row.version,
        "updated_at": None if updated is None else updated.replace(tzinfo=dt.UTC),
    }


def cramp(row: CrampRow) -> Cramp:
    return Cramp(
        id=row.id,
        at=from_storage(row.at_utc, row.utc_offset_min),
        journal_day=row.journal_day,
        muscle=Muscle(row.muscle),
        side=Side(row.side),
        severity=row.severity,
        duration_s=row.duration_s,
        woke_from_sleep=row.woke_from_sleep,
        relieved_by=row.relieved_by,
        red_flags=frozenset(RedFlag(f) for f in row.red_flags.split(",") if f),
        notes=row.notes,
        **_meta(row),
    )


def food_entry(row: FoodEntryRow, custom_name: str | None = None) -> FoodEntry:
    return FoodEntry(
        id=row.id,
        at=from_storage(row.at_utc, row.utc_offset_min),
        journal_day=row.journal_day,
        meal=MealKind(row.meal),
        grams=row.grams,
        name=row.name,
        per100g=per100g_of(row),
        food_id=row.food_id,
        custom_food=custom_name,
        amount=row.amount,
        unit=row.unit,
        notes=row.notes,
        **_meta(row),
    )


def drink(row: DrinkRow) -> Drink:
    return Drink(
        id=row.id,
        at=from_storage(row.at_utc, row.utc_offset_min),
        journal_day=row.journal_day,
        kind=DrinkKind(row.kind),
        ml=row.ml,
        caffeinated=row.caffeinated,
        food_id=row.food_id,
        grams=row.grams,
        per100g=per100g_of(row) if row.food_id else None,
        notes=row.notes,
        **_meta(row),
    )


def imported_food(row: ImportedFoodRow) -> ImportedFood:
    return ImportedFood(
        id=row.id,
        at=from_storage(row.at_utc, row.utc_offset_min),
        journal_day=row.journal_day,
        source=row.source,
        key=row.source_key,
        scope=ImportScope(row.scope),
        name=row.name,
        amounts=per100g_of(row),
        meal=row.meal,
        amount=row.amount,
        fluid_ml=row.fluid_ml,
        drink=DrinkKind(row.drink) if row.drink else None,
        notes=row.notes,
        **_meta(row),
    )


def medication(row: MedicationRow) -> Medication:
    return Medication(
        id=row.id,
        name=row.name,
        kind=MedKind(row.kind),
        drug_class=DrugClass(row.drug_class) if row.drug_class else None,
        started_on=row.started_on,
        stopped_on=row.stopped_on,
        notes=row.notes,
        **{key: getattr(row, key) for key in NUTRIENTS},
    )


def medication_row(med: Medication) -> MedicationRow:
    """A new row for ``med`` (its id kept when it has one)."""
    row = MedicationRow(id=med.id)
    set_medication(row, med)
    return row


def set_medication(row: MedicationRow, med: Medication) -> None:
    """Write every field of ``med`` into ``row`` (a new medicine or an edit)."""
    row.name, row.kind = med.name, med.kind.value
    for key in NUTRIENTS:
        setattr(row, key, getattr(med, key))
    row.drug_class = med.drug_class.value if med.drug_class else None
    row.started_on, row.stopped_on, row.notes = med.started_on, med.stopped_on, med.notes


def dose(row: DoseRow, medication_name: str) -> Dose:
    return Dose(
        id=row.id,
        at=from_storage(row.at_utc, row.utc_offset_min),
        journal_day=row.journal_day,
        medication=medication_name,
        count=row.count,
        notes=row.notes,
        **_meta(row),
    )


def activity(row: ActivityRow) -> Activity:
    return Activity(
        id=row.id,
        at=from_storage(row.at_utc, row.utc_offset_min),
        journal_day=row.journal_day,
        kind=row.kind,
        minutes=row.minutes,
        intensity=Intensity(row.intensity),
        notes=row.notes,
        **_meta(row),
    )


def plain_entry(row: Any, kind: EntryKind) -> Entry:
    """An entry of a kind made of plain fields (day factors), by its description."""
    values: dict[str, Any] = {}
    for f in kind.plain:
        raw = getattr(row, f.name)
        values[f.name] = raw if raw is None or f.choices is None else f.choices(raw)
    return kind.type(
        id=row.id,
        at=from_storage(row.at_utc, row.utc_offset_min),
        journal_day=row.journal_day,
        notes=row.notes,
        **values,
        **_meta(row),
    )


def custom_food(row: CustomFoodRow) -> CustomFood:
    return CustomFood(
        id=row.id,
        name=row.name,
        per100g=per100g_of(row),
        serving_grams=row.serving_grams,
        notes=row.notes,
    )


def day_mark(row: DayMarkRow) -> DayMark:
    return DayMark(journal_day=row.journal_day, kind=DayMarkKind(row.kind))


def recipe(row: RecipeRow, custom_names: dict[int, str]) -> Recipe:
    return Recipe(
        id=row.id,
        name=row.name,
        portions=row.portions,
        items=tuple(
            RecipeItem(
                grams=item.grams,
                food_id=item.food_id,
                custom_food=custom_names[item.custom_food_id] if item.custom_food_id else None,
            )
            for item in row.items
        ),
    )
