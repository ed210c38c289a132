"""Which food a meal item's words mean, or why no single one.

The search ranks foods; this module decides whether the ranking is enough.
The foods the words fit about equally well are the candidates. The person's
own words narrow them first: a word that one candidate's description has and
another's lacks ("grated" parmesan, "baked" sweet potato) decides, and forms
nobody means unless they say so (salted, frozen, canned, fortified) drop out.
What is left is compared on the nutrients that matter:

- differing by more than 25% per 100 g in magnesium, potassium or calcium:
  not guessed. The item is unresolved with the candidates and their values,
  unless the person logged exactly one of them before (history may rank,
  never decide against typed words: it only ever chooses among the foods the
  words left);
- agreeing within about 15% on every tracked nutrient: the plainest one
  (fewest words), said as such;
- in between: the best-ranked one, said as such.

A single everyday word ("milk", "eggs", "banana") keeps its everyday form
(synonyms.STAPLES): that is what the person means by it.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cramplog.foods.meal_items import DECIDING
from cramplog.foods.model import Food
from cramplog.foods.portions import CUT_WORDS
from cramplog.foods.search import BOILERPLATE, FoodIndex, SearchHit
from cramplog.foods.search_index import CATEGORY_HEADS
from cramplog.foods.synonyms import ALIASES, COOKING, STAPLES
from cramplog.foods.text import stem, words
from cramplog.nutrients import TRACKED, Nutrient

# A misspelt word is accepted only when one reading is far ahead of the next.
TYPO_MARGIN = 8.0
# A difference beyond ASK_SHARE in one of the DECIDING minerals is not guessed.
ASK_SHARE = 0.25
# Within SAME_SHARE on every tracked nutrient, the candidates are one food.
SAME_SHARE = 0.15
# Forms of a food a person names when they mean them; a candidate that is one
# of them gives way to a plain candidate unless its words were typed.
MARKED = (
    "low sodium",
    "reduced sodium",
    "frozen",
    "canned",
    "reduced fat",
    "low fat",
    "lowfat",
    "nonfat",
    "fat free",
    "sweetened",
    "imitation",
    "dehydrated",
    "stewed",
    "squash seeds whole",
    "sprouted",
    "immature seeds",
    "stir fried",
    "dry mix",
    "unprepared",
    "prepared from recipe",
    "usda commodity",
    "babyfood",
    "restaurant",
    "candies",
    "coated",
    "candied",
    "glutinous",
    "chunk style",
    "chunky",
    "vitamin and mineral fortified",
    "seeded",
    "breaded",
    "with fruit",
    "calcium fortified",
    "milk solids",
    "chocolate",
    "with vegetables",
    # Milk kept for cooking, not drunk as milk: "2% milk" is fluid 2% milk.
    "evaporated",
    "condensed",
)
# A typed word that says a marked form in other words: "skim" is USDA's
# "nonfat (fat free or skim)", "2% milk" its "reduced fat ... 2% milkfat".
IMPLIED: dict[str, frozenset[str]] = {
    "skim": frozenset({"nonfat", "fat", "free"}),
    "1%": frozenset({"low", "lowfat", "fat"}),
    "2%": frozenset({"reduced", "fat"}),
}
# Foods made from the one named ("sunflower seed butter", "sesame seed
# dressing"): a marked form when the head of the description says so, not
# when a later part does ("sardines, canned in oil").
MADE_FROM = (
    "butter",
    "oil",
    "flour",
    "paste",
    "dressing",
    "spread",
    "sauce",
    "topping",
    "powder",
    "chips",
)
# A description that stands for every kind: the reading when no kind was named.
ALL_KINDS = (
    "all types",
    "all varieties",
    "all commercial varieties",
    "nfs",
    "ns as to",
    "unspecified",
)
EATEN_COOKED = frozenset(
    {
        "Poultry Products",
        "Beef Products",
        "Pork Products",
        "Lamb, Veal, and Game Products",
        "Finfish and Shellfish Products",
        "Legumes and Legume Products",
        "Cereal Grains and Pasta",
        "Sausages and Luncheon Meats",
    }
)
_PARENS = re.compile(r"\([^)]*\)?")
_NOT_BRANDS = frozenset({"NFS", "USDA", "NLEA", "RTE", "RTF"})
# Words that say how a food was served rather than which food it is.
NEUTRAL = frozenset({"cooked", "raw", "fresh", "plain", "drained", "of", "a", "an", "the"})
_CANONICAL = {t: u for t, u in ALIASES if len(words(t)) == 1 and len(words(u)) == 1}


@dataclass(frozen=True, slots=True)
class Chosen:
    """The food, the other candidates the words fitted, and how it was chosen."""

    food: Food
    hits: list[SearchHit]
    note: str = ""


# How to search the food table, as the command line says it; the app says
# its own key instead (tui.screens.food), never a command to type in a shell.
SEARCH_THE_TABLE = "or `cramplog foods search`"


@dataclass(frozen=True, slots=True)
class NotChosen:
    """Why no single food: the reason and the candidates to show."""

    reason: str
    candidates: tuple[SearchHit, ...] = ()


def choose_food(
    query: str,
    typed: Sequence[str],
    index: FoodIndex,
    boosts: Mapping[str, float] | None,
) -> Chosen | NotChosen:
    """The food ``query`` names; ``typed`` are all the words the person typed
    for it (with the cutting words taken out of the query: "grated")."""
    hits = index.search(query, 12, boosts, whole_words=True)
    cut = [w for w in typed if w in CUT_WORDS]
    if cut and not (hits and set(cut) & _head(hits[0].food)):
        # "shredded wheat", "mashed potatoes": a cutting word can name the food.
        whole = " ".join(typed)
        named = index.search(whole, 12, boosts, whole_words=True)
        if named and named[0].match == "word" and set(cut) & _head(named[0].food):
            query, hits = whole, named
    cooked = _cooked(query)
    if cooked != query and (not hits or hits[0].match == "partial"):
        query, hits = cooked, index.search(cooked, 12, boosts, whole_words=True)
    if not hits:
        return NotChosen(f"no food matches {query!r}; try other words {SEARCH_THE_TABLE}")
    top = hits[0]
    if top.match == "partial":
        return NotChosen(f"no food matches every word of {query!r}", tuple(hits[:5]))
    margin = top.score - hits[1].score if len(hits) > 1 else float("inf")
    if top.match == "typo" and margin < TYPO_MARGIN:
        return NotChosen(
            f"{query!r} is not a name I know; did you mean one of these?", tuple(hits[:5])
        )
    if top.match == "prefix" and any(len(w) < 3 for w in words(query)):
        return NotChosen(f"{query!r} is too short to be sure; type more of the name", (top,))
    # A cutting word that names a food ("mashed potatoes") is not neutral;
    # one that names a cut of it ("chopped broccoli") is.
    naming = {w for w in typed if w in CUT_WORDS and any(w in _head(h.food) for h in hits)}
    neutral = NEUTRAL | COOKING.keys() | (CUT_WORDS - naming)
    bare = [w for w in typed if w not in neutral]
    staples = _staples(bare[0]) if len(bare) == 1 else ()
    if len(bare) == 1 and not staples and top.match == "typo":
        # "spinich" is read as "spinach" (the search made sure it is far ahead).
        staples = next((ids for ids in STAPLES.values() if top.food.id in ids), ())
    if top.food.id in staples:
        # One everyday word: its everyday forms are the candidates ("rice":
        # white or brown). Of a food eaten raw as well, the raw one unless a
        # cooking word was typed ("spinach", "eggs"; "cooked spinach").
        found = [index.table.get(i) for i in staples]
        pool = [f for f in found if f is not None]
        if pool[0].group not in EATEN_COOKED and not set(typed) & ({"cooked"} | COOKING.keys()):
            pool = [f for f in pool if "cooked" not in _segments(f)] or pool
    else:
        pool = _candidates(query, top, index)
    order = {h.food.id: n for n, h in enumerate(hits)}
    pool.sort(key=lambda f: order.get(f.id, len(order)))
    pool = _narrowed(pool, typed, boosts)
    if len(pool) == 1:
        return Chosen(pool[0], hits)
    if _apart(pool, DECIDING, ASK_SHARE):
        logged = [f for f in pool if _boost(boosts, f) > 0]
        if len(logged) == 1:
            return Chosen(logged[0], hits, f"as logged before (the words fit {len(pool)} foods)")
        every = [f for f in pool if any(_has(f, p) for p in ALL_KINDS)]
        if every:
            return Chosen(every[0], hits, "no kind named: the average of all kinds")
        shown = tuple(SearchHit(f, 0.0) for f in pool[:6])
        return NotChosen(
            f"{query!r} could be several foods with different minerals; say which", shown
        )
    every = [f for f in pool if any(_has(f, p) for p in ALL_KINDS)]
    logged = sorted(
        (f for f in pool if boosts and boosts.get(f.id, 0.0) > 0), key=lambda f: -_boost(boosts, f)
    )
    if every and not logged:
        chosen, why = every[0], "no kind named: the average of all kinds"
    elif not _apart(pool, TRACKED, SAME_SHARE):
        alike = f"of {len(pool)} foods alike in minerals"
        if logged:
            chosen, why = logged[0], f"the one logged most {alike}"
        else:
            chosen, why = min(pool, key=_plainness), f"the plainest {alike}"
    else:
        chosen, why = pool[0], f"the best match of {len(pool)} foods that differ little"
    if staples and chosen.id == staples[0]:
        return Chosen(chosen, hits)  # the everyday form of an everyday word
    return Chosen(chosen, hits, why)


def _boost(boosts: Mapping[str, float] | None, food: Food) -> float:
    return boosts.get(food.id, 0.0) if boosts else 0.0


def _plainness(food: Food) -> tuple[bool, int]:
    """A generic description before a brand's ("HEALTHY REQUEST ..."), then the shortest."""
    brand = any(
        len(w) > 2 and w.isupper() and w not in _NOT_BRANDS
        for w in food.name.replace(",", " ").replace("(", " ").split()
    )
    return brand, len(words(food.name))


