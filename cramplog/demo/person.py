"""The made-up person behind the demo journal: what they eat and drink, how they
move, when they take their medicines, and when they cramp.

Foods are real foods from the packaged table, picked from everyday pools.
``effect="low_fluid"`` plants a known effect: on low-fluid days (the
analysis's own definition) the chance of a cramp night is ``strength`` times
the usual one. ``effect="low_magnesium"`` does the same on days whose mean
magnesium (food, drinks and supplement doses) over the last 7 days (at least 4
of them logged) is under the EAR; the person then takes no magnesium
supplement and eats ``LOW_MAGNESIUM_EATS`` of the usual amounts, so that such
weeks are common enough to study (the usual demo person's food alone is near
335 mg a day, over the EAR of 265 mg). With no effect, cramps are independent
of everything logged (they follow the seasons only). Day factors (stretching,
sitting, fatigue, sleep) are said on most logged days and never change the
risk; they come from their own random stream, so adding them left every other
made-up entry as it was. Most cramps come between 01:00 and 04:00 and belong
to the evening before; a few come after 04:00 and so belong to the next
journal day, as real ones would.

Each day becomes rows for the journal's tables, collected in JournalRows;
writing them into a journal is the demo package's own work.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from typing import Any

import numpy as np

from cramplog.domain import (
    FOOD_VALUES,
    DayMarkKind,
    DrinkKind,
    Intensity,
    MealKind,
    Muscle,
    Profile,
    Sex,
    Side,
)
from cramplog.storage.models import (
    ActivityRow,
    Base,
    CrampRow,
    DayFactorsRow,
    DayMarkRow,
    DoseRow,
    DrinkRow,
    FoodEntryRow,
)
from cramplog.times import journal_day

EFFECTS = ("low_fluid", "low_magnesium")
DEFAULT_STRENGTH = 3.5
BASE_RISK = 0.15  # chance of a cramp night on an ordinary day
LOW_MAGNESIUM_EATS = 0.8
LOW_FLUID_DAY_SHARE = 0.30
# Set when the journal has no profile: reference values depend on sex and age.
DEMO_PROFILE = Profile(sex=Sex.FEMALE, birth_year=1958)

# (food id, typical grams, how often it is picked): everyday foods from USDA SR28,
# weighted so a day lands near 1,800 kcal and 250-300 mg of magnesium from food,
# as in surveys of older women, with enough spread for some low days.
BREAKFAST: tuple[tuple[str, int, float], ...] = (
    ("18069", 50, 3.0),
    ("18075", 32, 1.5),
    ("01001", 8, 3.0),
    ("01132", 61, 1.5),
    ("01129", 50, 1.0),
    ("08120", 30, 1.0),
    ("01079", 120, 2.0),
    ("08013", 20, 0.7),
    ("09040", 100, 1.5),
    ("09200", 120, 1.0),
    ("01117", 150, 1.2),
    ("09050", 60, 0.8),
    ("09316", 80, 0.8),
    ("01009", 20, 1.0),
    ("16098", 16, 0.6),
    ("08054", 30, 0.5),
)
LUNCH: tuple[tuple[str, int, float], ...] = (
    ("18069", 50, 2.0),
    ("18075", 32, 1.0),
    ("07029", 40, 1.5),
    ("01009", 20, 1.3),
    ("11251", 30, 1.5),
    ("11529", 60, 1.5),
    ("11205", 40, 1.2),
    ("05064", 70, 1.3),
    ("16033", 80, 0.5),
    ("16070", 80, 0.5),
    ("20045", 120, 1.0),
    ("09003", 150, 1.2),
    ("11124", 50, 1.0),
    ("09037", 40, 0.4),
    ("18228", 15, 1.0),
    ("11821", 50, 1.0),
    ("01015", 100, 0.7),
    ("11457", 20, 0.4),
)
DINNER: tuple[tuple[str, int, float], ...] = (
    ("05064", 100, 1.5),
    ("15237", 110, 0.6),
    ("23568", 90, 1.0),
    ("10027", 100, 1.0),
    ("20045", 140, 1.2),
    ("20037", 130, 0.4),
    ("20121", 140, 1.3),
    ("11674", 150, 1.0),
    ("11508", 120, 0.5),
    ("11091", 80, 1.0),
    ("11458", 60, 0.4),
    ("11124", 60, 1.2),
    ("11313", 70, 1.0),
    ("11282", 40, 1.2),
    ("11260", 50, 0.8),
    ("04053", 8, 1.5),
    ("01001", 8, 1.2),
    ("11251", 30, 1.0),
    ("11529", 60, 1.0),
    ("01026", 25, 0.8),
)
SNACKS: tuple[tuple[str, int, float], ...] = (
    ("12061", 20, 0.5),
    ("09003", 150, 1.2),
    ("09040", 100, 1.0),
    ("19904", 15, 0.4),
    ("18159", 30, 1.5),
    ("18228", 15, 1.2),
    ("09132", 80, 1.0),
    ("01117", 125, 0.8),
    ("01009", 20, 1.0),
    ("11124", 50, 0.8),
)
MEALS: tuple[tuple[MealKind, tuple[tuple[str, int, float], ...], int, int, float, float], ...] = (
    # meal, pool, fewest items, most items, first hour, spread in hours
    (MealKind.BREAKFAST, BREAKFAST, 4, 7, 7.0, 2.0),
    (MealKind.LUNCH, LUNCH, 5, 7, 12.0, 1.5),
    (MealKind.DINNER, DINNER, 6, 8, 18.0, 2.0),
    (MealKind.SNACK, SNACKS, 2, 5, 15.0, 1.0),
)
_WEIGHTS = {
    id(pool): np.array([w for _, _, w in pool]) / sum(w for _, _, w in pool)
    for pool in (BREAKFAST, LUNCH, DINNER, SNACKS)
}
MILK, JUICE, WINE = "01079", "09206", "14096"
MUSCLES = (Muscle.CALF, Muscle.FOOT, Muscle.TOE, Muscle.ARCH, Muscle.THIGH, Muscle.HAND)
MUSCLE_P = (0.60, 0.15, 0.10, 0.06, 0.07, 0.02)
SIDES = (Side.LEFT, Side.RIGHT, Side.BOTH)
RELIEF = ("stretching", "walking", "massage", "standing up", "heat", "")
# Every food the person eats or drinks, looked up in the table once.
FOOD_IDS = tuple(
    dict.fromkeys(
        [
            *(food_id for pool in (BREAKFAST, LUNCH, DINNER, SNACKS) for food_id, _, _ in pool),
            MILK,
            JUICE,
            WINE,
        ]
    )
)


def _last_sunday(year: int, month: int) -> dt.date:
    last = dt.date(year, month + 1, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() + 1) % 7)


@functools.cache
def _offset_min(day: dt.date) -> int:
    """Central European time: +60, or +120 in summer time (good enough for a demo)."""
    summer = _last_sunday(day.year, 3) <= day < _last_sunday(day.year, 10)
    return 120 if summer else 60


class JournalRows:
    """Collects rows per table; times are local wall-clock times at a CET offset."""

    def __init__(self, day_start_hour: int, release: str) -> None:
        self.hour = day_start_hour
        self.release = release
        self.rows: dict[type[Base], list[dict[str, Any]]] = {
            FoodEntryRow: [],
            DrinkRow: [],
            DoseRow: [],
            ActivityRow: [],
            CrampRow: [],
            DayMarkRow: [],
            DayFactorsRow: [],
        }

    def timed(self, local: dt.datetime) -> dict[str, Any]:
        offset = _offset_min(local.date())
        return {
            "at_utc": local - dt.timedelta(minutes=offset),
            "utc_offset_min": offset,
            "journal_day": journal_day(local, self.hour),
            "notes": "",
        }


def habits(rng: np.random.Generator, days: int) -> tuple[np.ndarray, np.ndarray]:
    """Per day, how much the person eats (a factor around 1) and whether they are
    on a course of the supplement."""
    # Appetite drifts over weeks (AR(1), a few weeks' memory) and varies day to day,
    # and the supplement is taken in courses: both give runs of lower and higher days.
    drift = np.zeros(days)
    for i in range(1, days):
        drift[i] = 0.93 * drift[i - 1] + rng.normal(0.0, 0.05)
    appetite = np.exp(drift + rng.normal(0.0, 0.18, days))
    course = np.zeros(days, dtype=bool)
    on = bool(rng.random() < 0.5)
    for i in range(days):
        if rng.random() < 1 / 45:
            on = not on
        course[i] = on
    return appetite, course


def _weighted_sample(rng: np.random.Generator, weights: np.ndarray, count: int) -> np.ndarray:
    """``count`` distinct indices drawn with probability proportional to ``weights``.

    Efraimidis-Spirakis keys: the same distribution as numpy's weighted choice
    without replacement, at a fraction of its cost per call.
    """
    keys = rng.random(len(weights)) ** (1.0 / weights)
    return np.argpartition(-keys, count - 1)[:count]


def _at(day: dt.date, hours: float) -> dt.datetime:
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=round(hours * 60))


class Magnesium:
    """The days' magnesium so far, to plant the low-magnesium effect as the
    analysis defines low_magnesium_7d (NaN: a day with nothing logged)."""

    def __init__(self, line: float, supplement_mg: float) -> None:
        self.line = line
        self.supplement_mg = supplement_mg
        self.days: list[float] = []

    def low_week(self) -> bool:
        week = [mg for mg in self.days[-7:] if not math.isnan(mg)]
        return len(week) >= 4 and sum(week) / len(week) < self.line


def _mg(row: dict[str, Any]) -> float:
    value = row.get("magnesium_mg")
    grams = row.get("grams")
    return 0.0 if value is None or grams is None else float(grams) * float(value) / 100.0


def day_factors(w: JournalRows, rng: np.random.Generator, day: dt.date) -> None:
    """Said on about 70% of logged days, each field left empty now and then."""
    if rng.random() >= 0.7:
        return
    said = rng.random(4) < 0.85
    fatigue = int(np.clip(rng.normal(4.5, 2.0), 0, 10))
    w.rows[DayFactorsRow].append(
        {
            **w.timed(_at(day, 22.0 + rng.random())),
            "stretched": bool(rng.random() < 0.5) if said[0] else None,
            "sitting_hours": round(float(np.clip(rng.normal(6.0, 2.5), 0, 16)), 1)
            if said[1]
            else None,
            "footwear": None,
            "fatigue": fatigue if said[2] else None,
            "sleep_hours": round(float(np.clip(rng.normal(6.8, 1.0), 3, 10)), 1)
            if said[3]
            else None,
        }
    )


def one_day(
    w: JournalRows,
    rng: np.random.Generator,
    day: dt.date,
    foods: dict[str, Any],
    compositions: dict[str, dict[str, float | None]],
    ids: tuple[int, int | None],
    statin_start: dt.date | None,
    threshold_ml: float | None,
    effect: str | None,
    strength: float,
    base_risk: float,
    appetite: float,
    supplement: bool,
    last_day: bool,
    factors: np.random.Generator,
    magnesium: Magnesium,
) -> None:
    roll = rng.random()
    if roll < 0.06:
        magnesium.days.append(math.nan)
        return  # nothing logged at all: a missing day
    day_factors(w, factors, day)
    first_food, first_drink = len(w.rows[FoodEntryRow]), len(w.rows[DrinkRow])
    drinks_logged = roll >= 0.09  # 3% of days have food but no drinks logged
    if rng.random() < 0.02:
        w.rows[DayMarkRow].append({"journal_day": day, "kind": DayMarkKind.NOT_LOGGED.value})
    elif drinks_logged and rng.random() < 0.10:
        w.rows[DayMarkRow].append({"journal_day": day, "kind": DayMarkKind.COMPLETE.value})
    for meal, pool, fewest, most, first_hour, spread in MEALS:
        count = int(rng.integers(fewest, most + 1))
        picks = _weighted_sample(rng, _WEIGHTS[id(pool)], count)
        base = w.timed(_at(day, first_hour + spread * rng.random()))
        for index in picks:
            food_id, grams, _ = pool[int(index)]
            food = foods[food_id]
            amount = max(5.0, round(grams * appetite * float(rng.lognormal(0.0, 0.25))))
            w.rows[FoodEntryRow].append(
                {
                    **base,
                    "meal": meal.value,
                    "food_id": food_id,
                    "custom_food_id": None,
                    "name": food.name,
                    "grams": amount,
                    "amount": f"{amount:g}",
                    "unit": "g",
                    "food_release": w.release,
                    **compositions[food_id],
                }
            )
    total_ml = _drinks(w, rng, day, foods, compositions) if drinks_logged else None
    mg = sum(_mg(row) for row in w.rows[FoodEntryRow][first_food:])
    mg += sum(_mg(row) for row in w.rows[DrinkRow][first_drink:])
    if supplement and rng.random() < 0.9:
        w.rows[DoseRow].append({**w.timed(_at(day, 21.5)), "medication_id": ids[0], "count": 1.0})
        mg += magnesium.supplement_mg
    magnesium.days.append(mg)
    taking_statin = ids[1] is not None and statin_start is not None and day >= statin_start
    if taking_statin and rng.random() < 0.95:
        w.rows[DoseRow].append({**w.timed(_at(day, 8.0)), "medication_id": ids[1], "count": 1.0})
    _activity(w, rng, day)
    risk = base_risk * (
        1.0 + 0.25 * math.cos(2 * math.pi * (day.timetuple().tm_yday - 196) / 365.25)
    )
    if (
        effect == "low_fluid"
        and total_ml is not None
        and threshold_ml is not None
        and total_ml < threshold_ml
    ):
        risk *= strength
    if effect == "low_magnesium" and magnesium.low_week():
        risk *= strength
    if rng.random() < min(risk, 0.95):
        _cramps(w, rng, day, last_day)


def _drinks(
    w: JournalRows,
    rng: np.random.Generator,
    day: dt.date,
    foods: dict[str, Any],
    compositions: dict[str, dict[str, float | None]],
) -> float:
    low = rng.random() < LOW_FLUID_DAY_SHARE
    target = rng.uniform(700, 1400) if low else float(np.clip(rng.normal(2150, 350), 1000, 3500))
    drinks: list[tuple[DrinkKind, float, bool, str | None, float | None]] = []
    for _ in range(int(rng.integers(1, 4))):
        drinks.append((DrinkKind.COFFEE, 240.0, True, None, None))
    for _ in range(int(rng.integers(0, 3))):
        drinks.append((DrinkKind.TEA, 250.0, True, None, None))
    if rng.random() < 0.4:
        drinks.append((DrinkKind.MILK, 250.0, False, MILK, 258.0))
    if rng.random() < 0.3:
        drinks.append((DrinkKind.JUICE, 200.0, False, JUICE, 208.0))
    if rng.random() < 0.15:
        drinks.append((DrinkKind.ALCOHOL, 150.0, False, WINE, 149.0))
    so_far = sum(d[1] for d in drinks)
    glasses = max(0, round((target - so_far) / 250.0))
    drinks += [(DrinkKind.WATER, 250.0, False, None, None)] * glasses
    for kind, ml, caffeinated, food_id, grams in drinks:
        food = foods[food_id] if food_id else None
        composition = compositions[food_id] if food_id else dict.fromkeys(FOOD_VALUES)
        w.rows[DrinkRow].append(
            {
                **w.timed(_at(day, 7.0 + 15.0 * rng.random())),
                "kind": kind.value,
                "ml": ml,
                "caffeinated": caffeinated,
                "food_id": food_id,
                "grams": grams,
                "food_release": w.release if food else "",
                **composition,
            }
        )
    return sum(d[1] for d in drinks)


def _activity(w: JournalRows, rng: np.random.Generator, day: dt.date) -> None:
    if rng.random() < 0.55:
        w.rows[ActivityRow].append(
            {
                **w.timed(_at(day, 10.0 + 7.0 * rng.random())),
                "kind": "walking",
                "minutes": int(rng.integers(20, 61)),
                "intensity": Intensity.MODERATE.value,
            }
        )
    if rng.random() < 0.15:
        kind, intensity = (
            ("cycling", Intensity.VIGOROUS)
            if rng.random() < 0.5
            else ("gardening", Intensity.MODERATE)
        )
        w.rows[ActivityRow].append(
            {
                **w.timed(_at(day, 9.0 + 8.0 * rng.random())),
                "kind": kind,
                "minutes": int(rng.integers(30, 91)),
                "intensity": intensity.value,
            }
        )


def _cramps(w: JournalRows, rng: np.random.Generator, day: dt.date, last_day: bool) -> None:
    count = int(rng.choice((1, 2, 3), p=(0.80, 0.17, 0.03)))
    for _ in range(count):
        when = rng.random()
        if when < 0.75:
            hours = 25.0 + 2.98 * rng.random()  # 01:00-03:59 next morning: still this day
        elif when < 0.85:
            hours = 22.5 + 2.48 * rng.random()  # 22:30-00:59
        elif when < 0.9 and not last_day:
            # 04:00-04:59: past the boundary, so the entry lands on the next journal
            # day, as a real one would; journal_day() decides, not this code.
            hours = 28.0 + 0.98 * rng.random()
        else:
            hours = 9.0 + 12.0 * rng.random()  # daytime
        muscle = MUSCLES[int(rng.choice(len(MUSCLES), p=MUSCLE_P))]
        w.rows[CrampRow].append(
            {
                **w.timed(_at(day, hours)),
                "muscle": muscle.value,
                "side": SIDES[int(rng.integers(0, 3))].value,
                "severity": int(rng.integers(3, 10)),
                "duration_s": int(np.clip(rng.lognormal(math.log(120), 0.6), 10, 1800)),
                "woke_from_sleep": hours >= 22.5,
                "relieved_by": RELIEF[int(rng.integers(0, len(RELIEF)))],
                "red_flags": "numbness" if rng.random() < 0.01 else "",
            }
        )
