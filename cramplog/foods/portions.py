"""Matching what a person calls an amount to a food's own USDA portions."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cramplog.foods.model import Food, Portion
from cramplog.foods.text import stem, words
from cramplog.foods.units import VOLUME_ML, canonical_unit, is_mass, is_volume, unit_at_start

_PARENS = re.compile(r"\([^)]*\)?")
_STATED_VOLUME = re.compile(
    r"([0-9]+(?:\.[0-9]+)?)\s*(fl\.?\s*oz|ml|cups?|tbsp|tsp)(?![a-z])", re.IGNORECASE
)
# Words that describe how a food was cut or measured, not which food it is:
# they choose between "cup, chopped" and "cup, sliced" of the same food.
CUT_WORDS = frozenset(
    {
        "chopped",
        "diced",
        "sliced",
        "slices",
        "shredded",
        "cubed",
        "cubes",
        "mashed",
        "grated",
        "minced",
        "halves",
        "halved",
        "pieces",
        "crushed",
        "packed",
        "heaping",
        "level",
        "whole",
        "pureed",
        "flaked",
        "crumbled",
        "quartered",
        "wedges",
        "strips",
        "rings",
        "florets",
        "ground",
        "melted",
        "unpacked",
        "sifted",
        "spooned",
    }
)
# Portions a person does not mean by "a banana" or "2 eggs".
_NOT_A_COUNT = frozenset(
    {
        "nlea",
        "serving",
        "package",
        "container",
        "can",
        "jar",
        "bottle",
        "box",
        "bag",
        "pouch",
        "packet",
        "recipe",
        "yield",
        "portion",
    }
)
_WHOLE_ITEM = ("fruit", "whole", "item", "each", "piece", "serving")


@dataclass(frozen=True, slots=True)
class PortionKey:
    """A portion's description reduced to what matching needs."""

    portion: Portion
    unit: str | None  # a standard unit it opens with ("cup", "tbsp"), if any
    words: frozenset[str]  # stemmed words outside parentheses
    head: str  # first of those words
    ml: float | None  # its volume, when the description states one

    @property
    def is_count(self) -> bool:
        return self.unit is None


def portion_key(portion: Portion) -> PortionKey:
    outside = _PARENS.sub(" ", portion.unit)
    found = unit_at_start(outside.strip())
    unit = found[0] if found else None
    stems = [stem(w) for w in words(outside) if not w[0].isdigit()]
    ml: float | None = None
    if unit is not None and is_volume(unit):
        ml = portion.amount * VOLUME_ML[unit]
    else:
        # "can (12 fl oz)", "serving 8 fl oz": a stated volume is as good as a cup.
        stated = _STATED_VOLUME.search(portion.unit)
        if stated is not None:
            stated_unit = canonical_unit(stated.group(2))
            if stated_unit is not None and is_volume(stated_unit):
                ml = portion.amount * float(stated.group(1)) * VOLUME_ML[stated_unit]
    return PortionKey(portion, unit, frozenset(stems), stems[0] if stems else "", ml)


def portion_keys(food: Food) -> list[PortionKey]:
    return [portion_key(p) for p in food.portions]


def match_household(food: Food, unit: str) -> Portion | None:
    """The portion of ``food`` a household unit names: "medium", "slices",
    "cup, chopped", "extra large". Whole words, stems compared, best fit first."""
    wanted = [stem(w) for w in words(_PARENS.sub(" ", unit)) if not w[0].isdigit()]
    if not wanted:
        return None
    standard = canonical_unit(unit.split(",")[0]) if "," in unit else None
    best: tuple[int, int, int] | None = None
    chosen = None
    for seq, key in enumerate(portion_keys(food)):
        if standard is not None and key.unit != standard:
            continue
        if not set(wanted) <= key.words:
            continue
        rank = (0 if key.head == wanted[0] else 1, len(key.words) - len(set(wanted)), seq)
        if best is None or rank < best:
            best, chosen = rank, key.portion
    return chosen


