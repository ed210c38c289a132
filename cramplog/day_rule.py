"""What a journal day holds: the one rule the app's day figures and the analysis share.

Both read the same per-day SQL sums (``storage.daysums``). The analysis holds
them as numpy arrays, one value per day; the app's Today and History hold
one day's values as plain numbers. The functions here are written with
operators that mean the same for both (``&``, ``|``, ``^``, ``>``, ``+``,
``/``), so there is one rule, not a pandas copy and a plain copy of it:

- a day is *logged* when anything was logged or it is marked complete, and
  never when it is marked "not logged" (missing, whatever it holds);
- its food is *known* (nutrient sums count, 0 is a real 0) when food was
  logged or the day is marked complete, on a logged day only; likewise its
  fluids with drinks;
- a nutrient's amount is what the food and drinks with a composition hold,
  plus medicine and supplement doses; its coverage is the share of that
  food and drink mass with a known value (1 on a complete day without food);
- food imported from another tracker counts as food: its servings' amounts
  as the tracker gave them, and a day total from it only on a day with no
  other food (no entry logged here, no imported serving), so a day is never
  counted twice; coverage of imported rows is the share of them with a known
  value (they carry no mass), and a day's coverage is the lower of the two;
  drinks among imported servings count as drinks (``fluid_sum``).

Nothing here imports numpy or pandas: the app uses it at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cramplog.domain import DayMarkKind
from cramplog.entry_kinds import PLAIN_KINDS

# The per-day counts of each entry kind, as storage.daysums names them.
ENTRY_COUNTS = (
    "food_entries",
    "drinks",
    "doses",
    "activities",
    "cramps",
    "imported_foods",
    *(k.section for k in PLAIN_KINDS),
)

Sum = Callable[[str], Any]
"""A day's sum by name: a number for one day, or an array with one per day (0 when none)."""


@dataclass(frozen=True, slots=True)
class DayState:
    """Which of a day's figures count. Booleans for one day; boolean arrays for many."""

    logged: Any
    food_logged: Any
    fluid_logged: Any


def day_state(total: Sum, complete: Any, not_logged: Any) -> DayState:
    """The rule above. ``complete`` / ``not_logged``: the day's mark (bool or bool array)."""
    any_entry: Any = total(ENTRY_COUNTS[0]) > 0
    for name in ENTRY_COUNTS[1:]:
        any_entry = any_entry | (total(name) > 0)
    # ``^ True`` is "not" for a bool and for a numpy bool array alike.
    logged = (any_entry | complete) & (not_logged ^ True)
    food_logged = ((total("food_entries") > 0) | (total("imported_foods") > 0) | complete) & logged
    fluid_logged = ((fluid_sum(total, "drinks") > 0) | complete) & logged
    return DayState(logged, food_logged, fluid_logged)


def marks(marked: Any) -> tuple[Any, Any]:
    """(complete, not logged) from a mark's value ("" for none), or an array of them."""
    return marked == DayMarkKind.COMPLETE.value, marked == DayMarkKind.NOT_LOGGED.value


def in_progress(day: Any, marked: str, current_day: Any) -> bool:
    """A day still going on: the current journal day, unless marked complete.

    Its figures are "so far", so it is left out of low-fluid counts,
    associations and means until it ends or is marked complete.
    """
    return bool(day == current_day and marked != DayMarkKind.COMPLETE.value)


# A day's drink figures (storage.daysums.drink_sums), to which the drinks
# among imported servings add (named with "imported_" before).
FLUID_SUMS = ("beverages_ml", "drinks", "alcohol_ml", "alcohol_drinks", "caffeinated_drinks")


def fluid_sum(total: Sum, name: str) -> Any:
    """A drink figure of the day: drinks logged here plus imported drinks."""
    return total(name) + total(f"imported_{name}")


def _share(known: Any, whole: Any) -> Any:
    """known / whole, and 1 where whole is 0 (nothing that could be unknown)."""
    empty = whole == 0
    return known / (whole + empty) + empty


def _lower(a: Any, b: Any) -> Any:
    return (a + b - abs(a - b)) / 2


@dataclass(frozen=True, slots=True)
class NutrientSums:
    food: Any  # from food and drinks with a composition, and imported food
    doses: Any  # from medicine and supplement doses
    known_g: Any  # the food and drink mass with a known value for this nutrient
    # The share of the day's food with a known value (see the module's rule).
    coverage: Any = 1.0

    @property
    def amount(self) -> Any:
        return self.food + self.doses


def nutrient_sums(total: Sum, key: str) -> NutrientSums:
    # Sums of value-per-100-g times grams: divided by 100 once, here.
    food = (total(f"{key}_food_x100") + total(f"{key}_drink_x100")) / 100.0
    known = total(f"{key}_food_known_g") + total(f"{key}_drink_known_g")
    # An imported day total stands for the whole day: only where nothing else does.
    other_food = total("food_entries") + total("imported_servings")
    totals_count = other_food == 0
    imported = total(f"{key}_serving") + total(f"{key}_day") * totals_count
    rows = total("imported_servings") + total("imported_days") * totals_count
    known_rows = total(f"{key}_serving_known") + total(f"{key}_day_known") * totals_count
    coverage = _lower(_share(known, composition_g(total)), _share(known_rows, rows))
    return NutrientSums(food + imported, total(f"{key}_doses"), known, coverage)


def composition_g(total: Sum) -> Any:
    """The mass coverage is measured on: food plus drinks with a composition."""
    return total("food_g") + total("drink_g")
