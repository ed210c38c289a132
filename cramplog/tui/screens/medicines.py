"""Medicines and supplements: the list, and adding, editing, stopping and restarting one.

What each holds per dose counts toward the day's intake; the drug class
feeds the cramp analysis. The forms are in :mod:`cramplog.tui.medicine_forms`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header, Static

from cramplog.domain import Medication
from cramplog.tui.base import JournalScreen, literal, safe

if TYPE_CHECKING:
    from cramplog.tui.forms import FormScreen

EMPTY = (
    "No medicines or supplements yet.\n\n"
    "a adds one: its name, what it holds per dose (magnesium, potassium,\n"
    "calcium, vitamin D in µg or IU, sodium) and, for a medicine, its drug class.\n"
    "Then m on Today logs a dose."
)


class MedicinesScreen(JournalScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a,plus", "add", "Add"),
        Binding("e", "edit", "Edit"),
        Binding("S", "stop", "Stop"),
        Binding("R", "restart", "Restart"),
    ]
    KEY_HELP: ClassVar[dict[str, str]] = {
        "a / +": "add a medicine or supplement",
        "e / Enter": "edit the selected one (name, kind, per dose, class, dates)",
        "S": "mark it stopped (on a date, default today)",
        "R": "take it again from a date (clears the stop)",
    }
    DEFAULT_CSS = """
    MedicinesScreen #med-line { height: 1; padding: 0 1; }
    MedicinesScreen #med-table { height: 1fr; }
    MedicinesScreen #med-detail { height: auto; max-height: 4; padding: 0 1; color: $text-muted; }
    MedicinesScreen #med-empty { height: auto; padding: 1 2; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[Medication] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="med-line")
        yield DataTable(id="med-table", cursor_type="row", zebra_stripes=True)
        yield Static(EMPTY, id="med-empty", markup=False)
        yield Static("", id="med-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#med-table", DataTable)
        table.add_column("name", key="name")
        table.add_column("kind", key="kind")
        table.add_column("per dose", key="dose")
        table.add_column("status", key="status")
        self.refresh_data()

    def refresh_data(self) -> None:
        from cramplog.tui.medicine_forms import per_dose, status

        if not self.capp.journal_ready:
            return
        selected = self.selected()
        meds = self.journal.medications()
        today = self.today()
        # Those taken now first, then the stopped ones; by name within each.
        meds.sort(key=lambda m: (status(m, today).startswith("stopped"), m.name.lower()))
        self.shown = meds
        table = self.query_one("#med-table", DataTable)
        keep = table.cursor_row
        table.clear()
        for med in meds:
            word = status(med, today)
            style = "dim" if word.startswith("stopped") else ""
            table.add_row(
                literal(med.name, style),
                literal(med.kind.value, style),
                literal(per_dose(med), style),
                literal(word, style),
                key=med.name,
            )
        names = [m.name for m in meds]
        if selected is not None and selected.name in names:
            table.move_cursor(row=names.index(selected.name))
        elif meds:
            table.move_cursor(row=min(max(keep, 0), len(meds) - 1))
        taking = sum(1 for m in meds if not status(m, today).startswith("stopped"))
        self.query_one("#med-line", Static).update(
            literal(
                f"Medicines and supplements · {taking} taken now, {len(meds) - taking} stopped",
                "bold",
            )
        )
        table.display = bool(meds)
        self.query_one("#med-empty").display = not meds
        self._show_detail()

    def selected(self) -> Medication | None:
        table = self.query_one("#med-table", DataTable)
        if not self.shown or not 0 <= table.cursor_row < len(self.shown):
            return None
        return self.shown[table.cursor_row]

    @on(DataTable.RowHighlighted, "#med-table")
    def _show_detail(self) -> None:
        med = self.selected()
        detail = self.query_one("#med-detail", Static)
        if med is None:
            detail.update("")
            return
        parts = [f"drug class: {med.drug_class.value}" if med.drug_class else "no drug class"]
        if med.started_on:
            parts.append(f"started {med.started_on.isoformat()}")
        if med.stopped_on:
            parts.append(f"stopped {med.stopped_on.isoformat()}")
        if med.notes:
            parts.append(f"notes: {med.notes}")
        detail.update(literal(" · ".join(parts)))

    # --- actions -------------------------------------------------------------------

    def _open(self, form: FormScreen, what: str) -> None:
        def done(med: Medication | None) -> None:
            self.refresh_data()
            if med is None:
                return
            names = [m.name for m in self.shown]
            if med.name in names:
                self.query_one("#med-table", DataTable).move_cursor(row=names.index(med.name))
            self.notify(safe(f"{med.name} {what}"), markup=False, timeout=3)

        self.app.push_screen(form, done)

    def action_add(self) -> None:
        from cramplog.tui.medicine_forms import medication_form

        self._open(medication_form(self.journal, self.today()), "added")

    @on(DataTable.RowSelected, "#med-table")
    def action_edit(self) -> None:
        from cramplog.tui.medicine_forms import medication_form

        med = self._chosen()
        if med is not None:
            self._open(medication_form(self.journal, self.today(), med), "saved")

    def action_stop(self) -> None:
        from cramplog.tui.medicine_forms import stop_form

        med = self._chosen()
        if med is not None:
            self._open(stop_form(self.journal, med, self.today()), "marked stopped")

    def action_restart(self) -> None:
        from cramplog.tui.medicine_forms import restart_form

        med = self._chosen()
        if med is not None:
            self._open(restart_form(self.journal, med, self.today()), "taken again")

    def _chosen(self) -> Medication | None:
        med = self.selected()
        if med is None:
            self.notify("No medicine selected; a adds one.", severity="warning", timeout=3)
        return med

    def palette_commands(self) -> Iterable[SystemCommand]:
        for key, action, title in (
            ("a", self.action_add, "Add a medicine or supplement"),
            ("e", self.action_edit, "Edit the selected medicine"),
            ("S", self.action_stop, "Stop the selected medicine"),
            ("R", self.action_restart, "Take the selected medicine again"),
        ):
            yield SystemCommand(title, f"Medicines screen ({key})", action)
