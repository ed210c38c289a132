"""The app given a path: first screen at once, journal opened behind it."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from cramplog.services import Journal
from cramplog.tui.app import CramplogApp, FirstRunApp
from cramplog.tui.screens.today import TodayScreen
from cramplog.tui.screens.welcome import FirstRunWelcome
from tests.waiting import pilot_wait_until, wait_for_journal

from .conftest import TODAY, clock, reopen


async def test_a_journal_opens_behind_the_first_screen(demo_path: Path) -> None:
    app = CramplogApp(demo_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, TodayScreen)
        await wait_for_journal(pilot)
        app.show_day(TODAY - dt.timedelta(days=1))
        await pilot.pause()
        table = app.screen.query_one("#entries", DataTable)
        assert table.row_count > 0
        assert "Last 7 days" in str(app.screen.query_one("#week", Static).render())
    app.journal.close()


async def test_keys_wait_for_the_journal(demo_path: Path) -> None:
    app = CramplogApp(demo_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        # Before the journal is open the keys that need it are dimmed, and
        # switching screens waits: nothing breaks.
        assert not app.journal_ready
        assert app.screen.check_action("log_cramp", ()) is None
        app.action_switch_mode("history")
        assert isinstance(app.screen, TodayScreen)
        await wait_for_journal(pilot)
        await pilot.press("c", "enter")
    journal = reopen(demo_path)
    try:
        assert sum(1 for e in journal.day(TODAY) if type(e).__name__ == "Cramp") == 1
    finally:
        journal.close()


async def test_a_new_journal_starts_with_the_welcome(empty_path: Path) -> None:
    app = FirstRunApp(empty_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, FirstRunWelcome)
        await wait_for_journal(pilot)
        assert empty_path.exists()
        app.screen.query_one("#welcome-birth_year").value = "1960"  # type: ignore[attr-defined]
        await pilot.click("#welcome-start")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("d", "enter")
    journal = reopen(empty_path)
    try:
        assert journal.profile().onboarded and journal.profile().birth_year == 1960
        assert len(journal.day(TODAY)) == 1
    finally:
        journal.close()


async def test_a_journal_from_a_newer_release_ends_the_app_cleanly(empty_path: Path) -> None:
    Journal.open(empty_path).close()
    with sqlite3.connect(empty_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    app = CramplogApp(empty_path, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        # The start-up worker finds the newer schema and ends the app.
        await pilot_wait_until(pilot, lambda: app.return_code is not None, what="the app to end")
    assert app.return_code == 1


async def test_the_weeks_figures_show_before_the_journal_opens(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The journal's open (SQLAlchemy) is held back until the test lets it go:
    # the week and targets are on the screen already, read with sqlite3 alone,
    # and they are the ones the journal then shows.
    opened = threading.Event()
    real_open = Journal.open_for_use.__func__  # type: ignore[attr-defined]

    def held_open(cls: type[Journal], path: Path) -> tuple[Journal, list[str]]:
        assert opened.wait(60), "the test never let the journal open"
        result: tuple[Journal, list[str]] = real_open(cls, path)
        return result

    monkeypatch.setattr(Journal, "open_for_use", classmethod(held_open))
    app = CramplogApp(demo_path, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:

        def shown() -> tuple[str, str]:
            side = (app.screen.query_one(f"#{name}", Static) for name in ("week", "targets"))
            return tuple(str(widget.render()) for widget in side)  # type: ignore[return-value]

        await pilot_wait_until(pilot, lambda: "Last 7 days" in shown()[0], what="the week")
        assert not app.journal_ready
        assert "Opening your journal" in str(app.screen.query_one("#empty", Static).render())
        early = shown()
        opened.set()
        await wait_for_journal(pilot)
        assert app.first_figures is None
        assert shown() == early
    app.journal.close()
