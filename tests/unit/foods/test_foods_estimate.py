"""Totals and coverage: unknown stays unknown."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from cramplog.domain import Per100g, ValidationError
from cramplog.foods.estimate import estimate


@dataclass(frozen=True)
class Item:
    grams: float
    per100g: Per100g


def test_sums_and_full_coverage() -> None:
    result = estimate(
        [
            Item(200, Per100g(magnesium_mg=10, vitamin_d_ug=1.0)),
            Item(50, Per100g(magnesium_mg=100, vitamin_d_ug=0.0)),
        ]
    )
    assert result.grams == 250
    assert result["magnesium_mg"].amount == pytest.approx(20 + 50)
    assert result["magnesium_mg"].coverage == 1.0
    assert result["magnesium_mg"].unit == "mg"
    assert result["vitamin_d_ug"].amount == pytest.approx(2.0)
    assert result["vitamin_d_ug"].unit == "µg"


def test_unknown_is_left_out_and_lowers_coverage() -> None:
    result = estimate([Item(300, Per100g(vitamin_d_ug=1.0)), Item(100, Per100g())])
    vitamin_d = result["vitamin_d_ug"]
    assert vitamin_d.amount == pytest.approx(3.0)
    assert vitamin_d.coverage == pytest.approx(0.75)
    assert vitamin_d.known_grams == 300


def test_nothing_known_is_none_not_zero() -> None:
    result = estimate([Item(100, Per100g(calcium_mg=5))])
    assert result["magnesium_mg"].amount is None
    assert result["magnesium_mg"].coverage == 0.0
    # A known zero is a value.
    zero = estimate([Item(100, Per100g(vitamin_d_ug=0.0))])["vitamin_d_ug"]
    assert zero.amount == 0.0 and zero.coverage == 1.0


def test_nothing_logged() -> None:
    result = estimate([])
    assert result.grams == 0
    assert all(total.amount is None and total.coverage is None for total in result)
    with pytest.raises(KeyError):
        result["zinc_mg"]


def test_bad_grams_are_refused() -> None:
    with pytest.raises(ValidationError):
        estimate([Item(float("nan"), Per100g())])
    with pytest.raises(ValidationError):
        estimate([Item(-1, Per100g())])
