"""No silent wrong match; people's words and amounts (docs/food-matching.md)."""

from __future__ import annotations

import pytest

from cramplog.foods.meal import parse_meal
from cramplog.foods.meal_items import ResolvedItem, UnresolvedItem
from cramplog.foods.search import FoodIndex


def one(index: FoodIndex, text: str) -> ResolvedItem | UnresolvedItem:
    (item,) = parse_meal(text, index).items
    return item


def test_foods_apart_in_minerals_are_not_guessed_and_shown_with_values(index: FoodIndex) -> None:
    item = one(index, "1/2 cup firm tofu")
    assert isinstance(item, UnresolvedItem)
    assert {h.food.id for h in item.candidates} >= {"16126", "16426"}
    choices = item.choices()
    assert any("(16426): Mg 58 mg, K 237 mg, Ca 683 mg per 100 g" in c for c in choices)
    assert "Ca 683 mg" in parse_meal("1/2 cup firm tofu", index).problem()


def test_alike_foods_take_the_plainest_or_the_average_and_say_so(index: FoodIndex) -> None:
    beans = one(index, "1 cup cooked kidney beans")
    assert isinstance(beans, ResolvedItem) and beans.food_id == "16028"
    assert beans.reading == "no kind named: the average of all kinds"
    seeds = one(index, "1 oz pumpkin seeds")
    assert isinstance(seeds, ResolvedItem) and seeds.food_id in {"12014", "12016"}
    assert seeds.reading == "the best match of 3 foods that differ little"


@pytest.mark.parametrize(
    ("text", "food_id"),
    [
        ("150 g baked Atlantic cod", "15016"),  # baked: cooked, dry heat
        ("150 g grilled salmon", "15237"),
        ("1 cup steamed broccoli", "11091"),  # steamed: boiled
        ("1 medium baked sweet potato", "11508"),
        ("2 kiwis", "09148"),  # Kiwifruit, not a kiwi-strawberry drink
        ("2 tbsp grated parmesan", "01032"),  # "grated" names one parmesan
        ("1 cup cooked black beans", "16015"),  # not the black turtle variety
        ("1 cup fortified soy milk", "16139"),
        ("1 cup spinich", "11457"),  # a near spelling of an everyday word
    ],
)
def test_peoples_words(index: FoodIndex, text: str, food_id: str) -> None:
    item = one(index, text)
    assert isinstance(item, ResolvedItem), item
    assert item.food_id == food_id


@pytest.mark.parametrize(
    ("text", "grams", "said"),
    [
        ("a handful of almonds", 28.0, "a handful taken as 28 g"),
        ("1 glass of milk", 250 * 244 / 236.5882365, "a glass taken as 250 ml"),
        ("1 bowl of oatmeal", 350 * 234 / 236.5882365, "a bowl taken as 350 ml"),
        ("1 piece of salmon", 178.0, "a piece taken as one portion: 0.5 fillet (178 g)"),
        ("1 medium avocado", 201.0, "a medium taken as one portion"),
        ("banana", 118.0, "no amount given: one portion (118 g) assumed"),
    ],
)
def test_amounts_people_say_are_shown_with_the_assumption(
    index: FoodIndex, text: str, grams: float, said: str
) -> None:
    item = one(index, text)
    assert isinstance(item, ResolvedItem), item
    assert item.grams == pytest.approx(grams)
    assert any(said in line for line in item.assumptions()), item.assumptions()


def test_a_slice_of_a_food_without_slices_is_not_a_whole_one(index: FoodIndex) -> None:
    item = one(index, "1 slice banana")
    assert isinstance(item, UnresolvedItem) and "has no unit 'slice'" in item.reason
