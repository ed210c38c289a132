"""Meals typed as one line of text: parsed, previewed, and logged all at once."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cramplog.domain import (
    CAFFEINATED_BY_DEFAULT,
    NUTRIENTS,
    Drink,
    FoodEntry,
    MealKind,
    ValidationError,
    as_new,
)
from cramplog.foods.beverages import beverage_kind, volume_ml
from cramplog.foods.estimate import Composed, estimate
from cramplog.foods.meal import parse_meal
from cramplog.foods.meal_items import ParsedMeal, ResolvedItem
from cramplog.foods.model import Food
from cramplog.foods.search import default_food_index
from cramplog.foods.units import canonical_unit
from cramplog.services import entries as build
from cramplog.services import validate as v
from cramplog.services.journal import Journal
from cramplog.times import journal_day


def food_boosts(journal: Journal) -> dict[str, float]:
    """How much to lift each food in search: the person's own foods first.

    Log-scaled so a food eaten daily does not bury one eaten weekly.
    """
    counts = journal.logged_food_ids()
    if not counts:
        return {}
    top = math.log1p(max(counts.values()))
    return {food: math.log1p(n) / top for food, n in counts.items()}


def tracked_amounts(items: Sequence[Composed]) -> dict[str, float | None]:
    """What ``items`` add of each tracked nutrient (None where no item has a value).

    The same sum as `cramplog estimate` and the day's figures: an unknown value
    adds nothing and is never taken for 0 (foods.estimate).
    """
    totals = estimate(items)
    return {key: totals[key].amount for key in NUTRIENTS}


def parse_meal_text(journal: Journal | None, text: str) -> ParsedMeal:
    """The one reading of a meal's text, for the app and `cramplog estimate`
    alike: the journal's own foods and history (none without a journal)."""
    if journal is None:
        return parse_meal(text, default_food_index())
    customs = {c.name: c for c in journal.custom_foods()}
    return parse_meal(text, default_food_index(), custom_foods=customs, boosts=food_boosts(journal))


MealEntry = FoodEntry | Drink


def entries_for(
    parsed: ParsedMeal,
    *,
    at: dt.datetime,
    day_start_hour: int,
    meal: MealKind | None,
    notes: str = "",
) -> list[MealEntry]:
    """Entries for every item of a parsed meal; refuses any unresolved item.

    An item that is a drink (milk, juice, coffee, tea: foods.beverages) becomes
    a drink carrying its food's composition, so its volume counts as fluid and
    its minerals as intake, once each.
    """
    if not parsed.ok:
        raise ValidationError("meal", "not logged: " + parsed.problem())
    kind = meal or build.meal_for_time(at)
    day = journal_day(at, day_start_hour)
    return [_entry(item, at, day, kind, notes) for item in parsed.resolved]


def _entry(
    item: ResolvedItem, at: dt.datetime, day: dt.date, meal: MealKind, notes: str
) -> MealEntry:
    if item.food is not None:
        drink = _as_drink(item.food, item.amount, item.unit, item.grams, at, day, notes)
        if drink is not None:
            return drink
    return FoodEntry(
        id=None,
        at=at,
        journal_day=day,
        meal=meal,
        grams=round(item.grams, 2),
        name=item.name,
        per100g=item.per100g,
        food_id=item.food_id,
        custom_food=item.custom.name if item.custom is not None else None,
        amount=f"{item.amount:g}",
        unit=item.unit,
        notes=notes,
    )


def _as_drink(
    food: Food,
    amount: float,
    unit: str,
    grams: float,
    at: dt.datetime,
    day: dt.date,
    notes: str,
) -> Drink | None:
    """``food`` as a drink when it is one (None when it is eaten)."""
    kind = beverage_kind(food)
    if kind is None:
        return None
    decaf = "decaf" in food.name.lower()
    return Drink(
        id=None,
        at=at,
        journal_day=day,
        kind=kind,
        ml=round(v.positive("ml", volume_ml(amount, unit, grams), build.MAX_ML, "ml"), 1),
        caffeinated=kind in CAFFEINATED_BY_DEFAULT and not decaf,
        food_id=food.id,
        grams=round(grams, 2),
        per100g=food.per100g,
        notes=notes,
    )


