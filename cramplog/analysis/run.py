"""analyze(): the whole analysis of one journal period, and its JSON form.

docs/analysis.md documents every JSON field; docs/analysis-method.md the
method behind them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import select

from cramplog.analysis.adjusted import AdjustedFinding, adjusted_models
from cramplog.analysis.associations import Finding, Gate, check_gate, find_associations
from cramplog.analysis.cramps import CrampSummary, describe_cramps, load_cramps
from cramplog.analysis.daily import in_period, journal_span, load_daily
from cramplog.analysis.exposures import EXPOSURES, describe_line, exposure_frame
from cramplog.analysis.fluids import FluidSummary, summarize_fluids
from cramplog.analysis.in_progress import leave_out_in_progress
from cramplog.analysis.intake import IntakeAssessment, assess_intake
from cramplog.analysis.medicines import CAVEATS, MedicineComparison, compare_medicines, load_drugs
from cramplog.analysis.reference import References, fluid_reference, references_for
from cramplog.analysis.weekly import weekly_table
from cramplog.domain import CramplogError, Profile
from cramplog.storage import convert
from cramplog.storage.engine import Database
from cramplog.storage.models import ProfileRow
from cramplog.times import current_journal_day

JSON_FORMAT = "cramplog-analysis"
JSON_VERSION = 1


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class AnalysisResult:
    period: Period | None
    days_logged: int
    profile: Profile
    references: References
    gate: Gate
    findings: list[Finding]
    exposure_lines: dict[str, str]
    adjusted: list[AdjustedFinding]
    intake: dict[str, IntakeAssessment]
    fluids: FluidSummary
    cramps: CrampSummary
    medicines: list[MedicineComparison]
    daily: pd.DataFrame  # the period's rows of the daily frame
    weekly: pd.DataFrame  # cramplog.analysis.weekly columns
    # The current journal day when it was left out as still in progress.
    in_progress: dt.date | None = None
    # Where the trailing 7-day windows end: the period's end, or the day
    # before it when the end is a day still in progress.
    as_of: dt.date | None = None


def read_profile(db: Database) -> Profile:
    """The journal's profile (row id 1), or the defaults when there is none."""
    with db.reading() as session:
        return convert.profile(session.scalar(select(ProfileRow).where(ProfileRow.id == 1)))


def analyze(
    db: Database,
    profile: Profile,
    start: dt.date | None = None,
    end: dt.date | None = None,
    today: dt.date | None = None,
    *,
    adjust: bool = True,
) -> AnalysisResult:
    """Analyse journal days ``start``..``end`` (default: first to last day with an entry).

    ``today``: the current journal day (default: by the clock and the profile's
    day-start hour); it is left out while in progress (leave_out_in_progress).
    ``adjust=False`` skips the adjusted models (``adjusted`` is empty): a
    caller that never shows them, such as the report, spares the statsmodels
    import (over a second) and the fits.
    """
    if start is not None and end is not None and start > end:
        raise CramplogError(
            f"the period starts ({start.isoformat()}) after it ends ({end.isoformat()})"
        )
    span = journal_span(db)
    empty = span is None and start is None and end is None
    if span is not None:
        # A bound the person gave wins; the other follows the journal, but never crosses it.
        start = start or (span[0] if end is None or span[0] <= end else end)
        end = end or (span[1] if span[1] >= start else start)
    start = start or end or dt.date.today()
    end = end or start
    refs = references_for(profile, end.year)
    fluids_ref = fluid_reference(profile, refs)
    current = today or current_journal_day(profile.day_start_hour)
    daily, partial = leave_out_in_progress(load_daily(db, start, end), current)
    as_of = end - dt.timedelta(days=1) if partial == end and end > start else end
    period = in_period(daily, start, end)
    exposures = exposure_frame(daily, refs, fluids_ref)
    gate = check_gate(period)
    switched_off = (
        frozenset(e.key for e in EXPOSURES if e.kind == "fluid")
        if fluids_ref.switched_off
        else frozenset()
    )
    findings = find_associations(period, exposures, gate, switched_off)
    adjusted = adjusted_models(period, exposures, findings) if adjust else []
    cramps = describe_cramps(load_cramps(db, start, end), period)
    return AnalysisResult(
        period=None if empty else Period(start, end),
        days_logged=gate.days_logged,
        profile=profile,
        references=refs,
        gate=gate,
        findings=findings,
        exposure_lines={e.key: describe_line(e, refs, fluids_ref) for e in EXPOSURES},
        adjusted=adjusted,
        intake=assess_intake(period, refs, as_of),
        fluids=summarize_fluids(period, fluids_ref, as_of),
        cramps=cramps,
        medicines=compare_medicines(period, load_drugs(db), end),
        daily=period,
        weekly=weekly_table(period, refs, fluids_ref),
        in_progress=partial,
        as_of=as_of,
    )