def match_standard(food: Food, unit: str, qualifiers: Iterable[str] = ()) -> Portion | None:
    """A portion measured in exactly this standard unit ("cup", "tbsp"),
    preferring one whose description has the qualifiers ("chopped")."""
    wanted = {stem(q) for q in qualifiers}
    best: tuple[int, int, int] | None = None
    chosen = None
    for seq, key in enumerate(portion_keys(food)):
        if key.unit != unit:
            continue
        extra = key.words - {key.head} - {stem(w) for w in words(unit)}
        rank = (len(wanted - key.words), len(extra), seq)
        if best is None or rank < best:
            best, chosen = rank, key.portion
    return chosen


def density(food: Food, qualifiers: Iterable[str] = ()) -> tuple[float, Portion] | None:
    """Grams per ml from the food's own volume portions, and the portion used.

    A plain measure ("cup") beats a qualified one ("cup, sliced") unless the
    person said how it was cut; then the earliest by USDA's order.
    """
    wanted = {stem(q) for q in qualifiers}
    best: tuple[int, int, int, int] | None = None
    chosen: tuple[float, Portion] | None = None
    for seq, key in enumerate(portion_keys(food)):
        if key.ml is None:
            continue
        measured = key.unit is not None and is_volume(key.unit)
        extra = key.words - {key.head} - ({stem(w) for w in words(key.unit)} if key.unit else set())
        # A measure ("cup") before a container that states its volume ("can (12 fl oz)").
        rank = (len(wanted - key.words), 0 if measured else 1, len(extra), seq)
        if best is None or rank < best:
            best, chosen = rank, (key.portion.grams / key.ml, key.portion)
    return chosen


def default_count(food: Food, hints: Iterable[str] = ()) -> Portion | None:
    """What "a banana", "2 eggs" or "2 chicken breasts" means.

    In order: a count portion named in the text ("breast"); USDA's first
    portion when it is a count and not a small size (the "large" egg, the US
    standard); a medium one; a whole item ("fruit"); a large, then a small one.
    """
    keys = [k for k in portion_keys(food) if k.is_count and not (k.words & _NOT_A_COUNT)]
    if not keys:
        return None
    wanted = {stem(h) for h in hints}
    for key in keys:
        if key.head in wanted:
            return key.portion
    first = keys[0]
    if (
        food.portions
        and first.portion is food.portions[0]
        and first.head not in {"small", "extra", "mini", "unit"}
    ):
        return first.portion
    for preferred in (("medium",), _WHOLE_ITEM, ("large",), ("small",)):
        for key in keys:
            if key.head in preferred:
                return key.portion
    return first.portion


def assumed_portion(food: Food, hints: Iterable[str] = ()) -> Portion | None:
    """One helping when no amount was given: a count, else a cup, else USDA's first."""
    return (
        default_count(food, hints)
        or match_standard(food, "cup")
        or (food.portions[0] if food.portions else None)
    )


def is_water_like(food: Food) -> bool:
    """Drinks that are essentially water, where 1 g per ml is honest."""
    water = food.per100g.water_g
    return food.group == "Beverages" and water is not None and water >= 85.0


def describe_units(food: Food, limit: int = 8) -> str:
    """One line listing the units ``food`` can be measured in."""
    keys = portion_keys(food)
    has_volume = any(k.ml is not None for k in keys) or is_water_like(food)
    parts = ["g, kg, oz, lb"]
    if has_volume:
        parts.append("ml, l, cup, tbsp, tsp, fl oz")
    shown: Sequence[PortionKey] = [k for k in keys if k.unit is None or not is_mass(k.unit)]
    if shown:
        listed = "; ".join(k.portion.label() for k in shown[:limit])
        more = f"; and {len(shown) - limit} more" if len(shown) > limit else ""
        parts.append(f"its portions: {listed}{more}")
    return ", ".join(parts)
