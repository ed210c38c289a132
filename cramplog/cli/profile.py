"""`cramplog profile`: show or change the profile."""

from __future__ import annotations

import json
from typing import Any

import click

from cramplog.cli.context import AppContext, choice, json_option, pass_app
from cramplog.domain import LifeStage, Sex


@click.command("profile")
@click.option("--sex", type=click.Choice([*(m.value for m in Sex), "none"]), default=None)
@click.option("--birth-year", default=None)
@click.option("--life-stage", type=choice(LifeStage), default=None)
@click.option("--day-start-hour", default=None, help="Hour a journal day starts (default 4).")
@click.option(
    "--fluid-reference-ml",
    default=None,
    help="Your own daily beverage reference in ml ('none' for the standard one).",
)
@click.option(
    "--fluid-restriction-ml",
    default=None,
    help="A prescribed fluid limit in ml: switches low-fluid judgement off.",
)
@click.option("--name", default=None, help="Name for the report's patient block ('none' clears).")
@click.option(
    "--birth-date",
    default=None,
    help="Date of birth YYYY-MM-DD (sets the birth year; 'none' clears).",
)
@click.option(
    "--identifier", default=None, help="An NHS, hospital or clinic number ('none' clears)."
)
@json_option
@pass_app
def profile(app: AppContext, as_json: bool, **changes: Any) -> None:
    """Show the profile, or change it with options."""
    journal = app.journal()
    given = {k: v for k, v in changes.items() if v is not None}
    current = journal.update_profile(**given) if given else journal.profile()
    data = {
        "sex": current.sex.value if current.sex else None,
        "birth_year": current.birth_year,
        "life_stage": current.life_stage.value,
        "day_start_hour": current.day_start_hour,
        "fluid_reference_ml": current.fluid_reference_ml,
        "fluid_restriction_ml": current.fluid_restriction_ml,
        "name": current.name,
        "birth_date": current.birth_date.isoformat() if current.birth_date else None,
        "identifier": current.identifier,
    }
    if as_json:
        click.echo(json.dumps(data))
    else:
        for key, value in data.items():
            click.echo(f"{key.replace('_', ' ')}: {'not set' if value is None else value}")
