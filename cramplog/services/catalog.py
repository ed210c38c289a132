"""The journal's catalogues: medicines, custom foods and recipes (and eating a recipe).

``Journal`` inherits these, so every caller asks the journal itself
(``journal.add_medication(...)``); logging entries is ``services.new_entries``,
changing them and the days ``services.journal``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Unpack

from sqlalchemy import func, select

from cramplog.domain import (
    MEDICATION_FIELDS,
    CustomFood,
    DrugClass,
    FoodEntry,
    MealKind,
    Medication,
    MedKind,
    NotFoundError,
    Per100g,
    Profile,
    Recipe,
    RecipeItem,
    ValidationError,
)
from cramplog.nutrients import TRACKED, Nutrient
from cramplog.services import entries as build
from cramplog.services import validate as v
from cramplog.services.commands import Day, MedicationFields
from cramplog.services.new_entries import food_table
from cramplog.storage import convert
from cramplog.storage import repository as repo
from cramplog.storage.engine import Database
from cramplog.storage.models import (
    CustomFoodRow,
    DrinkRow,
    FoodEntryRow,
    MedicationRow,
    RecipeItemRow,
    RecipeRow,
)
from cramplog.times import journal_day


def dose_units(n: Nutrient) -> tuple[str, ...]:
    """The units a dose of ``n`` may be typed in: its own, and IU where it has one."""
    own = ("µg", "ug", "mcg") if n.unit == "µg" else (n.unit,)
    return (*own, "IU") if n.iu else own


def dose_amount(n: Nutrient, raw: Any) -> float:
    """A dose per unit of a medicine in ``n``'s unit.

    Text may say its unit ("1000 IU" is 25 µg of vitamin D). Typed text with
    no unit above ``n.dose_check`` is refused with both readings, so the
    person says which unit they mean; numbers from a file (not text) are
    taken as stored, in ``n``'s unit.
    """
    if not isinstance(raw, str):
        return v.non_negative(n.key, raw, n.dose_max, n.unit)
    match = _WITH_UNIT.fullmatch(raw.strip())
    if match is None or not match.group("unit"):
        amount = v.non_negative(n.key, raw, n.dose_max, n.unit)
        if n.dose_check and amount > n.dose_check:
            other = f" or '{amount:g} IU' (= {amount / n.iu:g} {n.unit})" if n.iu else ""
            raise ValidationError(
                n.key,
                f"{n.key}: {amount:g} {n.unit} a dose is unusually high; say the unit as"
                f" on the label: '{amount:g} {n.unit}'{other}",
            )
        return amount
    number, unit = float(match.group("number")), match.group("unit").strip()
    units = dose_units(n)
    if unit.lower() not in (u.lower() for u in units):
        said = " or ".join((n.unit, "IU") if n.iu else (n.unit,))
        raise ValidationError(n.key, f"{n.key}: the unit must be {said}, not {unit!r}")
    return v.non_negative(n.key, in_own_unit(n, number, unit), n.dose_max, n.unit)


def in_own_unit(n: Nutrient, number: float, unit: str) -> float:
    """An amount of ``n`` said in one of ``dose_units(n)`` ("IU" or its own), in its own unit."""
    return number / n.iu if unit.lower() == "iu" else number


_WITH_UNIT = re.compile(r"(?P<number>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*(?P<unit>\D.*)?")


class Catalog:
    """What a journal keeps besides its entries; a part of ``Journal``."""

    db: Database

    if TYPE_CHECKING:
        # Journal's own (services.journal); eating a recipe logs its foods.
        def profile(self) -> Profile: ...

        def log_foods(self, entries: Iterable[FoodEntry]) -> list[FoodEntry]: ...

    # --- medications ---------------------------------------------------------------

    def medications(self) -> list[Medication]:
        with self.db.reading() as s:
            return repo.medications(s)

    def add_medication(self, **fields: Unpack[MedicationFields]) -> Medication:
        med = self._medication_from(fields, None)
        with self.db.writing() as s:
            existing = s.scalar(select(MedicationRow).where(MedicationRow.name == med.name))
            if existing is not None:
                raise ValidationError(
                    "name", f"a medicine named {med.name!r} already exists; use `cramplog med edit`"
                )
            row = convert.medication_row(med)
            s.add(row)
            s.flush()
            return convert.medication(row)

    def edit_medication(self, medicine: str, /, **changes: Unpack[MedicationFields]) -> Medication:
        """Change the given fields of the medicine named ``medicine`` ("name" renames it)."""
        with self.db.writing() as s:
            row = repo.medication_row(s, medicine)
            med = self._medication_from(changes, convert.medication(row))
            convert.set_medication(row, med)
            s.flush()
            return convert.medication(row)

    def checked_medication(self, **fields: Unpack[MedicationFields]) -> Medication:
        """A new medicine from ``fields``, every value checked; nothing saved."""
        return self._medication_from(fields, None)

    def checked_medication_edit(
        self, medicine: str, /, **changes: Unpack[MedicationFields]
    ) -> Medication:
        """The medicine named ``medicine`` with ``changes``, every value checked; nothing saved."""
        with self.db.reading() as s:
            base = convert.medication(repo.medication_row(s, medicine))
        return self._medication_from(changes, base)

    def stop_medication(self, medicine: str, /, on: Day = "today") -> Medication:
        """Mark the medicine named ``medicine`` stopped on ``on`` (a date, or "today")."""
        return self.edit_medication(medicine, stopped_on=on)

    def restart_medication(self, medicine: str, /, on: Day = "today") -> Medication:
        """Take the medicine named ``medicine`` again from ``on``: started then, not stopped.

        One medicine holds one start and one stop date; the earlier period
        stays in the journal as its logged doses.
        """
        return self.edit_medication(medicine, started_on=on, stopped_on=None)

    def _medication_from(self, fields: Mapping[str, Any], base: Medication | None) -> Medication:
        for key in fields:
            if key not in MEDICATION_FIELDS:
                raise v.unknown_field(key, "medicine", MEDICATION_FIELDS)

        def pick(key: str, default: Any) -> Any:
            return fields.get(key, default)

        name = v.name("name", pick("name", base.name if base else None))
        kind = v.choice("kind", pick("kind", base.kind if base else MedKind.SUPPLEMENT), MedKind)
        amounts = {
            n.key: dose_amount(n, pick(n.key, getattr(base, n.key) if base else 0)) for n in TRACKED
        }
        raw_class = pick("drug_class", base.drug_class if base else None)
        drug_class = (
            None
            if raw_class in (None, "", "none")
            else v.choice("drug_class", raw_class, DrugClass)
        )
        started = v.optional_date(
            "started_on", pick("started_on", base.started_on if base else None)
        )
        stopped = v.optional_date(
            "stopped_on", pick("stopped_on", base.stopped_on if base else None)
        )
        if started and stopped and stopped < started:
            raise ValidationError("stopped_on", "stop day must not be before start day")
        return Medication(
            id=base.id if base else None,
            name=name,
            kind=kind,
            drug_class=drug_class,
            started_on=started,
            stopped_on=stopped,
            notes=v.text("notes", pick("notes", base.notes if base else "")),
            **amounts,
        )

    # --- custom foods ----------------------------------------------------------------

    def custom_foods(self) -> list[CustomFood]:
        with self.db.reading() as s:
            return repo.custom_foods(s)

    def add_custom_food(
        self, name: str, per100g: Per100g, serving_grams: float | None = None, notes: str = ""
    ) -> CustomFood:
        clean = v.name("name", name)
        with self.db.writing() as s:
            if s.scalar(select(CustomFoodRow).where(CustomFoodRow.name == clean)) is not None:
                raise ValidationError("name", f"a custom food named {clean!r} already exists")
            row = CustomFoodRow(
                name=clean,
                serving_grams=serving_grams,
                notes=v.text("notes", notes),
                **convert.per100g_columns(per100g),
            )
            s.add(row)
            s.flush()
            return convert.custom_food(row)

    # --- recipes ------------------------------------------------------------------

    def recipes(self) -> list[Recipe]:
        with self.db.reading() as s:
            return repo.recipes(s)

    def add_recipe(self, name: str, portions: Any, items: Iterable[RecipeItem]) -> Recipe:
        """Store a named list of foods; it is eaten later by the portion."""
        clean = v.name("name", name)
        count = v.positive("portions", portions, 1000)
        checked = list(items)
        if not checked:
            raise ValidationError("items", "a recipe needs at least one food")
        table = food_table()
        with self.db.writing() as s:
            if s.scalar(select(RecipeRow).where(RecipeRow.name == clean)) is not None:
                raise ValidationError("name", f"a recipe named {clean!r} already exists")
            row = RecipeRow(name=clean, portions=count)
            for item in checked:
                grams = v.positive("grams", item.grams, build.MAX_GRAMS, "g")
                if item.custom_food is not None:
                    custom_id = repo.custom_food_row(s, item.custom_food).id
                    row.items.append(RecipeItemRow(custom_food_id=custom_id, grams=grams))
                elif item.food_id is not None and table.get(item.food_id) is not None:
                    row.items.append(RecipeItemRow(food_id=item.food_id, grams=grams))
                else:
                    raise ValidationError(
                        "items", f"food {item.food_id!r} is not in the food table"
                    )
            s.add(row)
            s.flush()
            return convert.recipe(row, repo.custom_food_names(s))

    def log_recipe(
        self,
        name: str,
        *,
        portions: Any = 1,
        at: Any = "now",
        meal: Any = None,
        now: dt.datetime | None = None,
    ) -> list[FoodEntry]:
        """Log ``portions`` of a recipe: each of its foods, scaled, in one transaction."""
        eaten = v.positive("portions", portions, 100)
        when = v.moment("time", at, now)
        day = journal_day(when, self.profile().day_start_hour)
        kind = v.choice("meal", meal, MealKind) if meal else build.meal_for_time(when)
        recipe = next((r for r in self.recipes() if r.name.lower() == name.strip().lower()), None)
        if recipe is None:
            raise NotFoundError(f"no recipe named {name!r}; see `cramplog recipe list`")
        customs = {c.name: c for c in self.custom_foods()}
        table = food_table()
        share = eaten / recipe.portions
        entries: list[FoodEntry] = []
        for item in recipe.items:
            if item.custom_food is not None:
                food_name, per100g = item.custom_food, customs[item.custom_food].per100g
            else:
                food = table.get(item.food_id)
                if food is None:
                    raise ValidationError(
                        "recipe",
                        f"recipe {recipe.name!r} uses food {item.food_id}, which this"
                        " food table no longer has",
                    )
                food_name, per100g = food.name, food.per100g
            entries.append(
                FoodEntry(
                    id=None,
                    at=when,
                    journal_day=day,
                    meal=kind,
                    grams=round(item.grams * share, 1),
                    name=food_name,
                    per100g=per100g,
                    food_id=item.food_id,
                    custom_food=item.custom_food,
                    amount=f"{eaten:g}",
                    unit=f"portion of {recipe.name}",
                )
            )
        return self.log_foods(entries)

    def logged_food_ids(self) -> dict[str, int]:
        """How often each food id was logged: search boosts and `foods top --mine`."""
        # Drinks with a food count too: milk typed in a meal is logged as a drink.
        counts: dict[str, int] = {}
        with self.db.reading() as s:
            for table in (FoodEntryRow, DrinkRow):
                rows = s.execute(
                    select(table.food_id, func.count())
                    .where(table.food_id.is_not(None))
                    .group_by(table.food_id)
                ).all()
                for food, n in rows:
                    counts[str(food)] = counts.get(str(food), 0) + int(n)
        return counts
