"""What a parsed meal is: each item resolved (a food, an amount, its grams) or not, and why.

The types carry no parsing, so the services and the app can hold and show a
meal without importing the search index.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from cramplog.domain import Per100g
from cramplog.foods.model import Food, Portion
from cramplog.nutrients import CALCIUM, MAGNESIUM, POTASSIUM

if TYPE_CHECKING:
    # Only a type here: search brings numpy and rapidfuzz.
    from cramplog.foods.search import SearchHit


class CustomFoodLike(Protocol):
    """A person's own food or a recipe portion, as the journal stores it."""

    @property
    def name(self) -> str: ...

    @property
    def per100g(self) -> Per100g: ...

    @property
    def serving_grams(self) -> float | None: ...


@dataclass(frozen=True, slots=True)
class ResolvedItem:
    """One item understood: which food, how much, and its weight.

    ``unit`` is the unit as understood ("cup", "medium", "" for a count);
    ``portion`` the USDA portion its weight came from, if any; ``assumed`` is
    True when the text gave no amount and one portion was assumed;
    ``reading`` says which food was taken when several fitted the words.
    """

    text: str
    name: str
    amount: float
    unit: str
    grams: float
    per100g: Per100g
    food: Food | None = None
    custom: CustomFoodLike | None = None
    portion: Portion | None = None
    note: str = ""
    assumed: bool = False
    reading: str = ""

    @property
    def food_id(self) -> str | None:
        return self.food.id if self.food is not None else None

    @property
    def resolved(self) -> bool:
        return True

    def assumptions(self) -> list[str]:
        """What was assumed, in words, for the app and the command line alike:
        "one portion (118 g) assumed", "a glass taken as 250 ml", which food
        was taken among similar ones. A density used for a volume is not an
        assumption and is left to whoever shows the weight."""
        said = []
        if self.assumed:
            said.append(f"no amount given: one portion ({self.grams:.0f} g) assumed")
        elif self.note:
            said += [part for part in self.note.split("; ") if "g/ml" not in part]
        if self.reading:
            said.append(self.reading)
        return said


@dataclass(frozen=True, slots=True)
class UnresolvedItem:
    """An item that was not understood, why, and what it might have meant."""

    text: str
    reason: str
    candidates: tuple[SearchHit, ...] = ()

    @property
    def resolved(self) -> bool:
        return False

    def choices(self, limit: int = 5) -> list[str]:
        """The candidates with what tells them apart: "Nuts, almonds (12061):
        Mg 270 mg, K 733 mg, Ca 269 mg per 100 g"."""
        return [
            f"{h.food.name} ({h.food.id}): {values_line(h.food)}" for h in self.candidates[:limit]
        ]


# The minerals cramps are about: what candidates are compared and shown by.
DECIDING = (MAGNESIUM, POTASSIUM, CALCIUM)


def values_line(food: Food) -> str:
    """ "Mg 270 mg, K 733 mg, Ca 269 mg per 100 g"."""
    parts = []
    for nutrient in DECIDING:
        value = food.per100g.get(nutrient.key)
        shown = "?" if value is None else f"{value:g}"
        parts.append(f"{nutrient.short} {shown} {nutrient.unit}")
    return ", ".join(parts) + " per 100 g"


Item = ResolvedItem | UnresolvedItem


@dataclass(frozen=True, slots=True)
class ParsedMeal:
    text: str
    items: tuple[Item, ...]

    @property
    def resolved(self) -> tuple[ResolvedItem, ...]:
        return tuple(i for i in self.items if isinstance(i, ResolvedItem))

    @property
    def unresolved(self) -> tuple[UnresolvedItem, ...]:
        return tuple(i for i in self.items if isinstance(i, UnresolvedItem))

    @property
    def ok(self) -> bool:
        return not self.unresolved

    def problem(self) -> str:
        """One line naming each item that was not understood, for an error message."""
        parts = []
        for item in self.unresolved:
            line = f"{item.text!r}: {item.reason}"
            if item.candidates:
                line += " (" + "; ".join(item.choices(3)) + ")"
            parts.append(line)
        return " | ".join(parts)
