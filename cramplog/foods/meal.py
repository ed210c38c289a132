"""Free-text meals: "2 eggs, 1 cup cooked spinach, 250 ml whole milk, 30 g almonds".

Every item comes back either resolved (a food, an amount and its grams) or
unresolved with the reason and the best candidates. Nothing is dropped, and
nothing is guessed when the words could mean foods with different minerals.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Protocol

from cramplog.domain import CramplogError, Per100g, ValidationError
from cramplog.foods.model import Food, Portion
from cramplog.foods.portions import CUT_WORDS, assumed_portion
from cramplog.foods.quantity import (
    MAX_GRAMS,
    VULGAR_FRACTIONS,
    Measure,
    Quantity,
    measure,
    parse_quantity,
)
from cramplog.foods.search import FoodIndex, SearchHit
from cramplog.foods.text import stem, words
from cramplog.foods.units import MASS_G, canonical_unit
from cramplog.nutrients import FOOD_NUTRIENTS

MAX_MEAL_CHARS = 2000
MAX_ITEMS = 40
# Score gap under which two foods are equally good readings of the words.
NEAR = 4.0
# A misspelt word is accepted only when one reading is far ahead of the next.
TYPO_MARGIN = 8.0
# Differences that matter for the estimate; smaller ones (salted or not,
# brand A or B) leave the choice to the ranking.
MATERIAL: dict[str, float] = {n.key: n.material for n in FOOD_NUTRIENTS if n.material}
# Size, shape and container words that can stand before a food as its unit
# ("1 medium banana", "2 slices bread"). Words that are also foods (breast,
# cookie) are left out: "2 chicken breasts" is a count of a food.
HOUSEHOLD_WORDS = frozenset(
    {
        "small",
        "medium",
        "large",
        "jumbo",
        "slice",
        "piece",
        "stalk",
        "leaf",
        "clove",
        "fillet",
        "filet",
        "steak",
        "spear",
        "sprig",
        "head",
        "bunch",
        "ear",
        "pat",
        "stick",
        "scoop",
        "serving",
        "container",
        "packet",
        "package",
        "can",
        "bottle",
        "bar",
        "link",
        "patty",
        "strip",
        "wedge",
        "cube",
        "chop",
        "glass",
        "mug",
        "bowl",
        "handful",
        "pinch",
        "dash",
        "square",
        "sheet",
        "round",
        "floret",
        "segment",
        "section",
        "whole",
        "half",
        "order",
        "item",
        "unit",
        "pod",
        "root",
        "spoon",
    }
)
# Words that name a kind of food rather than a food: "fish" or "cheese" alone
# could mean foods whose minerals differ several-fold, so the parser asks.
GENERIC_WORDS = frozenset(
    {
        "fish",
        "meat",
        "nut",
        "seed",
        "cheese",
        "juice",
        "cereal",
        "soup",
        "sauce",
        "salad",
        "sandwich",
        "bean",
        "oil",
        "drink",
        "beverage",
        "snack",
        "candy",
        "candie",
        "fruit",
        "vegetable",
        "veg",
        "veggie",
        "berry",
        "berrie",
        "dessert",
        "cake",
        "cookie",
        "pie",
        "pizza",
        "sausage",
        "curry",
        "stew",
        "food",
        "meal",
        "dinner",
        "lunch",
        "breakfast",
        "leftover",
        "smoothie",
        "shake",
        "cracker",
        "chip",
    }
)
PREP_WORDS = CUT_WORDS | {
    "cooked",
    "raw",
    "boiled",
    "fried",
    "baked",
    "roasted",
    "steamed",
    "grilled",
    "toasted",
    "drained",
    "fresh",
    "frozen",
    "canned",
    "plain",
    "unsalted",
    "salted",
    "skinless",
    "boneless",
    "without",
    "with",
    "salt",
    "peeled",
    "unpeeled",
}
_SPLIT = re.compile(r"[;\n\r]+|(?<![0-9]),|,(?![0-9])|\s\+\s")
_AMOUNT_AHEAD = (
    r"(?=\s*(?:[0-9]|[" + "".join(VULGAR_FRACTIONS) + r"]|(?:a|an|one|two|three|four|five|six"
    r"|seven|eight|nine|ten|half)\s))"
)
_JOINERS = re.compile(r"\s+(?:and|&|plus|with)" + _AMOUNT_AHEAD, re.IGNORECASE)
HOUSEHOLD_UNITS = HOUSEHOLD_WORDS | {"extra large", "extra small"}
_HOUSEHOLD_AT_START = re.compile(
    r"(extra[\s-]+large|extra[\s-]+small|[a-z]+)(?:[\s-]+size[d]?)?(?:\s+of)?\s+", re.IGNORECASE
)
_NO_CUSTOM: Mapping[str, CustomFoodLike] = MappingProxyType({})


class CustomFoodLike(Protocol):
    """A person's own food or a recipe portion, as the journal stores it."""

    @property
    def name(self) -> str: ...

    @property
    def per100g(self) -> Per100g: ...

    @property
    def serving_grams(self) -> float | None: ...


