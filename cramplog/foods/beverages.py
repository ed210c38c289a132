"""Which foods are drinks: milk, juice, coffee, tea and the rest of what people drink.

A meal typed as one line often holds a drink ("2 eggs, 250 ml whole milk").
Its volume is fluid the person drank, so the service layer logs such an item
as a drink that carries the food's composition (its minerals count as from
any drink with a food): the day's beverages and its nutrients both see it,
and nothing is counted twice.
"""

from __future__ import annotations

import re

from cramplog.domain import DrinkKind
from cramplog.foods.model import Food
from cramplog.foods.units import VOLUME_ML, is_volume

# A food described as any of these is not drunk as it is (a powder to mix, a
# concentrate to dilute, leaves to brew).
_NOT_AS_DRUNK = re.compile(
    r"\b(powder|dry|dried|granules|concentrate|undiluted|condensed|evaporated|leaves|mix"
    r"|juice pack|solids and liquids)\b",
    re.IGNORECASE,
)
_KINDS: tuple[tuple[re.Pattern[str], DrinkKind], ...] = (
    (re.compile(r"^alcoholic beverage|\b(beer|wine)\b", re.IGNORECASE), DrinkKind.ALCOHOL),
    (re.compile(r"\bcoffee\b", re.IGNORECASE), DrinkKind.COFFEE),
    (re.compile(r"\btea\b", re.IGNORECASE), DrinkKind.TEA),
    (re.compile(r"\bjuice\b", re.IGNORECASE), DrinkKind.JUICE),
    (re.compile(r"\b(sports|electrolyte)\b", re.IGNORECASE), DrinkKind.SPORTS_DRINK),
    (re.compile(r"\b(carbonated|cola|soda|soft drink)\b", re.IGNORECASE), DrinkKind.SOFT_DRINK),
    (re.compile(r"\bwater\b", re.IGNORECASE), DrinkKind.WATER),
)


def beverage_kind(food: Food) -> DrinkKind | None:
    """The kind of drink ``food`` is, or None when it is eaten rather than drunk."""
    name = food.name
    if _NOT_AS_DRUNK.search(name):
        return None
    if name.startswith("Milk,") or (
        food.group == "Beverages" and re.search(r"\bmilk\b", name, re.IGNORECASE)
    ):
        return DrinkKind.MILK
    # "Orange juice, raw", "Tomato juice, canned": a juice by its first words,
    # in any group. Lemon and lime juice are seasoning, not something drunk.
    head = name.split(",", 1)[0].lower()
    is_juice = "juice" in head.split() and not head.startswith(("lemon", "lime"))
    if food.group != "Beverages" and not is_juice:
        return None
    for pattern, kind in _KINDS:
        if pattern.search(name):
            return kind
    return DrinkKind.OTHER


def volume_ml(amount: float, unit: str, grams: float) -> float:
    """The volume drunk: as typed when a volume was typed, else its weight at 1 g/ml."""
    if is_volume(unit):
        return amount * VOLUME_ML[unit]
    return grams
