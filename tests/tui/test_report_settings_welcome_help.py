"""Pilot tests: the first-run welcome, settings, the report and the help screen."""

from __future__ import annotations

import io
from pathlib import Path

from textual.widgets import Button, Checkbox, Input, Select, Static

from cramplog.tui.screens.help import HelpScreen
from cramplog.tui.screens.report import ReportScreen
from cramplog.tui.screens.settings import SettingsScreen
from cramplog.tui.screens.welcome import WelcomeScreen
from tests.tui.conftest import AppFactory, reopen
from tests.waiting import pilot_wait_until

SIZE = (80, 24)


def static_text(screen: object, selector: str) -> str:
    widget = screen.query_one(selector, Static)  # type: ignore[attr-defined]
    return str(widget.render())


async def type_into(pilot: object, selector: str, text: str) -> None:
    """Replace an input's text the way a person would: focus, clear, type."""
    app = pilot.app  # type: ignore[attr-defined]
    field = app.screen.query_one(selector, Input)
    field.focus()
    field.value = ""
    await pilot.press(*text)  # type: ignore[attr-defined]


# --- welcome -------------------------------------------------------------------------


async def test_welcome_saves_the_profile(make_app: AppFactory, empty_path: Path) -> None:
    app = make_app(empty_path, welcome=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        app.screen.query_one("#welcome-sex", Select).value = "female"
        await type_into(pilot, "#welcome-birth_year", "1970")
        await type_into(pilot, "#welcome-day_start_hour", "5")
        await pilot.click("#welcome-start")
        await pilot.pause()
        assert not isinstance(app.screen, WelcomeScreen)
    saved = reopen(empty_path)
    try:
        profile = saved.profile()
    finally:
        saved.close()
    assert profile.onboarded
    assert profile.sex is not None and profile.sex.value == "female"
    assert profile.birth_year == 1970
    assert profile.day_start_hour == 5


async def test_welcome_refuses_a_bad_year(make_app: AppFactory, empty_path: Path) -> None:
    app = make_app(empty_path, welcome=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_into(pilot, "#welcome-birth_year", "1800")
        await pilot.click("#welcome-start")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert "1900" in static_text(app.screen, "#welcome-birth_year-error")
    saved = reopen(empty_path)
    try:
        assert not saved.profile().onboarded
    finally:
        saved.close()


async def test_welcome_escape_skips_without_saving(make_app: AppFactory, empty_path: Path) -> None:
    app = make_app(empty_path, welcome=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_into(pilot, "#welcome-birth_year", "1970")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, WelcomeScreen)
    saved = reopen(empty_path)
    try:
        # Nothing typed is saved; that the welcome was shown is (once per journal).
        assert saved.profile().birth_year is None
        assert saved.profile().onboarded
    finally:
        saved.close()


async def test_welcome_demo_leaves_own_journal_empty(
    make_app: AppFactory, empty_path: Path
) -> None:
    app = make_app(empty_path, welcome=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.click("#welcome-demo")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, WelcomeScreen)
        assert app.journal.path == empty_path.with_name("demo.sqlite3")
        assert app.sub_title == "demo journal"
        assert app.journal.counts()["cramps"] > 0
        assert len(app.journal.entries()) > 100
    own = reopen(empty_path)
    try:
        assert not any(own.counts().values())
        # Its welcome was shown: the next start opens it on Today.
        assert own.profile().onboarded
        assert own.profile().birth_year is None
    finally:
        own.close()


# --- settings ------------------------------------------------------------------------


async def open_settings(app: object, pilot: object) -> SettingsScreen:
    await app.switch_mode("settings")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, SettingsScreen)
    return screen


async def test_settings_bad_birth_year_saves_nothing(make_app: AppFactory, demo_path: Path) -> None:
    before = reopen(demo_path)
    try:
        old = before.profile()
    finally:
        before.close()
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        await type_into(pilot, "#settings-birth_year", "1800")
        await type_into(pilot, "#settings-day_start_hour", "6")
        await pilot.pause()
        assert "birth year must be a whole number 1900-" in static_text(
            screen, "#settings-birth_year-error"
        )
        assert screen.query_one("#settings-birth_year-error").display
        assert not screen.query_one("#settings-day_start_hour-error").display
        # The form is taller than 24 lines: bring Save into view as a person would.
        screen.query_one("#settings-save").scroll_visible(animate=False)
        await pilot.pause()
        await pilot.click("#settings-save")
        await pilot.pause()
        assert "Nothing saved" in static_text(screen, "#settings-status")
    after = reopen(demo_path)
    try:
        assert after.profile() == old
    finally:
        after.close()


async def test_settings_good_change_saves(make_app: AppFactory, demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        await type_into(pilot, "#settings-birth_year", "1961")
        await type_into(pilot, "#settings-fluid_restriction_ml", "1500")
        screen.query_one("#settings-theme", Select).value = "nord"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Saved" in static_text(screen, "#settings-status")
        assert app.profile.birth_year == 1961
        assert app.theme == "nord"
    after = reopen(demo_path)
    try:
        profile = after.profile()
    finally:
        after.close()
    assert profile.birth_year == 1961
    assert profile.fluid_restriction_ml == 1500
    assert profile.theme == "nord"


async def test_settings_pregnancy_needs_female(make_app: AppFactory, demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        screen.query_one("#settings-sex", Select).value = "male"
        screen.query_one("#settings-life_stage", Select).value = "pregnancy"
        await pilot.pause()
        assert "needs sex female" in static_text(screen, "#settings-life_stage-error")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.profile.life_stage.value == "general"


async def test_settings_saves_the_identity(make_app: AppFactory, demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(app, pilot)
        await type_into(pilot, "#settings-birth_date", "2150-01-01")
        await pilot.pause()
        assert "past day" in static_text(screen, "#settings-birth_date-error")
        await type_into(pilot, "#settings-birth_date", "1961-04-02")
        await type_into(pilot, "#settings-name", "Ann Example")
        await type_into(pilot, "#settings-identifier", "NHS 943 476 5919")
        await pilot.pause()
        assert not screen.query_one("#settings-birth_date-error").display
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Saved" in static_text(screen, "#settings-status")
        # The year follows the date and the form shows it.
        assert screen.query_one("#settings-birth_year", Input).value == "1961"
    after = reopen(demo_path)
    try:
        profile = after.profile()
    finally:
        after.close()
    assert (profile.name, profile.identifier) == ("Ann Example", "NHS 943 476 5919")
    assert (profile.birth_date.isoformat() if profile.birth_date else None) == "1961-04-02"
    assert profile.birth_year == 1961


# --- report --------------------------------------------------------------------------


async def write_and_wait(app: object, pilot: object) -> None:
    """Press "write" and wait for what it led to: a written report or a refusal."""
    screen = app.screen  # type: ignore[attr-defined]
    button = screen.query_one("#report-write", Button)
    # A button ignores clicks while it still shows the last press.
    await pilot_wait_until(
        pilot,
        lambda: not button.has_class("-active") and not button.disabled,
        what="the write button to take a press",
    )
    # Earlier messages are cleared, so the wait below sees this press's outcome.
    for selector in ("#report-done", "#report-error"):
        screen.query_one(selector, Static).update("")
    await pilot.click("#report-write")  # type: ignore[attr-defined]
    # The press is a message and the report is written in a worker.
    await pilot_wait_until(
        pilot,
        lambda: (
            not button.disabled
            and (static_text(screen, "#report-done") or static_text(screen, "#report-error"))
        ),
        what="the report to be written or refused",
    )
    await app.workers.wait_for_complete()  # type: ignore[attr-defined]


async def open_report(app: object, pilot: object) -> ReportScreen:
    await app.switch_mode("report")  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, ReportScreen)
    return screen


async def test_report_writes_a_pdf(make_app: AppFactory, demo_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "for-doctor.pdf"
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_report(app, pilot)
        # The preset period ends on the last whole day before the app's (fixed) today.
        assert screen.query_one("#report-to", Input).value == "2026-03-17"
        assert screen.query_one("#report-from", Input).value == "2025-12-18"
        assert screen.query_one("#report-path", Input).value.endswith(
            "cramplog-report-2026-03-17.pdf"
        )
        screen.query_one("#report-path", Input).value = str(target)
        await write_and_wait(app, pilot)
        await pilot.pause()
        assert static_text(screen, "#report-error") == ""
        assert str(target) in static_text(screen, "#report-done")
    assert target.read_bytes().startswith(b"%PDF")


async def test_report_says_a_start_moved_to_the_first_logged_day(
    make_app: AppFactory, demo_path: Path, tmp_path: Path
) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_report(app, pilot)
        screen.query_one("#report-from", Input).value = "2000-01-01"
        screen.query_one("#report-path", Input).value = str(tmp_path / "all.pdf")
        await write_and_wait(app, pilot)
        await pilot.pause()
        done = static_text(screen, "#report-done")
        assert "The start asked for, 2000-01-01, is before the first logged day" in done


async def test_report_refuses_to_overwrite(
    make_app: AppFactory, demo_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "existing.pdf"
    target.write_bytes(b"keep me")
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_report(app, pilot)
        screen.query_one("#report-period", Select).value = "last 30 days"
        await pilot.pause()
        screen.query_one("#report-path", Input).value = str(target)
        await write_and_wait(app, pilot)
        await pilot.pause()
        assert "already exists" in static_text(screen, "#report-error")
        assert target.read_bytes() == b"keep me"

        screen.query_one("#report-replace", Checkbox).value = True
        await write_and_wait(app, pilot)
        await pilot.pause()
        assert str(target) in static_text(screen, "#report-done")
    assert target.read_bytes().startswith(b"%PDF")


async def test_report_custom_dates_and_html(
    make_app: AppFactory, demo_path: Path, tmp_path: Path
) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_report(app, pilot)
        screen.query_one("#report-period", Select).value = "from / to dates"
        screen.query_one("#report-format", Select).value = "html"
        await pilot.pause()
        assert screen.query_one("#report-path", Input).value.endswith(".html")
        await type_into(pilot, "#report-from", "2026-02-01")
        await type_into(pilot, "#report-to", "2026-01-01")
        target = tmp_path / "report.html"
        screen.query_one("#report-path", Input).value = str(target)
        await write_and_wait(app, pilot)
        assert "starts after it ends" in static_text(screen, "#report-error")
        await type_into(pilot, "#report-to", "2026-02-28")
        await write_and_wait(app, pilot)
        await pilot.pause()
        assert str(target) in static_text(screen, "#report-done")
    assert "<html" in target.read_text(encoding="utf-8").lower()


def test_report_screen_imports_no_heavy_modules() -> None:
    import subprocess
    import sys

    code = (
        "import sys, cramplog.tui.screens.report, cramplog.tui.screens.settings,"
        " cramplog.tui.screens.welcome, cramplog.tui.screens.help;"
        " print(sorted(m for m in ('pandas', 'matplotlib', 'numpy', 'scipy')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- help ----------------------------------------------------------------------------


async def test_help_opens_and_closes(make_app: AppFactory, demo_path: Path) -> None:
    app = make_app(demo_path)
    async with app.run_test(size=SIZE) as pilot:
        await app.switch_mode("settings")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)


async def test_help_lists_every_screen(make_app: AppFactory, demo_path: Path) -> None:
    from rich.console import Console

    from cramplog.tui.app import SCREENS
    from cramplog.tui.screens.help import key_map

    app = make_app(demo_path)
    async with app.run_test(size=SIZE):
        console = Console(width=76, record=True, file=io.StringIO())
        # As the help screen passes it: a screen sees its app as App[object].
        console.print(key_map(app.screen.app))
        text = console.export_text()
    for _, _key, title, _ in SCREENS:
        assert f"{title}:" in text
    # Each screen's own keys, from its KEY_HELP.
    assert "write the report" in text
    assert "save every change" in text
    assert "ctrl+p" in text


async def test_the_welcome_shows_once_per_journal(empty_path: Path) -> None:
    """A journal shows its welcome once, also one made by `cramplog demo`."""
    from cramplog.services import Journal
    from cramplog.tui.app import CramplogApp
    from tests.waiting import wait_for_journal

    from .conftest import clock

    demo = Journal.open(empty_path)
    try:
        demo.fill_with_demo(30)
    finally:
        demo.close()
    for _ in range(2):
        app = CramplogApp(empty_path, clock=clock)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for_journal(pilot)
            assert not isinstance(app.screen, WelcomeScreen)
        app.journal.close()


async def test_a_skipped_welcome_does_not_come_back(empty_path: Path) -> None:
    from cramplog.services import Journal
    from cramplog.tui.app import CramplogApp
    from tests.waiting import wait_for_journal

    from .conftest import clock

    Journal.open(empty_path).close()
    shown = []
    for _ in range(2):
        app = CramplogApp(empty_path, clock=clock)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for_journal(pilot)
            shown.append(isinstance(app.screen, WelcomeScreen))
            if shown[-1]:
                await pilot.press("escape")
                await pilot.pause()
        app.journal.close()
    assert shown == [True, False]
