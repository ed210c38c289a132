"""The free-text meal parser: every item resolved or reported, never guessed."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cramplog.domain import CramplogError, Per100g, ValidationError
from cramplog.foods.meal import parse_meal
from cramplog.foods.meal_items import ResolvedItem, UnresolvedItem
from cramplog.foods.meal_phrase import split_items
from cramplog.foods.search import FoodIndex, default_food_index


@dataclass(frozen=True)
class Custom:
    name: str
    per100g: Per100g
    serving_grams: float | None = None


def test_the_issue_example(index: FoodIndex) -> None:
    meal = parse_meal("2 eggs, 1 cup cooked spinach, 250 ml whole milk, 30 g almonds", index)
    assert meal.ok
    assert [(i.food_id, round(i.grams, 1)) for i in meal.resolved] == [
        ("01123", 100.0),
        ("11458", 180.0),
        ("01077", 257.8),
        ("12061", 30.0),
    ]


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("2 eggs, 1 cup milk", ["2 eggs", "1 cup milk"]),
        ("2 eggs; toast\ncoffee", ["2 eggs", "toast", "coffee"]),
        ("a banana and 2 slices bread", ["a banana", "2 slices bread"]),
        ("macaroni and cheese", ["macaroni and cheese"]),
        ("coffee with 2 tbsp milk", ["coffee", "2 tbsp milk"]),
        ("1 cup spinach, cooked", ["1 cup spinach, cooked"]),
        ("1 cup, chopped broccoli", ["1 cup, chopped broccoli"]),
        ("1,5 l water, 2 eggs", ["1,5 l water", "2 eggs"]),
        ("eggs + toast", ["eggs", "toast"]),
        (" , ,, ", []),
    ],
)
def test_split_items(text: str, pieces: list[str]) -> None:
    assert split_items(text) == pieces


def test_household_units_and_counts(index: FoodIndex) -> None:
    meal = parse_meal(
        "1 medium banana, 2 slices whole wheat bread, 1 large egg,"
        " 2 chicken breasts, 1 medium-sized apple",
        index,
    )
    assert meal.ok, meal.problem()
    assert [(i.food_id, i.unit, i.grams) for i in meal.resolved] == [
        ("09040", "medium", 118),
        ("18075", "slices", 64),
        ("01123", "large", 50),
        ("05064", "", 344),
        ("09003", "medium", 182),
    ]


def test_amount_after_the_food(index: FoodIndex) -> None:
    meal = parse_meal("salmon 150 g, milk 250ml, banana x2", index)
    assert meal.ok, meal.problem()
    assert [round(i.grams, 1) for i in meal.resolved] == [150.0, 257.8, 236.0]


def test_no_amount_assumes_one_portion_and_says_so(index: FoodIndex) -> None:
    (item,) = parse_meal("coffee", index).resolved
    assert item.assumed
    assert item.grams == 237  # "cup (8 fl oz)"
    assert "assumed" in item.note


def test_ambiguous_items_are_reported_with_candidates(index: FoodIndex) -> None:
    meal = parse_meal("1 cup rice, 2 eggs", index)
    assert not meal.ok
    rice, eggs = meal.items
    assert isinstance(rice, UnresolvedItem) and isinstance(eggs, ResolvedItem)
    assert "several foods" in rice.reason
    candidates = {h.food.id for h in rice.candidates}
    assert {"20045", "20037"} <= candidates  # white and brown rice differ in magnesium
    assert "1 cup rice" in meal.problem()


def test_unknown_items_are_reported_not_dropped(index: FoodIndex) -> None:
    meal = parse_meal("2 eggs, 3 zorblax", index)
    assert len(meal.items) == 2
    (unknown,) = meal.unresolved
    assert unknown.text == "3 zorblax"
    assert "no food matches" in unknown.reason


def test_misspelling_is_accepted_only_when_clear(index: FoodIndex) -> None:
    (item,) = parse_meal("1 medium bananna", index).resolved
    assert item.food_id == "09040"


def test_a_unit_the_food_lacks(index: FoodIndex) -> None:
    (item,) = parse_meal("1 slice banana", index).unresolved
    assert "has no unit 'slice'" in item.reason
    assert item.candidates[0].food.id == "09040"


def test_salted_twins_are_not_ambiguous(index: FoodIndex) -> None:
    # "with salt" and "without salt" differ only in sodium: no need to ask.
    (item,) = parse_meal("1 cup cooked black beans", index).resolved
    assert item.food_id == "16015"


def test_custom_foods_come_first(index: FoodIndex) -> None:
    bar = Custom("Protein bar", Per100g(magnesium_mg=100.0), serving_grams=60.0)
    meal = parse_meal(
        "2 protein bars, 30 g protein bar, 1 banana", index, custom_foods={"protein bar": bar}
    )
    assert meal.ok, meal.problem()
    first, second, banana = meal.resolved
    assert first.custom is bar and first.grams == 120 and first.food is None
    assert second.custom is bar and second.grams == 30
    assert banana.food_id == "09040"


def test_custom_food_without_serving_needs_grams(index: FoodIndex) -> None:
    soup = Custom("Grandma soup", Per100g(potassium_mg=150.0))
    meal = parse_meal("1 grandma soup", index, custom_foods={"x": soup})
    (item,) = meal.unresolved
    assert "no serving size" in item.reason
    assert parse_meal("300 g grandma soup", index, custom_foods={"x": soup}).ok


def test_boosts_reach_the_parser(index: FoodIndex) -> None:
    (item,) = parse_meal("1 cup milk", index, boosts={"01085": 1.0}).resolved
    assert item.food_id == "01085"


@pytest.mark.parametrize("text", ["", "   ", ",,,", "x" * 2001, ", ".join(["1 egg"] * 41)])
def test_meal_level_errors(index: FoodIndex, text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_meal(text, index)
    assert caught.value.field == "meal"


# --- properties ------------------------------------------------------------------

FRAGMENTS = st.sampled_from(
    [
        "2",
        "½",
        "1 1/2",
        "a",
        "half a",
        "0",
        "-1",
        "1-2",
        "250ml",
        "1/0",
        "x2",
        "3x",
        "cup",
        "cups",
        "g",
        "oz",
        "fl oz",
        "tbsp",
        "medium",
        "large",
        "slices",
        "glass",
        "eggs",
        "banana",
        "whole milk",
        "spinach",
        "cooked",
        "almonds",
        "rice",
        "zorblax",
        "chopped",
        "of",
        "and",
        "with",
        ",",
        ";",
        "\n",
        "+",
        "2%",
        "é",
        "🍌",
        "%",
        "  ",
    ]
)


@given(st.lists(FRAGMENTS, max_size=14).map(" ".join))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_meal_shaped_text_gives_items_or_a_clear_error(text: str) -> None:
    _check(text)


@given(st.text(max_size=80))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_text_gives_items_or_a_clear_error(text: str) -> None:
    _check(text)


def _check(text: str) -> None:
    index = default_food_index()
    try:
        meal = parse_meal(text, index)
    except CramplogError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert meal.items
    for item in meal.items:
        if isinstance(item, ResolvedItem):
            assert 0 < item.grams <= 5000
            assert item.food is not None or item.custom is not None
        else:
            assert item.reason and "\n" not in item.reason
