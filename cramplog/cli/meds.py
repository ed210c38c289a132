"""`cramplog med ...`: medicines and supplements."""

from __future__ import annotations

import json
from typing import Any

import click

from cramplog.cli.context import AppContext, CramplogGroup, F, choice, json_option, pass_app
from cramplog.domain import DrugClass, Medication, MedKind, medication_record
from cramplog.nutrients import TRACKED
from cramplog.terminal_text import escape, escape_json


@click.group("med", cls=CramplogGroup)
def med() -> None:
    """Medicines and supplements: add them once, then `cramplog log med NAME`."""


def _med_options(f: F) -> F:
    for option in reversed(
        [
            click.option("--kind", type=choice(MedKind), default=None),
            *(
                click.option(n.option, n.key, default=None, help=f"{n.label} per dose, {n.unit}.")
                for n in TRACKED
            ),
            click.option(
                "--drug-class",
                type=click.Choice([*(c.value for c in DrugClass), "none"], case_sensitive=False),
                default=None,
                help="Cramp-associated drug class, if any.",
            ),
            click.option("--started-on", default=None, help="Date first taken."),
            click.option("--stopped-on", default=None, help="Date stopped."),
            click.option("--notes", default=None),
        ]
    ):
        f = option(f)
    return f


def _print_med(m: Medication, as_json: bool) -> None:
    if as_json:
        click.echo(
            escape_json(
                json.dumps(
                    medication_record(m),
                    ensure_ascii=False,
                )
            )
        )
        return
    content = ", ".join(
        f"{n.short} {getattr(m, n.key):g} {n.unit}" for n in TRACKED if getattr(m, n.key)
    )
    extra = [m.kind.value]
    if content:
        extra.append(f"per dose {content}")
    if m.drug_class:
        extra.append(f"class: {m.drug_class.value}")
    if m.started_on:
        extra.append(f"since {m.started_on.isoformat()}")
    if m.stopped_on:
        extra.append(f"stopped {m.stopped_on.isoformat()}")
    click.echo(f"{escape(m.name)} ({'; '.join(extra)})")


@med.command("add")
@click.argument("name")
@_med_options
@json_option
@pass_app
def med_add(app: AppContext, name: str, as_json: bool, **fields: Any) -> None:
    """Add a medicine or supplement (e.g. --kind supplement --magnesium-mg 250)."""
    given = {k: v for k, v in fields.items() if v is not None}
    _print_med(app.journal().add_medication(name=name, **given), as_json)


@med.command("edit")
@click.argument("name")
@click.option("--rename", default=None, help="New name.")
@_med_options
@json_option
@pass_app
def med_edit(app: AppContext, name: str, rename: str | None, as_json: bool, **fields: Any) -> None:
    """Change a medicine or supplement."""
    given = {k: v for k, v in fields.items() if v is not None}
    if rename is not None:
        given["name"] = rename
    _print_med(app.journal().edit_medication(name, **given), as_json)


@med.command("list")
@json_option
@pass_app
def med_list(app: AppContext, as_json: bool) -> None:
    """List medicines and supplements."""
    meds = app.journal().medications()
    if not meds and not as_json:
        click.echo("no medicines or supplements yet; add one with `cramplog med add NAME`")
    for m in meds:
        _print_med(m, as_json)
