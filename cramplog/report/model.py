"""One report model, built from the analysis output, that the PDF and HTML render.

Every number the report prints comes from `result_to_json` of the analysis
for the same period (the model keeps that JSON as it is), so the report and
`cramplog analyze --json` can never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import pandas as pd

from cramplog.domain import DRUG_CLASS_SOURCES, Cramp, DayMarkKind, Entry, Medication, Profile
from cramplog.entry_kinds import PLAIN_KINDS, EntryKind
from cramplog.nutrients import TRACKED
from cramplog.periods import DEFAULT_DAYS
from cramplog.report.source import JournalSource

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
    result = analyze(journal.db, journal.profile(), lo, end)
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


def plain_table(
    kind: EntryKind, entries: Sequence[Entry]
) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """A kind of plain fields as an appendix table: its head and one row per entry.

    A field not said is blank, never "no".
    """
    head = ("Time", "Day", *(f.label for f in kind.plain), "Notes")
    rows = []
    for e in entries:
        cells = []
        for f in kind.plain:
            value = getattr(e, f.name)
            if value is None:
                cells.append("")
            elif f.value_type == "bool":
                cells.append("yes" if value else "no")
            elif isinstance(value, StrEnum):
                cells.append(value.value)
            else:
                cells.append(f"{value:g}")
        rows.append((e.at.strftime("%Y-%m-%d %H:%M"), e.journal_day.isoformat(), *cells, e.notes))
    return head, rows


# "Day" is the journal day a cramp belongs to: a night cramp after midnight
# belongs to the evening before (the day-start hour), a daytime cramp to its own day.
EPISODE_HEAD = (
    "Time",
    "Day",
    "Where",
    "Sev.",
    "Duration",
    "Woke",
    "Relieved by",
    "Flags",
    "Notes",
)


def episode_row(
    e: Cramp, notes_max: int | None = None, not_counted: Mapping[dt.date, str] | None = None
) -> tuple[str, ...]:
    """A cramp episode as an appendix row; the PDF's narrow column cuts notes at ``notes_max``.

    A cramp the analysis does not count (its day was not logged) says so beside its day.
    """
    reason = (not_counted or {}).get(e.journal_day)
    day = e.journal_day.isoformat() + (f" (not counted: {reason})" if reason else "")
    return (
        e.at.strftime("%Y-%m-%d %H:%M"),
        day,
        f"{e.muscle.value} {e.side.value}",
        str(e.severity),
        duration(e.duration_s),
        "yes" if e.woke_from_sleep else "no",
        e.relieved_by,
        ", ".join(sorted(f.value for f in e.red_flags)),
        e.notes[:notes_max],
    )


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


INTAKE_NOTE = (
    "Assessment compares a mean with the EAR (AI for potassium and sodium), as the IOM"
    " advises for one person, over 7 days and over every day with food logged in the"
    " period; no single day is judged."
)
RATIOS_HEADING = "Ratios at a glance (95% intervals; the line at 1 is no difference)"
CHART_NOTE = (
    "Nutrient charts: solid line = weekly mean of logged days; dashed = target"
    " (RDA/AI); dotted = low line (EAR, or AI for potassium); hollow circles = weeks"
    " with under 90% of food mass having a USDA value. Fluids: numbers along the top are"
    " low-fluid days that week. Dash-dot lines: a medicine started or stopped (numbered"
    " in the cramp chart's legend)."
)

INTAKE_HEAD = (
    "Nutrient",
    "Last 7 days",
    "Whole period",
    "Target",
    "Days under EAR (AI)",
    "Food with a value",
    "Assessment: 7 days / period",
)


def intake_rows(data: ReportData) -> list[tuple[str, ...]]:
    """Each nutrient's 7-day and period means, judged the IOM way over each."""
    rows: list[tuple[str, ...]] = []
    for item in data.analysis["intake"].values():
        unit = item["unit"]
        digits = 1 if unit == "µg" else 0
        n = item["days_in_period"]
        rows.append(
            (
                str(item["label"]),
                f"{fmt(item['mean_7d'], digits, unit)} ({item['days_in_7d']} of 7 days)",
                f"{fmt(item['mean_period'], digits, unit)} ({n} days)",
                f"{fmt(item['reference'], digits, unit)} {item['reference_kind']}",
                f"{item['days_below_low_line']} of {n} ({pct(item['share_below_low_line'])})",
                f"{pct(item['coverage'])} / {pct(item['coverage_period'])}",
                f"{item['assessment']} / {item['assessment_period']}",
            )
        )
    return rows


