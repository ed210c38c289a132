"""Search ranking: the plain everyday form first, the person's own foods higher."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cramplog.foods.search import FoodIndex, default_food_index


def ids(index: FoodIndex, query: str, limit: int = 10, **kwargs: object) -> list[str]:
    return [hit.food.id for hit in index.search(query, limit, **kwargs)]  # type: ignore[arg-type]


def test_banana_finds_raw_bananas_before_banana_chips(index: FoodIndex) -> None:
    found = ids(index, "banana")
    assert found[0] == "09040"  # Bananas, raw
    assert "19400" in found  # Snacks, banana chips
    assert found.index("09040") < found.index("19400")


def test_banana_while_typing(index: FoodIndex) -> None:
    for prefix in ("ban", "bana", "banan", "bananas"):
        assert ids(index, prefix)[0] == "09040", prefix


def test_milk_finds_fluid_milks_before_dry_milk(index: FoodIndex) -> None:
    found = ids(index, "milk", 10)
    fluid = {"01077", "01079", "01085"}  # whole, 2%, skim
    assert fluid <= set(found[:4])
    dry = [i for i in ("01090", "01091", "01092") if i in found]  # Milk, dry, ...
    assert all(found.index(d) > 3 for d in dry)
    assert found[0] == "01077"


def test_milk_variants_by_name(index: FoodIndex) -> None:
    assert ids(index, "whole milk")[0] == "01077"
    assert ids(index, "2% milk")[0] == "01079"
    assert ids(index, "skim milk")[0] == "01085"
    assert index.search("chocolate milk", 1)[0].food.name.startswith("Milk, chocolate")


def test_egg_finds_a_whole_egg(index: FoodIndex) -> None:
    top = index.search("egg", 3)
    assert top[0].food.id == "01123"  # Egg, whole, raw, fresh
    assert all(h.food.name.startswith("Egg, whole") for h in top)
    assert ids(index, "eggs")[0] == "01123"


def test_everyday_forms(index: FoodIndex) -> None:
    assert ids(index, "almonds")[0] == "12061"  # Nuts, almonds
    assert ids(index, "cooked spinach")[0] == "11458"
    assert ids(index, "spinach")[0] == "11457"
    assert ids(index, "orange juice")[0] == "09206"
    assert ids(index, "peanut butter")[0] == "16098"
    assert ids(index, "coffee")[0] == "14209"
    assert ids(index, "water")[0] in {"14411", "14555"}


def test_synonyms(index: FoodIndex) -> None:
    assert index.search("yoghurt", 1)[0].food.name.startswith("Yogurt")
    assert index.search("courgette", 1)[0].food.name.lower().count("zucchini") == 1
    assert index.search("ketchup", 1)[0].food.name.startswith("Catsup")
    assert index.search("oj", 1)[0].food.name.startswith("Orange juice")
    assert "french fried" in index.search("fries", 1)[0].food.name


def test_common_names_are_searchable(index: FoodIndex) -> None:
    # 09164 Litchis, raw has ComName "lychee".
    assert ids(index, "lychee")[0] == "09164"


def test_typo(index: FoodIndex) -> None:
    hit = index.search("brocoli", 1)[0]
    assert hit.food.id == "11090"
    assert hit.match == "typo"


def test_match_kinds(index: FoodIndex) -> None:
    assert index.search("banana", 1)[0].match == "word"
    assert index.search("bana", 1)[0].match == "prefix"


def test_boosts_lift_the_persons_own_foods(index: FoodIndex) -> None:
    assert ids(index, "milk")[0] == "01077"
    # Someone who always logs skim milk and goat milk.
    boosted = ids(index, "milk", boosts={"01085": 1.0, "01106": 0.5})
    assert boosted[0] == "01085"
    assert boosted.index("01106") < ids(index, "milk", 50).index("01106")
    # A boost never pulls in a food that does not match.
    assert "09040" not in ids(index, "milk", boosts={"09040": 1.0})


def test_odd_boost_values_are_harmless(index: FoodIndex) -> None:
    weird = {"01085": float("nan"), "01079": -3.0, "nope": 1.0, "01082": 1e9}
    assert ids(index, "milk", boosts=weird)[0] == "01082"


def test_nothing_to_search(index: FoodIndex) -> None:
    assert index.search("") == []
    assert index.search("   ,,, ") == []
    assert index.search("zzzzqqqq") == []
    assert index.search("milk", 0) == []


def test_limit_and_order_are_stable(index: FoodIndex) -> None:
    first = index.search("cheese", 20)
    assert len(first) == 20
    assert [h.food.id for h in first] == [h.food.id for h in index.search("cheese", 20)]
    scores = [h.score for h in first]
    assert scores == sorted(scores, reverse=True)


def test_partial_matches_when_nothing_matches_every_word(index: FoodIndex) -> None:
    hits = index.search("banana qwertyuiop", 5)
    assert hits and hits[0].match == "partial"


@given(st.text(max_size=40), st.integers(min_value=-2, max_value=200))
@settings(max_examples=200, deadline=None)
def test_any_query_returns_hits(query: str, limit: int) -> None:
    hits = default_food_index().search(query, limit)
    assert len(hits) <= max(limit, 0)
    assert len({h.food.id for h in hits}) == len(hits)
