"""Exact 2x2 counts on small hand-built journals: the 04:00 rule, missing days, marks."""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING

import pandas as pd
import pytest

from cramplog.analysis.daily import load_daily
from cramplog.analysis.run import AnalysisResult, analyze
from cramplog.foods.table import default_food_table

if TYPE_CHECKING:
    from tests.unit.analysis.conftest import Builder


def _finding(result: AnalysisResult, key: str) -> tuple[int, int, int, int]:
    [f] = [f for f in result.findings if f.exposure == key]
    return f.exposed_days, f.exposed_cramp_nights, f.unexposed_days, f.unexposed_cramp_nights


def _cell(daily: pd.DataFrame, day: str, column: str) -> float:
    # pandas' stubs type a cell as any scalar or a Series; the daily frame's columns are numbers.
    value: float = daily[column][pd.Timestamp(day)]
    return value


@pytest.fixture
def week(build: Builder) -> Builder:
    """Nine days in March 2026 (low-fluid line 1,540 ml):

    02  500 ml (low)      cramp 03-03 02:30 -> belongs to the night of the 2nd
    03  2,000 ml          (no cramp of its own)
    04  3,000 ml          cramp 23:00
    05  500 ml (low)      no cramp
    06  2,000 ml          cramp 04:30 on the 6th -> the 6th (after the boundary)
    07  nothing logged    (missing, not cramp-free)
    08  500 ml + cramp, but marked "not logged" -> left out entirely
    09  food only         cramp 03-10 01:00 -> the 9th; no drinks, so fluids unknown
    """
    b = build
    b.drink("2026-03-02", 500)
    b.cramp("2026-03-03", "02:30")
    for i in range(4):
        b.drink("2026-03-03", 500, f"1{i}:00")
    for i in range(6):
        b.drink("2026-03-04", 500, f"1{i}:00")
    b.cramp("2026-03-04", "23:00")
    b.drink("2026-03-05", 500)
    for i in range(4):
        b.drink("2026-03-06", 500, f"1{i}:00")
    b.cramp("2026-03-06", "04:30")
    b.drink("2026-03-08", 500)
    b.cramp("2026-03-08", "22:00")
    b.mark("2026-03-08", "not logged")
    b.food("2026-03-09", "09040", 118)
    b.cramp("2026-03-10", "01:00")
    return b


def test_the_0230_cramp_belongs_to_the_evening_before(week: Builder) -> None:
    daily = load_daily(week.db, dt.date(2026, 3, 2), dt.date(2026, 3, 10))
    cramps = daily["cramps"]
    assert cramps[pd.Timestamp("2026-03-02")] == 1
    assert cramps[pd.Timestamp("2026-03-03")] == 0
    assert cramps[pd.Timestamp("2026-03-06")] == 1  # 04:30 is already the 6th
    assert cramps[pd.Timestamp("2026-03-05")] == 0
    assert cramps[pd.Timestamp("2026-03-09")] == 1  # 01:00 on the 10th


def test_missing_and_not_logged_days_are_missing_not_zero(week: Builder) -> None:
    daily = load_daily(week.db, dt.date(2026, 3, 2), dt.date(2026, 3, 10))
    for day in ("2026-03-07", "2026-03-08", "2026-03-10"):
        row = daily.loc[pd.Timestamp(day)]
        assert not row["logged"], day
        assert math.isnan(_cell(daily, day, "cramps")), day
        assert math.isnan(_cell(daily, day, "beverages_ml")), day
        assert math.isnan(_cell(daily, day, "magnesium_mg")), day
    # Drinks but no food: nutrients unknown, not 0; food but no drinks: fluids unknown.
    assert math.isnan(_cell(daily, "2026-03-02", "magnesium_mg"))
    banana = daily.loc[pd.Timestamp("2026-03-09")]
    assert math.isnan(_cell(daily, "2026-03-09", "beverages_ml"))
    food = default_food_table().get("09040")
    assert food is not None and food.per100g.magnesium_mg is not None
    assert banana["magnesium_mg"] == pytest.approx(118 * food.per100g.magnesium_mg / 100)
    assert banana["magnesium_mg_coverage"] == 1.0


