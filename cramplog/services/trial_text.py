"""A trial in words, the same for `cramplog trial ...` and the app's Trials screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cramplog.services.trials import arm_text

if TYPE_CHECKING:
    from cramplog.analysis.trial_result import TrialResult
    from cramplog.domain import Trial
    from cramplog.services.trials import Proposal


def plan_lines(proposal: Proposal) -> list[str]:
    """The plan as the planner shows it: design, schedule, power, notes."""
    t = proposal.trial
    lines = [
        f"Trial {t.name!r}: {t.intervention} (B) against {t.control} (A)",
        f"{t.pairs} pairs of {t.block_days}-day blocks, each pair AB or BA at random"
        f" (seed {t.seed}); the first {t.washout_days} days of every block are washout",
        f"{t.start.isoformat()} to {t.end.isoformat()} ({(t.end - t.start).days + 1} days)",
    ]
    for b in t.blocks:
        lines.append(
            f"  block {b.index}: {b.start.isoformat()} to {b.end.isoformat()}"
            f"  {b.arm}  {arm_text(t, b.arm)}"
        )
    lines.append("  " + schedule_strip(t))
    lines.extend(power_lines(proposal))
    lines.extend(proposal.notes)
    return lines


def schedule_strip(t: Trial) -> str:
    """One character a day: B intervention, A control, lower case for washout days."""
    out = []
    for b in t.blocks:
        days = (b.end - b.start).days + 1
        washout = min(t.washout_days, days)
        out.append(b.arm.lower() * washout + b.arm * (days - washout))
    return "|".join(out)


def power_lines(proposal: Proposal) -> list[str]:
    p = proposal.power
    if p is None or proposal.rate is None:
        return ["Power: not estimated (no cramp-night rate)."]
    where = (
        f"from your journal, {proposal.rate_nights} logged nights"
        if proposal.trial.rate_source == "journal"
        else "as typed"
    )
    lines = [
        f"Your cramp-night rate: {proposal.rate:.0%} of nights ({where}).",
        f"Power: {p.power:.0%} chance of showing fewer cramp nights if the remedy halves them.",
    ]
    if p.pairs_for_target is None:
        lines.append("No number of pairs allowed reaches 80% at this rate.")
    elif p.pairs_for_target != proposal.trial.pairs:
        lines.append(f"80% needs {p.pairs_for_target} pairs (--pairs {p.pairs_for_target}).")
    return lines


def result_lines(t: Trial, res: TrialResult) -> list[str]:
    lines = [f"Trial {t.name!r}: {t.intervention} (B) against {t.control} (A)"]
    lines.append(("Interim look: " if res.interim else "Result: ") + res.label)
    lines.append("block  arm  nights logged  cramp nights  washout nights")
    for b in res.blocks:
        lines.append(
            f"{b.index:>5}  {b.arm:>3}  {b.nights_logged:>13}  {b.cramp_nights:>12}"
            f"  {b.nights_washout:>14}"
        )
    if res.rate_ratio is not None:
        from cramplog.report.trial_section import interval

        ci = f" ({interval(res)})" if res.ci_low is not None or res.ci_high is not None else ""
        lines.append(f"Cramp-night rate ratio, B against A: {res.rate_ratio:.2f}{ci}")
    if res.p_randomization is not None:
        lines.append(
            f"Randomisation test p = {res.p_randomization:.3f}"
            f" (the smallest this design can give: {res.p_min_possible:.2g})"
        )
    if res.posterior_prob_benefit is not None:
        lines.append(
            f"Probability that {t.intervention} lowers cramp nights:"
            f" {res.posterior_prob_benefit:.0%} ({res.prior})"
        )
    return lines
