"""Text normalisation shared by search, the unit matcher and the meal parser.

One normaliser for both sides means a word typed by a person and a word in a
USDA description compare equal exactly when they should.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[0-9]+(?:\.[0-9]+)?%?|[a-z]+", re.ASCII)
_APOSTROPHES = re.compile(r"['’`´]")


def fold(text: str) -> str:
    """Lower case, accents dropped ("Entrée" -> "entree"), apostrophes removed."""
    if text.isascii():
        # Nearly every USDA description: skip the Unicode work.
        return text.lower().replace("'", "").replace("`", "")
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _APOSTROPHES.sub("", plain.casefold())


def words(text: str) -> list[str]:
    """The words of ``text`` as search sees them ("2% milkfat" -> ["2%", "milkfat"])."""
    return _WORD.findall(fold(text))


def stem(word: str) -> str:
    """A light English singular: enough for "bananas"/"banana", "cherries"/"cherry".

    Deliberately crude; it runs on both the index and the query, so it only has
    to be consistent, and prefix matching on the raw word covers what it misses
    ("cookie" is a prefix of "cookies").
    """
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "oes", "zes")):
        return word[:-2]
    return word[:-1]


def key(text: str) -> str:
    """Words joined by single spaces: the form compared by rapidfuzz scorers."""
    return " ".join(words(text))
