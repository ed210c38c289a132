"""Reference values by sex, age and life stage; the IOM individual-assessment wording."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from cramplog.analysis.intake import (
    CANT_TELL,
    LIKELY_ADEQUATE,
    POSSIBLY_LOW,
    assess_intake,
    judge,
)
from cramplog.analysis.reference import references_for
from cramplog.domain import NUTRIENTS, LifeStage, Profile, Sex

WOMAN_68 = Profile(sex=Sex.FEMALE, birth_year=1958)


def test_older_woman() -> None:
    refs = references_for(WOMAN_68, 2026)
    mg, k, ca, d, na = (refs.nutrients[key] for key in NUTRIENTS)
    assert (mg.target, mg.target_kind, mg.ear, mg.low_line) == (320, "RDA", 265, 265)
    assert (k.target, k.target_kind, k.ear, k.low_line, k.low_kind) == (
        2600,
        "AI",
        None,
        2600,
        "AI",
    )
    assert (ca.target, ca.ear) == (1200, 1000)
    assert (d.target, d.ear) == (15, 10)
    # Sodium (NASEM 2019): an AI and no EAR, and a chronic-disease risk reduction
    # intake (CDRR) as its upper line, not a UL.
    assert (na.target, na.target_kind, na.ear, na.low_line, na.low_kind) == (
        1500,
        "AI",
        None,
        1500,
        "AI",
    )
    assert (na.upper_limit, na.upper_limit_kind) == (2300, "CDRR")
    assert refs.beverages_ml == 2200 and refs.assumptions == ()
    assert references_for(WOMAN_68, 2030).nutrients["vitamin_d_ug"].target == 20  # 71+


def test_man_and_pregnancy() -> None:
    man = references_for(Profile(sex=Sex.MALE, birth_year=1996), 2026)
    assert man.nutrients["magnesium_mg"].target == 400 and man.beverages_ml == 3000
    pregnant = references_for(
        Profile(sex=Sex.FEMALE, birth_year=1996, life_stage=LifeStage.PREGNANCY), 2026
    )
    assert pregnant.nutrients["magnesium_mg"].target == 350
    assert pregnant.nutrients["magnesium_mg"].ear == 290
    assert pregnant.beverages_ml == 2300


def test_missing_profile_fields_are_assumed_out_loud() -> None:
    refs = references_for(Profile(), 2026)
    assert refs.sex == Sex.FEMALE and refs.age == 40
    assert len(refs.assumptions) == 2
    assert any("sex" in a for a in refs.assumptions)


MG = references_for(WOMAN_68, 2026).nutrients["magnesium_mg"]
K = references_for(WOMAN_68, 2026).nutrients["potassium_mg"]


def test_judge_against_the_ear_by_hand() -> None:
    # SD of requirement (320 - 265)/2 = 27.5; SD_within 100 over 7 days
    sd = math.sqrt(27.5**2 + 100**2 / 7)
    word, z, _ = judge(400, 7, 100, 1.0, MG)
    assert word == LIKELY_ADEQUATE and z == pytest.approx((400 - 265) / sd)
    word, z, _ = judge(200, 7, 100, 1.0, MG)
    assert word == POSSIBLY_LOW and z == pytest.approx((200 - 265) / sd)
    assert judge(280, 7, 100, 1.0, MG)[0] == CANT_TELL
    # Low, but half the food had no value: the true intake may be higher.
    word, _, reason = judge(200, 7, 100, 0.5, MG)
    assert word == CANT_TELL and "50%" in reason


def test_potassium_below_the_ai_cannot_be_called_low() -> None:
    assert judge(1000, 7, 500, 1.0, K)[0] == CANT_TELL
    word, z, _ = judge(3500, 7, 800, 1.0, K)
    assert word == LIKELY_ADEQUATE and z == pytest.approx(900 / (800 / math.sqrt(7)))


def _period(values: list[float | None], end: dt.date) -> pd.DataFrame:
    index = pd.date_range(end - dt.timedelta(days=len(values) - 1), end, freq="D", name="day")
    logged = np.array([v is not None for v in values])
    frame = pd.DataFrame({"food_logged": logged}, index=index)
    amounts = np.array([np.nan if v is None else v for v in values], dtype=float)
    frame["composition_g"] = np.where(logged, 1000.0, np.nan)
    frame["food_g"] = frame["composition_g"]
    frame["coverage_weight"] = frame["composition_g"]
    for key in NUTRIENTS:
        frame[key] = amounts
        frame[f"{key}_coverage"] = np.where(logged, 1.0, np.nan)
        frame[f"{key}_doses"] = np.where(logged, 0.0, np.nan)
    return frame


def test_seven_day_mean_with_days_logged() -> None:
    end = dt.date(2026, 3, 31)
    # 14 days; the last 7 have 5 logged with mean 200 -> possibly low for magnesium
    period = _period([400, 410, 390, 420, 380, 400, 405, 200, None, 190, 210, None, 200, 200], end)
    mg = assess_intake(period, references_for(WOMAN_68, 2026), end)["magnesium_mg"]
    assert mg.days_in_7d == 5 and mg.mean_7d == pytest.approx(200)
    assert mg.assessment == POSSIBLY_LOW and mg.coverage == 1.0
    assert mg.mean_period == pytest.approx(
        np.nanmean([400, 410, 390, 420, 380, 400, 405, 200, 190, 210, 200, 200])
    )


def test_never_judged_on_too_few_days() -> None:
    end = dt.date(2026, 3, 31)
    period = _period([100, None, None, None, None, 100, 100], end)
    for item in assess_intake(period, references_for(WOMAN_68, 2026), end).values():
        assert item.assessment == CANT_TELL and item.days_in_7d == 3
        assert "3 of the last 7 days" in item.reason
