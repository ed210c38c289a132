"""The analysis in plain language, as `cramplog analyze` prints it.

Wording rules (docs/analysis-method.md; a test reads the output for them):
say what went together in these records, name what else could explain it,
never claim that one thing brings about another, never call an intake
"deficient" or a person "dehydrated", and say that a null is not proof.
"""

from __future__ import annotations

import datetime as dt

from cramplog.analysis.adjusted import AdjustedFinding
from cramplog.analysis.associations import MIN_DAYS_LOGGED, RESTRICTED, Finding
from cramplog.analysis.exposures import BY_KEY
from cramplog.analysis.intake import IntakeAssessment
from cramplog.analysis.labels import NOT_ENOUGH_DATA, POSSIBLE_PATTERN
from cramplog.analysis.medicines import CAVEATS, MedicineComparison
from cramplog.analysis.run import AnalysisResult
from cramplog.domain import NUTRIENTS
from cramplog.terminal_text import counted, escape

CONFOUNDERS = (
    "These are patterns in your own records, not proof that one thing leads to another."
    " Things that change together can make two things move together: the season and"
    " heat, how active you were, illness, alcohol, new or changed medicines, sleep, and"
    " how carefully each day was logged. Most night cramps have no identifiable trigger"
    " (AAFP 2012), and trials found magnesium supplements unlikely to prevent cramps in"
    " older adults (Cochrane review, 2020)."
)
NULL_REMINDER = (
    '"No clear difference" is not proof of no link: the interval shows the range the'
    " data still allow."
)


def _pct(x: float | None) -> str:
    return "no such days" if x is None else f"{100 * x:.0f}%"


def _ci(pair: tuple[float, float] | None) -> str:
    return "" if pair is None else f", 95% CI {100 * pair[0]:.0f}-{100 * pair[1]:.0f}%"


def _num(x: float | None, digits: int = 2) -> str:
    return "?" if x is None else f"{x:.{digits}g}" if x < 10 else f"{x:.0f}"


def _finding(f: Finding, line: str, tested: int) -> list[str]:
    if f.missing == (RESTRICTED,):
        return [f"- {f.description[0].upper()}{f.description[1:]}: not compared ({RESTRICTED})."]
    head = f"- {f.description[0].upper()}{f.description[1:]} ({line}): {f.label}."
    counts = (
        f"  Cramp nights: {f.exposed_cramp_nights} of {f.exposed_days} such days"
        f" ({_pct(f.risk_exposed)}{_ci(f.risk_exposed_ci)}) against"
        f" {f.unexposed_cramp_nights} of {f.unexposed_days} other days"
        f" ({_pct(f.risk_unexposed)}{_ci(f.risk_unexposed_ci)})."
    )
    lines = [head, counts]
    if f.label == NOT_ENOUGH_DATA:
        lead = "Still needed" if f.missing[0][:1].isdigit() else "Not compared"
        lines.append(f"  {lead}: " + "; ".join(f.missing) + ".")
        return lines
    lines.append(
        f"  Risk ratio {_num(f.risk_ratio)} (95% CI {_num(f.ci_low)} to {_num(f.ci_high)});"
        f" p = {f.p:.2g}, q = {f.q:.2g} across the {tested} comparisons made."
    )
    if f.label == POSSIBLE_PATTERN:
        lines.append(
            f"  Cramp nights were {'more' if f.direction == 'more' else 'less'} common on these"
            " days, in both halves of the"
            " period. Worth noting and discussing; it does not show what is behind it."
        )
    elif f.direction_holds is False and f.q is not None and f.q < 0.10:
        lines.append("  The difference did not hold in both halves of the period.")
    elif f.q is not None and f.q < 0.10:
        lines.append("  The interval includes no difference (a ratio of 1).")
    return lines


def _amount(value: float, unit: str) -> str:
    return f"{value:.0f} {unit}" if value >= 10 else f"{value:.1f} {unit}"


