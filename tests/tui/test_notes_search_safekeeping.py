"""Notes on Today and History, search (/), backups and export from the app,
and the small fixes: each driven as a person would."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from textual.widgets import Button, DataTable, Static

from cramplog.domain import Cramp, MedKind
from cramplog.services import Journal
from cramplog.tui.screens.food import FoodScreen
from cramplog.tui.screens.history import HistoryScreen
from cramplog.tui.screens.safekeeping import SafekeepingScreen
from cramplog.tui.screens.search import SearchScreen
from cramplog.tui.screens.today import TodayScreen
from tests.waiting import pilot_wait_until

from .conftest import NOW, TODAY, AppFactory

SIZE = (80, 24)
YESTERDAY = TODAY - dt.timedelta(days=1)
NOTE = "after the long walk in new shoes"


def text_of(app: Any, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def row_texts(table: DataTable[Any]) -> list[str]:
    return [" ".join(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


def with_a_noted_cramp(path: Path) -> Cramp:
    journal = Journal.open(path)
    try:
        return journal.log_cramp(
            at=f"{YESTERDAY.isoformat()}T23:10",
            muscle="calf",
            side="right",
            severity="8",
            duration="2m",
            woke=True,
            notes=NOTE,
            now=NOW,
        )
    finally:
        journal.close()


async def test_a_note_is_marked_and_shown_on_selection(
    demo_path: Path, make_app: AppFactory
) -> None:
    cramp = with_a_noted_cramp(demo_path)
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        app.show_day(YESTERDAY)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TodayScreen)
        table = screen.query_one("#entries", DataTable)
        rows = row_texts(table)
        [row] = [r for r in rows if "calf right" in r]
        # The mark, and at 80 columns the severity's number is not cut.
        assert "✎" in row
        assert "8/10" in row or "severity 8" in row
        assert sum("✎" in r for r in rows) == 1
        assert not screen.query_one("#note", Static).display
        screen.select_entry(cramp)
        await pilot.pause()
        assert screen.query_one("#note", Static).display
        assert NOTE in text_of(app, "#note")

        await pilot.press("h")
        await pilot.pause()
        history = app.screen
        assert isinstance(history, HistoryScreen)
        days = history.query_one("#days", DataTable)
        marked = [r for r in row_texts(days) if "✎" in r]
        assert len(marked) == 1 and YESTERDAY.strftime("%d %b") in marked[0]
        days.move_cursor(row=[d.day for d in history.days].index(YESTERDAY))
        await pilot.pause()
        assert NOTE in text_of(app, "#history-hint")


async def test_a_supplement_is_not_called_a_medicine(
    empty_path: Path, make_app: AppFactory
) -> None:
    journal = Journal.open(empty_path)
    try:
        journal.add_medication(name="Magnesium citrate", kind=MedKind.SUPPLEMENT.value)
        journal.add_medication(name="Atorvastatin", kind=MedKind.DRUG.value)
        journal.log_dose(medication="Magnesium citrate", now=NOW)
        journal.log_dose(medication="Atorvastatin", now=NOW)
    finally:
        journal.close()
    app = make_app(empty_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows = row_texts(app.screen.query_one("#entries", DataTable))
    assert any("supplement" in r and "Magnesium citrate" in r for r in rows)
    assert any("medicine" in r and "Atorvastatin" in r for r in rows)


async def test_search_finds_a_note_and_opens_its_day(demo_path: Path, make_app: AppFactory) -> None:
    with_a_noted_cramp(demo_path)
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"new shoes")
        search = app.screen
        await pilot_wait_until(
            pilot,
            lambda: search.found is not None and search.found.total == 1,
            what="the one entry with that note",
        )
        assert "1 entry" in text_of(app, "#search-status")
        await pilot.press("down", "enter")
        await pilot_wait_until(
            pilot, lambda: isinstance(app.screen, TodayScreen), what="the day of the result"
        )
        await pilot.pause()
        assert app.day == YESTERDAY
        selected = app.screen.selected()  # type: ignore[attr-defined]
        assert isinstance(selected, Cramp) and selected.notes == NOTE


async def test_enter_typed_before_the_search_ran_opens_what_was_typed(
    demo_path: Path, make_app: AppFactory
) -> None:
    with_a_noted_cramp(demo_path)
    journal = Journal.open(demo_path)
    try:  # a newer note: the first of the list shown before any word is typed
        journal.log_drink(notes="after the long walk", now=NOW)
    finally:
        journal.close()
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        search = app.screen
        await pilot_wait_until(pilot, lambda: search.found is not None, what="the first list")
        assert search.found is not None and search.found.hits[0].entry.notes != NOTE
        # The words and Enter at once, before the typing pause runs the search:
        # Enter waits for the results of these words, not the list before them.
        await pilot.press(*"new shoes", "enter")
        await pilot_wait_until(
            pilot, lambda: isinstance(app.screen, TodayScreen), what="the day of the result"
        )
        await pilot.pause()
        assert app.day == YESTERDAY
        selected = app.screen.selected()  # type: ignore[attr-defined]
        assert isinstance(selected, Cramp) and selected.notes == NOTE


async def test_search_by_days_and_a_bad_day(demo_path: Path, make_app: AppFactory) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        search = app.screen
        assert isinstance(search, SearchScreen)
        await pilot.press(*"spinach")
        await pilot_wait_until(
            pilot, lambda: search.found is not None and search.found.total > 0, what="spinach"
        )
        assert search.found is not None
        every = search.found.total
        await pilot.press("tab", *"yesterday")
        await pilot_wait_until(
            pilot,
            lambda: search.found is not None and search.found.first == YESTERDAY,
            what="the search from yesterday on",
        )
        assert search.found.total < every
        assert all(h.day >= YESTERDAY for h in search.found.hits)
        await pilot.press("tab", *"2026-99")
        await pilot_wait_until(
            pilot,
            lambda: "last day '2026-99' is not a date" in text_of(app, "#search-status"),
            what="the refusal",
        )
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)


async def test_back_up_and_export_from_the_app(demo_path: Path, make_app: AppFactory) -> None:
    app = make_app(demo_path)
    out = demo_path.parent / "out"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        app.screen.query_one("#settings-keep", Button).press()
        await pilot.pause()
        keep = app.screen
        assert isinstance(keep, SafekeepingScreen)
        keep.query_one("#keep-to").value = str(out)  # type: ignore[attr-defined]
        for key in ("b", "j", "v"):
            # Focus off the path field, so the keys are the screen's.
            keep.query_one("#keep-close").focus()
            await pilot.press(key)
            await pilot_wait_until(pilot, lambda: not keep.busy, what=f"the work of {key}")
            await app.workers.wait_for_complete()
            await pilot.pause()
        listing = text_of(app, "#keep-backups")
        assert "manual-" in listing
    backups = sorted((demo_path.parent / "journal-backups").glob("manual-*.sqlite3"))
    assert len(backups) == 1
    [document] = out.glob("cramplog-*.json")
    assert json.loads(document.read_text())["profile"]
    [tables] = [p for p in out.iterdir() if p.is_dir()]
    assert (tables / "daily.csv").exists()


async def test_the_palette_offers_backup_and_export(demo_path: Path, make_app: AppFactory) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
    for title in ("Back up now", "List backups", "Export JSON", "Export CSV", "Search"):
        assert title in titles


async def test_the_food_form_forgets_a_fixed_mistake(
    empty_path: Path, make_app: AppFactory
) -> None:
    app = make_app(empty_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f", *"2 eggs, 3 zorblax")
        food = app.screen
        assert isinstance(food, FoodScreen)
        await pilot_wait_until(pilot, lambda: "zorblax:" in text_of(app, "#preview"), what="✗")
        assert "cramplog foods search" not in text_of(app, "#preview")
        assert "ctrl+f" in text_of(app, "#preview")
        await pilot.press("enter")
        assert "Nothing logged: '3 zorblax' not understood" in text_of(app, "#form-error")
        for _ in "3 zorblax":
            await pilot.press("backspace")
        await pilot.press("backspace", "backspace")  # the ", "
        assert text_of(app, "#form-error") == ""
        await pilot_wait_until(pilot, lambda: food.ok, what="the fixed meal")
        await pilot.press("enter")
        assert isinstance(app.screen, TodayScreen)


async def test_a_long_meal_scrolls_at_80x24(empty_path: Path, make_app: AppFactory) -> None:
    app = make_app(empty_path)
    meal = "2 eggs, 1 cup spinach, 250 ml milk, 1 banana, 2 slices white bread, 1 apple, 1 orange"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f", *meal)
        await pilot_wait_until(pilot, lambda: "Adds about" in text_of(app, "#preview"), what="7")
        await pilot.pause()
        box = app.screen.query_one("#preview-box")
        # Seven items do not fit: the box scrolls, and shows the end (the total).
        assert box.max_scroll_y > 0
        assert box.scroll_y == box.max_scroll_y
        await pilot.press("pageup")
        await pilot.pause()
        assert box.scroll_y < box.max_scroll_y


async def test_settings_say_a_field_in_words(demo_path: Path, make_app: AppFactory) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await pilot.pause()
        app.screen.query_one("#settings-fluid_reference_ml").value = "12"  # type: ignore[attr-defined]
        await pilot.pause()
        error = text_of(app, "#settings-fluid_reference_ml-error")
    assert error.startswith("fluid reference ml must be")
    assert "_" not in error


async def test_insights_name_settings_not_a_shell_command(
    empty_path: Path, make_app: AppFactory
) -> None:
    from cramplog.services.trends import insights

    journal = Journal.open(empty_path)
    try:
        journal.fill_with_demo(40)
        journal.update_profile(sex=None, birth_year=None)
        found = insights(journal)
    finally:
        journal.close()
    assert "`cramplog profile --birth-year`" in found.text  # the command line's words
    assert "cramplog profile" not in found.shown
    assert "in Settings (s)" in found.shown
