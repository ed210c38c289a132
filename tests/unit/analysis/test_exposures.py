"""Exposure windows: trailing means, the days they need, the previous day, coverage."""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from cramplog.analysis.daily import load_daily
from cramplog.analysis.exposures import EXPOSURE_KEYS, exposure_frame
from cramplog.analysis.reference import fluid_reference, references_for
from cramplog.domain import NUTRIENTS, Profile, Sex
from cramplog.entry_kinds import FACTORS

if TYPE_CHECKING:
    from tests.unit.analysis.conftest import Builder

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
        "no_stretching",
        "sitting_8h",
        "fatigue_7",
        "vigorous_same_day",
        "cramp_drug_same_day",
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


def test_day_factor_exposures_leave_what_was_not_said_missing() -> None:
    frame = _daily([2000.0] * 5, [300.0] * 5)
    frame["stretched"] = [0.0, 1.0, NAN, 0.0, NAN]
    frame["sitting_hours"] = [8.0, 7.9, NAN, 12.0, 0.0]
    frame["fatigue"] = [7.0, 6.5, 10.0, NAN, 0.0]
    frame["vigorous_min"] = [0.0, 30.0, NAN, 0.0, 5.0]
    frame["cramp_drug_doses"] = [1.0, 0.0, 0.0, NAN, 2.0]
    out = exposure_frame(frame, REFS, FLUIDS)
    expected = {
        "no_stretching": [1, 0, NAN, 1, NAN],
        "sitting_8h": [1, 0, NAN, 1, 0],
        "fatigue_7": [1, 0, 1, NAN, 0],
        "vigorous_same_day": [0, 1, NAN, 0, 1],
        "cramp_drug_same_day": [1, 0, 0, NAN, 1],
    }
    for key, values in expected.items():
        assert np.allclose(_column(out, key), values, equal_nan=True), key


def test_a_journal_without_day_factors_has_them_all_missing() -> None:
    out = exposure_frame(_daily([2000.0] * 3, [300.0] * 3), REFS, FLUIDS)
    assert out[["no_stretching", "sitting_8h", "fatigue_7"]].isna().all().all()


def test_day_factors_and_cramp_drug_doses_from_a_journal(build: Builder) -> None:
    build.journal.add_medication(
        name="Bendroflumethiazide", kind="drug", drug_class="thiazide diuretic"
    )
    build.journal.add_medication(name="Magnesium", kind="supplement", magnesium_mg=250)
    build.drink("2026-03-01", 2000)
    build.journal.log_plain(
        FACTORS, {"stretched": False, "fatigue": 8}, at=build.at("2026-03-01", "21:00")
    )
    build.journal.log_dose(medication="Bendroflumethiazide", at=build.at("2026-03-01", "08:00"))
    build.drink("2026-03-02", 2000)  # logged, nothing said
    build.journal.log_dose(medication="Magnesium", at=build.at("2026-03-02", "08:00"))
    # 01:00 belongs to the evening before (the 04:00 day boundary)
    build.journal.log_plain(FACTORS, {"sitting_hours": 9}, at=build.at("2026-03-04", "01:00"))
    daily = load_daily(build.db, dt.date(2026, 3, 1), dt.date(2026, 3, 3), lookback_days=0)
    refs = references_for(build.profile, 2026)
    out = exposure_frame(daily, refs, fluid_reference(build.profile, refs))
    assert np.allclose(_column(out, "no_stretching"), [1, NAN, NAN], equal_nan=True)
    assert np.allclose(_column(out, "fatigue_7"), [1, NAN, NAN], equal_nan=True)
    assert np.allclose(_column(out, "sitting_8h"), [NAN, NAN, 1], equal_nan=True)
    assert np.allclose(_column(out, "cramp_drug_same_day"), [1, 0, 0], equal_nan=True)
    assert np.allclose(_column(out, "vigorous_same_day"), [0, 0, 0], equal_nan=True)
