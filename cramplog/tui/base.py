"""What every screen shares: the app's journal, its clock, and safe text.

Screens reach the journal only through :class:`cramplog.services.Journal`
(and the plain-Python views in :mod:`cramplog.services.days`), never through
storage, and never import pandas, matplotlib, scipy or statsmodels at module
top: those load in workers when a screen first needs them.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from cramplog.terminal_text import scrub

if TYPE_CHECKING:
    from cramplog.services import Journal
    from cramplog.tui.app import CramplogApp


def safe(text: object) -> str:
    """Text for one line of the screen, nothing in it able to act on the terminal.

    Control characters, bidi overrides and line breaks show as escapes, by
    the rule every output of cramplog follows (:mod:`cramplog.terminal_text`).
    """
    return scrub(text)


def literal(text: object, style: str = "") -> Text:
    """A Rich Text that is never parsed as markup."""
    return Text(safe(text), style=style, no_wrap=True, overflow="ellipsis")


def cramplog_app(app: App[object]) -> CramplogApp:
    return cast("CramplogApp", app)


class JournalScreen(Screen[None]):
    """A screen of the main app, with typed access to the journal and clock."""

    # Every screen but Today shows the way back to it in the footer; the other
    # screens are one key away too (see `?` and the command palette).
    # Re-read when another program changes the journal (CramplogApp.check_for_changes).
    REFRESH_ON_OUTSIDE_CHANGE: ClassVar[bool] = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "app.switch_mode('today')", "Today"),
        # Out of a text field, so the screen's keys (t, ?, q) work again.
        Binding("escape", "leave_field", "Leave field", show=False),
    ]

    def action_leave_field(self) -> None:
        self.set_focus(None)

    @property
    def capp(self) -> CramplogApp:
        return cramplog_app(self.app)

    @property
    def journal(self) -> Journal:
        return self.capp.journal

    def today(self) -> dt.date:
        return self.capp.today()

    def now(self) -> dt.datetime:
        return self.capp.now()

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        """Re-read what the screen shows from the journal (after a change)."""