def _cooked(query: str) -> str:
    """ "baked atlantic cod" -> "cooked atlantic cod": USDA says how, not with what word."""
    return " ".join("cooked" if w in COOKING else w for w in words(query))


def _staples(word: str) -> tuple[str, ...]:
    for form in (word, stem(word), _CANONICAL.get(word, ""), _CANONICAL.get(stem(word), "")):
        if form in STAPLES:
            return STAPLES[form]
    return ()


def _candidates(query: str, top: SearchHit, index: FoodIndex) -> list[Food]:
    """The foods whose descriptions have every word typed, however well the
    names score otherwise ("Tofu, firm" and "Tofu, raw, firm" alike)."""
    found = words(query)
    plain = [
        h.food
        for h in index.search(query, 12, whole_words=True, staples=False)
        if h.match == top.match and not any(_has(h.food, f"non {w}") for w in found)
    ]
    if top.food not in plain and not any(_has(top.food, f"non {w}") for w in found):
        plain.insert(0, top.food)
    # "pumpkin seeds" is not a sunfish: keep the foods the words are about.
    return [f for f in plain if _about(f, query, top.food)] or plain


def _head(food: Food, parts: int = 2) -> frozenset[str]:
    """The words of the first parts of a description, past a category ("Fish, ...")."""
    return _head_words(food.name, parts)


