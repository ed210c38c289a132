"""Cramp rate before and after starting a drug in a cramp-associated class.

Only drugs whose class is in cramplog.domain.DrugClass (each named by AAFP
2012, NICE CKS or Garrison 2012, see DRUG_CLASS_SOURCES). The comparison is
cramps per logged day in up to 90 days before the start against up to 90
days from the start (to the stop date, if any), as a Poisson rate ratio with
an exact 95% interval. Equal, adjacent windows limit — but do not remove —
the pull of the seasons; the caveats travel with every result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import func, select

from cramplog.analysis.labels import NO_CLEAR_DIFFERENCE, NOT_ENOUGH_DATA, POSSIBLE_PATTERN
from cramplog.analysis.stats import rate_ratio
from cramplog.domain import DRUG_CLASS_SOURCES, DrugClass, MedKind
from cramplog.storage.engine import Database
from cramplog.storage.models import DoseRow, MedicationRow

WINDOW_DAYS = 90
MIN_DAYS_EACH_SIDE = 14

CAVEATS: tuple[str, ...] = (
    "cramps come and go with the seasons (more in summer), so two periods can differ"
    " with no part played by the medicine",
    "a medicine is often started after a bad spell, and bad spells tend to ease by"
    " themselves (regression to the mean)",
    "other things may have changed at the same time: the illness it treats, other"
    " medicines, activity, how carefully days were logged",
    "never stop or change a prescribed medicine without talking to the prescriber",
)


@dataclass(frozen=True, slots=True)
class Drug:
    name: str
    drug_class: DrugClass
    started_on: dt.date | None
    stopped_on: dt.date | None


@dataclass(frozen=True, slots=True)
class MedicineComparison:
    name: str
    drug_class: str
    sources: str
    started_on: dt.date | None
    days_before: int
    cramps_before: int
    days_after: int
    cramps_after: int
    per_week_before: float | None
    per_week_after: float | None
    rate_ratio: float | None
    ci_low: float | None
    ci_high: float | None
    label: str
    note: str


def load_drugs(db: Database) -> list[Drug]:
    """Drugs with a cramp-associated class; start = started_on, else the first dose."""
    m, d = MedicationRow, DoseRow
    first_dose = (
        select(d.medication_id, func.min(d.journal_day).label("first"))
        .group_by(d.medication_id)
        .subquery()
    )
    stmt = (
        select(m.name, m.drug_class, m.started_on, m.stopped_on, first_dose.c.first)
        .outerjoin(first_dose, first_dose.c.medication_id == m.id)
        .where(m.drug_class.is_not(None), m.kind == MedKind.DRUG.value)
        .order_by(m.name)
    )
    drugs: list[Drug] = []
    with db.reading() as session:
        for name, cls, started, stopped, first in session.execute(stmt):
            try:
                drug_class = DrugClass(cls)
            except ValueError:
                continue
            start = started or (dt.date.fromisoformat(first) if isinstance(first, str) else first)
            drugs.append(Drug(name, drug_class, start, stopped))
    return drugs


def _window(period: pd.DataFrame, lo: dt.date, hi: dt.date) -> tuple[int, int]:
    part = period.loc[pd.Timestamp(lo) : pd.Timestamp(hi)]
    logged = part["logged"].to_numpy(dtype=bool)
    return int(logged.sum()), int(np.nansum(part["cramps"].to_numpy(dtype=float)[logged]))


def compare_drug(period: pd.DataFrame, drug: Drug, end: dt.date) -> MedicineComparison:
    sources = DRUG_CLASS_SOURCES.get(drug.drug_class, "")
    start = drug.started_on
    if start is None:
        return MedicineComparison(
            drug.name,
            drug.drug_class.value,
            sources,
            None,
            0,
            0,
            0,
            0,
            None,
            None,
            None,
            None,
            None,
            NOT_ENOUGH_DATA,
            "no start date and no doses logged",
        )
    before_lo = start - dt.timedelta(days=WINDOW_DAYS)
    after_hi = min(start + dt.timedelta(days=WINDOW_DAYS - 1), drug.stopped_on or end, end)
    days_before, cramps_before = _window(period, before_lo, start - dt.timedelta(days=1))
    days_after, cramps_after = _window(period, start, after_hi)
    per_week_before = 7 * cramps_before / days_before if days_before else None
    per_week_after = 7 * cramps_after / days_after if days_after else None
    rr: tuple[float, float, float] | None = None
    if days_before < MIN_DAYS_EACH_SIDE or days_after < MIN_DAYS_EACH_SIDE:
        label = NOT_ENOUGH_DATA
        note = (
            f"needs {MIN_DAYS_EACH_SIDE} logged days on each side of the start"
            f" ({days_before} before, {days_after} after)"
        )
    else:
        rr = rate_ratio(cramps_after, days_after, cramps_before, days_before)
        if rr is None:
            label, note = NO_CLEAR_DIFFERENCE, "no cramps logged on either side"
        else:
            label = POSSIBLE_PATTERN if rr[1] > 1.0 or rr[2] < 1.0 else NO_CLEAR_DIFFERENCE
            note = "cramps per logged day after the start divided by before it"
    ratio, low, high = rr if rr is not None else (None, None, None)
    return MedicineComparison(
        drug.name,
        drug.drug_class.value,
        sources,
        start,
        days_before,
        cramps_before,
        days_after,
        cramps_after,
        per_week_before,
        per_week_after,
        ratio,
        low,
        high,
        label,
        note,
    )


def compare_medicines(
    period: pd.DataFrame, drugs: list[Drug], end: dt.date
) -> list[MedicineComparison]:
    return [compare_drug(period, drug, end) for drug in drugs]
