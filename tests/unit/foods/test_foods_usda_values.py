"""Estimates against USDA SR28, with every expected number worked out by hand.

Each expectation is a literal computed from the raw extract in
../shared/data/usda (NUT_DATA.txt for values per 100 g, WEIGHT.txt for
portion weights), never from the code under test. The comment on each case
quotes the USDA lines it comes from.
"""

from __future__ import annotations

import pytest

from cramplog.foods.estimate import estimate
from cramplog.foods.meal import parse_meal
from cramplog.foods.meal_items import ResolvedItem
from cramplog.foods.search import FoodIndex

OZ = 28.349523125  # g, exact avoirdupois ounce
CUP_ML = 236.5882365  # ml, US cup

CASES = [
    # (meal text, food id, value key, expected, note)
    # 12061 Nuts, almonds: 304 Mg = 270 mg/100 g; 1 oz = 28.349523125 g
    ("1 oz almonds", "12061", "magnesium_mg", 76.5437, "28.3495 * 270 / 100"),
    # 12061: 301 Ca = 269
    ("1 oz almonds", "12061", "calcium_mg", 76.2602, "28.3495 * 269 / 100"),
    # 09040 Bananas, raw: 306 K = 358; WEIGHT seq 5 medium = 118 g
    ("1 medium banana", "09040", "potassium_mg", 422.44, "118 * 358 / 100"),
    # 09040: 304 Mg = 27; "a banana" = medium 118 g
    ("a banana", "09040", "magnesium_mg", 31.86, "118 * 27 / 100"),
    # 09040: large = 136 g, K 358
    ("1 large banana", "09040", "potassium_mg", 486.88, "136 * 358 / 100"),
    # 01077 Milk, whole, 3.25%: 301 Ca = 113; WEIGHT seq 1 cup = 244 g
    ("1 cup whole milk", "01077", "calcium_mg", 275.72, "244 * 113 / 100"),
    # 01077: 328 vitamin D = 1.3 ug
    ("1 cup whole milk", "01077", "vitamin_d_ug", 3.172, "244 * 1.3 / 100"),
    # 01077: 250 ml through the cup: 250 / 236.5882365 * 244 g = 257.8319 g; Ca 113
    ("250 ml whole milk", "01077", "calcium_mg", 291.3500, "257.8319 * 113 / 100"),
    # 01077: 1 fl oz = 30.5 g; 8 fl oz = 244 g; K 132
    ("8 fl oz whole milk", "01077", "potassium_mg", 322.08, "244 * 132 / 100"),
    # 11457 Spinach, raw: 304 Mg = 79; cup = 30 g
    ("1 cup raw spinach", "11457", "magnesium_mg", 23.7, "30 * 79 / 100"),
    # 11457: 306 K = 558
    ("1 cup raw spinach", "11457", "potassium_mg", 167.4, "30 * 558 / 100"),
    # 11458 Spinach, cooked, boiled, drained, without salt: 304 Mg = 87; cup = 180 g
    ("1 cup cooked spinach", "11458", "magnesium_mg", 156.6, "180 * 87 / 100"),
    # 11458: 301 Ca = 136
    ("1 cup cooked spinach", "11458", "calcium_mg", 244.8, "180 * 136 / 100"),
    # 01123 Egg, whole, raw, fresh: 301 Ca = 56; large = 50 g, 2 eggs = 100 g
    ("2 eggs", "01123", "calcium_mg", 56.0, "100 * 56 / 100"),
    # 01123: 328 vitamin D = 2.0
    ("2 eggs", "01123", "vitamin_d_ug", 2.0, "100 * 2.0 / 100"),
    # 15237 Salmon, Atlantic, farmed, cooked: 328 = 13.1; "3 oz" = 85 g (USDA seq 1)
    # but 3 oz typed is a mass: 3 * 28.3495 = 85.0486 g
    ("3 oz salmon", "15237", "vitamin_d_ug", 11.1414, "85.0486 * 13.1 / 100"),
    # 15237: WEIGHT seq 2 = 0.5 fillet = 178 g, so 1 fillet = 356 g; K 384
    ("1 fillet salmon", "15237", "potassium_mg", 1367.04, "356 * 384 / 100"),
    # 01009 Cheese, cheddar: 301 Ca = 710; slice (1 oz) = 28 g
    ("1 slice cheddar cheese", "01009", "calcium_mg", 198.8, "28 * 710 / 100"),
    # 16098 Peanut butter, smooth style, with salt: 304 Mg = 168; 2 tbsp = 32 g
    ("2 tbsp peanut butter", "16098", "magnesium_mg", 53.76, "32 * 168 / 100"),
    # 20045 Rice, white, long-grain, enriched, cooked: 304 Mg = 12; cup = 158 g
    ("1 cup white rice", "20045", "magnesium_mg", 18.96, "158 * 12 / 100"),
    # 09003 Apples, raw, with skin: 306 K = 107; medium = 182 g
    ("1 medium apple", "09003", "potassium_mg", 194.74, "182 * 107 / 100"),
    # 09200 Oranges, raw: 301 Ca = 40; large = 184 g
    ("1 large orange", "09200", "calcium_mg", 73.6, "184 * 40 / 100"),
    # 11090 Broccoli, raw: 301 Ca = 47; "cup chopped" = 91 g
    ("1 cup chopped broccoli", "11090", "calcium_mg", 42.77, "91 * 47 / 100"),
    # 11674 Potatoes, baked, flesh and skin: 306 K = 535; potato medium = 173 g
    ("1 medium baked potato", "11674", "potassium_mg", 925.55, "173 * 535 / 100"),
    # 18075 Bread, whole-wheat: 304 Mg = 75; slice = 32 g
    ("2 slices whole wheat bread", "18075", "magnesium_mg", 48.0, "64 * 75 / 100"),
    # 16070 Lentils, cooked, boiled, without salt: 306 K = 369; cup = 198 g
    ("1 cup cooked lentils", "16070", "potassium_mg", 730.62, "198 * 369 / 100"),
    # 19904 Chocolate, dark, 70-85%: 304 Mg = 228
    ("30 g dark chocolate 70-85%", "19904", "magnesium_mg", 68.4, "30 * 228 / 100"),
    # 09206 Orange juice, raw: 306 K = 200; cup = 248 g
    ("1 cup orange juice", "09206", "potassium_mg", 496.0, "248 * 200 / 100"),
    # 12014 Pumpkin seed kernels, dried: 304 Mg = 592
    ("1 oz pumpkin seed kernels", "12014", "magnesium_mg", 167.829, "28.3495 * 592 / 100"),
    # 16015 Black beans, cooked: 304 Mg = 70; cup = 172 g
    ("1 cup cooked black beans", "16015", "magnesium_mg", 120.4, "172 * 70 / 100"),
    # 14209 Coffee, brewed: 306 K = 49; cup (8 fl oz) = 237 g
    ("1 cup coffee", "14209", "potassium_mg", 116.13, "237 * 49 / 100"),
]


@pytest.mark.parametrize(
    ("text", "food_id", "key", "expected", "note"), CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES]
)
def test_estimate_matches_usda(
    index: FoodIndex, text: str, food_id: str, key: str, expected: float, note: str
) -> None:
    meal = parse_meal(text, index)
    assert meal.ok, meal.problem()
    (item,) = meal.items
    assert isinstance(item, ResolvedItem)
    assert item.food_id == food_id, item.name
    total = estimate(meal.resolved)[key]
    assert total.amount == pytest.approx(expected, rel=1e-4), note
    assert total.coverage == 1.0


def test_ml_goes_through_the_foods_own_cup(index: FoodIndex) -> None:
    meal = parse_meal("250 ml whole milk", index)
    (item,) = meal.resolved
    assert item.grams == pytest.approx(250 / CUP_ML * 244, rel=1e-9)


def test_oz_is_the_exact_ounce(index: FoodIndex) -> None:
    (item,) = parse_meal("1 oz almonds", index).resolved
    assert item.grams == pytest.approx(OZ)
