"""How a typed meal reads: where one item ends, an amount typed after the food,
a size word standing for the unit ("1 medium banana")."""

from __future__ import annotations

import re

from cramplog.domain import CramplogError
from cramplog.foods.portions import CUT_WORDS
from cramplog.foods.quantity import VULGAR_FRACTIONS, Quantity, parse_quantity
from cramplog.foods.text import stem, words

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


def trailing_amount(quantity: Quantity) -> Quantity:
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


def household_unit(rest: str) -> tuple[str, str]:
    """("medium", "banana") from "medium banana"; ("", rest) if it opens with no such word."""
    match = _HOUSEHOLD_AT_START.match(rest)
    if match is None or not rest[match.end() :].strip():
        return "", rest
    unit = " ".join(words(match.group(1)))
    if " ".join(stem(w) for w in unit.split()) not in HOUSEHOLD_UNITS:
        return "", rest
    return unit, rest[match.end() :]
