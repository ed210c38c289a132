"""Free-text meals: "2 eggs, 1 cup cooked spinach, 250 ml whole milk, 30 g almonds".

Every item comes back either resolved (a food, an amount and its grams) or
unresolved with the reason and the best candidates. Nothing is dropped, and
nothing is guessed when the words could mean foods with different minerals.

This module matches each item to a food or one of the person's own; how the
text splits into items is meal_phrase's part, the result types meal_items'.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from cramplog.domain import ValidationError
from cramplog.foods.choose import Chosen, NotChosen, choose_food
from cramplog.foods.meal_items import CustomFoodLike, Item, ParsedMeal, ResolvedItem, UnresolvedItem
from cramplog.foods.meal_phrase import PREP_WORDS, household_unit, split_items, trailing_amount
from cramplog.foods.model import Food
from cramplog.foods.portions import CUT_WORDS, assumed_portion
from cramplog.foods.quantity import MAX_GRAMS, Measure, measure, parse_quantity
from cramplog.foods.search import FoodIndex
from cramplog.foods.text import stem, words
from cramplog.foods.units import MASS_G, canonical_unit

MAX_MEAL_CHARS = 2000
MAX_ITEMS = 40
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
_NO_CUSTOM: Mapping[str, CustomFoodLike] = MappingProxyType({})


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


def _parse_item(
    text: str,
    index: FoodIndex,
    customs: Mapping[str, CustomFoodLike],
    boosts: Mapping[str, float] | None,
    household_units: bool = True,
) -> Item:
    try:
        quantity = trailing_amount(parse_quantity(text))
    except ValidationError as exc:
        return UnresolvedItem(text, exc.message)
    rest = quantity.rest
    if not rest:
        return UnresolvedItem(text, "which food? (e.g. '1 cup milk')")
    amount = quantity.amount if quantity.amount is not None else 1.0
    unit = quantity.unit
    if not unit and household_units:
        unit, rest = household_unit(rest)
    qualifiers = tuple(w for w in words(rest) if w in CUT_WORDS)
    query = " ".join(w for w in words(rest) if w not in CUT_WORDS) or rest

    custom = customs.get(_name_key(query)) or customs.get(_name_key(rest))
    if custom is not None:
        return _custom_item(text, custom, amount, unit, quantity.amount is None)

    found = _choose_food(query, tuple(words(rest)), index, boosts)
    if isinstance(found, NotChosen):
        return UnresolvedItem(text, found.reason, found.candidates)
    food, hits = found.food, found.hits
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
        reading=found.note,
    )


def _assumed(food: Food, hints: tuple[str, ...]) -> Measure:
    portion = assumed_portion(food, hints)
    if portion is None:
        raise ValidationError("amount", f"say how much {food.name} (e.g. '100 g')")
    return Measure(portion.grams_per_unit, portion, f"no amount given: 1 {portion.unit} assumed")


def _choose_food(
    query: str, typed: tuple[str, ...], index: FoodIndex, boosts: Mapping[str, float] | None
) -> Chosen | NotChosen:
    """The food the words mean, or the reason there is no single one."""
    found = words(query)
    if found and all(stem(w) in GENERIC_WORDS or w in PREP_WORDS for w in found):
        return NotChosen(f"{query!r} names many foods; say which (e.g. '{_example(query)}')")
    return choose_food(query, typed, index, boosts)


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
