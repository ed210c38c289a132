"""A synthetic journal: plausible meals, drinks, medicines, activity and cramps.

For tests with a known truth, for benchmarks, and for someone who wants to
look around before logging their own days. Who the made-up person is and what
their days hold is demo.person; this module checks the request, looks the
person's foods up in the packaged table (their real per-100 g values are
copied into the rows, as a logged meal would have them) and writes the days
into an empty journal.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import func, insert, select

from cramplog.demo.person import (
    BASE_RISK,
    DEFAULT_STRENGTH,
    DEMO_PROFILE,
    EFFECTS,
    FOOD_IDS,
    LOW_MAGNESIUM_EATS,
    JournalRows,
    Magnesium,
    habits,
    one_day,
)
from cramplog.domain import FOOD_VALUES, CramplogError, DrugClass, MedKind
from cramplog.storage import repository as repo
from cramplog.storage.engine import Database
from cramplog.storage.models import (
    ENTRY_TABLES,
    ActivityRow,
    Base,
    CrampRow,
    DoseRow,
    DrinkRow,
    FoodEntryRow,
    MedicationRow,
)
from cramplog.times import current_journal_day


@dataclass(frozen=True, slots=True)
class DemoSummary:
    start: dt.date
    end: dt.date
    days: int
    effect: str | None
    food_entries: int
    drinks: int
    doses: int
    activities: int
    cramps: int
    low_fluid_threshold_ml: float | None


def _composition(food: Any) -> dict[str, float | None]:
    return {key: food.per100g.get(key) for key in FOOD_VALUES}


def _is_empty(db: Database) -> bool:
    with db.reading() as session:
        for table in (*ENTRY_TABLES, MedicationRow):
            if session.scalar(select(func.count()).select_from(table)):
                return False
    return True


def generate_demo(
    db: Database,
    days: int = 180,
    seed: int = 0,
    effect: str | None = None,
    end: dt.date | None = None,
    strength: float = DEFAULT_STRENGTH,
    base_risk: float = BASE_RISK,
    eats: float | None = None,
) -> DemoSummary:
    """Write ``days`` journal days ending on ``end`` (default: yesterday's journal day).

    ``base_risk``: the chance of a cramp night on an ordinary day (before the
    seasons); ``eats``: portions as a share of the usual person's (default 1, or
    LOW_MAGNESIUM_EATS with the low-magnesium effect).

    Refuses a journal that already holds entries or medicines: demo data must
    never mix with a person's own records.
    """
    from cramplog.analysis.reference import fluid_reference, references_for
    from cramplog.foods.table import default_food_table

    if effect == "none":
        effect = None
    if effect is not None and effect not in EFFECTS:
        raise CramplogError(
            f"unknown demo effect {effect!r}; use one of: none, " + ", ".join(EFFECTS)
        )
    if not 1 <= days <= 40_000:
        raise CramplogError("days must be between 1 and 40000")
    if strength <= 0:
        raise CramplogError("strength must be more than 0")
    if not 0 < base_risk < 1:
        raise CramplogError("base_risk must be between 0 and 1")
    if eats is None:
        eats = LOW_MAGNESIUM_EATS if effect == "low_magnesium" else 1.0
    if eats <= 0:
        raise CramplogError("eats must be more than 0")
    if not _is_empty(db):
        raise CramplogError(
            "this journal already has entries; the demo writes only into an empty journal"
            " (use --db with a new file)"
        )
    with db.writing() as session:
        profile = repo.get_profile(session)
        if profile.sex is None and profile.birth_year is None:
            profile = dataclasses.replace(
                profile, sex=DEMO_PROFILE.sex, birth_year=DEMO_PROFILE.birth_year
            )
        # A made-up journal has nothing to ask: the app opens it on Today,
        # not on the welcome (which a journal shows once).
        profile = dataclasses.replace(profile, onboarded=True)
        repo.save_profile(session, profile)
    end = end or current_journal_day(profile.day_start_hour) - dt.timedelta(days=1)
    start = end - dt.timedelta(days=days - 1)
    refs = references_for(profile, end.year)
    fluids = fluid_reference(profile, refs)
    if effect == "low_fluid" and fluids.threshold_ml is None:
        raise CramplogError(
            "a low-fluid effect needs low-fluid days, which a fluid restriction"
            " in the profile switches off"
        )
    table = default_food_table()
    foods = {food_id: table.get(food_id) for food_id in FOOD_IDS}
    missing = [key for key, food in foods.items() if food is None]
    if missing:
        raise CramplogError(f"the food table lacks demo foods {', '.join(missing)}")
    compositions = {key: _composition(food) for key, food in foods.items()}
    rng = np.random.default_rng(seed)
    appetite, course = habits(rng, days)
    if effect == "low_magnesium":
        course[:] = False  # no supplement: low weeks follow what is eaten
    writer = JournalRows(profile.day_start_hour, str(getattr(table, "release", "USDA SR28")))
    # Their own stream: the day factors leave every other made-up entry as it was.
    factors = np.random.default_rng([seed, 1])
    supplement_mg = 250.0
    magnesium_days = Magnesium(refs.nutrients["magnesium_mg"].low_line, supplement_mg)
    statin_start = start + dt.timedelta(days=days // 2) if days >= 60 else None
    with db.writing() as session:
        magnesium = MedicationRow(
            name="Magnesium citrate 250 mg",
            kind=MedKind.SUPPLEMENT.value,
            magnesium_mg=supplement_mg,
            notes="demo",
        )
        session.add(magnesium)
        statin = None
        if statin_start is not None:
            statin = MedicationRow(
                name="Atorvastatin 20 mg",
                kind=MedKind.DRUG.value,
                drug_class=DrugClass.STATIN.value,
                started_on=statin_start,
                notes="demo",
            )
            session.add(statin)
        session.flush()
        ids = (magnesium.id, statin.id if statin is not None else None)
        for offset in range(days):
            day = start + dt.timedelta(days=offset)
            one_day(
                writer,
                rng,
                day,
                foods,
                compositions,
                ids,
                statin_start,
                fluids.threshold_ml,
                effect,
                strength,
                base_risk,
                float(appetite[offset]) * eats,
                bool(course[offset]),
                offset == days - 1,
                factors,
                magnesium_days,
            )
        for model, rows in writer.rows.items():
            if rows:
                # Core insert on the table: one executemany per table, where the
                # ORM's bulk path splits rows into many small batches.
                session.execute(insert(Base.metadata.tables[model.__tablename__]), rows)
    counts = {model: len(rows) for model, rows in writer.rows.items()}
    return DemoSummary(
        start,
        end,
        days,
        effect,
        counts[FoodEntryRow],
        counts[DrinkRow],
        counts[DoseRow],
        counts[ActivityRow],
        counts[CrampRow],
        fluids.threshold_ml,
    )