def _period_intake(item: IntakeAssessment) -> str:
    if item.mean_period is None:
        return "  Over the period: no food logged."
    below = (
        f", {item.days_below_low_line} of them ({_pct(item.share_below_low_line)}) under the"
        f" {item.low_kind} of {item.low_line:g} {item.unit}"
    )
    return (
        f"  Over the period: {_amount(item.mean_period, item.unit)} a day on"
        f" {item.days_in_period} days with food logged{below}."
        f" {item.assessment_period[0].upper()}{item.assessment_period[1:]}:"
        f" {item.reason_period}."
    )


def upper_sentence(
    label: str,
    unit: str,
    counts: str,
    limit: float | None,
    days: int,
    last: dt.date | None,
) -> str:
    """Days above a tolerable upper level, as something to discuss, not an alarm ("" if none).

    Shared by this text and the report (which reads the same fields from the JSON).
    """
    if not days or limit is None:
        return ""
    source = " from supplements and medicines" if counts == "supplements" else ""
    when = f", most recently {last.isoformat()}" if last else ""
    return (
        f"{label}{source} was above the tolerable upper intake level ({limit:g} {unit} a"
        f" day) on {counted(days, 'day')} of the period{when}: worth"
        " discussing with a clinician or pharmacist, especially for a regular dose."
    )


def _intake(item: IntakeAssessment) -> str:
    mean = "no food logged" if item.mean_7d is None else f"{_amount(item.mean_7d, item.unit)} a day"
    coverage = "" if item.coverage is None else f", {item.coverage:.0%} of food with a value"
    doses = ""
    if item.from_doses_7d:
        doses = f", {item.from_doses_7d:.0f} {item.unit} of it from supplements or medicines"
    above = ""
    # The CDRR is judged on the 7-day total here; a UL is judged day by day
    # over the period (upper_sentence).
    if (
        item.upper_limit_kind == "CDRR"
        and item.upper_limit is not None
        and item.mean_7d is not None
        and item.mean_7d > item.upper_limit
    ):
        note = f" ({item.upper_limit_note})" if item.upper_limit_note else ""
        above = f" Above the {item.upper_limit_kind} of {item.upper_limit:g} {item.unit}{note}."
    lines = [
        f"- {item.label}: {mean} ({item.days_in_7d} of 7 days logged{coverage}{doses})."
        f" Target {item.reference:g} {item.unit} ({item.reference_kind})."
        f" {item.assessment[0].upper()}{item.assessment[1:]}: {item.reason}.{above}",
        _period_intake(item),
    ]
    upper = upper_sentence(
        item.label,
        item.unit,
        item.upper_limit_counts,
        item.upper_limit,
        item.days_above_upper,
        item.last_day_above_upper,
    )
    if upper:
        lines.append(f"  {upper}")
    return "\n".join(lines)


def _adjusted(a: AdjustedFinding) -> str:
    name = BY_KEY[a.exposure].description
    name = name[0].upper() + name[1:]
    if a.odds_ratio is None:
        return f"- {name}: {a.note}."
    return (
        f"- {name}: odds ratio {_num(a.odds_ratio)} (95% CI {_num(a.ci_low)} to"
        f" {_num(a.ci_high)}), adjusted for {', '.join(t for t in a.terms if t != 'exposure')};"
        f" {a.days} days."
    )


def _medicine(m: MedicineComparison) -> list[str]:
    head = (
        f"- {escape(m.name)} ({m.drug_class}; listed with cramps by {m.sources})"
        + (f", started {m.started_on.isoformat()}" if m.started_on else "")
        + f": {m.label}."
    )
    lines = [head]
    if m.per_week_before is not None and m.per_week_after is not None:
        lines.append(
            f"  {m.per_week_before:.1f} cramps a week over {counted(m.days_before, 'logged day')}"
            f" before, {m.per_week_after:.1f} over {counted(m.days_after, 'logged day')} after."
        )
    if m.rate_ratio is not None:
        lines.append(
            f"  Rate ratio {_num(m.rate_ratio)} (95% CI {_num(m.ci_low)} to {_num(m.ci_high)})."
        )
    else:
        lines.append(f"  {m.note[0].upper()}{m.note[1:]}.")
    return lines


