"""Drinks typed in a meal line count as fluid, once, and their minerals as intake."""

from __future__ import annotations

import datetime as dt

import pytest

from cramplog.analysis.daily import load_daily
from cramplog.domain import Drink, DrinkKind, FoodEntry
from cramplog.foods.beverages import beverage_kind
from cramplog.foods.table import default_food_table
from cramplog.services import Journal
from cramplog.services.days import day_range
from cramplog.services.meals import copy_meal, log_meal_text

NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
DAY = NOW.date()


@pytest.mark.parametrize(
    ("food_id", "kind"),
    [
        ("01077", DrinkKind.MILK),  # whole milk
        ("09206", DrinkKind.JUICE),  # orange juice, raw
        ("14209", DrinkKind.COFFEE),  # coffee, brewed
        ("14355", DrinkKind.TEA),  # black tea, brewed
        ("14214", None),  # instant coffee powder: mixed, not drunk as it is
        ("09152", None),  # lemon juice: seasoning
        ("01123", None),  # an egg
    ],
)
def test_which_foods_are_drinks(food_id: str, kind: DrinkKind | None) -> None:
    food = default_food_table().get(food_id)
    assert food is not None
    assert beverage_kind(food) is kind


def test_milk_in_a_meal_counts_as_fluid_and_as_calcium(journal: Journal) -> None:
    logged = log_meal_text(journal, "2 eggs, 250 ml whole milk", at=NOW, now=NOW)
    foods = [e for e in logged if isinstance(e, FoodEntry)]
    [milk] = [e for e in logged if isinstance(e, Drink)]
    assert [f.food_id for f in foods] == ["01123"]
    assert (milk.kind, milk.ml, milk.food_id) == (DrinkKind.MILK, 250.0, "01077")
    assert milk.per100g is not None and milk.grams is not None
    calcium = milk.per100g.get("calcium_mg")
    assert calcium is not None
    [today] = day_range(journal, DAY, DAY)
    assert today.fluids_ml == 250.0
    frame = load_daily(journal.db, DAY, DAY, lookback_days=0)
    assert frame.loc[DAY.isoformat(), "beverages_ml"] == 250.0  # the app and the analysis agree
    egg_calcium = sum(f.grams * (f.per100g.get("calcium_mg") or 0) / 100 for f in foods)
    expected = egg_calcium + milk.grams * calcium / 100
    assert today.nutrients["calcium_mg"].amount == pytest.approx(expected)


def test_coffee_in_a_meal_is_caffeinated_and_a_drink_with_a_food_is_counted_once(
    journal: Journal,
) -> None:
    log_meal_text(journal, "1 banana, 1 cup brewed coffee", at=NOW, now=NOW)
    journal.log_drink(kind="milk", ml=200, food_id="01077", now=NOW, at=NOW)
    drinks = [e for e in journal.day(DAY) if isinstance(e, Drink)]
    assert sorted(d.kind.value for d in drinks) == ["coffee", "milk"]
    assert all(d.caffeinated == (d.kind is DrinkKind.COFFEE) for d in drinks)
    [today] = day_range(journal, DAY, DAY)
    assert today.fluids_ml == pytest.approx(sum(d.ml for d in drinks))


def test_copying_a_meal_copies_the_drinks_typed_with_it(journal: Journal) -> None:
    log_meal_text(journal, "2 eggs, 250 ml whole milk", at=NOW, meal="breakfast", now=NOW)
    journal.log_drink(kind="water", ml=500, now=NOW, at=NOW)  # not part of the meal
    later = NOW + dt.timedelta(days=1)
    copied = copy_meal(journal, DAY, "breakfast", at=later, now=later)
    assert sorted(type(e).__name__ for e in copied) == ["Drink", "FoodEntry"]
    [milk] = [e for e in copied if isinstance(e, Drink)]
    assert milk.ml == 250.0 and milk.journal_day == later.date()


def test_whole_milk_stays_whole_milk_and_counts_as_fluid_after_2_percent_was_logged(
    journal: Journal,
) -> None:
    # The "done when": history may rank foods, never override a typed word.
    earlier = NOW - dt.timedelta(days=3)
    for _ in range(3):
        log_meal_text(journal, "250 ml 2% milk", at=earlier, now=NOW)
    reduced = {d.food_id for d in journal.entries() if isinstance(d, Drink)}
    assert reduced and "01077" not in reduced  # 2% milk, not whole
    [milk] = log_meal_text(journal, "250 ml whole milk", at=NOW, now=NOW)
    assert isinstance(milk, Drink)
    assert (milk.food_id, milk.ml) == ("01077", 250.0)
    [today] = day_range(journal, DAY, DAY)
    assert today.fluids_ml == 250.0
