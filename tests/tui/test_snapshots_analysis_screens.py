"""SVG snapshots of History, Trends and Insights on the demo journal.

The clock is fixed (conftest.NOW) and the demo is seeded, so nothing here
depends on the date the tests run or on a temporary path. Regenerate with
`pytest tests/tui/test_snapshots_analysis_screens.py --snapshot-update` and
look at the SVGs before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import AppFactory

SIZES = [(80, 24), (120, 40)]


def go_to(mode: str, *keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        app.switch_mode(mode)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
        # The loading indicator animates: let the last frame settle.
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_history(
    snap_compare: Any, make_app: AppFactory, demo_path: Path, size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(demo_path), terminal_size=size, run_before=go_to("history"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_trends(
    snap_compare: Any, make_app: AppFactory, demo_path: Path, size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(demo_path), terminal_size=size, run_before=go_to("trends"))


def test_trends_fluids_26_weeks(snap_compare: Any, make_app: AppFactory, demo_path: Path) -> None:
    assert snap_compare(
        make_app(demo_path), terminal_size=(80, 24), run_before=go_to("trends", "2", "f")
    )


def test_trends_cramps_52_weeks(snap_compare: Any, make_app: AppFactory, demo_path: Path) -> None:
    assert snap_compare(
        make_app(demo_path), terminal_size=(80, 24), run_before=go_to("trends", "5", "x")
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_insights(
    snap_compare: Any, make_app: AppFactory, demo_path: Path, size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(demo_path), terminal_size=size, run_before=go_to("insights"))


def test_insights_empty(snap_compare: Any, make_app: AppFactory, empty_path: Path) -> None:
    assert snap_compare(make_app(empty_path), terminal_size=(80, 24), run_before=go_to("insights"))


def test_trends_empty(snap_compare: Any, make_app: AppFactory, empty_path: Path) -> None:
    assert snap_compare(make_app(empty_path), terminal_size=(80, 24), run_before=go_to("trends"))
