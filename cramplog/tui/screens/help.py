"""Help: every key on every screen, built from the screens themselves.

The key map is read from the app's SCREENS list and each screen class's
``KEY_HELP`` (key -> what it does, when the screen gives one) or ``BINDINGS``, so
it cannot drift from the keys that really work.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEY_STYLE = "bold"
KEY_WIDTH = 16


def _screen_class(mode: str) -> type | None:
    """The screen class for ``mode``, or None while that screen is not written yet."""
    try:
        module = importlib.import_module(f"cramplog.tui.screens.{mode}")
    except ModuleNotFoundError as exc:
        if exc.name != f"cramplog.tui.screens.{mode}":
            raise
        return None
    found = getattr(module, f"{mode.title()}Screen", None)
    return found if isinstance(found, type) else None


def screen_keys(app: App[object], screen: type) -> list[tuple[str, str]]:
    """(key, what it does) for one screen: its KEY_HELP if it has one, else its BINDINGS."""
    described = getattr(screen, "KEY_HELP", None)
    if isinstance(described, dict) and described:
        return [(str(key), str(what)) for key, what in described.items()]
    bindings: Iterable[BindingType] = getattr(screen, "BINDINGS", ())
    rows: list[tuple[str, str]] = []
    for binding in _grouped(Binding.make_bindings(bindings)):
        what = binding.tooltip or binding.description
        if what:
            rows.append((app.get_key_display(binding), what))
    return rows


def _grouped(bindings: Iterable[Binding]) -> Iterator[Binding]:
    # make_bindings splits "x,delete" into one binding per key; show them as
    # one row "x / delete" the way the person reads them.
    by_action: dict[tuple[str, str], list[Binding]] = {}
    for binding in bindings:
        by_action.setdefault((binding.action, binding.description), []).append(binding)
    for group in by_action.values():
        first = group[0]
        if len(group) == 1:
            yield first
        else:
            keys = ",".join(b.key for b in group)
            yield Binding(
                keys,
                first.action,
                first.description,
                key_display=" / ".join(b.key_display or b.key for b in group),
                tooltip=first.tooltip,
            )


def key_map(app: App[object]) -> Table:
    """The whole key map as one text: global keys, then each screen's own."""
    from cramplog.tui.app import SCREENS

    table = Table.grid(padding=(0, 1))
    table.add_column(width=KEY_WIDTH, no_wrap=True)
    table.add_column(ratio=1)

    def heading(title: str) -> None:
        if table.row_count:
            table.add_row("", "")
        table.add_row(Text(title, style="bold underline"), "")

    def row(key: str, what: str) -> None:
        table.add_row(Text(key, style=KEY_STYLE), Text(what))

    heading("Everywhere")
    for _, key, title, what in SCREENS:
        row(key, f"{title}: {what}")
    row("n", "night mode: a cramp in one digit, then a stretch with a timer")
    row("?", "this help")
    row("/", "search notes, foods, medicines and cramps; Enter opens the day")
    row("ctrl+p", "command palette: find any action by name and run it")
    row("tab / shift+tab", "move between fields; Enter saves a form, Escape closes it")
    row("space / ↓", "open a form's dropdown; Enter chooses, the next Enter saves")
    row("q", "quit (everything is already saved)")
    for mode, _, title, _ in SCREENS:
        screen = _screen_class(mode)
        keys = screen_keys(app, screen) if screen is not None else []
        if keys:
            heading(title)
            for key, what in keys:
                row(key, what)
    return table


class HelpScreen(ModalScreen[None]):
    """The key map; Escape, q or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="form", id="help"):
            yield Static("Keys", classes="title")
            with VerticalScroll(id="help-keys"):
                yield Static(key_map(self.app), id="help-text")
            yield Static("↑/↓ scroll · Escape, q or ? closes", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#help-keys", VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)
