"""The Today screen, driven as a person would: keys, forms, undo, days."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Input, Static

from cramplog.domain import Cramp, DayFactors, Dose, Drink, FoodEntry
from cramplog.services import Journal
from cramplog.tui.forms import FormScreen
from cramplog.tui.screens.today import TodayScreen
from tests.waiting import pilot_wait_until

from .conftest import TODAY, AppFactory, reopen

SIZE = (80, 24)


def saved(path: Path, day: dt.date = TODAY) -> list[Any]:
    journal = reopen(path)
    try:
        return journal.day(day)
    finally:
        journal.close()


def text_of(app: Any, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_a_cramp_is_c_then_enter(empty_path: Path, make_app: AppFactory) -> None:
    app = make_app(empty_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        assert isinstance(app.screen, FormScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, TodayScreen)
    [cramp] = saved(empty_path)
    assert isinstance(cramp, Cramp)
    assert (cramp.muscle.value, cramp.side.value, cramp.severity) == ("calf", "left", 5)
    assert cramp.at.strftime("%H:%M") == "09:30"


async def test_the_next_cramp_remembers_muscle_and_side(
    empty_path: Path, make_app: AppFactory
) -> None:
    app = make_app(empty_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#f-muscle").value = "foot"  # type: ignore[attr-defined]
        form.query_one("#f-side").value = "right"  # type: ignore[attr-defined]
        form.query_one("#f-severity", Input).value = "8"
        await pilot.press("enter")
        await pilot.press("c")
        await pilot.press("enter")
    first, second = saved(empty_path)
    assert (second.muscle.value, second.side.value) == ("foot", "right")
    assert (first.severity, second.severity) == (8, 5)


async def test_two_glasses_of_water(empty_path: Path, make_app: AppFactory) -> None:
    app = make_app(empty_path)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(2):
            await pilot.press("d", "enter")
        assert "0.50/" in text_of(app, "#targets")
    drinks = saved(empty_path)
    assert [(d.kind.value, d.ml) for d in drinks] == [("water", 250.0), ("water", 250.0)]


async def test_quick_choice_logs_a_bottle(empty_path: Path, make_app: AppFactory) -> None:
    app = make_app(empty_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.click("#quick-2")
    [drink] = saved(empty_path)
    assert isinstance(drink, Drink) and drink.ml == 500


async def test_breakfast_as_one_line_with_a_preview(empty_path: Path, make_app: AppFactory) -> None:
    app = make_app(empty_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        await pilot.press(*"2 eggs, 1 cup spinach, 250 ml milk")
        # The preview is parsed once typing pauses (on a busy machine maybe more
        # than once): wait until it shows the whole line, the last item typed.
        await pilot_wait_until(
            pilot, lambda: "250 ml milk →" in text_of(app, "#preview"), what="the meal's preview"
        )
        preview = text_of(app, "#preview")
        assert "Egg, whole" in preview and "Spinach, raw" in preview and "Adds about" in preview
        assert "a drink: 250 ml of fluid" in preview  # milk is a drink: it counts as fluid
        await pilot.press("enter")
        assert isinstance(app.screen, TodayScreen)
        targets = text_of(app, "#targets")
    logged = saved(empty_path)
    foods = [e for e in logged if isinstance(e, FoodEntry)]
    [milk] = [e for e in logged if isinstance(e, Drink)]
    assert len(foods) == 2 and {f.meal.value for f in foods} == {"breakfast"}
    assert milk.ml == 250.0 and milk.food_id is not None and milk.per100g is not None
    magnesium = sum(f.grams * (f.per100g.magnesium_mg or 0) / 100 for f in foods)
    milk_magnesium = milk.per100g.magnesium_mg or 0
    magnesium += (milk.grams or 0) * milk_magnesium / 100
    assert f"{magnesium:.0f}/320 mg" in targets
    [fluids] = [line for line in targets.splitlines() if line.startswith("Fluids")]
    assert "0.25" in fluids or "250" in fluids  # the milk's 250 ml are the day's fluid


async def test_a_meal_that_does_not_parse_saves_nothing(
    empty_path: Path, make_app: AppFactory
) -> None:
    app = make_app(empty_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        await pilot.press(*"2 eggs, 3 zorblax")
        await pilot.press("enter")
        assert not isinstance(app.screen, TodayScreen)
        assert "zorblax" in text_of(app, "#form-error")
        await pilot.press("escape")
    assert saved(empty_path) == []


async def test_a_medicine_dose(empty_path: Path, make_app: AppFactory) -> None:
    journal = Journal.open(empty_path)
    journal.add_medication(name="Magnesium citrate", kind="supplement", magnesium_mg="150")
    journal.close()
    app = make_app(empty_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m", "enter")
        # Missing is not zero: with no food logged the day has no intake yet.
        assert "—/320 mg" in text_of(app, "#targets")
        await pilot.press("f", *"1 oz almonds", "enter")
        targets = text_of(app, "#targets")
    dose, almonds = sorted(saved(empty_path), key=lambda e: isinstance(e, FoodEntry))
    assert isinstance(dose, Dose) and dose.medication == "Magnesium citrate"
    food_mg = almonds.grams * almonds.per100g.magnesium_mg / 100
    assert f"{150 + food_mg:.0f}/320 mg" in targets


async def test_a_bad_value_is_refused_inline_and_nothing_saved(
    empty_path: Path, make_app: AppFactory
) -> None:
    app = make_app(empty_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        form = app.screen
        assert isinstance(form, FormScreen)
        severity = form.query_one("#f-severity", Input)
        severity.value = "11"
        await pilot.pause()
        assert "severity" in text_of(app, "#form-error")
        assert severity.has_class("-invalid")
        await pilot.press("enter")
        assert app.screen is form  # still open, nothing written
        await pilot.press("escape")
    assert saved(empty_path) == []


async def test_escape_cancels_without_saving(empty_path: Path, make_app: AppFactory) -> None:
    app = make_app(empty_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d", "escape", "c", "escape", "f", "escape")
        assert isinstance(app.screen, TodayScreen)
    assert saved(empty_path) == []


async def test_edit_delete_and_undo(empty_path: Path, make_app: AppFactory) -> None:
    app = make_app(empty_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d", "enter")
        # Edit: 250 ml becomes 400 ml.
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, FormScreen)
        form.query_one("#f-ml", Input).value = "400"
        await pilot.press("enter")
        assert [d.ml for d in saved(empty_path)] == [400.0]
        await pilot.press("u")
        assert [d.ml for d in saved(empty_path)] == [250.0]
        # Delete, then undo brings it back.
        await pilot.press("x")
        assert saved(empty_path) == []
        await pilot.press("u")
        assert [d.ml for d in saved(empty_path)] == [250.0]
        # Undo of a new entry removes it.
        await pilot.press("u")
        assert saved(empty_path) == []
        # Redo makes each change again, in order; then there is nothing left to redo.
        await pilot.press("U")
        assert [d.ml for d in saved(empty_path)] == [250.0]
        await pilot.press("U", "U")
        assert saved(empty_path) == []
        await pilot.press("U")
        assert saved(empty_path) == []
        await pilot.press("u")
        assert [d.ml for d in saved(empty_path)] == [250.0]


async def test_change_day_and_backfill_yesterday(empty_path: Path, make_app: AppFactory) -> None:
    app = make_app(empty_path)
    yesterday = TODAY - dt.timedelta(days=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("left")
        assert app.day == yesterday
        assert "yesterday" in text_of(app, "#day-line")
        await pilot.press("d", "enter")
        await pilot.press("right")
        assert app.day == TODAY
        await pilot.press("left", "left", "0")
        assert app.day == TODAY
    [drink] = saved(empty_path, yesterday)
    assert drink.journal_day == yesterday
    assert saved(empty_path) == []


async def test_mark_the_day_complete(empty_path: Path, make_app: AppFactory) -> None:
    app = make_app(empty_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("k")
        assert "day complete" in text_of(app, "#day-line")
        await pilot.press("k")
        assert "day complete" not in text_of(app, "#day-line")


async def test_the_demo_day_shows_entries_and_the_week(
    demo_path: Path, make_app: AppFactory
) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("left")
        table = app.screen.query_one("#entries", DataTable)
        assert table.row_count == len(saved(demo_path, TODAY - dt.timedelta(days=1)))
        week = text_of(app, "#week")
        assert week.count("\n") == 7


@pytest.mark.parametrize("note", ["[bold red]x[/]", "[link=http://x]y[/link]"])
async def test_typed_text_is_shown_literally(
    empty_path: Path, make_app: AppFactory, note: str
) -> None:
    journal = Journal.open(empty_path)
    journal.log_activity(kind=note, minutes="10", at="2026-03-18T08:00+01:00")
    journal.log_cramp(
        muscle="calf", side="left", relieved_by=note, notes=note, at="2026-03-18T05:00+01:00"
    )
    journal.close()
    app = make_app(empty_path)
    async with app.run_test(size=(120, 40)):
        table = app.screen.query_one("#entries", DataTable)
        cramp, activity = (table.get_cell_at(Coordinate(row, 2)).plain for row in (0, 1))
        assert activity.startswith(note)
        assert f"relieved by {note}" in cramp


async def test_long_names_are_cut_with_an_ellipsis(empty_path: Path, make_app: AppFactory) -> None:
    journal = Journal.open(empty_path)
    journal.log_activity(kind="walking the dog " * 10, minutes="10", at="2026-03-18T08:00+01:00")
    journal.close()
    app = make_app(empty_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lines = app.export_screenshot()
        assert "…" in lines
        table = app.screen.query_one("#entries", DataTable)
        assert table.virtual_size.width <= table.size.width


async def test_a_food_from_search_joins_the_typed_meal(
    empty_path: Path, make_app: AppFactory
) -> None:
    app = make_app(empty_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f", *"2 eggs", "ctrl+f", *"banana")
        await pilot.pause()
        await pilot.press("enter")  # the best match: Bananas, raw
        await pilot.pause()
        await pilot.press("enter")  # its first portion, 1 of it
        await pilot_wait_until(
            pilot, lambda: "Bananas, raw" in text_of(app, "#preview"), what="the pick's preview"
        )
        preview = text_of(app, "#preview")
        assert "Egg, whole" in preview and "Bananas, raw" in preview
        await pilot.press("enter")
        assert isinstance(app.screen, TodayScreen)
    names = sorted(f.name for f in saved(empty_path))
    assert names[0].startswith("Bananas, raw") and names[1].startswith("Egg, whole")


async def test_right_stops_at_today(empty_path: Path, make_app: AppFactory) -> None:
    app = make_app(empty_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "right")
        assert app.day == TODAY
        await pilot.press("left", "right", "right")
        assert app.day == TODAY


async def test_undo_goes_to_the_day_it_changes(empty_path: Path, make_app: AppFactory) -> None:
    app = make_app(empty_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d", "enter", "left")
        assert app.day == TODAY - dt.timedelta(days=1)
        await pilot.press("u")
        assert app.day == TODAY
    assert saved(empty_path) == []


async def test_the_first_medicine_is_added_then_its_dose_logged(
    empty_path: Path, make_app: AppFactory
) -> None:
    app = make_app(empty_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        form = app.screen
        assert isinstance(form, FormScreen)
        await pilot.press(*"Magnesium citrate")
        form.query_one("#f-magnesium_mg", Input).value = "abc"
        await pilot.pause()
        assert "magnesium per dose must be a number" in text_of(app, "#form-error")
        form.query_one("#f-magnesium_mg", Input).value = "150"
        await pilot.press("enter")  # saves the medicine, opens its dose
        assert isinstance(app.screen, FormScreen) and app.screen is not form
        await pilot.press("enter")
        assert isinstance(app.screen, TodayScreen)
    [dose] = saved(empty_path)
    assert isinstance(dose, Dose) and dose.medication == "Magnesium citrate"
    journal = reopen(empty_path)
    try:
        assert [(m.name, m.magnesium_mg) for m in journal.medications()] == [
            ("Magnesium citrate", 150.0)
        ]
    finally:
        journal.close()


async def test_copy_yesterdays_breakfast(empty_path: Path, make_app: AppFactory) -> None:
    app = make_app(empty_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f", "ctrl+y")
        assert "nothing was logged for breakfast" in text_of(app, "#form-error")
        await pilot.press("escape", "left", "f", *"2 eggs, 1 medium banana", "enter")
        await pilot.press("right", "f", "ctrl+y")
        assert isinstance(app.screen, TodayScreen)
    yesterday = saved(empty_path, TODAY - dt.timedelta(days=1))
    today = saved(empty_path)
    assert sorted((f.name, f.grams) for f in today) == sorted((f.name, f.grams) for f in yesterday)
    assert len(today) == 2 and all(f.journal_day == TODAY for f in today)


async def test_enter_before_any_field_has_focus_still_saves(
    empty_path: Path, make_app: AppFactory
) -> None:
    # "d" then Enter typed at once: Enter can reach the form before a field
    # is focused (seen in a real terminal); it must still save the drink.
    app = make_app(empty_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        app.screen.set_focus(None)
        await pilot.press("enter")
        assert isinstance(app.screen, TodayScreen)
    assert [d.ml for d in saved(empty_path)] == [250.0]


async def test_day_factors_are_one_key_and_say_only_what_was_said(
    empty_path: Path, make_app: AppFactory
) -> None:
    app = make_app(empty_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("y")
        form = app.screen
        assert isinstance(form, FormScreen)
        await pilot.pause()
        assert text_of(app, "#form-error") == ""  # nothing said yet is not an error
        await pilot.press("enter")
        assert app.screen is form  # ... but there is nothing to save
        assert "say at least one of" in text_of(app, "#form-error")
        form.query_one("#f-stretched").value = "yes"  # type: ignore[attr-defined]
        form.query_one("#f-sleep_hours", Input).value = "6.5"
        await pilot.press("enter")
        assert isinstance(app.screen, TodayScreen)
        [factors] = saved(empty_path)
        assert isinstance(factors, DayFactors)
        assert (factors.stretched, factors.sleep_hours) == (True, 6.5)
        assert (factors.sitting_hours, factors.footwear, factors.fatigue) == (None, None, None)
        shown = app.screen.query_one("#entries", DataTable).get_cell_at(Coordinate(0, 2))
        assert "stretched yes, slept 6.5 h" in str(shown)
        # Edited from its own form: a field left at '-' stays not said.
        await pilot.press("e")
        edit = app.screen
        assert isinstance(edit, FormScreen)
        edit.query_one("#f-fatigue", Input).value = "4"
        await pilot.press("enter")
        [factors] = saved(empty_path)
        assert isinstance(factors, DayFactors)
        assert (factors.fatigue, factors.stretched, factors.footwear) == (4, True, None)
        await pilot.press("u")
        [factors] = saved(empty_path)
        assert isinstance(factors, DayFactors) and factors.fatigue is None


async def test_imported_food_shows_on_today_and_only_its_notes_are_edited(
    empty_path: Path, make_app: AppFactory, tmp_path: Path
) -> None:
    from cramplog.domain import ImportedFood
    from cramplog.services.food_import import import_food, read_file

    csv_path = tmp_path / "servings.csv"
    csv_path.write_text(
        "Day,Time,Group,Food Name,Amount,Magnesium (mg),Vitamin D (IU),Category\n"
        f"{TODAY},8:00 AM,Breakfast,Water,500.00 ml,5,,Beverages\n",
        encoding="utf-8",
    )
    journal = Journal.open(empty_path)
    try:
        import_food(journal, read_file(csv_path))
    finally:
        journal.close()
    app = make_app(empty_path)
    async with app.run_test(size=SIZE) as pilot:
        table = app.screen.query_one(DataTable)
        await pilot_wait_until(pilot, lambda: table.row_count == 1)
        assert "Water (500.00 ml)" in str(table.get_row_at(0))
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert [i.id for i in form.query(Input)] == ["f-notes"]
        form.query_one("#f-notes", Input).value = "cold"
        await pilot.press("enter")
    [row] = saved(empty_path)
    assert isinstance(row, ImportedFood) and (row.notes, row.fluid_ml) == ("cold", 500.0)
