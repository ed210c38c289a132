"""A second view: logistic regression adjusting for exercise and season.

For each exposure that passed the gate: cramp night ~ exposure + exercise
(per 30 minutes) + season (sine and cosine of the day of the year). Days
close together are not independent (a bad week, a heat wave), so standard
errors are heteroskedasticity- and autocorrelation-consistent (HAC, Newey-West,
7 lags). Fitted only with at least 10 cramp nights, and 10 cramp-free nights,
per model term: fewer makes logistic estimates unstable.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cramplog.analysis.associations import Finding
from cramplog.analysis.stats import Z95

EVENTS_PER_TERM = 10
HAC_LAGS = 7
EXERCISE_UNIT_MIN = 30.0


@dataclass(frozen=True, slots=True)
class AdjustedFinding:
    exposure: str
    days: int
    cramp_nights: int
    terms: tuple[str, ...]
    odds_ratio: float | None
    ci_low: float | None
    ci_high: float | None
    p: float | None
    note: str


def _design(
    period: pd.DataFrame, exposure: pd.Series, rows: np.ndarray
) -> tuple[np.ndarray, tuple[str, ...]]:
    day_of_year = pd.DatetimeIndex(period.index).day_of_year.to_numpy()[rows]
    angle = 2.0 * math.pi * day_of_year / 365.25
    exercise = period["exercise_min"].to_numpy(dtype=float)[rows] / EXERCISE_UNIT_MIN
    columns = [np.ones(rows.sum()), exposure.to_numpy(dtype=float)[rows]]
    names = ["exposure"]
    if np.nanstd(exercise) > 0:
        columns.append(exercise)
        names.append("exercise per 30 min")
    columns += [np.sin(angle), np.cos(angle)]
    names += ["season (sine)", "season (cosine)"]
    return np.column_stack(columns), tuple(names)


def adjusted_models(
    period: pd.DataFrame, exposures: pd.DataFrame, findings: list[Finding]
) -> list[AdjustedFinding]:
    """One model per exposure that was tested; others are left out."""
    outcome = period["cramp_night"].to_numpy(dtype=float)
    results: list[AdjustedFinding] = []
    for finding in findings:
        if finding.p is None:
            continue
        column = exposures[finding.exposure].reindex(period.index)
        rows = ~np.isnan(column.to_numpy(dtype=float)) & ~np.isnan(outcome)
        rows &= ~np.isnan(period["exercise_min"].to_numpy(dtype=float))
        y = outcome[rows]
        events = int(y.sum())
        design, terms = _design(period, column, rows)
        smaller = min(events, len(y) - events)
        needed = EVENTS_PER_TERM * len(terms)
        if smaller < needed:
            results.append(
                _not_fitted(
                    finding.exposure,
                    y,
                    terms,
                    f"{len(terms)} terms need at least {needed} cramp nights and"
                    f" {needed} cramp-free nights ({events} and {len(y) - events} here)",
                )
            )
            continue
        results.append(_fit(finding.exposure, y, design, terms))
    return results


def _not_fitted(
    exposure: str, y: np.ndarray, terms: tuple[str, ...], reason: str
) -> AdjustedFinding:
    return AdjustedFinding(
        exposure, len(y), int(y.sum()), terms, None, None, None, None, f"not fitted: {reason}"
    )


def _fit(
    exposure: str, y: np.ndarray, design: np.ndarray, terms: tuple[str, ...]
) -> AdjustedFinding:
    # statsmodels takes over a second to import; only a journal with enough
    # cramp nights for the model pays for it.
    from statsmodels.genmod.families import Binomial
    from statsmodels.genmod.generalized_linear_model import GLM
    from statsmodels.tools.sm_exceptions import (
        ConvergenceWarning,
        PerfectSeparationError,
        PerfectSeparationWarning,
    )

    events = int(y.sum())
    try:
        with warnings.catch_warnings():
            # Only a fit that failed is refused; unrelated library warnings are not.
            for category in (PerfectSeparationWarning, ConvergenceWarning, RuntimeWarning):
                warnings.filterwarnings("error", category=category)
            fit = GLM(y, design, family=Binomial()).fit(
                cov_type="HAC", cov_kwds={"maxlags": HAC_LAGS}
            )
        beta, se = float(fit.params[1]), float(fit.bse[1])
        p = float(fit.pvalues[1])
    except (
        PerfectSeparationWarning,
        ConvergenceWarning,
        RuntimeWarning,
        PerfectSeparationError,
        ValueError,
        np.linalg.LinAlgError,
    ) as exc:
        return _not_fitted(exposure, y, terms, f"the model did not converge ({exc})")
    if not (math.isfinite(beta) and math.isfinite(se)):
        return _not_fitted(exposure, y, terms, "the estimate is not finite")
    z = Z95
    return AdjustedFinding(
        exposure,
        len(y),
        events,
        terms,
        math.exp(beta),
        math.exp(beta - z * se),
        math.exp(beta + z * se),
        p,
        "odds ratio for the exposure, adjusted for the other terms; HAC standard errors",
    )
