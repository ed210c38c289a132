"""Making a report file: the one entry point the CLI and the TUI's worker call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from cramplog.domain import ValidationError
from cramplog.report.chart_process import Drawer
from cramplog.report.files import check_target, write_private
from cramplog.report.source import JournalSource

Progress = Callable[[float, str], None]
FORMATS = ("pdf", "html")


def default_report_path(end: dt.date, fmt: str = "pdf", folder: Path | None = None) -> Path:
    return (folder or Path.cwd()) / f"cramplog-report-{end.isoformat()}.{fmt}"


def write_report(
    journal: JournalSource,
    start: dt.date | None,
    end: dt.date | None,
    path: Path | None,
    fmt: str = "pdf",
    progress: Progress | None = None,
    *,
    force: bool = False,
    drawer: Drawer | None = None,
    told: Callable[[str], None] | None = None,
) -> Path:
    """Write the clinician report for ``start``..``end`` (default: last 90 days).

    ``progress(fraction, what)`` is called as the work goes; safe to call from
    a worker thread (matplotlib's Figure API, no pyplot state). ``drawer``
    draws the PDF's charts (`cramplog.report.chart_process`; default: here).
    ``told(note)`` hears each way the period was moved (a start before the
    first logged day, an end after today).
    """
    if fmt not in FORMATS:
        raise ValidationError("format", f"format must be one of: {', '.join(FORMATS)}")
    if start is not None and end is not None and start > end:
        raise ValidationError("from", "the period starts after it ends")

    def step(fraction: float, what: str) -> None:
        if progress is not None:
            progress(fraction, what)

    step(0.05, "analysing the journal")
    from cramplog.analysis.period import journal_period
    from cramplog.report.model import build_report_data

    # The one rule for every caller (command line, app): whole days, never
    # before the first logged day nor after today (cramplog.periods).
    period = journal_period(journal.db, journal.profile().day_start_hour, start, end)
    if told is not None:
        for note in period.notes:
            told(note)
    data = build_report_data(journal, period.start, period.end)
    target = path or default_report_path(data.end, fmt)
    # Refused before the rendering, not after it (write_private checks again).
    check_target(target, force=force)
    if fmt == "pdf":
        from cramplog.report.pdf import render_pdf

        payload: bytes | str = render_pdf(data, progress, drawer)
    else:
        from cramplog.report.html import render_html

        step(0.5, "rendering")
        payload = render_html(data)
    write_private(target, payload, force=force)
    step(1.0, "done")
    return target