def drink_ml(item: ResolvedItem) -> float | None:
    """The fluid an item of a meal adds when it is a drink (None when it is eaten)."""
    if item.food is None or beverage_kind(item.food) is None:
        return None
    return round(volume_ml(item.amount, item.unit, item.grams), 1)


@dataclass(frozen=True, slots=True)
class Pick:
    """A food chosen from the table with its amount (the app's food search)."""

    food_id: str
    grams: float
    amount: str
    unit: str


def log_meal(
    journal: Journal,
    text: str,
    picks: Sequence[Pick] = (),
    *,
    at: Any = "now",
    meal: Any = None,
    notes: str = "",
    now: dt.datetime | None = None,
) -> list[MealEntry]:
    """The items typed as text and the foods picked from the table, all in one
    transaction, or none of them."""
    when = v.moment("time", at, now)
    kind = v.choice("meal", meal, MealKind) if meal else build.meal_for_time(when)
    hour = journal.profile().day_start_hour
    entries: list[MealEntry] = []
    if text.strip():
        parsed = parse_meal_text(journal, v.text("meal", text, 2000))
        entries += entries_for(
            parsed, at=when, day_start_hour=hour, meal=kind, notes=v.text("notes", notes)
        )
    table = default_food_index().table
    day = journal_day(when, hour)
    for pick in picks:
        food = table.get(pick.food_id)
        if food is None:
            raise ValidationError("food", f"food {pick.food_id} is not in the food table")
        unit = canonical_unit(pick.unit) or ""
        try:
            amount = float(pick.amount)
        except ValueError:
            amount, unit = pick.grams, "g"
        drink = _as_drink(food, amount, unit, pick.grams, when, day, v.text("notes", notes))
        if drink is not None:
            entries.append(drink)
            continue
        entries.append(
            FoodEntry(
                id=None,
                at=when,
                journal_day=day,
                meal=kind,
                grams=round(v.positive("grams", pick.grams, build.MAX_GRAMS, "g"), 2),
                name=food.name,
                per100g=food.per100g,
                food_id=food.id,
                amount=v.text("amount", pick.amount, 40),
                unit=v.text("unit", pick.unit, 80),
                notes=v.text("notes", notes),
            )
        )
    if not entries:
        raise ValidationError("meal", "nothing to log: type what you ate, e.g. 2 eggs, 1 banana")
    return journal.log_meal_entries(entries)


def copy_meal(
    journal: Journal, day: dt.date, meal: Any, *, at: Any = "now", now: dt.datetime | None = None
) -> list[MealEntry]:
    """Log again, at ``at``, every food of ``meal`` on journal day ``day`` and the
    drinks typed with it (logged at the same moment with a food), in one transaction."""
    kind = v.choice("meal", meal, MealKind)
    entries = journal.day(day)
    foods = [e for e in entries if isinstance(e, FoodEntry) and e.meal == kind]
    if not foods:
        raise ValidationError("meal", f"nothing was logged for {kind.value} on {day:%A %d %B}")
    moments = {e.at for e in foods}
    drinks = [e for e in entries if isinstance(e, Drink) and e.food_id and e.at in moments]
    when = v.moment("time", at, now)
    moved = journal_day(when, journal.profile().day_start_hour)
    items: list[MealEntry] = [*foods, *drinks]
    return journal.log_meal_entries(as_new(e, at=when, journal_day=moved) for e in items)


def log_meal_text(
    journal: Journal,
    text: str,
    *,
    at: Any = "now",
    meal: Any = None,
    notes: str = "",
    now: dt.datetime | None = None,
) -> list[MealEntry]:
    """Log every item of a meal typed as text, all in one transaction, or none."""
    when = v.moment("time", at, now)
    kind = v.choice("meal", meal, MealKind) if meal else None
    parsed = parse_meal_text(journal, v.text("meal", text, 2000))
    entries = entries_for(
        parsed,
        at=when,
        day_start_hour=journal.profile().day_start_hour,
        meal=kind,
        notes=v.text("notes", notes),
    )
    return journal.log_meal_entries(entries)