@dataclass(frozen=True, slots=True)
class ResolvedItem:
    """One item understood: which food, how much, and its weight.

    ``unit`` is the unit as understood ("cup", "medium", "" for a count);
    ``portion`` the USDA portion its weight came from, if any; ``assumed`` is
    True when the text gave no amount and one portion was assumed.
    """

    text: str
    name: str
    amount: float
    unit: str
    grams: float
    per100g: Per100g
    food: Food | None = None
    custom: CustomFoodLike | None = None
    portion: Portion | None = None
    note: str = ""
    assumed: bool = False

    @property
    def food_id(self) -> str | None:
        return self.food.id if self.food is not None else None

    @property
    def resolved(self) -> bool:
        return True


@dataclass(frozen=True, slots=True)
class UnresolvedItem:
    """An item that was not understood, why, and what it might have meant."""

    text: str
    reason: str
    candidates: tuple[SearchHit, ...] = ()

    @property
    def resolved(self) -> bool:
        return False


Item = ResolvedItem | UnresolvedItem


@dataclass(frozen=True, slots=True)
class ParsedMeal:
    text: str
    items: tuple[Item, ...]

    @property
    def resolved(self) -> tuple[ResolvedItem, ...]:
        return tuple(i for i in self.items if isinstance(i, ResolvedItem))

    @property
    def unresolved(self) -> tuple[UnresolvedItem, ...]:
        return tuple(i for i in self.items if isinstance(i, UnresolvedItem))

    @property
    def ok(self) -> bool:
        return not self.unresolved

    def problem(self) -> str:
        """One line naming each item that was not understood, for an error message."""
        parts = []
        for item in self.unresolved:
            line = f"{item.text!r}: {item.reason}"
            if item.candidates:
                line += (
                    " ("
                    + "; ".join(f"{h.food.id} {h.food.name}" for h in item.candidates[:3])
                    + ")"
                )
            parts.append(line)
        return " | ".join(parts)


def parse_meal(
    text: str,
    index: FoodIndex,
    *,
    custom_foods: Mapping[str, CustomFoodLike] = _NO_CUSTOM,
    boosts: Mapping[str, float] | None = None,
) -> ParsedMeal:
    """Parse a meal typed as free text into items.

    Raises ValidationError(field="meal") only for the text as a whole (empty,
    too long, too many items); each item's problem is reported in its
    UnresolvedItem instead.
    """
    if not isinstance(text, str):
        raise ValidationError("meal", "a meal must be text")
    if len(text) > MAX_MEAL_CHARS:
        raise ValidationError(
            "meal", f"a meal is at most {MAX_MEAL_CHARS} characters; split it into several"
        )
    pieces = split_items(text)
    if not pieces:
        raise ValidationError(
            "meal",
            "the meal is empty; type what you ate, e.g. '2 eggs, 1 slice toast, 250 ml milk'",
        )
    if len(pieces) > MAX_ITEMS:
        raise ValidationError("meal", f"a meal has at most {MAX_ITEMS} items; split it")
    customs = {_name_key(k): v for k, v in custom_foods.items()}
    customs.update({_name_key(v.name): v for v in custom_foods.values()})
    items = tuple(_parse_item(piece, index, customs, boosts) for piece in pieces)
    return ParsedMeal(text=text, items=items)


