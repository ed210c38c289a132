"""The report's trial section, after the CENT 2015 items for reporting an n-of-1 trial.

One content (headings, paragraphs, tables) that the PDF and the HTML each
draw: design, allocation, washout, outcome, adherence, the per-block table,
the result with its interval, the limits (no blinding for habits, carry-over)
and, for a prescription medicine, whether the clinician agreed. The figures
are the analysis layer's (``analysis.trial_result``), as `cramplog trial
result` gives them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from cramplog.domain import Trial, TrialLink

if TYPE_CHECKING:
    from cramplog.analysis.trial_result import TrialResult

BLOCK_HEAD = ("Block", "Arm", "Days", "Nights compared", "Cramp nights", "Share", "Washout nights")


@dataclass(frozen=True)
class TrialReport:
    """What the report says of a trial: the plan, its result as of ``as_of``, adherence."""

    trial: Trial
    result: TrialResult
    as_of: dt.date
    days_so_far: int
    days_kept: int
    days_known: int
    adherence_source: str
    day_start_hour: int = 4


@dataclass(frozen=True)
class Part:
    kind: Literal["heading", "para", "note", "table"]
    text: str = ""
    head: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def interval(res: TrialResult) -> str:
    from cramplog.analysis.trial_result import interval_words

    return interval_words(res.ci_low, res.ci_high)


def _linked(t: Trial) -> str:
    if t.link == TrialLink.MEDICINE:
        return f" (doses of {t.link_target} as logged)"
    if t.link == TrialLink.FACTOR:
        return f" (day factor {t.link_target} as logged)"
    return ""


def block_rows(res: TrialResult) -> tuple[tuple[str, ...], ...]:
    return tuple(
        (
            str(b.index),
            b.arm,
            f"{b.start:%d %b} to {b.end:%d %b %Y}",
            str(b.nights_logged),
            str(b.cramp_nights),
            f"{b.cramp_nights / b.nights_logged:.0%}" if b.nights_logged else "-",
            str(b.nights_washout),
        )
        for b in res.blocks
    )


def parts(r: TrialReport) -> list[Part]:
    """The section, in order."""
    t, res = r.trial, r.result
    sequence = " | ".join(t.orders)
    planned = t.planned_on.isoformat() if t.planned_on else "-"
    started_before = t.planned_on is not None and t.start < t.planned_on
    out = [
        Part("heading", f"Self-experiment (n-of-1 trial): {t.name}"),
        Part(
            "para",
            f"Question: does {t.intervention} (B) give fewer cramp nights than {t.control} (A)"
            " for this person?",
        ),
        Part(
            "para",
            f"Design: {t.pairs} pairs of {t.block_days}-day blocks, {t.start.isoformat()} to"
            f" {t.end.isoformat()}; within each pair the order AB or BA was drawn at random"
            f" (seed {t.seed}) when the trial was planned on {planned}, stored, and never"
            f" changed. Allocation: {sequence}."
            + (
                " The start was set before the planning day: nights already logged then were"
                " allocated after the fact."
                if started_before
                else ""
            ),
        ),
        Part(
            "para",
            f"Washout: the first {t.washout_days} days of every block are left out of the"
            " comparison. Outcome: a cramp night, a journal day"
            f" ({r.day_start_hour:02d}:00 to {r.day_start_hour:02d}:00) with at least"
            " one cramp logged; days with nothing logged are missing, not cramp-free.",
        ),
        Part(
            "para",
            f"Adherence{_linked(t)}: {r.days_kept} of {r.days_so_far} days kept to their arm,"
            f" {r.days_known - r.days_kept} did not, {r.days_so_far - r.days_known} not known."
            " The analysis keeps every night in its allocated arm (as randomised).",
        ),
        Part("table", head=BLOCK_HEAD, rows=block_rows(res)),
    ]
    result = (
        f"{'Interim look, not a conclusion' if res.interim else 'Result'}: {res.label}."
        f" Cramp-night rate ratio B against A {_ratio(res.rate_ratio)} ({interval(res)})."
    )
    if res.p_randomization is not None:
        result += (
            f" Randomisation test p = {res.p_randomization:.3f} (the smallest this design can"
            f" give: {res.p_min_possible:.2g})."
        )
    if res.posterior_prob_benefit is not None:
        result += (
            f" Probability that {t.intervention} lowers cramp nights:"
            f" {res.posterior_prob_benefit:.0%} ({res.prior})."
        )
    out.append(Part("para", result))
    if t.planned_power is not None and t.planned_rate is not None:
        out.append(
            Part(
                "note",
                f"Planned with a cramp-night rate of {t.planned_rate:.0%}"
                f" ({'from the journal' if t.rate_source == 'journal' else 'as estimated'}):"
                f" {t.planned_power:.0%} chance of showing a halving of cramp nights.",
            )
        )
    if t.prescription:
        out.append(
            Part(
                "para",
                "A prescription medicine: the person confirmed the trial was agreed with their"
                " clinician."
                if t.clinician_agreed
                else "A prescription medicine: no agreement with a clinician was recorded.",
            )
        )
    out.append(
        Part(
            "note",
            "Limits: not blinded (the person knew each block's arm, and for a habit cannot not"
            " know it), so expectation may shape both cramps and logging; an effect that"
            " outlasts the washout (carry-over) makes the arms look alike; cramps vary from"
            " week to week whatever is done; one person's result is about that person only."
            " Self-recorded; cramplog does not advise starting or stopping any medicine.",
        )
    )
    if t.stopped_on is not None:
        out.append(Part("note", f"The trial was stopped early, on {t.stopped_on.isoformat()}."))
    return out


def render(
    r: TrialReport,
    heading: Callable[[str], None],
    para: Callable[[str], None],
    note: Callable[[str], None],
    table: Callable[[Sequence[str], Sequence[Sequence[str]]], None],
) -> None:
    """Draw the section with a renderer's own four primitives (the PDF's, the HTML's)."""
    for p in parts(r):
        if p.kind == "heading":
            heading(p.text)
        elif p.kind == "para":
            para(p.text)
        elif p.kind == "note":
            note(p.text)
        else:
            table(p.head, p.rows)
