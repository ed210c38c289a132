"""Page 1's tables and the appendix's rows, shared by the PDF and the HTML.

Each cell is a number from the report model (the analysis JSON or the
journal's entries), formatted by the helpers in report.model.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from enum import StrEnum

from cramplog.domain import Cramp, Entry
from cramplog.entry_kinds import EntryField, EntryKind
from cramplog.periods import days_text
from cramplog.report.model import ReportData, duration, fmt, pct
from cramplog.terminal_text import counted

# A note in a table is cut here (every word stays in `cramplog export`): a
# long one would make a row taller than a page.
NOTE_MAX = 300


def _cut(text: str, most: int = NOTE_MAX) -> str:
    return text if len(text) <= most else text[: most - 1] + "\u2026"


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
        rows.append(
            (e.at.strftime("%Y-%m-%d %H:%M"), e.journal_day.isoformat(), *cells, _cut(e.notes))
        )
    return head, rows


# Up to five weeks, the appendix lists every plain entry; a longer period
# has one row a week (a year of daily factors would be pages a clinician
# skims past; every entry stays in `cramplog export`).
LIST_DAYS = 35


def plain_section(
    kind: EntryKind, entries: Sequence[Entry], start: dt.date, end: dt.date
) -> tuple[str, tuple[str, ...], list[tuple[str, ...]]]:
    """The appendix's table of one plain kind: its heading, head and rows."""
    if (end - start).days + 1 <= LIST_DAYS:
        return (f"{kind.title} as logged", *plain_table(kind, entries))
    return (f"{kind.title} by week", *plain_weeks(kind, entries))


def plain_weeks(
    kind: EntryKind, entries: Sequence[Entry]
) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """One row a week (weeks start on Monday): how often each field was said, and what.

    Yes/no fields give "yes on k of n" (n: entries that said the field),
    numbers their mean and range, choices the most common one.
    """
    head = ("Week of", "Days logged", *(f.label for f in kind.plain), "Notes")
    weeks: dict[dt.date, list[Entry]] = {}
    for e in entries:
        weeks.setdefault(e.journal_day - dt.timedelta(days=e.journal_day.weekday()), []).append(e)
    rows = []
    for monday, week in sorted(weeks.items()):
        cells = [_field_summary(f, [getattr(e, f.name) for e in week]) for f in kind.plain]
        notes = sum(1 for e in week if e.notes)
        rows.append(
            (
                monday.isoformat(),
                str(len({e.journal_day for e in week})),
                *cells,
                f"{notes} with notes" if notes else "",
            )
        )
    return head, rows


def _field_summary(field: EntryField, values: Sequence[object]) -> str:
    said = [v for v in values if v is not None]
    if not said:
        return ""
    if field.value_type == "bool":
        return f"yes on {sum(1 for v in said if v)} of {len(said)}"
    if field.choices is not None:
        counts = Counter(str(v.value if isinstance(v, StrEnum) else v) for v in said)
        value, count = counts.most_common(1)[0]
        return f"{value} ({count} of {len(said)})"
    numbers = [float(v) for v in said if isinstance(v, int | float)]
    low, high = min(numbers), max(numbers)
    mean = f"{sum(numbers) / len(numbers):.1f}"
    return mean if low == high else f"{mean} ({low:g}\u2013{high:g})"


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
                f"{fmt(item['mean_period'], digits, unit)} ({counted(n, 'day')})",
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


def imported_line(data: ReportData) -> str:
    """Which days' food came from another tracker's export (`cramplog import --from`)."""
    daily = data.daily
    if daily is None or "imported_foods" not in daily:
        return ""
    period = daily.loc[str(data.start) : str(data.end), "imported_foods"]
    days = [d.date() for d in period.index[period.fillna(0).to_numpy() > 0]]
    if not days:
        return ""
    return (
        f"Food on {len(days)} of the period's days came from an import (another tracker's"
        f" export, its amounts as that tracker gave them): {days_text(days)}."
    )


def fluid_line(data: ReportData) -> str:
    f = data.analysis["fluids"]
    if f.get("switched_off"):
        return (
            f"Beverages: mean {fmt(f['mean_ml'], 0, 'ml')} a day; a fluid restriction of"
            f" {fmt(f['restriction_ml'], 0, 'ml')} is set, so low-fluid days are not judged."
        )
    return (
        f"Beverages: mean {fmt(f['mean_ml'], 0, 'ml')} a day over"
        f" {counted(f['days_with_drinks'], 'day')} with drinks logged"
        f" (reference {fmt(f['reference_ml'], 0, 'ml')},"
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
