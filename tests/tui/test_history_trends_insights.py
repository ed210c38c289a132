"""History, Trends and Insights driven through the real app with Pilot."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Static
from textual_plotext import PlotextPlot

from cramplog.domain import NUTRIENTS
from cramplog.entry_kinds import FACTORS
from cramplog.services.trends import insights_text
from cramplog.tui.app import CramplogApp
from cramplog.tui.screens.history import HistoryScreen
from cramplog.tui.screens.insights import EMPTY_LINE, InsightsScreen
from cramplog.tui.screens.trends import CHARTS, TrendsScreen
from tests.tui.conftest import TODAY, AppFactory

SIZE = (80, 24)


def text_of(widget: Static) -> str:
    return str(widget.content)


def row_text(table: DataTable[Any], row: int) -> list[str]:
    return [str(cell) for cell in table.get_row_at(row)]


def row_cells(table: DataTable[Any], row: int) -> dict[str, str]:
    """A History row by column key (date, cramps, magnesium_mg, fluids, status, ...)."""
    keys = [str(column.key.value) for column in table.ordered_columns]
    return dict(zip(keys, row_text(table, row), strict=True))


def shown_day(day: dt.date) -> str:
    return day.strftime("%a %d %b")


async def settle(app: CramplogApp, pilot: Any) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


# --- History ---------------------------------------------------------------------


async def test_history_lists_demo_days_newest_first(make_app: AppFactory, demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        app.switch_mode("history")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        table = screen.query_one("#days", DataTable)
        assert table.row_count == 56
        first = row_cells(table, 0)
        assert first["date"] == shown_day(TODAY)
        assert first["status"] == "none yet"  # the demo ends yesterday
        yesterday = row_cells(table, 1)
        assert yesterday["date"] == shown_day(TODAY - dt.timedelta(days=1))
        assert yesterday["status"] in ("logged", "complete")
        assert all(yesterday[key].endswith("%") for key in NUTRIENTS)  # shares of the target
        assert yesterday["fluids"].endswith(" L")
        keys = [
            str(table.coordinate_to_cell_key(Coordinate(i, 0)).row_key.value) for i in range(56)
        ]
        assert keys == sorted(keys, reverse=True)


async def test_history_missing_day_says_not_logged_never_zero(
    make_app: AppFactory, demo_path: Path
) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        app.switch_mode("history")
        await settle(app, pilot)
        table = app.screen.query_one("#days", DataTable)
        rows = [row_cells(table, i) for i in range(table.row_count)]
        missing = [r for r in rows if r["status"] == "not logged"]
        assert missing, "the demo journal has unlogged days in its last 8 weeks"
        for r in missing:
            figures = [r[k] for k in ("cramps", "worst", *NUTRIENTS, "fluids")]
            assert set(figures) == {"—"}, r  # dashes, never 0


async def test_history_enter_opens_the_day_in_today(make_app: AppFactory, demo_path: Path) -> None:
    pytest.importorskip("cramplog.tui.screens.today")
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        app.switch_mode("history")
        await settle(app, pilot)
        table = app.screen.query_one("#days", DataTable)
        table.focus()
        await pilot.press("down", "down", "down")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.day == TODAY - dt.timedelta(days=3)
        assert app.current_mode == "today"


async def test_history_more_weeks_and_back_keeps_place(
    make_app: AppFactory, demo_path: Path
) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        app.switch_mode("history")
        await settle(app, pilot)
        screen = app.screen
        table = screen.query_one("#days", DataTable)
        table.focus()
        await pilot.press("down", "down")
        await pilot.press("m")
        await pilot.pause()
        assert table.row_count == 112
        assert table.cursor_row == 2
        last = row_cells(table, table.row_count - 1)
        assert last["date"] == shown_day(TODAY - dt.timedelta(days=111))
        await pilot.press("0")
        assert table.cursor_row == 0


async def test_history_of_an_empty_journal_is_calm(make_app: AppFactory, empty_path: Path) -> None:
    app = make_app(empty_path)
    async with app.run_test(size=SIZE) as pilot:
        app.switch_mode("history")
        await settle(app, pilot)
        table = app.screen.query_one("#days", DataTable)
        statuses = {row_cells(table, i)["status"] for i in range(table.row_count)}
        assert statuses == {"not logged", "none yet"}
        assert "Nothing logged" in text_of(app.screen.query_one("#history-line", Static))


async def test_history_sees_an_entry_logged_elsewhere(
    make_app: AppFactory, demo_path: Path
) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        app.switch_mode("history")
        await settle(app, pilot)
        app.journal.log_drink(now=app.now(), ml=250)
        app.switch_mode("today")
        await settle(app, pilot)
        app.switch_mode("history")
        await settle(app, pilot)
        table = app.screen.query_one("#days", DataTable)
        assert row_cells(table, 0)["status"] == "logged"
        assert row_cells(table, 0)["fluids"] == "0.2 L"


async def test_history_shows_what_the_day_factors_said(
    make_app: AppFactory, empty_path: Path
) -> None:
    app = make_app(empty_path)
    async with app.run_test(size=(160, 30)) as pilot:
        now = app.now()
        app.journal.log_plain(FACTORS, {"stretched": "yes", "fatigue": 4}, now=now)
        app.journal.log_plain(FACTORS, {"fatigue": 6, "sleep_hours": 7}, now=now)
        app.switch_mode("history")
        await settle(app, pilot)
        table = app.screen.query_one("#days", DataTable)
        today = row_cells(table, 0)
        # Numbers said twice are averaged; a field never said is not shown.
        assert today["factors"] == "stretched yes, fatigue 5, slept 7 h"
        assert today["status"] == "logged"  # day factors alone make a logged day
        assert row_cells(table, 1)["factors"] == ""


# --- Trends ----------------------------------------------------------------------


def visible_charts(screen: TrendsScreen) -> list[str]:
    return [c for c, _, _ in CHARTS if screen.query_one(f"#chart-{c}", PlotextPlot).display]


@pytest.mark.parametrize(("key", "weeks"), [("8", 8), ("2", 26), ("5", 52)])
async def test_trends_draws_each_period(
    make_app: AppFactory, demo_path: Path, key: str, weeks: int
) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        app.switch_mode("trends")
        await settle(app, pilot)
        await pilot.press(key)
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        assert screen.weeks == weeks and len(screen.rows) == weeks
        assert screen.rows[-1].week_start == TODAY - dt.timedelta(days=TODAY.weekday())
        assert not screen.query_one("#trends-empty").display
        assert visible_charts(screen) == ["magnesium_mg"]
        for _chart, chart_key, _ in CHARTS:
            await pilot.press(chart_key)
            await pilot.pause()
            plot = screen.query_one(f"#chart-{screen.chart}", PlotextPlot)
            assert visible_charts(screen) == [screen.chart]
            drawn = plot.plt.uncolorize(plot.plt.build())
            assert drawn.strip(), screen.chart
        summary = text_of(screen.query_one("#trends-summary", Static))
        assert summary.startswith("Cramps:")
        assert f"Last {weeks} weeks" in text_of(screen.query_one("#trends-line", Static))


async def test_trends_grid_when_the_terminal_is_large(
    make_app: AppFactory, demo_path: Path
) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=(130, 46)) as pilot:
        app.switch_mode("trends")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, TrendsScreen)
        assert visible_charts(screen) == [c for c, _, _ in CHARTS]


async def test_trends_of_an_empty_journal_says_not_enough_data(
    make_app: AppFactory, empty_path: Path
) -> None:
    app = make_app(empty_path)
    async with app.run_test(size=SIZE) as pilot:
        app.switch_mode("trends")
        await settle(app, pilot)
        screen = app.screen
        assert screen.query_one("#trends-empty").display
        assert not screen.query_one("#charts").display
        assert "Not enough data yet" in text_of(screen.query_one("#trends-empty", Static))


# --- Insights --------------------------------------------------------------------


async def test_insights_shows_the_analysis_text(make_app: AppFactory, demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        app.switch_mode("insights")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, InsightsScreen)
        assert not screen.query_one("#insights-loading").display
        shown = text_of(screen.query_one("#insights-text", Static))
        assert shown == insights_text(app.journal)  # word for word
        assert shown.startswith("cramplog analysis, ")
        assert "not proof" in shown


async def test_insights_rerun_with_R_sees_new_entries(
    make_app: AppFactory, demo_path: Path
) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        app.switch_mode("insights")
        await settle(app, pilot)
        before = text_of(app.screen.query_one("#insights-text", Static))
        app.journal.log_cramp(now=app.now(), muscle="calf", side="left")
        await pilot.press("R")
        await settle(app, pilot)
        after = text_of(app.screen.query_one("#insights-text", Static))
        assert after != before
        assert after == insights_text(app.journal)


async def test_insights_empty_journal_is_a_friendly_state(
    make_app: AppFactory, empty_path: Path
) -> None:
    app = make_app(empty_path)
    async with app.run_test(size=SIZE) as pilot:
        app.switch_mode("insights")
        await settle(app, pilot)
        screen = app.screen
        assert text_of(screen.query_one("#insights-line", Static)) == EMPTY_LINE
        assert "Nothing is logged yet" in text_of(screen.query_one("#insights-text", Static))
        assert not app._notifications  # no error toast: this is a normal state


# --- start-up cost -----------------------------------------------------------------


def test_screens_do_not_import_pandas_at_module_top() -> None:
    code = (
        "import sys, cramplog.tui.screens.history, cramplog.tui.screens.trends,"
        " cramplog.tui.screens.insights, cramplog.services.trends;"
        "print(sorted(m for m in ('pandas', 'numpy', 'matplotlib', 'scipy', 'statsmodels')"
        " if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "[]"


async def test_insights_follow_a_switch_to_another_journal(
    make_app: AppFactory, demo_path: Path, empty_path: Path
) -> None:
    from cramplog.services import Journal

    app = make_app(empty_path)
    async with app.run_test(size=SIZE) as pilot:
        app.switch_mode("insights")
        await settle(app, pilot)
        assert "Nothing is logged yet" in text_of(app.screen.query_one("#insights-text", Static))
        demo = Journal.open(demo_path)
        try:
            app.use_journal(demo, "demo")
            await settle(app, pilot)
            shown = text_of(app.screen.query_one("#insights-text", Static))
            assert shown.startswith("cramplog analysis, ")
        finally:
            await pilot.pause()
            app.journal.close()
