"""Weekly aggregates, the before/after medicine comparison, and the cramp description."""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pytest

from cramplog.analysis.medicines import Drug, compare_drug, load_drugs
from cramplog.analysis.run import analyze
from cramplog.analysis.weekly import weekly_aggregates, weekly_columns
from cramplog.domain import DrugClass
from cramplog.storage.engine import Database

if TYPE_CHECKING:
    from tests.unit.analysis.conftest import Builder


def _unknown_vitamin_d_food() -> tuple[str, float]:
    """A food with a magnesium value but no vitamin D value, from the packaged table."""
    from cramplog.foods.table import default_food_table

    for food in default_food_table():
        mg = food.per100g.magnesium_mg
        if food.per100g.vitamin_d_ug is None and mg is not None:
            return food.id, mg
    raise AssertionError("the food table has no food without a vitamin D value")


def _magnesium(food_id: str) -> float:
    from cramplog.foods.table import default_food_table

    food = default_food_table().get(food_id)
    assert food is not None and food.per100g.magnesium_mg is not None
    return food.per100g.magnesium_mg


def test_weekly_by_hand(build: Builder) -> None:
    # Monday 2 March 2026: two drink days and a cramp; Monday 9 March: one food day.
    for i in range(4):
        build.drink("2026-03-02", 250, f"1{i}:00")  # 1,000 ml: low
    for i in range(8):
        build.drink("2026-03-04", 250, f"1{i}:00")  # 2,000 ml
    build.cramp("2026-03-05", "02:00", severity=4)  # night of the 4th
    build.cramp("2026-03-05", "03:00", severity=8)  # same night
    unknown_d, unknown_mg = _unknown_vitamin_d_food()
    build.food("2026-03-09", "09040", 200)  # banana
    build.food("2026-03-09", unknown_d, 100)
    weekly = weekly_aggregates(build.db, build.profile)
    assert list(weekly.columns) == weekly_columns()
    assert [d.date() for d in weekly["week_start"]] == [dt.date(2026, 3, 2), dt.date(2026, 3, 9)]
    first, second = weekly.iloc[0], weekly.iloc[1]
    assert first["days"] == 7 and first["days_logged"] == 2  # the 2nd and the 4th
    assert first["beverages_ml_mean"] == 1500 and first["fluid_days"] == 2
    assert first["low_fluid_days"] == 1 and first["fluid_threshold_ml"] == pytest.approx(1540)
    assert first["cramps"] == 2 and first["cramp_nights"] == 1
    assert first["severity_mean"] == 6 and first["severity_max"] == 8
    assert math.isnan(first["magnesium_mg_mean"]) and first["magnesium_mg_days"] == 0
    assert second["days"] == 1 and second["magnesium_mg_days"] == 1
    assert second["magnesium_mg_mean"] == pytest.approx(2 * _magnesium("09040") + unknown_mg)
    assert second["vitamin_d_ug_coverage"] == pytest.approx(200 / 300)
    assert second["magnesium_mg_reference"] == 320 and second["magnesium_mg_low_line"] == 265
    assert math.isnan(second["beverages_ml_mean"]) and second["cramps"] == 0


def test_weekly_from_a_daily_frame_matches(build: Builder) -> None:
    build.drink("2026-03-02", 500)
    result = analyze(build.db, build.profile)
    again = weekly_aggregates(result.daily, build.profile)
    pd.testing.assert_frame_equal(result.weekly, again)


def test_weekly_of_an_empty_journal(new_db: Database) -> None:
    from cramplog.domain import Profile

    assert weekly_aggregates(new_db, Profile()).empty


def _period(start: dt.date, cramps: list[float]) -> pd.DataFrame:
    index = pd.date_range(start, periods=len(cramps), freq="D", name="day")
    values = np.array(cramps, dtype=float)
    return pd.DataFrame({"logged": ~np.isnan(values), "cramps": values}, index=index)


def test_medicine_before_after_rate_ratio() -> None:
    start = dt.date(2026, 1, 1)
    # 30 days before with 3 cramps, 30 after with 9 (two unlogged days after don't count)
    before = [1.0 if i % 10 == 0 else 0.0 for i in range(30)]
    after = [1.0 if i % 3 == 0 else 0.0 for i in range(27)] + [math.nan, math.nan]
    period = _period(start, before + after)
    drug = Drug("Hydrochlorothiazide", DrugClass.THIAZIDE_DIURETIC, dt.date(2026, 1, 31), None)
    result = compare_drug(period, drug, dt.date(2026, 3, 1))
    assert (result.days_before, result.cramps_before) == (30, 3)
    assert (result.days_after, result.cramps_after) == (27, 9)
    assert result.rate_ratio == pytest.approx((9 / 27) / (3 / 30))
    assert result.rate_ratio is not None
    assert result.ci_low is not None and result.ci_high is not None
    assert result.ci_low < result.rate_ratio < result.ci_high
    assert result.sources == "AAFP 2012; NICE CKS"


def test_medicine_started_before_the_journal_is_not_compared() -> None:
    period = _period(dt.date(2026, 1, 1), [0.0] * 60)
    drug = Drug("Atorvastatin", DrugClass.STATIN, dt.date(2025, 6, 1), None)
    result = compare_drug(period, drug, dt.date(2026, 3, 1))
    assert result.label == "not enough data" and result.rate_ratio is None


def test_only_drugs_in_listed_classes_are_compared(build: Builder) -> None:
    j = build.journal
    j.add_medication(name="Magnesium", kind="supplement", magnesium_mg="250")
    j.add_medication(name="Paracetamol", kind="drug")
    j.add_medication(name="Simvastatin", kind="drug", drug_class="statin")
    j.log_dose(medication="Simvastatin", at=build.at("2026-03-03", "08:00"))
    [drug] = load_drugs(build.db)
    assert drug.name == "Simvastatin" and drug.started_on == dt.date(2026, 3, 3)


def test_cramp_description(build: Builder) -> None:
    build.drink("2026-03-02", 2000)
    build.cramp("2026-03-03", "02:30", severity=7, muscle="calf")
    build.cramp("2026-03-03", "03:10", severity=3, muscle="foot")
    build.journal.log_cramp(
        muscle="toe",
        side="right",
        severity="5",
        duration="2m",
        relieved_by="stretching, walking",
        at=build.at("2026-03-03", "22:00"),
    )
    c = analyze(build.db, build.profile).cramps
    assert (c.cramps, c.cramp_nights, c.days_logged) == (3, 2, 2)
    assert c.time_bands["01:00-04:00"] == 2 and c.time_bands["18:00-22:00"] == 0
    assert c.time_bands["22:00-01:00"] == 1 and c.by_hour[2] == 1 and c.by_hour[3] == 1
    assert c.muscles == {"calf": 1, "foot": 1, "toe": 1}
    assert c.severity_max == 7 and c.severity_mean == 5
    assert c.median_duration_s == 120 and c.timed_cramps == 1
    assert c.relieved_by == {"stretching": 1, "walking": 1}
    assert c.per_week == pytest.approx(7 * 3 / 2) and c.share_of_nights == 1.0
