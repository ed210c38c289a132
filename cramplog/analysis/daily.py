"""The daily frame: one row per journal day, summed by SQLite, shaped by pandas.

SQLite does the heavy part (GROUP BY journal_day over every entry table);
pandas only aligns a few thousand day rows. Days with nothing logged stay
NaN — missing, never zero — and a day marked "not logged" is blanked out.

Columns (index ``day``, a daily DatetimeIndex):

- ``logged``, ``food_logged``, ``fluid_logged`` (bool): anything / food /
  drinks logged that day, or the day marked complete; never on "not logged".
- ``marked``: "complete", "not logged" or "" (no mark).
- per nutrient N in NUTRIENTS: ``N`` (food + drinks with a composition +
  medicine doses), ``N_food``, ``N_doses``, ``N_coverage`` (share of the
  day's food and drink mass with a known value); NaN unless food logged.
- ``imported_foods``: rows imported from another tracker (servings and day
  totals; day_rule says how they count); NaN unless logged.
- ``food_g``, ``food_entries``, ``composition_g`` (food plus drinks with a
  composition: the mass coverage is measured on); ``coverage_weight`` (what
  a day weighs in a coverage over several days: its ``composition_g``, or 1
  for every day when any day of the frame holds imported food, which has no
  mass); ``beverages_ml``, ``drinks``, ``alcohol_ml``,
  ``alcohol_drinks``, ``caffeinated_drinks`` (NaN unless fluid logged).
- ``exercise_min``, ``vigorous_min`` (0 on logged days without activity);
  ``cramp_drug_doses``: doses of medicines with a cramp-associated drug class
  (0 on logged days without one).
- ``cramps``, ``cramp_night`` (1.0/0.0), ``worst_severity``,
  ``severity_sum``, ``total_duration_s``, ``timed_cramps`` (NaN unless logged).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, CursorResult, Date, Select, func, select, type_coerce, union_all

from cramplog import day_rule
from cramplog.day_rule import FLUID_SUMS, composition_g, day_state, fluid_sum, nutrient_sums
from cramplog.domain import NUTRIENTS
from cramplog.entry_kinds import PLAIN_KINDS
from cramplog.storage.daysums import daily_statements
from cramplog.storage.engine import Database
from cramplog.storage.models import ENTRY_TABLES

# Trailing windows reach back up to 7 days (6 before the day, plus one for
# "previous day" exposures): load a week before the period so the first days
# of the period have their history.
LOOKBACK_DAYS = 7


def result_frame(result: CursorResult[Any]) -> pd.DataFrame:
    """A DataFrame from a Core result, built column by column.

    Handing pandas the Row objects makes it probe each row's attributes, which
    costs more than the query itself on a long journal.
    """
    keys = list(result.keys())
    columns = list(zip(*result.fetchall(), strict=True)) or [()] * len(keys)
    return pd.DataFrame(dict(zip(keys, columns, strict=True)))


def _frame(conn: Connection, stmt: Select[Any]) -> pd.DataFrame:
    frame = result_frame(conn.execute(stmt))
    frame["day"] = pd.to_datetime(frame["day"], format="%Y-%m-%d")
    return frame.set_index("day")


def journal_span(db: Database) -> tuple[dt.date, dt.date] | None:
    """First and last journal day with any entry, or None for an empty journal."""
    parts = [
        select(func.min(t.journal_day).label("lo"), func.max(t.journal_day).label("hi"))
        for t in ENTRY_TABLES
    ]
    every = union_all(*parts).subquery()
    stmt = select(type_coerce(func.min(every.c.lo), Date), type_coerce(func.max(every.c.hi), Date))
    with db.engine.connect() as conn:
        lo, hi = conn.execute(stmt).one()
    if lo is None or hi is None:
        return None
    return _as_date(lo), _as_date(hi)


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def load_daily(
    db: Database, start: dt.date, end: dt.date, lookback_days: int = LOOKBACK_DAYS
) -> pd.DataFrame:
    """The daily frame from ``start - lookback_days`` to ``end`` inclusive."""
    lo = start - dt.timedelta(days=lookback_days)
    with db.engine.connect() as conn:
        parts = [_frame(conn, stmt) for stmt in daily_statements(lo, end)]
    return build_daily(lo, end, *parts)


def build_daily(
    lo: dt.date,
    hi: dt.date,
    food: pd.DataFrame,
    drinks: pd.DataFrame,
    doses: pd.DataFrame,
    activities: pd.DataFrame,
    cramps: pd.DataFrame,
    *rest: pd.DataFrame,
) -> pd.DataFrame:
    """Assemble the daily frame from the per-day aggregates (exposed for tests).

    ``rest``: one frame per kind of plain fields (storage.daysums.plain_sums),
    the imported food (storage.daysums.imported_sums), then the day marks, in
    daily_statements' order.
    """
    *plain, marks = rest
    index = pd.date_range(lo, hi, freq="D", name="day")
    parts = (food, drinks, doses, activities, cramps, *plain)
    raw = pd.concat([p.reindex(index) for p in parts], axis=1)
    kinds = marks["marked"].reindex(index) if "marked" in marks else pd.Series(np.nan, index)
    marked = pd.Series(np.where(kinds.isna(), "", kinds.astype(str)), index=index)

    def count(name: str) -> np.ndarray[Any, np.dtype[np.float64]]:
        if name not in raw:
            return np.zeros(len(index))
        return raw[name].fillna(0.0).to_numpy(dtype=float)

    state = day_state(count, *day_rule.marks(marked.to_numpy(dtype=object)))
    logged, food_logged, fluid_logged = state.logged, state.food_logged, state.fluid_logged

    out: dict[str, Any] = {
        "logged": logged,
        "food_logged": food_logged,
        "fluid_logged": fluid_logged,
        "marked": marked.to_numpy(dtype=object),
    }
    nan = np.nan
    mass = composition_g(count)
    for key in NUTRIENTS:
        sums = nutrient_sums(count, key)
        # A complete day with no food at all has nothing unknown in it (day_rule).
        coverage = sums.coverage
        out[key] = np.where(food_logged, sums.amount, nan)
        out[f"{key}_food"] = np.where(food_logged, sums.food, nan)
        out[f"{key}_doses"] = np.where(food_logged, sums.doses, nan)
        out[f"{key}_coverage"] = np.where(food_logged, coverage, nan)
    out["food_g"] = np.where(food_logged, count("food_g"), nan)
    out["composition_g"] = np.where(food_logged, mass, nan)
    # How much a day weighs in a coverage over several days: its food mass; but
    # imported food has no mass, so a frame that holds any weighs days alike.
    any_imported = bool((count("imported_foods") > 0).any())
    out["coverage_weight"] = np.where(food_logged, 1.0 if any_imported else mass, nan)
    out["food_entries"] = np.where(food_logged, count("food_entries"), nan)
    out["imported_foods"] = np.where(logged, count("imported_foods"), nan)
    for name in FLUID_SUMS:
        out[name] = np.where(fluid_logged, fluid_sum(count, name), nan)
    for name in (
        "exercise_min",
        "vigorous_min",
        "cramp_drug_doses",
        "cramps",
        "severity_sum",
        "total_duration_s",
        "timed_cramps",
    ):
        out[name] = np.where(logged, count(name), nan)
    for kind in PLAIN_KINDS:
        out[kind.section] = np.where(logged, count(kind.section), nan)
        for f in kind.plain:
            if f.name in raw:  # a choice has no day value (plain_sums)
                said = raw[f.name].to_numpy(dtype=float)
                out[f.name] = np.where(logged, said, nan)  # NaN: not said
    cramp_count = count("cramps")
    out["cramp_night"] = np.where(logged, (cramp_count > 0).astype(float), nan)
    worst = raw["worst_severity"].to_numpy(dtype=float) if "worst_severity" in raw else None
    out["worst_severity"] = (
        np.where(logged & (cramp_count > 0), worst, nan)
        if worst is not None
        else np.full(len(index), nan)
    )
    return pd.DataFrame(out, index=index)


def in_period(daily: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    return daily.loc[pd.Timestamp(start) : pd.Timestamp(end)]
