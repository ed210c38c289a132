"""Search as you type over the whole food table.

Two stages keep a keystroke within a couple of milliseconds:

1. A word index narrows 8,789 foods to those where every typed word is a
   word, the start of a word ("ban" -> "bananas") or, through rapidfuzz, a
   near spelling ("brocoli" -> "broccoli") of a word of the food. Postings for
   all words sharing a prefix are contiguous in one sorted array, so a prefix
   costs one numpy slice, however many words it covers.
2. Candidates are scored by how well the words matched and where (the head
   of a USDA description names the food; later parts qualify it), a prior for
   plain everyday forms, the staples list and the person's own boosts, and
   the best few are re-ranked with rapidfuzz's ratio against the head of the
   description in English word order ("Milk, chocolate" -> "chocolate milk"),
   which favours foods whose name says what was typed, in that order.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from cramplog.foods.model import Food
from cramplog.foods.synonyms import ALIASES, STAPLES
from cramplog.foods.table import FoodTable, default_food_table
from cramplog.foods.text import stem, words

Match = Literal["word", "prefix", "typo", "partial"]

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
QUERY_STOPWORDS = frozenset({"of", "a", "an", "the", "and"})
# Words USDA adds to plain foods ("Chicken, broilers or fryers", "Beans, black,
# mature seeds"); they do not make a name more specific than what was typed.
BOILERPLATE = frozenset(
    {
        "or",
        "and",
        "with",
        "all",
        "types",
        "broilers",
        "fryers",
        "mature",
        "seeds",
        "commercially",
        "prepared",
        "commercial",
        "fluid",
        "regular",
        "enriched",
        "varieties",
        "year",
        "round",
        "average",
        "ns",
        "nfs",
    }
)
# Common names in SR28 mix real names with inventory codes; those are not words
# anybody types.
_COMMON_NOISE = re.compile(r"urmis|imps|commodity|includes|code", re.IGNORECASE)
_BRAND = re.compile(r"\b[A-Z][A-Z'&.]{2,}\b")

HEAD_WEIGHT, SECOND_WEIGHT, QUALIFIER_WEIGHT = 1.0, 0.95, 0.85
CATEGORY_WEIGHT, COMMON_WEIGHT, ALIAS_WEIGHT = 0.8, 0.85, 0.9
TEXT_POINTS = 60.0
RERANK_POINTS = 15.0
EXTRA_WORD_POINTS = 2.5
STAPLE_POINTS, STAPLE_STEP = 25.0, 5.0
HEAD_NOUN_POINTS = 6.0
BOOST_POINTS = 25.0
TYPO_CUTOFF = 75.0
TYPO_WEIGHT = 0.85
RERANK_POOL = 48


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One result. ``match`` is the weakest way a query word matched:
    "word" (all whole words), "prefix", "typo" (a near spelling) or "partial"
    (some words matched nothing; only shown when no food matches them all)."""

    food: Food
    score: float
    match: Match = "word"


