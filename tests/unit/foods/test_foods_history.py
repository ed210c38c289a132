"""Typed words win, everywhere alike: the app's reading of a meal and
`cramplog estimate` use one matcher with the same history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cramplog.services import Journal
from cramplog.services.meals import Pick, log_meal, parse_meal_text
from tests.unit.foods.conftest import cli_group

TWO_PERCENT = "01079"
HARD_PARMESAN = "01033"
NIGARI_TOFU = "16159"
PHRASES = (
    "2 tbsp grated parmesan",
    "1/2 cup firm tofu",
    "30 g parmesan",
    "250 ml whole milk",
    "1 cup milk",
    "spinich",
    "1 cup salmoon",
    "150 g grilled salmon",
    "1/2 cup firm tofu",
    "2 kiwis",
    "a handful of almonds",
)


@pytest.fixture
def with_history(journal: Journal) -> Journal:
    """2% milk, hard parmesan and nigari tofu logged before."""
    for food_id in (TWO_PERCENT, HARD_PARMESAN, NIGARI_TOFU):
        for _ in range(3):
            log_meal(journal, "", [Pick(food_id, 100.0, "100", "g")])
    return journal


def _estimated(db: Path, text: str) -> dict[str, object]:
    result = CliRunner().invoke(cli_group(db), ["estimate", "--json", text])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    doc = json.loads(result.stdout)
    (item,) = doc["items"]
    assert isinstance(item, dict)
    return item


def test_typed_words_beat_history(with_history: Journal) -> None:
    (milk,) = parse_meal_text(with_history, "250 ml whole milk").resolved
    assert milk.food_id == "01077"
    (grated,) = parse_meal_text(with_history, "2 tbsp grated parmesan").resolved
    assert grated.food_id == "01032"


def test_history_chooses_among_what_the_words_leave_open(with_history: Journal) -> None:
    # Alone, "firm tofu" asks: the coagulant changes calcium threefold.
    (tofu,) = parse_meal_text(with_history, "100 g firm tofu").resolved
    assert tofu.food_id == NIGARI_TOFU
    assert "as logged before" in tofu.reading
    (parmesan,) = parse_meal_text(with_history, "30 g parmesan").resolved
    assert parmesan.food_id == HARD_PARMESAN


@pytest.mark.parametrize("text", PHRASES)
def test_the_app_and_estimate_read_a_meal_alike(
    with_history: Journal, db_path: Path, text: str
) -> None:
    (app,) = parse_meal_text(with_history, text).items
    cli = _estimated(db_path, text)
    assert cli["status"] == ("resolved" if app.resolved else "unresolved")
    if app.resolved:
        assert cli["food_id"] == app.food_id  # type: ignore[union-attr]
        assert cli["grams"] == pytest.approx(app.grams)  # type: ignore[union-attr]
    else:
        ids = [c["food_id"] for c in cli["candidates"]]  # type: ignore[attr-defined]
        assert ids == [h.food.id for h in app.candidates]  # type: ignore[union-attr]
