"""cramplog.services.trends: weekly rows and the analysis text for the TUI."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cramplog.domain import NUTRIENTS
from cramplog.services import Journal
from cramplog.services.days import day_range
from cramplog.services.trends import insights, insights_text, week_start, weekly_rows

END = dt.date(2026, 3, 18)  # a Wednesday
DEMO_DAYS = 120


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from cramplog.demo import generate_demo

    path = tmp_path_factory.mktemp("trends") / "demo.sqlite3"
    journal = Journal.open(path)
    try:
        generate_demo(journal.db, days=DEMO_DAYS, seed=7, end=END - dt.timedelta(days=1))
    finally:
        journal.close()
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Iterator[Journal]:
    path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_file, path)
    j = Journal.open(path)
    try:
        yield j
    finally:
        j.close()


def test_week_start_is_monday() -> None:
    assert week_start(END) == dt.date(2026, 3, 16)
    assert week_start(dt.date(2026, 3, 16)) == dt.date(2026, 3, 16)
    assert week_start(dt.date(2026, 3, 22)) == dt.date(2026, 3, 16)


@pytest.mark.parametrize("weeks", [1, 8, 26, 52])
def test_weekly_rows_are_consecutive_mondays_oldest_first(demo: Journal, weeks: int) -> None:
    rows = weekly_rows(demo, weeks, END)
    assert len(rows) == weeks
    assert rows[-1].week_start == dt.date(2026, 3, 16)
    for a, b in itertools.pairwise(rows):
        assert b.week_start - a.week_start == dt.timedelta(weeks=1)
    assert all(r.week_start.weekday() == 0 for r in rows)
    # The current week stops at END (Mon..Wed), the others are whole.
    assert rows[-1].days == 3
    assert all(r.days == 7 for r in rows[:-1])


def test_weekly_rows_match_the_weekly_aggregates(demo: Journal) -> None:
    from cramplog.analysis import weekly_aggregates

    rows = weekly_rows(demo, 8, END)
    frame = weekly_aggregates(demo.db, demo.profile(), rows[0].week_start, END)
    assert len(frame) == len(rows)
    for row, (_, rec) in zip(rows, frame.iterrows(), strict=True):
        assert row.week_start == rec["week_start"].date()
        assert row.days_logged == rec["days_logged"]
        for key in NUTRIENTS:
            n = row.nutrients[key]
            expected = rec[f"{key}_mean"]
            if math.isnan(expected):
                assert n.mean is None
            else:
                assert n.mean == pytest.approx(expected)
            assert n.reference == rec[f"{key}_reference"]
            assert n.low_line == rec[f"{key}_low_line"]
        assert row.beverages_ml == pytest.approx(rec["beverages_ml_mean"])
        assert row.fluid_reference_ml == rec["fluid_reference_ml"]
        assert row.cramps == rec["cramps"]
        assert row.cramp_nights == rec["cramp_nights"]


def test_weekly_days_logged_agree_with_day_range(demo: Journal) -> None:
    rows = weekly_rows(demo, 8, END)
    days = day_range(demo, rows[0].week_start, END)
    assert sum(r.days_logged for r in rows) == sum(1 for d in days if d.logged)
    assert sum(r.cramps or 0 for r in rows) == sum(d.cramps for d in days if d.logged)


def test_weeks_before_the_journal_are_missing_not_zero(demo: Journal) -> None:
    rows = weekly_rows(demo, 52, END)
    before = [r for r in rows if r.week_start < END - dt.timedelta(days=DEMO_DAYS + 7)]
    assert before
    for r in before:
        assert not r.logged
        assert r.cramps is None and r.cramp_nights is None
        assert r.beverages_ml is None and r.low_fluid_days is None
        assert all(n.mean is None and n.share is None for n in r.nutrients.values())


def test_no_nan_leaves_the_service(demo: Journal) -> None:
    for row in weekly_rows(demo, 52, END):
        values = [
            row.beverages_ml,
            row.fluid_reference_ml,
            row.fluid_threshold_ml,
            row.severity_mean,
        ]
        for n in row.nutrients.values():
            values += [n.mean, n.coverage, n.reference, n.low_line]
        for v in values:
            assert v is None or math.isfinite(v)


def test_empty_journal_has_rows_of_nothing(journal: Journal) -> None:
    rows = weekly_rows(journal, 8, END)
    assert len(rows) == 8
    assert not any(r.logged for r in rows)
    assert all(r.cramps is None for r in rows)


def test_weeks_must_be_positive(journal: Journal) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        weekly_rows(journal, 0, END)


def test_shares_use_the_reference(demo: Journal) -> None:
    row = weekly_rows(demo, 1, END)[0]
    mg = row.nutrients["magnesium_mg"]
    assert mg.mean is not None and mg.reference
    assert mg.share == pytest.approx(mg.mean / mg.reference)
    assert row.fluid_share is not None


def test_insights_text_is_the_analysis_wording(demo: Journal) -> None:
    from cramplog.analysis import analyze
    from cramplog.analysis.text import render_text

    text = insights_text(demo)
    assert text == render_text(analyze(demo.db, demo.profile()))
    found = insights(demo)
    assert found.text == text
    assert found.start == END - dt.timedelta(days=DEMO_DAYS)
    assert found.end == END - dt.timedelta(days=1)
    assert found.days_logged > 60
    assert not found.empty


def test_insights_for_a_period(demo: Journal) -> None:
    start, end = END - dt.timedelta(days=30), END - dt.timedelta(days=1)
    found = insights(demo, start, end)
    assert (found.start, found.end) == (start, end)
    assert not found.enough_data  # 30 days is under the minimum
    assert found.missing
    assert "Not enough data yet" in found.text


def test_insights_of_an_empty_journal_is_friendly(journal: Journal) -> None:
    found = insights(journal)
    assert found.empty and not found.enough_data
    assert found.text.startswith("Nothing is logged yet")


def test_importing_the_service_does_not_import_pandas() -> None:
    code = "import sys, cramplog.services.trends; print('pandas' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "False"
