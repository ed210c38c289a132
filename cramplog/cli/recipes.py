"""Custom foods and recipes: the person's own foods, stored in the journal."""

from __future__ import annotations

import json

import click

from cramplog.cli.context import AppContext, F, pass_app
from cramplog.domain import FOOD_VALUES, Per100g, RecipeItem, ValidationError
from cramplog.nutrients import FOOD_NUTRIENTS, nutrient
from cramplog.services import validate as v
from cramplog.terminal_text import counted, escape, escape_json


def food_value_options(f: F) -> F:
    """One option per value of a food (--magnesium-mg ...), from the nutrient registry."""
    for n in reversed(FOOD_NUTRIENTS):
        f = click.option(n.option, n.key, default=None, help=f"{n.label}, {n.unit}.")(f)
    return f


@click.command("add")
@click.argument("name")
@click.option(
    "--per",
    "basis",
    type=click.Choice(["100g", "serving"]),
    default="100g",
    show_default=True,
    help="Whether the values are per 100 g or per serving.",
)
@click.option(
    "--serving-grams", default=None, help="Grams in one serving (needed with --per serving)."
)
@food_value_options
@click.option("--notes", default="")
@click.option("--json", "as_json", is_flag=True)
@pass_app
def foods_add(
    app: AppContext,
    /,
    name: str,
    basis: str,
    serving_grams: str | None,
    notes: str,
    as_json: bool,
    **values: str | None,
) -> None:
    """Add a custom food (from its label). A value not given is unknown, not 0."""
    from cramplog.services import validate as v

    grams = None if serving_grams is None else v.positive("serving_grams", serving_grams, 5000, "g")
    if basis == "serving" and grams is None:
        raise ValidationError("serving_grams", "serving_grams is required with --per serving")
    scale = 100.0 / grams if basis == "serving" and grams else 1.0
    per100g = Per100g(
        **{
            key: None
            if values[key] is None
            else v.non_negative(key, values[key], 100000, nutrient(key).unit) * scale
            for key in FOOD_VALUES
        }
    )
    food = app.journal().add_custom_food(name, per100g, grams, notes)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "name": food.name,
                    "serving_grams": food.serving_grams,
                    "per_100g": {k: food.per100g.get(k) for k in FOOD_VALUES},
                }
            )
        )
    else:
        click.echo(
            f'added custom food {food.name!r}; log it with `cramplog log food "100 g {food.name}"`'
        )


@click.command("mine")
@click.option("--json", "as_json", is_flag=True)
@pass_app
def foods_mine(app: AppContext, as_json: bool) -> None:
    """List your custom foods."""
    foods = app.journal().custom_foods()
    if as_json:
        click.echo(
            escape_json(
                json.dumps(
                    [
                        {
                            "name": f.name,
                            "serving_grams": f.serving_grams,
                            "per_100g": {k: f.per100g.get(k) for k in FOOD_VALUES},
                        }
                        for f in foods
                    ],
                    ensure_ascii=False,
                )
            )
        )
        return
    if not foods:
        click.echo("no custom foods yet; add one with `cramplog foods add NAME`")
    for f in foods:
        known = ", ".join(
            f"{k.rsplit('_', 1)[0].replace('_', ' ')} {f.per100g.get(k):g} {nutrient(k).unit}"
            for k in FOOD_VALUES
            if f.per100g.get(k) is not None
        )
        serving = f"; serving {f.serving_grams:g} g" if f.serving_grams else ""
        click.echo(f"{escape(f.name)} (per 100 g: {known or 'no values'}{serving})")


@click.group("recipe")
def recipe() -> None:
    """Recipes: a named list of foods, eaten by the portion."""


@recipe.command("add")
@click.argument("name")
@click.argument("text")
@click.option("--portions", default="1", show_default=True, help="Portions the recipe makes.")
@pass_app
def recipe_add(app: AppContext, name: str, text: str, portions: str) -> None:
    """Add a recipe from a meal line: `cramplog recipe add Smoothie "1 banana, 250 ml milk"`."""
    from cramplog.services.meals import parse_meal_text

    journal = app.journal()
    parsed = parse_meal_text(journal, text)
    if not parsed.ok:
        raise ValidationError("text", "recipe not added: " + parsed.problem())
    items = [
        RecipeItem(
            grams=round(i.grams, 2),
            food_id=i.food_id,
            custom_food=i.custom.name if i.custom is not None else None,
        )
        for i in parsed.resolved
    ]
    saved = journal.add_recipe(name, portions, items)
    total = sum(i.grams for i in saved.items)
    click.echo(
        f"added recipe {saved.name!r}: {counted(len(saved.items), 'food')}, {total:g} g,"
        f" {counted(saved.portions, 'portion')}"
    )


@recipe.command("list")
@click.option("--json", "as_json", is_flag=True)
@pass_app
def recipe_list(app: AppContext, as_json: bool) -> None:
    """List recipes."""
    recipes = app.journal().recipes()
    if as_json:
        click.echo(
            escape_json(
                json.dumps(
                    [
                        {
                            "name": r.name,
                            "portions": r.portions,
                            "items": [
                                {
                                    "food_id": i.food_id,
                                    "custom_food": i.custom_food,
                                    "grams": i.grams,
                                }
                                for i in r.items
                            ],
                        }
                        for r in recipes
                    ],
                    ensure_ascii=False,
                )
            )
        )
        return
    if not recipes:
        click.echo('no recipes yet; add one with `cramplog recipe add NAME "FOODS"`')
    for r in recipes:
        click.echo(
            f"{escape(r.name)} ({counted(r.portions, 'portion')}, {counted(len(r.items), 'food')},"
            f" {sum(i.grams for i in r.items):g} g)"
        )


@recipe.command("log")
@click.argument("name")
@click.option("--portions", default="1", show_default=True, help="Portions eaten.")
@click.option("--meal", default=None)
@click.option("--at", default="now", show_default=True)
@pass_app
def recipe_log(app: AppContext, name: str, portions: str, meal: str | None, at: str) -> None:
    """Log portions of a recipe as food entries."""
    entries = app.journal().log_recipe(name, portions=portions, meal=meal, at=at)
    total = sum(e.grams for e in entries)
    click.echo(
        # The number as the service read it (the same check, already passed).
        f"logged {counted(v.positive('portions', portions, 100), 'portion')} of {escape(name)}:"
        f" {counted(len(entries), 'food')}, {total:g} g"
    )


def register(cli: click.Group) -> None:
    cli.add_command(recipe)
    foods = cli.commands.get("foods")
    if isinstance(foods, click.Group):
        foods.add_command(foods_add)
        foods.add_command(foods_mine)
