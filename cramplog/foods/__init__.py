"""Foods: the USDA table, search, quantities, free-text meals and nutrient estimates.

Submodules are imported on first use (numpy and rapidfuzz come with search),
so ``from cramplog.foods.table import default_food_table`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cramplog.foods.estimate import Estimate, NutrientTotal
    from cramplog.foods.meal import parse_meal
    from cramplog.foods.meal_items import ParsedMeal, ResolvedItem, UnresolvedItem
    from cramplog.foods.model import Food, Portion
    from cramplog.foods.quantity import grams_for, measure, parse_quantity
    from cramplog.foods.rank import top_foods
    from cramplog.foods.search import FoodIndex, SearchHit, default_food_index
    from cramplog.foods.table import FoodTable, default_food_table, load_food_table

_EXPORTS = {
    # The function estimate() is imported from cramplog.foods.estimate: the
    # package attribute of that name is the submodule once it is loaded.
    "Estimate": "estimate",
    "NutrientTotal": "estimate",
    "ParsedMeal": "meal_items",
    "ResolvedItem": "meal_items",
    "UnresolvedItem": "meal_items",
    "parse_meal": "meal",
    "Food": "model",
    "Portion": "model",
    "grams_for": "quantity",
    "measure": "quantity",
    "parse_quantity": "quantity",
    "top_foods": "rank",
    "FoodIndex": "search",
    "SearchHit": "search",
    "default_food_index": "search",
    "FoodTable": "table",
    "default_food_table": "table",
    "load_food_table": "table",
}
__all__ = [
    "Estimate",
    "Food",
    "FoodIndex",
    "FoodTable",
    "NutrientTotal",
    "ParsedMeal",
    "Portion",
    "ResolvedItem",
    "SearchHit",
    "UnresolvedItem",
    "default_food_index",
    "default_food_table",
    "grams_for",
    "load_food_table",
    "measure",
    "parse_meal",
    "parse_quantity",
    "top_foods",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'cramplog.foods' has no attribute {name!r}")
    return getattr(importlib.import_module(f"cramplog.foods.{module}"), name)
