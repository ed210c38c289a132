"""Standard units of mass and volume, and the words people use for them."""

from __future__ import annotations

import re

# Exact definitions (avoirdupois ounce and pound; US customary volumes), so
# "1 oz" is 28.349523125 g, matching USDA's rounded 28.35 g portions.
MASS_G: dict[str, float] = {
    "mg": 0.001,
    "g": 1.0,
    "kg": 1000.0,
    "oz": 28.349523125,
    "lb": 453.59237,
}
VOLUME_ML: dict[str, float] = {
    "ml": 1.0,
    "cl": 10.0,
    "dl": 100.0,
    "l": 1000.0,
    "tsp": 4.92892159375,
    "tbsp": 14.78676478125,
    "fl oz": 29.5735295625,
    "cup": 236.5882365,
    "pint": 473.176473,
    "quart": 946.352946,
    "gallon": 3785.411784,
    # Not a standard unit, but what people say for a drink: taken as 250 ml
    # (the assumption is shown with the result).
    "glass": 250.0,
}
_SPELLINGS: dict[str, tuple[str, ...]] = {
    "mg": ("mg", "milligram", "milligrams", "milligramme", "milligrammes"),
    "g": ("g", "gr", "grs", "gm", "gms", "gram", "grams", "gramme", "grammes"),
    "kg": ("kg", "kgs", "kilo", "kilos", "kilogram", "kilograms", "kilogramme", "kilogrammes"),
    "oz": ("oz", "ozs", "ounce", "ounces"),
    "lb": ("lb", "lbs", "pound", "pounds"),
    "ml": ("ml", "mls", "millilitre", "millilitres", "milliliter", "milliliters"),
    "cl": ("cl", "centilitre", "centilitres", "centiliter", "centiliters"),
    "dl": ("dl", "decilitre", "decilitres", "deciliter", "deciliters"),
    "l": ("l", "ltr", "ltrs", "litre", "litres", "liter", "liters"),
    "tsp": ("tsp", "tsps", "teaspoon", "teaspoons", "teaspoonful", "teaspoonfuls"),
    "tbsp": (
        "tbsp",
        "tbsps",
        "tbs",
        "tbl",
        "tbls",
        "tablespoon",
        "tablespoons",
        "tablespoonful",
        "tablespoonfuls",
    ),
    "fl oz": ("fl oz", "fl ozs", "floz", "fl ounce", "fl ounces", "fluid ounce", "fluid ounces"),
    "cup": ("cup", "cups", "cupful", "cupfuls"),
    "pint": ("pint", "pints", "pt", "pts"),
    "quart": ("quart", "quarts", "qt", "qts"),
    "gallon": ("gallon", "gallons", "gal", "gals"),
    "glass": ("glass", "glasses", "glassful"),
}
UNIT_NAMES: dict[str, str] = {
    spelling: unit for unit, spellings in _SPELLINGS.items() for spelling in spellings
}
# Longest spelling first, so "fl oz" wins over "floz" and "oz", "tbsp" over "t".
_UNIT_AT_START = re.compile(
    r"(?:"
    + "|".join(
        sorted((re.escape(s).replace(r"\ ", r"\.?\s*") for s in UNIT_NAMES), key=len, reverse=True)
    )
    + r")\.?(?![a-z])",
    re.IGNORECASE,
)


def canonical_unit(text: str) -> str | None:
    """The standard unit ``text`` spells ("Tablespoons" -> "tbsp"), or None."""
    cleaned = re.sub(r"[\s.]+", " ", text.strip().lower()).strip()
    found = UNIT_NAMES.get(cleaned)
    if found is None and cleaned.startswith("fl"):
        found = UNIT_NAMES.get(cleaned.replace(" ", "")) or UNIT_NAMES.get(
            "fl " + cleaned[2:].strip()
        )
    return found


def unit_at_start(text: str) -> tuple[str, str] | None:
    """(standard unit, the rest) if ``text`` opens with a unit ("250ml milk")."""
    match = _UNIT_AT_START.match(text)
    if match is None:
        return None
    unit = canonical_unit(match.group(0))
    if unit is None:
        return None
    return unit, text[match.end() :]


def is_mass(unit: str) -> bool:
    return unit in MASS_G


def is_volume(unit: str) -> bool:
    return unit in VOLUME_ML
