"""The default period: whole days up to yesterday, never before the first logged day."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cramplog.cli import load_extensions
from cramplog.demo import generate_demo
from cramplog.domain import ValidationError
from cramplog.periods import resolve_period
from cramplog.services import Journal
from cramplog.times import current_journal_day

TODAY = dt.date(2026, 11, 30)
YESTERDAY = dt.date(2026, 11, 29)
FIRST = dt.date(2026, 6, 3)
SPAN = (FIRST, YESTERDAY)


def test_the_default_ends_yesterday_and_reaches_back_90_days() -> None:
    period = resolve_period(SPAN, TODAY)
    assert (period.start, period.end, period.notes) == (YESTERDAY - dt.timedelta(89), YESTERDAY, ())


def test_to_today_is_kept() -> None:
    assert resolve_period(SPAN, TODAY, end=TODAY).end == TODAY


def test_a_from_before_the_journal_starts_at_the_first_logged_day_and_says_so() -> None:
    period = resolve_period(SPAN, TODAY, start=dt.date(1900, 1, 1))
    assert (period.start, period.end) == (FIRST, YESTERDAY)
    [note] = period.notes
    assert "1900-01-01" in note and FIRST.isoformat() in note


def test_the_whole_journal() -> None:
    period = resolve_period(SPAN, TODAY, days=None)
    assert (period.start, period.end) == (FIRST, YESTERDAY)


def test_a_short_journal_is_not_padded_with_days_before_it() -> None:
    short = (YESTERDAY - dt.timedelta(days=9), YESTERDAY)
    period = resolve_period(short, TODAY)
    assert (period.start, period.end, period.notes) == (short[0], YESTERDAY, ())


def test_edges() -> None:
    # A journal begun today shows today so far.
    begun = resolve_period((TODAY, TODAY), TODAY)
    assert (begun.start, begun.end) == (TODAY, TODAY)
    # "--from today" alone means today.
    assert resolve_period(SPAN, TODAY, start=TODAY).end == TODAY
    # A future end is cut at today, and said.
    future = resolve_period(SPAN, TODAY, end=dt.date(2100, 1, 1))
    assert future.end == TODAY and future.notes
    # An empty journal: the 90 days to yesterday.
    assert resolve_period(None, TODAY).end == YESTERDAY
    with pytest.raises(ValidationError):
        resolve_period(SPAN, TODAY, start=dt.date(2150, 1, 1))


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("periods") / "journal.sqlite3"
    journal = Journal.open(path)
    try:
        generate_demo(journal.db, days=30, seed=2)
    finally:
        journal.close()
    return path


def _analyze(db: Path, *args: str) -> tuple[dict[str, object], str]:
    result = CliRunner().invoke(load_extensions(), ["--db", str(db), "analyze", "--json", *args])
    assert result.exit_code == 0, result.output
    period = json.loads(result.stdout)["period"]
    assert isinstance(period, dict)
    return period, result.stderr


def test_analyze_ends_yesterday_unless_asked(demo_db: Path) -> None:
    today = current_journal_day()
    first = today - dt.timedelta(days=30)
    yesterday = today - dt.timedelta(days=1)
    period, said = _analyze(demo_db)
    assert (period["start"], period["end"]) == (first.isoformat(), yesterday.isoformat())
    assert said == ""
    assert _analyze(demo_db, "--to", "today")[0]["end"] == today.isoformat()
    assert _analyze(demo_db, "--all")[0] == period
    clamped, said = _analyze(demo_db, "--from", "1900-01-01")
    assert clamped == period
    assert "before the first logged day" in said and first.isoformat() in said


def test_all_with_dates_is_refused(demo_db: Path) -> None:
    result = CliRunner().invoke(
        load_extensions(), ["--db", str(demo_db), "analyze", "--all", "--from", "2026-01-01"]
    )
    assert result.exit_code != 0
    assert "--all" in result.stderr and "Traceback" not in result.output


def test_report_from_1900_covers_the_journal_not_126_years(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = CliRunner().invoke(
        load_extensions(),
        ["--db", str(demo_db), "report", "--from", "1900-01-01", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    first = current_journal_day() - dt.timedelta(days=30)
    assert f"the period starts there, on {first.isoformat()}" in result.stderr
    html = out.read_text(encoding="utf-8")
    assert "1900-01-01" not in html and "46354" not in html
    assert first.isoformat() in html


def test_write_report_keeps_the_rule_for_every_caller(demo_db: Path, tmp_path: Path) -> None:
    from cramplog.report.build import write_report

    journal = Journal.open(demo_db)
    try:
        path = write_report(journal, dt.date(1900, 1, 1), None, tmp_path / "r.html", "html")
    finally:
        journal.close()
    html = path.read_text(encoding="utf-8")
    first = current_journal_day() - dt.timedelta(days=30)
    assert "1900-01-01" not in html and first.isoformat() in html
    link = tmp_path / "link.html"
    link.symlink_to(tmp_path / "nowhere.html")
    journal = Journal.open(demo_db)
    try:
        with pytest.raises(ValidationError, match="symbolic link"):
            write_report(journal, None, None, link, "html", force=True)
    finally:
        journal.close()
    assert not (tmp_path / "nowhere.html").exists()
