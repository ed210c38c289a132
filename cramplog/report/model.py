"""One report model, built from the analysis output, that the PDF and HTML render.

Every number the report prints comes from `result_to_json` of the analysis
for the same period (the model keeps that JSON as it is), so the report and
`cramplog analyze --json` can never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import pandas as pd

from cramplog.domain import DRUG_CLASS_SOURCES, Cramp, Entry, Medication
from cramplog.entry_kinds import PLAIN_KINDS, EntryKind
from cramplog.nutrients import TRACKED
from cramplog.report.source import JournalSource

DEFAULT_DAYS = 90
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

    @property
    def too_little_data(self) -> bool:
        return int(self.analysis["days_logged"]) < 14 or not self.episodes


def default_period(journal: JournalSource, days: int = DEFAULT_DAYS) -> tuple[dt.date, dt.date]:
    from cramplog.times import current_journal_day

    end = current_journal_day(journal.profile().day_start_hour)
    return end - dt.timedelta(days=days - 1), end


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
        start=start,
        end=end,
        analysis=result_to_json(result),
        text=render_text(result),
        weekly=result.weekly,
        episodes=episodes,
        medicines=tuple(medicines),
        red_flag_episodes=flagged,
        plain=tuple((k, tuple(journal.plain_entries(k, start, end))) for k in PLAIN_KINDS),
    )


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


def episode_row(e: Cramp, notes_max: int | None = None) -> tuple[str, ...]:
    """A cramp episode as an appendix row; the PDF's narrow column cuts notes at ``notes_max``."""
    return (
        e.at.strftime("%Y-%m-%d %H:%M"),
        e.journal_day.isoformat(),
        f"{e.muscle.value} {e.side.value}",
        str(e.severity),
        duration(e.duration_s),
        "yes" if e.woke_from_sleep else "",
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


def pct(value: Any) -> str:
    return "-" if value is None else f"{float(value) * 100:.0f}%"


def duration(seconds: Any) -> str:
    if seconds is None:
        return "-"
    s = round(float(seconds))
    minutes, secs = divmod(s, 60)
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


def top(counts: dict[str, int], n: int = 4) -> str:
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    return ", ".join(f"{k} {v}" for k, v in items) if items else "-"


def typical_time(cramps: dict[str, Any]) -> str:
    bands = cramps.get("time_bands") or {}
    if not bands or not any(bands.values()):
        return "-"
    band, count = max(bands.items(), key=lambda kv: kv[1])
    return f"{band} ({count} of {cramps['cramps']})"


def summary_rows(data: ReportData) -> list[tuple[str, str]]:
    """Page 1's cramp block: the clinician's questions, one line each."""
    c = data.analysis["cramps"]
    flags = c.get("red_flags") or {}
    long_count = sum(
        1 for e in data.episodes if e.duration_s is not None and e.duration_s > LONG_CRAMP_S
    )
    flag_text = ", ".join(f"{k} {v}" for k, v in sorted(flags.items())) or "none noted"
    return [
        (
            "How often",
            f"{fmt(c['per_week'], 1)} cramps a week; {c['cramps']} cramps on"
            f" {c['cramp_nights']} of {c['days_logged']} logged nights"
            f" ({pct(c['share_of_nights'])} of nights)",
        ),
        ("When", f"most often {typical_time(c)}; woke from sleep {c['woke_from_sleep']}"),
        (
            "How long",
            f"median {duration(c['median_duration_s'])} ({c['timed_cramps']} timed);"
            f" over 10 min: {long_count}",
        ),
        ("Where", f"{top(c['muscles'])}; side: {top(c['sides'], 3)}"),
        (
            "How bad",
            f"severity (0-10) mean {fmt(c['severity_mean'], 1)}, median"
            f" {fmt(c['severity_median'], 0)}, worst {fmt(c['severity_max'], 0)}",
        ),
        ("What helped", top(c["relieved_by"], 5)),
        ("Red flags", f"{flag_text}; cramps over 10 min: {long_count}"),
    ]


def profile_line(data: ReportData) -> str:
    p = data.analysis.get("profile") or {}
    parts = []
    if p.get("age") is not None:
        parts.append(f"age {p['age']}" + (" assumed" if p.get("age_assumed") else ""))
    if p.get("sex"):
        parts.append(f"{p['sex']} values (sex not given)" if p.get("sex_assumed") else p["sex"])
    if p.get("life_stage") and p["life_stage"] != "general":
        parts.append(str(p["life_stage"]))
    return ", ".join(parts) or "age and sex not given"


def assumption_lines(data: ReportData) -> list[str]:
    """What the reference values had to assume, in the analysis's words."""
    notes = (data.analysis.get("profile") or {}).get("assumptions") or []
    return [f"Reference values: {note}." for note in notes]


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
    rows: list[tuple[str, ...]] = []
    for f in data.analysis["findings"]:
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


def finding_sentences(data: ReportData) -> list[str]:
    """The analysis's own verdicts, in its wording rules."""
    gate = data.analysis["gate"]
    if not gate["passed"]:
        return [f"Not enough data yet to compare days: {gate['message']}."]
    lines = []
    for f in data.analysis["findings"]:
        if f["label"] == "possible pattern":
            more = "more" if f.get("direction") == "more" else "fewer"
            lines.append(
                f"Possible pattern: {more} cramp nights after {f['description']}"
                f" (risk ratio {f['risk_ratio']:.2f}, 95% CI {f['ci_low']:.2f}-"
                f"{f['ci_high']:.2f}, q = {f['q']:.2f})."
            )
    if not lines:
        lines.append(
            "No clear difference in cramp nights for any exposure tested; a null"
            " is not proof of no effect (see the intervals)."
        )
    lines.append(
        "Possible confounders: season and heat, activity, illness, alcohol,"
        " medicine changes, sleep, and how completely days were logged."
    )
    return lines
