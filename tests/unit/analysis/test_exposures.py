"""Exposure windows: trailing means, the days they need, the previous day, coverage."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd

from cramplog.analysis.exposures import EXPOSURE_KEYS, exposure_frame
from cramplog.analysis.reference import fluid_reference, references_for
from cramplog.domain import NUTRIENTS, Profile, Sex

PROFILE = Profile(sex=Sex.FEMALE, birth_year=1958)
REFS = references_for(PROFILE, 2026)
FLUIDS = fluid_reference(PROFILE, REFS)  # low under 1,540 ml
NAN = math.nan


def _daily(
    beverages: list[float], magnesium: list[float], coverage: list[float] | None = None
) -> pd.DataFrame:
    index = pd.date_range(dt.date(2026, 3, 1), periods=len(beverages), freq="D", name="day")
    frame = pd.DataFrame({"beverages_ml": beverages}, index=index)
    for key in NUTRIENTS:
        frame[key] = magnesium if key == "magnesium_mg" else 5000.0
        frame[f"{key}_coverage"] = coverage if coverage and key == "magnesium_mg" else 1.0
    return frame


def _column(frame: pd.DataFrame, key: str) -> list[float]:
    return [float(x) for x in frame[key]]


def test_the_family_is_fixed() -> None:
    assert EXPOSURE_KEYS == (
        "low_fluid_same_day",
        "low_fluid_prev_day",
        "low_fluid_3d",
        "low_magnesium_3d",
        "low_magnesium_7d",
        "low_potassium_3d",
        "low_potassium_7d",
        "low_calcium_3d",
        "low_calcium_7d",
    )


def test_fluid_windows() -> None:
    bev = [1000, NAN, 2000, 1000, 1000, NAN, NAN, 3000]
    frame = exposure_frame(_daily(bev, [300.0] * 8), REFS, FLUIDS)
    assert np.allclose(
        _column(frame, "low_fluid_same_day"), [1, NAN, 0, 1, 1, NAN, NAN, 0], equal_nan=True
    )
    assert np.allclose(
        _column(frame, "low_fluid_prev_day"), [NAN, 1, NAN, 0, 1, 1, NAN, NAN], equal_nan=True
    )
    # 3-day means need 2 known days of 3: -, -, 1500, 1500, 1333, 1000, -, -
    assert np.allclose(
        _column(frame, "low_fluid_3d"), [NAN, NAN, 1, 1, 1, 1, NAN, NAN], equal_nan=True
    )


def test_nutrient_windows_need_known_days_and_coverage() -> None:
    mg = [200.0, 200, 300, 300, 300, 300, 300, 200, 200, 200]
    coverage = [1.0] * 9 + [0.5]  # the last day: half the food had no magnesium value
    frame = exposure_frame(_daily([2000.0] * 10, mg, coverage), REFS, FLUIDS)
    # 3-day: mean of known days (>= 2 of 3) under the EAR 265
    expected_3d = [NAN, 1, 1, 0, 0, 0, 0, 0, 1, 1]  # last: (200 + 200) / 2, 10th unknown
    assert np.allclose(_column(frame, "low_magnesium_3d"), expected_3d, equal_nan=True)
    # 7-day, at least 4 known days: 250, 260, 266.7, 271.4, 271.4, 271.4, then the
    # last day is unknown: 1600 / 6 = 266.7 (with it, 1800 / 7 = 257.1 would be low)
    seven = _column(frame, "low_magnesium_7d")
    assert all(math.isnan(x) for x in seven[:3])
    assert seven[3:] == [1, 1, 0, 0, 0, 0, 0]


def test_restriction_leaves_fluid_exposures_unknown() -> None:
    restricted = fluid_reference(
        Profile(sex=Sex.FEMALE, birth_year=1958, fluid_restriction_ml=1500), REFS
    )
    frame = exposure_frame(_daily([500.0] * 5, [300.0] * 5), REFS, restricted)
    assert frame[["low_fluid_same_day", "low_fluid_prev_day", "low_fluid_3d"]].isna().all().all()