@functools.lru_cache(maxsize=8192)
def _head_words(name: str, parts: int) -> frozenset[str]:
    # "(liquid expressed from grated meat and water)" says what it is made of.
    segments = _PARENS.sub(" ", name).split(",")
    if len(segments) > 1 and segments[0].strip().lower() in CATEGORY_HEADS:
        segments = segments[1:]
    return frozenset(words(" ".join(segments[:parts])))


def _about(food: Food, query: str, best: Food) -> bool:
    """Whether the food is what the query names, not something it comes in
    ("Tomatoes, canned, packed in tomato juice" is not tomato juice)."""
    found = [w for w in words(query) if w not in NEUTRAL and w not in COOKING]
    if not found:
        return True
    # "soy milk" is about "Soymilk": USDA writes some typed pairs as one word.
    typed = {stem(w) for w in found} | {stem(_CANONICAL.get(w, w)) for w in found}
    typed |= {stem(a + b) for a, b in itertools.pairwise(found)}
    # The food's noun: the last typed word the best reading's first part has
    # ("tofu" of "firm tofu calcium sulfate"), else the last word typed.
    lead = {stem(w) for w in _head(best, 1)}
    at = max((n for n, w in enumerate(found) if stem(w) in lead), default=len(found) - 1)
    noun = found[at]
    named = {stem(noun), stem(_CANONICAL.get(noun, noun))}
    if at > 0:
        named.add(stem(found[at - 1] + noun))
    # The first two parts name the food ("Cheese, mozzarella, part skim milk"
    # is a cheese); the noun is in the first three ("Chicken, broilers or
    # fryers, breast").
    first = {stem(w) for w in _head(food, 2)}
    return bool(typed & first) and bool(named & {stem(w) for w in _head(food, 3)})