# --- JSON ------------------------------------------------------------------------


def _clean(value: Any) -> Any:
    """JSON-safe: dates as ISO text, non-finite numbers as null, floats rounded."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool) or value is None or isinstance(value, str | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        # Six significant digits: plenty for a person, stable across platforms.
        return float(f"{value:.6g}")
    return value


def _asdict(obj: Any) -> dict[str, Any]:
    return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}


def _finding_json(f: Finding, line: str) -> dict[str, Any]:
    data = _asdict(f)
    data["definition"] = line
    data["halves"] = [_asdict(h) for h in f.halves] if f.halves else None
    data["missing"] = list(f.missing)
    return data


def result_to_json(result: AnalysisResult) -> dict[str, Any]:
    """The documented `cramplog analyze --json` document (docs/analysis.md)."""
    refs = result.references
    fluids = result.fluids
    intake = {}
    for key, item in result.intake.items():
        data = _asdict(item)
        data.pop("nutrient")
        intake[key] = data
    fluid_ref = fluids.reference
    doc = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "period": (
            {"start": result.period.start, "end": result.period.end, "days": result.period.days}
            if result.period
            else None
        ),
        "days_logged": result.days_logged,
        "in_progress_day": result.in_progress,
        "profile": {
            "sex": refs.sex.value,
            "sex_assumed": result.profile.sex is None,
            "age": refs.age,
            "age_assumed": result.profile.birth_year is None,
            "life_stage": refs.life_stage.value,
            "assumptions": list(refs.assumptions),
        },
        "gate": {
            "passed": result.gate.passed,
            "days_logged": result.gate.days_logged,
            "cramp_nights": result.gate.cramp_nights,
            "missing": list(result.gate.missing),
            "message": result.gate.message,
        },
        "findings": [_finding_json(f, result.exposure_lines[f.exposure]) for f in result.findings],
        "adjusted": [_asdict(a) for a in result.adjusted],
        "intake": intake,
        "fluids": {
            "reference_ml": fluid_ref.reference_ml,
            "reference_source": fluid_ref.source or None,
            "threshold_ml": fluid_ref.threshold_ml,
            "switched_off": fluid_ref.switched_off,
            "restriction_ml": fluid_ref.restriction_ml,
            "days_with_drinks": fluids.days_with_drinks,
            "mean_ml": fluids.mean_ml,
            "median_ml": fluids.median_ml,
            "low_fluid_days": fluids.low_fluid_days,
            "share_low_fluid": fluids.share_low_fluid,
            "mean_7d": fluids.mean_7d,
            "days_in_7d": fluids.days_in_7d,
            "alcohol_days": fluids.alcohol_days,
            "caffeinated_per_day": fluids.caffeinated_per_day,
        },
        "cramps": _asdict(result.cramps),
        "medicines": {
            "comparisons": [_asdict(m) for m in result.medicines],
            "caveats": list(CAVEATS),
        },
    }
    cleaned: dict[str, Any] = _clean(doc)
    return cleaned
