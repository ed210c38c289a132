"""`foods top`: the richest foods in a nutrient."""

from __future__ import annotations

import pytest

from cramplog.domain import ValidationError
from cramplog.foods.rank import is_everyday, nutrient_key, top_foods, typical_portion
from cramplog.foods.table import FoodTable


def test_nutrient_names() -> None:
    assert nutrient_key("magnesium") == "magnesium_mg"
    assert nutrient_key("Vitamin D") == "vitamin_d_ug"
    assert nutrient_key("vitamin_d_ug") == "vitamin_d_ug"
    with pytest.raises(ValidationError):
        nutrient_key("zinc")


def test_per_100g_is_sorted_and_known_only(table: FoodTable) -> None:
    ranked = top_foods(table, "vitamin d", per="100g", limit=5, everyday_only=False)
    values = [t.value for t in ranked]
    assert values == sorted(values, reverse=True)
    assert ranked[0].food.id == "04589"  # Fish oil, cod liver: 250 µg/100 g
    assert ranked[0].value == 250


def test_per_portion_uses_a_helping(table: FoodTable) -> None:
    ranked = top_foods(table, "magnesium", per="portion", limit=30)
    for t in ranked:
        assert t.portion is not None
        assert t.value == pytest.approx(t.food.per100g.magnesium_mg * t.portion.grams / 100)  # type: ignore[operator]
        assert 10 <= t.portion.grams <= 500


def test_typical_portion(table: FoodTable) -> None:
    banana, pb, milk = table.get("09040"), table.get("16098"), table.get("01077")
    assert banana is not None and pb is not None and milk is not None
    assert typical_portion(banana).unit.startswith("medium")  # type: ignore[union-attr]
    assert typical_portion(pb).unit == "tbsp"  # type: ignore[union-attr]  # not a cup
    assert typical_portion(milk).unit == "cup"  # type: ignore[union-attr]


def test_only_the_persons_foods(table: FoodTable) -> None:
    ranked = top_foods(table, "potassium", per="portion", only_ids={"09040", "01077", "xx"})
    assert [t.food.id for t in ranked] == ["09040", "01077"]


def test_ingredients_are_left_out_by_default(table: FoodTable) -> None:
    cocoa = table.get("19165")  # Cocoa, dry powder, unsweetened
    assert cocoa is not None and not is_everyday(cocoa)
    ids = {t.food.id for t in top_foods(table, "magnesium", per="100g", limit=200)}
    assert "19165" not in ids


def test_bad_arguments(table: FoodTable) -> None:
    with pytest.raises(ValidationError):
        top_foods(table, "magnesium", per="cup")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        top_foods(table, "magnesium", limit=0)
