"""`cramplog estimate` and `cramplog foods`: output, exit codes, no tracebacks."""

from __future__ import annotations

import json

import click
from click.testing import CliRunner

from cramplog.cli.foods import register


def run(cli: click.Group, *args: str) -> click.testing.Result:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def test_estimate_text(cli: click.Group) -> None:
    result = run(cli, "estimate", "2 eggs, 1 cup cooked spinach, 250 ml whole milk, 30 g almonds")
    assert result.exit_code == 0
    out = result.output
    for expected in (
        "Egg, whole, raw, fresh (01123)",
        "2 × large (50 g) = 100 g",
        "(11458)",
        "(01077)",
        "(12061)",
        "Magnesium",
        "Potassium",
        "Calcium",
        "Vitamin D",
        "Water",
        "Energy",
        "coverage",
        "USDA",
    ):
        assert expected in out


def test_estimate_unmatched_exits_non_zero_with_candidates(cli: click.Group) -> None:
    result = run(cli, "estimate", "1 cup rice, 2 eggs")
    assert result.exit_code == 1
    assert "not understood: '1 cup rice'" in result.output
    assert "Rice, white" in result.output and "(20045)" in result.output
    assert "Traceback" not in result.output


def test_estimate_json_unresolved(cli: click.Group) -> None:
    result = CliRunner().invoke(cli, ["estimate", "--json", "2 eggs, 3 zorblax"])
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["ok"] is False
    assert [i["status"] for i in doc["items"]] == ["resolved", "unresolved"]
    assert doc["items"][1]["reason"].startswith("no food matches")


def test_estimate_meal_level_error_is_one_line(cli: click.Group) -> None:
    result = run(cli, "estimate", "   ")
    assert result.exit_code == 1
    assert result.output.startswith("Error: the meal is empty")


def test_foods_search(cli: click.Group) -> None:
    result = run(cli, "foods", "search", "banana")
    assert result.exit_code == 0
    assert result.output.splitlines()[0].startswith("09040  Bananas, raw")
    doc = json.loads(run(cli, "foods", "search", "--json", "whole", "milk").output)
    assert doc[0]["food_id"] == "01077"
    assert run(cli, "foods", "search", "zzqqxx").exit_code == 1


def test_foods_show(cli: click.Group) -> None:
    result = run(cli, "foods", "show", "9040")
    assert result.exit_code == 0
    assert "Bananas, raw (09040)" in result.output
    assert '1 medium (7" to 7-7/8" long) (118 g): Magnesium 32 mg, Potassium 422 mg' in (
        result.output
    )
    unknown = run(cli, "foods", "show", "19904").output
    assert "Vitamin D  unknown" in unknown
    doc = json.loads(run(cli, "foods", "show", "--json", "01077").output)
    assert doc["per_100g"]["calcium_mg"] == 113
    assert doc["portions"][0] == {"amount": 1.0, "unit": "cup", "grams": 244.0}
    missing = run(cli, "foods", "show", "99999")
    assert missing.exit_code == 1 and "no food with id" in missing.output


def test_foods_top(cli: click.Group) -> None:
    result = run(cli, "foods", "top", "magnesium", "--limit", "5")
    assert result.exit_code == 0
    assert len(result.output.splitlines()) == 6
    doc = json.loads(
        run(cli, "foods", "top", "vitamin", "d", "--per", "100g", "--json", "--all").output
    )
    assert doc["nutrient"] == "vitamin_d_ug" and doc["foods"][0]["food_id"] == "04589"
    bad = run(cli, "foods", "top", "zinc")
    assert bad.exit_code == 1 and bad.output.startswith("Error: unknown nutrient")


def test_register_reuses_an_existing_foods_group() -> None:
    @click.group()
    def group() -> None:
        pass

    @group.group("foods")
    def foods() -> None:
        pass

    @foods.command("add")
    def add() -> None:
        pass

    register(group)
    assert group.commands["foods"] is foods
    assert {"add", "search", "show", "top"} <= set(foods.commands)
