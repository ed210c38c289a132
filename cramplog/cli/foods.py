"""`cramplog estimate` and `cramplog foods ...`: the food table from the command line."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from cramplog.cli.context import AppContext, expected_errors, pass_app
from cramplog.domain import NUTRIENTS
from cramplog.nutrients import FOOD_NUTRIENTS
from cramplog.terminal_text import counted, escape, escape_json, scrub

if TYPE_CHECKING:
    from cramplog.foods.model import Portion

SHOWN = (*NUTRIENTS, "water_g", "energy_kcal")
LABELS = {n.key: n.label for n in FOOD_NUTRIENTS}
SOURCE = "USDA National Nutrient Database for Standard Reference, Release 28 (SR28)"
JSON_VERSION = 1


def register(cli: click.Group) -> None:
    """Add `estimate` and the `foods` group (search, show, top) to ``cli``."""
    cli.add_command(estimate_command)
    group = cli.commands.get("foods")
    if not isinstance(group, click.Group):
        group = foods_group
        cli.add_command(group)
    for command in (search_command, show_command, top_command):
        if command.name not in group.commands:
            group.add_command(command)


def _portion_json(portion: Portion | None) -> dict[str, Any] | None:
    if portion is None:
        return None
    return {"amount": portion.amount, "unit": portion.unit, "grams": portion.grams}


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "unknown"
    text = f"{value:,.1f}" if unit == "µg" or abs(value) < 10 else f"{value:,.0f}"
    return f"{text} {unit}"


def _percent(share: float | None) -> str:
    if share is None:
        return "-"
    # Never show 100% for a share just below it: incomplete is the point.
    percent = share * 100
    return "100%" if share >= 1 else f"{min(percent, 99.9):.0f}%" if percent >= 1 else "<1%"


# --- estimate -----------------------------------------------------------------


@click.command("estimate")
@click.argument("text")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Machine-readable output (documented in docs/estimate-json.md).",
)
@pass_app
@expected_errors
def estimate_command(app: AppContext, text: str, as_json: bool) -> None:
    """Estimate minerals, vitamin D, water and energy of a meal typed as text.

    Read as the app reads it: with the journal's own foods and history, when
    there is a journal (none is created for an estimate).

    Example: cramplog estimate "2 eggs, 1 cup cooked spinach, 250 ml whole milk, 30 g almonds"
    """
    from cramplog.foods.estimate import estimate
    from cramplog.foods.search import default_food_index
    from cramplog.services.meals import parse_meal_text

    index = default_food_index()
    meal = parse_meal_text(app.journal() if app.db_path.exists() else None, text)
    result = estimate(meal.resolved)
    if as_json:
        click.echo(
            escape_json(
                json.dumps(
                    estimate_document(meal, result, index.table.release),
                    indent=2,
                    ensure_ascii=False,
                )
            )
        )
    else:
        _print_estimate(meal, result)
    if not meal.ok:
        for item in meal.unresolved:
            line = f"not understood: {item.text!r}: {item.reason}"
            if item.candidates:
                line += "; candidates: " + "; ".join(item.choices(5))
            click.echo(scrub(line), err=True)
        count = len(meal.unresolved)
        them = "them" if count > 1 else "it"
        click.echo(
            f"Error: {counted(count, 'item')} not understood; nothing was estimated for {them}",
            err=True,
        )
        sys.exit(1)


def _print_estimate(meal: Any, result: Any) -> None:
    resolved = meal.resolved
    # What was typed and a custom food's name are shown escaped (as stored text is).
    width = max((len(escape(item.text)) for item in resolved), default=0)
    for item in resolved:
        how = _how(item)
        source = f" ({item.food_id})" if item.food_id else " (custom)"
        click.echo(f"{escape(item.text):<{width}}  -> {escape(item.name)}{source}: {how}")
    if not resolved:
        return
    click.echo("")
    click.echo(f"Total {result.grams:,.0f} g of food{'' if meal.ok else ' understood'}:")
    click.echo(f"  {'':<10} {'amount':>12}  coverage")
    for key in SHOWN:
        total = result[key]
        note = "" if total.coverage == 1 else "  (USDA has no value for part of it)"
        click.echo(
            f"  {LABELS[key]:<10} {_number(total.amount, total.unit):>12}"
            f"  {_percent(total.coverage):>8}{note}"
        )
    click.echo(f"Source: {SOURCE}.")


def _how(item: Any) -> str:
    """How the weight was found: "2 × large (50 g) = 100 g", "250 ml = 258 g (...)"."""
    grams = f"{item.grams:,.0f} g" if item.grams >= 10 else f"{item.grams:.1f} g"
    amount = f"{item.amount:g}"
    portion = item.portion
    if portion is None:
        how = grams if item.unit in ("g", "") else f"{amount} {item.unit} = {grams}"
    elif not item.unit or item.note.startswith("no amount"):
        each = portion.grams_per_unit
        how = f"{amount} × {portion.unit} ({each:g} g) = {grams}"
    elif "g/ml" in item.note:
        how = f"{amount} {item.unit} = {grams} (density from USDA {portion.label()})"
    else:
        how = f"{amount} {portion.unit} = {grams}"
    said = item.assumptions()
    if said:
        how += f" ({'; '.join(said)})"
    return how


def estimate_document(meal: Any, result: Any, release: str) -> dict[str, Any]:
    """The `estimate --json` document (docs/estimate-json.md)."""
    from cramplog.domain import FOOD_VALUES

    def item_values(item: Any) -> dict[str, float | None]:
        out: dict[str, float | None] = {}
        for key in FOOD_VALUES:
            value = item.per100g.get(key)
            out[key] = None if value is None else round(item.grams * value / 100, 4)
        return out

    items: list[dict[str, Any]] = []
    for item in meal.items:
        if item.resolved:
            items.append(
                {
                    "text": item.text,
                    "status": "resolved",
                    "food_id": item.food_id,
                    "custom_food": item.name if item.custom is not None else None,
                    "name": item.name,
                    "amount": item.amount,
                    "unit": item.unit,
                    "portion": _portion_json(item.portion),
                    "amount_assumed": item.assumed,
                    "grams": round(item.grams, 4),
                    "nutrients": item_values(item),
                }
            )
        else:
            items.append(
                {
                    "text": item.text,
                    "status": "unresolved",
                    "reason": item.reason,
                    "candidates": [
                        {"food_id": h.food.id, "name": h.food.name, "score": h.score}
                        for h in item.candidates
                    ],
                }
            )
    return {
        "version": JSON_VERSION,
        "ok": meal.ok,
        "food_table": release,
        "items": items,
        "grams": round(result.grams, 4),
        "totals": {
            total.key: {
                "amount": None if total.amount is None else round(total.amount, 4),
                "unit": total.unit,
                "coverage": None if total.coverage is None else round(total.coverage, 6),
                "known_grams": round(total.known_grams, 4),
            }
            for total in result
        },
    }


# --- foods ----------------------------------------------------------------------


@click.group("foods")
def foods_group() -> None:
    """Search and inspect the USDA food table."""


@click.command("search")
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 100))
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@expected_errors
def search_command(query: Sequence[str], limit: int, as_json: bool) -> None:
    """Find foods by name: cramplog foods search whole milk"""
    from cramplog.foods.search import default_food_index

    hits = default_food_index().search(" ".join(query), limit)
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "food_id": h.food.id,
                        "name": h.food.name,
                        "group": h.food.group,
                        "score": h.score,
                        "match": h.match,
                    }
                    for h in hits
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    if not hits:
        raise click.ClickException(f"no food matches {' '.join(query)!r}")
    for hit in hits:
        click.echo(f"{hit.food.id}  {hit.food.name}  [{hit.food.group}]")


@click.command("show")
@click.argument("food_id")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@expected_errors
def show_command(food_id: str, as_json: bool) -> None:
    """Show a food's values per 100 g and its household portions."""
    from cramplog.domain import FOOD_VALUES
    from cramplog.foods.estimate import VALUE_UNITS
    from cramplog.foods.table import default_food_table

    table = default_food_table()
    wanted = food_id.strip()
    food = table.get(wanted.zfill(5) if wanted.isdigit() else wanted)
    if food is None:
        raise click.ClickException(
            f"no food with id {food_id!r}; find one with `cramplog foods search`"
        )
    if as_json:
        click.echo(
            json.dumps(
                {
                    "food_id": food.id,
                    "name": food.name,
                    "group": food.group,
                    "common_names": food.common_names,
                    "per_100g": {key: food.per100g.get(key) for key in FOOD_VALUES},
                    "portions": [
                        {"amount": p.amount, "unit": p.unit, "grams": p.grams}
                        for p in food.portions
                    ],
                    "food_table": table.release,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    click.echo(f"{food.name} ({food.id})")
    click.echo(f"Group: {food.group}")
    if food.common_names:
        click.echo(f"Also called: {food.common_names}")
    click.echo("Per 100 g:")
    for key in FOOD_VALUES:
        value = _number(food.per100g.get(key), VALUE_UNITS[key])
        click.echo(f"  {LABELS.get(key, key):<10} {value}")
    if not food.portions:
        click.echo("Portions: none listed by USDA; use g, kg, oz or lb")
        return
    click.echo("Portions:")
    for portion in food.portions:
        parts = []
        for key in NUTRIENTS:
            per100 = food.per100g.get(key)
            amount = None if per100 is None else per100 * portion.grams / 100
            parts.append(f"{LABELS[key]} {_number(amount, VALUE_UNITS[key])}")
        click.echo(f"  {portion.label()}: {', '.join(parts)}")


@click.command("top")
@click.argument("nutrient", nargs=-1, required=True)
@click.option(
    "--per",
    type=click.Choice(["portion", "100g"]),
    default="portion",
    show_default=True,
    help="Rank by a typical portion or by 100 g.",
)
@click.option("--limit", default=15, show_default=True, type=click.IntRange(1, 500))
@click.option(
    "--all",
    "include_all",
    is_flag=True,
    help="Include ingredients (flours, powders, raw dry beans, baby foods).",
)
@click.option("--mine", is_flag=True, help="Only foods you have logged before.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_app
@expected_errors
def top_command(
    app: AppContext,
    nutrient: Sequence[str],
    per: str,
    limit: int,
    include_all: bool,
    mine: bool,
    as_json: bool,
) -> None:
    """Foods richest in a nutrient: cramplog foods top magnesium [--mine]"""
    from cramplog.foods.estimate import VALUE_UNITS
    from cramplog.foods.rank import nutrient_key, top_foods
    from cramplog.foods.table import default_food_table

    key = nutrient_key(" ".join(nutrient))
    only_ids = set(app.journal().logged_food_ids()) if mine else None
    if mine and not only_ids:
        click.echo("no foods logged yet; --mine lists foods from your own entries")
        return
    ranked = top_foods(
        default_food_table(),
        key,
        per="portion" if per == "portion" else "100g",
        limit=limit,
        only_ids=only_ids,
        everyday_only=not include_all and not mine,
    )
    unit = VALUE_UNITS[key]
    if as_json:
        click.echo(
            json.dumps(
                {
                    "nutrient": key,
                    "unit": unit,
                    "per": per,
                    "foods": [
                        {
                            "food_id": t.food.id,
                            "name": t.food.name,
                            "value": round(t.value, 4),
                            "grams": t.grams,
                            "portion": _portion_json(t.portion),
                        }
                        for t in ranked
                    ],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    label = LABELS.get(key, key)
    click.echo(f"{label} per {'typical portion' if per == 'portion' else '100 g'}:")
    for t in ranked:
        where = f"  [{t.portion.label()}]" if t.portion is not None else ""
        click.echo(f"  {_number(t.value, unit):>12}  {t.food.name} ({t.food.id}){where}")
