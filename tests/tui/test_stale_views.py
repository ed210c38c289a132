"""The app and another program on one journal: the app never writes a stale view back.

``other`` is a second, independent ``Journal`` on the same file: the command
line, as far as SQLite can tell. Tests that need the app's screen to be stale
pause its change watch (as if the other program wrote a moment before the key
press); the watch itself is tested by waiting for the screen to catch up.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from textual.widgets import DataTable

from cramplog.domain import Cramp
from cramplog.entry_kinds import entry_ref
from cramplog.services import Journal
from cramplog.tui.app import CramplogApp
from tests.waiting import pilot_wait_until

from .conftest import NOW, TODAY, AppFactory, reopen


def shown_rows(app: CramplogApp) -> list[str]:
    table = app.screen.query_one("#entries", DataTable)
    return [" ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


def stale(app: CramplogApp) -> None:
    """Stop the app looking for other writers: its screen stays as it is."""
    timer = getattr(app, "_watch_timer", None)
    if timer is not None:
        timer.pause()


def cramps(path: Path) -> list[Cramp]:
    journal = reopen(path)
    try:
        return [e for e in journal.day(TODAY) if isinstance(e, Cramp)]
    finally:
        journal.close()


def log(path: Path, **fields: object) -> Cramp:
    other = Journal.open(path)
    try:
        values: dict[str, Any] = {"muscle": "calf", "side": "left", "at": "08:00"}
        values.update(fields)
        return other.log_cramp(now=NOW, **values)
    finally:
        other.close()


async def test_an_edit_on_a_stale_row_does_not_overwrite_the_other_change(
    empty_path: Path, make_app: AppFactory
) -> None:
    first = log(empty_path, severity=4, notes="logged")
    app = make_app(empty_path)
    async with app.run_test(size=(100, 30)) as pilot:
        stale(app)
        other = Journal.open(empty_path)
        other.edit(entry_ref(first), {"notes": "changed on the command line", "severity": 9})
        other.close()
        await pilot.press("e", "enter")
        await pilot.pause()
    [now] = cramps(empty_path)
    assert (now.notes, now.severity) == ("changed on the command line", 9)


async def test_x_on_a_stale_row_never_deletes_another_entry(
    empty_path: Path, make_app: AppFactory
) -> None:
    first = log(empty_path, severity=4)
    app = make_app(empty_path)
    async with app.run_test(size=(100, 30)) as pilot:
        stale(app)
        other = Journal.open(empty_path)
        other.delete(entry_ref(first))
        newer = other.log_cramp(now=NOW, muscle="toe", side="right", at="08:10", severity=7)
        other.close()
        await pilot.press("x")
        await pilot.pause()
    assert [c.uuid for c in cramps(empty_path)] == [newer.uuid]


async def test_undo_after_another_program_logged_puts_back_the_same_entry(
    empty_path: Path, make_app: AppFactory
) -> None:
    app = make_app(empty_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("c", "enter")
        await pilot_wait_until(pilot, lambda: len(cramps(empty_path)) == 1)
        [mine] = cramps(empty_path)
        await pilot.press("x")
        await pilot_wait_until(pilot, lambda: cramps(empty_path) == [])
        newer = log(empty_path, muscle="toe", side="right", severity=7)
        errors: list[str] = []
        original = app.notify

        def watch(message: str, *args: object, **kwargs: object) -> None:
            if kwargs.get("severity") == "error":
                errors.append(str(message))
            original(message, *args, **kwargs)  # type: ignore[arg-type]

        app.notify = watch  # type: ignore[method-assign]
        await pilot.press("u")
        await pilot.pause()
    assert errors == []
    back = {c.uuid: c for c in cramps(empty_path)}
    assert back == {mine.uuid: mine, newer.uuid: newer}


async def test_the_app_shows_another_program_s_change_within_two_seconds(
    empty_path: Path, make_app: AppFactory
) -> None:
    first = log(empty_path, muscle="calf")
    app = make_app(empty_path)
    async with app.run_test(size=(140, 30)) as pilot:
        await pilot_wait_until(pilot, lambda: any("calf" in r for r in shown_rows(app)))
        other = Journal.open(empty_path)
        other.edit(entry_ref(first), {"muscle": "thigh"})
        other.log_cramp(now=NOW, muscle="toe", side="right", at="08:20")
        other.close()
        started = time.monotonic()
        await pilot_wait_until(pilot, lambda: len(shown_rows(app)) == 2)
        elapsed = time.monotonic() - started
        assert any("thigh" in r for r in shown_rows(app))
    # About 2 s on an idle machine; the deadline above allows for a loaded one.
    assert elapsed < 30


async def test_a_form_opened_before_another_program_s_edit_is_refused_and_reloaded(
    empty_path: Path, make_app: AppFactory
) -> None:
    first = log(empty_path, severity=4)
    app = make_app(empty_path)
    async with app.run_test(size=(100, 30)) as pilot:
        stale(app)
        await pilot.press("e")
        await pilot.pause()
        other = Journal.open(empty_path)
        other.edit(entry_ref(first), {"notes": "meanwhile"})
        other.close()
        form = app.screen
        form.query_one("#f-severity").value = "8"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot_wait_until(pilot, lambda: app.screen is not form)
    [now] = cramps(empty_path)
    assert (now.severity, now.notes) == (4, "meanwhile")


async def test_a_restore_from_the_command_line_is_noticed_and_the_journal_reloaded(
    empty_path: Path, make_app: AppFactory, tmp_path: Path
) -> None:
    from cramplog.storage.backup import backup_now
    from cramplog.storage.restore import restore_backup

    log(empty_path, muscle="thigh")
    saved = backup_now(empty_path, tmp_path / "before.sqlite3")
    other = Journal.open(empty_path)
    other.log_cramp(now=NOW, muscle="toe", side="right", at="08:30")
    other.close()
    app = make_app(empty_path)
    messages: list[str] = []
    original = app.notify

    def watch(message: str, *args: object, **kwargs: object) -> None:
        messages.append(str(message))
        original(message, *args, **kwargs)  # type: ignore[arg-type]

    app.notify = watch  # type: ignore[method-assign]
    async with app.run_test(size=(140, 30)) as pilot:
        await pilot_wait_until(pilot, lambda: len(shown_rows(app)) == 2)
        restore_backup(empty_path, saved, force=True)
        await pilot_wait_until(pilot, lambda: len(shown_rows(app)) == 1)
        assert any("replaced" in m for m in messages), messages
        assert "thigh" in shown_rows(app)[0]
        # The reopened journal is the one written to from now on.
        await pilot.press("d", "enter")
        await pilot_wait_until(pilot, lambda: len(shown_rows(app)) == 2)


async def test_the_selected_entry_stays_selected_when_another_program_adds_one(
    empty_path: Path, make_app: AppFactory
) -> None:
    log(empty_path, muscle="calf", at="07:00")
    log(empty_path, muscle="thigh", at="08:00")
    app = make_app(empty_path)
    async with app.run_test(size=(140, 30)) as pilot:
        await pilot_wait_until(pilot, lambda: len(shown_rows(app)) == 2)
        await pilot.press("down")
        screen = app.screen
        assert "thigh" in shown_rows(app)[screen.query_one("#entries", DataTable).cursor_row]
        log(empty_path, muscle="toe", at="06:00")  # earlier: it comes first
        await pilot_wait_until(pilot, lambda: len(shown_rows(app)) == 3)
        row = screen.query_one("#entries", DataTable).cursor_row
        assert "thigh" in shown_rows(app)[row], shown_rows(app)
