"""SVG snapshots of the search screen (/) at 80x24 and 120x40."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from cramplog.tui.screens.search import SearchScreen
from tests.waiting import pilot_wait_until

from .conftest import AppFactory

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def searched(pilot: Pilot[Any]) -> None:
    await pilot.press("slash", *"spinach")
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    await pilot_wait_until(
        pilot,
        lambda: screen.found is not None and screen.found.total > 0,
        what="the results for spinach",
    )
    await pilot.app.workers.wait_for_complete()
    for field in screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_search(snap_compare: Any, demo_path: Path, make_app: AppFactory, size: Any) -> None:
    assert snap_compare(make_app(demo_path), terminal_size=size, run_before=searched)
