"""Food: a meal typed as one line with a live preview, or picked from the table.

The quick-add line is parsed as you type (the same parser as `cramplog log
meal`), and the preview says what each item matched and what it adds, so a
wrong match is seen before it is saved. Saving logs every item or none.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from cramplog.domain import CramplogError, Drink, FoodEntry, MealKind, Per100g
from cramplog.services import entries as build
from cramplog.services import validate as v
from cramplog.tui.base import cramplog_app, literal
from cramplog.tui.entry_forms import default_time
from cramplog.tui.widgets import amounts_line

if TYPE_CHECKING:
    from cramplog.services.meals import Pick

# In place of the command line's way to search the table (foods.choose).
IN_APP_SEARCH = "or search the table (ctrl+f)"
PLACEHOLDER = "e.g. 2 eggs, 1 cup spinach, 250 ml milk"


@dataclass(frozen=True, slots=True)
class _Item:
    grams: float
    per100g: Per100g


class FoodScreen(ModalScreen[list[FoodEntry | Drink] | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Log meal"),
        Binding("ctrl+f", "search", "Search foods"),
        Binding("ctrl+y", "copy_yesterday", "Copy yesterday's meal"),
        Binding("pageup", "scroll_preview(-1)", "Scroll up", show=False),
        Binding("pagedown", "scroll_preview(1)", "Scroll down", show=False),
    ]
    DEFAULT_CSS = """
    FoodScreen .form { height: 22; }
    FoodScreen #preview-box { height: 1fr; min-height: 3; }
    FoodScreen #preview { height: auto; border: none; }
    FoodScreen #results { height: 1fr; min-height: 3; }
    FoodScreen #search-box { height: 1fr; display: none; }
    FoodScreen.searching #search-box { display: block; }
    FoodScreen.searching #preview-box { display: none; }
    """

    def __init__(self, day: dt.date) -> None:
        super().__init__()
        self.day = day
        self._timer: Timer | None = None
        self.ok = False
        self.problems: list[str] = []  # items of the typed line not understood
        self.picks: list[Pick] = []

    @property
    def journal(self) -> Any:
        return cramplog_app(self.app).journal

    def compose(self) -> ComposeResult:
        app = cramplog_app(self.app)
        now = app.now()
        at = default_time(self.day, app.today(), now, app.profile.day_start_hour)
        with Vertical(classes="form"):
            yield Label(literal(f"Log food · {self.day:%A %d %B}"), classes="title")
            with Horizontal(classes="row"):
                yield Label("Meal", classes="field")
                yield Select(
                    [(m.value, m.value) for m in MealKind],
                    value=build.meal_for_time(now).value,
                    allow_blank=False,
                    id="meal",
                    compact=True,
                )
                yield Label("Time", classes="field short")
                yield Input(at, id="at", compact=True)
            with Horizontal(classes="row"):
                yield Label("What", classes="field")
                yield Input("", placeholder=PLACEHOLDER, id="quick", compact=True)
            # A long meal scrolls (pageup/pagedown) instead of being cut.
            with VerticalScroll(id="preview-box", can_focus=False):
                yield Static("", id="preview", markup=False)
            with Vertical(id="search-box"):
                with Horizontal(classes="row"):
                    yield Label("Search", classes="field")
                    yield Input("", placeholder="type a food name", id="query", compact=True)
                yield OptionList(id="results", compact=True)
            yield Static("", id="form-error", classes="error", markup=False)
            yield Static(
                "Enter logs the meal · ctrl+f search the table (Enter adds the food)"
                " · ctrl+y copy yesterday's meal · Esc cancel",
                classes="hint",
                markup=False,
            )
            with Horizontal(classes="buttons"):
                yield Button("Log meal", id="save", variant="primary", compact=True)
                yield Button("Search", id="search", compact=True)
                yield Button("Yesterday's", id="yesterday", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#quick", Input).focus()
        self._preview()

    # --- the quick-add line --------------------------------------------------------

    def action_scroll_preview(self, pages: int) -> None:
        box = self.query_one("#preview-box", VerticalScroll)
        if pages < 0:
            box.scroll_page_up()
        else:
            box.scroll_page_down()

    @on(Input.Changed, "#at")
    def _time_changed(self) -> None:
        self._error("")  # what the last Enter refused is no longer what is typed

    @on(Input.Changed, "#quick")
    def _quick_changed(self) -> None:
        # What the last Enter refused is no longer what is typed.
        self._error("")
        # Parse when typing pauses: a long line parses in a few ms, but not on
        # every keystroke of a fast typist.
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(0.15, self._preview)

    def _preview(self) -> None:
        from cramplog.foods.choose import SEARCH_THE_TABLE
        from cramplog.foods.search import default_food_index
        from cramplog.services.meals import parse_meal_text

        text = self.query_one("#quick", Input).value
        preview = self.query_one("#preview", Static)
        self.ok = False
        self.problems = []
        lines: list[Text] = []
        from cramplog.services.meals import drink_ml, tracked_amounts

        eaten: list[_Item] = []
        understood = 0
        problems: list[str] = []
        if text.strip():
            try:
                parsed = parse_meal_text(self.journal, text)
            except CramplogError as exc:
                preview.update(Text(str(exc), style="red"))
                return
            for item in parsed.items:
                if item.resolved:
                    r: Any = item
                    ml = drink_ml(r)
                    fluid = "" if ml is None else f", a drink: {ml:g} ml of fluid"
                    lines.append(
                        Text("✓ ", style="green")
                        + literal(f"{r.text} → {r.name} ({r.grams:.0f} g{fluid})")
                    )
                    eaten.append(_Item(r.grams, r.per100g))
                    lines.append(
                        Text("    " + amounts_line(tracked_amounts(eaten[-1:])), style="dim")
                    )
                    if r.assumptions():
                        lines.append(literal("    " + "; ".join(r.assumptions()), style="dim"))
                    understood += 1
                else:
                    u: Any = item
                    hint = " — one of these? (or ctrl+f to search)" if u.candidates else ""
                    reason = u.reason.replace(SEARCH_THE_TABLE, IN_APP_SEARCH)
                    lines.append(Text("✗ ", style="red") + literal(f"{u.text}: {reason}{hint}"))
                    # With their values: what makes the choice matter.
                    lines += [literal(f"    · {choice}", style="dim") for choice in u.choices(4)]
                    problems.append(u.text)
        table = default_food_index().table if self.picks else None
        for pick in self.picks:
            food = table.get(pick.food_id) if table is not None else None
            if food is None:
                continue
            lines.append(
                Text("+ ", style="green")
                + literal(f"{food.name} ({pick.amount} {pick.unit}, {pick.grams:.0f} g)")
            )
            eaten.append(_Item(pick.grams, food.per100g))
            lines.append(Text("    " + amounts_line(tracked_amounts(eaten[-1:])), style="dim"))
            understood += 1
        if not lines:
            preview.update(Text("Type what you ate, separated by commas.", style="dim"))
            return
        self.problems = problems
        if understood and not problems:
            self.ok = True
            lines.append(Text("Adds about " + amounts_line(tracked_amounts(eaten)), style="bold"))
        preview.update(Text("\n").join(lines))
        # The newest item and the total are at the end: keep them in view.
        self.query_one("#preview-box", VerticalScroll).scroll_end(animate=False)

    # --- saving --------------------------------------------------------------------

    def _when(self) -> dt.datetime:
        return v.moment("time", self.query_one("#at", Input).value, cramplog_app(self.app).now())

    def _meal(self) -> str:
        return str(self.query_one("#meal", Select).value)

    def _error(self, message: str) -> None:
        self.query_one("#form-error", Static).update(message)

    def _log_and_close(self, log: Callable[..., Sequence[FoodEntry | Drink]]) -> None:
        # A refusal keeps the form open with its one line; what was saved closes it.
        try:
            saved = log(at=self.query_one("#at", Input).value, now=cramplog_app(self.app).now())
        except CramplogError as exc:
            self._error(str(exc))
            return
        self.dismiss(list(saved))

    @on(Input.Submitted, "#quick")
    @on(Input.Submitted, "#at")
    def action_save(self) -> None:
        from cramplog.services.meals import log_meal

        if self._timer is not None:
            self._timer.stop()
            self._preview()
        text = self.query_one("#quick", Input).value
        if not text.strip() and not self.picks:
            self._error("Type what you ate first, e.g. 2 eggs, 1 banana (or ctrl+f to search)")
            return
        if self.problems:
            # The preview says why; one line here, not all of it again.
            them = "it" if len(self.problems) == 1 else "them"
            named = ", ".join(repr(p) for p in self.problems)
            self._error(
                f"Nothing logged: {named} not understood (✗ above); change {them} or take"
                f" {them} out"
            )
            return
        self._log_and_close(partial(log_meal, self.journal, text, self.picks, meal=self._meal()))

    def action_copy_yesterday(self) -> None:
        """Log again what was eaten at this meal the day before."""
        from cramplog.services.meals import copy_meal

        yesterday = self.day - dt.timedelta(days=1)
        self._log_and_close(partial(copy_meal, self.journal, yesterday, self._meal()))

    # --- searching the table ---------------------------------------------------------

    def action_search(self) -> None:
        self._error("")
        self.toggle_class("searching")
        if self.has_class("searching"):
            self.query_one("#query", Input).focus()
            self._search("")
        else:
            self.query_one("#quick", Input).focus()

    @on(Input.Changed, "#query")
    def _query_changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    def _search(self, query: str) -> None:
        from cramplog.foods.search import default_food_index
        from cramplog.services.meals import food_boosts

        results = self.query_one("#results", OptionList)
        results.clear_options()
        options: list[Option] = []
        q = query.strip().lower()
        for recipe in self.journal.recipes():
            if not q or q in recipe.name.lower():
                label = literal(f"★ {recipe.name} (saved meal)")
                options.append(Option(label, id=f"r:{recipe.name}"))
        boosts = food_boosts(self.journal)
        if q:
            hits = default_food_index().search(query, limit=30, boosts=boosts)
            foods = [(h.food.id, h.food.name) for h in hits]
        else:
            # An empty box lists what this person eats most.
            table = default_food_index().table
            top = sorted(boosts, key=lambda f: -boosts[f])[:30]
            found = [table.get(f) for f in top]
            foods = [(f.id, f.name) for f in found if f is not None]
        options += [Option(literal(name), id=f"f:{fid}") for fid, name in foods]
        results.add_options(options)

    @on(Input.Submitted, "#query")
    def _query_submitted(self) -> None:
        # Enter in the search box takes the best match, as the list shows it.
        results = self.query_one("#results", OptionList)
        if results.option_count:
            self._pick(results.get_option_at_index(0).id or "")

    @on(OptionList.OptionSelected, "#results")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self._pick(event.option.id or "")

    def _pick(self, ident: str) -> None:
        if ident.startswith("r:"):
            if self.query_one("#quick", Input).value.strip() or self.picks:
                self._error("Log what is typed first (Enter), then the saved meal.")
                return
            self._log_recipe(ident[2:])
        elif ident.startswith("f:"):
            self.app.push_screen(PortionScreen(ident[2:]), self._portion_chosen)

    def _log_recipe(self, name: str) -> None:
        self._log_and_close(partial(self.journal.log_recipe, name, meal=self._meal()))

    def _portion_chosen(self, choice: tuple[str, float, str, str] | None) -> None:
        from cramplog.services.meals import Pick

        if choice is None:
            return
        food_id, grams, amount, unit = choice
        # Added to the meal beside what is typed; Enter logs them all together.
        self.picks.append(Pick(food_id, grams, amount, unit))
        if self.has_class("searching"):
            self.action_search()
        self._preview()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        actions = {
            "save": self.action_save,
            "search": self.action_search,
            "yesterday": self.action_copy_yesterday,
            "cancel": self.action_cancel,
        }
        action = actions.get(event.button.id or "")
        if action is not None:
            action()

    def action_cancel(self) -> None:
        self.dismiss(None)


class PortionScreen(ModalScreen[tuple[str, float, str, str] | None]):
    """How much of one food: its own USDA portions, or grams."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, food_id: str) -> None:
        super().__init__()
        from cramplog.foods.search import default_food_index

        food = default_food_index().table.get(food_id)
        if food is None:
            raise CramplogError(f"food {food_id} is not in the food table")
        self.food = food

    def compose(self) -> ComposeResult:
        choices = [
            (literal(f"{p.amount:g} {p.unit} ({p.grams:g} g)"), i)
            for i, p in enumerate(self.food.portions)
        ]
        choices.append((literal("grams"), -1))
        with Vertical(classes="form"):
            yield Label(literal(self.food.name), classes="title")
            with VerticalScroll(classes="fields"):
                with Horizontal(classes="row"):
                    yield Label("Portion", classes="field")
                    yield Select(
                        choices, value=choices[0][1], allow_blank=False, id="portion", compact=True
                    )
                with Horizontal(classes="row"):
                    yield Label("How many", classes="field")
                    yield Input("1", id="count", compact=True)
            yield Static("", id="form-error", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Add to the meal", id="add", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#count", Input).focus()

    @on(Input.Submitted)
    def action_add(self) -> None:
        index = self.query_one("#portion", Select).value
        raw = self.query_one("#count", Input).value
        try:
            count = v.positive("amount", raw.replace(",", "."), 5000)
        except CramplogError as exc:
            self.query_one("#form-error", Static).update(str(exc))
            return
        if index == -1:
            self.dismiss((self.food.id, count, f"{count:g}", "g"))
            return
        portion = self.food.portions[int(str(index))]
        grams = count * portion.grams / portion.amount
        self.dismiss((self.food.id, grams, f"{count * portion.amount:g}", portion.unit))

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "add":
            self.action_add()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)
