"""`cramplog med ...`: medicines and supplements."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import Any

import click

from cramplog.cli.context import AppContext, CramplogGroup, F, choice, json_option, pass_app
from cramplog.domain import DrugClass, Medication, MedKind, ValidationError, medication_record
from cramplog.nutrients import TRACKED, Nutrient
from cramplog.terminal_text import escape, escape_json


@click.group("med", cls=CramplogGroup)
def med() -> None:
    """Medicines and supplements: add them once, then `cramplog log med NAME`."""


def _med_options(f: F) -> F:
    for option in reversed(
        [
            click.option("--kind", type=choice(MedKind), default=None),
            *(
                click.option(
                    n.option,
                    n.key,
                    default=None,
                    help=f"{n.label} per dose, {n.unit}"
                    + (f' (or with a unit: "1000 IU"; {n.iu:g} IU = 1 {n.unit}).' if n.iu else "."),
                )
                for n in TRACKED
            ),
            *(
                click.option(
                    _iu_option(n),
                    f"{n.key}_iu",
                    default=None,
                    type=float,
                    help=f"{n.label} per dose in IU, stored as {n.unit}"
                    f" ({n.iu:g} IU = 1 {n.unit}).",
                )
                for n in TRACKED
                if n.iu
            ),
            click.option(
                "--confirm-unit",
                is_flag=True,
                help="Take an unusually high dose as typed, in the unit the option names.",
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


def _iu_option(n: Nutrient) -> str:
    """``--vitamin-d-iu`` beside ``--vitamin-d-ug``."""
    return n.option.rsplit("-", 1)[0] + "-iu"


def _doses(fields: dict[str, Any]) -> dict[str, Any]:
    """The given fields, with IU options turned into the stored unit.

    A plain number over a nutrient's dose_check is refused by the service
    unless its unit is said; ``--confirm-unit`` says it is the option's unit.
    """
    confirm = fields.pop("confirm_unit", False)
    given = {k: v for k, v in fields.items() if v is not None}
    for n in TRACKED:
        if not n.iu:
            continue
        iu = given.pop(f"{n.key}_iu", None)
        if iu is not None:
            if n.key in given:
                raise ValidationError(n.key, f"give {n.option} or {_iu_option(n)}, not both")
            given[n.key] = f"{iu:g} IU"
    if confirm:
        for n in TRACKED:
            value = given.get(n.key)
            if isinstance(value, str) and _is_number(value):
                given[n.key] = f"{value.strip()} {n.unit}"
    return given


@contextlib.contextmanager
def _unit_hint() -> Iterator[None]:
    """Name this command's ways to say the unit when a dose was too high to take as typed."""
    try:
        yield
    except ValidationError as e:
        n = next((n for n in TRACKED if n.key == e.field and n.dose_check), None)
        if n is None or "unusually high" not in e.message:
            raise
        iu = f"{_iu_option(n)} for IU, or " if n.iu else ""
        raise ValidationError(
            e.field, f"{e.message}; here: {iu}--confirm-unit to keep {n.unit}"
        ) from None


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _stored_note(m: Medication, given: dict[str, Any]) -> None:
    """Say the stored unit where a dose was typed in another one."""
    for n in TRACKED:
        value = given.get(n.key)
        if isinstance(value, str) and value.strip().lower().endswith("iu"):
            stored = f"{getattr(m, n.key):g} {n.unit}"
            click.echo(f"{n.label} stored in {n.unit}: {value.strip()} = {stored}")


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
    given = _doses(fields)
    with _unit_hint():
        m = app.journal().add_medication(name=name, **given)
    _print_med(m, as_json)
    if not as_json:
        _stored_note(m, given)


@med.command("edit")
@click.argument("name")
@click.option("--rename", default=None, help="New name.")
@_med_options
@json_option
@pass_app
def med_edit(app: AppContext, name: str, rename: str | None, as_json: bool, **fields: Any) -> None:
    """Change a medicine or supplement."""
    given = _doses(fields)
    if rename is not None:
        given["name"] = rename
    with _unit_hint():
        m = app.journal().edit_medication(name, **given)
    _print_med(m, as_json)
    if not as_json:
        _stored_note(m, given)


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
