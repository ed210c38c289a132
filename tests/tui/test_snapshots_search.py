"""SVG snapshots of the search screen (/) and of a note on Today, at 80x24 and 120x40."""

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


@pytest.mark.parametrize("size", SIZES)
def test_today_with_a_note_selected(
    snap_compare: Any, demo_path: Path, make_app: AppFactory, size: Any
) -> None:
    """✎ on the row, the note in full under the table, the severity not cut."""
    from tests.tui.test_notes_search_safekeeping import YESTERDAY, with_a_noted_cramp

    cramp = with_a_noted_cramp(demo_path)

    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.show_day(YESTERDAY)  # type: ignore[attr-defined]
        await pilot.pause()
        pilot.app.screen.select_entry(cramp)  # type: ignore[attr-defined]
        await pilot.pause()

    assert snap_compare(make_app(demo_path), terminal_size=size, run_before=run_before)