def render_text(result: AnalysisResult) -> str:
    out: list[str] = []
    if result.period is None:
        return "Nothing is logged yet: log cramps, meals and drinks for a few weeks first.\n"
    p = result.period
    out.append(f"cramplog analysis, {p.start.isoformat()} to {p.end.isoformat()}")
    out.append(f"{result.days_logged} of {p.days} days logged.")
    if result.in_progress is not None:
        out.append(
            f"Today ({result.in_progress.isoformat()}) is still in progress and is left out"
            " until it ends or is marked complete."
        )
    for note in result.references.assumptions:
        out.append(f"Note: {note}.")
    c = result.cramps
    out += ["", "Cramps"]
    if c.cramps:
        out.append(
            f"{c.cramps} cramps on {c.cramp_nights} of {c.days_logged} logged days"
            f" ({_pct(c.share_of_nights)}), about {c.per_week:.1f} a week."
        )
        band, count = max(c.time_bands.items(), key=lambda kv: kv[1])
        out.append(f"Most often between {band} ({count} of {c.cramps}).")
        out.append(
            "Where: "
            + ", ".join(f"{k} {v}" for k, v in c.muscles.items())
            + "; side: "
            + ", ".join(f"{k} {v}" for k, v in c.sides.items())
            + "."
        )
        if c.median_duration_s is not None:
            out.append(
                f"Median duration {c.median_duration_s / 60:.1f} min ({c.timed_cramps} timed)."
            )
        out.append(f"Severity: mean {c.severity_mean:.1f}, worst {c.severity_max} of 10.")
        if c.relieved_by:
            top = list(c.relieved_by.items())[:4]
            out.append("What helped: " + ", ".join(f"{escape(k)} ({v})" for k, v in top) + ".")
        if c.red_flags:
            out.append(
                "Logged with "
                + ", ".join(f"{k} ({v})" for k, v in c.red_flags.items())
                + ": tell a clinician about cramps with these."
            )
    else:
        out.append(f"No cramps logged on {c.days_logged} logged days.")
    as_of = result.as_of or p.end
    out += ["", f"Intake, last 7 days to {as_of.isoformat()} (US Dietary Reference Intakes)"]
    out += [_intake(result.intake[key]) for key in NUTRIENTS]
    out.append(
        "A week of records is a rough guide to usual intake, the whole period a better one;"
        " no single day is judged."
    )
    f = result.fluids
    out += ["", "Fluids"]
    if f.reference.switched_off:
        out.append(
            f"Your profile has a prescribed fluid limit ({f.reference.restriction_ml} ml):"
            " low-fluid days are not judged."
        )
    elif f.mean_ml is None:
        out.append("No drinks logged.")
    else:
        out.append(
            f"Beverages: mean {f.mean_ml:.0f} ml a day over {counted(f.days_with_drinks, 'day')}"
            f" with drinks logged; reference {f.reference.reference_ml:.0f} ml"
            f" ({f.reference.source}). {counted(f.low_fluid_days or 0, 'low-fluid day')} (under"
            f" {f.reference.threshold_ml:.0f} ml)."
        )
    out += ["", "Do low days go with more cramp nights?"]
    if not result.gate.passed:
        out.append(
            f"Not enough data yet. Still needed: {'; '.join(result.gate.missing)}."
            f" (At least {MIN_DAYS_LOGGED} logged days and 10 cramp nights.)"
        )
    else:
        tested = sum(1 for finding in result.findings if finding.q is not None)
        for finding in result.findings:
            out += _finding(finding, result.exposure_lines[finding.exposure], tested)
        out.append(NULL_REMINDER)
        fitted = [a for a in result.adjusted if a.odds_ratio is not None]
        if result.adjusted:
            out += [
                "",
                "Second view, adjusted for exercise and season (logistic model; an"
                " odds ratio runs further from 1 than a risk ratio when cramp nights are"
                " common):",
            ]
            out += [_adjusted(a) for a in (fitted or result.adjusted[:1])]
    out += ["", CONFOUNDERS]
    if result.medicines:
        out += ["", "Medicines in classes listed with cramps"]
        for m in result.medicines:
            out += _medicine(m)
        out.append("Before/after comparisons can mislead: " + "; ".join(CAVEATS) + ".")
    return "\n".join(out) + "\n"
