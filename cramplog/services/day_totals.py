"""A journal's days as small dataclasses, from the day sums' rows: no SQLAlchemy.

The day sums (:mod:`cramplog.storage.daysums`) are run by SQLite; this folds
their rows into one :class:`DayTotals` a day, by the day rule
(:mod:`cramplog.day_rule`) and the reference values. Both readers use it: the
journal's engine (:mod:`cramplog.services.days`) and the app's first figures,
read with the standard library's sqlite3 before SQLAlchemy is loaded
(:mod:`cramplog.services.first_figures`). Missing is not zero: a day with no
food logged has no intake (``None``), not 0 mg.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from cramplog import day_rule
from cramplog.analysis.reference import (
    FluidReference,
    NutrientReference,
    References,
    fluid_reference,
    references_for,
)
from cramplog.day_rule import day_state, fluid_sum, in_progress, nutrient_sums
from cramplog.domain import NUTRIENTS, Profile
from cramplog.entry_kinds import PLAIN_KINDS, describe_values


@dataclass(frozen=True, slots=True)
class NutrientDay:
    key: str
    amount: float | None  # None: no food logged that day
    coverage: float | None  # share of the day's food mass with a known value
    reference: NutrientReference
    doses: float | None = None  # the part from medicines and supplements

    @property
    def above_upper(self) -> bool:
        """Above the tolerable upper level (magnesium's counts supplements only)."""
        if self.amount is None:
            return False
        return bool(self.reference.above_upper(self.amount, self.doses or 0.0))

    @property
    def toward_upper(self) -> float | None:
        """The amount the upper level counts (the doses, for magnesium)."""
        if self.amount is None:
            return None
        return float(self.reference.upper_amount(self.amount, self.doses or 0.0))

    @property
    def share(self) -> float | None:
        """Amount as a share of the RDA/AI (1.0 = reached)."""
        if self.amount is None or not self.reference.target:
            return None
        return self.amount / self.reference.target


@dataclass(frozen=True, slots=True)
class DayTotals:
    day: dt.date
    marked: str  # "complete", "not logged" or ""
    food_entries: int
    drinks: int
    doses: int
    activities: int
    cramps: int
    worst_severity: int | None
    fluids_ml: float | None  # None: no drink logged
    nutrients: dict[str, NutrientDay]
    fluid: FluidReference
    exercise_min: float = 0.0
    # What the reference values had to assume (no sex or birth year in the profile).
    assumptions: tuple[str, ...] = ()
    # Anything logged, or marked complete; never a day marked "not logged" (day_rule).
    logged: bool = False
    # The day's plain fields as said (day factors: storage.daysums.plain_sums), by name.
    said: dict[str, float] = field(default_factory=dict)
    # Rows imported from another tracker's export (servings and day totals).
    imported: int = 0
    # The current journal day, not marked complete: its figures are "so far"
    # (day_rule.in_progress), and it is not judged a low-fluid day yet.
    in_progress: bool = False

    def said_text(self) -> str:
        """ "stretched yes, sitting 9 h, slept 6.5 h": what the day's factors said."""
        parts = (describe_values(kind, self.said) for kind in PLAIN_KINDS)
        return ", ".join(p for p in parts if p)

    @property
    def fluid_share(self) -> float | None:
        if self.fluids_ml is None or not self.fluid.reference_ml:
            return None
        return self.fluids_ml / self.fluid.reference_ml

    @property
    def low_fluid(self) -> bool | None:
        """True on a low-fluid day; None when not judged (no drinks, a restriction, or
        the day still in progress)."""
        if self.fluids_ml is None or self.fluid.threshold_ml is None or self.in_progress:
            return None
        return self.fluids_ml < self.fluid.threshold_ml


@dataclass(slots=True)
class DaySums:
    values: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    marked: str = ""


def fold(
    results: Iterable[tuple[Sequence[str], Iterable[Sequence[Any]]]],
) -> dict[dt.date, DaySums]:
    """The rows of every day-sum statement, as (column names, rows), summed by day."""
    days: dict[dt.date, DaySums] = defaultdict(DaySums)
    for keys, rows in results:
        for row in rows:
            record = dict(zip(keys, row, strict=True))
            day = dt.date.fromisoformat(str(record.pop("day")))
            if "marked" in record:
                days[day].marked = str(record["marked"] or "")
                continue
            for key, value in record.items():
                if value is not None:
                    days[day].values[key] += float(value)
    return days


def totals_between(
    sums: dict[dt.date, DaySums],
    start: dt.date,
    end: dt.date,
    profile: Profile,
    current: dt.date,
) -> list[DayTotals]:
    """Every day from ``start`` to ``end`` inclusive, oldest first; ``current`` is in progress."""
    refs_by_year: dict[int, tuple[References, FluidReference]] = {}
    out = []
    day = start
    while day <= end:
        if day.year not in refs_by_year:
            refs = references_for(profile, day.year)
            refs_by_year[day.year] = (refs, fluid_reference(profile, refs))
        refs, fluid = refs_by_year[day.year]
        out.append(_totals(day, sums.get(day, DaySums()), refs, fluid, current))
        day += dt.timedelta(days=1)
    return out


def _totals(
    day: dt.date, s: DaySums, references: References, fluid: FluidReference, current: dt.date
) -> DayTotals:
    refs = references.nutrients
    v = s.values

    def total(name: str) -> float:
        return v.get(name, 0.0)

    food_entries = int(total("food_entries"))
    drinks = int(fluid_sum(total, "drinks"))
    state = day_state(total, *day_rule.marks(s.marked))
    nutrients = {}
    for key in NUTRIENTS:
        if not state.food_logged:
            nutrients[key] = NutrientDay(key, None, None, refs[key])
            continue
        sums = nutrient_sums(total, key)
        nutrients[key] = NutrientDay(key, sums.amount, float(sums.coverage), refs[key], sums.doses)
    cramps = int(v.get("cramps", 0))
    return DayTotals(
        day=day,
        marked=s.marked,
        food_entries=food_entries,
        drinks=drinks,
        doses=int(v.get("doses", 0)),
        activities=int(v.get("activities", 0)),
        cramps=cramps,
        worst_severity=int(v["worst_severity"]) if cramps and "worst_severity" in v else None,
        imported=int(total("imported_foods")),
        fluids_ml=fluid_sum(total, "beverages_ml") if state.fluid_logged else None,
        nutrients=nutrients,
        fluid=fluid,
        exercise_min=v.get("exercise_min", 0.0),
        assumptions=references.assumptions,
        logged=bool(state.logged),
        said={f.name: v[f.name] for k in PLAIN_KINDS for f in k.plain if f.name in v},
        in_progress=in_progress(day, s.marked, current),
    )
