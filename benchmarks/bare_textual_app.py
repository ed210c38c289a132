"""The smallest Textual app worth comparing with: a header, one line of text, a footer.

benchmarks/bench_tui_startup.py starts this and `cramplog` side by side and
compares how long each takes to paint its first screen.

    python benchmarks/bare_textual_app.py
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.widgets import Footer, Header, Static

MARKER = "bare textual app ready"


class BareApp(App[None]):
    TITLE = "bare"
    BINDINGS: ClassVar[list[BindingType]] = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(MARKER)
        yield Footer()


if __name__ == "__main__":
    BareApp().run()
