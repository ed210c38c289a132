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

The index of stage 1 is built by search_index; this module queries and ranks.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from cramplog.foods.model import Food
from cramplog.foods.search_index import CATEGORY_HEADS, COMMON_NOISE, build_word_index, word_forms
from cramplog.foods.synonyms import ALIASES, STAPLES
from cramplog.foods.table import FoodTable, default_food_table
from cramplog.foods.text import stem, words

Match = Literal["word", "prefix", "typo", "partial"]

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
        built = build_word_index(self.foods)
        self.vocab: list[str] = built.vocab
        self._start, self._food, self._weight = built.start, built.food, built.weight
        self._length, self._prior = built.length, built.prior
        self._noun_words, self._nouns = built.noun_words, built.nouns
        self._aliases = built.aliases
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

    def search(
        self,
        query: str,
        limit: int = 10,
        boosts: Mapping[str, float] | None = None,
        *,
        whole_words: bool = False,
        staples: bool = True,
    ) -> list[SearchHit]:
        """The best ``limit`` foods for ``query``, best first.

        ``boosts`` maps food ids to a weight from 0 to 1 (say, how often the
        person logged the food relative to their most logged one); a boosted
        food ranks higher but still has to match the query. ``whole_words``
        is for finished text (a meal line rather than a search box): a word
        that only begins a food's word counts for less, so "skim" prefers
        "skim" to "skimmed". ``staples=False`` leaves out the everyday-form
        prior, to see how well the words alone tell foods apart.
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
        if staples:
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
        found = word_forms(words(food.name))
        for part in food.common_names.split(","):
            if not COMMON_NOISE.search(part):
                found += word_forms(words(part))
        return frozenset(found + self._aliases.get(i, []))


def _english(name: str) -> str:
    """The first two parts of a description in English order, without a category:
    "Milk, chocolate, fluid" -> "chocolate milk"; "Nuts, almonds" -> "almonds"."""
    segments = name.split(",")
    if len(segments) > 1 and segments[0].strip().lower() in CATEGORY_HEADS:
        segments = segments[1:]
    return " ".join(words(" ".join(reversed(segments[:2]))))


@functools.lru_cache(maxsize=1)
def default_food_index() -> FoodIndex:
    """The index over the packaged table, built once per process."""
    return FoodIndex(default_food_table())
