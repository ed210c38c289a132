"""Night mode: a cramp at 3 a.m. in one key, then a stretch with a timer.

Opened by itself when the app starts between midnight and the hour the
journal day starts (``times.in_the_night``), and by ``n`` at any time. It
shows the last cramp's muscle and side; a digit is the severity and saves.
Then it offers a stretch for that muscle (``tui.stretch_guide``) and a
timer: stopping it records how long the cramp lasted and "relieved by
stretching" on the cramp just saved. Dim, large type, few words.

The timer reads the app's clock (``CramplogApp.moment``), so a test moves
time on instead of waiting.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Digits, Static

from cramplog.domain import Cramp, CramplogError, Muscle, Side
from cramplog.tui.base import cramplog_app
from cramplog.tui.stretch_guide import stretches_for

if TYPE_CHECKING:
    from textual import events
    from textual.timer import Timer

    from cramplog.tui.app import CramplogApp

RELIEVED_BY = "stretching"
MUSCLES = tuple(Muscle)
SIDES = tuple(Side)


def clock_text(seconds: int) -> str:
    """ "1:05" for 65 seconds; "1:02:03" past an hour."""
    hours, rest = divmod(max(seconds, 0), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class NightScreen(Screen[Cramp | None]):
    """Dismisses with the cramp as finally stored (None when nothing was saved)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Back", show=False),
        Binding("up", "muscle(-1)", "Muscle", show=False),
        Binding("down", "muscle(1)", "Muscle", show=False),
        Binding("left", "side(-1)", "Side", show=False),
        Binding("right", "side(1)", "Side", show=False),
        Binding("enter,space", "go_on", "Go on", show=False),
    ]
    DEFAULT_CSS = """
    NightScreen { background: #050608; color: #8a8f98; align: center middle; }
    NightScreen #night-box { width: 100%; max-width: 76; height: auto; padding: 0 2; }
    NightScreen Static { height: auto; width: 100%; }
    NightScreen .night-quiet { color: #5c6068; content-align: center middle; }
    NightScreen #night-what { color: #a9aeb8; text-style: bold; content-align: center middle;
        margin: 1 0; }
    NightScreen #night-ask { color: #a9aeb8; content-align: center middle; }
    NightScreen #night-guide { color: #8a8f98; margin: 1 0; }
    NightScreen Digits { color: #9fb4c8; width: auto; }
    NightScreen Center { height: auto; }
    """

    def __init__(self, *, at_start: bool = False) -> None:
        super().__init__()
        self.at_start = at_start  # opened by itself at start-up (not by a key)
        self.muscle = Muscle.CALF
        self.side = Side.LEFT
        self.phase = "ask"  # ask -> saved -> timing -> done
        self.cramp: Cramp | None = None
        self.touched = False  # a key was pressed here
        self.started: dt.datetime | None = None
        self.seconds = 0
        self._ticker: Timer | None = None
        self._defaults_read = False
        self._mounted = False

    @property
    def capp(self) -> CramplogApp:
        return cramplog_app(self.app)

    def compose(self) -> ComposeResult:
        with Vertical(id="night-box"):
            yield Static("", id="night-top", classes="night-quiet", markup=False)
            yield Static("", id="night-what", markup=False)
            yield Static("", id="night-ask", markup=False)
            yield Static("", id="night-guide", markup=False)
            with Center():
                yield Digits("", id="night-digits")
            yield Static("", id="night-keys", classes="night-quiet", markup=False)

    def on_mount(self) -> None:
        self._mounted = True
        self.refresh_data()

    # --- what is shown ----------------------------------------------------------------

    def refresh_data(self) -> None:
        """Read the last cramp's muscle and side once the journal is open."""
        if not self._mounted:
            return  # the app re-reads every screen as the journal opens; this one reads on mount
        if not self.capp.journal_ready:
            self._show()
            return
        if not self._defaults_read:
            self._defaults_read = True
            last = self.capp.journal.latest_cramp()
            if last is not None and not self.touched:
                self.muscle, self.side = last.muscle, last.side
        self._show()

    def _show(self) -> None:
        now = self.capp.now()
        top = self.query_one("#night-top", Static)
        what = self.query_one("#night-what", Static)
        ask = self.query_one("#night-ask", Static)
        guide = self.query_one("#night-guide", Static)
        digits = self.query_one("#night-digits", Digits)
        keys = self.query_one("#night-keys", Static)
        top.update(f"night · {now:%H:%M}")
        where = f"{self.muscle.value}, {self.side.value}"
        guide.display = self.phase != "ask"
        digits.display = self.phase in ("timing", "done")
        if self.phase == "ask":
            what.update(f"A cramp: {where}")
            ask.update("How bad? Press 1 to 9  (0 for 10)")
            keys.update("↑ ↓ muscle   ← → side   Esc back to the journal")
            return
        assert self.cramp is not None
        stretches = stretches_for(self.cramp.muscle)
        first = stretches[0]
        text = first.name + "\n" + "\n".join(f"  {step}" for step in first.steps)
        others = [s.name.lower() for s in stretches[1:]]
        if others:
            text += f"\nOr: {', '.join(others)}."
        guide.update(text)
        severity = f"severity {self.cramp.severity}"
        if self.phase == "saved":
            what.update(f"Saved: {where}, {severity}")
            ask.update("A stretch that may help:")
            keys.update("Enter: start the timer   Esc: done")
        elif self.phase == "timing":
            what.update(f"Stretching · {where}")
            ask.update("Hold gently; breathe slowly.")
            digits.update(clock_text(self.seconds))
            keys.update("Enter: it has eased (records the time)   Esc: stop without recording")
        else:
            what.update(f"Recorded: {clock_text(self.seconds)}, relieved by stretching")
            ask.update("Sleep well.")
            digits.update(clock_text(self.seconds))
            keys.update("Enter or Esc: back to the journal")

    # --- keys ---------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        if self.phase != "ask" or event.character is None or not event.character.isdigit():
            return
        event.stop()
        event.prevent_default()
        self.touched = True
        # A digit typed while the journal opened was held by the app
        # (HeldKeys) and comes here once it is open.
        self._save(int(event.character) or 10)

    def action_muscle(self, step: int) -> None:
        if self.phase == "ask":
            self.touched = True
            self.muscle = MUSCLES[(MUSCLES.index(self.muscle) + step) % len(MUSCLES)]
            self._show()

    def action_side(self, step: int) -> None:
        if self.phase == "ask":
            self.touched = True
            self.side = SIDES[(SIDES.index(self.side) + step) % len(SIDES)]
            self._show()

    def action_go_on(self) -> None:
        if self.phase == "saved":
            self._start_timer()
        elif self.phase == "timing":
            self._stop_timer(record=True)
        elif self.phase == "done":
            self.dismiss(self.cramp)

    def action_leave(self) -> None:
        if self.phase == "timing":
            self._stop_timer(record=False)
            return
        self.dismiss(self.cramp)

    # --- saving and timing ------------------------------------------------------------

    def _save(self, severity: int) -> None:
        try:
            self.cramp = self.capp.journal.log_cramp(
                now=self.capp.now(),
                muscle=self.muscle.value,
                side=self.side.value,
                severity=severity,
                woke=True,
            )
        except CramplogError as exc:
            self.capp.report_error(exc)
            return
        self.phase = "saved"
        self._show()

    def _start_timer(self) -> None:
        self.started = self.capp.moment()
        self.seconds = 0
        self.phase = "timing"
        self._ticker = self.set_interval(1.0, self.tick)
        self._show()

    def tick(self) -> None:
        """Read the clock and show the seconds since the timer started."""
        if self.started is None:
            return
        self.seconds = int((self.capp.moment() - self.started).total_seconds())
        self.query_one("#night-digits", Digits).update(clock_text(self.seconds))

    def _stop_timer(self, *, record: bool) -> None:
        self.tick()
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
        if not record or self.cramp is None:
            self.phase = "saved"
            self.started = None
            self._show()
            return
        from cramplog.entry_kinds import entry_ref

        try:
            self.cramp_changed(
                self.capp.journal.edit(
                    entry_ref(self.cramp),
                    {"duration": max(self.seconds, 1), "relieved_by": RELIEVED_BY},
                    now=self.capp.now(),
                    seen=self.cramp,
                )
            )
        except CramplogError as exc:
            self.capp.report_error(exc)
            self.phase = "saved"
            self._show()
            return
        self.phase = "done"
        self._show()

    def cramp_changed(self, entry: object) -> None:
        assert isinstance(entry, Cramp)
        self.cramp = entry
