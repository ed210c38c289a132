"""One report model, built from the analysis output, that the PDF and HTML render.

Every number the report prints comes from `result_to_json` of the analysis
for the same period (the model keeps that JSON as it is), so the report and
`cramplog analyze --json` can never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from cramplog.domain import DRUG_CLASS_SOURCES, Cramp, DayMarkKind, Entry, Medication, Profile
from cramplog.entry_kinds import PLAIN_KINDS, EntryKind
from cramplog.nutrients import TRACKED
from cramplog.periods import DEFAULT_DAYS
from cramplog.report.source import JournalSource
from cramplog.report.trial_section import TrialReport

DISCLAIMER = (
    "Self-recorded data; nutrients estimated from USDA food tables; associations are not causes."
)
LONG_CRAMP_S = 600


@dataclass(frozen=True)
class MedicineLine:
    name: str
    kind: str
    drug_class: str | None
    class_sources: str | None
    started_on: dt.date | None
    stopped_on: dt.date | None
    first_dose: dt.date | None
    last_dose: dt.date | None
    doses_in_period: int
    per_dose: str


@dataclass(frozen=True)
class ReportData:
    start: dt.date
    end: dt.date
    analysis: dict[str, Any]
    text: str
    weekly: pd.DataFrame
    episodes: tuple[Cramp, ...]
    medicines: tuple[MedicineLine, ...]
    red_flag_episodes: tuple[Cramp, ...]
    # Each kind of plain fields (day factors) with its entries in the period.
    plain: tuple[tuple[EntryKind, tuple[Entry, ...]], ...] = ()
    # Identity for the patient block (never used in any calculation).
    profile: Profile = field(default_factory=Profile)
    prepared_on: dt.date | None = None
    # The period's rows of the analysis's daily frame (logged, cramp nights, doses).
    daily: pd.DataFrame | None = None
    # Days with a cramp the analysis does not count, and why (the appendix marks them).
    not_counted: Mapping[dt.date, str] = field(default_factory=dict)
    # Medicine comparisons the period is too short for, computed by the same
    # analysis from an earlier first day (``wider_from``), by medicine name.
    wider_comparisons: Mapping[str, dict[str, Any]] = field(default_factory=dict)
    wider_from: dt.date | None = None
    # The latest self-experiment (n-of-1 trial), whatever the period: its own section.
    trial: TrialReport | None = None

    @property
    def uncounted_episodes(self) -> tuple[Cramp, ...]:
        return tuple(e for e in self.episodes if e.journal_day in self.not_counted)

    @property
    def too_little_data(self) -> bool:
        return int(self.analysis["days_logged"]) < 14 or not self.episodes


def default_period(journal: JournalSource, days: int = DEFAULT_DAYS) -> tuple[dt.date, dt.date]:
    from cramplog.analysis.period import journal_period

    period = journal_period(journal.db, journal.profile().day_start_hour, days=days)
    return period.start, period.end


def _per_dose(m: Medication) -> str:
    parts = [f"{n.short} {getattr(m, n.key):g} {n.unit}" for n in TRACKED if getattr(m, n.key)]
    return ", ".join(parts)


def build_report_data(
    journal: JournalSource, start: dt.date | None = None, end: dt.date | None = None
) -> ReportData:
    from cramplog.analysis import analyze, result_to_json
    from cramplog.analysis.text import render_text

    if start is None or end is None:
        default_start, default_end = default_period(journal)
        start, end = start or default_start, end or default_end
    result = analyze(journal.db, journal.profile(), start, end)
    analysed = result_to_json(result)
    wider_from, wider = _wider_comparisons(journal, analysed, start, end)
    episodes = tuple(journal.cramps(start, end))
    flagged = tuple(
        e
        for e in episodes
        if e.red_flags or (e.duration_s is not None and e.duration_s > LONG_CRAMP_S)
    )
    dose_days = journal.dose_summary(start, end)
    medicines = []
    for m in journal.medications():
        first, last, in_period = dose_days.get(m.name, (None, None, 0))
        medicines.append(
            MedicineLine(
                name=m.name,
                kind=m.kind.value,
                drug_class=m.drug_class.value if m.drug_class else None,
                class_sources=DRUG_CLASS_SOURCES.get(m.drug_class) if m.drug_class else None,
                started_on=m.started_on,
                stopped_on=m.stopped_on,
                first_dose=first,
                last_dose=last,
                doses_in_period=in_period,
                per_dose=_per_dose(m),
            )
        )
    return ReportData(
        profile=journal.profile(),
        prepared_on=dt.date.today(),
        daily=result.daily,
        wider_comparisons=wider,
        wider_from=wider_from,
        not_counted=_not_counted(episodes, result.daily, analysed.get("in_progress_day")),
        start=start,
        end=end,
        analysis=analysed,
        text=render_text(result),
        weekly=result.weekly,
        episodes=episodes,
        medicines=tuple(medicines),
        red_flag_episodes=flagged,
        plain=tuple((k, tuple(journal.plain_entries(k, start, end))) for k in PLAIN_KINDS),
        trial=journal.trial_report(),
    )


def _wider_comparisons(
    journal: JournalSource, analysed: dict[str, Any], start: dt.date, end: dt.date
) -> tuple[dt.date | None, dict[str, dict[str, Any]]]:
    """A medicine started too near the period's start is compared over journal days before it.

    The same analysis, from the first day its before-window needs, so the
    numbers are those of ``cramplog analyze --from DAY --to END``.
    """
    from cramplog.analysis import analyze, result_to_json
    from cramplog.analysis.medicines import WINDOW_DAYS

    window = dt.timedelta(days=WINDOW_DAYS)
    starts = [
        dt.date.fromisoformat(c["started_on"])
        for c in analysed["medicines"]["comparisons"]
        if c["rate_ratio"] is None
        and c["started_on"]
        and dt.date.fromisoformat(c["started_on"]) - window < start
    ]
    if not starts:
        return None, {}
    lo = min(starts) - window
    result = analyze(journal.db, journal.profile(), lo, end, adjust=False)
    better = {
        c["name"]: c
        for c in result_to_json(result)["medicines"]["comparisons"]
        if c["rate_ratio"] is not None
    }
    logged = result.daily.index[result.daily["logged"].to_numpy(dtype=bool)]
    if not better or not len(logged):
        return None, {}
    # Said from the first logged day: days before the journal change nothing.
    return max(lo, logged[0].date()), better


def _not_counted(
    episodes: Sequence[Cramp], daily: pd.DataFrame, in_progress: str | None
) -> dict[dt.date, str]:
    """Days of episodes the analysis leaves out (not logged), with the reason in words."""
    out: dict[dt.date, str] = {}
    for e in episodes:
        stamp = pd.Timestamp(e.journal_day)
        if stamp in daily.index and bool(daily.at[stamp, "logged"]):
            continue
        if in_progress == e.journal_day.isoformat():
            out[e.journal_day] = "day still in progress"
        elif stamp in daily.index and daily.at[stamp, "marked"] == DayMarkKind.NOT_LOGGED.value:
            out[e.journal_day] = "day marked not logged"
        else:
            out[e.journal_day] = "day not logged"
    return out


# --- formatting shared by the PDF and HTML ---------------------------------------


def fmt(value: Any, digits: int = 0, unit: str = "") -> str:
    if value is None:
        return "-"
    number = float(value)
    text = f"{number:,.{digits}f}"
    return f"{text} {unit}".strip()


def num(value: Any) -> str:
    """A statistic as computed, to at most 2 decimals: 5.5 stays 5.5, 6.0 prints 6."""
    return "-" if value is None else f"{round(float(value), 2):g}"


def pct(value: Any) -> str:
    return "-" if value is None else f"{float(value) * 100:.0f}%"


def duration(seconds: Any) -> str:
    if seconds is None:
        return "-"
    s = round(float(seconds))
    minutes, secs = divmod(s, 60)
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def top(counts: dict[str, int], n: int = 6) -> str:
    """The commonest ``n`` with their counts, then "+K other (M)" so the counts add up."""
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if not items:
        return "-"
    shown, rest = items[:n], items[n:]
    text = ", ".join(f"{k} {v}" for k, v in shown)
    if rest:
        text += f", +{len(rest)} other ({sum(v for _, v in rest)})"
    return text
