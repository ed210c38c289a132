"""Weekly trends and the written analysis, in plain Python for the TUI.

The TUI must not import pandas at start-up, so the analysis package is
imported inside these functions (they run in a worker thread) and its
DataFrame is folded into small dataclasses here: the screens only ever see
dates, ints, floats and None. NaN never leaves this module: a week with
nothing logged has ``None`` means, never 0 (missing is not zero).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cramplog.domain import NUTRIENT_LABELS, NUTRIENT_UNITS, NUTRIENTS, Profile
from cramplog.services.journal import Journal

if TYPE_CHECKING:
    from cramplog.analysis.run import AnalysisResult


@dataclass(frozen=True, slots=True)
class NutrientWeek:
    key: str
    label: str
    unit: str
    mean: float | None  # mean daily intake over the days with food logged
    days: int  # days with food logged
    coverage: float | None  # share of the week's food mass with a known value
    reference: float | None  # RDA or AI: the line the chart draws
    low_line: float | None  # EAR (AI for potassium)

    @property
    def share(self) -> float | None:
        """Mean as a share of the reference (1.0 = reached)."""
        if self.mean is None or not self.reference:
            return None
        return self.mean / self.reference


@dataclass(frozen=True, slots=True)
class WeekRow:
    week_start: dt.date  # a Monday
    days: int  # days of this week inside the period (the current week may be short)
    days_logged: int
    nutrients: dict[str, NutrientWeek]
    beverages_ml: float | None  # mean over days with drinks logged
    fluid_days: int
    low_fluid_days: int | None  # None: no drinks logged, or low-fluid judging switched off
    fluid_reference_ml: float | None
    fluid_threshold_ml: float | None
    cramps: int | None  # None: nothing logged that week (not "no cramps")
    cramp_nights: int | None
    severity_mean: float | None
    severity_max: int | None

    @property
    def logged(self) -> bool:
        return self.days_logged > 0

    @property
    def fluid_share(self) -> float | None:
        if self.beverages_ml is None or not self.fluid_reference_ml:
            return None
        return self.beverages_ml / self.fluid_reference_ml


def week_start(day: dt.date) -> dt.date:
    """The Monday of ``day``'s week."""
    return day - dt.timedelta(days=day.weekday())


def _num(value: Any) -> float | None:
    """A finite float, or None for NaN/NA/None."""
    if value is None:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _int(value: Any) -> int | None:
    number = _num(value)
    return None if number is None else round(number)


def _empty_week(start: dt.date, days: int) -> WeekRow:
    return WeekRow(
        week_start=start,
        days=days,
        days_logged=0,
        nutrients={
            key: NutrientWeek(
                key, NUTRIENT_LABELS[key], NUTRIENT_UNITS[key], None, 0, None, None, None
            )
            for key in NUTRIENTS
        },
        beverages_ml=None,
        fluid_days=0,
        low_fluid_days=None,
        fluid_reference_ml=None,
        fluid_threshold_ml=None,
        cramps=None,
        cramp_nights=None,
        severity_mean=None,
        severity_max=None,
    )


def _week_row(record: dict[str, Any]) -> WeekRow:
    logged = int(_num(record["days_logged"]) or 0)
    fluid_days = int(_num(record["fluid_days"]) or 0)
    nutrients = {}
    for key in NUTRIENTS:
        nutrients[key] = NutrientWeek(
            key=key,
            label=NUTRIENT_LABELS[key],
            unit=NUTRIENT_UNITS[key],
            mean=_num(record[f"{key}_mean"]),
            days=int(_num(record[f"{key}_days"]) or 0),
            coverage=_num(record[f"{key}_coverage"]),
            reference=_num(record[f"{key}_reference"]),
            low_line=_num(record[f"{key}_low_line"]),
        )
    start = record["week_start"]
    start = start.date() if isinstance(start, dt.datetime) else start
    return WeekRow(
        week_start=start,
        days=int(_num(record["days"]) or 0),
        days_logged=logged,
        nutrients=nutrients,
        beverages_ml=_num(record["beverages_ml_mean"]),
        fluid_days=fluid_days,
        # The weekly table counts 0 low-fluid days in a week without drinks:
        # that is "not judged", not "fine".
        low_fluid_days=_int(record["low_fluid_days"]) if fluid_days else None,
        fluid_reference_ml=_num(record["fluid_reference_ml"]),
        fluid_threshold_ml=_num(record["fluid_threshold_ml"]),
        cramps=int(_num(record["cramps"]) or 0) if logged else None,
        cramp_nights=int(_num(record["cramp_nights"]) or 0) if logged else None,
        severity_mean=_num(record["severity_mean"]),
        severity_max=_int(record["severity_max"]),
    )


