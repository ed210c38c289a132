"""Backups and export, from inside the app (Settings, or the command palette).

The same work as `cramplog backup`, `cramplog backups` and `cramplog export`
(:mod:`cramplog.services.safekeeping`), run in a thread worker with a
progress bar, so a long journal never freezes the screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, ProgressBar, Static

from cramplog.domain import CramplogError
from cramplog.terminal_text import counted
from cramplog.tui.base import cramplog_app, literal

if TYPE_CHECKING:
    from cramplog.services.safekeeping import Backup

Job = Literal["backup", "json", "csv"]
JOBS: tuple[tuple[Job, str, str], ...] = (
    ("backup", "Back up now", "a checked copy of the journal in its backups folder"),
    ("json", "Export JSON", "the whole journal in one file, to import back without loss"),
    ("csv", "Export CSV", "daily.csv and one table per kind of entry, for a spreadsheet"),
)


class SafekeepingScreen(ModalScreen[None]):
    """Back up now, the list of backups, export JSON or CSV."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("b", "run('backup')", "Back up", show=False),
        Binding("j", "run('json')", "Export JSON", show=False),
        Binding("v", "run('csv')", "Export CSV", show=False),
    ]
    DEFAULT_CSS = """
    SafekeepingScreen { align: center middle; }
    SafekeepingScreen > Vertical {
        width: 100%; max-width: 100; height: 100%; max-height: 30;
        border: round $accent; background: $surface; padding: 0 1;
    }
    SafekeepingScreen .buttons { height: 1; margin: 1 0 0 0; }
    SafekeepingScreen .buttons Button { margin-right: 2; }
    SafekeepingScreen .row { height: 1; }
    SafekeepingScreen .row Label { width: 10; }
    SafekeepingScreen #keep-to { width: 1fr; }
    SafekeepingScreen #keep-progress { height: 1; margin-top: 1; }
    SafekeepingScreen #keep-status { height: auto; }
    SafekeepingScreen #keep-list { height: 1fr; margin-top: 1; }
    """

    def __init__(self, start: Job | None = None) -> None:
        super().__init__()
        self._start = start
        self.busy = False
        self.written: list[Path] = []

    def compose(self) -> ComposeResult:
        capp = cramplog_app(self.app)
        from cramplog.services.safekeeping import export_folder

        with Vertical():
            yield Label(Text("Backups and export", style="bold"))
            yield Static(
                "b back up now · j export JSON · v export CSV · Escape closes."
                " A daily backup is also made when the app opens.",
                classes="hint",
                markup=False,
            )
            with Horizontal(classes="row"):
                yield Label("Export to")
                yield Input(str(export_folder(capp.journal)), id="keep-to", compact=True)
            with Horizontal(classes="buttons"):
                for job, title, _ in JOBS:
                    yield Button(title, id=f"keep-{job}", compact=True)
                yield Button("Close", id="keep-close", compact=True)
            bar = ProgressBar(id="keep-progress", show_eta=False)
            bar.display = False
            yield bar
            yield Static("", id="keep-status", markup=False)
            with VerticalScroll(id="keep-list"):
                yield Static("", id="keep-backups", markup=False)

    def on_mount(self) -> None:
        self.query_one("#keep-backup", Button).focus()
        self._list_backups()
        if self._start is not None:
            self.action_run(self._start)

    # --- the list -------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="backups-list")
    def _list_backups(self) -> None:
        from cramplog.services.safekeeping import backups, backups_folder

        capp = cramplog_app(self.app)
        try:
            found = backups(capp.journal)
            folder = backups_folder(capp.journal)
        except CramplogError as exc:
            self.app.call_from_thread(self._status, str(exc), "red")
            return
        self.app.call_from_thread(self._show_backups, found, folder)

    def _show_backups(self, found: list[Backup], folder: Path) -> None:
        head = f"{counted(len(found), 'backup')} in {folder}" + (":" if found else ".")
        lines = [literal(head), *(literal(f"  {b.line}") for b in found)]
        self.query_one("#keep-backups", Static).update(Text("\n").join(lines))

    # --- running a job --------------------------------------------------------------

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        ident = (event.button.id or "").removeprefix("keep-")
        if ident == "close":
            self.action_close()
        elif ident in ("backup", "json", "csv"):
            self.action_run(ident)

    def action_run(self, job: str) -> None:
        if self.busy:
            self.notify("Still working on the last one.", timeout=2)
            return
        capp = cramplog_app(self.app)
        from cramplog.services.safekeeping import default_export_path

        self.busy = True
        for button in self.query(Button):
            button.disabled = button.id != "keep-close"
        bar = self.query_one("#keep-progress", ProgressBar)
        bar.update(total=None, progress=0)
        bar.display = True
        folder = Path(self.query_one("#keep-to", Input).value.strip() or ".").expanduser()
        target = folder / default_export_path(capp.journal, job, capp.now()).name
        self._status(next(t for j, t, _ in JOBS if j == job) + "…")
        self._work(job, target)

    @work(thread=True, exclusive=True, group="keep")
    def _work(self, job: str, target: Path) -> None:
        from cramplog.services import safekeeping

        capp = cramplog_app(self.app)

        def progress(done: int, total: int, what: str) -> None:
            self.app.call_from_thread(self._progress, done, total, what)

        try:
            if job == "backup":
                made = safekeeping.back_up(capp.journal, progress)
                entries = "" if made.entries is None else counted(made.entries, "entry", "entries")
                done = f"Backed up {entries} to {made.path}"
            elif job == "json":
                safekeeping.export_json(capp.journal, target, progress=progress)
                done = f"Exported the journal to {target}"
            else:
                written = safekeeping.export_csv(capp.journal, target, progress=progress)
                done = f"Exported {counted(len(written), 'table')} to {target}"
        except CramplogError as exc:
            self.app.call_from_thread(self._finished, f"Nothing written: {exc}", "red")
            return
        self.app.call_from_thread(self._finished, done, "green")

    def _progress(self, done: int, total: int, what: str) -> None:
        if not self.is_attached:
            return  # closed while the work goes on
        bar = self.query_one("#keep-progress", ProgressBar)
        bar.update(total=total or None, progress=done)
        self._status(what + "…")

    def _finished(self, message: str, style: str) -> None:
        self.notify(message, severity="error" if style == "red" else "information", markup=False)
        if not self.is_attached:
            return
        self.busy = False
        for button in self.query(Button):
            button.disabled = False
        self.query_one("#keep-progress", ProgressBar).display = False
        self._status(message, style)
        self._list_backups()

    def _status(self, message: str, style: str = "") -> None:
        text = literal(message, style)
        text.no_wrap = False
        self.query_one("#keep-status", Static).update(text)

    def action_close(self) -> None:
        # A job under way finishes in its thread; what it writes is complete.
        self.dismiss(None)
