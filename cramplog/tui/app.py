"""The Textual app: one journal, a clock, and the screens as modes."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from collections.abc import Callable, Iterable
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen

from cramplog.domain import CramplogError, Entry, Profile
from cramplog.times import journal_day, local_now
from cramplog.tui.night_start import add_medicine, night_at_start, open_night

if TYPE_CHECKING:
    from textual.timer import Timer

    from cramplog.services import Journal
    from cramplog.services.first_figures import FirstFigures
    from cramplog.services.journal import JournalWatch

# How often the app asks whether another program changed the journal.
WATCH_INTERVAL_S = 1.0

Clock = Callable[[], dt.datetime]


class JournalOpening(CramplogError):
    """The journal is asked for before the start-up worker has opened it."""


def _lazy(module: str, name: str) -> Callable[[], Screen[None]]:
    """A screen built on first visit: its module (and what it imports) loads then."""

    def build() -> Screen[None]:
        screen: Screen[None] = getattr(import_module(f"cramplog.tui.screens.{module}"), name)()
        return screen

    return build


# (mode, key, title, what it shows) — the bindings, footer, help screen and
# command palette are all built from this one list.
SCREENS: tuple[tuple[str, str, str, str], ...] = (
    ("today", "t", "Today", "the day's entries, intake against targets, the last 7 days"),
    ("history", "h", "History", "every day as a row; Enter opens it in Today"),
    ("trends", "w", "Trends", "weekly charts: intake, fluids, cramps"),
    ("insights", "i", "Insights", "do low-intake or low-fluid days go with more cramps?"),
    ("medicines", "M", "Medicines", "medicines and supplements: add, edit, stop, restart"),
    ("trials", "T", "Trials", "self-experiments: plan a trial, today's arm, the result"),
    ("report", "r", "Report", "write the PDF report for a clinician"),
    ("settings", "s", "Settings", "profile, day start hour, fluid reference, theme"),
)


FIRST_RUN = "first-run"


class FirstFiguresRead(Message):
    """The day's first figures were read (CramplogApp.first_figures)."""


