"""Logging new entries, one method per kind; a part of ``Journal``.

Each method checks what was typed (services.entries, services.validate),
copies a food's composition from the food table, and adds the entry on its
journal day in one write transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Unpack

from cramplog.domain import (
    Activity,
    AnEntry,
    Cramp,
    Dose,
    Drink,
    Entry,
    FoodEntry,
    MealKind,
    Per100g,
    Profile,
    ValidationError,
)
from cramplog.entry_kinds import EntryKind
from cramplog.services import entries as build
from cramplog.services import validate as v
from cramplog.services.commands import ActivityFields, CrampFields, DrinkFields
from cramplog.storage import convert
from cramplog.storage import repository as repo
from cramplog.storage.engine import Database
from cramplog.times import journal_day


def food_table() -> Any:
    # Imported here: the food table is only needed when a food is logged.
    from cramplog.foods.table import default_food_table

    return default_food_table()


def food_release() -> str:
    table = food_table()
    return str(getattr(table, "release", "USDA SR28"))


def _on_day_of(session: Any, entry: AnEntry) -> AnEntry:
    """``entry`` on its journal day by the day-start hour stored now, in the same
    transaction as the write (the hour may have changed since the entry was built)."""
    day = journal_day(entry.at, repo.get_profile(session).day_start_hour)
    return entry if day == entry.journal_day else dataclasses.replace(entry, journal_day=day)


class NewEntries:
    """The journal's ``log_*`` methods."""

    db: Database

    if TYPE_CHECKING:
        # Journal's own (services.journal): the day-start hour.
        def profile(self) -> Profile: ...

    def _add(self, entry: Entry, release: str = "") -> Entry:
        with self.db.writing() as s:
            return repo.add_entry(s, _on_day_of(s, entry), release)

    def log_cramp(self, now: dt.datetime | None = None, **fields: Unpack[CrampFields]) -> Cramp:
        entry = build.cramp(fields, None, self.profile().day_start_hour, now)
        result = self._add(entry)
        assert isinstance(result, Cramp)
        return result

    def log_food(
        self,
        *,
        grams: Any,
        food_id: str | None = None,
        custom_food: str | None = None,
        at: Any = "now",
        meal: Any = None,
        amount: str = "",
        unit: str = "",
        notes: str = "",
        now: dt.datetime | None = None,
    ) -> FoodEntry:
        when = v.moment("time", at, now)
        grams_value = v.positive("grams", grams, build.MAX_GRAMS, "g")
        name, per100g, release = self._resolve_food(food_id, custom_food)
        entry = FoodEntry(
            id=None,
            at=when,
            journal_day=journal_day(when, self.profile().day_start_hour),
            meal=v.choice("meal", meal, MealKind) if meal else build.meal_for_time(when),
            grams=grams_value,
            name=name,
            per100g=per100g,
            food_id=food_id if custom_food is None else None,
            custom_food=custom_food,
            amount=v.text("amount", amount, 40),
            unit=v.text("unit", unit, 80),
            notes=v.text("notes", notes),
        )
        result = self._add(entry, release)
        assert isinstance(result, FoodEntry)
        return result

    def log_foods(self, entries: Iterable[FoodEntry]) -> list[FoodEntry]:
        """Add several food entries (a meal) in one transaction: all or none."""
        return [e for e in self.log_meal_entries(entries) if isinstance(e, FoodEntry)]

    def log_meal_entries(self, entries: Iterable[FoodEntry | Drink]) -> list[FoodEntry | Drink]:
        """Add a meal's foods and the drinks typed with them in one transaction: all or none."""
        release = food_release()
        with self.db.writing() as s:
            out = [
                repo.add_entry(s, _on_day_of(s, e), release if e.food_id else "") for e in entries
            ]
        return [e for e in out if isinstance(e, FoodEntry | Drink)]

    def _resolve_food(
        self, food_id: str | None, custom_food: str | None
    ) -> tuple[str, Per100g, str]:
        if (food_id is None) == (custom_food is None):
            raise ValidationError(
                "food", "give exactly one of a food id (NDB number) or a custom food"
            )
        if custom_food is not None:
            with self.db.reading() as s:
                row = repo.custom_food_row(s, custom_food)
                custom = convert.custom_food(row)
            return custom.name, custom.per100g, ""
        assert food_id is not None
        table = food_table()
        food = table.get(food_id.strip().zfill(5)) if food_id.strip().isdigit() else None
        if food is None:
            raise ValidationError(
                "food_id",
                f"food number {food_id!r} is not in the food table;"
                " find one with `cramplog foods search`",
            )
        return str(food.name), food.per100g, food_release()

    def log_drink(
        self,
        now: dt.datetime | None = None,
        food_id: str | None = None,
        **fields: Unpack[DrinkFields],
    ) -> Drink:
        entry = build.drink(fields, None, self.profile().day_start_hour, now)
        if food_id:
            entry = self._drink_with_food(entry, food_id)
        result = self._add(entry, food_release() if entry.food_id else "")
        assert isinstance(result, Drink)
        return result

    def _drink_with_food(self, entry: Drink, food_id: str) -> Drink:
        table = food_table()
        food = table.get(food_id.strip().zfill(5)) if food_id.strip().isdigit() else None
        if food is None:
            raise ValidationError("food_id", f"food number {food_id!r} is not in the food table")
        from cramplog.foods.quantity import grams_for

        # Volume becomes mass through the food's own portion weights; the food
        # layer applies 1 g/ml only to water-like beverages and otherwise says
        # which units the food has.
        grams = float(grams_for(food, entry.ml, "ml"))
        return dataclasses.replace(entry, food_id=food.id, grams=grams, per100g=food.per100g)

    def log_dose(
        self,
        *,
        medication: str,
        at: str | dt.datetime = "now",
        count: int | float | str = 1,
        notes: str = "",
        now: dt.datetime | None = None,
    ) -> Dose:
        fields = {"medication": medication, "at": at, "count": count, "notes": notes}
        entry = build.dose(fields, None, self.profile().day_start_hour, now)
        with self.db.reading() as s:
            # As the journal spells it: "magnesium" logs a dose of "Magnesium".
            named = repo.medication_row(s, entry.medication).name
        result = self._add(dataclasses.replace(entry, medication=named))
        assert isinstance(result, Dose)
        return result

    def log_plain(
        self,
        kind: EntryKind,
        values: Mapping[str, object],
        *,
        at: str | dt.datetime = "now",
        notes: str = "",
        now: dt.datetime | None = None,
    ) -> Entry:
        """Log an entry of a kind made of plain fields (day factors).

        ``values`` holds the kind's fields by name (entry_kinds.EntryField);
        one not given is not said. The entry belongs to the journal day of ``at``.
        """
        fields = {"at": at, "notes": notes, **values}
        entry = build.plain_entry(kind, fields, None, self.profile().day_start_hour, now)
        return self._add(entry)

    def log_activity(
        self, now: dt.datetime | None = None, **fields: Unpack[ActivityFields]
    ) -> Activity:
        entry = build.activity(fields, None, self.profile().day_start_hour, now)
        result = self._add(entry)
        assert isinstance(result, Activity)
        return result
