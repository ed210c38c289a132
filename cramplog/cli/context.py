"""What every command shares: the app context, the error handling, common options."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

import click

from cramplog.domain import CramplogError
from cramplog.paths import resolve_db_path
from cramplog.terminal_text import escape, escape_json, scrub

if TYPE_CHECKING:
    # Only for the types: importing the services loads SQLAlchemy, which
    # `cramplog` alone (the app) must not wait for.
    from cramplog.domain import Entry
    from cramplog.services import Journal

F = TypeVar("F", bound=Callable[..., Any])


class AppContext:
    """Where the journal is, opened on first use."""

    def __init__(self, db: str | None) -> None:
        self.db_path = resolve_db_path(db)
        self._journal: Journal | None = None

    def journal(self) -> Journal:
        if self._journal is None:
            from cramplog.services import Journal

            self._journal, notes = Journal.open_for_use(self.db_path)
            # Shown only for a journal that opened: for one that cannot, the
            # open's own one-line error says it all.
            for note in notes:
                click.echo(scrub(note), err=True)
        return self._journal

    def close(self) -> None:
        if self._journal is not None:
            self._journal.close()


class CramplogGroup(click.Group):
    """A group that turns expected errors into one line and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CramplogError as exc:
            raise click.ClickException(scrub(str(exc))) from None
        except click.ClickException as exc:
            # A message may quote a name or a path as given: it must not act
            # on the terminal either. Click lays out its own messages over
            # several lines ("Choose from:\n\tcomplete,\n\t..."): that layout
            # becomes one line, so only characters from the input are escaped.
            original = exc.format_message()
            message = " ".join(original.replace(",\n\t", ", ").split())
            if message == original == scrub(original):
                raise
            if isinstance(exc, click.UsageError):
                raise click.UsageError(scrub(message), exc.ctx) from None
            raise click.ClickException(scrub(message)) from None
        except KeyboardInterrupt:
            click.echo("interrupted; nothing further was written", err=True)
            sys.exit(130)


def expected_errors(func: F) -> F:
    """Expected failures end as one line and exit status 1, never a traceback,
    whichever group runs the command (a plain group has no CramplogGroup above it)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CramplogError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper  # type: ignore[return-value]


def pass_app(f: F) -> F:
    return click.pass_obj(f)  # type: ignore[return-value]


def choice(enum: type[Enum]) -> click.Choice[str]:
    return click.Choice([m.value for m in enum], case_sensitive=False)


def at_option(f: F) -> F:
    return click.option(
        "--at",
        "at",
        default="now",
        show_default=True,
        metavar="TIME",
        help="ISO 8601, 'now', '02:30' or 'yesterday 23:10'. A local time the clocks skip"
        " (spring forward) is refused; one they pass twice (autumn) is the first, summer time.",
    )(f)


def json_option(f: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON.")(f)


def print_entry(entry: Entry, as_json: bool, verb: str = "logged") -> None:
    from cramplog.services.present import as_dict, describe, kind_of

    if as_json:
        click.echo(escape_json(json.dumps(as_dict(entry), ensure_ascii=False)))
    else:
        ref = as_dict(entry)["ref"]
        local = entry.at.strftime("%Y-%m-%d %H:%M")
        click.echo(
            f"{verb} {kind_of(entry)} {ref}: {local} {escape(describe(entry))}"
            f" (journal day {entry.journal_day.isoformat()})"
        )