class CramplogApp(App[None]):
    TITLE = "cramplog"
    CSS_PATH = "cramplog.tcss"
    ENABLE_COMMAND_PALETTE = True
    # Start straight in Today: no default screen to build and throw away.
    DEFAULT_MODE = "today"
    MODES: ClassVar[dict[str, str | Callable[[], Screen[None]]]] = {
        "today": _lazy("today", "TodayScreen"),
        "history": _lazy("history", "HistoryScreen"),
        "trends": _lazy("trends", "TrendsScreen"),
        "insights": _lazy("insights", "InsightsScreen"),
        "medicines": _lazy("medicines", "MedicinesScreen"),
        "trials": _lazy("trials", "TrialsScreen"),
        "report": _lazy("report", "ReportScreen"),
        "settings": _lazy("settings", "SettingsScreen"),
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(key, f"switch_mode('{mode}')", title, show=False)
            for mode, key, title, _ in SCREENS
        ),
        Binding("n", "night", "Night", show=False),
        Binding("question_mark", "help", "Help"),
        Binding("slash", "search", "Search", show=False),
        Binding("q", "quit", "Quit", show=False),
    ]

    def __init__(
        self,
        journal: Journal | Path,
        *,
        clock: Clock | None = None,
        welcome: bool | None = None,
    ) -> None:
        """``journal`` is an open journal, or a path the app opens itself.

        Given a path, the first screen is painted before the journal (and
        SQLAlchemy behind it) is loaded, in a worker; until then screens show
        "opening your journal". ``clock`` fixes "now" (tests, snapshots);
        ``welcome`` forces the first-run screen on or off (default: when the
        profile was never set).
        """
        super().__init__()
        self._journal: Journal | None = None
        self._watch: JournalWatch | None = None
        self._watch_timer: Timer | None = None
        if isinstance(journal, Path):
            self.db_path = journal
        else:
            self._journal = journal
            self.db_path = journal.path
        self._clock = clock or local_now
        self._profile: Profile | None = None
        self._welcome = welcome
        self._welcome_shown = False
        # The night screen was opened once (by itself at start, or by a key).
        self.night_opened = False
        self._keys = HeldKeys(self)
        # The day's figures read with sqlite3 alone while Textual starts and
        # before the journal (SQLAlchemy) opens: services.first_figures.
        self.first_figures: FirstFigures | None = None
        self._first_read: threading.Thread | None = None
        if self._journal is None and self.db_path.is_file():  # a new journal has none
            self._first_read = threading.Thread(
                target=self._read_first_figures, name="first-figures", daemon=True
            )
            self._first_read.start()
        # The day the Today screen shows; History and the day keys move it.
        self.day: dt.date = self.today()

    @property
    def journal(self) -> Journal:
        if self._journal is None:
            raise JournalOpening("the journal is still opening; try again in a moment")
        return self._journal

    @journal.setter
    def journal(self, journal: Journal) -> None:
        self._journal = journal

    @property
    def journal_ready(self) -> bool:
        return self._journal is not None

    # --- time and profile ------------------------------------------------------

    def now(self) -> dt.datetime:
        return self._clock().replace(second=0, microsecond=0)

    def moment(self) -> dt.datetime:
        """Now to the second (the night screen's stretch timer)."""
        return self._clock()

    @property
    def profile(self) -> Profile:
        if self._journal is None:
            # Until the journal is open: the defaults (day starts at 04:00).
            return Profile()
        if self._profile is None:
            self._profile = self._journal.profile()
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
        if self._journal is not None:
            self._journal_opened()
            return
        if self.current_mode == FIRST_RUN:
            # The journal file is created behind the welcome, once that is
            # painted (creating it holds the interpreter for a few tenths of
            # a second; nobody answers the welcome faster than that).
            self._welcome_shown = True
            self.set_timer(0.25, self._open_journal)
            return
        # Paint first, then load SQLAlchemy and open the file in a thread. The
        # frame is written to the terminal a moment after the refresh; a
        # thread importing SQLAlchemy at that moment would hold it up, so the
        # worker starts a tenth of a second later (bench_tui_startup.py).
        self.set_timer(0.1, self._open_journal)
        night_at_start(self)

    @work(thread=True, exclusive=True, group="open", exit_on_error=True)
    def _open_journal(self) -> None:
        # The journal opens once the first figures are read: the daily backup's
        # plain open() of the file must not meet a connection still open on it
        # (see Journal.open_for_use).
        if self._first_read is not None:
            self._first_read.join()
        from cramplog.services import Journal

        try:
            journal, notes = Journal.open_for_use(self.db_path)
        except CramplogError as exc:
            self.call_from_thread(self._open_failed, exc)
            return
        self.call_from_thread(self._journal_ready, journal, notes)

    def _read_first_figures(self) -> None:
        from cramplog.services.first_figures import read_first_figures

        self.first_figures = read_first_figures(self.db_path, self.now())
        # Running: the Today screen may be up already. Not yet: it reads them as it mounts.
        if self.first_figures is not None and self.is_running:
            self.post_message(FirstFiguresRead())  # thread-safe

    @on(FirstFiguresRead)
    def _first_figures_read(self) -> None:
        # Shown at once if read before the Today screen was mounted; else now,
        # on the Today screen wherever it is in the stack (under help, night).
        if self._journal is None:
            for screen in self.screen_stack:
                show = getattr(screen, "show_first_figures", None)
                if show is not None:
                    show()

    def _journal_ready(self, journal: Journal, notes: list[str]) -> None:
        self.first_figures = None  # the journal's own read replaces them
        self._journal = journal
        self._profile = None
        self.day = self.today()
        for note in notes:
            self.notify(note, markup=False, timeout=10)
        self._journal_opened()

    def _journal_opened(self) -> None:
        self._start_watching()
        self.theme = self._known_theme(self.profile.theme)
        first_run = not self.profile.onboarded
        if self._welcome if self._welcome is not None else first_run:
            self._show_welcome()
        else:
            night_at_start(self)
        for screen in self.screen_stack:
            _refresh(screen)
        self._keys.release()

    @property
    def keys_waiting(self) -> bool:
        """Keys typed while the journal opened, not replayed yet."""
        return bool(self._keys.held)

    async def on_event(self, event: events.Event) -> None:
        # Keys typed while the journal opens wait for it (HeldKeys).
        if isinstance(event, events.Key) and self._keys.hold(event):
            return
        await super().on_event(event)

    def _show_welcome(self) -> None:
        if self._welcome_shown:
            return
        self._welcome_shown = True
        from cramplog.tui.screens.welcome import WelcomeScreen

        self.push_screen(WelcomeScreen())

    def _open_failed(self, exc: CramplogError) -> None:
        # The same one line the command line gives, after the terminal is
        # given back, and a non-zero exit status.
        self.exit(return_code=1, message=f"Error: {exc}")

    def action_switch_mode(self, mode: str) -> None:  # type: ignore[override]
        if not self.journal_ready:
            self.notify("Opening your journal…", timeout=2)
            return
        self.switch_mode(mode)

    def use_journal(self, journal: Journal, label: str = "") -> None:
        """Show another journal (the demo) from now on; ``label`` goes in the header."""
        if self._journal is not None and journal is not self._journal:
            self._journal.close()
        self._journal = journal
        self._start_watching()
        self.sub_title = label
        self.profile_changed()
        self.day = self.today()
        _refresh(self.screen)

    # --- other programs writing the same file -----------------------------------

    def on_unmount(self) -> None:
        if self._watch is not None:
            self._watch.close()

    def _start_watching(self) -> None:
        if self._watch is not None:
            self._watch.close()
        self._watch = self.journal.watch()
        if self._watch_timer is None:
            self._watch_timer = self.set_interval(WATCH_INTERVAL_S, self.check_for_changes)

    def check_for_changes(self) -> None:
        """Re-read what is shown when another program changed the journal.

        The command line (or a second app) may write while this app is open;
        a screen must never go on showing, or write back, what is no longer
        there. A restore replaces the whole journal: it is opened afresh.
        """
        if self._watch is None or not self.is_running:
            return  # not open yet, or shutting down (its screens are going away)
        from cramplog.services.journal import Journal, Seen

        seen = self._watch.poll()
        if seen is Seen.NOTHING:
            return
        if seen is Seen.REPLACED:
            try:
                journal = Journal.open(self.db_path)
            except CramplogError as exc:
                self.notify(
                    f"The journal was replaced and cannot be opened: {exc}",
                    severity="error",
                    markup=False,
                    timeout=15,
                )
                return
            self.use_journal(journal, self.sub_title)
            self.notify(
                "The journal was replaced by another program (a restore); reloaded.",
                severity="warning",
                markup=False,
                timeout=10,
            )
            return
        self._profile = None
        # The screen in view; one under a dialog re-reads when it is back in view.
        # A screen where the person is typing (Settings) keeps what is typed.
        if getattr(self.screen, "REFRESH_ON_OUTSIDE_CHANGE", False):
            _refresh(self.screen)

    # --- navigation -------------------------------------------------------------

    def show_day(self, day: dt.date) -> None:
        """Open ``day`` in the Today screen (from History, or the day keys)."""
        self.day = day
        if self.current_mode != "today":
            self.switch_mode("today")
        else:
            _refresh(self.screen)

    def action_night(self) -> None:
        open_night(self)

    def show_entry(self, entry: Entry) -> None:
        """Open the entry's day in Today with the entry selected (from Search)."""
        self.show_day(entry.journal_day)

        def select() -> None:
            select_entry = getattr(self.screen, "select_entry", None)
            if select_entry is not None:
                select_entry(entry)

        self.call_after_refresh(select)

    def action_search(self) -> None:
        from cramplog.tui.screens.search import SearchScreen

        if not self.journal_ready or isinstance(self.screen, SearchScreen):
            return
        self.push_screen(SearchScreen())

    def action_safekeeping(self, job: str | None = None) -> None:
        """Backups and export (Settings, the palette); ``job`` starts one at once."""
        from cramplog.tui.screens.safekeeping import SafekeepingScreen

        if self.journal_ready and not isinstance(self.screen, SafekeepingScreen):
            self.push_screen(SafekeepingScreen(job))  # type: ignore[arg-type]

    def action_help(self) -> None:
        from cramplog.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for mode, key, title, what in SCREENS:
            yield SystemCommand(
                f"Go to {title}", f"{what} ({key})", lambda m=mode: self.action_switch_mode(m)
            )
        yield SystemCommand("Help", "every key on every screen (?)", self.action_help)
        yield SystemCommand(
            "Night mode", "a cramp in one key, then a stretch with a timer (n)", self.action_night
        )
        yield SystemCommand(
            "Add a medicine or supplement",
            "to the list of medicines and supplements (M, then a)",
            lambda: add_medicine(self),
        )
        yield SystemCommand(
            "Search",
            "notes, foods, medicines and cramps, by words and days (/)",
            self.action_search,
        )
        for job, title, what in (
            ("backup", "Back up now", "a checked copy of the journal in its backups folder"),
            (None, "List backups", "the journal's backups, newest first; back up or export"),
            ("json", "Export JSON", "the whole journal in one file, to import back without loss"),
            ("csv", "Export CSV", "daily.csv and a table per kind of entry, for a spreadsheet"),
        ):
            yield SystemCommand(title, what, lambda j=job: self.action_safekeeping(j))
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