def weekly_rows(
    journal: Journal, weeks: int, end: dt.date, profile: Profile | None = None
) -> list[WeekRow]:
    """The last ``weeks`` weeks (Monday to Sunday) up to ``end``, oldest first.

    Always exactly ``weeks`` rows, so charts keep a steady x axis; the last
    week stops at ``end`` and may be short (see ``days``).
    """
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    # Imported here: pandas is a second of start-up the TUI only pays when a
    # chart is first drawn, in a worker.
    from cramplog.analysis.weekly import weekly_aggregates

    start = week_start(end) - dt.timedelta(weeks=weeks - 1)
    profile = profile or journal.profile()
    frame = weekly_aggregates(journal.db, profile, start, end)
    by_week: dict[dt.date, WeekRow] = {}
    for record in frame.to_dict("records"):
        row = _week_row({str(k): v for k, v in record.items()})
        by_week[row.week_start] = row
    out = []
    for i in range(weeks):
        monday = start + dt.timedelta(weeks=i)
        days = min(7, (end - monday).days + 1)
        out.append(by_week.get(monday) or _empty_week(monday, days))
    return out


@dataclass(frozen=True, slots=True)
class MedicineMark:
    """A medicine started or stopped: a marker on the weekly charts."""

    day: dt.date
    name: str
    started: bool  # False: stopped


def medicine_marks(journal: Journal, start: dt.date, end: dt.date) -> list[MedicineMark]:
    """Every start and stop date of a medicine or supplement from ``start`` to ``end``, by day."""
    marks = []
    for med in journal.medications():
        for day, started in ((med.started_on, True), (med.stopped_on, False)):
            if day is not None and start <= day <= end:
                marks.append(MedicineMark(day, med.name, started))
    return sorted(marks, key=lambda m: (m.day, not m.started, m.name))


@dataclass(frozen=True, slots=True)
class Insights:
    """The written analysis and what the screen needs to frame it."""

    text: str  # exactly as ``cramplog analyze`` prints it
    shown: str  # the same as the app shows it (its own way to set the profile)
    start: dt.date | None  # None: nothing logged at all
    end: dt.date | None
    days_logged: int
    enough_data: bool  # the minimum-data gate for comparisons passed
    missing: tuple[str, ...]  # what the gate still needs, in the analysis's words

    @property
    def empty(self) -> bool:
        return self.start is None


def _insights(result: AnalysisResult) -> Insights:
    from cramplog.analysis.reference import app_wording
    from cramplog.analysis.text import render_text

    period = result.period
    text = render_text(result)
    return Insights(
        text=text,
        shown=app_wording(text),
        start=period.start if period else None,
        end=period.end if period else None,
        days_logged=result.days_logged,
        enough_data=result.gate.passed,
        missing=tuple(result.gate.missing),
    )


def insights(
    journal: Journal,
    start: dt.date | None = None,
    end: dt.date | None = None,
    profile: Profile | None = None,
) -> Insights:
    """The analysis of ``start``..``end`` (default: the whole journal)."""
    from cramplog.analysis.run import analyze

    return _insights(analyze(journal.db, profile or journal.profile(), start, end))


def insights_text(
    journal: Journal, start: dt.date | None = None, end: dt.date | None = None
) -> str:
    """The analysis as plain text, worded exactly as ``cramplog analyze`` words it."""
    return insights(journal, start, end).text