def test_exact_counts(week: Builder) -> None:
    result = analyze(week.db, week.profile)
    assert result.period is not None
    assert (result.period.start, result.period.end) == (dt.date(2026, 3, 2), dt.date(2026, 3, 9))
    assert result.days_logged == 6  # 2, 3, 4, 5, 6, 9
    assert result.gate.cramp_nights == 4  # 2, 4, 6, 9
    # same day: exposed 2nd (cramp), 5th; unexposed 3rd, 4th (cramp), 6th (cramp)
    assert _finding(result, "low_fluid_same_day") == (2, 1, 3, 2)
    # day before: exposed 3rd (after the 2nd), 6th (after the 5th, cramp);
    # unexposed 4th (cramp), 5th; the 9th follows a "not logged" day
    assert _finding(result, "low_fluid_prev_day") == (2, 1, 2, 1)
    # 3-day means: 3rd = (500+2000)/2 low; 4th-6th = 1,833 ml not low;
    # the 2nd has 1 known day of 3, the 9th has 1 known day of 3
    assert _finding(result, "low_fluid_3d") == (1, 0, 3, 2)
    # one food day: no 3- or 7-day nutrient window has enough days
    assert _finding(result, "low_magnesium_3d") == (0, 0, 0, 0)
    assert all(f.label == "not enough data" for f in result.findings)


def test_complete_mark_makes_an_empty_day_a_zero_day(build: Builder) -> None:
    build.drink("2026-03-02", 2000)
    build.mark("2026-03-03", "complete")  # nothing drunk, and the person says so
    build.drink("2026-03-04", 2000)
    daily = load_daily(build.db, dt.date(2026, 3, 2), dt.date(2026, 3, 4))
    row = daily.loc[pd.Timestamp("2026-03-03")]
    assert row["logged"] and row["fluid_logged"] and row["food_logged"]
    assert row["beverages_ml"] == 0 and row["cramps"] == 0
    result = analyze(build.db, build.profile)
    assert _finding(result, "low_fluid_same_day") == (1, 0, 2, 0)


def test_profile_fluid_reference_moves_the_line(build: Builder) -> None:
    for day in ("2026-03-02", "2026-03-03"):
        for i in range(4):
            build.drink(day, 500, f"1{i}:00")  # 2,000 ml: fine at 2,200, low at 3,000
    assert _finding(analyze(build.db, build.profile), "low_fluid_same_day") == (0, 0, 2, 0)
    build.journal.update_profile(fluid_reference_ml="3000")
    result = analyze(build.db, build.profile)
    assert result.fluids.reference.threshold_ml == pytest.approx(2100)
    assert _finding(result, "low_fluid_same_day") == (2, 0, 0, 0)


def test_fluid_restriction_switches_low_fluid_off(build: Builder) -> None:
    build.drink("2026-03-02", 500)
    build.journal.update_profile(fluid_restriction_ml="1500")
    result = analyze(build.db, build.profile)
    assert result.fluids.reference.switched_off
    assert result.fluids.low_fluid_days is None
    fluid = [f for f in result.findings if f.exposure.startswith("low_fluid")]
    assert all(f.exposed_days == 0 and f.label == "not enough data" for f in fluid)
    assert all("fluid restriction" in " ".join(f.missing) for f in fluid)
    assert result.weekly["low_fluid_days"].isna().all()


def test_period_bounds_select_days(week: Builder) -> None:
    result = analyze(week.db, week.profile, dt.date(2026, 3, 4), dt.date(2026, 3, 6))
    assert result.days_logged == 3
    # The 4th's "day before" (the 3rd) lies outside the period but is still read.
    assert _finding(result, "low_fluid_prev_day") == (1, 1, 2, 1)
