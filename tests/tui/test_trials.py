"""The Trials screen, its plan wizard, and the trial's arm on Today (pilot tests and snapshots)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input, Select, Static

from cramplog.services import Journal
from cramplog.services import trials as t
from cramplog.tui.screens.trials import PlanWizard, TrialsScreen
from tests.tui.conftest import TODAY, AppFactory, reopen
from tests.unit.services.trial_journal import fewer_with_b, log_nights
from tests.waiting import pilot_wait_until

SIZE = (100, 34)
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
Snap = Callable[..., bool]


def plan(path: Path, start: dt.date, **extra: object) -> None:
    journal = Journal.open(path)
    try:
        fields: dict[str, object] = {
            "name": "magnesium",
            "intervention": "magnesium",
            "start": start,
            "seed": 11,
            "rate": "0.5",
        }
        fields.update(extra)
        proposal = t.propose(journal, TODAY, **fields)  # type: ignore[arg-type]
        t.save(journal, proposal, TODAY)
    finally:
        journal.close()


@pytest.fixture
def finished_path(empty_path: Path) -> Path:
    """A trial that ended before today, with clearly fewer cramp nights on B nights."""
    start = TODAY - dt.timedelta(days=90)
    plan(empty_path, start)
    journal = Journal.open(empty_path)
    try:
        journal.update_profile(onboarded=True)
        trial = t.latest_trial(journal)
        assert trial is not None
        log_nights(journal, trial, fewer_with_b)
    finally:
        journal.close()
    return empty_path


async def test_todays_arm_on_today(make_app: AppFactory, demo_path: Path) -> None:
    start = TODAY - dt.timedelta(days=32)  # block 3, day 5
    plan(demo_path, start)
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        line = app.screen.query_one("#trial-arm", Static)
        assert line.display
        text = str(line.render())
        assert "Block 3 of 6 · " in text and "nights · day 5 of 14" in text
        # The day before the trial shows no arm.
        app.show_day(start - dt.timedelta(days=1))
        await pilot.pause()
        assert not app.screen.query_one("#trial-arm", Static).display


async def test_the_wizard_shows_the_power_and_saves_the_plan(
    make_app: AppFactory, demo_path: Path
) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("T")
        await pilot_wait_until(pilot, lambda: isinstance(app.screen, TrialsScreen))
        assert "No trial yet" in str(app.screen.query_one("#trial-line", Static).render())
        await pilot.press("p")
        wizard = await pilot_wait_until(
            pilot, lambda: app.screen if isinstance(app.screen, PlanWizard) else None
        )
        assert wizard.query_one("#save", Button).disabled  # nothing named yet
        wizard.query_one("#f-name", Input).value = "magnesium"
        wizard.query_one("#f-intervention", Input).value = "magnesium"
        wizard.query_one("#f-rate", Input).value = "0.5"
        await pilot.pause()
        hint = str(wizard.query_one(".hint", Static).render())
        assert "Power:" in hint and "if the remedy halves them" in hint
        assert not wizard.query_one("#save", Button).disabled
        # Changing the design before saving changes the estimate.
        wizard.query_one("#f-pairs", Input).value = "6"
        await pilot.pause()
        assert wizard.proposal is not None and wizard.proposal.trial.pairs == 6
        wizard.query_one("#f-pairs", Input).value = "0"
        await pilot.pause()
        assert wizard.query_one("#save", Button).disabled
        assert "pairs" in str(wizard.query_one("#form-error", Static).render())
        wizard.query_one("#f-pairs", Input).value = "4"
        await pilot.pause()
        shown = wizard.proposal
        assert shown is not None
        await pilot.click("#save")
        await pilot_wait_until(pilot, lambda: isinstance(app.screen, TrialsScreen))
    saved = t.latest_trial(reopen(demo_path))
    assert saved is not None and saved.blocks == shown.trial.blocks and saved.pairs == 4


async def test_the_wizard_asks_about_a_prescription_medicine(
    make_app: AppFactory, demo_path: Path
) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("T")
        await pilot_wait_until(pilot, lambda: isinstance(app.screen, TrialsScreen))
        await pilot.press("p")
        wizard = await pilot_wait_until(
            pilot, lambda: app.screen if isinstance(app.screen, PlanWizard) else None
        )
        wizard.query_one("#f-name", Input).value = "statin pause"
        wizard.query_one("#f-intervention", Input).value = "atorvastatin"
        wizard.query_one("#f-rate", Input).value = "0.5"
        await pilot.pause()
        assert "clinician" in str(wizard.query_one("#form-error", Static).render())
        assert wizard.query_one("#save", Button).disabled
        wizard.query_one("#f-clinician_agreed", Select).value = "yes"
        await pilot.pause()
        assert not wizard.query_one("#save", Button).disabled


async def test_the_result_screen(make_app: AppFactory, finished_path: Path) -> None:
    app = make_app(finished_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("T")
        screen = await pilot_wait_until(
            pilot, lambda: app.screen if isinstance(app.screen, TrialsScreen) else None
        )
        await pilot_wait_until(pilot, lambda: screen.result is not None, what="the result")
        result = str(screen.query_one("#trial-result", Static).render())
        assert "fewer cramp nights with magnesium" in result
        chart = str(screen.query_one("#trial-chart", Static).render())
        assert chart.count("cramp nights\n") == 6  # a bar per block
        assert "9/11" in chart and "1/11" in chart


async def test_adherence_with_one_key(make_app: AppFactory, demo_path: Path) -> None:
    plan(demo_path, TODAY - dt.timedelta(days=3))
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("T")
        screen = await pilot_wait_until(
            pilot, lambda: app.screen if isinstance(app.screen, TrialsScreen) else None
        )
        await pilot.press("y")
        await pilot_wait_until(
            pilot, lambda: "today kept" in str(screen.query_one("#trial-line", Static).render())
        )
        await pilot.press("n")
        await pilot_wait_until(
            pilot, lambda: "not kept" in str(screen.query_one("#trial-line", Static).render())
        )
    journal = reopen(demo_path)
    trial = t.latest_trial(journal)
    assert trial is not None
    assert t.adherence(journal, trial, TODAY).days == {TODAY: False}


# --- snapshots --------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_result(
    snap_compare: Snap, make_app: AppFactory, finished_path: Path, size: Any
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.press("T")
        screen = await pilot_wait_until(
            pilot,
            lambda: pilot.app.screen if isinstance(pilot.app.screen, TrialsScreen) else None,
        )
        await pilot_wait_until(pilot, lambda: screen.result is not None, what="the result")

    assert snap_compare(make_app(finished_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_wizard(
    snap_compare: Snap, make_app: AppFactory, demo_path: Path, size: Any
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        await pilot.press("T")
        await pilot_wait_until(pilot, lambda: isinstance(app.screen, TrialsScreen))
        await app.push_screen(PlanWizard(app.journal, TODAY, seed=5))  # type: ignore[attr-defined]
        await pilot.pause()
        wizard = app.screen
        wizard.query_one("#f-name", Input).value = "magnesium"
        wizard.query_one("#f-intervention", Input).value = "magnesium"
        wizard.query_one("#f-rate", Input).value = "0.4"
        # No field focused: a text cursor's blink would make the picture vary.
        wizard.set_focus(None)
        await pilot.pause()

    assert snap_compare(make_app(demo_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_today_with_the_arm(
    snap_compare: Snap, make_app: AppFactory, demo_path: Path, size: Any
) -> None:
    plan(demo_path, TODAY - dt.timedelta(days=32))
    assert snap_compare(make_app(demo_path), terminal_size=size)