class FoodIndex:
    """A search index over one FoodTable; build once, query many times."""

    def __init__(self, table: FoodTable) -> None:
        self.table = table
        self.foods: tuple[Food, ...] = tuple(table)
        self._position = {food.id: i for i, food in enumerate(self.foods)}
        self._keys: dict[int, str] = {}
        self._build()
        # A one-word alias ("yoghurt") reaches the staples of what it stands for.
        self._canonical = {
            typed: words(usda)[0]
            for typed, usda in ALIASES
            if len(words(typed)) == 1 and len(words(usda)) == 1
        }
        self._staple_words = sorted(STAPLES)
        self._staples = {
            word: [
                (self._position[i], STAPLE_POINTS - STAPLE_STEP * rank)
                for rank, i in enumerate(ids)
                if i in self._position
            ]
            for word, ids in STAPLES.items()
        }

    # --- building --------------------------------------------------------------

    def _build(self) -> None:
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
            segment_words.append([ids.setdefault(w, len(ids)) for w in _forms(found)])
            segment_heads.append(stem(head[-1]) if head else "")
            return segment_ids.setdefault(text, len(segment_ids))

        plain_weights = (HEAD_WEIGHT, SECOND_WEIGHT)
        category_weights = (CATEGORY_WEIGHT, HEAD_WEIGHT)
        for i, food in enumerate(self.foods):
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
                    if part.strip() and not _COMMON_NOISE.search(part):
                        sid = segment_ids.get(part)
                        seg_col.append(segment_of(part) if sid is None else sid)
                        food_col.append(i)
                        weight_col.append(COMMON_WEIGHT)
            priors.append(_prior(food.name, food.group, len(segments)))
        self._prior = np.array(priors, dtype=np.float32)
        self._noun_words = sorted(nouns)
        self._nouns = [np.array(nouns[w], dtype=np.int32) for w in self._noun_words]

        # Expand segment triples into word triples.
        counts = np.fromiter(
            (len(w) for w in segment_words), dtype=np.int64, count=len(segment_words)
        )
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

        self._aliases: dict[int, list[str]] = {}
        extra_word: list[int] = []
        extra_food: list[int] = []
        for typed, usda in ALIASES:
            usda_words = words(usda)
            first_id = ids.get(usda_words[0])
            if first_id is None:
                continue
            typed_forms = _forms(words(typed))
            typed_ids = [ids.setdefault(w, len(ids)) for w in typed_forms]
            for i in np.unique(food_arr[word == first_id]).tolist():
                if _contains(words(self.foods[i].name), usda_words):
                    extra_word += typed_ids
                    extra_food += [i] * len(typed_ids)
                    self._aliases.setdefault(i, []).extend(typed_forms)
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
        self.vocab: list[str] = vocab
        self._start = np.searchsorted(word, np.arange(len(vocab) + 1)).astype(np.int64)
        self._food = food_arr
        self._weight = weight
        lengths = np.fromiter((len(w) for w in vocab), dtype=np.float32, count=len(vocab))
        self._length = lengths[word]

    # --- querying --------------------------------------------------------------

    def search(
        self,
        query: str,
        limit: int = 10,
        boosts: Mapping[str, float] | None = None,
        *,
        whole_words: bool = False,
    ) -> list[SearchHit]:
        """The best ``limit`` foods for ``query``, best first.

        ``boosts`` maps food ids to a weight from 0 to 1 (say, how often the
        person logged the food relative to their most logged one); a boosted
        food ranks higher but still has to match the query. ``whole_words``
        is for finished text (a meal line rather than a search box): a word
        that only begins a food's word counts for less, so "skim" prefers
        "skim" to "skimmed".
        """
        tokens = [t for t in words(query[:200]) if t not in QUERY_STOPWORDS][:8]
        if not tokens or limit <= 0:
            return []
        prefix_base = 0.3 if whole_words else 0.6
        scored = [self._token_scores(t, prefix_base) for t in tokens]
        matrix = np.vstack([scores for scores, _ in scored])
        # A misspelt word stands for what it was corrected to from here on.
        forms = [found for _, found in scored]
        hit = matrix > 0
        every = hit.all(axis=0)
        complete = bool(every.any())
        candidates = every if complete else hit.any(axis=0)
        if not candidates.any():
            return []
        score = matrix.mean(axis=0) * TEXT_POINTS + self._prior
        self._add_staples(score, forms)
        self._add_head_noun(score, forms[-1])
        if boosts:
            self._add_boosts(score, boosts)
        score[~candidates] = -np.inf
        pool = min(max(RERANK_POOL, limit), int(candidates.sum()))
        top = np.argpartition(-score, pool - 1)[:pool]
        query_key = " ".join(tokens)
        typed = {f for found in forms for f in found} | {stem(t) for t in tokens}
        ranked = sorted(
            (
                (
                    float(score[i]) + self._rerank(query_key, typed, tokens[-1], int(i)),
                    self.foods[i].id,
                    int(i),
                )
                for i in top
            ),
            key=lambda item: (-item[0], item[1]),
        )
        return [
            SearchHit(self.foods[i], round(s, 2), self._match(tokens, i) if complete else "partial")
            for s, _, i in ranked[:limit]
        ]

    def _token_scores(
        self, token: str, prefix_base: float
    ) -> tuple[npt.NDArray[np.float32], set[str]]:
        """Per food, how well ``token`` matches it; and the forms that matched."""
        out = np.zeros(len(self.foods), dtype=np.float32)
        found = False
        forms = {token, stem(token)}
        for form in forms:
            lo = bisect.bisect_left(self.vocab, form)
            hi = bisect.bisect_left(self.vocab, form + "\x7f", lo)
            if hi > lo:
                found = True
                a, b = self._start[lo], self._start[hi]
                # 1.0 for the whole word, less the more of the word is untyped.
                share = len(form) / self._length[a:b]
                quality = np.where(share >= 1.0, 1.0, prefix_base + (1 - prefix_base) * share)
                quality *= self._weight[a:b]
                np.maximum.at(out, self._food[a:b], quality)
        if not found and len(token) >= 3:
            corrected = process.extract(
                token, self.vocab, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF, limit=6
            )
            for _word, similarity, n in corrected:
                a, b = self._start[n], self._start[n + 1]
                quality = TYPO_WEIGHT * similarity / 100 * self._weight[a:b]
                np.maximum.at(out, self._food[a:b], quality)
            if corrected:
                best = corrected[0][1]
                forms = {w for w, similarity, _ in corrected if similarity >= best - 5}
        return out, forms

    def _rerank(self, query_key: str, typed: set[str], last: str, i: int) -> float:
        """Points for a name that says what was typed, in that order, and little else:
        "black beans" prefers "Beans, black" to "Beans, black turtle"."""
        key = self._key(i)
        extra = sum(
            1
            for w in key.split()
            if w not in typed
            and stem(w) not in typed
            and not w.startswith(last)
            and w not in BOILERPLATE
        )
        return RERANK_POINTS / 100 * fuzz.ratio(query_key, key) - EXTRA_WORD_POINTS * extra

    def _key(self, i: int) -> str:
        """The description as the re-ranker compares it, made on first use."""
        found = self._keys.get(i)
        if found is None:
            found = self._keys[i] = _english(self.foods[i].name)
        return found

    def _add_head_noun(self, score: npt.NDArray[np.float32], last: set[str]) -> None:
        """English puts the food last ("chocolate milk"), USDA first ("Milk,
        chocolate"): a food whose head noun is the query's last word is what was meant."""
        done: set[int] = set()
        for form in last | {stem(f) for f in last}:
            n = bisect.bisect_left(self._noun_words, form)
            while n < len(self._noun_words) and self._noun_words[n].startswith(form):
                if n not in done:
                    done.add(n)
                    share = len(form) / len(self._noun_words[n])
                    score[self._nouns[n]] += HEAD_NOUN_POINTS * (0.5 + 0.5 * share)
                n += 1

    def _add_staples(self, score: npt.NDArray[np.float32], tokens: Sequence[set[str]]) -> None:
        bonus: dict[int, float] = {}
        last = len(tokens) - 1
        for n_token, token_forms in enumerate(tokens):
            # The last word names the food ("whole milk"); an earlier one
            # qualifies it ("milk chocolate") and only half counts.
            weight = 1.0 if n_token == last else 0.5
            forms = set(token_forms)
            if not forms & self._staples.keys():
                # "yoghurt" reaches the yogurt staples; "oatmeal", a staple
                # itself, keeps its own rather than those of "oats".
                canonical = {self._canonical.get(t, t) for t in token_forms}
                forms |= canonical | {stem(c) for c in canonical}
            for form in forms:
                n = bisect.bisect_left(self._staple_words, form)
                while n < len(self._staple_words) and self._staple_words[n].startswith(form):
                    word = self._staple_words[n]
                    # A staple only half counts while its word is half typed.
                    share = (0.5 + 0.5 * len(form) / len(word)) * weight
                    for i, points in self._staples[word]:
                        bonus[i] = max(bonus.get(i, 0.0), points * share)
                    n += 1
        for i, points in bonus.items():
            score[i] += points

    def _add_boosts(self, score: npt.NDArray[np.float32], boosts: Mapping[str, float]) -> None:
        for food_id, weight in boosts.items():
            i = self._position.get(food_id)
            if i is not None and weight == weight and weight > 0:
                score[i] += BOOST_POINTS * min(float(weight), 1.0)

    def _match(self, tokens: Iterable[str], i: int) -> Match:
        worst: Match = "word"
        have = self.words_of(self.foods[i])
        for token in tokens:
            if token in have or stem(token) in have:
                continue
            if any(w.startswith(token) for w in have):
                worst = "prefix" if worst == "word" else worst
            else:
                return "typo"
        return worst

    def words_of(self, food: Food) -> frozenset[str]:
        """The indexed words of a food (its name, common names and aliases)."""
        i = self._position[food.id]
        found = _forms(words(food.name))
        for part in food.common_names.split(","):
            if not _COMMON_NOISE.search(part):
                found += _forms(words(part))
        return frozenset(found + self._aliases.get(i, []))


def _forms(found: list[str]) -> list[str]:
    out = list(found)
    out.extend(s for w in found if (s := stem(w)) != w)
    return out


def _contains(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    n = len(needle)
    return any(list(haystack[i : i + n]) == list(needle) for i in range(len(haystack) - n + 1))


def _english(name: str) -> str:
    """The first two parts of a description in English order, without a category:
    "Milk, chocolate, fluid" -> "chocolate milk"; "Nuts, almonds" -> "almonds"."""
    segments = name.split(",")
    if len(segments) > 1 and segments[0].strip().lower() in CATEGORY_HEADS:
        segments = segments[1:]
    return " ".join(words(" ".join(reversed(segments[:2]))))


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


@functools.lru_cache(maxsize=1)
def default_food_index() -> FoodIndex:
    """The index over the packaged table, built once per process."""
    return FoodIndex(default_food_table())
