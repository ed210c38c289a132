"""Amounts and units as people type them, and their weight in grams for a food."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from cramplog.domain import ValidationError
from cramplog.foods.model import Food, Portion
from cramplog.foods.portions import (
    assumed_portion,
    default_count,
    density,
    describe_units,
    is_water_like,
    match_household,
    match_standard,
)
from cramplog.foods.text import stem, words
from cramplog.foods.units import MASS_G, VOLUME_ML, canonical_unit, unit_at_start

# A single item heavier than this is a typo ("250 l milk"), not a meal.
MAX_GRAMS = 5000.0
MAX_AMOUNT = 10_000.0

VULGAR_FRACTIONS: dict[str, float] = {
    "½": 1 / 2,
    "⅓": 1 / 3,
    "⅔": 2 / 3,
    "¼": 1 / 4,
    "¾": 3 / 4,
    "⅕": 1 / 5,
    "⅖": 2 / 5,
    "⅗": 3 / 5,
    "⅘": 4 / 5,
    "⅙": 1 / 6,
    "⅚": 5 / 6,
    "⅛": 1 / 8,
    "⅜": 3 / 8,
    "⅝": 5 / 8,
    "⅞": 7 / 8,
}
NUMBER_WORDS: dict[str, float] = {
    "a": 1.0,
    "an": 1.0,
    "one": 1.0,
    "two": 2.0,
    "three": 3.0,
    "four": 4.0,
    "five": 5.0,
    "six": 6.0,
    "seven": 7.0,
    "eight": 8.0,
    "nine": 9.0,
    "ten": 10.0,
    "eleven": 11.0,
    "twelve": 12.0,
    "half": 0.5,
    "quarter": 0.25,
    "dozen": 12.0,
    "couple": 2.0,
}
_VULGAR = "".join(VULGAR_FRACTIONS)
_INT = r"[0-9]+"
_DECIMAL = r"(?:[0-9]+(?:[.,][0-9]+)?|[.,][0-9]+)"
_AMOUNT = re.compile(
    rf"""\s*(?:
        (?P<whole>{_INT})(?:\s+|\s*-\s*)(?P<num>{_INT})\s*[/⁄]\s*(?P<den>{_INT})   # 1 1/2, 1-1/2
      | (?P<whole2>{_INT})?\s*(?P<vulgar>[{_VULGAR}])                          # ½, 1½, 1 ½
      | (?P<num2>{_INT})\s*[/⁄]\s*(?P<den2>{_INT})                              # 1/2
      | (?P<decimal>{_DECIMAL})                                               # 2, 2.5, 2,5
    )""",
    re.VERBOSE,
)
_WORD_AMOUNT = re.compile(
    r"\s*(?:(?:a|an|one)\s+half(?:\s+(?:a|an))?|half\s+(?:a|an)|a\s+couple(?:\s+of)?"
    r"|a\s+dozen|(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|half|quarter|dozen|couple))(?![a-z])",
    re.IGNORECASE,
)
_RANGE = re.compile(rf"\s*(?:-|–|to|or)\s*(?:{_DECIMAL}|[{_VULGAR}])", re.IGNORECASE)
_TIMES = re.compile(r"\s*[x×*](?![a-z])", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Quantity:
    """What the start of an item says about its amount.

    ``amount`` is None when the text gives none ("toast"); ``unit`` is a
    standard unit ("cup", "g") or "" when the text gives none (a count, or a
    household unit such as "medium" that only the food can interpret).
    """

    amount: float | None
    unit: str
    rest: str


@dataclass(frozen=True, slots=True)
class Measure:
    """An amount of one food in grams, and the USDA portion it came from."""

    grams: float
    portion: Portion | None = None
    note: str = ""


def parse_amount(text: str) -> tuple[float | None, str]:
    """(amount, rest of the text) for "1 1/2 cups", "½ cup", "2.5 kg", "a banana".

    Raises ValidationError(field="amount") for a range, zero, a negative or an
    absurd amount; returns (None, text) when the text opens with no amount.
    """
    stripped = text.lstrip()
    if stripped.startswith(("-", "−")) and _AMOUNT.match(stripped[1:]):
        raise ValidationError("amount", f"{text.strip()!r}: an amount must be more than 0")
    match = _AMOUNT.match(text)
    if match is not None and not text[match.end() :].startswith("%"):
        amount = _amount_value(match, text)
        rest = text[match.end() :]
        if _RANGE.match(rest) and not re.match(r"\s*-\s*[a-z]", rest, re.IGNORECASE):
            raise ValidationError("amount", f"{text.strip()!r}: give one amount, not a range")
        times = _TIMES.match(rest)
        if times is not None:
            rest = rest[times.end() :]
            # "2 x 100 g yogurt": two pots of 100 g.
            inner = _AMOUNT.match(rest)
            if inner is not None and not rest[inner.end() :].startswith("%"):
                amount *= _amount_value(inner, text)
                rest = rest[inner.end() :]
        return _checked(amount, text), rest
    words_match = _WORD_AMOUNT.match(text)
    if words_match is not None:
        phrase = " ".join(words_match.group(0).lower().split())
        if "half" in phrase:
            amount = 0.5
        elif "dozen" in phrase:
            amount = 12.0
        elif "couple" in phrase:
            amount = 2.0
        else:
            amount = NUMBER_WORDS[phrase.split()[-1]]
        rest = text[words_match.end() :]
        # "half a cup", "a dozen eggs": the article after the number is filler.
        rest = re.sub(r"^\s+(?:of\s+)?", " ", rest)
        return amount, rest
    return None, text


def _amount_value(match: re.Match[str], text: str) -> float:
    parts = match.groupdict()
    if parts["whole"] is not None:
        value = int(parts["whole"]) + _fraction(parts["num"], parts["den"], text)
    elif parts["vulgar"] is not None:
        value = int(parts["whole2"] or 0) + VULGAR_FRACTIONS[parts["vulgar"]]
    elif parts["num2"] is not None:
        value = _fraction(parts["num2"], parts["den2"], text)
    else:
        decimal = parts["decimal"] or ""
        # "2,5" is a decimal comma; "1,500" a thousands separator.
        if re.fullmatch(r"[0-9]{1,3},[0-9]{3}", decimal):
            decimal = decimal.replace(",", "")
        value = float(decimal.replace(",", "."))
    return value


def _fraction(num: str, den: str, text: str) -> float:
    if int(den) == 0:
        raise ValidationError("amount", f"{text.strip()!r}: a fraction cannot divide by 0")
    return int(num) / int(den)


def _checked(amount: float, text: str) -> float:
    if not math.isfinite(amount) or amount <= 0:
        raise ValidationError("amount", f"{text.strip()!r}: an amount must be more than 0")
    if amount > MAX_AMOUNT:
        raise ValidationError("amount", f"{text.strip()!r}: {amount:g} is too large an amount")
    return amount


def parse_quantity(text: str) -> Quantity:
    """Split "1 1/2 cups of cooked rice" into 1.5, "cup" and "cooked rice"."""
    amount, rest = parse_amount(text)
    unit = ""
    found = unit_at_start(rest.lstrip())
    if found is not None and (amount is not None or found[1].strip()):
        # Without an amount a lone unit word is probably food ("l" alone is not).
        unit, rest = found
        if amount is None:
            amount = 1.0
    rest = re.sub(r"^\s*(?:,\s*)?(?:of\s+)?", "", rest)
    return Quantity(amount, unit, rest.strip())


def grams_for(food: Food, amount: float, unit: str) -> float:
    """Grams of ``food`` in ``amount`` ``unit`` ("2", "slices"; "250", "ml").

    ``unit`` may be a standard unit, one of the food's own portion
    descriptions ("medium", "cup, chopped") or "" for a count ("2 eggs").
    Raises ValidationError(field="unit") when the food has no such unit.
    """
    return measure(food, amount, unit).grams


def measure(
    food: Food,
    amount: float,
    unit: str,
    qualifiers: tuple[str, ...] = (),
    hints: tuple[str, ...] = (),
) -> Measure:
    """Like grams_for, also saying which USDA portion the weight came from.

    ``qualifiers`` ("chopped") choose between portions of one unit; ``hints``
    (the words naming the food) choose the count portion ("2 chicken breasts").
    """
    if not isinstance(amount, int | float) or not math.isfinite(amount) or amount <= 0:
        raise ValidationError("amount", f"an amount must be a number more than 0, not {amount!r}")
    unit = " ".join(unit.split())
    result = _measure(food, float(amount), unit, qualifiers, hints)
    if result.grams > MAX_GRAMS:
        raise ValidationError(
            "amount",
            f"{amount:g} {unit or 'x'} of {food.name} is"
            f" {result.grams:,.0f} g, more than one person eats at once;"
            " check the amount",
        )
    return result


def _measure(
    food: Food, amount: float, unit: str, qualifiers: tuple[str, ...], hints: tuple[str, ...]
) -> Measure:
    if not unit:
        portion = default_count(food, hints)
        if portion is None:
            raise ValidationError(
                "unit",
                f"say how much {food.name} (no count unit such as"
                f" 'medium'); use {describe_units(food)}",
            )
        return Measure(amount * portion.grams_per_unit, portion)
    standard = canonical_unit(unit)
    if standard == "glass":
        glass = _standard(food, amount, standard, unit, qualifiers)
        taken = f"a glass taken as {VOLUME_ML['glass']:g} ml"
        note = f"{taken}; {glass.note}" if glass.note else taken
        return Measure(glass.grams, glass.portion, note)
    if standard is not None:
        return _standard(food, amount, standard, unit, qualifiers)
    portion = match_household(food, unit)
    if portion is not None:
        return Measure(amount * portion.grams_per_unit, portion)
    # "cup, chopped" for a food that only has "cup": the measure still holds.
    found = unit_at_start(unit)
    if found is not None:
        return _standard(food, amount, found[0], unit, tuple(words(found[1])) + qualifiers)
    said = _said(food, amount, stem(unit))
    if said is not None:
        return said
    raise ValidationError("unit", f"{food.name} has no unit {unit!r}; use {describe_units(food)}")


# Amounts people say that USDA lists for few foods: what each is taken as.
HANDFUL_G = 28.0  # of nuts, seeds or dried fruit: about 1 oz
SAID_ML = {"mug": 250.0, "bowl": 350.0}
_HANDFUL_GROUPS = frozenset({"Nut and Seed Products", "Snacks", "Fruits and Fruit Juices"})
# Not "slice": a slice of a banana is not a banana.
_ONE_PORTION = frozenset({"piece", "serving", "portion", "helping", "item", "unit"})
_SIZES = frozenset({"small", "medium", "large"})


def _said(food: Food, amount: float, unit: str) -> Measure | None:
    """ "a handful", "a glass", "a bowl", "a piece" of a food without such a portion."""
    if unit == "handful":
        if food.group in _HANDFUL_GROUPS:
            return Measure(amount * HANDFUL_G, None, f"a handful taken as {HANDFUL_G:g} g")
        half = _standard(food, amount * 0.5, "cup", "handful", ())
        return Measure(half.grams, half.portion, "a handful taken as ½ cup")
    if unit in SAID_ML:
        ml = SAID_ML[unit]
        found = _standard(food, amount * ml, "ml", unit, ())
        return Measure(found.grams, found.portion, f"a {unit} taken as {ml:g} ml")
    if unit in _ONE_PORTION or unit in _SIZES:
        portion = default_count(food) if unit in _SIZES else assumed_portion(food)
        if portion is None:
            return None
        # One portion as USDA lists it ("0.5 fillet (178 g)"), not per its unit.
        return Measure(
            amount * portion.grams, portion, f"a {unit} taken as one portion: {portion.label()}"
        )
    return None


def _standard(
    food: Food, amount: float, standard: str, typed: str, qualifiers: tuple[str, ...]
) -> Measure:
    if standard in MASS_G:
        return Measure(amount * MASS_G[standard])
    portion = match_standard(food, standard, qualifiers)
    if portion is not None:
        return Measure(amount * portion.grams_per_unit, portion)
    ml = amount * VOLUME_ML[standard]
    found = density(food, qualifiers)
    if found is not None:
        grams_per_ml, via = found
        return Measure(ml * grams_per_ml, via, f"{grams_per_ml:.3g} g/ml from {via.label()}")
    if is_water_like(food):
        return Measure(ml, None, "1 g/ml (a water-like drink)")
    raise ValidationError(
        "unit",
        f"{food.name} has no volume measure to convert {typed!r}; use {describe_units(food)}",
    )
