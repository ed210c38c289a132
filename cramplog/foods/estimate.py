"""Totals for a set of logged foods, with how much of the mass each total covers."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from cramplog.domain import FOOD_VALUES, Per100g, ValidationError
from cramplog.nutrients import FOOD_NUTRIENTS

VALUE_UNITS: dict[str, str] = {n.key: n.unit for n in FOOD_NUTRIENTS}


class Composed(Protocol):
    """Anything with a weight and a composition: a parsed item, a FoodEntry."""

    @property
    def grams(self) -> float: ...

    @property
    def per100g(self) -> Per100g: ...


@dataclass(frozen=True, slots=True)
class NutrientTotal:
    """One value summed over the items whose food has it.

    ``amount`` is None when no item has a known value (unknown is not 0);
    ``coverage`` is the share of the logged grams whose food has a known
    value, None when nothing was logged.
    """

    key: str
    unit: str
    amount: float | None
    coverage: float | None
    known_grams: float


@dataclass(frozen=True, slots=True)
class Estimate:
    grams: float
    totals: tuple[NutrientTotal, ...]

    def __getitem__(self, key: str) -> NutrientTotal:
        for total in self.totals:
            if total.key == key:
                return total
        raise KeyError(key)

    def __iter__(self) -> Iterator[NutrientTotal]:
        return iter(self.totals)


def estimate(items: Iterable[Composed]) -> Estimate:
    """Sum grams × value/100 per nutrient over ``items``; see NutrientTotal."""
    grams_total = 0.0
    sums = dict.fromkeys(FOOD_VALUES, 0.0)
    known = dict.fromkeys(FOOD_VALUES, 0.0)
    for item in items:
        grams = item.grams
        if not isinstance(grams, int | float) or not math.isfinite(grams) or grams < 0:
            raise ValidationError("grams", f"an item weighs {grams!r} g; grams must be 0 or more")
        grams_total += grams
        for key in FOOD_VALUES:
            value = item.per100g.get(key)
            if value is not None:
                sums[key] += grams * value / 100.0
                known[key] += grams
    totals = tuple(
        NutrientTotal(
            key=key,
            unit=VALUE_UNITS[key],
            amount=sums[key] if known[key] > 0 else None,
            coverage=known[key] / grams_total if grams_total > 0 else None,
            known_grams=known[key],
        )
        for key in FOOD_VALUES
    )
    return Estimate(grams=grams_total, totals=totals)
