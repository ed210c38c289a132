"""Meals typed as one line of text: parsed, previewed, and logged all at once."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cramplog.domain import NUTRIENTS, FoodEntry, MealKind, ValidationError, as_new
from cramplog.foods.estimate import Composed, estimate
from cramplog.foods.meal import parse_meal
from cramplog.foods.meal_items import ParsedMeal, ResolvedItem
from cramplog.foods.search import default_food_index
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


def parse_meal_text(journal: Journal, text: str) -> ParsedMeal:
    customs = {c.name: c for c in journal.custom_foods()}
    return parse_meal(text, default_food_index(), custom_foods=customs, boosts=food_boosts(journal))


def entries_for(
    parsed: ParsedMeal,
    *,
    at: dt.datetime,
    day_start_hour: int,
    meal: MealKind | None,
    notes: str = "",
) -> list[FoodEntry]:
    """Food entries for every item of a parsed meal; refuses any unresolved item."""
    if not parsed.ok:
        raise ValidationError("meal", "not logged: " + parsed.problem())
    kind = meal or build.meal_for_time(at)
    day = journal_day(at, day_start_hour)
    return [_entry(item, at, day, kind, notes) for item in parsed.resolved]


def _entry(
    item: ResolvedItem, at: dt.datetime, day: dt.date, meal: MealKind, notes: str
) -> FoodEntry:
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
) -> list[FoodEntry]:
    """The items typed as text and the foods picked from the table, all in one
    transaction, or none of them."""
    when = v.moment("time", at, now)
    kind = v.choice("meal", meal, MealKind) if meal else build.meal_for_time(when)
    hour = journal.profile().day_start_hour
    entries: list[FoodEntry] = []
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
    return journal.log_foods(entries)


def copy_meal(
    journal: Journal, day: dt.date, meal: Any, *, at: Any = "now", now: dt.datetime | None = None
) -> list[FoodEntry]:
    """Log again, at ``at``, every food of ``meal`` on journal day ``day`` (one transaction)."""
    kind = v.choice("meal", meal, MealKind)
    items = [e for e in journal.day(day) if isinstance(e, FoodEntry) and e.meal == kind]
    if not items:
        raise ValidationError("meal", f"nothing was logged for {kind.value} on {day:%A %d %B}")
    when = v.moment("time", at, now)
    moved = journal_day(when, journal.profile().day_start_hour)
    return journal.log_foods(as_new(e, at=when, journal_day=moved) for e in items)


def log_meal_text(
    journal: Journal,
    text: str,
    *,
    at: Any = "now",
    meal: Any = None,
    notes: str = "",
    now: dt.datetime | None = None,
) -> list[FoodEntry]:
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
    return journal.log_foods(entries)
