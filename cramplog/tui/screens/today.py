"""Today: the day's entries, intake against targets, and the week beside it.

One key logs each kind of entry; the forms default to the common case so a
cramp at 3 a.m. is `c` then Enter. Every change can be undone with `u`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, Static

from cramplog.domain import (
    DayMarkKind,
    Entry,
    NotFoundError,
    StaleEntryError,
)
from cramplog.entry_kinds import BY_NAME, PLAIN_KINDS, entry_ref
from cramplog.services.present import describe, kind_of, supplement_names
from cramplog.services.undo import UndoHistory
from cramplog.tui.base import JournalScreen, literal, safe
from cramplog.tui.entry_lines import EntriesTable, entry_cells, note_text
from cramplog.tui.tonight_panel import TonightPanel, bedtime
from cramplog.tui.widgets import targets_text, week_text

if TYPE_CHECKING:
    from cramplog.domain import Profile
    from cramplog.services.day_totals import DayTotals
    from cramplog.tui.entry_forms import EntryForms


# Column widths: the panel beside the entries, and the entries' fixed columns.
SIDE_WIDTH = 36
TIME_WIDTH, KIND_WIDTH = 5, 10


class TodayScreen(JournalScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "log_cramp", "Cramp"),
        Binding("f", "log_food", "Food"),
        Binding("d", "log_drink", "Drink"),
        Binding("m", "log_medicine", "Med"),
        Binding("a", "log_activity", "Activity"),
        *(Binding(k.key, f"log_plain('{k.name}')", k.footer) for k in PLAIN_KINDS),
        Binding("e", "edit", "Edit", show=False),
        Binding("x,delete", "delete", "Del"),
        Binding("u,ctrl+z", "undo", "Undo"),
        Binding("U,ctrl+y", "redo", "Redo", show=False),
        Binding("left,comma,[", "day(-1)", "Prev day", show=False),
        Binding("right,full_stop,]", "day(1)", "Next day", show=False),
        # Priority: the entries table would take Home for "first row".
        Binding("home,0", "go_today", "Today", show=False, priority=True),
        Binding("k", "mark_complete", "Day complete", show=False),
        Binding("b", "tonight", "Tonight", show=False),
        Binding("t", "go_today", "Today", show=False),
    ]
    # Shown by the help screen beside the bindings.
    KEY_HELP: ClassVar[dict[str, str]] = {
        "c": "log a cramp (now, last muscle and side, severity 5: Enter saves);"
        " in it, muscle by initial, side l r b, a digit for severity",
        "f": "log food: type a meal as one line, or search the food table",
        "d": "log a drink (a 250 ml glass of water: Enter saves)",
        "m": "log a medicine or supplement dose",
        "a": "log activity",
        "e / Enter": "edit the selected entry",
        "x / Delete": "delete the selected entry",
        "u / ctrl+z": "undo the last change",
        "U / ctrl+y": "redo what was undone",
        "← / →  , .": "previous / next day",
        "0 / Home": "back to today",
        "k": "mark the day complete (or clear the mark)",
        "b": "tonight: the day so far against your own records (shows by itself from 20:00)",
    }
    JOURNAL_ACTIONS = frozenset(
        {
            "log_cramp",
            "log_food",
            "log_drink",
            "log_medicine",
            "log_activity",
            "edit",
            "delete",
            "undo",
            "mark_complete",
            "tonight",
        }
    )
    DEFAULT_CSS = """
    TodayScreen #day-line { height: 1; padding: 0 1; }
    TodayScreen #trial-arm { height: 1; padding: 0 1; color: $success; }
    TodayScreen #body { height: 1fr; }
    TodayScreen #entries { width: 1fr; height: 1fr; }
    TodayScreen #side { height: 1fr; padding: 0 1; }
    TodayScreen #targets { height: auto; margin-bottom: 1; }
    TodayScreen #week { height: auto; }
    TodayScreen #tonight { display: none; }
    TodayScreen #empty { color: $text-muted; padding: 1 2; height: auto; }
    TodayScreen #note { height: auto; max-height: 3; padding: 0 1; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.history = UndoHistory()
        self.shown: list[Entry] = []
        self._loaded = False
        self._width = 0
        self.tonight: bool | None = None  # None: by the clock (tonight_panel.bedtime)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="day-line")
        yield Static("", id="trial-arm")
        with Horizontal(id="body"):
            with Vertical(id="main"):
                yield EntriesTable(id="entries", cursor_type="row", zebra_stripes=True)
                yield Static("", id="empty")
                yield Static("", id="note")
            with Vertical(id="side"):
                yield Static("", id="targets")
                yield Static("", id="week")
                yield TonightPanel(id="tonight")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#trial-arm").display = False
        # Set here, not in the CSS: the entries' column width is computed from it.
        self.query_one("#side").styles.width = SIDE_WIDTH
        self.refresh_data()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the journal opens (a fraction of a second), keys that need it
        # are shown dimmed and do nothing, rather than fail.
        if action in self.JOURNAL_ACTIONS and not self.capp.journal_ready:
            return None
        return True

    @work(thread=True, exclusive=True, group="warm")
    def _warm_food_index(self) -> None:
        # Loading the food table takes a tenth of a second: do it while the
        # person reads the screen, so the food form opens at once.
        from cramplog.foods.search import default_food_index

        default_food_index()

    # --- reading the journal -------------------------------------------------------

    @property
    def day(self) -> dt.date:
        return self.capp.day

    def refresh_data(self) -> None:
        if not self.capp.journal_ready:
            self._show_opening()
            return
        # The service layer loads SQLAlchemy: imported once the first screen
        # is up (see CramplogApp.on_mount), never at start-up.
        from cramplog.services.days import day_range

        first = not self._loaded
        self._loaded = True
        if first:
            self.refresh_bindings()
        day = self.day
        entries = sorted(self.journal.day(day), key=lambda e: e.at)
        # The same entry stays selected when another program adds or removes
        # one around it (the app re-reads the screen when the journal changes).
        selected = self.selected()
        self.shown = entries
        profile = self.capp.profile
        week = day_range(self.journal, day - dt.timedelta(days=6), day, profile, self.today())
        totals = week[-1]
        self._show_day_line(day, totals.marked)
        self._show_trial_arm(day)
        table = self.query_one("#entries", DataTable)
        keep = table.cursor_row
        # Columns do not stretch: the description gets what the screen leaves,
        # so long food names end in an ellipsis instead of scrolling sideways.
        self._width = self.size.width
        fixed = TIME_WIDTH + KIND_WIDTH + 3 * 2 + 2  # 2 cells of padding each, a scrollbar
        width = max(12, self.size.width - SIDE_WIDTH - fixed)
        table.clear(columns=True)
        table.add_column("time", key="time", width=TIME_WIDTH)
        table.add_column("", key="kind", width=KIND_WIDTH)
        table.add_column("entry", key="entry", width=width)
        supplements = supplement_names(self.journal.medications())
        for entry in entries:
            table.add_row(
                entry.at.strftime("%H:%M"),
                *entry_cells(entry, width, supplements),
                key=entry_ref(entry),
            )
        refs = [entry_ref(e) for e in entries]
        if selected is not None and entry_ref(selected) in refs:
            table.move_cursor(row=refs.index(entry_ref(selected)))
        elif entries:
            table.move_cursor(row=min(keep, len(entries) - 1))
        self._show_note()
        empty = self.query_one("#empty", Static)
        empty.display = not entries
        empty.update(
            "Nothing logged for this day yet.\n\n"
            "c cramp  f food  d drink\nm medicine  a activity\n\n"
            "h history  w trends  i insights\n"
            "? all keys  ctrl+p commands"
        )
        self._show_side(week, day, profile)
        self._show_tonight()
        if first:
            # Load the food table once the person can see the day, so the
            # food form opens at once without slowing the first screen.
            self.set_timer(1.0, self._warm_food_index)

    def _show_side(self, week: list[DayTotals], day: dt.date, profile: Profile) -> None:
        """The day's intake against its targets, and the week ending ``day``."""
        totals = week[-1]
        targets = targets_text(totals)
        if totals.assumptions:
            # Without sex or birth year the references assume a woman of 40;
            # a man's magnesium target is 100 mg higher, so say it.
            missing = [
                what
                for what, value in (("sex", profile.sex), ("birth year", profile.birth_year))
                if value is None
            ]
            targets += Text(
                f"\nNo {' or '.join(missing)} in your profile, so these targets are"
                " assumed: s for Settings.",
                style="yellow",
            )
        self.query_one("#targets", Static).update(targets)
        self.query_one("#week", Static).update(week_text(week, day))

    def _show_tonight(self) -> None:
        # Beside the targets when the screen is tall enough, else in their place.
        shown = self.tonight
        if shown is None:
            shown = self.day == self.today() and bedtime(
                self.now(), self.capp.profile.day_start_hour
            )
        panel = self.query_one("#tonight", TonightPanel)
        panel.display = shown
        self.query_one("#week").display = not shown
        self.query_one("#targets").display = not shown or self.size.height >= 40
        if shown:
            panel.load(self.journal, self.day, self.today(), self.capp.profile)

    def action_tonight(self) -> None:
        showing = self.query_one("#tonight").display
        self.tonight = not showing
        self._show_tonight()

    def show_first_figures(self) -> None:
        """The app read the day's figures before the journal opened (app._read_first_figures)."""
        if self.is_mounted and not self.capp.journal_ready:
            self._show_opening()

    def _show_opening(self) -> None:
        self._show_day_line(self.day, "")
        empty = self.query_one("#empty", Static)
        empty.display = True
        empty.update("Opening your journal…")
        # The week and targets, read before the journal opened: the same sums.
        figures = self.capp.first_figures
        if figures is None or figures.today != self.day:
            return
        if bedtime(self.now(), figures.profile.day_start_hour):
            return  # the tonight panel takes their place; it waits for the journal
        self._show_side(figures.week, self.day, figures.profile)

    def on_resize(self) -> None:
        # Only a change of width changes the columns.
        if self.is_mounted and self.size.width != self._width and self._loaded:
            self.refresh_data()

    def _show_day_line(self, day: dt.date, marked: str) -> None:
        today = self.today()
        if day == today:
            rel = "today"
        elif day == today - dt.timedelta(days=1):
            rel = "yesterday"
        elif day > today:
            rel = "ahead of today"
        else:
            rel = f"{(today - day).days} days ago"
        mark = {"complete": " · day complete", "not logged": " · marked not logged"}.get(marked, "")
        self.query_one("#day-line", Static).update(
            literal(f"{day:%A %d %B %Y} · {rel}{mark}", "bold")
        )

    def _show_trial_arm(self, day: dt.date) -> None:
        """The arm of a trial on the day shown ("Block 3 of 6 · magnesium nights · day 5 of 14")."""
        from cramplog.services.trials import arm_line, latest_trial, locate

        trial = latest_trial(self.journal)
        where = locate(trial, day) if trial is not None else None
        line = self.query_one("#trial-arm", Static)
        stopped = trial is not None and trial.stopped_on is not None and day > trial.stopped_on
        line.display = where is not None and not stopped
        if trial is not None and where is not None:
            line.update(literal(f"Trial · {arm_line(trial, where)}"))

    @on(DataTable.RowHighlighted, "#entries")
    def _show_note(self) -> None:
        note = self.query_one("#note", Static)
        text = note_text(self.selected())
        note.update(text)
        if note.display != bool(text.plain):
            note.display = bool(text.plain)
            # The table got shorter or taller: keep the selected row in view.
            # The table gets shorter or taller: EntriesTable keeps the row in view.

    def selected(self) -> Entry | None:
        table = self.query_one("#entries", DataTable)
        if not self.shown or table.cursor_row < 0 or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row]

    # --- logging -------------------------------------------------------------------

    def forms(self) -> EntryForms:
        from cramplog.tui.entry_forms import EntryForms

        return EntryForms(self.journal, self.now(), self.day, self.today())

    def _open(self, form: Any, what: str, replaces: Entry | None = None) -> None:
        def done(result: Any) -> None:
            if result is None:
                return
            added = tuple(result) if isinstance(result, list | tuple) else (result,)
            removed = (replaces,) if replaces is not None else ()
            self.history.record(what, added, removed)
            shown = {e.journal_day for e in added}
            where = ""
            if shown and self.day not in shown:
                # Saved with a time on another day: go where it landed, and say so.
                self.capp.day = next(iter(shown))
                where = f" on {self.capp.day:%A %d %B}"
            self.refresh_data()
            self._select(added[-1] if added else None)
            self.notify(f"{what} saved{where} · u to undo", timeout=4 if where else 3)

        self.app.push_screen(form, done)

    def select_entry(self, entry: Entry) -> None:
        """Put the cursor on ``entry`` (a search result opened here)."""
        self._select(entry)

    def _select(self, entry: Entry | None) -> None:
        if entry is None:
            return
        for i, shown in enumerate(self.shown):
            if entry_ref(shown) == entry_ref(entry):
                self.query_one("#entries", DataTable).move_cursor(row=i)

    def action_log_cramp(self) -> None:
        self._open(self.forms().cramp(), "cramp")

    def action_log_drink(self) -> None:
        self._open(self.forms().drink(), "drink")

    def action_log_activity(self) -> None:
        self._open(self.forms().activity(), "activity")

    def action_log_plain(self, name: str) -> None:
        kind = BY_NAME[name]
        self._open(self.forms().plain(kind), kind.title.lower())

    def action_log_medicine(self) -> None:
        form = self.forms().dose()
        if form is not None:
            self._open(form, "dose")
            return

        # None in the list yet: add one first, then log its dose.
        def added(medication: object) -> None:
            if medication is not None:
                dose = self.forms().dose()
                if dose is not None:
                    self._open(dose, "dose")

        self.app.push_screen(self.forms().medication(), added)

    def action_log_food(self) -> None:
        from cramplog.tui.screens.food import FoodScreen

        self._open(FoodScreen(self.day), "food")

    # --- edit, delete, undo --------------------------------------------------------

    @on(DataTable.RowSelected, "#entries")
    def _row_selected(self) -> None:
        self.action_edit()

    def action_edit(self) -> None:
        entry = self.selected()
        if entry is None:
            self.notify("No entry selected.", severity="warning", timeout=3)
            return
        form = self.forms().edit(entry)
        if form is not None:
            self._open(form, kind_of(entry), replaces=entry)

    def action_delete(self) -> None:
        entry = self.selected()
        if entry is None:
            self.notify("No entry selected.", severity="warning", timeout=3)
            return
        try:
            removed = self.journal.delete(entry_ref(entry), seen=entry)
        except (StaleEntryError, NotFoundError) as exc:
            # The row on screen is older than the journal: show it as it is now.
            self.refresh_data()
            self.notify(f"{exc}; reloaded", severity="warning", markup=False, timeout=8)
            return
        except Exception as exc:
            self.capp.report_error(exc)
            return
        self.history.record(kind_of(removed), (), (removed,))
        self.refresh_data()
        self.notify(
            safe(f"deleted {kind_of(removed)}: {describe(removed)} · u to undo"),
            timeout=5,
            markup=False,
        )

    def action_undo(self) -> None:
        self._step(undo=True)

    def action_redo(self) -> None:
        self._step(undo=False)

    def _step(self, *, undo: bool) -> None:
        word = "undo" if undo else "redo"
        try:
            step = self.history.undo if undo else self.history.redo
            change = step(self.journal)
        except Exception as exc:  # report_error re-raises the unexpected
            # Nothing was changed; the change stays, so it can be tried again.
            self.refresh_data()
            self.capp.report_error(exc)
            return
        if change is None:
            self.notify(f"Nothing to {word}.", timeout=3)
            return
        where = ""
        if change.days and self.day not in change.days:
            # Undo must never change a day the person is not looking at.
            self.capp.day = min(change.days)
            where = f" on {self.capp.day:%A %d %B}"
        self.refresh_data()
        done = "undone" if undo else "redone"
        self.notify(f"{done}: {change.what}{where}", timeout=4 if where else 3)

    # --- days ----------------------------------------------------------------------

    def action_day(self, step: int) -> None:
        day = self.day + dt.timedelta(days=step)
        if day > self.today():
            # Nothing can be logged ahead: one stray key at night must not
            # put the next cramp on tomorrow.
            self.notify("This is today; there is nothing after it yet.", timeout=2)
            return
        self.capp.show_day(day)

    def action_go_today(self) -> None:
        self.capp.show_day(self.today())

    def action_mark_complete(self) -> None:
        marks = self.journal.day_marks(self.day, self.day)
        done = any(m.kind == DayMarkKind.COMPLETE for m in marks)
        try:
            self.journal.mark_day(self.day, "clear" if done else DayMarkKind.COMPLETE.value)
        except Exception as exc:
            self.capp.report_error(exc)
            return
        self.refresh_data()
        self.notify("mark cleared" if done else "day marked complete", timeout=3)

    # --- command palette -------------------------------------------------------------

    def palette_commands(self) -> Iterable[SystemCommand]:
        for key, action, title in (
            ("c", self.action_log_cramp, "Log a cramp"),
            ("f", self.action_log_food, "Log food"),
            ("d", self.action_log_drink, "Log a drink"),
            ("m", self.action_log_medicine, "Log a medicine or supplement"),
            ("a", self.action_log_activity, "Log activity"),
            ("e", self.action_edit, "Edit the selected entry"),
            ("x", self.action_delete, "Delete the selected entry"),
            ("u", self.action_undo, "Undo the last change"),
            ("U", self.action_redo, "Redo what was undone"),
            ("k", self.action_mark_complete, "Mark the day complete"),
            ("b", self.action_tonight, "Tonight: the day against your own records"),
            ("0", self.action_go_today, "Back to today"),
        ):
            yield SystemCommand(title, f"Today screen ({key})", action)
        yield SystemCommand("Previous day", "Today screen (←)", lambda: self.action_day(-1))
        yield SystemCommand("Next day", "Today screen (→)", lambda: self.action_day(1))
