"""The food records the rest of cramplog reads: a food and its household portions."""

from __future__ import annotations

from dataclasses import dataclass

from cramplog.domain import Per100g


@dataclass(frozen=True, slots=True)
class Portion:
    """A household measure from USDA WEIGHT.txt: ``amount`` × ``unit`` weighs ``grams``.

    ``amount`` is not always 1 (USDA has "3 oz = 85 g", "0.5 fillet = 178 g"),
    so the weight of one unit is ``grams / amount``.
    """

    amount: float
    unit: str
    grams: float

    @property
    def grams_per_unit(self) -> float:
        return self.grams / self.amount

    def label(self) -> str:
        """How a person reads it: "1 cup, chopped (30 g)"."""
        return f"{_number(self.amount)} {self.unit} ({_number(self.grams)} g)"


@dataclass(frozen=True, slots=True)
class Food:
    id: str
    name: str
    group: str
    common_names: str
    per100g: Per100g
    portions: tuple[Portion, ...] = ()


def _number(value: float) -> str:
    return f"{value:g}" if value == round(value, 3) else f"{value:.3f}"
