"""Page 1's wording, shared by the PDF and the HTML: who, how often, what changed, what to look at.

Every number is one the analysis computed (its JSON, or its daily frame for
the trend and the supplement share), printed as computed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from cramplog.report.model import (
    LONG_CRAMP_S,
    ReportData,
    duration,
    fmt,
    num,
    pct,
    top,
)

# A change in cramp nights a week smaller than this share of the larger rate
# (or under 0.1 a week) reads "about the same": a description, not a test.
SAME_SHARE = 0.2
# Under this many cramp nights in the two spans compared, a change between them is noise.
FEW_NIGHTS = 6


def typical_time(cramps: dict[str, Any]) -> str:
    bands = cramps.get("time_bands") or {}
    if not bands or not any(bands.values()):
        return "-"
    band, count = max(bands.items(), key=lambda kv: kv[1])
    return f"{band} ({count} of {cramps['cramps']})"


def _counted_long(data: ReportData) -> int:
    return sum(
        1
        for e in data.episodes
        if e.journal_day not in data.not_counted
        and e.duration_s is not None
        and e.duration_s > LONG_CRAMP_S
    )


def summary_rows(data: ReportData) -> list[tuple[str, str]]:
    """Page 1's cramp block: the clinician's questions, one line each."""
    c = data.analysis["cramps"]
    often = (
        f"{fmt(c['per_week'], 1)} cramps a week; {c['cramps']} cramps on"
        f" {c['cramp_nights']} of {c['days_logged']} logged nights"
        f" ({pct(c['share_of_nights'])} of nights)"
    )
    if extra := len(data.uncounted_episodes):
        often += f"; {extra} more on days not logged, not counted here (marked in the appendix)"
    return [
        ("How often", often),
        ("When", f"most often {typical_time(c)}; woke from sleep {c['woke_from_sleep']}"),
        (
            "How long",
            f"median {duration(c['median_duration_s'])} ({c['timed_cramps']} timed);"
            f" over 10 min: {_counted_long(data)}",
        ),
        ("Where", f"{top(c['muscles'])}; side: {top(c['sides'])}"),
        (
            "How bad",
            f"severity (0-10) mean {fmt(c['severity_mean'], 1)}, median"
            f" {num(c['severity_median'])}, worst {num(c['severity_max'])}",
        ),
        ("What helped", top(c["relieved_by"])),
    ]


def red_flag_lines(data: ReportData) -> list[str]:
    """Each cramp with a red flag (or over 10 minutes), dated; empty when there are none."""
    lines = []
    for e in data.red_flag_episodes:
        what = sorted(f.value for f in e.red_flags)
        if e.duration_s is not None and e.duration_s > LONG_CRAMP_S:
            what.append(f"lasted {duration(e.duration_s)}")
        reason = data.not_counted.get(e.journal_day)
        lines.append(
            f"{e.journal_day.isoformat()}: {', '.join(what)} ({e.muscle.value} {e.side.value},"
            f" severity {e.severity})" + (f" [not counted: {reason}]" if reason else "")
        )
    return lines


RED_FLAG_NONE = (
    "Red flags: none recorded (no swelling, numbness, weakness or cramp over 10 minutes)."
)


def patient_lines(data: ReportData) -> list[str]:
    """Who and when: identity as entered, the period, and what the reference values assumed."""
    p = data.profile
    who = []
    if p.name:
        who.append(p.name)
    if p.birth_date:
        who.append(f"born {p.birth_date.isoformat()}")
    elif p.birth_year and not (data.analysis.get("profile") or {}).get("age_assumed"):
        who.append(f"born {p.birth_year}")
    if p.identifier:
        who.append(f"ID {p.identifier}")
    first = (
        "Patient: " + ", ".join(who)
        if who
        else "Patient: no name, date of birth or identifier in the profile"
    )
    prepared = data.prepared_on.isoformat() if data.prepared_on else "-"
    period = data.analysis["period"] or {
        "start": data.start.isoformat(),
        "end": data.end.isoformat(),
        "days": (data.end - data.start).days + 1,
    }
    second = (
        f"Prepared {prepared} · period {period['start']} to {period['end']}"
        f" ({period['days']} days), {data.analysis['days_logged']} days logged"
    )
    return [first, second, age_sex_line(data)]


def age_sex_line(data: ReportData) -> str:
    """Age and sex as known, or plainly what the reference values assumed."""
    prof = data.analysis.get("profile") or {}
    parts = []
    if prof.get("age") is not None:
        parts.append(
            f"age not given (reference values assume {prof['age']})"
            if prof.get("age_assumed")
            else f"age {prof['age']}"
        )
    else:
        parts.append("age not given")
    if prof.get("sex"):
        parts.append(
            f"sex not given (reference values for {prof['sex']} used)"
            if prof.get("sex_assumed")
            else str(prof["sex"])
        )
    else:
        parts.append("sex not given")
    if prof.get("life_stage") and prof["life_stage"] != "general":
        parts.append(str(prof["life_stage"]))
    text = ", ".join(parts)
    return text[0].upper() + text[1:]


def assumption_lines(data: ReportData) -> list[str]:
    """What the reference values had to assume, in the analysis's words."""
    notes = (data.analysis.get("profile") or {}).get("assumptions") or []
    return [f"Reference values: {note}." for note in notes]


