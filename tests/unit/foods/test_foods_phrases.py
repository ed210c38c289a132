"""Everyday meal phrases against USDA ids written down by hand (phrases.csv)."""

from __future__ import annotations

from pathlib import Path

from cramplog.foods.phrase_check import check_all, markdown, read_phrases, tally
from cramplog.foods.search import FoodIndex

HERE = Path(__file__).parent
PHRASES = HERE / "phrases.csv"
PAGE = HERE.parents[2] / "docs" / "food-matching.md"


def test_everyday_phrases_are_matched_right_or_asked(index: FoodIndex) -> None:
    phrases = read_phrases(PHRASES)
    assert len(phrases) >= 60
    checked = check_all(phrases, index)
    counts = tally(checked)
    misses = [c for c in checked if c.outcome in ("wrong", "refused")]
    table = "\n".join(
        f"{c.outcome:8} {c.phrase.text!r}: expected {' '.join(sorted(c.phrase.expected))}"
        f"{' or ask' if c.phrase.ask else ''}; got {c.result}"
        for c in misses
    )
    print(f"{dict(counts)}\n{table}")
    total = len(checked)
    assert counts["right"] + counts["asked"] >= 0.95 * total, table
    assert counts["refused"] <= 0.05 * total, table


def test_the_published_table_is_what_the_matcher_does(index: FoodIndex) -> None:
    text = markdown(check_all(read_phrases(PHRASES), index))
    assert PAGE.read_text(encoding="utf-8") == text, (
        "docs/food-matching.md is out of date: python scripts/food_matching_table.py"
    )
