"""Foods richest in a nutrient: "what would close the gap?"."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Literal

from cramplog.domain import FOOD_VALUES, ValidationError
from cramplog.foods.model import Food, Portion
from cramplog.foods.portions import PortionKey, portion_keys
from cramplog.foods.text import words
from cramplog.nutrients import FOOD_NUTRIENTS

Per = Literal["100g", "portion"]

NUTRIENT_NAMES: dict[str, str] = {
    **{alias: n.key for n in FOOD_NUTRIENTS for alias in n.aliases},
    **{key: key for key in FOOD_VALUES},
}
# Portions nobody eats at one sitting, or that say nothing about a helping.
_NOT_A_HELPING = frozenset(
    {
        "package",
        "container",
        "quart",
        "gallon",
        "pint",
        "lb",
        "pound",
        "roast",
        "loaf",
        "pie",
        "cake",
        "jar",
        "can",
        "box",
        "bag",
        "bunch",
        "head",
        "recipe",
        "yield",
        "bottle",
        "pouch",
        "cubic",
        "pizza",
        "bird",
        "rack",
        "block",
        "batch",
        "carton",
    }
)
MAX_HELPING_GRAMS = 500.0
MAX_HELPING_KCAL = 400.0
_WHOLE = frozenset({"medium", "large", "small", "fruit", "whole", "item", "each", "piece"})


# Ingredients and forms nobody eats as such (flour, cocoa powder, dried
# whey, raw dry beans); a list of "foods to eat more of" leaves them out.
_INGREDIENT_WORDS = frozenset(
    {
        "flour",
        "powder",
        "crude",
        "concentrate",
        "undiluted",
        "dehydrated",
        "unprepared",
        "uncooked",
        "leavening",
        "mix",
        "meal",
        "germ",
        "isolate",
        "concentrated",
        "extract",
        "stabilized",
        "gelatin",
        "yeast",
        "purchased",
    }
)
_INGREDIENT_GROUPS = frozenset({"Baby Foods"})
_RAW_INEDIBLE_GROUPS = frozenset({"Legumes and Legume Products", "Cereal Grains and Pasta"})


def is_everyday(food: Food) -> bool:
    """Whether a food is eaten as it is described, rather than used as an ingredient."""
    if food.group in _INGREDIENT_GROUPS:
        return False
    segments = {s.strip().lower() for s in food.name.split(",")}
    if "dry" in segments or ("raw" in segments and food.group in _RAW_INEDIBLE_GROUPS):
        return False
    return not (set(words(food.name)) & _INGREDIENT_WORDS)


@dataclass(frozen=True, slots=True)
class TopFood:
    food: Food
    value: float  # per 100 g, or per ``portion`` (as USDA lists it) when one is given
    grams: float  # 100, or the portion's weight
    portion: Portion | None = None


def nutrient_key(name: str) -> str:
    """ "magnesium" -> "magnesium_mg"; raises ValidationError for an unknown name."""
    found = NUTRIENT_NAMES.get(" ".join(name.lower().replace("_", " ").split()))
    if found is None:
        found = NUTRIENT_NAMES.get(name.strip().lower())
    if found is None:
        raise ValidationError(
            "nutrient",
            f"unknown nutrient {name!r}; use magnesium, potassium,"
            " calcium, vitamin d, sodium, energy or water",
        )
    return found


def typical_portion(food: Food) -> Portion | None:
    """One helping as a person eats it, or None when USDA lists nothing usable.

    Preference: a whole item (a medium banana), a serving, a cup, a
    tablespoon, an ounce, then any other portion; skipping crumbs (under
    10 g) and amounts nobody eats at once (over 400 kcal, a cup of peanut
    butter), so "per portion" compares helpings rather than containers.
    """
    kcal = food.per100g.energy_kcal
    usable = [
        k
        for k in portion_keys(food)
        if not (k.words & _NOT_A_HELPING)
        and 10.0 <= k.portion.grams <= MAX_HELPING_GRAMS
        and (kcal is None or kcal * k.portion.grams / 100 <= MAX_HELPING_KCAL)
    ]

    def preference(key: PortionKey) -> int:
        if key.is_count and (key.head == "medium" or "medium" in key.words):
            return 0
        if key.is_count and key.head in _WHOLE:
            return 1
        if "serving" in key.words:
            return 2
        order = {"cup": 3, "tbsp": 4, "oz": 5}
        if key.unit in order:
            return order[key.unit]
        return 6 if key.is_count else 7

    if not usable:
        return None
    # min() keeps USDA's order among equally preferred portions.
    return min(usable, key=preference).portion


def top_foods(
    foods: Iterable[Food],
    nutrient: str,
    *,
    per: Per = "100g",
    limit: int = 10,
    only_ids: Collection[str] | None = None,
    everyday_only: bool = True,
) -> list[TopFood]:
    """Foods with the most of ``nutrient`` per 100 g or per typical portion.

    Foods without a known value are left out (unknown is not low);
    ``only_ids`` restricts the list to those foods (the person's own, which
    are never filtered further); ``everyday_only`` leaves out ingredients
    (see is_everyday).
    """
    if per not in ("100g", "portion"):
        raise ValidationError("per", f"--per must be '100g' or 'portion', not {per!r}")
    if limit < 1:
        raise ValidationError("limit", "limit must be at least 1")
    key = nutrient_key(nutrient)
    ranked: list[TopFood] = []
    for food in foods:
        if only_ids is not None:
            if food.id not in only_ids:
                continue
        elif everyday_only and not is_everyday(food):
            continue
        value = food.per100g.get(key)
        if value is None:
            continue
        if per == "100g":
            ranked.append(TopFood(food, value, 100.0))
            continue
        portion = typical_portion(food)
        if portion is not None:
            grams = portion.grams
            ranked.append(TopFood(food, value * grams / 100.0, grams, portion))
    ranked.sort(key=lambda t: (-t.value, t.food.name, t.food.id))
    return ranked[:limit]
