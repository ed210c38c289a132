"""Entry forms as modal screens, validated by the service layer as you type.

A form is a list of :class:`Field` and two callables: ``check`` raises the
service layer's ValidationError for what is typed (nothing written), ``save``
writes it. Enter anywhere saves when everything is valid, Escape cancels
without saving, so the common case is one key to open and Enter to save.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from cramplog.domain import CramplogError, StaleEntryError, ValidationError
from cramplog.tui.base import literal

Values = dict[str, Any]
FieldKind = Literal["text", "choice", "bool"]


@dataclass(frozen=True)
class Field:
    key: str  # the service layer's name for it ("at", "severity", ...)
    label: str
    value: Any = ""
    kind: FieldKind = "text"
    choices: tuple[str, ...] = ()
    placeholder: str = ""
    # The ValidationError.field names that point at this field.
    errors: tuple[str, ...] = ()
    # A choice picked by its initial from anywhere but a typed field ("t" toe,
    # "t" again thigh; "l" left): see FormScreen.shortcut.
    initials: bool = False
    # A whole number typed as digits; letters typed there are the form's keys,
    # and a digit typed outside any typed field sets it (severity).
    digits: bool = False

    def owns(self, error_field: str) -> bool:
        return error_field == self.key or error_field in self.errors


@dataclass(frozen=True)
class QuickChoice:
    """A button that fills one field (a glass: 250, 330, 500 ml)."""

    label: str
    key: str
    value: str


def labelled_row(
    label: str, widget: Widget, hint: str = "", *, prefix: str, hint_classes: str = "field-hint"
) -> ComposeResult:
    """Label, field and hint on one line, and under them the field's error line.

    The error line's id is ``{prefix}{name}-error`` for a widget ``{prefix}{name}``.
    """
    with Horizontal(classes="row"):
        yield Label(label, classes="field")
        yield widget
        if hint:
            yield Static(hint, classes=hint_classes)
    name = (widget.id or "").removeprefix(prefix)
    error = Static("", classes="error", id=f"{prefix}{name}-error", markup=False)
    error.display = False
    yield error


class DigitsInput(Input):
    """A field of digits: a letter typed here is not text but the form's key."""

    async def _on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character is not None and event.character.isalpha():
            # Not typed here (Input's own handler is skipped), not stopped: it
            # goes on to the form (FormScreen.on_key).
            event.prevent_default()
            return
        await super()._on_key(event)


