"""When the night screen and the medicine list open from the app itself.

Kept apart from ``tui.app`` so the app's start-up imports nothing more: the
screens load when first opened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cramplog.times import in_the_night

if TYPE_CHECKING:
    from cramplog.domain import Cramp
    from cramplog.tui.app import CramplogApp
    from cramplog.tui.screens.night import NightScreen


def _open_night_screen(app: CramplogApp) -> NightScreen | None:
    from cramplog.tui.screens.night import NightScreen

    return next((s for s in app.screen_stack if isinstance(s, NightScreen)), None)


def night_at_start(app: CramplogApp) -> None:
    """Open the night screen when the app starts in the small hours.

    Called when the first screen is up (with the default day-start hour, the
    journal still opening) and again once the journal is open (with the
    profile's hour): an untouched night screen opened by the first guess is
    closed again if the profile's hour says it is no longer night.
    """
    night = in_the_night(app.now(), app.profile.day_start_hour)
    if app.night_opened:
        shown = _open_night_screen(app)
        if shown is None:
            return
        # Keys typed at it while the journal opened are meant for it: it stays.
        untouched = not shown.touched and not app.keys_waiting and shown.cramp is None
        if shown.at_start and not night and untouched:
            shown.dismiss(None)
        return
    if night:
        # Only now is the night screen's module loaded: a daytime start never needs it.
        open_night(app, at_start=True)


def open_night(app: CramplogApp, *, at_start: bool = False) -> None:
    """The night screen over whatever is shown; a cramp saved there can be undone on Today."""
    from cramplog.tui.screens.night import NightScreen

    if _open_night_screen(app) is not None:
        return
    app.night_opened = True

    def done(cramp: Cramp | None) -> None:
        if cramp is None:
            return
        from cramplog.tui.screens.today import TodayScreen

        screen = app.screen
        if isinstance(screen, TodayScreen):
            screen.history.record("cramp", (cramp,), ())
            screen.refresh_data()
        app.notify("cramp saved · u on Today to undo", timeout=3)

    app.push_screen(NightScreen(at_start=at_start), done)


def add_medicine(app: CramplogApp) -> None:
    """The medicine list, with the form to add one open (the command palette's "add")."""
    if not app.journal_ready:
        app.notify("Opening your journal…", timeout=2)
        return

    def add() -> None:
        action = getattr(app.screen, "action_add", None)
        if action is not None:
            action()

    app.switch_mode("medicines")
    app.call_after_refresh(add)
