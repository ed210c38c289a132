"""SVG snapshots of the Today screen and its forms at 80x24 and 120x40.

Fixed clock, fixed demo journal: a change in any of these pictures is a
change a person would see. Update with `pytest --snapshot-update` and look.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from tests.waiting import pilot_wait_until

from .conftest import AppFactory

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]

Before = Callable[[Pilot[Any]], Awaitable[None]]


def shown(app: Any, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


def first_result(app: Any) -> str:
    results = app.screen.query_one("#results", OptionList)
    return str(results.get_option_at_index(0).prompt) if results.option_count else ""


def keys(*pressed: str, ready: Callable[[Any], object] | None = None) -> Before:
    """Press the keys, then wait until ``ready(app)`` holds: what the picture must show."""

    async def run(pilot: Pilot[Any]) -> None:
        await pilot.press(*pressed)
        if ready is not None:
            await pilot_wait_until(pilot, lambda: ready(pilot.app), what="the screen to be ready")
        await pilot.app.workers.wait_for_complete()
        # A blinking cursor would make the picture depend on timing.
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()

    return run


@pytest.mark.parametrize("size", SIZES)
def test_today_on_a_demo_journal(
    snap_compare: Any, demo_path: Path, make_app: AppFactory, size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(demo_path), terminal_size=size, run_before=keys("left"))


@pytest.mark.parametrize("size", SIZES)
def test_today_empty(
    snap_compare: Any, empty_path: Path, make_app: AppFactory, size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(empty_path), terminal_size=size, run_before=keys())


@pytest.mark.parametrize("size", SIZES)
def test_cramp_form(
    snap_compare: Any, demo_path: Path, make_app: AppFactory, size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(demo_path), terminal_size=size, run_before=keys("c"))


@pytest.mark.parametrize("size", SIZES)
def test_cramp_form_with_a_bad_value(
    snap_compare: Any, demo_path: Path, make_app: AppFactory, size: tuple[int, int]
) -> None:
    run = keys("c", "backspace", "1", "1")
    assert snap_compare(make_app(demo_path), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_drink_form(
    snap_compare: Any, demo_path: Path, make_app: AppFactory, size: tuple[int, int]
) -> None:
    assert snap_compare(make_app(demo_path), terminal_size=size, run_before=keys("d"))


@pytest.mark.parametrize("size", SIZES)
def test_food_quick_add_preview(
    snap_compare: Any, demo_path: Path, make_app: AppFactory, size: tuple[int, int]
) -> None:
    # The preview is parsed once typing pauses: wait until it shows the last item.
    run = keys(
        "f",
        *"2 eggs, 1 cup spinach, 1 banana, 3 zorblax",
        ready=lambda app: "3 zorblax:" in shown(app, "#preview"),
    )
    assert snap_compare(make_app(demo_path), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_food_search(
    snap_compare: Any, demo_path: Path, make_app: AppFactory, size: tuple[int, int]
) -> None:
    run = keys("f", "ctrl+f", *"almonds", ready=lambda app: "almonds" in first_result(app))
    assert snap_compare(make_app(demo_path), terminal_size=size, run_before=run)
