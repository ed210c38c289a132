"""`cramplog report` and `cramplog charts`."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cramplog.cli.context import AppContext, pass_app
from cramplog.domain import ValidationError
from cramplog.periods import DEFAULT_DAYS

if TYPE_CHECKING:
    from cramplog.services.journal import Journal


@contextlib.contextmanager
def _one_shot() -> Iterator[None]:
    """Pause the cyclic garbage collector for one report in a short-lived process.

    A report imports pandas, matplotlib and fpdf and builds a figure: millions
    of new objects, so the collector keeps walking a growing heap that holds
    almost no garbage (about 0.3-0.5 s of a 3 s report). Reference counting
    still frees everything as usual; only cycles wait, and the process ends
    moments later. The TUI, a long-lived process, calls ``write_report`` and
    is not affected.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _dates(start: str | None, end: str | None) -> tuple[dt.date | None, dt.date | None]:
    from cramplog.services import validate as v

    first = v.date("from", start) if start else None
    last = v.date("to", end) if end else None
    if first and last and first > last:
        raise ValidationError("from", "--from must not be after --to")
    return first, last


def _period(
    journal: Journal, start: str | None, end: str | None, whole: bool, days: int | None
) -> tuple[dt.date, dt.date]:
    """The period asked for, by the one rule (cramplog.periods); a moved bound is said on stderr."""
    from cramplog.analysis.period import journal_period

    if whole and (start or end):
        raise ValidationError("all", "--all is the whole journal: give it without --from or --to")
    first, last = _dates(start, end)
    hour = journal.profile().day_start_hour
    period = journal_period(journal.db, hour, first, last, days=None if whole else days)
    for note in period.notes:
        click.echo(f"note: {note}", err=True)
    return period.start, period.end


ALL_OPTION = click.option(
    "--all",
    "whole",
    is_flag=True,
    help="The whole journal: its first logged day to yesterday.",
)


@click.command("report")
@click.option(
    "--from",
    "start",
    default=None,
    help="First journal day (default: 90 days before --to, never before the first logged day).",
)
@click.option(
    "--to",
    "end",
    default=None,
    help="Last journal day (default: yesterday, the last complete day).",
)
@ALL_OPTION
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (default: cramplog-report-DATE.pdf here).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["pdf", "html"]),
    default=None,
    help="pdf or html (default: from the file name, else pdf).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@pass_app
def report(
    app: AppContext,
    start: str | None,
    end: str | None,
    whole: bool,
    output: Path | None,
    fmt: str | None,
    force: bool,
) -> None:
    """Write a report for a clinician (PDF, or one HTML file)."""
    from cramplog.report.chart_process import chart_drawer

    if fmt is None:
        suffix = output.suffix.lower() if output is not None else ""
        fmt = "html" if suffix in (".html", ".htm") else "pdf"
    # Forked before the journal is opened or the libraries are imported, so
    # the child warms matplotlib while this process does the rest.
    with _one_shot(), chart_drawer(fork=fmt == "pdf") as drawer:
        from cramplog.report.build import write_report

        first, last = _period(app.journal(), start, end, whole, DEFAULT_DAYS)
        path = write_report(app.journal(), first, last, output, fmt, force=force, drawer=drawer)
    click.echo(f"wrote {path}")


@click.command("charts")
@click.option("--from", "start", default=None, help="First journal day (default: 90 days back).")
@click.option("--to", "end", default=None, help="Last journal day (default: yesterday).")
@ALL_OPTION
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for the PNG and SVG files.",
)
@click.option("--force", is_flag=True, help="Overwrite existing chart files.")
@pass_app
def charts(
    app: AppContext, start: str | None, end: str | None, whole: bool, out_dir: Path, force: bool
) -> None:
    """Write the weekly trend charts as PNG and SVG."""
    from cramplog.analysis import weekly_aggregates
    from cramplog.report.charts import save_charts

    journal = app.journal()
    first, last = _period(journal, start, end, whole, DEFAULT_DAYS)
    weekly = weekly_aggregates(journal.db, journal.profile(), first, last)
    for path in save_charts(weekly, out_dir, force=force):
        click.echo(f"wrote {path}")


def register(cli: click.Group) -> None:
    cli.add_command(report)
    cli.add_command(charts)