# Turns of the event loop with no message waiting that count as "settled".
SETTLED_TURNS = 5


class HeldKeys:
    """Keys typed while the journal opens: held, then replayed in order.

    The footer offers `c` from the first frame, and a person at 3 a.m. types
    `c 8 Enter` without waiting for "Opening your journal…" to go. Until the
    journal is open every key is held (none is dropped); then they are
    replayed one at a time, each only once the one before has settled: its
    handling done, any screen it opened mounted (its fields focused), so `c`
    then `8` puts the 8 in the form `c` opened however slow the machine is.
    Keys typed during the replay join the end of the queue.
    """

    # Never held: quitting works at once.
    PASS = frozenset({"ctrl+q", "ctrl+c"})

    def __init__(self, app: CramplogApp) -> None:
        self.app = app
        self.held: list[tuple[str, str | None]] = []
        self.replaying: set[int] = set()
        self._running = False

    def hold(self, event: events.Key) -> bool:
        """Hold ``event`` if it must wait for the journal; True when held."""
        if event.is_forwarded:
            return False
        if id(event) in self.replaying:
            self.replaying.discard(id(event))
            return False
        if event.key in self.PASS:
            return False
        if self.app.journal_ready and not self._running:
            return False
        if self.app.current_mode == FIRST_RUN:
            return False  # the welcome screen does not need the journal
        if event.key == "ctrl+j":
            # Typed before the terminal was put in raw mode, Enter comes as a
            # newline (the tty's ICRNL): it is an Enter all the same.
            self.held.append(("enter", "\r"))
        else:
            self.held.append((event.key, event.character))
        return True

    def release(self) -> None:
        if self.held and not self._running:
            self._running = True
            self.app.run_worker(self._replay(), group="held-keys", exclusive=True)

    async def _replay(self) -> None:
        app = self.app
        try:
            while self.held:
                key, character = self.held.pop(0)
                event = events.Key(key, character)
                event.set_sender(app)
                self.replaying.add(id(event))
                # Through the app's own queue, as a typed key goes.
                app.post_message(event)
                await self._settled()
        finally:
            self._running = False

    async def _settled(self) -> None:
        """Return once what the last key caused has been handled.

        A key goes from the app to the focused widget and bubbles up to the
        screen and the app; what it does (open a form, mount its fields,
        focus one, save and close) is more messages, each posted before the
        one that caused it is done. When no message pump of the app or its
        screens has a message waiting for several turns of the event loop in
        a row, and the screen in view is mounted, the next key finds what a
        typist would see. Turns of the loop, not seconds: a slow machine
        takes longer over each turn, and the rule holds the same.
        """
        app = self.app
        quiet = 0
        while quiet < SETTLED_TURNS:
            await asyncio.sleep(0)
            pumps = [app, *app.screen_stack, *app.screen.walk_children(with_self=False)]
            waiting = any(pump._message_queue.qsize() for pump in pumps)
            quiet = 0 if waiting or not app.screen.is_mounted else quiet + 1


def _refresh(screen: Screen[object]) -> None:
    # Screens of this app re-read the journal in refresh_data; dialogs have none.
    refresh = getattr(screen, "refresh_data", None)
    if refresh is not None:
        refresh()


class FirstRunApp(CramplogApp):
    """The app on a journal file that does not exist yet: the welcome is its
    first screen (not a dialog over Today), so it shows as fast as any screen."""

    DEFAULT_MODE = FIRST_RUN
    MODES: ClassVar[dict[str, str | Callable[[], Screen[None]]]] = {
        **CramplogApp.MODES,
        FIRST_RUN: _lazy("welcome", "FirstRunWelcome"),
    }
