"""Weekly aggregates: the one table every trend chart (TUI and report) draws from.

One row per week (weeks start on Monday), from the week holding the first
day of the period to the week holding the last; a week with nothing logged
is a row of NaN and zero counts, so charts show a gap rather than a fall.
Means are over the days that were logged for that domain, never over
calendar days.

Columns:

- ``week_start`` (datetime64, a Monday), ``days`` (days of the week inside
  the period), ``days_logged``.
- per nutrient N (magnesium_mg, potassium_mg, calcium_mg, vitamin_d_ug):
  ``N_mean`` (mean daily intake, foods + drinks + doses), ``N_days`` (days
  with food logged), ``N_coverage`` (share of food mass with a known value),
  ``N_reference`` (RDA or AI), ``N_low_line`` (EAR, or AI for potassium).
- ``beverages_ml_mean``, ``fluid_days``, ``low_fluid_days`` (NaN when
  low-fluid judgement is switched off), ``fluid_reference_ml``,
  ``fluid_threshold_ml``.
- ``exercise_min_mean``, ``cramps``, ``cramp_nights``, ``severity_mean``
  (mean over cramps), ``severity_max``.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from cramplog.analysis.daily import in_period, journal_span, load_daily
from cramplog.analysis.fluids import low_fluid
from cramplog.analysis.in_progress import leave_out_in_progress
from cramplog.analysis.reference import FluidReference, References, fluid_reference, references_for
from cramplog.domain import NUTRIENTS, Profile
from cramplog.storage.engine import Database
from cramplog.times import current_journal_day


def weekly_columns() -> list[str]:
    columns = ["week_start", "days", "days_logged"]
    for key in NUTRIENTS:
        columns += [
            f"{key}_mean",
            f"{key}_days",
            f"{key}_coverage",
            f"{key}_reference",
            f"{key}_low_line",
        ]
    columns += [
        "beverages_ml_mean",
        "fluid_days",
        "low_fluid_days",
        "fluid_reference_ml",
        "fluid_threshold_ml",
        "exercise_min_mean",
        "cramps",
        "cramp_nights",
        "severity_mean",
        "severity_max",
    ]
    return columns


def weekly_aggregates(
    source: Database | pd.DataFrame,
    profile: Profile,
    start: dt.date | None = None,
    end: dt.date | None = None,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """Weekly table for ``start``..``end`` (default: the whole journal).

    ``today``: the current journal day (default: by the clock), left out while
    in progress (``cramplog.analysis.in_progress``).

    ``source`` is an open journal, or a daily frame from
    ``cramplog.analysis.daily.load_daily`` when the caller already has one.
    """
    if isinstance(source, pd.DataFrame):
        daily = source
        if daily.empty:
            return pd.DataFrame(columns=weekly_columns())
        first, last = daily.index[0].date(), daily.index[-1].date()
        start, end = start or first, end or last
    else:
        if start is None or end is None:
            span = journal_span(source)
            if span is None:
                return pd.DataFrame(columns=weekly_columns())
            start, end = start or span[0], end or span[1]
        daily = load_daily(source, start, end, lookback_days=0)
    current = today or current_journal_day(profile.day_start_hour)
    daily, _ = leave_out_in_progress(daily, current)
    refs = references_for(profile, end.year)
    return weekly_table(in_period(daily, start, end), refs, fluid_reference(profile, refs))


def weekly_table(period: pd.DataFrame, refs: References, fluids: FluidReference) -> pd.DataFrame:
    if period.empty:
        return pd.DataFrame(columns=weekly_columns())
    index = pd.DatetimeIndex(period.index)
    week = (index - pd.to_timedelta(index.day_of_week.to_numpy(), unit="D")).rename("week_start")
    frame = period.assign(
        low_fluid_day=low_fluid(period["beverages_ml"], fluids),
        logged_f=period["logged"].astype(float),
    )
    for key in NUTRIENTS:
        frame[f"{key}_known_g"] = frame[f"{key}_coverage"] * frame["coverage_weight"]
    grouped = frame.groupby(week)
    out = pd.DataFrame({"days": grouped.size(), "days_logged": grouped["logged_f"].sum()})
    mass = grouped["coverage_weight"].sum()
    for key in NUTRIENTS:
        ref = refs.nutrients[key]
        out[f"{key}_mean"] = grouped[key].mean()
        out[f"{key}_days"] = grouped[key].count()
        out[f"{key}_coverage"] = grouped[f"{key}_known_g"].sum() / mass.where(mass > 0)
        out[f"{key}_reference"] = ref.target
        out[f"{key}_low_line"] = ref.low_line
    out["beverages_ml_mean"] = grouped["beverages_ml"].mean()
    out["fluid_days"] = grouped["beverages_ml"].count()
    low = grouped["low_fluid_day"].sum()
    out["low_fluid_days"] = low if not fluids.switched_off else np.nan
    out["fluid_reference_ml"] = fluids.reference_ml if fluids.reference_ml else np.nan
    out["fluid_threshold_ml"] = fluids.threshold_ml if fluids.threshold_ml else np.nan
    out["exercise_min_mean"] = grouped["exercise_min"].mean()
    cramps = grouped["cramps"].sum()
    out["cramps"] = cramps
    out["cramp_nights"] = grouped["cramp_night"].sum()
    out["severity_mean"] = grouped["severity_sum"].sum() / cramps.where(cramps > 0)
    out["severity_max"] = grouped["worst_severity"].max()
    out = out.reset_index()
    for column in ("days", "days_logged", "fluid_days", "cramps", "cramp_nights"):
        out[column] = out[column].astype(int)
    for key in NUTRIENTS:
        out[f"{key}_days"] = out[f"{key}_days"].astype(int)
    return out[weekly_columns()]
