"""Intake against reference values: a trailing 7-day mean, judged as the IOM does.

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


def _sd_requirement(ref: NutrientReference) -> float:
    # RDA = EAR + 2 SD of requirement (IOM), so the SD follows from the two.
    if ref.ear is None or ref.target_kind != "RDA":
        return 0.0
    return max(ref.target - ref.ear, 0.0) / 2.0


def judge(
    mean: float, n: int, sd_within: float, coverage: float, ref: NutrientReference
) -> tuple[str, float, str]:
    """(assessment, z, reason) for an n-day mean intake."""
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
                    f"the mean is clearly below the EAR of {ref.ear:g} {unit}; one week of records"
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


def assess_intake(
    period: pd.DataFrame, refs: References, as_of: dt.date
) -> dict[str, IntakeAssessment]:
    """Each nutrient's trailing 7-day mean up to ``as_of``, judged against its reference."""
    window = period.loc[
        pd.Timestamp(as_of - dt.timedelta(days=WINDOW_DAYS - 1)) : pd.Timestamp(as_of)
    ]
    window = window[window["food_logged"]]
    logged = period[period["food_logged"]]
    mass = window["composition_g"].sum()
    result: dict[str, IntakeAssessment] = {}
    for key in NUTRIENTS:
        ref = refs.nutrients[key]
        n = len(window)
        values = window[key]
        mean = float(values.mean()) if n else None
        # Coverage over the window's whole food mass, each day weighted by its grams.
        coverage = (
            float((window[f"{key}_coverage"] * window["composition_g"]).sum() / mass)
            if n and mass > 0
            else (1.0 if n else None)
        )
        all_days = logged[key]
        sd_within = float(all_days.std(ddof=1)) if len(all_days) >= 2 else 0.0
        z: float | None = None
        if mean is None or n < MIN_DAYS_IN_WINDOW:
            assessment, reason = (
                CANT_TELL,
                (
                    f"only {n} of the last {WINDOW_DAYS} days have food logged;"
                    f" at least {MIN_DAYS_IN_WINDOW} are needed"
                ),
            )
        else:
            assessment, z, reason = judge(mean, n, sd_within, coverage or 0.0, ref)
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
            z=z if z is None or math.isfinite(z) else None,
            assessment=assessment,
            reason=reason,
            mean_period=float(all_days.mean()) if len(all_days) else None,
            days_in_period=len(all_days),
        )
    return result
