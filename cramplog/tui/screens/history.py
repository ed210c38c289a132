"""History: every day as a row, newest first; Enter opens the day in Today.

A day with nothing logged says "not logged" and shows dashes, never 0: a
missing day is neither a cramp-free day nor a low-intake day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header, Static

from cramplog.domain import DayMarkKind
from cramplog.nutrients import TRACKED, nutrient
from cramplog.services.days import DayTotals, day_range
from cramplog.services.search import notes_by_day
from cramplog.tui.base import JournalScreen, literal
from cramplog.tui.entry_lines import noted, notes_line

WEEKS_AT_FIRST = 8
WEEKS_MORE = 8
# Below this share of the day's food mass with a known value, a percentage is
# a floor rather than an estimate: it gets a "~" so nobody reads it as low.
COVERAGE_MARK = 0.8
DASH = "—"
HINT = (
    f"Enter opens the day · m {WEEKS_MORE} more weeks · % of target ·"
    " ~ some food had no value · ✎ notes"
)
# The day_cells column that carries the mark of a day with notes.
STATUS_COLUMN = -2

NUTRIENT_COLUMNS: tuple[tuple[str, str], ...] = tuple(
    (n.key, n.short.replace(" ", "")) for n in TRACKED
)


def share_cell(share: float | None, coverage: float | None, aim: bool = True) -> Text:
    if share is None:
        return Text(DASH, style="dim", justify="right")
    style = ("green" if share >= 1 else ("yellow" if share >= 0.7 else "red")) if aim else ""
    mark = "~" if coverage is not None and coverage < COVERAGE_MARK else ""
    return Text(f"{mark}{100 * share:.0f}%", style=style, justify="right")


def status_of(totals: DayTotals, today: dt.date) -> Text:
    if totals.marked == DayMarkKind.NOT_LOGGED.value:
        return Text("not logged", style="dim")
    if totals.marked == DayMarkKind.COMPLETE.value:
        return Text("complete", style="green")
    if totals.logged:
        return Text("logged")
    # Today is still being lived: "not logged" would read as a reproach.
    return Text("none yet" if totals.day == today else "not logged", style="dim")


def day_cells(totals: DayTotals, today: dt.date) -> tuple[Text, ...]:
    """The row for one day, in the order of the table's columns."""
    logged = totals.logged
    weekday = totals.day.strftime("%a")
    if logged:
        cramps = Text(
            str(totals.cramps), justify="right", style="bold red" if totals.cramps else ""
        )
        worst = (
            Text(f"{totals.worst_severity}/10", justify="right")
            if totals.worst_severity is not None
            else Text(DASH, style="dim", justify="right")
        )
    else:
        cramps = Text(DASH, style="dim", justify="right")
        worst = Text(DASH, style="dim", justify="right")
    shares = tuple(
        share_cell(
            totals.nutrients[key].share if logged else None,
            totals.nutrients[key].coverage,
            nutrient(key).aim,
        )
        for key, _ in NUTRIENT_COLUMNS
    )
    if logged and totals.fluids_ml is not None:
        style = "yellow" if totals.low_fluid else ""
        fluids = Text(f"{totals.fluids_ml / 1000:.1f} L", style=style, justify="right")
    else:
        fluids = Text(DASH, style="dim", justify="right")
    return (
        # "Mon 30 Nov": the line above the table gives the years.
        Text(f"{weekday} {totals.day:%d %b}"),
        cramps,
        worst,
        *shares,
        fluids,
        status_of(totals, today),
        # Last: at 80 columns it is the one to scroll to, never what cuts the rest.
        Text(totals.said_text() if logged else "", style="dim"),
    )


class HistoryScreen(JournalScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "more", f"{WEEKS_MORE} more weeks"),
        Binding("home,0", "newest", "Newest", show=False),
    ]
    KEY_HELP: ClassVar[dict[str, str]] = {
        "Enter": "open the selected day in Today",
        "m": f"show {WEEKS_MORE} more weeks, further back",
        "0 / Home": "back to the newest day",
    }
    DEFAULT_CSS = """
    HistoryScreen #history-line { height: 1; padding: 0 1; }
    HistoryScreen #days { height: 1fr; }
    HistoryScreen #history-hint { height: 1; padding: 0 1; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.weeks = WEEKS_AT_FIRST
        self.days: list[DayTotals] = []
        self.notes: dict[dt.date, list[str]] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="history-line")
        table: DataTable[Any] = DataTable(id="days", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(HINT, id="history-hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#days", DataTable)
        table.add_column("Day", key="date", width=10)
        table.add_column("Cramps", key="cramps", width=6)
        table.add_column("Worst", key="worst", width=5)
        # Widths chosen so the whole row fits 80 columns with the scrollbar.
        for key, short in NUTRIENT_COLUMNS:
            table.add_column(short, key=key)
        table.add_column("Fluids", key="fluids", width=6)
        table.add_column("Status", key="status", width=10)
        table.add_column("Factors", key="factors")
        self.refresh_data()

    @property
    def first_day(self) -> dt.date:
        return self.today() - dt.timedelta(days=7 * self.weeks - 1)

    def refresh_data(self) -> None:
        if not self.is_mounted:
            return
        today = self.today()
        table = self.query_one("#days", DataTable)
        selected = self.selected_day()
        self.days = list(
            reversed(day_range(self.journal, self.first_day, today, self.capp.profile, today))
        )
        table.clear()
        self.notes = notes_by_day(self.journal, self.first_day, today)
        for totals in self.days:
            cells = day_cells(totals, today)
            if totals.day in self.notes:
                cells = noted(cells, STATUS_COLUMN)
            table.add_row(*cells, key=totals.day.isoformat())
        self._show_line()
        target = selected or self.capp.day
        for row, totals in enumerate(self.days):
            if totals.day == target:
                table.move_cursor(row=row, animate=False)
                break

    def _show_line(self) -> None:
        logged = sum(1 for d in self.days if d.logged)
        cramp_days = sum(1 for d in self.days if d.logged and d.cramps)
        if not logged:
            text = (
                f"Nothing logged in the last {len(self.days)} days."
                " Log from Today (t); days appear here as you go."
            )
        else:
            text = (
                f"{self.first_day.isoformat()} to {self.today().isoformat()}:"
                f" {logged} of {len(self.days)} days logged,"
                f" cramps on {cramp_days}"
            )
        self.query_one("#history-line", Static).update(literal(text, "bold"))

    def selected_day(self) -> dt.date | None:
        table = self.query_one("#days", DataTable)
        row = table.cursor_row
        if not self.days or row < 0 or row >= len(self.days):
            return None
        return self.days[row].day

    @on(DataTable.RowHighlighted, "#days")
    def _show_notes(self) -> None:
        # The highlighted day's notes in place of the hint; the hint otherwise.
        day = self.selected_day()
        notes = self.notes.get(day, []) if day is not None else []
        hint = self.query_one("#history-hint", Static)
        hint.update(notes_line(notes) if notes else HINT)

    @on(DataTable.RowSelected, "#days")
    def _open_day(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = event.row_key.value
        if key is not None:
            self.capp.show_day(dt.date.fromisoformat(key))

    def action_more(self) -> None:
        # refresh_data keeps the selected day selected.
        self.weeks += WEEKS_MORE
        self.refresh_data()
        self.notify(f"Showing {7 * self.weeks} days, from {self.first_day.isoformat()}.", timeout=3)

    def action_newest(self) -> None:
        self.query_one("#days", DataTable).move_cursor(row=0, animate=False)
