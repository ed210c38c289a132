"""The n-of-1 trial analysis on simulated trials, and whether the planner's power is right.

    python benchmarks/bench_trials.py [--trials 2000] [--seed 2026]

Simulates whole trials night by night and analyses each with
``cramplog.analysis.trial_result.trial_result`` (the function the app uses),
from a list of logged nights, as the journal would give it. The simulated
person's chance of a cramp on night t is ``expit(a + z_t)`` (times the rate
ratio on intervention nights), with ``z`` a stationary AR(1) series: the
night-to-night persistence ``phi`` and the spread ``sd`` (log-odds) are varied,
and ``a`` is set so that the share of cramp nights without the intervention is
the stated rate. Each night is logged with probability 0.9; a missed night is
left out, never counted as a night without cramps.

It prints:

1. under no effect, for the default design (3 pairs of 14-day blocks, 3
   washout days) and for 6 pairs, at cramp-night rates 10%, 30% and 60% and
   four persistence levels (none; moderate, the planner's assumption; strong;
   very strong): the share of trials labelled "fewer" or "more" (target
   <= 5% in every row; a row misses when above 5% by more than twice the
   Monte Carlo error, since a test at the 5% level sits near 5% with many
   pairs), beside the share a test of single nights would label (a pooled
   two-proportion z-test: what treating autocorrelated nights as independent
   does) and what the per-pair log-ratio t-test, the alternative set aside,
   would label;
2. for a halving of cramp nights at the default design and the planner's
   persistence: the simulated share labelled "fewer" beside the planner's
   own estimate (``trial_power.estimate_power``), which must agree within 5
   percentage points, and beside it the log-ratio test's power;
3. the planner's run time (target < 0.5 s per estimate).

Trial i of scenario s uses numpy's default_rng([seed, s, i]) for its nights
and its allocation, so a run is reproducible. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
import time
from dataclasses import dataclass
from functools import cache

import numpy as np
from scipy import optimize, special, stats

from cramplog.analysis.trial_design import Design, TrialPlan
from cramplog.analysis.trial_power import PERSISTENCE, SPREAD, estimate_power
from cramplog.analysis.trial_result import VARIANCE_FLOOR, Night, TrialResult, trial_result

START = dt.date(2026, 1, 5)
LOGGED_SHARE = 0.9
FALSE_TARGET = 0.05
AGREEMENT_POINTS = 5.0
PLANNER_SECONDS = 0.5
PERSISTENCE_LEVELS: tuple[tuple[str, float, float], ...] = (
    ("none", 0.0, 0.0),
    ("moderate", PERSISTENCE, SPREAD),
    ("strong", 0.95, 1.5),
    ("very strong", 0.98, 2.5),
)


@dataclass(frozen=True)
class Scenario:
    design: Design
    rate: float
    rate_ratio: float
    phi: float
    sd: float


@cache
def _intercept(rate: float, sd: float) -> float:
    """a with E[expit(a + sd·Z)] = rate, by quadrature (written apart from trial_power's)."""
    x, w = np.polynomial.hermite_e.hermegauss(60)
    w = w / w.sum()
    return float(
        optimize.brentq(lambda a: float((special.expit(a + sd * x) * w).sum()) - rate, -40, 40)
    )


def simulate_trial(s: Scenario, rng: np.random.Generator) -> tuple[TrialPlan, list[Night]]:
    """One trial: a random allocation, then night-by-night cramps and logging."""
    d = s.design
    orders = tuple("AB" if rng.random() < 0.5 else "BA" for _ in range(d.pairs))
    plan = TrialPlan(d, START, orders)  # type: ignore[arg-type]
    days = d.total_days
    z = np.empty(days)
    z[0] = s.sd * rng.standard_normal()
    step = s.sd * math.sqrt(1 - s.phi**2)
    for t in range(1, days):
        z[t] = s.phi * z[t - 1] + step * rng.standard_normal()
    chance = special.expit(_intercept(s.rate, s.sd) + z)
    nights: list[Night] = []
    for t in range(days):
        day = START + dt.timedelta(days=t)
        where = plan.locate(day)
        assert where is not None
        p = chance[t] * (s.rate_ratio if where.block.arm == "B" else 1.0)
        cramp = rng.random() < min(p, 1.0)
        if rng.random() < LOGGED_SHARE:
            nights.append(Night(day, bool(cramp), True))
    return plan, nights


def naive_label(result: TrialResult) -> int:
    """The label a test of single nights would give: a two-proportion z-test on pooled nights.

    Shown only to measure what treating autocorrelated nights as independent does.
    """
    y = {"A": 0, "B": 0}
    n = {"A": 0, "B": 0}
    for b in result.blocks:
        y[b.arm] += b.cramp_nights
        n[b.arm] += b.nights_logged
    if min(n.values()) == 0:
        return 0
    p_a, p_b = y["A"] / n["A"], y["B"] / n["B"]
    pooled = (y["A"] + y["B"]) / (n["A"] + n["B"])
    se = math.sqrt(pooled * (1 - pooled) * (1 / n["A"] + 1 / n["B"]))
    if se == 0:
        return 0
    z = (p_b - p_a) / se
    return -1 if z < -1.96 else 1 if z > 1.96 else 0


def log_ratio_label(result: TrialResult) -> int:
    """The label of the alternative set aside (docs/trials.md): a paired t-test of per-pair
    log ratios log((y_B + 1/2) / (n_B + 1/2)) - log((y_A + 1/2) / (n_A + 1/2)), with the
    same floor (a quarter of the counting variance) and the same gate on usable pairs.
    """
    usable = [
        (a, b)
        for a, b in zip(result.blocks[0::2], result.blocks[1::2], strict=True)
        if a.usable and b.usable
    ]
    if result.kind == "too few logged nights" or len(usable) < 2:
        return 0
    d, v = [], []
    for first, second in usable:
        a, b = (first, second) if first.arm == "A" else (second, first)
        ya, na, yb, nb = (
            a.cramp_nights + 0.5,
            a.nights_logged + 0.5,
            b.cramp_nights + 0.5,
            b.nights_logged + 0.5,
        )
        d.append(math.log(yb / nb) - math.log(ya / na))
        v.append(1 / yb - 1 / nb + 1 / ya - 1 / na)
    k = len(d)
    se = math.sqrt(max(float(np.var(d, ddof=1)) / k, VARIANCE_FLOOR * float(np.mean(v)) / k))
    q = float(stats.t.ppf(0.975, k - 1))
    mean = float(np.mean(d))
    return -1 if mean + q * se < 0 else 1 if mean - q * se > 0 else 0


def label_shares(s: Scenario, trials: int, seed: int, index: int) -> dict[str, float]:
    counts = {"fewer": 0, "more": 0, "no clear difference": 0, "too few logged nights": 0}
    naive = 0
    log_ratio: dict[int, int] = {-1: 0, 0: 0, 1: 0}
    for i in range(trials):
        rng = np.random.default_rng([seed, index, i])
        plan, nights = simulate_trial(s, rng)
        result = trial_result(plan, nights, today=plan.end + dt.timedelta(days=1), intervention="X")
        counts[result.kind] += 1
        naive += naive_label(result) != 0
        log_ratio[log_ratio_label(result)] += 1
    shares = {k: v / trials for k, v in counts.items()}
    shares["nights as independent"] = naive / trials
    shares["log ratio: fewer"] = log_ratio[-1] / trials
    shares["log ratio: fewer or more"] = (log_ratio[-1] + log_ratio[1]) / trials
    return shares


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    began = time.perf_counter()
    ok = True
    index = 0
    print(
        f"seed {args.seed}, {args.trials} simulated trials per row, "
        f"{LOGGED_SHARE:.0%} of nights logged"
    )
    print("\n1. No effect: share of trials labelled 'fewer' or 'more' (target <= 5%)")
    print("   'nights': the share a test of single nights (pooled 2x2 z-test) would call;")
    print("   'log r.': the share the per-pair log-ratio t-test (set aside) would call")
    print(
        f"{'design':<11}{'rate':>5}  {'persistence':<28}"
        f"{'fewer':>7}{'more':>7}{'false':>7}{'nights':>8}{'log r.':>8}"
    )
    above = 0
    mc = 2 * math.sqrt(FALSE_TARGET * (1 - FALSE_TARGET) / args.trials)
    for pairs in (3, 6):
        design = Design(14, pairs, 3)
        for rate in (0.1, 0.3, 0.6):
            for name, phi, sd in PERSISTENCE_LEVELS:
                index += 1
                shares = label_shares(
                    Scenario(design, rate, 1.0, phi, sd), args.trials, args.seed, index
                )
                false = shares["fewer"] + shares["more"]
                # A row misses when above 5% by more than twice its Monte Carlo error.
                above += false > FALSE_TARGET
                missed = false > FALSE_TARGET + mc
                ok &= not missed
                flag = (
                    "  MISSED" if missed else "  (within MC error)" if false > FALSE_TARGET else ""
                )
                print(
                    f"{f'{pairs} x 14 d':<11}{rate:>5.0%}  "
                    f"{f'{name} (phi {phi}, sd {sd})':<28}"
                    f"{shares['fewer']:>7.1%}{shares['more']:>7.1%}{false:>7.1%}"
                    f"{shares['nights as independent']:>8.1%}"
                    f"{shares['log ratio: fewer or more']:>8.1%}{flag}"
                )
    print(
        f"   rows above 5%: {above}; a row misses when above 5% by more than twice the "
        f"Monte Carlo error ({100 * mc:.1f} points)"
    )
    print("\n2. A halving of cramp nights, default design, moderate persistence:")
    print("   simulated power beside the planner's estimate (must agree within 5 points)")
    print("   ('log r.': the share the per-pair log-ratio t-test, set aside, would call 'fewer')")
    print(f"{'rate':>6}{'simulated':>11}{'planner':>9}{'gap':>7}{'planner s':>11}{'log r.':>8}")
    design = Design()
    slowest = 0.0
    for rate in (0.3, 0.45, 0.6, 0.8):
        index += 1
        shares = label_shares(
            Scenario(design, rate, 0.5, PERSISTENCE, SPREAD), args.trials, args.seed, index
        )
        t = time.perf_counter()
        planner = estimate_power(design, rate, logged_share=LOGGED_SHARE)
        spent = time.perf_counter() - t
        slowest = max(slowest, spent)
        gap = 100 * (shares["fewer"] - planner.power)
        ok &= abs(gap) <= AGREEMENT_POINTS
        flag = "" if abs(gap) <= AGREEMENT_POINTS else "  MISSED"
        print(
            f"{rate:>6.0%}{shares['fewer']:>11.1%}{planner.power:>9.1%}{gap:>+7.1f}"
            f"{spent:>11.3f}{shares['log ratio: fewer']:>8.1%}{flag}"
        )
        print(f"{'':>6}  pairs for 80%: {planner.pairs_for_target or 'more than 12'}")
    ok &= slowest < PLANNER_SECONDS
    print(f"\n3. Planner: slowest estimate {slowest:.3f} s (target < {PLANNER_SECONDS} s)")
    print(
        f"\nrun time {time.perf_counter() - began:.0f} s; "
        + ("all targets met" if ok else "TARGET MISSED")
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