def upper_sentences(data: ReportData) -> list[str]:
    """Days above a tolerable upper level, worded as in the analysis text."""
    from cramplog.analysis.text import upper_sentence

    out = []
    for item in data.analysis["intake"].values():
        last = item["last_day_above_upper"]
        line = upper_sentence(
            item["label"],
            item["unit"],
            item["upper_limit_counts"],
            item["upper_limit"],
            item["days_above_upper"],
            dt.date.fromisoformat(last) if last else None,
        )
        if line:
            out.append(line)
    return out


def in_progress_line(data: ReportData) -> str:
    day = data.analysis.get("in_progress_day")
    if not day:
        return ""
    return f"{day} is still in progress and left out of the figures (not marked complete)."


def fluid_line(data: ReportData) -> str:
    f = data.analysis["fluids"]
    if f.get("switched_off"):
        return (
            f"Beverages: mean {fmt(f['mean_ml'], 0, 'ml')} a day; a fluid restriction of"
            f" {fmt(f['restriction_ml'], 0, 'ml')} is set, so low-fluid days are not judged."
        )
    return (
        f"Beverages: mean {fmt(f['mean_ml'], 0, 'ml')} a day over {f['days_with_drinks']}"
        f" days with drinks logged (reference {fmt(f['reference_ml'], 0, 'ml')},"
        f" {f['reference_source']}); low-fluid days (under {fmt(f['threshold_ml'], 0, 'ml')}):"
        f" {f['low_fluid_days']} ({pct(f['share_low_fluid'])})."
    )


FINDING_HEAD = (
    "Exposure",
    "Exposed: nights",
    "Others: nights",
    "Risk ratio (95% CI)",
    "q",
    "Label",
)


def finding_rows(data: ReportData) -> list[tuple[str, ...]]:
    """Findings with an estimate; the rest are named in one line (page_one.finding_gaps)."""
    rows: list[tuple[str, ...]] = []
    for f in data.analysis["findings"]:
        if f["risk_ratio"] is None:
            continue
        rr = (
            "-"
            if f["risk_ratio"] is None
            else f"{f['risk_ratio']:.2f} ({fmt(f['ci_low'], 2)}-{fmt(f['ci_high'], 2)})"
        )
        rows.append(
            (
                f["description"],
                f"{f['exposed_cramp_nights']} of {f['exposed_days']}",
                f"{f['unexposed_cramp_nights']} of {f['unexposed_days']}",
                rr,
                "-" if f["q"] is None else f"{f['q']:.2f}",
                f["label"],
            )
        )
    return rows


MEDICINE_HEAD = (
    "Name",
    "Kind",
    "Started",
    "Stopped",
    "Cramp-associated class (source)",
    "Per dose",
    "Doses",
)


def medicine_rows(data: ReportData) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for m in data.medicines:
        started = m.started_on or m.first_dose
        klass = f"{m.drug_class} ({m.class_sources})" if m.drug_class else "-"
        rows.append(
            (
                m.name,
                m.kind,
                started.isoformat() if started else "-",
                m.stopped_on.isoformat() if m.stopped_on else "-",
                klass,
                m.per_dose or "-",
                str(m.doses_in_period),
            )
        )
    return rows


TIMELINE_HEAD = ("Name", "Started", "First dose logged", "Last dose logged", "Stopped")


def timeline_rows(data: ReportData) -> list[tuple[str, ...]]:
    def day(value: dt.date | None) -> str:
        return value.isoformat() if value else "-"

    return [
        (
            med.name,
            day(med.started_on or med.first_dose),
            day(med.first_dose),
            day(med.last_dose),
            day(med.stopped_on),
        )
        for med in data.medicines
    ]


def caveat_line(data: ReportData) -> str:
    caveats: list[str] = data.analysis["medicines"].get("caveats", [])
    return (
        "Why a before/after comparison can mislead: " + "; ".join(caveats) + "." if caveats else ""
    )
