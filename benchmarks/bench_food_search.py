"""Search-as-you-type timing over the full USDA table.

Types a realistic set of food names one character at a time ("b", "ba",
"ban", ...) and times every FoodIndex.search call, as the TUI's quick-add
line would make them. Prints the median and 99th percentile query time and
exits with status 1 if they exceed the targets (median <= 2 ms, p99 <= 10 ms).

    python benchmarks/bench_food_search.py [--rounds N] [--limit N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from cramplog.foods.search import FoodIndex
from cramplog.foods.table import load_food_table

TARGET_MEDIAN_MS = 2.0
TARGET_P99_MS = 10.0

# What people log most, as they type it, with a few misspellings.
QUERIES = [
    "banana",
    "whole milk",
    "scrambled eggs",
    "spinach",
    "almonds",
    "greek yogurt",
    "oatmeal",
    "brown rice",
    "chicken breast",
    "salmon",
    "broccoli",
    "sweet potato",
    "orange juice",
    "peanut butter",
    "black beans",
    "avocado",
    "cheddar cheese",
    "coffee",
    "green tea",
    "dark chocolate",
    "pumpkin seeds",
    "lentils",
    "tofu",
    "baked potato",
    "apple",
    "whole wheat bread",
    "pasta",
    "tuna",
    "kale",
    "blueberries",
    "skim milk",
    "coconut water",
    "yoghurt",
    "brocoli",
    "bananna",
    "ground beef",
    "white rice",
    "cottage cheese",
    "soy milk",
    "walnuts",
]

# A person's own foods, as the journal would pass them (id -> 0..1).
BOOSTS = {
    "09040": 1.0,
    "01077": 0.9,
    "01123": 0.8,
    "11457": 0.6,
    "12061": 0.5,
    "01256": 0.4,
    "08121": 0.4,
    "20037": 0.3,
    "05064": 0.3,
    "15237": 0.2,
}


def prefixes(text: str) -> list[str]:
    return [text[:n] for n in range(1, len(text) + 1)]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(share * (len(ordered) - 1))))
    return ordered[rank]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="times through the query set")
    parser.add_argument("--limit", type=int, default=10, help="results per query")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    table = load_food_table()
    loaded = time.perf_counter()
    index = FoodIndex(table)
    built = time.perf_counter()
    typed = [p for query in QUERIES for p in prefixes(query)]

    for query in typed:  # warm-up: first-use caches, branch predictors
        index.search(query, args.limit)

    results: dict[str, list[float]] = {"no boosts": [], "with boosts": []}
    for _ in range(args.rounds):
        for label, boosts in (("no boosts", None), ("with boosts", BOOSTS)):
            times = results[label]
            for query in typed:
                t0 = time.perf_counter_ns()
                index.search(query, args.limit, boosts)
                times.append((time.perf_counter_ns() - t0) / 1e6)

    print(
        f"food table: {len(table)} foods, loaded in {(loaded - started) * 1000:.0f} ms;"
        f" index built in {(built - loaded) * 1000:.0f} ms"
    )
    print(
        f"queries: {len(QUERIES)} names typed prefix by prefix = {len(typed)} searches"
        f" x {args.rounds} rounds, limit {args.limit}"
    )
    ok = True
    for label, times in results.items():
        median = statistics.median(times)
        p99 = percentile(times, 0.99)
        worst = max(times)
        passed = median <= TARGET_MEDIAN_MS and p99 <= TARGET_P99_MS
        ok &= passed
        print(
            f"{label:>12}: median {median:.3f} ms, p99 {p99:.3f} ms, max {worst:.3f} ms"
            f" (n={len(times)}) {'PASS' if passed else 'FAIL'}"
        )
    print(f"targets: median <= {TARGET_MEDIAN_MS:g} ms, p99 <= {TARGET_P99_MS:g} ms")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
