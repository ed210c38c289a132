"""Report: write the clinician PDF (or one HTML file) for a chosen period.

The report needs pandas and matplotlib, so ``write_report`` is imported inside
the thread worker: opening this screen stays as quick as a bare Textual app.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import (
    Button,
    Checkbox,
    Footer,
    Header,
    Input,
    Label,
    ProgressBar,
    Select,
    Static,
)
from textual.worker import get_current_worker

from cramplog.domain import CramplogError, ValidationError
from cramplog.periods import last_complete_day
from cramplog.tui.base import JournalScreen, literal, safe

# Preset periods end on the last complete day (yesterday), as the command line's
# default does (cramplog.periods); "from / to dates" may end today.
PERIODS: tuple[tuple[str, int | None], ...] = (
    ("last 30 days", 30),
    ("last 90 days", 90),
    ("last 180 days", 180),
    ("from / to dates", None),
)
DEFAULT_PERIOD = "last 90 days"
FORMATS: tuple[tuple[str, str], ...] = (("PDF", "pdf"), ("HTML (one file)", "html"))
SUFFIXES = {".pdf": "pdf", ".html": "html", ".htm": "html"}


def _default_path(end: dt.date, fmt: str) -> Path:
    # Imported here: report.build pulls in the services layer only, but keeping
    # every report import inside functions makes the start-up rule easy to check.
    from cramplog.report.build import default_report_path

    return default_report_path(end, fmt)


class ReportScreen(JournalScreen):
    """Choose a period, a format and a file; write the report in a worker."""

    # What is typed here is kept when another program changes the journal.
    REFRESH_ON_OUTSIDE_CHANGE: ClassVar[bool] = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "write", "Write report"),
    ]
    KEY_HELP: ClassVar[dict[str, str]] = {
        "ctrl+r / Enter": "write the report with the period, format and file shown",
        "tab / shift+tab": "move between period, dates, format, file and replace",
        "space": "tick or untick “replace the file if it already exists”",
    }

    def __init__(self) -> None:
        super().__init__()
        # The path we last filled in ourselves: replaced when the period or the
        # format changes, but never once the person has typed their own.
        self._suggested = ""
        self._writing = False

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(classes="page", id="report-page"):
            yield Static("Report for a clinician", classes="title")
            yield Static(
                "Intake against reference values, fluids, cramps and what goes with them,"
                " on a few pages a doctor can read in two minutes. The file stays on this"
                " computer until you share it.",
                classes="hint",
            )
            with Horizontal(classes="row"):
                yield Label("Period", classes="field")
                yield Select(
                    [(label, label) for label, _ in PERIODS],
                    value=DEFAULT_PERIOD,
                    allow_blank=False,
                    compact=True,
                    id="report-period",
                )
            with Horizontal(classes="row"):
                yield Label("From", classes="field")
                yield Input(placeholder="YYYY-MM-DD", compact=True, id="report-from")
                yield Label("to", classes="between")
                yield Input(placeholder="YYYY-MM-DD", compact=True, id="report-to")
            with Horizontal(classes="row"):
                yield Label("Format", classes="field")
                yield Select(
                    FORMATS, value="pdf", allow_blank=False, compact=True, id="report-format"
                )
            with Horizontal(classes="row"):
                yield Label("File", classes="field")
                yield Input(compact=True, id="report-path")
            with Horizontal(classes="row"):
                yield Label("", classes="field")
                yield Checkbox(
                    "replace the file if it already exists", compact=True, id="report-replace"
                )
            yield Static("", classes="error", id="report-error")
            with Horizontal(classes="buttons"):
                yield Button("Write report", variant="primary", compact=True, id="report-write")
            yield ProgressBar(total=1.0, show_eta=False, id="report-progress")
            yield Static("", classes="hint", id="report-status")
            yield Static("", id="report-done")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#report-progress", ProgressBar).display = False
        self._apply_period()

    def refresh_data(self) -> None:
        # Today may have moved on (or the app switched to the demo journal).
        self._apply_period()

    # --- period, format and file ------------------------------------------------

    def _preset_days(self) -> int | None:
        chosen = self.query_one("#report-period", Select).value
        return next((days for label, days in PERIODS if label == chosen), None)

    def _apply_period(self) -> None:
        days = self._preset_days()
        start_input = self.query_one("#report-from", Input)
        end_input = self.query_one("#report-to", Input)
        start_input.disabled = end_input.disabled = days is not None
        if days is not None:
            end = last_complete_day(self.today())
            start = end - dt.timedelta(days=days - 1)
            with self.prevent(Input.Changed):
                start_input.value = start.isoformat()
                end_input.value = end.isoformat()
        self._suggest_path()

    def _format(self) -> str:
        value = self.query_one("#report-format", Select).value
        return value if isinstance(value, str) else "pdf"

    def _suggest_path(self) -> None:
        path_input = self.query_one("#report-path", Input)
        if path_input.value and path_input.value != self._suggested:
            return
        try:
            _, end = self._period()
        except ValidationError:
            end = self.today()
        self._suggested = str(_default_path(end, self._format()))
        with self.prevent(Input.Changed):
            path_input.value = self._suggested

    @on(Select.Changed, "#report-period")
    def _period_changed(self) -> None:
        self._apply_period()
        self._clear_messages()

    @on(Select.Changed, "#report-format")
    def _format_changed(self) -> None:
        path_input = self.query_one("#report-path", Input)
        fmt = self._format()
        path = Path(path_input.value)
        if path_input.value and path_input.value != self._suggested:
            # Keep the person's own name, but follow the format they just chose.
            if SUFFIXES.get(path.suffix.lower(), fmt) != fmt:
                path_input.value = str(path.with_suffix(f".{fmt}"))
        else:
            self._suggest_path()
        self._clear_messages()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_write()

    @on(Input.Changed)
    @on(Checkbox.Changed)
    def _edited(self) -> None:
        self._clear_messages()

    def _clear_messages(self) -> None:
        self.query_one("#report-error", Static).update("")

    def _period(self) -> tuple[dt.date, dt.date]:
        from cramplog.services import validate as v

        start = v.date("from", self.query_one("#report-from", Input).value)
        end = v.date("to", self.query_one("#report-to", Input).value)
        if start > end:
            raise ValidationError("from", "the period starts after it ends")
        return start, end

    def _target(self) -> Path:
        text = self.query_one("#report-path", Input).value.strip()
        if not text:
            raise ValidationError("output", "give a file name for the report")
        path = Path(text).expanduser()
        if not path.is_absolute():
            path = Path.cwd() / path
        fmt = self._format()
        named = SUFFIXES.get(path.suffix.lower())
        if named is not None and named != fmt:
            raise ValidationError(
                "output", f"the file name ends in {path.suffix} but the format is {fmt}"
            )
        if path.is_dir():
            raise ValidationError("output", f"{path} is a folder; give a file name")
        if path.exists() and not self.query_one("#report-replace", Checkbox).value:
            raise ValidationError(
                "output", f"{path} already exists; tick “replace” to overwrite it"
            )
        if not path.parent.is_dir():
            raise ValidationError("output", f"folder {path.parent} does not exist")
        return path

    # --- writing ------------------------------------------------------------------

    @on(Button.Pressed, "#report-write")
    def _write_pressed(self) -> None:
        self.action_write()

    def action_write(self) -> None:
        if self._writing:
            return
        try:
            start, end = self._period()
            path = self._target()
        except CramplogError as exc:
            self._show_error(exc)
            return
        self._writing = True
        self.query_one("#report-write", Button).disabled = True
        self.query_one("#report-done", Static).update("")
        bar = self.query_one("#report-progress", ProgressBar)
        bar.update(progress=0)
        bar.display = True
        self.query_one("#report-status", Static).update("starting…")
        force = self.query_one("#report-replace", Checkbox).value
        self._write(start, end, path, self._format(), force)

    @work(thread=True, exclusive=True)
    def _write(self, start: dt.date, end: dt.date, path: Path, fmt: str, force: bool) -> None:
        from cramplog.report.build import write_report

        worker = get_current_worker()

        def progress(fraction: float, what: str) -> None:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._progress, fraction, what)

        notes: list[str] = []
        try:
            written = write_report(
                self.journal,
                start,
                end,
                path,
                fmt,
                progress=progress,
                force=force,
                told=notes.append,
            )
        except CramplogError as exc:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._failed, exc)
            return
        except BaseException:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._finished)
            raise
        if not worker.is_cancelled:
            self.app.call_from_thread(self._done, written, notes)

    def _progress(self, fraction: float, what: str) -> None:
        bar = self.query_one("#report-progress", ProgressBar)
        bar.update(progress=max(0.0, min(1.0, fraction)))
        self.query_one("#report-status", Static).update(literal(what))

    def _finished(self) -> None:
        self._writing = False
        self.query_one("#report-write", Button).disabled = False
        self.query_one("#report-progress", ProgressBar).display = False

    def _failed(self, exc: CramplogError) -> None:
        self._finished()
        self.query_one("#report-status", Static).update("")
        self._show_error(exc)

    def _done(self, path: Path, notes: list[str]) -> None:
        self._finished()
        self.query_one("#report-status", Static).update("")
        done = self.query_one("#report-done", Static)
        done.update(
            Text.assemble(
                (safe(f"Wrote {path}"), "bold"),
                # The period as written, where it differs from the one asked for.
                *(f"\n{safe(note[:1].upper() + note[1:])}." for note in notes),
                "\nOpen it in a PDF viewer or a browser, or print it for the appointment.",
            )
        )
        # The file exists now: a second press must not silently replace it.
        self.query_one("#report-replace", Checkbox).value = False
        self.notify(f"Report written: {safe(path.name)}", markup=False)

    def _show_error(self, exc: CramplogError) -> None:
        message = exc.message if isinstance(exc, ValidationError) else str(exc)
        self.query_one("#report-error", Static).update(Text(safe(message)))
