"""The pre-registered family of exposures, computed for every journal day.

Fixed in advance so that nobody (person or program) goes looking through
dozens of comparisons for one that happens to look striking. Each exposure
is 1.0 (exposed), 0.0 (not exposed) or NaN (cannot be known that day), and is
compared with the outcome "a cramp logged on the same journal day", which
includes the night that follows it (a cramp at 02:30 belongs to the evening
before, by the 04:00 day boundary).

Day factors and events (``kind="day"``) are judged on the day itself from one
daily-frame column: a day factor not said that day (no day-factors entry, or
the field left empty) is NaN, never "no". Activities and doses are events: a
logged day without one counts as none, as in the daily frame.

Windows: ``_3d`` is the mean of days D-2..D and needs at least 2 of those 3
days known; ``_7d`` is the mean of D-6..D and needs at least 4 of 7. Nutrient
days count as known only when at least 80% of the day's food mass has a value
for that nutrient (unknown composition would look like low intake).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from cramplog.analysis.fluids import low_fluid
from cramplog.analysis.intake import MIN_COVERAGE
from cramplog.analysis.reference import FluidReference, References

Comparison = Literal["==", ">=", ">"]


@dataclass(frozen=True, slots=True)
class Exposure:
    key: str
    kind: str  # "fluid", "day" (a daily-frame column) or a nutrient key
    window: int  # days in the trailing window; 1 = that day alone
    lag: int  # days before the cramp night
    min_days: int  # known days needed inside the window
    description: str
    # kind "day": exposed when ``column`` ``compare`` ``line``; ``line_text`` says so.
    column: str = ""
    compare: Comparison = "=="
    line: float = 0.0
    line_text: str = ""


def _day(
    key: str, description: str, column: str, compare: Comparison, line: float, text: str
) -> Exposure:
    return Exposure(key, "day", 1, 0, 1, description, column, compare, line, text)


EXPOSURES: tuple[Exposure, ...] = (
    Exposure("low_fluid_same_day", "fluid", 1, 0, 1, "a low-fluid day"),
    Exposure("low_fluid_prev_day", "fluid", 1, 1, 1, "a low-fluid day the day before"),
    Exposure("low_fluid_3d", "fluid", 3, 0, 2, "low fluids over the last 3 days"),
    Exposure("low_magnesium_3d", "magnesium_mg", 3, 0, 2, "low magnesium over the last 3 days"),
    Exposure("low_magnesium_7d", "magnesium_mg", 7, 0, 4, "low magnesium over the last 7 days"),
    Exposure("low_potassium_3d", "potassium_mg", 3, 0, 2, "low potassium over the last 3 days"),
    Exposure("low_potassium_7d", "potassium_mg", 7, 0, 4, "low potassium over the last 7 days"),
    Exposure("low_calcium_3d", "calcium_mg", 3, 0, 2, "low calcium over the last 3 days"),
    Exposure("low_calcium_7d", "calcium_mg", 7, 0, 4, "low calcium over the last 7 days"),
    _day(
        "no_stretching",
        "no stretching before bed",
        "stretched",
        "==",
        0.0,
        "said in the day factors; days not said are left out",
    ),
    _day(
        "sitting_8h",
        "sitting 8 hours or more",
        "sitting_hours",
        ">=",
        8.0,
        "8 h or more said in the day factors; days not said are left out",
    ),
    _day(
        "fatigue_7",
        "fatigue 7/10 or more",
        "fatigue",
        ">=",
        7.0,
        "7 or more out of 10 said in the day factors; days not said are left out",
    ),
    _day(
        "vigorous_same_day",
        "vigorous activity the same day",
        "vigorous_min",
        ">",
        0.0,
        "any activity logged as vigorous",
    ),
    _day(
        "cramp_drug_same_day",
        "a cramp-associated drug taken that day",
        "cramp_drug_doses",
        ">",
        0.0,
        "a logged dose of a medicine in a class listed with cramps",
    ),
)
EXPOSURE_KEYS: tuple[str, ...] = tuple(e.key for e in EXPOSURES)
BY_KEY: dict[str, Exposure] = {e.key: e for e in EXPOSURES}


def _below(values: pd.Series, line: float, exposure: Exposure) -> pd.Series:
    if exposure.window > 1:
        values = values.rolling(exposure.window, min_periods=exposure.min_days).mean()
    flag = np.where(values.isna(), np.nan, (values < line).astype(float))
    result = pd.Series(flag, index=values.index)
    return result.shift(exposure.lag) if exposure.lag else result


def exposure_frame(daily: pd.DataFrame, refs: References, fluids: FluidReference) -> pd.DataFrame:
    """One column per exposure over the whole daily index (which must be consecutive days)."""
    columns: dict[str, pd.Series] = {}
    for exposure in EXPOSURES:
        if exposure.kind == "day":
            columns[exposure.key] = _said(daily, exposure)
            continue
        if exposure.kind == "fluid":
            if fluids.threshold_ml is None:
                columns[exposure.key] = pd.Series(np.nan, index=daily.index)
                continue
            if exposure.window == 1:
                day_flag = low_fluid(daily["beverages_ml"], fluids)
                columns[exposure.key] = day_flag.shift(exposure.lag) if exposure.lag else day_flag
            else:
                columns[exposure.key] = _below(daily["beverages_ml"], fluids.threshold_ml, exposure)
            continue
        known = daily[f"{exposure.kind}_coverage"] >= MIN_COVERAGE
        values = daily[exposure.kind].where(known)
        columns[exposure.key] = _below(values, refs.nutrients[exposure.kind].low_line, exposure)
    return pd.DataFrame(columns, index=daily.index)


def _said(daily: pd.DataFrame, exposure: Exposure) -> pd.Series:
    """1.0/0.0 where the column holds a value, NaN where nothing was said."""
    if exposure.column not in daily:
        return pd.Series(np.nan, index=daily.index)
    values = daily[exposure.column].to_numpy(dtype=float)
    if exposure.compare == "==":
        hit = values == exposure.line
    elif exposure.compare == ">=":
        hit = values >= exposure.line
    else:
        hit = values > exposure.line
    return pd.Series(np.where(np.isnan(values), np.nan, hit.astype(float)), index=daily.index)


def describe_line(exposure: Exposure, refs: References, fluids: FluidReference) -> str:
    """The line that defines 'low' (or 'exposed') for this exposure, in words."""
    if exposure.kind == "day":
        return exposure.line_text
    if exposure.kind == "fluid":
        if fluids.threshold_ml is None:
            return "switched off: a prescribed fluid restriction is set"
        mean = "mean " if exposure.window > 1 else ""
        return f"{mean}beverages under {fluids.threshold_ml:.0f} ml a day"
    ref = refs.nutrients[exposure.kind]
    return f"mean intake under the {ref.low_kind} of {ref.low_line:g} {ref.unit} a day"
