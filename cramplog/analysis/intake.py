"""Intake against reference values, judged as the IOM does: a trailing 7-day
mean, and the whole period's mean (the usual intake over more days).

IOM (2000), Dietary Reference Intakes: Applications in Dietary Assessment,
chapter 3: an individual's observed mean intake over n days is compared with
the EAR, allowing for the spread of requirements between people (SD_req) and
for the day-to-day variation of one person's intake (SD_within):

    z = (mean - EAR) / sqrt(SD_req**2 + SD_within**2 / n)

z >= 1 means about 85% confidence the usual intake is adequate ("likely
adequate"); z <= -1 about 85% confidence it is below the requirement, which
cramplog words as "possibly low"; anything in between is "can't tell". For a
nutrient with only an AI (potassium) an intake at or above the AI is likely
adequate and one below it cannot be judged (IOM 2000): "can't tell".

Both judgements use the same formula with the same SD_within (from every
food-logged day of the period); n is the days in the 7-day window or the
period's food-logged days. The period also gets the share of its logged days
under the low line (EAR, or AI without one), and the days above a tolerable
upper level (UL): magnesium's counts supplements and medicines only, vitamin
D's everything (upper_limits.csv ``counts``). Sodium's CDRR is not a UL.

A single day is never judged. Unknown composition counts as unknown, so the
estimate is a lower bound: with under 80% of the food mass known, a low mean
becomes "can't tell" while a mean that already clears the line stays "likely
adequate".
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd

from cramplog.analysis.reference import NutrientReference, References
from cramplog.domain import NUTRIENT_LABELS, NUTRIENTS
from cramplog.terminal_text import counted

WINDOW_DAYS = 7
MIN_DAYS_IN_WINDOW = 4
MIN_COVERAGE = 0.80
Z_CONFIDENT = 1.0  # IOM 2000 table 3-1: z = 1.0 is about 85% confidence

LIKELY_ADEQUATE = "likely adequate"
POSSIBLY_LOW = "possibly low"
CANT_TELL = "can't tell"


@dataclass(frozen=True, slots=True)
class IntakeAssessment:
    nutrient: str
    label: str
    unit: str
    as_of: dt.date
    mean_7d: float | None
    days_in_7d: int
    from_doses_7d: float | None  # part of the mean from medicines and supplements
    coverage: float | None
    reference: float
    reference_kind: str
    low_line: float
    low_kind: str
    upper_limit: float | None
    upper_limit_note: str  # e.g. magnesium's UL counts supplements and medicines only
    upper_limit_kind: str  # "UL", or "CDRR" for sodium
    z: float | None
    assessment: str
    reason: str
    mean_period: float | None
    days_in_period: int
    coverage_period: float | None
    days_below_low_line: int  # food-logged days of the period under the low line
    share_below_low_line: float | None
    z_period: float | None
    assessment_period: str
    reason_period: str
    upper_limit_counts: str  # "supplements" (and medicines) or "total"
    days_above_upper: int  # days of the period above the UL (never for a CDRR)
    last_day_above_upper: dt.date | None
    most_toward_upper: float | None  # the largest day's amount the UL counts


def _sd_requirement(ref: NutrientReference) -> float:
    # RDA = EAR + 2 SD of requirement (IOM), so the SD follows from the two.
    if ref.ear is None or ref.target_kind != "RDA":
        return 0.0
    return max(ref.target - ref.ear, 0.0) / 2.0


def judge(
    mean: float,
    n: int,
    sd_within: float,
    coverage: float,
    ref: NutrientReference,
    records: str = "one week of records",
) -> tuple[str, float, str]:
    """(assessment, z, reason) for an n-day mean intake; ``records`` names the span."""
    unit = ref.unit
    if ref.ear is not None:
        sd = math.sqrt(_sd_requirement(ref) ** 2 + sd_within**2 / n)
        z = (mean - ref.ear) / sd if sd > 0 else math.copysign(math.inf, mean - ref.ear)
        if z >= Z_CONFIDENT:
            return LIKELY_ADEQUATE, z, f"the mean is clearly above the EAR of {ref.ear:g} {unit}"
        if z <= -Z_CONFIDENT:
            if coverage < MIN_COVERAGE:
                return (
                    CANT_TELL,
                    z,
                    (
                        f"the mean is below the EAR, but only {coverage:.0%} of the food eaten"
                        " had a known value, so the true intake may be higher"
                    ),
                )
            return (
                POSSIBLY_LOW,
                z,
                (
                    f"the mean is clearly below the EAR of {ref.ear:g} {unit}; {records}"
                    " is a rough guide to usual intake, not a diagnosis"
                ),
            )
        return (
            CANT_TELL,
            z,
            (f"the mean is too close to the EAR of {ref.ear:g} {unit} to say either way"),
        )
    se = sd_within / math.sqrt(n)
    z = (mean - ref.target) / se if se > 0 else math.copysign(math.inf, mean - ref.target)
    if z >= Z_CONFIDENT:
        return LIKELY_ADEQUATE, z, f"the mean is clearly above the AI of {ref.target:g} {unit}"
    return (
        CANT_TELL,
        z,
        (
            f"there is no EAR for {NUTRIENT_LABELS[ref.nutrient].lower()}; an intake below"
            f" the AI of {ref.target:g} {unit} cannot be called inadequate"
        ),
    )


def _coverage(days: pd.DataFrame, key: str) -> float | None:
    """Coverage over the days' whole food, each day weighted by its grams (or
    alike when imported food, which has no mass, is among them: daily.py)."""
    if not len(days):
        return None
    weight = days["coverage_weight"]
    total = weight.sum()
    if total <= 0:
        return 1.0
    return float((days[f"{key}_coverage"] * weight).sum() / total)


def _too_few(n: int, where: str) -> tuple[str, str]:
    return (
        CANT_TELL,
        f"only {n} {where} have food logged; at least {MIN_DAYS_IN_WINDOW} are needed",
    )


def _finite(z: float | None) -> float | None:
    return z if z is None or math.isfinite(z) else None


def assess_intake(
    period: pd.DataFrame, refs: References, as_of: dt.date
) -> dict[str, IntakeAssessment]:
    """Each nutrient's trailing 7-day mean up to ``as_of`` and its period mean, judged."""
    window = period.loc[
        pd.Timestamp(as_of - dt.timedelta(days=WINDOW_DAYS - 1)) : pd.Timestamp(as_of)
    ]
    window = window[window["food_logged"]]
    logged = period[period["food_logged"]]
    result: dict[str, IntakeAssessment] = {}
    for key in NUTRIENTS:
        ref = refs.nutrients[key]
        n = len(window)
        mean = float(window[key].mean()) if n else None
        coverage = _coverage(window, key)
        all_days = logged[key]
        n_period = len(all_days)
        sd_within = float(all_days.std(ddof=1)) if n_period >= 2 else 0.0
        z: float | None = None
        if mean is None or n < MIN_DAYS_IN_WINDOW:
            assessment, reason = _too_few(n, f"of the last {WINDOW_DAYS} days")
        else:
            assessment, z, reason = judge(mean, n, sd_within, coverage or 0.0, ref)
        mean_period = float(all_days.mean()) if n_period else None
        coverage_period = _coverage(logged, key)
        z_period: float | None = None
        if mean_period is None or n_period < MIN_DAYS_IN_WINDOW:
            assessment_period, reason_period = _too_few(n_period, "days of the period")
        else:
            assessment_period, z_period, reason_period = judge(
                mean_period,
                n_period,
                sd_within,
                coverage_period or 0.0,
                ref,
                f"{counted(n_period, 'day')} of records",
            )
        below = int((all_days < ref.low_line).sum())
        above = logged.index[ref.above_upper(logged[key], logged[f"{key}_doses"]).to_numpy()]
        toward = ref.upper_amount(all_days, logged[f"{key}_doses"])
        result[key] = IntakeAssessment(
            nutrient=key,
            label=NUTRIENT_LABELS[key],
            unit=ref.unit,
            as_of=as_of,
            mean_7d=mean,
            days_in_7d=n,
            from_doses_7d=float(window[f"{key}_doses"].mean()) if n else None,
            coverage=coverage,
            reference=ref.target,
            reference_kind=ref.target_kind,
            low_line=ref.low_line,
            low_kind=ref.low_kind,
            upper_limit=ref.upper_limit,
            upper_limit_note=ref.upper_limit_note,
            upper_limit_kind=ref.upper_limit_kind,
            z=_finite(z),
            assessment=assessment,
            reason=reason,
            mean_period=mean_period,
            days_in_period=n_period,
            coverage_period=coverage_period,
            days_below_low_line=below,
            share_below_low_line=below / n_period if n_period else None,
            z_period=_finite(z_period),
            assessment_period=assessment_period,
            reason_period=reason_period,
            upper_limit_counts=ref.upper_counts,
            days_above_upper=len(above),
            last_day_above_upper=above[-1].date() if len(above) else None,
            most_toward_upper=float(toward.max()) if n_period else None,
        )
    return result
