"""The Textual app (placeholder screen until the TUI lands)."""

from __future__ import annotations

from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static


class CramplogApp(App[None]):
    TITLE = "cramplog"
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.db_path = db_path

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(f"cramplog journal: {self.db_path}", markup=False)
        yield Footer()
