"""The Textual app: one journal, a clock, and the screens as modes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from cramplog.domain import CramplogError, Profile
from cramplog.times import journal_day, local_now

if TYPE_CHECKING:
    from cramplog.services import Journal

Clock = Callable[[], dt.datetime]


def _today_screen() -> Screen[None]:
    from cramplog.tui.screens.today import TodayScreen

    return TodayScreen()


def _history_screen() -> Screen[None]:
    from cramplog.tui.screens.history import HistoryScreen

    return HistoryScreen()


def _trends_screen() -> Screen[None]:
    from cramplog.tui.screens.trends import TrendsScreen

    return TrendsScreen()


def _insights_screen() -> Screen[None]:
    from cramplog.tui.screens.insights import InsightsScreen

    return InsightsScreen()


def _report_screen() -> Screen[None]:
    from cramplog.tui.screens.report import ReportScreen

    return ReportScreen()


def _settings_screen() -> Screen[None]:
    from cramplog.tui.screens.settings import SettingsScreen

    return SettingsScreen()


# (mode, key, title, what it shows) — the bindings, footer, help screen and
# command palette are all built from this one list.
SCREENS: tuple[tuple[str, str, str, str], ...] = (
    ("today", "t", "Today", "the day's entries, intake against targets, the last 7 days"),
    ("history", "h", "History", "every day as a row; Enter opens it in Today"),
    ("trends", "w", "Trends", "weekly charts: intake, fluids, cramps"),
    ("insights", "i", "Insights", "do low-intake or low-fluid days go with more cramps?"),
    ("report", "r", "Report", "write the PDF report for a clinician"),
    ("settings", "s", "Settings", "profile, day start hour, fluid reference, theme"),
)


class CramplogApp(App[None]):
    TITLE = "cramplog"
    CSS_PATH = "cramplog.tcss"
    ENABLE_COMMAND_PALETTE = True
    MODES: ClassVar[dict[str, str | Callable[[], Screen[None]]]] = {
        "today": _today_screen,
        "history": _history_screen,
        "trends": _trends_screen,
        "insights": _insights_screen,
        "report": _report_screen,
        "settings": _settings_screen,
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(key, f"switch_mode('{mode}')", title, show=False)
            for mode, key, title, _ in SCREENS
        ),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit", show=False),
    ]

    def __init__(
        self,
        journal: Journal | Path,
        *,
        clock: Clock | None = None,
        welcome: bool | None = None,
    ) -> None:
        """``clock`` fixes "now" (tests, snapshots); ``welcome`` forces the
        first-run screen on or off (default: when the profile was never set)."""
        super().__init__()
        if isinstance(journal, Path):
            from cramplog.services import Journal

            journal = Journal.open(journal)
        self.journal = journal
        self._clock = clock or local_now
        self._profile: Profile | None = None
        self._welcome = welcome
        # The day the Today screen shows; History and the day keys move it.
        self.day: dt.date = self.today()

    # --- time and profile ------------------------------------------------------

    def now(self) -> dt.datetime:
        return self._clock().replace(second=0, microsecond=0)

    @property
    def profile(self) -> Profile:
        if self._profile is None:
            self._profile = self.journal.profile()
        return self._profile

    def profile_changed(self) -> None:
        self._profile = None
        self.theme = self._known_theme(self.profile.theme)

    def today(self) -> dt.date:
        return journal_day(self.now(), self.profile.day_start_hour)

    def _known_theme(self, name: str) -> str:
        return name if name in self.available_themes else "textual-dark"

    # --- start-up --------------------------------------------------------------

    def on_mount(self) -> None:
        self.theme = self._known_theme(self.profile.theme)
        self.switch_mode("today")
        first_run = not self.profile.onboarded
        if self._welcome if self._welcome is not None else first_run:
            from cramplog.tui.screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen())

    def use_journal(self, journal: Journal, label: str = "") -> None:
        """Show another journal (the demo) from now on; ``label`` goes in the header."""
        if journal is not self.journal:
            self.journal.close()
        self.journal = journal
        self.sub_title = label
        self._profile = None
        self.day = self.today()
        self.profile_changed()
        refresh = getattr(self.screen, "refresh_data", None)
        if refresh is not None:
            refresh()

    # --- navigation -------------------------------------------------------------

    def show_day(self, day: dt.date) -> None:
        """Open ``day`` in the Today screen (from History, or the day keys)."""
        self.day = day
        if self.current_mode != "today":
            self.switch_mode("today")
        else:
            refresh = getattr(self.screen, "refresh_data", None)
            if refresh is not None:
                refresh()

    def action_help(self) -> None:
        from cramplog.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for mode, key, title, what in SCREENS:
            yield SystemCommand(
                f"Go to {title}", f"{what} ({key})", lambda m=mode: self.switch_mode(m)
            )
        yield SystemCommand("Help", "every key on every screen (?)", self.action_help)
        # The screen's own actions: log a cramp, a drink, undo and so on.
        commands = getattr(screen, "palette_commands", None)
        if commands is not None:
            yield from commands()

    # --- errors ----------------------------------------------------------------

    def report_error(self, exc: Exception) -> None:
        """An expected failure as one calm line; anything else still raises."""
        if isinstance(exc, CramplogError):
            self.notify(str(exc), severity="error", markup=False, timeout=8)
        else:
            raise exc
