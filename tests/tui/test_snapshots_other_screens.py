"""SVG snapshots of Report, Settings, Welcome and Help at 80x24 and 120x40.

Nothing in them may depend on the temporary folder or the real clock: the
report's file name is set to a fixed path before the picture is taken.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.tui.conftest import AppFactory

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
Snap = Callable[..., bool]
RunBefore = Callable[[Pilot[Any]], Awaitable[None]]


def go_to(mode: str) -> RunBefore:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.app.switch_mode(mode)
        await pilot.pause()
        if mode == "report":
            pilot.app.screen.query_one("#report-path", Input).value = "/tmp/report.pdf"
            await pilot.pause()

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_report(snap_compare: Snap, make_app: AppFactory, demo_path: Path, size: Any) -> None:
    app = make_app(demo_path)
    assert snap_compare(app, terminal_size=size, run_before=go_to("report"))


@pytest.mark.parametrize("size", SIZES)
def test_settings(snap_compare: Snap, make_app: AppFactory, demo_path: Path, size: Any) -> None:
    app = make_app(demo_path)
    assert snap_compare(app, terminal_size=size, run_before=go_to("settings"))


@pytest.mark.parametrize("size", SIZES)
def test_settings_with_a_mistake(
    snap_compare: Snap, make_app: AppFactory, demo_path: Path, size: Any
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await go_to("settings")(pilot)
        # A value the service layer refuses, with a message that names no year
        # (the birth-year bound follows the real calendar).
        pilot.app.screen.query_one("#settings-day_start_hour", Input).value = "25"
        await pilot.pause()

    app = make_app(demo_path)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_welcome(snap_compare: Snap, make_app: AppFactory, empty_path: Path, size: Any) -> None:
    app = make_app(empty_path, welcome=True)
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare: Snap, make_app: AppFactory, demo_path: Path, size: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await go_to("settings")(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    app = make_app(demo_path)
    assert snap_compare(app, terminal_size=size, run_before=run_before)
