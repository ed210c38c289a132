"""First run: what cramplog is, three questions, and a way to look around first.

The demo goes into its own file beside the journal, so the person's journal
stays empty. A journal shows its welcome once: however it is left (answered,
skipped, or for the demo), the journal's profile remembers it (``onboarded``),
and a demo journal is made with it set.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, LoadingIndicator, Select, Static

from cramplog.domain import DEFAULT_DAY_START_HOUR, CramplogError, Profile
from cramplog.tui.base import cramplog_app, safe
from cramplog.tui.forms import labelled_row
from cramplog.tui.screens.settings import SEXES, field_errors

if TYPE_CHECKING:
    from cramplog.services import Journal
    from cramplog.tui.app import CramplogApp

DEMO_FILENAME = "demo.sqlite3"
DEMO_DAYS = 180
FIELDS = ("sex", "birth_year", "day_start_hour")

ABOUT = (
    "cramplog is a private journal for muscle cramps: log cramps, meals and drinks,"
    " and see whether low-intake or low-fluid days go with more cramps in your own"
    " records. It works offline; everything stays in one file on this computer."
    " Its numbers are estimates to discuss with a clinician, not a diagnosis."
)


def demo_path_for(journal_path: Path) -> Path:
    return journal_path.with_name(DEMO_FILENAME)


class WelcomeScreen(ModalScreen[None]):
    """Ask the profile, or open a demo journal; Escape skips for now."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "skip", "Skip for now"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._busy = False

    @property
    def capp(self) -> CramplogApp:
        return cramplog_app(self.app)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="form", id="welcome"):
            yield Static("Welcome to cramplog", classes="title")
            yield Static(ABOUT, classes="hint")
            yield Static(
                "Three answers pick your reference intakes (change them later in Settings):"
            )
            yield from self._row(
                "Sex", Select(SEXES, prompt="choose", compact=True, id="welcome-sex")
            )
            yield from self._row(
                "Birth year", Input(placeholder="e.g. 1970", compact=True, id="welcome-birth_year")
            )
            yield from self._row(
                "Day starts at",
                Input(str(DEFAULT_DAY_START_HOUR), compact=True, id="welcome-day_start_hour"),
                "(a 3 a.m. cramp counts as the night before)",
            )
            with Horizontal(classes="buttons"):
                yield Button(
                    "Start my journal", variant="primary", compact=True, id="welcome-start"
                )
                yield Button("Look around with a demo journal", compact=True, id="welcome-demo")
            yield LoadingIndicator(id="welcome-loading")
            yield Static(
                "Escape: skip (Settings, s, asks the same at any time).",
                classes="hint",
                id="welcome-status",
            )

    def _row(self, label: str, widget: Input | Select[str], hint: str = "") -> ComposeResult:
        return labelled_row(label, widget, hint, prefix="welcome-", hint_classes="hint field-hint")

    def on_mount(self) -> None:
        self.query_one("#welcome-loading", LoadingIndicator).display = False
        self.query_one("#welcome-sex", Select).focus()

    # --- the answers ------------------------------------------------------------------

    def _values(self) -> dict[str, Any]:
        sex = self.query_one("#welcome-sex", Select).value
        return {
            "sex": sex if isinstance(sex, str) else None,
            "birth_year": self.query_one("#welcome-birth_year", Input).value,
            "day_start_hour": self.query_one("#welcome-day_start_hour", Input).value,
        }

    def _show_errors(self, errors: dict[str, str]) -> None:
        for key in FIELDS:
            error = self.query_one(f"#welcome-{key}-error", Static)
            message = errors.get(key, "")
            error.update(Text(safe(message)))
            error.display = bool(message)

    @on(Input.Changed)
    @on(Select.Changed)
    def _edited(self) -> None:
        self._show_errors(field_errors(Profile(), self._values()))

    @on(Input.Submitted)
    @on(Button.Pressed, "#welcome-start")
    def _start(self) -> None:
        if self._busy:
            return
        values = self._values()
        errors = field_errors(Profile(), values)
        self._show_errors(errors)
        if errors:
            return
        try:
            self.capp.journal.update_profile(**values, onboarded=True)
        except CramplogError as exc:
            self._status(str(exc))
            return
        self.capp.profile_changed()
        # The day start hour may have moved which journal day "now" falls in.
        self.capp.day = self.capp.today()
        self.dismiss(None)

    def action_skip(self) -> None:
        if not self._busy:
            self._seen()
            self.dismiss(None)

    def _seen(self) -> None:
        """Remember in the journal that its welcome was shown: once per journal.

        Skipping, or looking at the demo, answers nothing; Today says which
        answers are missing and that Settings takes them.
        """
        if not self.capp.journal_ready:
            return  # left before the new file was made: it shows once more
        try:
            self.capp.journal.update_profile(onboarded=True)
        except CramplogError as exc:
            self.app.notify(str(exc), severity="error", markup=False)

    def _status(self, message: str) -> None:
        self.query_one("#welcome-status", Static).update(Text(safe(message)))

    # --- the demo ---------------------------------------------------------------------

    @on(Button.Pressed, "#welcome-demo")
    def _demo(self) -> None:
        if self._busy:
            return
        self._busy = True
        for button in self.query(Button):
            button.disabled = True
        self.query_one("#welcome-loading", LoadingIndicator).display = True
        self._status(f"Writing {DEMO_DAYS} days of made-up entries…")
        end = self.capp.today() - dt.timedelta(days=1)
        self._make_demo(demo_path_for(self.capp.journal.path), end)

    @work(thread=True, exclusive=True)
    def _make_demo(self, path: Path, end: dt.date) -> None:
        from cramplog.services import Journal

        journal: Journal | None = None
        try:
            journal = Journal.open(path)
            # An existing demo file is reused as it is; only an empty one is filled.
            if not any(journal.counts().values()):
                journal.fill_with_demo(DEMO_DAYS, end)
        except CramplogError as exc:
            if journal is not None:
                journal.close()
            self.app.call_from_thread(self._demo_failed, exc)
            return
        self.app.call_from_thread(self._demo_ready, journal)

    def _demo_ready(self, journal: Journal) -> None:
        self._seen()
        self.capp.use_journal(journal, "demo journal")
        self.dismiss(None)
        self.app.notify(
            "This is a made-up demo journal, in its own file. Next time cramplog opens"
            " your own journal; Settings (s) takes your profile.",
            timeout=8,
        )

    def _demo_failed(self, exc: CramplogError) -> None:
        self._busy = False
        for button in self.query(Button):
            button.disabled = False
        self.query_one("#welcome-loading", LoadingIndicator).display = False
        self._status(f"No demo: {exc}")


class FirstRunWelcome(WelcomeScreen):
    """The welcome as the first screen of a new journal, not a dialog.

    Answering (or skipping) goes on to Today; it is the base of its own mode,
    so there is nothing beneath it to dismiss to.
    """

    def dismiss(self, result: None = None) -> AwaitComplete:
        async def go_to_today() -> None:
            await self.app.switch_mode("today")

        return AwaitComplete(go_to_today()).call_next(self)
