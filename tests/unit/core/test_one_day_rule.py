"""One day rule: the app's day figures equal the analysis's daily frame, every day, every nutrient.

Random journals over a few days hold every kind of entry (food with and
without a known vitamin D, plain drinks and drinks with a composition,
supplement doses, activity, cramps) and every mark (none, complete, not
logged). The Today and History figures (``services.days.day_range``) and the
analysis (``analysis.daily.load_daily``) must say the same of each day:
whether it is logged, each nutrient's amount and coverage (or that it is
missing), and the fluids (or that they are missing). The app's first figures
(``services.first_figures``: the same sums read with sqlite3 alone) must equal
``day_range``.
"""

from __future__ import annotations

import datetime as dt
import math
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cramplog.analysis.daily import load_daily
from cramplog.domain import NUTRIENTS
from cramplog.entry_kinds import BY_NAME, PLAIN_KINDS
from cramplog.services import Journal
from cramplog.services.days import day_range
from cramplog.services.first_figures import read_first_figures

FIRST = dt.date(2026, 3, 2)
DAYS = 4
NOW = dt.datetime(2026, 3, 20, 9, 0, tzinfo=dt.UTC)
# Milk (vitamin D known), banana, spinach, almonds, salmon (vitamin D unknown), beans.
FOODS = ("01077", "09040", "11457", "12061", "15076", "16028")
MED = "Magnesium and vitamin D"

day_index = st.integers(0, DAYS - 1)
hour = st.integers(5, 23)  # after the 04:00 day start: the entry is on its calendar day
entry = st.one_of(
    st.tuples(st.just("food"), day_index, hour, st.sampled_from(FOODS), st.integers(1, 400)),
    st.tuples(st.just("water"), day_index, hour, st.integers(50, 900)),
    st.tuples(st.just("milk"), day_index, hour, st.integers(50, 400)),
    st.tuples(st.just("dose"), day_index, hour, st.integers(1, 3)),
    st.tuples(st.just("activity"), day_index, hour, st.integers(5, 90)),
    st.tuples(st.just("cramp"), day_index, hour, st.integers(0, 10)),
    # Imported food: a serving or a day total, magnesium known or blank, a drink or not.
    st.tuples(
        st.just("imported"),
        day_index,
        hour,
        st.sampled_from(["serving", "day"]),
        st.one_of(st.none(), st.integers(0, 500)),
        st.one_of(st.none(), st.integers(50, 600)),
    ),
    # Every kind of plain fields (day factors), with one field said.
    *(
        st.tuples(st.just(k.name), day_index, hour, st.sampled_from([f.name for f in k.plain]))
        for k in PLAIN_KINDS
    ),
)
mark = st.sampled_from([None, "complete", "not logged"])


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("day-rule") / "journal.sqlite3"
    journal = Journal.open(path)
    try:
        journal.add_medication(name=MED, kind="supplement", magnesium_mg=250, vitamin_d_ug=25)
    finally:
        journal.close()
    return path


def _at(day: int, h: int) -> str:
    return f"{FIRST + dt.timedelta(days=day)}T{h:02d}:00+00:00"


def _log(journal: Journal, item: tuple[Any, ...]) -> None:
    kind, day, h = item[0], item[1], item[2]
    at = _at(day, h)
    if kind == "food":
        journal.log_food(food_id=item[3], grams=item[4], at=at, now=NOW)
    elif kind == "water":
        journal.log_drink(now=NOW, kind="water", ml=item[3], at=at)
    elif kind == "milk":
        journal.log_drink(now=NOW, food_id="01077", kind="milk", ml=item[3], at=at)
    elif kind == "dose":
        journal.log_dose(medication=MED, count=item[3], at=at, now=NOW)
    elif kind == "activity":
        journal.log_activity(now=NOW, kind="walking", minutes=item[3], at=at)
    elif kind == "cramp":
        journal.log_cramp(now=NOW, muscle="calf", side="left", severity=item[3], at=at)
    elif kind == "imported":
        _import(journal, item)
    else:
        plain = BY_NAME[kind]
        said = next(f for f in plain.plain if f.name == item[3])
        value: object = said.high
        if said.value_type == "bool":
            value = "yes"
        elif said.choices is not None:
            value = next(iter(said.choices))
        journal.log_plain(plain, {said.name: value}, at=at, now=NOW)


