"""Medicines in the app, night mode at 02:30, the bedtime panel and the medicine
lines on Trends, driven as a person would."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Digits, Input, Select, Static

from cramplog.domain import Cramp, Dose, Medication
from cramplog.services import Journal
from cramplog.tui.app import CramplogApp
from cramplog.tui.forms import FormScreen
from cramplog.tui.medicine_forms import NEW
from cramplog.tui.screens.medicines import MedicinesScreen
from cramplog.tui.screens.night import NightScreen
from cramplog.tui.screens.today import TodayScreen
from tests.waiting import pilot_wait_until

from .conftest import NOW, TODAY, AppFactory, reopen

SIZE = (80, 24)
# 02:30 in the night after TODAY: still TODAY's journal day (days start at 04:00).
NIGHT = NOW.replace(hour=2, minute=30) + dt.timedelta(days=1)


class FakeClock:
    """A clock a test moves on by hand: the stretch timer is tested without waiting."""

    def __init__(self, start: dt.datetime) -> None:
        self.at = start

    def __call__(self) -> dt.datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += dt.timedelta(seconds=seconds)


def medicines(path: Path) -> dict[str, Medication]:
    journal = reopen(path)
    try:
        return {m.name: m for m in journal.medications()}
    finally:
        journal.close()


def entries(path: Path, day: dt.date = TODAY) -> list[Any]:
    journal = reopen(path)
    try:
        return journal.day(day)
    finally:
        journal.close()


def saved_cramp(path: Path, cramp: Cramp) -> list[Cramp]:
    """The cramp as stored now (an empty list once it is gone)."""
    return [e for e in entries(path) if isinstance(e, Cramp) and e.id == cramp.id]


def fill(form: Any, **values: str) -> None:
    for key, value in values.items():
        widget = form.query_one(f"#f-{key}")
        widget.value = value


# --- medicines ---------------------------------------------------------------------


async def test_a_second_supplement_is_added_in_the_app(
    demo_path: Path, make_app: AppFactory
) -> None:
    before = medicines(demo_path)
    assert len(before) == 2
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("M")
        await pilot_wait_until(pilot, lambda: isinstance(app.screen, MedicinesScreen))
        table = app.screen.query_one("#med-table", DataTable)
        assert table.row_count == 2
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, FormScreen)
        fill(form, name="Vitamin D3", vitamin_d_ug="1000 IU", started_on="2026-03-01")
        await pilot.pause()
        await pilot.press("enter")
        await pilot_wait_until(pilot, lambda: isinstance(app.screen, MedicinesScreen))
        assert app.screen.query_one("#med-table", DataTable).row_count == 3
    after = medicines(demo_path)
    vit_d = after["Vitamin D3"]
    assert vit_d.vitamin_d_ug == 25.0  # 1000 IU at 40 IU per µg
    assert vit_d.kind.value == "supplement"
    assert vit_d.started_on == dt.date(2026, 3, 1)
    assert vit_d.magnesium_mg == 0.0


async def test_a_bad_dose_is_named_and_nothing_is_saved(
    demo_path: Path, make_app: AppFactory
) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("M")
        await pilot_wait_until(pilot, lambda: isinstance(app.screen, MedicinesScreen))
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, FormScreen)
        fill(form, name="Vitamin D3", vitamin_d_ug="1000 mg")
        await pilot.pause()
        await pilot.press("enter")
        assert app.screen is form  # still open
        assert "vitamin_d_ug" in str(form.query_one("#form-error", Static).render())
    assert "Vitamin D3" not in medicines(demo_path)


async def test_an_empty_form_opens_without_an_error_until_save(
    demo_path: Path, make_app: AppFactory
) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("M")
        await pilot_wait_until(pilot, lambda: isinstance(app.screen, MedicinesScreen))
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, FormScreen)
        await pilot.pause()
        error = form.query_one("#form-error", Static)
        assert str(error.render()) == ""
        assert form.error is not None  # Save still waits for a name
        await pilot.press("enter")
        assert app.screen is form
        assert "name must not be empty" in str(error.render())


async def test_stop_and_restart_with_dates(demo_path: Path, make_app: AppFactory) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("M")
        await pilot_wait_until(pilot, lambda: isinstance(app.screen, MedicinesScreen))
        screen = app.screen
        assert isinstance(screen, MedicinesScreen)
        chosen = screen.selected()
        assert chosen is not None
        await pilot.press("S")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#f-on", Input).value == TODAY.isoformat()
        form.query_one("#f-on", Input).value = "2026-03-10"
        await pilot.pause()
        await pilot.press("enter")
        await pilot_wait_until(pilot, lambda: app.screen is screen)
        assert medicines(demo_path)[chosen.name].stopped_on == dt.date(2026, 3, 10)
        # Stopped ones are listed after those taken now.
        assert screen.shown[-1].name == chosen.name
        screen.query_one("#med-table", DataTable).move_cursor(row=len(screen.shown) - 1)
        await pilot.press("R", "enter")
        await pilot_wait_until(pilot, lambda: app.screen is screen)
    again = medicines(demo_path)[chosen.name]
    assert again.started_on == TODAY
    assert again.stopped_on is None


async def test_editing_one_field_keeps_the_others(demo_path: Path, make_app: AppFactory) -> None:
    before = medicines(demo_path)
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("M")
        await pilot_wait_until(pilot, lambda: isinstance(app.screen, MedicinesScreen))
        screen = app.screen
        assert isinstance(screen, MedicinesScreen)
        chosen = screen.selected()
        assert chosen is not None
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, FormScreen)
        fill(form, notes="with dinner")
        await pilot.pause()
        await pilot.press("enter")
        await pilot_wait_until(pilot, lambda: app.screen is screen)
    after = medicines(demo_path)[chosen.name]
    assert after.notes == "with dinner"
    assert after == replace(before[chosen.name], notes="with dinner")


async def test_new_inside_the_dose_form_adds_a_medicine_and_logs_its_dose(
    demo_path: Path, make_app: AppFactory
) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        dose_form = app.screen
        assert isinstance(dose_form, FormScreen)
        select = dose_form.query_one("#f-medication", Select)
        select.value = NEW
        await pilot_wait_until(pilot, lambda: app.screen is not dose_form)
        med_form = app.screen
        assert isinstance(med_form, FormScreen)
        fill(med_form, name="Potassium citrate", potassium_mg="99")
        await pilot.pause()
        await pilot.press("enter")
        await pilot_wait_until(pilot, lambda: app.screen is dose_form)
        assert select.value == "Potassium citrate"
        await pilot.press("enter")
        await pilot_wait_until(pilot, lambda: isinstance(app.screen, TodayScreen))
    doses = [e for e in entries(demo_path) if isinstance(e, Dose)]
    assert [d.medication for d in doses][-1:] == ["Potassium citrate"]
    assert medicines(demo_path)["Potassium citrate"].potassium_mg == 99.0


async def test_the_palette_offers_adding_a_medicine(demo_path: Path, make_app: AppFactory) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Add a medicine or supplement" in titles
        assert "Go to Medicines" in titles
        assert "Night mode" in titles
        from cramplog.tui.night_start import add_medicine

        add_medicine(app)
        await pilot_wait_until(pilot, lambda: isinstance(app.screen, FormScreen))
        assert isinstance(app.screen_stack[-2], MedicinesScreen)


# --- night mode ----------------------------------------------------------------------


def night_app(journal: Journal, clock: FakeClock) -> CramplogApp:
    return CramplogApp(journal, clock=clock, welcome=False)


async def test_night_mode_at_0230_a_digit_saves_and_the_timer_records(demo_path: Path) -> None:
    clock = FakeClock(NIGHT)
    journal = Journal.open(demo_path)
    last = journal.latest_cramp()
    assert last is not None
    try:
        app = night_app(journal, clock)
        async with app.run_test(size=SIZE) as pilot:
            await pilot_wait_until(pilot, lambda: isinstance(app.screen, NightScreen))
            night = app.screen
            assert isinstance(night, NightScreen)
            # The last cramp's muscle and side, ready.
            assert (night.muscle, night.side) == (last.muscle, last.side)
            await pilot.press("8")  # key 1: the severity, saved
            await pilot_wait_until(pilot, lambda: night.cramp is not None)
            assert night.cramp is not None
            [cramp] = saved_cramp(demo_path, night.cramp)
            assert cramp.severity == 8
            assert cramp.woke_from_sleep
            assert cramp.journal_day == TODAY
            assert cramp.duration_s is None
            await pilot.press("enter")  # key 2: start the stretch timer
            assert night.phase == "timing"
            clock.advance(95)
            night.tick()
            await pilot.pause()
            assert night.query_one("#night-digits", Digits).value == "1:35"
            await pilot.press("enter")  # it eased
            assert night.phase == "done"
            [stored] = saved_cramp(demo_path, cramp)
            assert stored.duration_s == 95
            assert stored.relieved_by == "stretching"
            await pilot.press("enter")
            await pilot_wait_until(pilot, lambda: isinstance(app.screen, TodayScreen))
            # Undo on Today takes the cramp away, as for any cramp logged there.
            await pilot.press("u")
            await pilot.pause()
        assert not saved_cramp(demo_path, cramp)
    finally:
        journal.close()


async def test_stopping_the_timer_with_escape_records_nothing(demo_path: Path) -> None:
    clock = FakeClock(NIGHT)
    journal = Journal.open(demo_path)
    try:
        app = night_app(journal, clock)
        async with app.run_test(size=SIZE) as pilot:
            await pilot_wait_until(pilot, lambda: isinstance(app.screen, NightScreen))
            night = app.screen
            assert isinstance(night, NightScreen)
            await pilot.press("down", "right", "0")  # another muscle and side; 0 is 10
            await pilot_wait_until(pilot, lambda: night.cramp is not None)
            assert night.cramp is not None
            assert night.cramp.severity == 10
            await pilot.press("enter")
            clock.advance(30)
            await pilot.press("escape")
            assert night.phase == "saved"
        [stored] = [
            e for e in entries(demo_path) if isinstance(e, Cramp) and e.id == night.cramp.id
        ]
        assert stored.duration_s is None
        assert stored.relieved_by == ""
    finally:
        journal.close()


async def test_a_digit_typed_while_the_journal_opens_is_kept(demo_path: Path) -> None:
    clock = FakeClock(NIGHT)
    app = CramplogApp(demo_path, clock=clock, welcome=False)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, NightScreen)  # before the journal is open
        night = app.screen
        await pilot.press("6")
        await pilot_wait_until(pilot, lambda: night.cramp is not None, what="the cramp saved")
        assert night.cramp is not None
        assert night.cramp.severity == 6
    cramps = [e for e in entries(demo_path) if isinstance(e, Cramp) and e.severity == 6]
    assert [c.at.strftime("%H:%M") for c in cramps][-1] == "02:30"


async def test_no_night_mode_in_the_morning_but_n_opens_it(
    demo_path: Path, make_app: AppFactory
) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("n")
        assert isinstance(app.screen, NightScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)


# --- tonight and trends ------------------------------------------------------------------


async def test_the_bedtime_panel_on_a_demo_journal(demo_path: Path, make_app: AppFactory) -> None:
    from cramplog.services.trends import insights  # noqa: F401 (the analysis the panel uses)

    app = make_app(demo_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        today = app.screen
        assert isinstance(today, TodayScreen)
        panel = today.query_one("#tonight")
        assert not panel.display  # 09:30: not shown by itself
        await pilot.press("left", "b")  # yesterday, a whole demo day
        await pilot_wait_until(pilot, lambda: getattr(panel, "found", None) is not None)
        text = str(panel.render())
    assert text.startswith("Tonight, from your records")
    for label in ("Fluids:", "Magnesium:", "Potassium:", "Medicines:", "Activity:", "Day factors:"):
        assert label in text
    assert "in your records" in text
    for word in ("start", "stop taking", "should"):
        assert word not in text


async def test_trends_name_medicine_lines_and_weeks_without_a_cramp(
    demo_path: Path, make_app: AppFactory
) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("M", "a")
        form = app.screen
        assert isinstance(form, FormScreen)
        fill(form, name="Vitamin D3", vitamin_d_ug="25", started_on="2026-03-02")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("w")
        await pilot_wait_until(pilot, lambda: getattr(app.screen, "loaded_weeks", None) == 8)
        await pilot.press("x")
        await pilot.pause()
        summary = str(app.screen.query_one("#trends-summary", Static).render())
    assert "started Vitamin D3 02 Mar" in summary
    assert "without a cramp" in summary