def split_items(text: str) -> list[str]:
    """The items of a meal: split at commas, semicolons, new lines, '+', and at
    'and'/'with' followed by an amount; a piece that only says how something
    was prepared ("1 cup spinach, cooked") stays with the item before it."""
    pieces: list[str] = []
    for chunk in _SPLIT.split(text):
        for piece in _JOINERS.split(chunk):
            piece = " ".join(piece.split())
            if not piece:
                continue
            if pieces and _continues(pieces[-1], piece):
                pieces[-1] = f"{pieces[-1]}, {piece}"
            else:
                pieces.append(piece)
    return pieces


def _continues(previous: str, piece: str) -> bool:
    try:
        quantity = parse_quantity(piece)
        before = parse_quantity(previous)
    except CramplogError:
        return False
    if quantity.amount is not None:
        return False
    found = words(piece)
    only_prep = bool(found) and all(w in PREP_WORDS for w in found)
    # "1 cup, chopped broccoli": the unit was cut off from its food.
    unit_alone = before.amount is not None and bool(before.unit) and not before.rest
    return only_prep or unit_alone


def _parse_item(
    text: str,
    index: FoodIndex,
    customs: Mapping[str, CustomFoodLike],
    boosts: Mapping[str, float] | None,
    household_units: bool = True,
) -> Item:
    try:
        quantity = _trailing_amount(parse_quantity(text))
    except ValidationError as exc:
        return UnresolvedItem(text, exc.message)
    rest = quantity.rest
    if not rest:
        return UnresolvedItem(text, "which food? (e.g. '1 cup milk')")
    amount = quantity.amount if quantity.amount is not None else 1.0
    unit = quantity.unit
    if not unit and household_units:
        unit, rest = _household_unit(rest)
    qualifiers = tuple(w for w in words(rest) if w in CUT_WORDS)
    query = " ".join(w for w in words(rest) if w not in CUT_WORDS) or rest

    custom = customs.get(_name_key(query)) or customs.get(_name_key(rest))
    if custom is not None:
        return _custom_item(text, custom, amount, unit, quantity.amount is None)

    found = _choose_food(query, index, boosts)
    if isinstance(found, str):
        return UnresolvedItem(text, found, tuple(index.search(query, 5, boosts)))
    food, hits = found
    hints = tuple(words(query))
    try:
        if quantity.amount is None and not unit:
            result = _assumed(food, hints)
        else:
            result = measure(food, amount, unit, qualifiers, hints)
    except ValidationError as exc:
        if unit and not quantity.unit:
            # "1 bar chocolate" may name a food, not a unit: read it as a count.
            retry = _parse_item(text, index, customs, boosts, household_units=False)
            if isinstance(retry, ResolvedItem):
                return retry
        return UnresolvedItem(text, exc.message, tuple(hits[:1]))
    return ResolvedItem(
        text=text,
        name=food.name,
        amount=amount,
        unit=unit,
        grams=result.grams,
        per100g=food.per100g,
        food=food,
        portion=result.portion,
        note=result.note,
        assumed=quantity.amount is None,
    )


def _trailing_amount(quantity: Quantity) -> Quantity:
    """ "salmon 150 g", "milk 250ml": an amount typed after the food."""
    if quantity.amount is not None:
        return quantity
    times = re.search(
        r"\s*(?:[x×]\s*([0-9]+(?:\.[0-9]+)?)|([0-9]+(?:\.[0-9]+)?)\s*[x×])$",
        quantity.rest,
        re.IGNORECASE,
    )
    if times is not None and quantity.rest[: times.start()].strip():
        count = float(times.group(1) or times.group(2))
        if count > 0:
            return Quantity(count, "", quantity.rest[: times.start()].strip())
    parts = quantity.rest.split()
    for k in (3, 2, 1):
        if len(parts) <= k:
            continue
        tail = parse_quantity(" ".join(parts[-k:]))
        if tail.amount is not None and not tail.rest:
            return Quantity(tail.amount, tail.unit, " ".join(parts[:-k]))
    return quantity