def _import(journal: Journal, item: tuple[Any, ...]) -> None:
    import uuid

    from cramplog.domain import DrinkKind, ImportedFood, ImportScope, Per100g
    from cramplog.storage import repository

    day, h, scope, mg, ml = item[1:]
    serving = scope == "serving"
    at = dt.datetime.fromisoformat(_at(day, h))
    row = ImportedFood(
        id=None,
        at=at,
        journal_day=at.date(),
        source="test",
        key=uuid.uuid4().hex,
        scope=ImportScope(scope),
        name="row",
        amounts=Per100g(magnesium_mg=mg, calcium_mg=40.0),
        fluid_ml=ml if serving else None,
        drink=DrinkKind.WATER if serving and ml else None,
    )
    with journal.db.writing() as s:
        repository.add_entry(s, row)


def _cell(frame: pd.DataFrame, day: dt.date, column: str) -> float:
    # pandas' stubs type a cell as any scalar or a Series; the daily frame's columns are numbers.
    value: float = frame[column][pd.Timestamp(day)]
    return value


def _same(app: float | None, analysis: float) -> bool:
    if app is None:
        return math.isnan(analysis)
    return not math.isnan(analysis) and math.isclose(app, analysis, rel_tol=1e-9, abs_tol=1e-9)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(entries=st.lists(entry, max_size=14), marks=st.lists(mark, min_size=DAYS, max_size=DAYS))
def test_the_app_and_the_analysis_say_the_same_of_every_day(
    template: Path, entries: list[tuple[Any, ...]], marks: list[str | None]
) -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        path = folder / "journal.sqlite3"
        shutil.copy(template, path)
        journal = Journal.open(path)
        try:
            for item in entries:
                _log(journal, item)
            for offset, kind in enumerate(marks):
                if kind is not None:
                    journal.mark_day(FIRST + dt.timedelta(days=offset), kind)
            last = FIRST + dt.timedelta(days=DAYS - 1)
            app = day_range(journal, FIRST, last)
            frame = load_daily(journal.db, FIRST, last, lookback_days=0)
            as_of_last = day_range(journal, FIRST, last, today=last)
        finally:
            journal.close()
        # The app's first figures (sqlite3 alone, before SQLAlchemy) say the same.
        figures = read_first_figures(path, dt.datetime.combine(last, dt.time(12)), days=DAYS)
        assert figures is not None and figures.week == as_of_last
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    for totals in app:
        row = frame.loc[totals.day.isoformat()]
        where = f"{totals.day} (marked {totals.marked!r})"
        assert totals.logged == bool(row["logged"]), where
        fluids = _cell(frame, totals.day, "beverages_ml")
        assert _same(totals.fluids_ml, fluids), (where, totals.fluids_ml)
        for key in NUTRIENTS:
            nutrient = totals.nutrients[key]
            amount = _cell(frame, totals.day, key)
            assert _same(nutrient.amount, amount), (where, key, nutrient.amount, amount)
            coverage = _cell(frame, totals.day, f"{key}_coverage")
            assert _same(nutrient.coverage, coverage), (where, key)


def test_a_day_marked_not_logged_has_no_figures_in_the_app(template: Path, tmp_path: Path) -> None:
    """The case that disagreed: 200 g of milk and 500 ml of water on a "not logged" day."""
    path = tmp_path / "journal.sqlite3"
    shutil.copy(template, path)
    journal = Journal.open(path)
    try:
        journal.log_food(food_id="01077", grams=200, at=_at(0, 8), now=NOW)
        journal.log_drink(now=NOW, kind="water", ml=500, at=_at(0, 9))
        journal.mark_day(FIRST, "not logged")
        [day] = day_range(journal, FIRST, FIRST)
    finally:
        journal.close()
    assert not day.logged
    assert day.fluids_ml is None
    assert all(n.amount is None for n in day.nutrients.values())