# The trend compares the last four weeks with the four before; a period of
# under eight weeks is split in two halves instead.
TREND_DAYS = 28


def trend_windows(data: ReportData) -> tuple[tuple[int, int, dt.date, dt.date], ...]:
    """(cramp nights, logged days, first day, last day) of the two spans the trend compares."""
    daily = data.daily
    if daily is None or not len(daily):
        return ()
    logged = daily["logged"].to_numpy(dtype=bool)
    nights = np.nan_to_num(daily["cramp_night"].to_numpy(dtype=float)) * logged
    n = len(daily)
    cut = n - TREND_DAYS if n >= 2 * TREND_DAYS else n // 2
    start = cut - TREND_DAYS if n >= 2 * TREND_DAYS else 0
    days = [d.date() for d in daily.index]
    return tuple(
        (int(nights[lo:hi].sum()), int(logged[lo:hi].sum()), days[lo], days[hi - 1])
        for lo, hi in ((start, cut), (cut, n))
        if hi > lo
    )


def trend_sentence(data: ReportData) -> str:
    """Cramp nights a week in the last four weeks against the four before, in words."""
    parts = trend_windows(data)
    if len(parts) < 2 or not parts[0][1] or not parts[1][1]:
        return "Trend: too few logged days to compare two spans of the period."
    (n1, d1, a1, b1), (n2, d2, a2, b2) = parts
    r1, r2 = 7 * n1 / d1, 7 * n2 / d2
    weeks = (b2 - a2).days + 1 == TREND_DAYS and (b1 - a1).days + 1 == TREND_DAYS
    span = "the last 4 weeks than in the 4 before" if weeks else "the second half of the period"
    if n1 + n2 < FEW_NIGHTS:
        verdict = "too few cramp nights to call a trend"
    elif abs(r2 - r1) < max(0.1, SAME_SHARE * max(r1, r2)):
        verdict = f"about the same cramp nights in {span.replace(' than in', ' as in')}"
    else:
        verdict = f"{'fewer' if r2 < r1 else 'more'} cramp nights in {span}"
    return (
        f"Trend: {verdict}:"
        f" {r1:.1f} a week ({n1} nights in {d1} logged days, {a1:%d %b} to {b1:%d %b %Y})"
        f" → {r2:.1f} a week ({n2} in {d2}, {a2:%d %b} to {b2:%d %b %Y}); a description,"
        " not a test."
    )