def _narrowed(
    pool: list[Food], typed: Sequence[str], boosts: Mapping[str, float] | None
) -> list[Food]:
    """Drop marked forms nobody typed or logged; then let the typed words decide."""
    typed_set = set(typed) | {stem(w) for w in typed}
    for word in list(typed_set):
        typed_set |= IMPLIED.get(word, frozenset())
    # A brand is what a person names when they mean it.
    pool = [f for f in pool if not _plainness(f)[0]] or pool
    for word in MADE_FROM:
        if word not in typed_set:
            pool = [f for f in pool if word not in _head(f) or _boost(boosts, f) > 0] or pool
    for phrase in MARKED:
        if all(w in typed_set for w in words(phrase)):
            continue
        unmarked = [f for f in pool if not _has(f, phrase) or _boost(boosts, f) > 0]
        if unmarked:
            pool = unmarked
    for word in typed:
        phrases = COOKING.get(word, (word,))
        having = [f for f in pool if any(_has(f, p) for p in phrases)]
        if 0 < len(having) < len(pool):
            pool = having
    if (
        "raw" not in typed_set
        and pool[0].group in EATEN_COOKED
        and any("cooked" in _segments(f) for f in pool)
    ):
        # Nobody means raw chicken or raw lentils unless they say so (tofu,
        # with no cooked form listed, keeps its raw one).
        pool = [f for f in pool if not _segments(f) & {"raw", "uncooked"}] or pool
    if "dry" not in typed_set:
        # "Milk, dry, whole": a powder, not what "whole milk" means.
        pool = [f for f in pool if "dry" not in _segments(f)] or pool
    # "black beans" are "Beans, black", not the variety "Beans, black turtle":
    # a name that only adds untyped words to another candidate's gives way to it.
    stems = {f.id: {stem(w) for w in words(_PARENS.sub(" ", f.name))} for f in pool}
    pool = [
        f
        for f in pool
        if not any(
            stems[g.id] < stems[f.id] and not (stems[f.id] - stems[g.id]) & typed_set for g in pool
        )
    ]
    # "white bread" is "Bread, white", not "Bread, pita, white": a name whose
    # first two parts say only what was typed, where there is one.
    allowed = typed_set | NEUTRAL | BOILERPLATE
    said = [
        f
        for f in pool
        if all(w in allowed or stem(w) in allowed for w in _head(f)) or _boost(boosts, f) > 0
    ]
    pool = said or pool
    # "pumpkin seeds" are seeds, not the sunfish called pumpkinseed: the kind
    # of food the best-ranked candidate is.
    return [f for f in pool if f.group == pool[0].group]


def _segments(food: Food) -> set[str]:
    return {" ".join(words(s)) for s in food.name.split(",")}


def _has(food: Food, phrase: str) -> bool:
    return _stems(phrase) in _stems(food.name)


@functools.lru_cache(maxsize=8192)
def _stems(text: str) -> str:
    """ " bean kidney all type " : words stemmed, spaced at both ends for whole-word search."""
    return " " + " ".join(stem(w) for w in words(text)) + " "


def _apart(pool: Sequence[Food], nutrients: Sequence[Nutrient], share: float) -> bool:
    """Whether two foods of ``pool`` differ by more than ``share`` in one of ``nutrients``."""
    for nutrient in nutrients:
        values = [v for f in pool if (v := f.per100g.get(nutrient.key)) is not None]
        if len(values) < 2:
            continue
        lo, hi = min(values), max(values)
        if hi - lo > max(nutrient.material or 0.0, share * hi):
            return True
    return False
