"""`cramplog list`, `edit`, `delete` and `mark`: the entries already logged."""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

import click

from cramplog.cli.context import AppContext, json_option, pass_app, print_entry
from cramplog.domain import (
    DayMarkKind,
    ValidationError,
)
from cramplog.terminal_text import escape, escape_json

if TYPE_CHECKING:
    pass


@click.command("list")
@click.option(
    "--day",
    default=None,
    help="A journal day (YYYY-MM-DD, today = the current journal day, yesterday).",
)
@click.option("--from", "start", default=None, help="First journal day (as --day).")
@click.option("--to", "end", default=None, help="Last journal day (as --day).")
@json_option
@pass_app
def list_entries(
    app: AppContext, day: str | None, start: str | None, end: str | None, as_json: bool
) -> None:
    """List entries by journal day (default: today's journal day)."""
    from cramplog.services import validate as v
    from cramplog.services.present import as_dict, describe, kind_of
    from cramplog.times import current_journal_day

    journal = app.journal()
    first: dt.date | None
    last: dt.date | None
    # 'today' is the journal day a plain `list` shows: at 02:00 that is still yesterday's date.
    today = current_journal_day(journal.profile().day_start_hour)
    if day is not None and (start or end):
        raise ValidationError("day", "give --day or --from/--to, not both")
    if day is not None:
        first = last = v.date("day", day, today)
    elif start or end:
        first = v.date("from", start, today) if start else None
        last = v.date("to", end, today) if end else None
    else:
        first = last = today
    entries = journal.entries(first, last)
    if as_json:
        click.echo(
            escape_json(json.dumps([as_dict(e) for e in entries], ensure_ascii=False, indent=1))
        )
        return
    if not entries:
        span = first.isoformat() if first == last and first else "that period"
        click.echo(f"nothing logged for {span}")
        return
    current: dt.date | None = None
    for e in entries:
        if e.journal_day != current:
            current = e.journal_day
            click.echo(f"— {current.isoformat()} ({current.strftime('%A')})")
        ref = as_dict(e)["ref"]
        # Stored text is escaped: it cannot act on the terminal, and a line
        # break in it cannot start a line that looks like another entry.
        click.echo(f"  {ref:>6}  {e.at.strftime('%H:%M')}  {kind_of(e):<8}  {escape(describe(e))}")
        if e.notes:
            click.echo(f"          note: {escape(e.notes)}")


@click.command("edit")
@click.argument("ref")
@click.argument("changes", nargs=-1, required=True, metavar="FIELD=VALUE...")
@json_option
@pass_app
def edit(app: AppContext, ref: str, changes: tuple[str, ...], as_json: bool) -> None:
    """Change fields of an entry, e.g. `cramplog edit c12 severity=7 at=02:40`."""
    fields: dict[str, str] = {}
    for change in changes:
        key, sep, value = change.partition("=")
        if not sep or not key.strip():
            raise ValidationError("fields", f"{change!r} is not FIELD=VALUE")
        fields[key.strip().replace("-", "_")] = value
    journal = app.journal()
    entry = journal.edit(ref, fields)
    print_entry(entry, as_json, verb="changed")


@click.command("delete")
@click.argument("ref")
@json_option
@pass_app
def delete(app: AppContext, ref: str, as_json: bool) -> None:
    """Delete an entry (its id as `cramplog list` shows it, e.g. c12)."""
    entry = app.journal().delete(ref)
    print_entry(entry, as_json, verb="deleted")


@click.command("mark")
@click.argument("day")
@click.argument("kind", type=click.Choice(["complete", "not-logged", "clear"]))
@pass_app
def mark(app: AppContext, day: str, kind: str) -> None:
    """Mark a journal day complete, not logged, or clear its mark."""
    value = None if kind == "clear" else DayMarkKind(kind.replace("-", " "))
    result = app.journal().mark_day(day, value)
    click.echo(
        "mark cleared"
        if result is None
        else f"{result.journal_day.isoformat()} marked {result.kind.value}"
    )
