"""The clinician report's trial section (PDF and HTML), after the CENT 2015 items."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pypdf

from cramplog.report.build import write_report
from cramplog.services import Journal
from cramplog.services import trials as t
from cramplog.times import current_journal_day
from tests.unit.services.trial_journal import fewer_with_b, log_nights

CENT = (
    "Self-experiment (n-of-1 trial): magnesium",
    "Design: 3 pairs of 14-day blocks",
    "Allocation:",
    "Washout: the first 3 days of every block",
    "Adherence",
    "Nights compared",
    "Result: fewer cramp nights with magnesium",
    "95% interval",
    "Randomisation test p",
    "not blinded",
    "carry-over",
)


def _finished_trial(journal: Journal, **extra: object) -> dt.date:
    today = current_journal_day(journal.profile().day_start_hour)
    fields: dict[str, object] = {
        "name": "magnesium",
        "intervention": "magnesium",
        "start": today - dt.timedelta(days=90),
        "seed": 4,
        "rate": "0.5",
    }
    fields.update(extra)
    trial = t.save(journal, t.propose(journal, today, **fields), today)  # type: ignore[arg-type]
    log_nights(journal, trial, fewer_with_b)
    return today


def test_html_and_pdf_carry_the_trial_section(journal: Journal, tmp_path: Path) -> None:
    today = _finished_trial(journal)
    html = write_report(journal, None, None, tmp_path / "r.html", "html").read_text()
    text = re.sub(r"<[^>]+>", " ", html)
    for words in CENT:
        assert words in text, words
    reader = pypdf.PdfReader(write_report(journal, None, None, tmp_path / "r.pdf", "pdf"))
    pdf = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    for words in CENT:
        assert words in pdf, words
    # The table: a row per block with its nights.
    report = t.trial_report(journal, today)
    assert report is not None and len(report.result.blocks) == 6
    assert all(b.nights_logged == 11 for b in report.result.blocks)


def test_a_prescription_trial_says_the_clinician_agreed(journal: Journal, tmp_path: Path) -> None:
    journal.add_medication(name="Quinine", kind="drug")
    _finished_trial(journal, intervention="Quinine", clinician_agreed=True)
    html = write_report(journal, None, None, tmp_path / "r.html", "html").read_text()
    assert "confirmed the trial was agreed with their clinician" in html


def test_no_trial_no_section(journal: Journal, tmp_path: Path) -> None:
    journal.log_drink(kind="water", ml=250)
    html = write_report(journal, None, None, tmp_path / "r.html", "html").read_text()
    assert "n-of-1" not in html