def comparisons(data: ReportData) -> list[dict[str, Any]]:
    """The medicine comparisons page 1 reports: over earlier days where the period is too short."""
    return [
        data.wider_comparisons.get(c["name"], c)
        for c in data.analysis["medicines"].get("comparisons", [])
    ]


def has_ratios(data: ReportData) -> bool:
    """Whether the forest plot would draw anything (a finding or comparison with a ratio)."""
    rows = [*data.analysis["findings"], *comparisons(data)]
    return any(r.get("risk_ratio", r.get("rate_ratio")) is not None for r in rows)


def medicine_sentences(data: ReportData) -> list[str]:
    """Each before/after comparison in words, with the analysis's numbers and label."""
    lines = []
    for in_period in data.analysis["medicines"].get("comparisons", []):
        c = data.wider_comparisons.get(in_period["name"], in_period)
        wider = (
            f" Uses logged days from {data.wider_from.isoformat()}, before this report's"
            f" period (in the period alone: {in_period['label']});"
            f" `cramplog analyze --from {data.wider_from.isoformat()} --to {data.end.isoformat()}`"
            " gives the same."
            if c is not in_period and data.wider_from
            else ""
        )
        rr = c.get("rate_ratio")
        name = f"{c['name']} ({c['drug_class']})"
        if rr is None:
            lines.append(
                f"{name}, started {c['started_on']}: {c['label']}"
                f" ({c['days_before']} logged days before the start, {c['days_after']} after)."
            )
            continue
        word = "fewer" if rr < 1 else "more" if rr > 1 else "the same number of"
        lines.append(
            f"{word.capitalize()} cramps after starting {name} on {c['started_on']}:"
            f" {fmt(c['per_week_before'], 1)} → {fmt(c['per_week_after'], 1)} a week,"
            f" rate ratio {fmt(rr, 2)} (95% CI {fmt(c['ci_low'], 2)}–{fmt(c['ci_high'], 2)}),"
            f" {c['label']}." + wider
        )
    return lines


def supplement_line(data: ReportData) -> str:
    """How much of each nutrient's period mean came from supplements and medicines."""
    daily = data.daily
    if daily is None:
        return ""
    parts = []
    for key, item in data.analysis["intake"].items():
        doses = f"{key}_doses"
        if doses not in daily or item["mean_period"] is None:
            continue
        days = daily[key].notna().to_numpy(dtype=bool)
        from_doses = float(np.nan_to_num(daily[doses].to_numpy(dtype=float))[days].mean())
        if days.any() and from_doses > 0:
            digits = 1 if item["unit"] == "µg" else 0
            parts.append(
                f"{item['label'].lower()} {fmt(from_doses, digits)} of"
                f" {fmt(item['mean_period'], digits, item['unit'])}"
            )
    if not parts:
        return ""
    return "From supplements and medicines (period mean a day): " + "; ".join(parts) + "."


def finding_sentences(data: ReportData) -> list[str]:
    """The analysis's own verdicts, in its wording rules."""
    gate = data.analysis["gate"]
    if not gate["passed"]:
        from cramplog.analysis.associations import too_little_sentence

        return [too_little_sentence(gate["missing"])]
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
    if gaps := finding_gaps(data):
        lines.append(gaps)
    lines.append(
        "Possible confounders: season and heat, activity, illness, alcohol,"
        " medicine changes, sleep, and how completely days were logged."
    )
    return lines


def finding_gaps(data: ReportData) -> str:
    """The exposures too rare (or too common) to estimate, with their nights, in one line."""
    gaps = [
        f"{f['description']} ({f['exposed_cramp_nights']} of {f['exposed_days']}"
        f" against {f['unexposed_cramp_nights']} of {f['unexposed_days']})"
        for f in data.analysis["findings"]
        if f["risk_ratio"] is None
    ]
    if not gaps:
        return ""
    return "Not enough data yet to estimate (cramp nights of days): " + "; ".join(gaps) + "."