class FormScreen(ModalScreen[Any]):
    """A modal form; dismisses with what ``save`` returned, or None on Escape.

    Few keys: Enter saves from every field (a dropdown open on screen takes
    Enter to choose, then the next Enter saves; space or ↓ opens one); a
    choice marked ``initials`` is set by its first letter from anywhere but a
    typed field; a digit typed outside a typed field sets the ``digits`` field.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
        # Enter typed right behind the key that opened the form can arrive
        # before any field has focus; it still means "save".
        Binding("enter", "save", "Save", show=False),
        # On a closed dropdown Enter saves too, instead of opening it again.
        Binding("enter", "save_from_choice", "Save", show=False, priority=True),
    ]

    def __init__(
        self,
        title: str,
        fields: list[Field],
        check: Callable[[Values], object],
        save: Callable[[Values], Any],
        *,
        hint: str = "",
        quick: tuple[QuickChoice, ...] = (),
        focus: str | None = None,
    ) -> None:
        super().__init__()
        self.form_title = title
        self.fields = fields
        self._check = check
        self._save = save
        self.hint = hint
        self.quick = quick
        self._focus = focus
        self.error: ValidationError | CramplogError | None = None
        # The values as the form opened: until one changes (or Save is
        # pressed), a check only greys out Save, so an empty form does not
        # open with an error.
        self._opened_with: Values | None = None
        # The letter last used on each choice field (FormScreen.shortcut).
        self._letters: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Label(literal(self.form_title), classes="title", markup=False)
            with VerticalScroll(classes="fields"):
                for f in self.fields:
                    with Horizontal(classes="row"):
                        yield Label(f.label, classes="field")
                        yield self._widget(f)
            if self.quick:
                with Horizontal(classes="buttons quick"):
                    for i, q in enumerate(self.quick):
                        yield Button(q.label, id=f"quick-{i}", compact=True)
            yield Static("", id="form-error", classes="error", markup=False)
            if self.hint:
                yield Static(self.hint, classes="hint", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Save", id="save", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def _widget(self, f: Field) -> Widget:
        ident = f"f-{f.key}"
        if f.kind == "choice":
            return Select(
                [(literal(c), c) for c in f.choices],
                value=f.value,
                allow_blank=False,
                id=ident,
                compact=True,
            )
        if f.kind == "bool":
            # A yes/no choice, not a checkbox: a checkbox's mark looks the same
            # ticked or not in many terminal themes.
            return Select(
                [("no", "no"), ("yes", "yes")],
                value="yes" if f.value else "no",
                allow_blank=False,
                id=ident,
                compact=True,
            )
        if f.digits:
            return DigitsInput(str(f.value), placeholder=f.placeholder, id=ident, compact=True)
        return Input(str(f.value), placeholder=f.placeholder, id=ident, compact=True)

    def on_mount(self) -> None:
        target = self._focus or next(
            (f.key for f in self.fields if f.kind == "text"), self.fields[0].key
        )
        self.query_one(f"#f-{target}").focus()
        self._opened_with = self.values()
        self.validate()

    # --- values and validation ----------------------------------------------------

    def values(self) -> Values:
        out: Values = {}
        for f in self.fields:
            widget = self.query_one(f"#f-{f.key}")
            if isinstance(widget, Select) and f.kind == "bool":
                out[f.key] = widget.value == "yes"
            elif isinstance(widget, Input | Select | Checkbox):
                out[f.key] = widget.value
        return out

    def validate(self, *, saving: bool = False) -> bool:
        values = self.values()
        quiet = not saving and values == self._opened_with
        try:
            self._check(values)
        except CramplogError as exc:
            self._show(exc, quiet=quiet)
            return False
        self._show(None)
        return True

    def _show(self, error: CramplogError | None, *, quiet: bool = False) -> None:
        self.error = error
        shown = None if quiet else error
        self.query_one("#form-error", Static).update("" if shown is None else str(shown))
        bad = shown.field if isinstance(shown, ValidationError) else None
        for f in self.fields:
            widget = self.query_one(f"#f-{f.key}")
            widget.set_class(bad is not None and f.owns(bad), "-invalid")
        self.query_one("#save", Button).disabled = error is not None

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _changed(self) -> None:
        self.validate()

    # --- keys ------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save_from_choice":
            # Only on a closed dropdown; an open one takes Enter to choose.
            return isinstance(self.focused, Select) and not self.focused.expanded
        return True

    def action_save_from_choice(self) -> None:
        self.action_save()

    def on_key(self, event: events.Key) -> None:
        # Keys no field took: printable keys typed on a dropdown, on a digits
        # field, or before any field has focus.
        if event.character is not None and self.shortcut(event.character):
            event.stop()
            event.prevent_default()

    def shortcut(self, char: str) -> bool:
        """Set a field from one key: a choice by its initial, a number by a digit."""
        if not self.is_mounted:
            return False
        if char.isdigit():
            for f in self.fields:
                if f.digits:
                    self.query_one(f"#f-{f.key}", Input).value = char
                    return True
            return False
        for f in self.fields:
            if not f.initials:
                continue
            starting = [c for c in f.choices if c[:1].lower() == char.lower()]
            if not starting:
                continue
            select = self.query_one(f"#f-{f.key}", Select)
            # A letter picks the first choice with it ("t" toe, whatever the
            # form opened on); the same letter again, the next (thigh).
            now = str(select.value)
            again = self._letters.get(f.key) == char.lower() and now in starting
            select.value = starting[(starting.index(now) + 1) % len(starting) if again else 0]
            self._letters[f.key] = char.lower()
            return True
        return False

    # --- actions ---------------------------------------------------------------

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        ident = event.button.id or ""
        if ident == "save":
            self.action_save()
        elif ident == "cancel":
            self.action_cancel()
        elif ident.startswith("quick-"):
            q = self.quick[int(ident.removeprefix("quick-"))]
            self.query_one(f"#f-{q.key}", Input).value = q.value
            self.action_save()

    def action_save(self) -> None:
        if not self.validate(saving=True):
            return
        try:
            saved = self._save(self.values())
        except StaleEntryError as exc:
            # The entry changed in another program since the form opened: the
            # form closes, and the screen under it shows the entry as it is now.
            self.app.notify(f"{exc}; reloaded", severity="warning", markup=False, timeout=8)
            self.dismiss(None)
            return
        except CramplogError as exc:
            # Caught at save time (a medicine deleted meanwhile, a full disk):
            # the form stays open with what was typed, nothing was written.
            self._show(exc)
            return
        self.dismiss(saved)

    def action_cancel(self) -> None:
        self.dismiss(None)
