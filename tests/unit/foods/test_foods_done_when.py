"""The issue's "done when" figures, through the same path `cramplog estimate` uses."""

from __future__ import annotations

import json

import click
import pytest
from click.testing import CliRunner

from cramplog.foods.estimate import estimate
from cramplog.foods.meal import parse_meal
from cramplog.foods.search import FoodIndex


def _total(index: FoodIndex, text: str, key: str) -> float:
    meal = parse_meal(text, index)
    assert meal.ok, meal.problem()
    amount = estimate(meal.resolved)[key].amount
    assert amount is not None
    return amount


def test_one_oz_almonds_is_about_77_mg_magnesium(index: FoodIndex) -> None:
    # 28.35 g x 270 mg/100 g (USDA 12061) = 76.5 mg
    assert round(_total(index, "1 oz almonds", "magnesium_mg")) == 77


def test_one_medium_banana_is_about_422_mg_potassium(index: FoodIndex) -> None:
    # 118 g x 358 mg/100 g (USDA 09040) = 422.4 mg
    assert round(_total(index, "1 medium banana", "potassium_mg")) == 422


def test_one_cup_whole_milk_is_about_276_mg_calcium(index: FoodIndex) -> None:
    # 244 g x 113 mg/100 g (USDA 01077) = 275.7 mg
    assert round(_total(index, "1 cup whole milk", "calcium_mg")) == 276


def test_vitamin_d_coverage_is_partial_when_a_food_has_no_value(index: FoodIndex) -> None:
    # 19904 dark chocolate 70-85% has no Nutr_No 328 row in NUT_DATA.txt.
    meal = parse_meal("1 cup whole milk, 30 g dark chocolate 70-85%", index)
    assert meal.ok, meal.problem()
    vitamin_d = estimate(meal.resolved)["vitamin_d_ug"]
    assert vitamin_d.coverage == pytest.approx(244 / (244 + 30))
    assert vitamin_d.coverage is not None and vitamin_d.coverage < 1
    # Only the milk counts: 244 x 1.3 / 100; the chocolate is unknown, not 0.
    assert vitamin_d.amount == pytest.approx(3.172)
    magnesium = estimate(meal.resolved)["magnesium_mg"]
    assert magnesium.coverage == 1.0


def test_cli_estimate_reports_the_figures(cli: click.Group) -> None:
    result = CliRunner().invoke(
        cli,
        ["estimate", "1 oz almonds, 1 medium banana, 1 cup whole milk, 30 g dark chocolate 70-85%"],
    )
    assert result.exit_code == 0, result.output
    assert "12061" in result.output and "09040" in result.output
    lines = {
        line.split()[0]: line
        for line in result.output.splitlines()
        if line.startswith("  ") and line.split()
    }
    assert "Vitamin" in lines and "%" in lines["Vitamin"]
    assert "100%" not in lines["Vitamin"]


def test_cli_estimate_json(cli: click.Group) -> None:
    result = CliRunner().invoke(
        cli, ["estimate", "--json", "1 oz almonds, 1 medium banana, 1 cup whole milk"]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["ok"] is True
    assert [i["food_id"] for i in doc["items"]] == ["12061", "09040", "01077"]
    assert doc["items"][1]["grams"] == 118.0
    mg = 28.349523125 * 270 / 100 + 118 * 27 / 100 + 244 * 10 / 100
    assert doc["totals"]["magnesium_mg"]["amount"] == pytest.approx(mg, abs=1e-3)
    assert doc["totals"]["calcium_mg"]["coverage"] == 1.0
    assert set(doc["totals"]) >= {
        "magnesium_mg",
        "potassium_mg",
        "calcium_mg",
        "vitamin_d_ug",
        "water_g",
        "energy_kcal",
    }
