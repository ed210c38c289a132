"""The stretch the night screen offers after a cramp, by muscle.

Stretching the cramping muscle is what the reviews name for relief of an
acute cramp (Allen & Kirby, AAFP 2012: "forceful stretching of the affected
muscle"); the calf stretch with the knee straight and pulling the toes back
are their examples. Worded as what to try, gently, never as treatment.
"""

from __future__ import annotations

from dataclasses import dataclass

from cramplog.domain import Muscle


@dataclass(frozen=True, slots=True)
class Stretch:
    name: str
    steps: tuple[str, ...]


CALF = Stretch(
    "Straight-knee wall stretch",
    (
        "Stand facing a wall, hands on it at shoulder height.",
        "The cramping leg back, knee straight, heel flat on the floor.",
        "Lean gently towards the wall until the calf stretches. Hold, breathe slowly.",
    ),
)
TOE_PULL_BACK = Stretch(
    "Toe pull-back",
    (
        "Sit, and take the toes of the cramping foot in your hand.",
        "Pull them gently back towards the shin, heel on the floor or bed.",
        "Hold while the cramp eases; breathe slowly.",
    ),
)
TOWEL = Stretch(
    "Towel stretch",
    (
        "Sit with the leg straight; loop a towel or belt round the ball of the foot.",
        "Pull both ends gently towards you, knee straight. Hold.",
    ),
)
GENTLE = Stretch(
    "Gentle stretch",
    (
        "Slowly lengthen the cramping muscle the opposite way to the cramp.",
        "Hold it there without bouncing; breathe slowly until it eases.",
    ),
)

# The first is the one shown; the rest are named as other ways.
BY_MUSCLE: dict[Muscle, tuple[Stretch, ...]] = {
    Muscle.CALF: (CALF, TOWEL),
    Muscle.FOOT: (TOE_PULL_BACK, TOWEL),
    Muscle.TOE: (TOE_PULL_BACK, TOWEL),
    Muscle.ARCH: (TOE_PULL_BACK, TOWEL),
    Muscle.THIGH: (GENTLE,),
    Muscle.HAND: (GENTLE,),
    Muscle.OTHER: (GENTLE,),
}


def stretches_for(muscle: Muscle) -> tuple[Stretch, ...]:
    return BY_MUSCLE[muscle]
