"""`cramplog trial ...`: plan, follow and read a self-experiment (n-of-1 trial).

Added to the main group by register(): the planner and the result load the
analysis (pandas, scipy), which `cramplog` alone must not wait for.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import TYPE_CHECKING, Any

import click

from cramplog.cli.context import AppContext, CramplogGroup, json_option, pass_app
from cramplog.services.trial_text import plan_lines, result_lines, schedule_strip
from cramplog.terminal_text import escape, escape_json
from cramplog.times import current_journal_day

if TYPE_CHECKING:
    from cramplog.services import Journal


def _today(journal: Journal) -> dt.date:
    return current_journal_day(journal.profile().day_start_hour)


def _print_json(document: dict[str, Any]) -> None:
    click.echo(escape_json(json.dumps(document, ensure_ascii=False, indent=1)))


@click.group("trial", cls=CramplogGroup)
def trial() -> None:
    """Self-experiments: alternate a remedy and its absence in randomised blocks.

    `trial plan` shows the schedule and its power and asks before saving;
    `trial status` says today's arm; `trial result` reads the trial.
    cramplog never advises starting or stopping a prescribed medicine.
    """


@trial.command("plan")
@click.argument("name")
@click.option("--intervention", required=True, help="What B days are (magnesium 300 mg, ...).")
@click.option("--control", default=None, help='What A days are (default: "no INTERVENTION").')
@click.option("--block-days", default="14", show_default=True, help="Days per block, 7-28.")
@click.option("--pairs", default="3", show_default=True, help="Pairs of blocks (AB or BA).")
@click.option(
    "--washout-days", default="3", show_default=True, help="First days of each block left out."
)
@click.option("--start", default=None, help="First day (default today; a past day is allowed).")
@click.option("--seed", default=None, help="Seed of the allocation (default: drawn at random).")
@click.option("--medicine", default=None, help="Link to a medicine or supplement in the journal.")
@click.option("--doses-per-day", default=None, help="Doses a day on B days (default 1).")
@click.option(
    "--factor",
    default=None,
    help="Link to a day factor: stretched, or footwear=VALUE.",
)
@click.option("--rate", default=None, help="Your share of nights with a cramp (0.4 or 40%).")
@click.option(
    "--clinician-agreed",
    is_flag=True,
    help="A prescription medicine: the trial was agreed with your clinician.",
)
@click.option("--yes", "-y", "yes", is_flag=True, help="Save without asking.")
@json_option
@pass_app
def plan_command(
    app: AppContext,
    name: str,
    intervention: str,
    control: str | None,
    block_days: str,
    pairs: str,
    washout_days: str,
    start: str | None,
    seed: str | None,
    medicine: str | None,
    doses_per_day: str | None,
    factor: str | None,
    rate: str | None,
    clinician_agreed: bool,
    yes: bool,
    as_json: bool,
) -> None:
    """Plan trial NAME: show the schedule and its power, then save it when confirmed."""
    from cramplog.services import trials

    journal = app.journal()
    today = _today(journal)
    proposal = trials.propose(
        journal,
        today,
        name=name,
        intervention=intervention,
        control=control,
        block_days=block_days,
        pairs=pairs,
        washout_days=washout_days,
        start=start,
        seed=seed,
        medicine=medicine,
        doses_per_day=doses_per_day,
        factor=factor,
        rate=rate,
        clinician_agreed=clinician_agreed,
    )
    if not as_json:
        for line in plan_lines(proposal):
            click.echo(escape(line))
    if (
        proposal.needs_clinician
        and not yes
        and click.confirm("Was this trial agreed with your clinician?", default=False, err=True)
    ):
        agreed = dataclasses.replace(proposal.trial, clinician_agreed=True)
        proposal = dataclasses.replace(proposal, trial=agreed)
    if proposal.needs_clinician:
        # Refused with the reason (save says it): nothing is written.
        trials.save(journal, proposal, today)
    if not yes and not click.confirm(
        "Save this trial? Its allocation cannot change afterwards", err=True
    ):
        click.echo("Not saved. Change the design (--pairs, --block-days, ...) and plan again.")
        return
    saved = trials.save(journal, proposal, today)
    if as_json:
        _print_json(trials.status_json(trials.status_of(journal, saved, today)))
    else:
        click.echo(escape(f"saved trial {saved.name!r}: {saved.start} to {saved.end}"))


@trial.command("status")
@json_option
@pass_app
def status_command(app: AppContext, as_json: bool) -> None:
    """Today's arm, the schedule and adherence so far."""
    from cramplog.services import trials

    journal = app.journal()
    st = trials.status(journal, _today(journal))
    if as_json:
        _print_json(trials.status_json(st))
        return
    t = st.trial
    a = st.adherence
    click.echo(escape(f"Trial {t.name!r}: {t.intervention} (B) against {t.control} (A)"))
    click.echo(escape(trials.status_line(st)))
    click.echo(f"  {schedule_strip(t)}")
    click.echo(
        f"Adherence so far: {a.kept} of {a.elapsed} days kept to their arm,"
        f" {len(a.days) - a.kept} not, {a.missing} not known"
        + (f" (from {a.source})" if a.source else "")
    )
    if st.position is not None and st.answered_today is None and t.link.value == "text":
        click.echo("Say whether today kept to its arm: `cramplog trial adhered yes` (or no).")


@trial.command("adhered")
@click.argument("answer", type=click.Choice(["yes", "no"], case_sensitive=False))
@click.option("--date", "day", default="today", show_default=True, help="Journal day.")
@pass_app
def adhered_command(app: AppContext, answer: str, day: str) -> None:
    """Say whether a day kept to its arm (yes or no)."""
    from cramplog.services import trials

    journal = app.journal()
    day_said, kept, where = trials.record_adherence(journal, day, answer, _today(journal))
    arm = trials.arm_text(where.trial, where.block.arm)
    verb = "kept to" if kept else "did not keep to"
    click.echo(escape(f"{day_said.isoformat()}: {verb} its arm ({arm} nights)"))


@trial.command("result")
@json_option
@pass_app
def result_command(app: AppContext, as_json: bool) -> None:
    """Per block counts, the rate ratio with its interval, and the label."""
    from cramplog.services import trials

    journal = app.journal()
    t, res = trials.result(journal, _today(journal))
    if as_json:
        _print_json(trials.result_json(t, res))
        return
    for line in result_lines(t, res):
        click.echo(escape(line))


@trial.command("stop")
@pass_app
def stop_command(app: AppContext) -> None:
    """End the running trial early (its result stays 'not finished')."""
    from cramplog.services import trials

    journal = app.journal()
    stopped = trials.stop(journal, _today(journal))
    click.echo(escape(f"stopped trial {stopped.name!r} after {stopped.stopped_on}"))


def register(cli: click.Group) -> None:
    cli.add_command(trial)
