"""Amounts, units and household portions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cramplog.domain import CramplogError, ValidationError
from cramplog.foods.model import Food
from cramplog.foods.quantity import grams_for, measure, parse_amount, parse_quantity
from cramplog.foods.table import FoodTable


def food(table: FoodTable, food_id: str) -> Food:
    found = table.get(food_id)
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("text", "amount", "unit", "rest"),
    [
        ("2 eggs", 2.0, "", "eggs"),
        ("1/2 cup milk", 0.5, "cup", "milk"),
        ("½ cup milk", 0.5, "cup", "milk"),
        ("1 1/2 cups rice", 1.5, "cup", "rice"),
        ("1½ cups rice", 1.5, "cup", "rice"),
        ("1 ½ cups rice", 1.5, "cup", "rice"),
        ("1-1/2 cups rice", 1.5, "cup", "rice"),
        ("¾ cup", 0.75, "cup", ""),
        ("a banana", 1.0, "", "banana"),
        ("an apple", 1.0, "", "apple"),
        ("three eggs", 3.0, "", "eggs"),
        ("half a cup of oats", 0.5, "cup", "oats"),
        ("a dozen eggs", 12.0, "", "eggs"),
        ("250ml whole milk", 250.0, "ml", "whole milk"),
        ("250 ml whole milk", 250.0, "ml", "whole milk"),
        ("1.5 l water", 1.5, "l", "water"),
        ("1,5 l water", 1.5, "l", "water"),
        ("1,500 g potatoes", 1500.0, "g", "potatoes"),
        (".5 cup", 0.5, "cup", ""),
        ("30 g almonds", 30.0, "g", "almonds"),
        ("2 kg", 2.0, "kg", ""),
        ("1 oz almonds", 1.0, "oz", "almonds"),
        ("2 lbs beef", 2.0, "lb", "beef"),
        ("8 fl oz milk", 8.0, "fl oz", "milk"),
        ("8 fl. oz. milk", 8.0, "fl oz", "milk"),
        ("2 Tbsp. oil", 2.0, "tbsp", "oil"),
        ("3 teaspoons sugar", 3.0, "tsp", "sugar"),
        ("2 x 100 g yogurt", 200.0, "g", "yogurt"),
        ("2% milk", None, "", "2% milk"),
        ("toast", None, "", "toast"),
        ("cup of tea", 1.0, "cup", "tea"),
        ("1 large egg", 1.0, "", "large egg"),
    ],
)
def test_parse_quantity(text: str, amount: float | None, unit: str, rest: str) -> None:
    parsed = parse_quantity(text)
    assert (parsed.amount, parsed.unit, parsed.rest) == (amount, unit, rest)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1-2 eggs", "not a range"),
        ("1 to 2 eggs", "not a range"),
        ("0 eggs", "more than 0"),
        ("-2 eggs", "more than 0"),
        ("1/0 cup", "divide by 0"),
        ("99999 g", "too large"),
    ],
)
def test_bad_amounts(text: str, reason: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_amount(text)
    assert caught.value.field == "amount"
    assert reason in str(caught.value)


def test_household_portions(table: FoodTable) -> None:
    banana = food(table, "09040")
    assert grams_for(banana, 1, "medium") == 118  # WEIGHT seq 5
    assert grams_for(banana, 2, "large") == 2 * 136
    assert grams_for(banana, 1, "extra large") == 152
    assert grams_for(banana, 1, "cup, sliced") == 150
    assert grams_for(banana, 1, "cup sliced") == 150
    assert grams_for(banana, 1, "") == 118  # "a banana": a medium one
    assert grams_for(food(table, "18075"), 2, "slices") == 64  # bread, slice = 32 g
    assert grams_for(food(table, "15237"), 1, "fillet") == 356  # 0.5 fillet = 178 g


def test_counts(table: FoodTable) -> None:
    assert grams_for(food(table, "01123"), 2, "") == 100  # 2 large eggs
    assert grams_for(food(table, "09200"), 1, "") == 131  # orange: "fruit (2-5/8" dia)"
    chicken = measure(food(table, "05064"), 1, "", hints=("chicken", "breasts"))
    assert chicken.grams == 172  # 0.5 breast = 86 g


def test_mass_units_need_no_portion(table: FoodTable) -> None:
    almonds = food(table, "12061")
    assert grams_for(almonds, 1, "oz") == pytest.approx(28.349523125)
    assert grams_for(almonds, 1, "lb") == pytest.approx(453.59237)
    assert grams_for(almonds, 0.1, "kg") == pytest.approx(100)
    assert grams_for(almonds, 30, "grams") == 30


def test_volume_goes_through_the_foods_own_portions(table: FoodTable) -> None:
    milk = food(table, "01077")
    assert grams_for(milk, 1, "cup") == 244
    assert grams_for(milk, 2, "tbsp") == 30
    assert grams_for(milk, 1, "quart") == 976
    # No ml portion: the cup (244 g per 236.59 ml) gives the density.
    assert grams_for(milk, 250, "ml") == pytest.approx(250 * 244 / 236.5882365)
    almonds = food(table, "12061")
    # 2 tbsp of almonds through "cup, whole" = 143 g.
    assert grams_for(almonds, 2, "tbsp") == pytest.approx(2 * 14.78676478125 * 143 / 236.5882365)


def test_blanket_density_only_for_water_like_drinks(table: FoodTable) -> None:
    # 14082 Gerolsteiner sparkling mineral water: no portions at all in WEIGHT.txt.
    mineral = food(table, "14082")
    assert mineral.portions == ()
    assert grams_for(mineral, 330, "ml") == pytest.approx(330)
    cheddar = food(table, "01009")  # has cups, so ml uses them
    assert grams_for(cheddar, 100, "ml") == pytest.approx(100 * 132 / 236.5882365)


def test_a_unit_the_food_lacks_lists_the_units_it_has(table: FoodTable) -> None:
    with pytest.raises(ValidationError) as caught:
        grams_for(food(table, "09040"), 1, "slice")
    assert caught.value.field == "unit"
    message = str(caught.value)
    assert "Bananas, raw has no unit 'slice'" in message
    assert "medium" in message and "118 g" in message and "cup, sliced" in message
    assert "\n" not in message


def test_a_stated_volume_gives_the_density(table: FoodTable) -> None:
    # 09017 apple juice concentrate: only "can (6 fl oz)" = 211 g in WEIGHT.txt.
    concentrate = food(table, "09017")
    assert grams_for(concentrate, 100, "ml") == pytest.approx(100 * 211 / (6 * 29.5735295625))


def test_no_volume_measure(table: FoodTable) -> None:
    foods_without_volume = [
        f
        for f in table
        if f.portions
        and f.group == "Beef Products"
        and not any("cup" in p.unit or "oz" in p.unit or "tbsp" in p.unit for p in f.portions)
    ]
    beef = foods_without_volume[0]
    with pytest.raises(ValidationError) as caught:
        grams_for(beef, 1, "cup")
    assert "no volume measure" in str(caught.value)


def test_a_count_needs_a_count_portion(table: FoodTable) -> None:
    with pytest.raises(ValidationError) as caught:
        grams_for(food(table, "01077"), 2, "")
    assert "say how much" in str(caught.value)


def test_absurd_weights_are_refused(table: FoodTable) -> None:
    with pytest.raises(ValidationError) as caught:
        grams_for(food(table, "01077"), 25, "l")
    assert "check the amount" in str(caught.value)
    with pytest.raises(ValidationError):
        grams_for(food(table, "01077"), 0, "cup")
    with pytest.raises(ValidationError):
        grams_for(food(table, "01077"), float("nan"), "cup")


# --- properties ------------------------------------------------------------------

AMOUNTS = st.sampled_from(
    [
        "",
        "1",
        "2",
        "0",
        "1/2",
        "½",
        "1 1/2",
        "2.5",
        "a",
        "an",
        "half a",
        "-1",
        "1-2",
        "3x",
        "1e9",
        "1/0",
        "１",
        "²",
    ]
)
UNITS = st.sampled_from(
    [
        "",
        "g",
        "kg",
        "oz",
        "lb",
        "ml",
        "l",
        "fl oz",
        "cup",
        "cups",
        "tbsp",
        "tsp",
        "medium",
        "slices",
        "large",
        "cup, chopped",
        "glass",
        "%",
        "x",
    ]
)


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_any_text_gives_a_quantity_or_a_clear_error(text: str) -> None:
    try:
        parsed = parse_quantity(text)
    except CramplogError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert parsed.amount is None or 0 < parsed.amount <= 10_000


@given(AMOUNTS, UNITS, st.text(max_size=15))
@settings(max_examples=300, deadline=None)
def test_quantity_shaped_text(amount: str, unit: str, rest: str) -> None:
    try:
        parsed = parse_quantity(f"{amount} {unit} {rest}")
    except CramplogError:
        return
    assert parsed.amount is None or 0 < parsed.amount <= 10_000


@given(
    st.sampled_from(["09040", "01077", "12061", "01123", "15237", "14384", "05064"]),
    st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-5, 10**6)),
    UNITS | st.text(max_size=12),
)
@settings(max_examples=300, deadline=None)
def test_grams_for_gives_grams_or_a_clear_error(food_id: str, amount: float, unit: str) -> None:
    from cramplog.foods.table import default_food_table

    found = default_food_table().get(food_id)
    assert found is not None
    try:
        grams = grams_for(found, amount, unit)
    except CramplogError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert 0 < grams <= 5000
