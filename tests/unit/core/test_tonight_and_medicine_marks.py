"""cramplog.services.tonight (the bedtime panel), medicine marks and the medicine
service calls the app uses (stop, restart, a checked edit)."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cramplog.analysis.associations import Finding
from cramplog.analysis.labels import NO_CLEAR_DIFFERENCE, POSSIBLE_PATTERN
from cramplog.analysis.run import analyze
from cramplog.domain import ValidationError
from cramplog.services import Journal
from cramplog.services.tonight import FLUID, finding_text, tonight
from cramplog.services.trends import medicine_marks, weekly_rows
from cramplog.times import in_the_night
from cramplog.tui.screens.trends import draw_cramps, mark_week

END = dt.date(2026, 3, 18)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from cramplog.demo import generate_demo

    path = tmp_path_factory.mktemp("tonight") / "demo.sqlite3"
    journal = Journal.open(path)
    try:
        generate_demo(journal.db, days=120, seed=7, end=END - dt.timedelta(days=1))
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


def _finding(**changes: Any) -> Finding:
    base: dict[str, Any] = {
        "exposure": FLUID,
        "description": "a low-fluid day",
        "exposed_days": 20,
        "exposed_cramp_nights": 8,
        "unexposed_days": 80,
        "unexposed_cramp_nights": 10,
        "risk_exposed": 0.4,
        "risk_exposed_ci": None,
        "risk_unexposed": 0.125,
        "risk_unexposed_ci": None,
        "risk_ratio": 2.84,
        "ci_low": 1.3,
        "ci_high": 6.1,
        "p": 0.01,
        "q": 0.04,
        "label": POSSIBLE_PATTERN,
        "direction": "more",
        "halves": None,
        "direction_holds": True,
        "missing": (),
    }
    return Finding(**{**base, **changes})


def test_a_finding_is_worded_as_the_records_show_it() -> None:
    assert (
        finding_text(_finding())
        == "in your records, a low-fluid day went with more cramp nights: 2.8×"
    )
    unclear = finding_text(_finding(label=NO_CLEAR_DIFFERENCE, ci_low=0.8))
    assert unclear == "in your records 2.8×, no clear difference"
    assert finding_text(_finding(risk_ratio=None)) == ""
    assert finding_text(None) == ""


def test_tonight_ties_each_line_to_the_persons_own_comparison(demo: Journal) -> None:
    day = END - dt.timedelta(days=1)
    found = tonight(demo, day, END)
    keys = [line.key for line in found.lines]
    assert keys[:5] == [
        "low_fluid_same_day",
        "low_magnesium_3d",
        "low_potassium_3d",
        "cramp_drug_same_day",
        "vigorous_same_day",
    ]
    result = analyze(demo.db, demo.profile(), end=day, today=END, adjust=False)
    by_key = {f.exposure: f for f in result.findings}
    for line in found.lines[:5]:
        assert line.finding == finding_text(by_key.get(line.key))
    assert found.compared == result.gate.passed
    # The fluid figure is the day's beverages, against 70% of the reference.
    from cramplog.services.days import day_range

    totals = day_range(demo, day, day, today=END)[-1]
    fluid = found.lines[0]
    assert totals.fluids_ml is not None
    assert fluid.shown.startswith(f"{totals.fluids_ml / 1000:.1f} L")
    assert fluid.exposed == bool(totals.low_fluid)
    for line in found.lines:
        for word in ("should", "stop taking", "start taking"):
            assert word not in f"{line.shown} {line.finding}"


def test_the_day_in_progress_is_so_far(demo: Journal) -> None:
    demo.log_drink(at=dt.datetime(2026, 3, 18, 9, 0), ml=300, now=dt.datetime(2026, 3, 18, 9, 5))
    found = tonight(demo, END, END)
    assert found.lines[0].shown.startswith("0.3 L so far")


def test_medicine_marks_follow_start_and_stop(demo: Journal) -> None:
    demo.add_medication(name="Vitamin D3", vitamin_d_ug="1000 IU", started_on="2026-02-02")
    demo.stop_medication("Vitamin D3", on=dt.date(2026, 3, 2))
    marks = medicine_marks(demo, dt.date(2026, 1, 26), END)
    ours = [(m.day, m.started) for m in marks if m.name == "Vitamin D3"]
    assert ours == [(dt.date(2026, 2, 2), True), (dt.date(2026, 3, 2), False)]
    rows = weekly_rows(demo, 8, END)
    weeks = [mark_week(rows, m) for m in marks if m.name == "Vitamin D3"]
    assert weeks == [1, 5]
    # Restart: a new start, the stop cleared.
    again = demo.restart_medication("Vitamin D3", on=dt.date(2026, 3, 9))
    assert (again.started_on, again.stopped_on) == (dt.date(2026, 3, 9), None)


def test_a_checked_edit_saves_nothing_and_refuses_a_stop_before_the_start(demo: Journal) -> None:
    demo.add_medication(name="Vitamin D3", vitamin_d_ug="25", started_on="2026-02-02")
    checked = demo.checked_medication_edit("Vitamin D3", notes="with dinner")
    assert checked.notes == "with dinner"
    assert next(m for m in demo.medications() if m.name == "Vitamin D3").notes == ""
    with pytest.raises(ValidationError) as caught:
        demo.stop_medication("Vitamin D3", on=dt.date(2026, 1, 1))
    assert caught.value.field == "stopped_on"


def test_in_the_night_is_before_the_day_start() -> None:
    assert in_the_night(dt.datetime(2026, 3, 18, 2, 30), 4)
    assert not in_the_night(dt.datetime(2026, 3, 18, 4, 0), 4)
    assert not in_the_night(dt.datetime(2026, 3, 18, 23, 59), 4)


class _Plot:
    """Records what a chart draws (the plotext calls draw_cramps makes)."""

    def __init__(self) -> None:
        self.scatters: list[tuple[list[int], str]] = []
        self.bars: list[list[int]] = []

    def scatter(self, xs: list[int], ys: list[float], **kw: Any) -> None:
        self.scatters.append((xs, kw["marker"]))

    def bar(self, xs: list[int], ys: list[float], **kw: Any) -> None:
        self.bars.append(xs)

    def __getattr__(self, name: str) -> Any:
        return lambda *a, **k: None


def test_zero_weeks_are_drawn_apart_from_unlogged_weeks(demo: Journal) -> None:
    rows = weekly_rows(demo, 26, END)
    plot = _Plot()
    draw_cramps(plot, rows, 80)
    markers = {marker: xs for xs, marker in plot.scatters}
    zero = [i for i, r in enumerate(rows) if r.cramps == 0]
    unlogged = [i for i, r in enumerate(rows) if r.cramps is None]
    assert zero and unlogged  # the demo has both within 26 weeks
    assert markers["○"] == zero
    assert markers["?"] == unlogged
    assert all(rows[i].cramps for xs in plot.bars for i in xs)
