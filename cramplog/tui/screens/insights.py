"""Insights: the written analysis, worded exactly as `cramplog analyze` words it.

The analysis imports pandas, scipy and statsmodels and takes a moment, so it
runs in a thread worker behind a loading indicator. "Not enough data yet" is
an ordinary state, not an error: the text says what is still needed.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, LoadingIndicator, Static

from cramplog.domain import CramplogError, Profile
from cramplog.services.trends import Insights
from cramplog.tui.base import JournalScreen, literal

EMPTY_LINE = "Not enough data yet: nothing is logged, so there is nothing to look at."
GATE_LINE = "Not enough data yet for the comparisons; the rest is below."


def styled(text: str) -> Text:
    """The analysis text with its section headings in bold; the words unchanged."""
    out = Text(text)
    lines = text.split("\n")
    offset = 0
    previous_blank = True
    for line in lines:
        heading = (
            previous_blank
            and line
            and len(line) <= 70
            and not line.startswith(("- ", "Note:"))
            and not line.endswith(".")
        )
        if heading:
            out.stylize("bold", offset, offset + len(line))
        previous_blank = not line
        offset += len(line) + 1
    return out


def status_line(found: Insights) -> str:
    if found.empty or found.start is None or found.end is None:
        return EMPTY_LINE
    days = (found.end - found.start).days + 1
    head = f"{found.start.isoformat()} to {found.end.isoformat()} · {found.days_logged} of {days}"
    head += " days logged"
    return f"{head} · {GATE_LINE}" if not found.enough_data else f"{head} · R runs it again"


class InsightsScreen(JournalScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("R", "rerun", "Run again"),
    ]
    KEY_HELP: ClassVar[dict[str, str]] = {
        "R": "run the analysis again (after logging more)",
        "↑ ↓ PgUp PgDn": "scroll the text",
    }
    DEFAULT_CSS = """
    InsightsScreen #insights-line { height: auto; max-height: 2; padding: 0 1; }
    InsightsScreen #insights-scroll { height: 1fr; padding: 0 1; }
    InsightsScreen #insights-text { height: auto; }
    InsightsScreen LoadingIndicator { height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.result: Insights | None = None
        self._ran_on: object | None = None  # the journal the text was made from

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="insights-line", markup=False)
        yield LoadingIndicator(id="insights-loading")
        with VerticalScroll(id="insights-scroll", can_focus=True):
            yield Static("", id="insights-text", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#insights-scroll").display = False

    def refresh_data(self) -> None:
        # Runs by itself only on the first visit or for another journal (the
        # demo): R re-runs, so coming back keeps the place in a long text.
        if self._ran_on is not self.journal:
            self.action_rerun()

    def action_rerun(self) -> None:
        self._ran_on = self.journal
        self.query_one("#insights-loading").display = True
        self.query_one("#insights-scroll").display = False
        self.query_one("#insights-line", Static).update(
            literal("Looking through the journal…", "bold")
        )
        self._run(self.capp.profile)

    @work(thread=True, exclusive=True, group="insights")
    def _run(self, profile: Profile) -> None:
        from cramplog.services.trends import insights

        try:
            found = insights(self.journal, profile=profile)
        except CramplogError as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self._show, found)

    def _failed(self, exc: CramplogError) -> None:
        self.query_one("#insights-loading").display = False
        self.query_one("#insights-line", Static).update(literal(str(exc)))
        self.capp.report_error(exc)

    def _show(self, found: Insights) -> None:
        self.result = found
        self.query_one("#insights-loading").display = False
        # Wraps (unlike literal()): the not-enough-data line must be read whole.
        self.query_one("#insights-line", Static).update(Text(status_line(found), style="bold"))
        self.query_one("#insights-text", Static).update(styled(found.shown))
        scroll = self.query_one("#insights-scroll", VerticalScroll)
        scroll.display = True
        scroll.scroll_home(animate=False)
        scroll.focus()
