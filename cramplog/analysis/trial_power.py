"""Power of an n-of-1 trial design: the chance it labels a halving of cramp nights as such.

"Detecting" means the analysis of ``trial_result`` would give the label
"fewer cramp nights with X". The estimate comes from a fast, seeded simulation
of that same analysis on trials whose day-to-day cramp propensity persists
(see docs/trials.md); benchmarks/bench_trials.py checks it against full runs.
"""

from __future__ import annotations

from dataclasses import dataclass

from cramplog.analysis.trial_design import Design

TARGET_POWER = 0.80
HALVING = 0.5


@dataclass(frozen=True, slots=True)
class PowerEstimate:
    """``power`` (0–1) of ``design`` for ``rate_ratio`` at the person's ``cramp_night_rate``.

    ``pairs_for_target``: the fewest pairs (with the same block and washout days)
    reaching ``TARGET_POWER``, or None when even the most pairs allowed do not.
    ``simulations``: trials simulated per design; ``seed``: their seed.
    """

    design: Design
    cramp_night_rate: float
    rate_ratio: float
    power: float
    pairs_for_target: int | None
    simulations: int
    seed: int


def estimate_power(
    design: Design,
    cramp_night_rate: float,
    *,
    rate_ratio: float = HALVING,
    seed: int = 0,
) -> PowerEstimate:
    """Power of ``design`` and the pairs giving 80%, for a person with this share of cramp nights.

    ``cramp_night_rate``: the share of logged nights with a cramp (0 < rate ≤ 1),
    from the journal or typed in. ValueError names the field when out of range.
    Fast enough for a planner (well under half a second).
    """
    raise NotImplementedError


def power_of(
    design: Design, cramp_night_rate: float, *, rate_ratio: float = HALVING, seed: int = 0
) -> float:
    """The power alone (0–1) for one design."""
    raise NotImplementedError
