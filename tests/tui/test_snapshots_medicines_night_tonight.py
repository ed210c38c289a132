"""SVG snapshots of the medicine list and form, the night screen and the bedtime
panel, at 80x24 and 120x40.

The clock is fixed (conftest.NOW, or 02:30 the night after for night mode)
and the demo is seeded. Regenerate with `pytest
tests/tui/test_snapshots_medicines_night_tonight.py --snapshot-update` and
look at the SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from cramplog.services import Journal
from cramplog.tui.app import CramplogApp
from cramplog.tui.screens.night import NightScreen
from tests.tui.conftest import AppFactory
from tests.tui.test_medicines_night_tonight import NIGHT, FakeClock
from tests.waiting import pilot_wait_until

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
Snap = Callable[..., bool]
RunBefore = Callable[[Pilot[Any]], Awaitable[None]]


def keys(*pressed: str) -> RunBefore:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press(*pressed)
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_medicines(snap_compare: Snap, make_app: AppFactory, demo_path: Path, size: Any) -> None:
    assert snap_compare(make_app(demo_path), terminal_size=size, run_before=keys("M"))


@pytest.mark.parametrize("size", SIZES)
def test_medicine_form(
    snap_compare: Snap, make_app: AppFactory, demo_path: Path, size: Any
) -> None:
    assert snap_compare(make_app(demo_path), terminal_size=size, run_before=keys("M", "e"))


@pytest.mark.parametrize("size", SIZES)
def test_tonight_panel(
    snap_compare: Snap, make_app: AppFactory, demo_path: Path, size: Any
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await keys("left", "b")(pilot)
        panel = pilot.app.screen.query_one("#tonight")
        await pilot_wait_until(pilot, lambda: getattr(panel, "found", None) is not None)

    assert snap_compare(make_app(demo_path), terminal_size=size, run_before=run_before)


def _night(demo_path: Path, opened: list[Journal], clock: FakeClock) -> CramplogApp:
    journal = Journal.open(demo_path)
    opened.append(journal)
    return CramplogApp(journal, clock=clock, welcome=False)


@pytest.fixture
def opened() -> Any:
    journals: list[Journal] = []
    yield journals
    for journal in journals:
        journal.close()


@pytest.mark.parametrize("size", SIZES)
def test_night_asks(snap_compare: Snap, demo_path: Path, opened: list[Journal], size: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot_wait_until(pilot, lambda: isinstance(pilot.app.screen, NightScreen))

    app = _night(demo_path, opened, FakeClock(NIGHT))
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_night_stretch_timer(
    snap_compare: Snap, demo_path: Path, opened: list[Journal], size: Any
) -> None:
    clock = FakeClock(NIGHT)

    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot_wait_until(pilot, lambda: isinstance(pilot.app.screen, NightScreen))
        night = pilot.app.screen
        assert isinstance(night, NightScreen)
        await pilot.press("7", "enter")
        clock.advance(75)
        night.tick()
        await pilot.pause()

    app = _night(demo_path, opened, clock)
    assert snap_compare(app, terminal_size=size, run_before=run_before)
