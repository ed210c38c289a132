"""Search (`/`): past entries by text and a range of days; Enter opens the day.

The query runs in the service layer (:mod:`cramplog.services.search`), in a
thread worker as you type, so a long journal never holds the keyboard.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import DataTable, Input, Label, Static

from cramplog.domain import CramplogError
from cramplog.entry_kinds import entry_ref
from cramplog.terminal_text import counted
from cramplog.tui.base import cramplog_app, literal

if TYPE_CHECKING:
    from cramplog.services.search import Found

DAY_WIDTH, KIND_WIDTH = 11, 10
# Wait this long after the last key before searching (typing stays smooth).
DEBOUNCE_S = 0.2


class SearchScreen(ModalScreen[None]):
    """Type words; the newest matching entries list below; Enter opens the day."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("down", "results", "Results", show=False),
    ]
    DEFAULT_CSS = """
    SearchScreen { align: center middle; }
    SearchScreen > Vertical {
        width: 100%; max-width: 120; height: 100%; max-height: 40;
        border: round $accent; background: $surface; padding: 0 1;
    }
    SearchScreen .row { height: 1; }
    SearchScreen .row Label { width: 6; }
    SearchScreen #search-text { width: 1fr; }
    SearchScreen #search-from, SearchScreen #search-to { width: 14; }
    SearchScreen #search-status { height: 1; color: $text-muted; }
    SearchScreen #search-results { height: 1fr; }
    SearchScreen #search-hint { height: 1; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.found: Found | None = None
        self._asked = False
        self._timer: Timer | None = None
        # The fields the results answer, and whether Enter waits for them.
        self._answered: tuple[str, str, str] | None = None
        self._open_first = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Text("Search notes, foods, medicines and cramps", style="bold"))
            with Horizontal(classes="row"):
                yield Label("Words")
                yield Input(
                    placeholder="e.g. spinach, magnesium, toe left", id="search-text", compact=True
                )
            with Horizontal(classes="row"):
                yield Label("From")
                yield Input(placeholder="first day", id="search-from", compact=True)
                yield Label("  To")
                yield Input(placeholder="last day", id="search-to", compact=True)
            yield Static("", id="search-status", markup=False)
            table: DataTable[Any] = DataTable(id="search-results", cursor_type="row")
            yield table
            yield Static(
                "↓ to the results · Enter opens the day · days as 2026-03-05, yesterday",
                id="search-hint",
                markup=False,
            )

    def on_mount(self) -> None:
        self.query_one("#search-text", Input).focus()
        self._search()

    def _entry_width(self) -> int:
        # What the frame (border, padding), the fixed columns and their
        # padding, and a scrollbar leave: long lines end in "…", never scroll.
        frame = min(self.app.size.width, 120)
        return max(12, frame - 4 - DAY_WIDTH - KIND_WIDTH - 3 * 2 - 2)

    def on_resize(self) -> None:
        if self.found is not None:
            self._show(self.found, self._asked)

    @on(Input.Changed)
    def _typed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE_S, self._search)

    def _fields(self) -> tuple[str, str, str]:
        return (
            self.query_one("#search-text", Input).value,
            self.query_one("#search-from", Input).value,
            self.query_one("#search-to", Input).value,
        )

    @on(Input.Submitted)
    def _submitted(self) -> None:
        # Enter in a field: the best (newest) result's day, as the hint says,
        # of the words as typed now (typed faster than the search: it waits).
        if self._answered == self._fields() and self.found is not None:
            if self.found.hits:
                self._open(0)
            return
        if self._timer is not None:
            self._timer.stop()
        self._open_first = True
        self._search()

    def _search(self) -> None:
        capp = cramplog_app(self.app)
        self.query_one("#search-status", Static).update("Searching…")
        self._run(*self._fields(), capp.today())

    @work(thread=True, exclusive=True, group="search")
    def _run(self, text: str, start: str, end: str, today: Any) -> None:
        from cramplog.services.search import search, typed_days

        capp = cramplog_app(self.app)
        try:
            first, last = typed_days(start, end, today)
            found = search(capp.journal, text, first, last)
        except CramplogError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._answer, found, (text, start, end))

    def _answer(self, found: Found, fields: tuple[str, str, str]) -> None:
        if fields != self._fields():
            return  # typed on since: a newer search is on its way
        self._answered = fields
        self._show(found, bool(fields[0].strip()))
        if self._open_first:
            self._open_first = False
            if found.hits:
                self._open(0)

    def _failed(self, message: str) -> None:
        self._open_first = False
        self.query_one("#search-status", Static).update(Text(message, style="red"))

    def _show(self, found: Found, asked: bool) -> None:
        self.found = found
        self._asked = asked
        table = self.query_one("#search-results", DataTable)
        table.clear(columns=True)
        table.add_column("day", key="day", width=DAY_WIDTH)
        table.add_column("", key="kind", width=KIND_WIDTH)
        table.add_column("entry", key="entry", width=self._entry_width())
        for hit in found.hits:
            table.add_row(
                hit.day.strftime("%d %b %Y"),
                literal(hit.kind),
                literal(hit.text),
                key=entry_ref(hit.entry),
            )
        span = ""
        if found.first or found.last:
            span = (
                f" from {found.first.isoformat() if found.first else 'the start'}"
                f" to {found.last.isoformat() if found.last else 'today'}"
            )
        what = "matching entries" if asked else "entries with a note"
        if not found.total:
            status = f"No {what}{span}." + ("" if asked else " Type words to search.")
        else:
            shown = f", the newest {len(found.hits)} shown" if found.total > len(found.hits) else ""
            status = f"{counted(found.total, 'entry', 'entries')}{span}{shown}"
            if not asked:
                status += " with a note. Type words to search."
        self.query_one("#search-status", Static).update(status)

    def action_results(self) -> None:
        table = self.query_one("#search-results", DataTable)
        if table.row_count:
            table.focus()

    @on(DataTable.RowSelected, "#search-results")
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._open(event.cursor_row)

    def _open(self, row: int) -> None:
        if self.found is None or not 0 <= row < len(self.found.hits):
            return
        hit = self.found.hits[row]
        capp = cramplog_app(self.app)
        self.dismiss(None)
        capp.show_entry(hit.entry)

    def action_close(self) -> None:
        self.dismiss(None)
