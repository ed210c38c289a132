"""How often the method calls noise a pattern, and how often it finds a planted effect.

    python benchmarks/bench_operating_characteristics.py [--journals 200] [--seed 2026]

Builds made-up journals with the demo generator (the same path as
tests/unit/analysis/test_known_truth.py: a journal file in a temporary folder,
analysed by ``cramplog.analysis.analyze`` and deleted), each 180-210 days long
(drawn from the seed), ending on 2026-06-30:

- ``--journals`` null journals (no effect planted; about 20% cramp nights);
- ``--journals`` journals for each planted effect the demo offers (demo.EFFECTS),
  at the demo's default strength, with the base risk lowered so that cramp
  nights stay near 20% of days overall.

It prints the share of null journals with any "possible pattern" (target
<= 5%), the power for each planted effect (its exposure labelled "possible
pattern" with more cramp nights on exposed days; target >= 80%), and per
exposure how often it was tested and called a pattern. Journal i of a set uses
the seed ``--seed`` + 1000 * set + i, so a run is reproducible and a smaller
``--journals`` run is the start of the full one. Exit status 1 when a target
is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from cramplog.analysis.exposures import EXPOSURE_KEYS
from cramplog.analysis.labels import POSSIBLE_PATTERN
from cramplog.analysis.run import analyze, read_profile
from cramplog.demo import generate_demo
from cramplog.demo.person import EFFECTS
from cramplog.storage.schema import open_database

END = dt.date(2026, 6, 30)
MIN_DAYS, MAX_DAYS = 180, 210
NULL_TARGET = 0.05
POWER_TARGET = 0.80
# Ordinary-day risk of a cramp night per set, so that every set has about 20%
# cramp nights: the planted sets add strength x risk on their exposed days.
BASE_RISK = {None: 0.20, "low_fluid": 0.14, "low_magnesium": 0.14}
# The exposure of the family each planted effect acts through.
PLANTED = {"low_fluid": "low_fluid_same_day", "low_magnesium": "low_magnesium_7d"}


@dataclass
class Tally:
    journals: int = 0
    gated: int = 0
    any_pattern: int = 0
    found: int = 0
    cramp_share: list[float] = field(default_factory=list)
    exposed_share: list[float] = field(default_factory=list)
    tested: Counter[str] = field(default_factory=Counter)
    patterns: Counter[str] = field(default_factory=Counter)


def run_one(folder: Path, seed: int, effect: str | None, tally: Tally) -> None:
    days = int(np.random.default_rng(seed).integers(MIN_DAYS, MAX_DAYS + 1))
    path = folder / f"journal-{seed}.sqlite3"
    db = open_database(path).database
    try:
        generate_demo(db, days=days, seed=seed, effect=effect, end=END, base_risk=BASE_RISK[effect])
        result = analyze(db, read_profile(db))
    finally:
        db.close()
        path.unlink()
    tally.journals += 1
    tally.gated += result.gate.passed
    if result.gate.days_logged:
        tally.cramp_share.append(result.gate.cramp_nights / result.gate.days_logged)
    for finding in result.findings:
        if finding.p is not None:
            tally.tested[finding.exposure] += 1
        if finding.label == POSSIBLE_PATTERN:
            tally.patterns[finding.exposure] += 1
    tally.any_pattern += any(f.label == POSSIBLE_PATTERN for f in result.findings)
    if effect is not None:
        [planted] = [f for f in result.findings if f.exposure == PLANTED[effect]]
        judged = planted.exposed_days + planted.unexposed_days
        if judged:
            tally.exposed_share.append(planted.exposed_days / judged)
        tally.found += planted.label == POSSIBLE_PATTERN and planted.direction == "more"


def _pct(k: int, n: int) -> str:
    return f"{k}/{n} = {k / n:.1%}" if n else "-"


def _interval(k: int, n: int) -> str:
    """Wilson 95% interval for a share, so a figure's own noise is shown with it."""
    from cramplog.analysis.stats import wilson

    ci = wilson(k, n)
    return "" if ci is None else f" (95% CI {ci[0]:.1%} to {ci[1]:.1%})"


def report(name: str, tally: Tally) -> None:
    n = tally.journals
    print(f"\n{name}: {n} journals, {tally.gated} passed the gate")
    print(f"  cramp nights per logged day: mean {statistics.fmean(tally.cramp_share):.1%}")
    if tally.exposed_share:
        print(
            f"  planted exposure's exposed days: mean {statistics.fmean(tally.exposed_share):.1%}"
        )
    print(f"  journals with any possible pattern: {_pct(tally.any_pattern, n)}")
    print("  per exposure: tested, possible pattern")
    for key in EXPOSURE_KEYS:
        print(f"    {key:<22} {tally.tested[key]:>4} {tally.patterns[key]:>4}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journals", type=int, default=200, help="journals per set (200)")
    parser.add_argument("--seed", type=int, default=2026, help="first seed (2026)")
    args = parser.parse_args(argv)
    if args.journals < 1:
        parser.error("--journals must be at least 1")
    sets: list[str | None] = [None, *EFFECTS]
    tallies = {effect: Tally() for effect in sets}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        for number, effect in enumerate(sets):
            for i in range(args.journals):
                seed = args.seed + 1000 * number + i
                run_one(Path(folder), seed, effect, tallies[effect])
    elapsed = time.perf_counter() - started
    command = "python benchmarks/bench_operating_characteristics.py"
    command += f" --journals {args.journals} --seed {args.seed}"
    print(f"$ {command}")
    print(f"{len(sets) * args.journals} journals of {MIN_DAYS}-{MAX_DAYS} days in {elapsed:.0f} s")
    ok = True
    null = tallies[None]
    report("null (no effect)", null)
    for effect in EFFECTS:
        report(f"planted {effect} ({PLANTED[effect]})", tallies[effect])
    print("\nsummary")
    null_rate = null.any_pattern / null.journals
    ok &= null_rate <= NULL_TARGET
    print(
        f"  null journals with any possible pattern: {_pct(null.any_pattern, null.journals)}"
        f"{_interval(null.any_pattern, null.journals)}, target <= {NULL_TARGET:.0%}"
    )
    for effect in EFFECTS:
        tally = tallies[effect]
        power = tally.found / tally.journals
        ok &= power >= POWER_TARGET and not math.isnan(power)
        print(
            f"  power, {effect}: {_pct(tally.found, tally.journals)}"
            f"{_interval(tally.found, tally.journals)}, target >= {POWER_TARGET:.0%}"
        )
    print("  targets met" if ok else "  TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
