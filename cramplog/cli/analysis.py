"""`cramplog analyze` and `cramplog demo`, added to the main group by register()."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cramplog.cli.context import AppContext, expected_errors
from cramplog.domain import CramplogError, Profile
from cramplog.paths import default_db_path, resolve_db_path
from cramplog.terminal_text import escape_json, scrub

if TYPE_CHECKING:
    from cramplog.storage.engine import Database


def _app(ctx: click.Context) -> AppContext | None:
    """The app context, or None under a plain group (the commands then open the file here)."""
    app = ctx.find_root().obj
    return app if isinstance(app, AppContext) else None


def _db_path(ctx: click.Context) -> Path:
    app = _app(ctx)
    return app.db_path if app is not None else resolve_db_path(ctx.find_root().params.get("db"))


@contextmanager
def _journal(ctx: click.Context) -> Iterator[tuple[Database, Profile]]:
    """(database, profile) from the app context, or opened here when there is none."""
    app = _app(ctx)
    if app is not None:
        journal = app.journal()
        yield journal.db, journal.profile()
        return
    from cramplog.analysis.run import read_profile
    from cramplog.storage.schema import open_database

    db = open_database(_db_path(ctx)).database
    try:
        yield db, read_profile(db)
    finally:
        db.close()


def _date(field: str, text: str | None) -> dt.date | None:
    if text is None:
        return None
    from cramplog.times import parse_date

    return parse_date(text, field=field)


@click.command("analyze")
@click.option(
    "--from",
    "start",
    default=None,
    metavar="DATE",
    help="First journal day (default and at the earliest: the first logged day).",
)
@click.option(
    "--to",
    "end",
    default=None,
    metavar="DATE",
    help="Last journal day (default: yesterday, the last whole day; 'today' for today so far).",
)
@click.option(
    "--all", "whole", is_flag=True, help="The whole journal: its first logged day to yesterday."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (see docs/analysis.md).")
@click.pass_context
@expected_errors
def analyze_command(
    ctx: click.Context, start: str | None, end: str | None, whole: bool, as_json: bool
) -> None:
    """Intake, fluids, cramps, and whether low days go with more cramp nights."""
    if whole and (start or end):
        raise CramplogError("--all is the whole journal: give it without --from or --to")
    first, last = _date("from", start), _date("to", end)
    if first is not None and last is not None and first > last:
        raise CramplogError("--from must not be after --to")
    from cramplog.analysis.period import journal_period
    from cramplog.analysis.run import analyze, result_to_json
    from cramplog.analysis.text import render_text

    with _journal(ctx) as (db, profile):
        # The same rule as the report's, over the whole journal by default.
        period = journal_period(db, profile.day_start_hour, first, last, days=None)
        for note in period.notes:
            click.echo(f"note: {note}", err=True)
        result = analyze(db, profile, period.start, period.end)
    if as_json:
        click.echo(
            escape_json(
                json.dumps(result_to_json(result), ensure_ascii=False, indent=1, allow_nan=False)
            )
        )
    else:
        # The text quotes stored names (medicines); their lines stay lines.
        click.echo(scrub(render_text(result), keep_newlines=True), nl=False)


@click.command("demo")
@click.option(
    "--days",
    default=180,
    show_default=True,
    type=click.IntRange(1, 40_000),
    help="Journal days to make up.",
)
@click.option("--seed", default=0, show_default=True, type=int, help="Random seed.")
@click.option(
    "--effect",
    type=click.Choice(["none", "low_fluid", "low_magnesium"]),
    default="none",
    show_default=True,
    help="Plant a known effect (low_fluid: more cramps on low-fluid days;"
    " low_magnesium: more cramps after a week low in magnesium).",
)
@click.pass_context
@expected_errors
def demo_command(ctx: click.Context, days: int, seed: int, effect: str) -> None:
    """Fill an empty journal with made-up entries, to look around or to test."""
    from cramplog.demo import generate_demo

    path = _db_path(ctx)
    if path.expanduser() == default_db_path():
        # Checked before opening, so the person's own journal is not even created.
        raise CramplogError(
            "the demo writes made-up entries; give it its own file,"
            " e.g. `cramplog --db demo.sqlite3 demo`"
        )
    with _journal(ctx) as (db, _profile):
        summary = generate_demo(db, days=days, seed=seed, effect=effect)
    planted = "" if summary.effect is None else f", planted effect: {summary.effect}"
    click.echo(
        scrub(
            f"wrote a made-up journal to {path}: {summary.start.isoformat()} to"
            f" {summary.end.isoformat()}, {summary.food_entries} foods, {summary.drinks} drinks,"
            f" {summary.doses} doses, {summary.activities} activities,"
            f" {summary.cramps} cramps{planted}"
        )
    )


def register(cli: click.Group) -> None:
    cli.add_command(analyze_command)
    cli.add_command(demo_command)
