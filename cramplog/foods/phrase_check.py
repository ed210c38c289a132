"""How well meal phrases are matched: everyday phrases against USDA ids written down by hand.

The phrases live in tests/unit/foods/phrases.csv (phrase, expected ids,
whether asking is right, why). Each phrase comes out:

- right: resolved to one of the expected foods;
- asked: not guessed, with an expected food among the candidates, where
  asking is the right answer (the foods differ in minerals and the words do
  not say which);
- wrong: resolved to another food;
- refused: not resolved where it should have been, or without the food among
  the candidates.

The test (tests/unit/foods/test_foods_phrases.py) and the published table
(scripts/food_matching_table.py -> docs/food-matching.md) both come from here.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from cramplog.foods.meal import parse_meal
from cramplog.foods.meal_items import ResolvedItem
from cramplog.foods.search import FoodIndex

Outcome = Literal["right", "asked", "wrong", "refused"]
OUTCOMES: tuple[Outcome, ...] = ("right", "asked", "wrong", "refused")


@dataclass(frozen=True, slots=True)
class Phrase:
    text: str
    expected: frozenset[str]
    ask: bool
    why: str = ""


@dataclass(frozen=True, slots=True)
class Checked:
    phrase: Phrase
    outcome: Outcome
    result: str  # what the matcher did, in a few words


def read_phrases(path: Path) -> list[Phrase]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            Phrase(
                row["phrase"],
                frozenset(row["expected"].split()),
                row["ask"].strip() == "yes",
                row.get("why") or "",
            )
            for row in csv.DictReader(handle)
        ]


def check(phrase: Phrase, index: FoodIndex, boosts: Mapping[str, float] | None = None) -> Checked:
    (item,) = parse_meal(phrase.text, index, boosts=boosts).items
    if isinstance(item, ResolvedItem):
        outcome: Outcome = "right" if item.food_id in phrase.expected else "wrong"
        said = f"{item.food_id} {item.name} ({item.grams:.0f} g)"
        notes = [n for n in (item.note, item.reading) if n]
        return Checked(phrase, outcome, said + (f"; {'; '.join(notes)}" if notes else ""))
    offered = [h.food.id for h in item.candidates]
    among = bool(phrase.expected & set(offered))
    outcome = "asked" if phrase.ask and among else "refused"
    return Checked(phrase, outcome, f"asks: {', '.join(offered) or 'no candidates'}")


def check_all(phrases: Iterable[Phrase], index: FoodIndex) -> list[Checked]:
    return [check(p, index) for p in phrases]


def tally(checked: Iterable[Checked]) -> Counter[Outcome]:
    return Counter(c.outcome for c in checked)


INTRO = """\
# How meal phrases are matched to foods

A meal typed as text ("2 eggs, 1 cup cooked spinach, 250 ml whole milk") is
split into items, and each item's words are matched to a food of the USDA
table (SR28). The app's quick-add line and `cramplog estimate` use the same
matcher (`cramplog.services.meals.parse_meal_text`) with the same history
from the journal, so the same text gives the same foods in both.

## No silent wrong match

The foods whose descriptions have every typed word are the candidates. The
person's own words narrow them first:

- a word that one candidate's description has and another's lacks decides
  ("grated" parmesan, "firm" tofu, "skim" milk);
- people's cooking words are read as USDA's: "baked", "grilled", "roasted"
  and "broiled" are "cooked, dry heat"; "steamed", "boiled" and "poached"
  are "moist heat" or "boiled"; a cooking word no food's description has is
  read as "cooked";
- forms nobody means unless they say so give way to a plain candidate:
  frozen, canned, reduced fat or nonfat, low sodium, sweetened, chocolate,
  from a restaurant, a brand, a food made from the one named (sunflower seed
  *butter*), and raw meat, fish, beans or grains;
- a description that only adds untyped words to another's gives way to it
  ("black beans" are "Beans, black", not the variety "black turtle"), and
  one whose first two parts say only what was typed is preferred ("white
  bread" is "Bread, white", not "Bread, pita, white");
- the food is what the typed noun names, not what it comes in ("tomato
  juice" is not "Tomatoes, canned, packed in tomato juice"; "pumpkin seeds"
  are not the sunfish called pumpkinseed).

A form the person logged before is never dropped by these rules.

What is left is compared per 100 g:

- more than 25% apart in magnesium, potassium or calcium (beyond a small
  absolute difference, `Nutrient.material` in `cramplog/nutrients.py`): the
  item is not guessed. `cramplog estimate` refuses it and lists the
  candidates with their values; the app shows them to choose from (or
  ctrl+f to search). A description that stands for every kind ("all
  types", "type of kernels unspecified") is taken instead when no kind was
  named, and said;
- within about 15% on every tracked nutrient: the plainest candidate (a
  generic description before a brand, then the shortest), said as such;
- in between: the best-ranked one, said as such.

A single everyday word ("milk", "eggs", "rice") has its everyday forms as
candidates (`synonyms.STAPLES`): "eggs" are whole eggs, however cooked;
"rice" is white or brown, which differ threefold in magnesium, so it asks.

## History ranks, typed words decide

The foods a person logged before rank first among the candidates, and when
the candidates differ, one logged before is taken (and said). History never
brings back a candidate the typed words ruled out: "250 ml whole milk" stays
whole milk in a journal where 2% milk was logged.

## Amounts people say

"a handful" of nuts, seeds or dried fruit is 28 g (of other foods ½ cup);
"a glass" is 250 ml; "a mug" 250 ml; "a bowl" 350 ml; "a piece" or a size
word for a food USDA lists without one is one of its portions. With no
amount, one portion is assumed. Each assumption is shown beside the item.

## Known limits

- USDA lists some foods by weight only: "1 tbsp chia seeds", "1 cup kefir"
  (only a brand, by weight) and "1 cup nonfat Greek yogurt" (only a 170 g
  container) are refused with the units each food has; type grams or ounces.
- "raw" or "cooked" for a vegetable typed as one everyday word: "1 cup
  spinach" is raw spinach (30 g a cup); say "cooked" for the cooked one.

## The test set

`tests/unit/foods/phrases.csv` holds everyday phrases for the foods people
with cramps are told to eat, with the USDA ids that are right for each,
written down by hand from foods.csv, and whether asking is the right answer
(when the foods the words could mean differ in minerals). The test
`tests/unit/foods/test_foods_phrases.py` requires at least 95% right or
asked and at most 5% refused. This page is generated by
`python scripts/food_matching_table.py`; a test keeps it equal to what the
matcher does now.
"""


def markdown(checked: list[Checked]) -> str:
    """docs/food-matching.md: how matching works, the figures and every phrase's result."""
    counts = tally(checked)
    total = len(checked)
    lines = [INTRO, "## Results", ""]
    lines.append(
        f"{total} phrases: "
        + ", ".join(f"{counts[o]} {o} ({100 * counts[o] / total:.0f}%)" for o in OUTCOMES)
        + "."
    )
    lines += ["", "| phrase | expected | outcome | result |", "|---|---|---|---|"]
    for c in checked:
        expected = " ".join(sorted(c.phrase.expected)) + (" or ask" if c.phrase.ask else "")
        cells = (c.phrase.text, expected, c.outcome, c.result)
        lines.append("| " + " | ".join(cell.replace("|", "/") for cell in cells) + " |")
    return "\n".join(lines) + "\n"
