"""Settings: the profile that picks reference intakes, the journal day, the theme.

Every field is checked as it is typed, with the service layer's own message,
and Save writes all the changes in one transaction or none of them.
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Footer, Header, Input, Select, Static

from cramplog.domain import CramplogError, LifeStage, Profile, Sex, ValidationError
from cramplog.services.profile import checked_profile
from cramplog.tui.base import JournalScreen, safe
from cramplog.tui.forms import labelled_row

SEXES: tuple[tuple[str, str], ...] = (("female", Sex.FEMALE.value), ("male", Sex.MALE.value))
LIFE_STAGES: tuple[tuple[str, str], ...] = (
    ("neither", LifeStage.GENERAL.value),
    ("pregnant", LifeStage.PREGNANCY.value),
    ("breastfeeding", LifeStage.LACTATION.value),
)
INPUTS = (
    "birth_year",
    "birth_date",
    "day_start_hour",
    "fluid_reference_ml",
    "fluid_restriction_ml",
    "name",
    "identifier",
)
SELECTS = ("sex", "life_stage", "theme")
# Every profile field a person sets (the welcome screen sets "onboarded").
FIELDS = tuple(f.name for f in dataclasses.fields(Profile) if f.name != "onboarded")


def _text(value: object) -> str:
    return "" if value is None else str(value)


def field_errors(current: Profile, values: dict[str, Any]) -> dict[str, str]:
    """The service layer's message for each field that is wrong, keyed by field.

    Each field is checked alone against a blank profile, so one mistake does
    not hide another; the rules that join fields (pregnancy needs sex female)
    are checked once every field is fine on its own.
    """
    errors: dict[str, str] = {}
    for key, raw in values.items():
        try:
            checked_profile(Profile(), **{key: raw})
        except ValidationError as exc:
            errors[exc.field] = exc.message
    if not errors:
        try:
            checked_profile(current, **values)
        except ValidationError as exc:
            errors[exc.field] = exc.message
    return errors


class SettingsScreen(JournalScreen):
    """Edit the profile; nothing is saved while any field is invalid."""

    # What is typed here is kept when another program changes the journal.
    REFRESH_ON_OUTSIDE_CHANGE: ClassVar[bool] = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save"),
    ]
    KEY_HELP: ClassVar[dict[str, str]] = {
        "ctrl+s / Enter": "save every change at once (nothing is saved while a field is wrong)",
        "tab / shift+tab": "move between fields",
    }

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(classes="page", id="settings-page"):
            yield Static("Settings", classes="title")
            yield Static(
                "Sex, age and pregnancy pick your reference intakes. A fluid restriction"
                " switches off low-fluid days. Saved only in your journal, on this computer.",
                classes="hint",
            )
            yield from self._row(
                "Sex", Select(SEXES, prompt="not set", compact=True, id="settings-sex")
            )
            yield from self._row(
                "Birth year", Input(placeholder="e.g. 1970", compact=True, id="settings-birth_year")
            )
            yield from self._row(
                "Date of birth",
                Input(placeholder="optional", compact=True, id="settings-birth_date"),
                "YYYY-MM-DD; sets the birth year",
            )
            yield from self._row(
                "Pregnant or nursing",
                Select(LIFE_STAGES, allow_blank=False, compact=True, id="settings-life_stage"),
            )
            yield from self._row(
                "Day starts at hour",
                Input(compact=True, id="settings-day_start_hour"),
                "earlier counts with the night before",
            )
            yield from self._row(
                "Fluid reference ml",
                Input(placeholder="default", compact=True, id="settings-fluid_reference_ml"),
                "empty: the NASEM value for your sex",
            )
            yield from self._row(
                "Fluid restriction ml",
                Input(placeholder="none", compact=True, id="settings-fluid_restriction_ml"),
                "only if a clinician set a limit",
            )
            yield from self._row(
                "Theme",
                Select(
                    [(name, name) for name in sorted(self.app.available_themes)],
                    allow_blank=False,
                    compact=True,
                    id="settings-theme",
                ),
            )
            yield from self._row(
                "Name",
                Input(placeholder="optional", compact=True, id="settings-name"),
                "shown on the clinician report",
            )
            yield from self._row(
                "Identifier",
                Input(placeholder="optional", compact=True, id="settings-identifier"),
                "e.g. an NHS or clinic number",
            )
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", compact=True, id="settings-save")
                yield Button("Revert", compact=True, id="settings-revert")
                yield Button("Backups and export…", compact=True, id="settings-keep")
            yield Static("", classes="hint", id="settings-status")
        yield Footer()

    def _row(self, label: str, widget: Input | Select[str], hint: str = "") -> ComposeResult:
        return labelled_row(label, widget, hint, prefix="settings-", hint_classes="field-hint")

    def on_mount(self) -> None:
        self._load(self.capp.profile)

    def refresh_data(self) -> None:
        # Only when nothing is pending: coming back must not throw away typing.
        if not self._changes():
            self._load(self.capp.profile)

    # --- reading and writing the form ----------------------------------------------

    def _load(self, profile: Profile) -> None:
        with self.prevent(Input.Changed, Select.Changed):
            sex = self.query_one("#settings-sex", Select)
            if profile.sex is None:
                sex.clear()
            else:
                sex.value = profile.sex.value
            self.query_one("#settings-life_stage", Select).value = profile.life_stage.value
            theme = self.query_one("#settings-theme", Select)
            if profile.theme in self.app.available_themes:
                theme.value = profile.theme
            for key in INPUTS:
                self.query_one(f"#settings-{key}", Input).value = _text(getattr(profile, key))
        self._show_errors({})
        self._set_status("")

    def _values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for key in SELECTS:
            value = self.query_one(f"#settings-{key}", Select).value
            values[key] = value if isinstance(value, str) else None
        for key in INPUTS:
            values[key] = self.query_one(f"#settings-{key}", Input).value
        return values

    def _changes(self) -> dict[str, Any]:
        """The fields whose text differs from the saved profile."""
        profile = self.capp.profile
        saved = {key: getattr(profile, key) for key in FIELDS}
        changes: dict[str, Any] = {}
        for key, value in self._values().items():
            old = saved[key]
            old_text = old.value if isinstance(old, Sex | LifeStage) else _text(old)
            new_text = _text(value).strip()
            if new_text != old_text:
                changes[key] = value
        return changes

    def _show_errors(self, errors: dict[str, str]) -> None:
        for key in FIELDS:
            error = self.query_one(f"#settings-{key}-error", Static)
            message = errors.get(key, "")
            error.update(Text(safe(message)))
            error.display = bool(message)

    def _set_status(self, message: str) -> None:
        self.query_one("#settings-status", Static).update(Text(safe(message)))

    def _check(self) -> dict[str, str]:
        errors = field_errors(self.capp.profile, self._values())
        self._show_errors(errors)
        return errors

    @on(Input.Changed)
    @on(Select.Changed)
    def _edited(self) -> None:
        errors = self._check()
        if errors:
            self._set_status("Not saved yet: fix the field marked in red.")
        elif self._changes():
            self._set_status("Changed; press Save (ctrl+s) to keep it.")
        else:
            self._set_status("")

    @on(Input.Submitted)
    @on(Button.Pressed, "#settings-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#settings-keep")
    def _keep_pressed(self) -> None:
        self.capp.action_safekeeping()

    @on(Button.Pressed, "#settings-revert")
    def _revert_pressed(self) -> None:
        self.action_revert()

    def action_save(self) -> None:
        if self._check():
            self._set_status("Nothing saved: fix the field marked in red first.")
            return
        changes = self._changes()
        if not changes:
            self._set_status("Nothing to save: no changes.")
            return
        try:
            self.journal.update_profile(**changes)
        except ValidationError as exc:
            self._show_errors({exc.field: exc.message})
            self._set_status("Nothing saved.")
            return
        except CramplogError as exc:
            self._set_status(f"Nothing saved: {exc}")
            return
        self.capp.profile_changed()
        self._load(self.capp.profile)
        self._set_status("Saved.")
        self.notify("Settings saved.")

    def action_revert(self) -> None:
        self._load(self.capp.profile)
        self._set_status("Back to the saved settings.")
