"""Forms in few keys, and keys typed while the journal opens."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import Input, Select

from cramplog.domain import Cramp
from cramplog.services import Journal
from cramplog.tui.app import CramplogApp
from cramplog.tui.forms import FormScreen
from cramplog.tui.screens.today import TodayScreen
from tests.waiting import pilot_wait_until

from .conftest import TODAY, AppFactory, clock, reopen

SIZE = (80, 24)


def cramps(path: Path) -> list[Cramp]:
    journal = reopen(path)
    try:
        return [e for e in journal.day(TODAY) if isinstance(e, Cramp)]
    finally:
        journal.close()


async def test_a_left_toe_cramp_at_8_in_five_keys(empty_path: Path, make_app: AppFactory) -> None:
    app = make_app(empty_path)
    async with app.run_test(size=SIZE) as pilot:
        # From Today: c opens the form, t toe, l left, 8 severity, Enter saves.
        keys = ["c", "t", "l", "8", "enter"]
        await pilot.press(*keys)
        assert isinstance(app.screen, TodayScreen)
    assert len(keys) <= 6
    [cramp] = cramps(empty_path)
    assert (cramp.muscle.value, cramp.side.value, cramp.severity) == ("toe", "left", 8)


async def test_a_letter_means_the_same_whatever_the_form_opened_on(
    empty_path: Path, make_app: AppFactory
) -> None:
    app = make_app(empty_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "t", "t", "l", "8", "enter")  # a thigh cramp
        # The next form opens on thigh (the last muscle); t is still toe.
        await pilot.press("c", "t", "l", "7", "enter")
    first, second = cramps(empty_path)
    assert first.muscle.value == "thigh"
    assert (second.muscle.value, second.side.value, second.severity) == ("toe", "left", 7)


async def test_the_same_initial_again_moves_on(empty_path: Path, make_app: AppFactory) -> None:
    app = make_app(empty_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "t", "t", "r")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#f-muscle", Select).value == "thigh"
        assert form.query_one("#f-side", Select).value == "right"
        await pilot.press("t", "b")
        assert form.query_one("#f-muscle", Select).value == "toe"
        assert form.query_one("#f-side", Select).value == "both"
        # Letters are text in a typed field: the notes take them as typed.
        form.query_one("#f-notes", Input).focus()
        await pilot.press("t", "o", "e")
        assert form.query_one("#f-notes", Input).value == "toe"
        assert form.query_one("#f-muscle", Select).value == "toe"
        await pilot.press("enter")
    [cramp] = cramps(empty_path)
    assert (cramp.muscle.value, cramp.side.value, cramp.notes) == ("toe", "both", "toe")


async def test_enter_on_a_dropdown_chooses_then_saves(
    empty_path: Path, make_app: AppFactory
) -> None:
    app = make_app(empty_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        form = app.screen
        assert isinstance(form, FormScreen)
        muscle = form.query_one("#f-muscle", Select)
        muscle.focus()
        await pilot.pause()
        # Closed: Enter saves (it does not open the list again).
        await pilot.press("space")
        assert muscle.expanded
        await pilot.press("down", "enter")  # calf -> thigh, the list closes
        assert not muscle.expanded
        assert app.screen is form
        # A digit on a dropdown sets the severity.
        await pilot.press("7")
        await pilot.press("enter")
        assert isinstance(app.screen, TodayScreen)
    [cramp] = cramps(empty_path)
    assert (cramp.muscle.value, cramp.severity) == ("thigh", 7)


@pytest.fixture
def held_open(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Journal.open_for_use waits for the returned event: the journal opens when the test says."""
    go = threading.Event()
    original = Journal.open_for_use

    def slow_open(path: Path) -> tuple[Journal, list[str]]:
        assert go.wait(60), "the test never let the journal open"
        return original(path)

    monkeypatch.setattr(Journal, "open_for_use", slow_open)
    return go


async def test_keys_typed_while_opening_are_applied(
    demo_path: Path, held_open: threading.Event
) -> None:
    app = CramplogApp(demo_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "t", "l", "8", "enter", "d")
        # Nothing happened yet: the journal is still opening.
        assert not app.journal_ready
        assert isinstance(app.screen, TodayScreen)
        held_open.set()
        # The cramp is saved, then `d` opens the drink form: in order.
        await pilot_wait_until(
            pilot,
            lambda: isinstance(app.screen, FormScreen) and app.screen.form_title == "Log a drink",
            what="the drink form that d opened after the cramp",
        )
        await pilot.press("escape")
    saved = cramps(demo_path)
    app.journal.close()
    assert [(c.muscle.value, c.side.value, c.severity) for c in saved] == [("toe", "left", 8)]


async def test_an_enter_typed_before_the_terminal_is_raw_still_saves(
    demo_path: Path, held_open: threading.Event
) -> None:
    # Typed before the app puts the terminal in raw mode, Enter arrives as a
    # newline (ctrl+j): held, it is replayed as the Enter it was.
    app = CramplogApp(demo_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "f", "r", "6", "ctrl+j")
        held_open.set()
        await pilot_wait_until(pilot, lambda: cramps(demo_path), what="the saved cramp")
        assert isinstance(app.screen, TodayScreen)
    app.journal.close()
    [cramp] = cramps(demo_path)
    assert (cramp.muscle.value, cramp.side.value, cramp.severity) == ("foot", "right", 6)
