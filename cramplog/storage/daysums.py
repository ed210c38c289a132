"""Per-day sums over every entry table, done by SQLite.

Both the analysis (pandas) and the Today/History views (plain Python) read a
journal's days through these statements, so the two can never disagree about
what a day holds.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, Select, String, case, func, select, type_coerce

from cramplog.domain import CAFFEINATED_BY_DEFAULT, NUTRIENTS, DrinkKind, ImportScope, Intensity
from cramplog.entry_kinds import PLAIN_KINDS, EntryKind
from cramplog.storage.models import (
    ENTRY_ROWS,
    ActivityRow,
    CrampRow,
    DayMarkRow,
    DoseRow,
    DrinkRow,
    FoodEntryRow,
    ImportedFoodRow,
    MedicationRow,
)


def _day(column: Any) -> ColumnElement[str]:
    # Read the stored ISO text as text: pandas parses a whole column at once,
    # far faster than SQLAlchemy's per-row date conversion.
    return type_coerce(column, String).label("day")


def _composition(t: type[FoodEntryRow] | type[DrinkRow], source: str) -> list[Any]:
    """Per nutrient: the sum of grams x value per 100 g, and the grams that had a value."""
    columns: list[Any] = []
    for key in NUTRIENTS:
        value = getattr(t, key)
        known_mass = func.total(case((value.is_not(None), t.grams), else_=0.0))
        columns.append(func.total(t.grams * value).label(f"{key}_{source}_x100"))
        columns.append(known_mass.label(f"{key}_{source}_known_g"))
    return columns


def food_sums(lo: dt.date, hi: dt.date) -> Select[Any]:
    t = FoodEntryRow
    columns: list[Any] = [
        _day(t.journal_day),
        func.count().label("food_entries"),
        func.total(t.grams).label("food_g"),
    ]
    columns += _composition(t, "food")
    return select(*columns).where(t.journal_day.between(lo, hi)).group_by(t.journal_day)


def drink_sums(lo: dt.date, hi: dt.date) -> Select[Any]:
    t = DrinkRow
    alcohol = t.kind == DrinkKind.ALCOHOL.value
    columns: list[Any] = [
        _day(t.journal_day),
        func.count().label("drinks"),
        func.total(t.ml).label("beverages_ml"),
        func.total(case((alcohol, t.ml), else_=0.0)).label("alcohol_ml"),
        func.total(case((alcohol, 1), else_=0)).label("alcohol_drinks"),
        func.total(case((t.caffeinated, 1), else_=0)).label("caffeinated_drinks"),
        func.total(t.grams).label("drink_g"),
    ]
    columns += _composition(t, "drink")
    return select(*columns).where(t.journal_day.between(lo, hi)).group_by(t.journal_day)


def imported_sums(lo: dt.date, hi: dt.date) -> Select[Any]:
    """Food imported from another tracker: its servings' amounts as given, its day
    totals apart (day_rule counts them only on a day with no other food), and
    the drinks among the servings, named as drink_sums names them with
    "imported_" before (day_rule.fluid_sum adds the two)."""
    t = ImportedFoodRow
    serving = t.scope == ImportScope.SERVING.value
    day = t.scope == ImportScope.DAY.value
    drink = t.fluid_ml.is_not(None)
    alcohol = drink & (t.drink == DrinkKind.ALCOHOL.value)
    caffeinated = drink & t.drink.in_(sorted(k.value for k in CAFFEINATED_BY_DEFAULT))
    columns: list[Any] = [
        _day(t.journal_day),
        func.count().label("imported_foods"),
        func.total(case((serving, 1), else_=0)).label("imported_servings"),
        func.total(case((day, 1), else_=0)).label("imported_days"),
        func.total(case((drink, 1), else_=0)).label("imported_drinks"),
        func.total(t.fluid_ml).label("imported_beverages_ml"),
        func.total(case((alcohol, t.fluid_ml), else_=0.0)).label("imported_alcohol_ml"),
        func.total(case((alcohol, 1), else_=0)).label("imported_alcohol_drinks"),
        func.total(case((caffeinated, 1), else_=0)).label("imported_caffeinated_drinks"),
    ]
    for key in NUTRIENTS:
        value = getattr(t, key)
        for name, scope in (("serving", serving), ("day", day)):
            columns.append(func.total(case((scope, value), else_=0.0)).label(f"{key}_{name}"))
            known = case((scope & value.is_not(None), 1), else_=0)
            columns.append(func.total(known).label(f"{key}_{name}_known"))
    return select(*columns).where(t.journal_day.between(lo, hi)).group_by(t.journal_day)


def dose_sums(lo: dt.date, hi: dt.date) -> Select[Any]:
    d, m = DoseRow, MedicationRow
    # A medicine with a drug class is one of the cramp-associated classes (DrugClass).
    cramp_drug = m.drug_class.is_not(None) & (m.drug_class != "")
    columns: list[Any] = [
        _day(d.journal_day),
        func.count().label("doses"),
        func.total(case((cramp_drug, d.count), else_=0.0)).label("cramp_drug_doses"),
    ]
    columns += [func.total(d.count * getattr(m, key)).label(f"{key}_doses") for key in NUTRIENTS]
    return (
        select(*columns)
        .join(m, d.medication_id == m.id)
        .where(d.journal_day.between(lo, hi))
        .group_by(d.journal_day)
    )


def activity_sums(lo: dt.date, hi: dt.date) -> Select[Any]:
    t = ActivityRow
    vigorous = t.intensity == Intensity.VIGOROUS.value
    return (
        select(
            _day(t.journal_day),
            func.count().label("activities"),
            func.total(t.minutes).label("exercise_min"),
            func.total(case((vigorous, t.minutes), else_=0)).label("vigorous_min"),
        )
        .where(t.journal_day.between(lo, hi))
        .group_by(t.journal_day)
    )


def cramp_sums(lo: dt.date, hi: dt.date) -> Select[Any]:
    t = CrampRow
    return (
        select(
            _day(t.journal_day),
            func.count().label("cramps"),
            func.max(t.severity).label("worst_severity"),
            func.total(t.severity).label("severity_sum"),
            func.total(t.duration_s).label("total_duration_s"),
            func.count(t.duration_s).label("timed_cramps"),
        )
        .where(t.journal_day.between(lo, hi))
        .group_by(t.journal_day)
    )


def plain_sums(kind: EntryKind, lo: dt.date, hi: dt.date) -> Select[Any]:
    """A kind of plain fields per day: how many entries (by the kind's section
    name), "yes" if any entry said yes, the mean of each number said.

    A choice (footwear) has no sum; it stays on the entries.
    """
    t = ENTRY_ROWS[kind.name]
    columns: list[Any] = [_day(t.journal_day), func.count().label(kind.section)]
    for f in kind.plain:
        column = getattr(t, f.name)
        if f.value_type == "bool":
            columns.append(func.max(column).label(f.name))
        elif f.choices is None:
            columns.append(func.avg(column).label(f.name))
    return select(*columns).where(t.journal_day.between(lo, hi)).group_by(t.journal_day)


def day_marks(lo: dt.date, hi: dt.date) -> Select[Any]:
    t = DayMarkRow
    columns: list[Any] = [_day(t.journal_day), t.kind.label("marked")]
    return select(*columns).where(t.journal_day.between(lo, hi))


def daily_statements(lo: dt.date, hi: dt.date) -> tuple[Select[Any], ...]:
    """Every per-day SQL aggregate the frame is built from (the benchmark's baseline)."""
    return (
        food_sums(lo, hi),
        drink_sums(lo, hi),
        dose_sums(lo, hi),
        activity_sums(lo, hi),
        cramp_sums(lo, hi),
        *(plain_sums(kind, lo, hi) for kind in PLAIN_KINDS),
        imported_sums(lo, hi),
        day_marks(lo, hi),
    )
