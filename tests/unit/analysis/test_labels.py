"""The label rule: "possible pattern" never contradicts the interval shown beside it."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from cramplog.analysis.associations import Finding, check_gate, find_associations, label_for
from cramplog.analysis.exposures import EXPOSURE_KEYS
from cramplog.analysis.labels import NO_CLEAR_DIFFERENCE, POSSIBLE_PATTERN

TESTED = Finding(
    exposure="low_fluid_same_day",
    description="a low-fluid day",
    exposed_days=30,
    exposed_cramp_nights=9,
    unexposed_days=150,
    unexposed_cramp_nights=24,
    risk_exposed=0.3,
    risk_exposed_ci=(0.17, 0.48),
    risk_unexposed=0.16,
    risk_unexposed_ci=(0.11, 0.23),
    risk_ratio=1.9,
    ci_low=1.1,
    ci_high=3.6,
    p=0.03,
    q=0.05,
    label=NO_CLEAR_DIFFERENCE,
    direction="more",
    halves=None,
    direction_holds=True,
    missing=(),
)


def test_interval_excluding_one_with_small_q_is_a_pattern() -> None:
    assert label_for(TESTED) == POSSIBLE_PATTERN
    fewer = replace(TESTED, risk_ratio=0.4, ci_low=0.2, ci_high=0.8, direction="fewer")
    assert label_for(fewer) == POSSIBLE_PATTERN


@pytest.mark.parametrize(
    ("ci_low", "ci_high"),
    [(0.067, 1.1), (0.9, 3.6), (1.0, 3.6), (0.3, 1.0)],
)
def test_small_q_with_an_interval_that_includes_one_is_not_a_pattern(
    ci_low: float, ci_high: float
) -> None:
    finding = replace(TESTED, q=0.07, p=0.07, ci_low=ci_low, ci_high=ci_high)
    assert label_for(finding) == NO_CLEAR_DIFFERENCE


def test_interval_excluding_one_is_not_enough_on_its_own() -> None:
    assert label_for(replace(TESTED, q=0.10)) == NO_CLEAR_DIFFERENCE
    assert label_for(replace(TESTED, q=None)) == NO_CLEAR_DIFFERENCE
    assert label_for(replace(TESTED, direction_holds=False)) == NO_CLEAR_DIFFERENCE
    assert label_for(replace(TESTED, ci_low=None, ci_high=None)) == NO_CLEAR_DIFFERENCE


def _period(exposed: list[float], nights: list[float]) -> tuple[pd.DataFrame, pd.DataFrame]:
    index = pd.date_range("2026-01-01", periods=len(nights), freq="D", name="day")
    period = pd.DataFrame({"logged": True, "cramp_night": nights}, index=index)
    exposures = pd.DataFrame(dict.fromkeys(EXPOSURE_KEYS, np.nan), index=index)
    exposures["no_stretching"] = exposed
    return period, exposures


def test_a_step_change_in_time_is_not_a_pattern() -> None:
    # Exposed every day from day 50 on (a drug started): the later half has no
    # unexposed days to compare with, so the check cannot pass.
    exposed = [1.0 if i >= 50 else 0.0 for i in range(100)]
    nights = [1.0 if (i >= 50 and i % 2) or i % 10 == 0 else 0.0 for i in range(100)]
    period, exposures = _period(exposed, nights)
    [f] = [
        f
        for f in find_associations(period, exposures, check_gate(period))
        if f.exposure == "no_stretching"
    ]
    assert f.q is not None and f.q < 0.10 and f.ci_low is not None and f.ci_low > 1.0
    assert f.direction_holds is False and f.label == NO_CLEAR_DIFFERENCE
