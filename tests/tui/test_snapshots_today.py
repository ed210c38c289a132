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
from textual.widgets import Input

from .conftest import AppFactory

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]

Before = Callable[[Pilot[Any]], Awaitable[None]]


def keys(*pressed: str, wait: float = 0.0) -> Before:
    async def run(pilot: Pilot[Any]) -> None:
        await pilot.press(*pressed)
        await pilot.pause(wait)
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
    run = keys("f", *"2 eggs, 1 cup spinach, 1 banana, 3 zorblax", wait=0.4)
    assert snap_compare(make_app(demo_path), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_food_search(
    snap_compare: Any, demo_path: Path, make_app: AppFactory, size: tuple[int, int]
) -> None:
    run = keys("f", "ctrl+f", *"almonds", wait=0.2)
    assert snap_compare(make_app(demo_path), terminal_size=size, run_before=run)
