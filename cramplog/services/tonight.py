"""Tonight: what the person's own records show about the day so far, at bedtime.

For the day shown: fluids so far against the low-fluid line, the 3-day
magnesium and potassium means against the EAR (AI for potassium), a dose of
a medicine in a drug class listed with cramps, vigorous activity, and the
day factors said. Each is the exposure of the pre-registered family
(``analysis.exposures``), computed by the same rule, and each is tied to that
exposure's comparison in the person's own analysis (``analysis.run``): the
ratio and its label, worded as the Insights screen words a finding.

Only what the records show: never advice to start or stop a medicine, and
a comparison is a pattern in this journal, not a cause. pandas is imported
inside :func:`tonight` (the app calls it in a worker).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cramplog.domain import Dose, Profile
from cramplog.services.days import day_range
from cramplog.services.journal import Journal

if TYPE_CHECKING:
    from cramplog.analysis.associations import Finding

# Exposures (analysis.exposures keys) that the panel's lines stand for.
FLUID = "low_fluid_same_day"
MAGNESIUM = "low_magnesium_3d"
POTASSIUM = "low_potassium_3d"
CRAMP_DRUG = "cramp_drug_same_day"
VIGOROUS = "vigorous_same_day"
FACTORS = ("no_stretching", "sitting_8h", "fatigue_7")


@dataclass(frozen=True, slots=True)
class TonightLine:
    key: str  # the exposure it stands for
    label: str  # "Fluids"
    shown: str  # "1.2 L so far; low line 1.5 L"
    exposed: bool | None  # on the exposed side today; None: not known (not logged, not said)
    finding: str  # the person's own comparison, in words; "" when there is none yet


@dataclass(frozen=True, slots=True)
class Tonight:
    day: dt.date
    lines: tuple[TonightLine, ...]
    compared: bool  # the analysis passed its minimum-data gate
    note: str  # what the comparisons rest on, or what they still need


def finding_text(finding: Finding | None) -> str:
    """ "in your records, a low-fluid day went with more cramp nights: 2.8×"."""
    from cramplog.analysis.labels import POSSIBLE_PATTERN

    if finding is None or finding.risk_ratio is None or not math.isfinite(finding.risk_ratio):
        return ""
    ratio = f"{finding.risk_ratio:.1f}×"
    if finding.label == POSSIBLE_PATTERN and finding.direction:
        return (
            f"in your records, {finding.description} went with"
            f" {finding.direction} cramp nights: {ratio}"
        )
    return f"in your records {ratio}, no clear difference"


def _flag(value: object) -> bool | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number > 0.5


def tonight(
    journal: Journal, day: dt.date, today: dt.date, profile: Profile | None = None
) -> Tonight:
    """The bedtime panel for ``day`` (the current journal day ``today`` is "so far")."""
    import pandas as pd

    from cramplog.analysis.associations import too_little_sentence
    from cramplog.analysis.daily import load_daily
    from cramplog.analysis.exposures import BY_KEY, exposure_frame
    from cramplog.analysis.intake import MIN_COVERAGE
    from cramplog.analysis.reference import fluid_reference, references_for
    from cramplog.analysis.run import analyze

    profile = profile or journal.profile()
    refs = references_for(profile, day.year)
    fluid_ref = fluid_reference(profile, refs)
    daily = load_daily(journal.db, day, day, lookback_days=6)
    exposed = exposure_frame(daily, refs, fluid_ref).loc[pd.Timestamp(day)]
    # The comparisons: the whole journal up to the day before (the day in
    # progress is left out, as the Insights screen leaves it out).
    result = analyze(journal.db, profile, end=day, today=today, adjust=False)
    findings = {f.exposure: f for f in result.findings}
    totals = day_range(journal, day, day, profile, today)[-1]
    so_far = " so far" if totals.in_progress else ""

    def line(key: str, label: str, shown: str) -> TonightLine:
        return TonightLine(key, label, shown, _flag(exposed[key]), finding_text(findings.get(key)))

    lines = []
    # Fluids: the day's beverages against the low-fluid line.
    if fluid_ref.switched_off:
        ml = "—" if totals.fluids_ml is None else f"{totals.fluids_ml / 1000:.1f} L"
        shown = f"{ml}{so_far}; limit {(fluid_ref.restriction_ml or 0) / 1000:.1f} L, not judged"
        lines.append(TonightLine(FLUID, "Fluids", shown, None, ""))
    else:
        low = (fluid_ref.threshold_ml or 0) / 1000
        if totals.fluids_ml is None:
            shown = f"no drinks logged{so_far}, low under {low:.1f} L"
        else:
            shown = f"{totals.fluids_ml / 1000:.1f} L{so_far}, low under {low:.1f} L"
        lines.append(line(FLUID, "Fluids", shown))
    # Magnesium and potassium: the 3-day mean by the exposure's own window.
    for key, label in ((MAGNESIUM, "Magnesium"), (POTASSIUM, "Potassium")):
        exposure = BY_KEY[key]
        nutrient = exposure.kind
        ref = refs.nutrients[nutrient]
        window = daily.loc[pd.Timestamp(day - dt.timedelta(days=exposure.window - 1)) :]
        known = window[nutrient].where(window[f"{nutrient}_coverage"] >= MIN_COVERAGE).dropna()
        if len(known) < exposure.min_days:
            shown = f"3-day not known ({len(known)} of 3 days with food)"
        else:
            shown = f"3-day {known.mean():.0f} {ref.unit}/day, {ref.low_kind} {ref.low_line:g}"
        lines.append(line(key, label, shown))
    # A dose today of a medicine in a class listed with cramps.
    classes = {m.name: m.drug_class for m in journal.medications() if m.drug_class is not None}
    taken = sorted(
        {e.medication for e in journal.day(day) if isinstance(e, Dose) and e.medication in classes}
    )
    if taken:
        names = ", ".join(f"{name} ({classes[name]})" for name in taken)
        shown = f"{names}: a class listed with cramps"
    else:
        shown = f"none logged{so_far} in a class listed with cramps"
    lines.append(line(CRAMP_DRUG, "Medicines", shown))
    # Vigorous activity.
    minutes = float(daily["vigorous_min"].fillna(0).to_numpy(dtype=float)[-1])  # ends at ``day``
    shown = f"{minutes:.0f} min vigorous{so_far}" if minutes > 0 else f"none vigorous{so_far}"
    lines.append(line(VIGOROUS, "Activity", shown))
    # Day factors: what was said, and the comparison of any factor on its exposed side.
    said = totals.said_text()
    factor_findings = [
        text for key in FACTORS if _flag(exposed[key]) and (text := finding_text(findings.get(key)))
    ]
    factor_flags = [_flag(exposed[key]) for key in FACTORS]
    lines.append(
        TonightLine(
            FACTORS[0],
            "Day factors",
            said or f"not said{so_far} (y logs them)",
            any(factor_flags) if any(f is not None for f in factor_flags) else None,
            "; ".join(factor_findings),
        )
    )
    gate = result.gate
    note = (
        "▲ a day like those compared. Patterns in your records, not causes (i: Insights)."
        if gate.passed
        else too_little_sentence(gate.missing)
    )
    return Tonight(day, tuple(lines), gate.passed, note)
