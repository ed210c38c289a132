"""The word index behind food search, built once per table.

Every word of a food's description, its common names and the aliases that
reach it is posted with how much that place counts (the head of a USDA
description names the food; later parts qualify it). Postings are sorted by
word, so all words sharing a prefix are one contiguous slice. Built with
them: a prior per food for plain everyday forms, and the foods by head noun.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from cramplog.foods.model import Food
from cramplog.foods.synonyms import ALIASES
from cramplog.foods.text import stem, words

# USDA often opens with a category and names the food second
# ("Nuts, almonds", "Fish, salmon, Atlantic"); such a head is not the food.
CATEGORY_HEADS = frozenset(
    {
        "alcoholic beverage",
        "babyfood",
        "beverages",
        "candies",
        "cereals",
        "cereals ready-to-eat",
        "crustaceans",
        "fast foods",
        "fish",
        "game meat",
        "infant formula",
        "mollusks",
        "nuts",
        "oil",
        "restaurant",
        "seeds",
        "snacks",
        "spices",
        "usda commodity",
        "soup",
        "sauce",
        "salad dressing",
    }
)
GROUP_PRIOR: dict[str, float] = {
    "Baby Foods": -14.0,
    "Fast Foods": -8.0,
    "Restaurant Foods": -8.0,
    "American Indian/Alaska Native Foods": -6.0,
    "Meals, Entrees, and Side Dishes": -3.0,
    "Snacks": -2.0,
}
# Fresh is the everyday form of fruit, vegetables and nuts; not of meat.
RAW_GROUPS = frozenset(
    {
        "Fruits and Fruit Juices",
        "Vegetables and Vegetable Products",
        "Nut and Seed Products",
    }
)
# Common names in SR28 mix real names with inventory codes; those are not words
# anybody types.
COMMON_NOISE = re.compile(r"urmis|imps|commodity|includes|code", re.IGNORECASE)
_BRAND = re.compile(r"\b[A-Z][A-Z'&.]{2,}\b")

HEAD_WEIGHT, SECOND_WEIGHT, QUALIFIER_WEIGHT = 1.0, 0.95, 0.85
CATEGORY_WEIGHT, COMMON_WEIGHT, ALIAS_WEIGHT = 0.8, 0.85, 0.9


@dataclass(frozen=True, slots=True)
class WordIndex:
    """Postings and per-food facts, positions counted in the table's food order.

    The postings of word ``vocab[n]`` are ``food[start[n]:start[n + 1]]`` with
    their ``weight``; ``length`` is the length of each posting's word.
    """

    vocab: list[str]
    start: npt.NDArray[np.int64]
    food: npt.NDArray[np.int32]
    weight: npt.NDArray[np.float32]
    length: npt.NDArray[np.float32]
    prior: npt.NDArray[np.float32]
    noun_words: list[str]
    nouns: list[npt.NDArray[np.int32]]
    aliases: dict[int, list[str]]


def build_word_index(foods: Sequence[Food]) -> WordIndex:
    """Postings, priors and head nouns in one pass over the foods.

    The loop records one (segment, food, weight) triple per description
    segment; numpy then expands segments into their words, sorts by word
    and keeps the best weight per (word, food). Segments repeat a lot
    ("raw", "cooked", "without salt"), so each is tokenised once.
    """
    ids: dict[str, int] = {}
    segment_ids: dict[str, int] = {}
    segment_words: list[list[int]] = []
    segment_heads: list[str] = []
    seg_col: list[int] = []
    food_col: list[int] = []
    weight_col: list[float] = []
    priors: list[float] = []
    nouns: dict[str, list[int]] = {}

    def segment_of(text: str) -> int:
        found = words(text)
        head = words(text.split("(")[0]) if "(" in text else found
        segment_words.append([ids.setdefault(w, len(ids)) for w in word_forms(found)])
        segment_heads.append(stem(head[-1]) if head else "")
        return segment_ids.setdefault(text, len(segment_ids))

    plain_weights = (HEAD_WEIGHT, SECOND_WEIGHT)
    category_weights = (CATEGORY_WEIGHT, HEAD_WEIGHT)
    for i, food in enumerate(foods):
        segments = food.name.split(",")
        category = len(segments) > 1 and segments[0].strip().lower() in CATEGORY_HEADS
        weights = category_weights if category else plain_weights
        for n, segment in enumerate(segments):
            sid = segment_ids.get(segment)
            if sid is None:
                sid = segment_of(segment)
            seg_col.append(sid)
            food_col.append(i)
            weight_col.append(weights[n] if n < 2 else QUALIFIER_WEIGHT)
        noun = segment_heads[seg_col[-len(segments) + int(category)]]
        if noun:
            nouns.setdefault(noun, []).append(i)
        if food.common_names:
            for part in food.common_names.split(","):
                if part.strip() and not COMMON_NOISE.search(part):
                    sid = segment_ids.get(part)
                    seg_col.append(segment_of(part) if sid is None else sid)
                    food_col.append(i)
                    weight_col.append(COMMON_WEIGHT)
        priors.append(_prior(food.name, food.group, len(segments)))
    prior = np.array(priors, dtype=np.float32)
    noun_words = sorted(nouns)

    # Expand segment triples into word triples.
    counts = np.fromiter((len(w) for w in segment_words), dtype=np.int64, count=len(segment_words))
    flat = np.fromiter(
        (w for ws in segment_words for w in ws), dtype=np.int32, count=int(counts.sum())
    )
    offsets = np.zeros(len(counts), dtype=np.int64)
    np.cumsum(counts[:-1], out=offsets[1:])
    seg = np.array(seg_col, dtype=np.int64)
    repeat = counts[seg]
    starts = np.repeat(offsets[seg] - np.cumsum(repeat) + repeat, repeat)
    word = flat[starts + np.arange(int(repeat.sum()))]
    food_arr = np.repeat(np.array(food_col, dtype=np.int32), repeat)
    weight = np.repeat(np.array(weight_col, dtype=np.float32), repeat)

    aliases: dict[int, list[str]] = {}
    extra_word: list[int] = []
    extra_food: list[int] = []
    for typed, usda in ALIASES:
        usda_words = words(usda)
        first_id = ids.get(usda_words[0])
        if first_id is None:
            continue
        typed_forms = word_forms(words(typed))
        typed_ids = [ids.setdefault(w, len(ids)) for w in typed_forms]
        for i in np.unique(food_arr[word == first_id]).tolist():
            if _contains(words(foods[i].name), usda_words):
                extra_word += typed_ids
                extra_food += [i] * len(typed_ids)
                aliases.setdefault(i, []).extend(typed_forms)
    word = np.concatenate([word, np.array(extra_word, dtype=np.int32)])
    food_arr = np.concatenate([food_arr, np.array(extra_food, dtype=np.int32)])
    weight = np.concatenate([weight, np.full(len(extra_word), ALIAS_WEIGHT, np.float32)])

    vocab = sorted(ids)
    rank = np.empty(len(vocab), dtype=np.int32)
    rank[np.fromiter((ids[w] for w in vocab), dtype=np.int32, count=len(vocab))] = np.arange(
        len(vocab), dtype=np.int32
    )
    word = rank[word]
    order = np.lexsort((-weight, food_arr, word))
    word, food_arr, weight = word[order], food_arr[order], weight[order]
    # Keep the best weight of each (word, food) pair: the first after sorting.
    keep = np.ones(len(word), dtype=bool)
    keep[1:] = (word[1:] != word[:-1]) | (food_arr[1:] != food_arr[:-1])
    word, food_arr, weight = word[keep], food_arr[keep], weight[keep]
    lengths = np.fromiter((len(w) for w in vocab), dtype=np.float32, count=len(vocab))
    return WordIndex(
        vocab=vocab,
        start=np.searchsorted(word, np.arange(len(vocab) + 1)).astype(np.int64),
        food=food_arr,
        weight=weight,
        length=lengths[word],
        prior=prior,
        noun_words=noun_words,
        nouns=[np.array(nouns[w], dtype=np.int32) for w in noun_words],
        aliases=aliases,
    )


def word_forms(found: list[str]) -> list[str]:
    """The words with their singulars, as the index holds them."""
    out = list(found)
    out.extend(s for w in found if (s := stem(w)) != w)
    return out


def _contains(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    n = len(needle)
    return any(list(haystack[i : i + n]) == list(needle) for i in range(len(haystack) - n + 1))


def _prior(name: str, group: str, segments: int) -> float:
    """How plain and everyday a food is, regardless of the query."""
    prior = GROUP_PRIOR.get(group, 0.0) - 1.2 * min(segments - 1, 6) - 0.02 * len(name)
    if _BRAND.search(name):
        prior -= 5.0
    lowered = name.lower() + ","
    if ", with salt," in lowered or ", with salt added," in lowered:
        prior -= 1.5
    if ", raw," in lowered and group in RAW_GROUPS:
        prior += 1.5
    return prior
