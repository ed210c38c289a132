"""`cramplog log ...`: a cramp, food, drink, medicine dose, activity or the day's factors."""

from __future__ import annotations

from typing import Any

import click

from cramplog.cli.context import (
    AppContext,
    CramplogGroup,
    at_option,
    choice,
    json_option,
    pass_app,
    print_entry,
)
from cramplog.domain import DrinkKind, Intensity, MealKind, Muscle, RedFlag, Side, ValidationError
from cramplog.entry_kinds import PLAIN_KINDS, EntryKind


@click.group(cls=CramplogGroup)
def log() -> None:
    """Log a cramp, food, drink, medicine dose, activity or the day's factors."""


@log.command("cramp")
@click.option("--muscle", type=choice(Muscle), required=True)
@click.option("--side", type=choice(Side), required=True)
@click.option("--severity", default="5", show_default=True, help="0-10.")
@click.option("--duration", default=None, help="e.g. 90s, 2m, 1m30s, 1:30.")
@click.option("--woke/--no-woke", default=False, help="It woke me from sleep.")
@click.option("--relieved-by", default="", help="What relieved it (stretching, walking...).")
@click.option(
    "--flag",
    "red_flags",
    multiple=True,
    type=choice(RedFlag),
    help="swelling, numbness or weakness with the cramp (repeatable).",
)
@click.option("--notes", default="")
@at_option
@json_option
@pass_app
def log_cramp(app: AppContext, as_json: bool, **fields: Any) -> None:
    """Log a cramp episode."""
    entry = app.journal().log_cramp(**fields)
    print_entry(entry, as_json)


@log.command("food")
@click.argument("text", required=False)
@click.option("--id", "food_id", metavar="NDB", help="Food id from `cramplog foods search`.")
@click.option("--custom", "custom_food", metavar="NAME", help="A custom food by name.")
@click.option("--grams", default=None, help="Grams eaten (with --id or --custom).")
@click.option("--meal", type=choice(MealKind), default=None, help="Default: from the time of day.")
@click.option("--notes", default="")
@at_option
@json_option
@pass_app
def log_food(
    app: AppContext,
    text: str | None,
    food_id: str | None,
    custom_food: str | None,
    grams: str | None,
    meal: str | None,
    notes: str,
    at: str,
    as_json: bool,
) -> None:
    """Log food: free text ("2 eggs, 1 cup spinach") or --id/--custom with --grams."""
    journal = app.journal()
    if text is not None:
        if food_id or custom_food or grams:
            raise ValidationError(
                "text", "give either a meal as text or --id/--custom with --grams, not both"
            )
        from cramplog.services.meals import log_meal_text

        entries = log_meal_text(journal, text, at=at, meal=meal, notes=notes)
        for entry in entries:
            print_entry(entry, as_json)
        return
    if grams is None:
        raise ValidationError(
            "grams", "grams is required with --id or --custom (or give the meal as text)"
        )
    entry = journal.log_food(
        food_id=food_id, custom_food=custom_food, grams=grams, at=at, meal=meal, notes=notes
    )
    print_entry(entry, as_json)


@log.command("drink")
@click.option("--kind", type=choice(DrinkKind), default="water", show_default=True)
@click.option("--ml", default="250", show_default=True)
@click.option(
    "--caffeinated/--decaf",
    default=None,
    help="Default: coffee and tea are caffeinated, the rest not.",
)
@click.option(
    "--food-id",
    default=None,
    metavar="NDB",
    help="The drink's food id when it has nutrients (milk, juice).",
)
@click.option("--notes", default="")
@at_option
@json_option
@pass_app
def log_drink(app: AppContext, as_json: bool, **fields: Any) -> None:
    """Log a drink (default: a 250 ml glass of water)."""
    entry = app.journal().log_drink(**fields)
    print_entry(entry, as_json)


@log.command("med")
@click.argument("medication")
@click.option("--count", default="1", show_default=True, help="Doses taken (tablets...).")
@click.option("--notes", default="")
@at_option
@json_option
@pass_app
def log_med(app: AppContext, medication: str, as_json: bool, **fields: Any) -> None:
    """Log a dose of a medicine or supplement added with `cramplog med add`."""
    entry = app.journal().log_dose(medication=medication, **fields)
    print_entry(entry, as_json)


@log.command("activity")
@click.argument("kind")
@click.option("--minutes", required=True)
@click.option("--intensity", type=choice(Intensity), default="moderate", show_default=True)
@click.option("--notes", default="")
@at_option
@json_option
@pass_app
def log_activity(app: AppContext, as_json: bool, **fields: Any) -> None:
    """Log activity (walking, cycling, gardening...)."""
    entry = app.journal().log_activity(**fields)
    print_entry(entry, as_json)


def _plain_command(kind: EntryKind) -> click.Command:
    """`cramplog log NAME` for a kind of plain fields: one option per field."""

    @pass_app
    def command(app: AppContext, as_json: bool, at: str, notes: str, **values: str | None) -> None:
        entry = app.journal().log_plain(kind, values, at=at, notes=notes)
        print_entry(entry, as_json)

    command = click.option("--notes", default="")(at_option(json_option(command)))
    for f in reversed(kind.plain):
        command = click.option(f.option, f.name, default=None, help=f.allowed() + ".")(command)
    return click.command(kind.name, help=kind.help)(command)


for _kind in PLAIN_KINDS:
    log.add_command(_plain_command(_kind))