def _household_unit(rest: str) -> tuple[str, str]:
    """("medium", "banana") from "medium banana"; ("", rest) if it opens with no such word."""
    match = _HOUSEHOLD_AT_START.match(rest)
    if match is None or not rest[match.end() :].strip():
        return "", rest
    unit = " ".join(words(match.group(1)))
    if " ".join(stem(w) for w in unit.split()) not in HOUSEHOLD_UNITS:
        return "", rest
    return unit, rest[match.end() :]


def _assumed(food: Food, hints: tuple[str, ...]) -> Measure:
    portion = assumed_portion(food, hints)
    if portion is None:
        raise ValidationError("amount", f"say how much {food.name} (e.g. '100 g')")
    return Measure(portion.grams_per_unit, portion, f"no amount given: 1 {portion.unit} assumed")


def _choose_food(
    query: str, index: FoodIndex, boosts: Mapping[str, float] | None
) -> tuple[Food, list[SearchHit]] | str:
    """The food the words mean, or the reason there is no single one."""
    found = words(query)
    if found and all(stem(w) in GENERIC_WORDS or w in PREP_WORDS for w in found):
        return f"{query!r} names many foods; say which (e.g. '{_example(query)}')"
    hits = index.search(query, 8, boosts, whole_words=True)
    if not hits:
        return f"no food matches {query!r}; try other words or `cramplog foods search`"
    top = hits[0]
    if top.match == "partial":
        return f"no food matches every word of {query!r}"
    margin = top.score - hits[1].score if len(hits) > 1 else float("inf")
    if top.match == "typo" and margin < TYPO_MARGIN:
        return f"{query!r} is not a name I know; did you mean one of these?"
    if top.match == "prefix" and any(len(w) < 3 for w in words(query)):
        return f"{query!r} is too short to be sure; type more of the name"
    rivals = [h for h in hits[1:] if top.score - h.score < NEAR and _differs(top.food, h.food)]
    if rivals:
        return f"{query!r} could be several foods with different minerals; say which"
    return top.food, hits


def _example(query: str) -> str:
    examples = {
        "fish": "salmon",
        "cheese": "cheddar cheese",
        "juice": "orange juice",
        "nut": "almonds",
        "bean": "black beans",
        "oil": "olive oil",
    }
    for word in words(query):
        if stem(word) in examples:
            return examples[stem(word)]
    return f"{query} with its kind or brand"


def _differs(a: Food, b: Food) -> bool:
    for key, floor in MATERIAL.items():
        x, y = a.per100g.get(key), b.per100g.get(key)
        if x is not None and y is not None and abs(x - y) > max(floor, 0.2 * max(x, y)):
            return True
    return False


def _custom_item(
    text: str, custom: CustomFoodLike, amount: float, unit: str, assumed: bool
) -> Item:
    standard = canonical_unit(unit) if unit else None
    if standard is not None and standard in MASS_G:
        grams = amount * MASS_G[standard]
    elif not unit or stem(unit) in {"serving", "portion", "piece", "item", "unit"}:
        if custom.serving_grams is None:
            return UnresolvedItem(
                text, f"{custom.name} has no serving size; give grams (e.g. '150 g {custom.name}')"
            )
        grams = amount * custom.serving_grams
    else:
        return UnresolvedItem(
            text,
            f"{custom.name} is measured in g, kg, oz, lb"
            + (" or servings" if custom.serving_grams else ""),
        )
    if grams > MAX_GRAMS:
        return UnresolvedItem(
            text, f"{grams:,.0f} g is more than one person eats at once; check the amount"
        )
    return ResolvedItem(
        text=text,
        name=custom.name,
        amount=amount,
        unit=unit,
        grams=grams,
        per100g=custom.per100g,
        custom=custom,
        assumed=assumed,
    )


def _name_key(name: str) -> str:
    return " ".join(stem(w) for w in words(name))


__all__: Sequence[str] = (
    "CustomFoodLike",
    "Item",
    "ParsedMeal",
    "ResolvedItem",
    "UnresolvedItem",
    "parse_meal",
    "split_items",
)
