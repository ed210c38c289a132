"""The exchange export carries the trial plan, and an import gives it back unchanged."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest

from cramplog.services import Journal
from cramplog.services import trials as t
from cramplog.services.exchange import export_document, import_document
from cramplog.services.exchange_format import ImportError_

TODAY = dt.date(2026, 3, 20)


def _journal_with_trial(journal: Journal) -> None:
    journal.add_medication(name="Magnesium", kind="supplement", magnesium_mg=200)
    proposal = t.propose(
        journal, TODAY, name="mg", intervention="Magnesium", start="2026-03-01", seed=9, rate="0.3"
    )
    t.save(journal, proposal, TODAY)
    t.record_adherence(journal, "2026-03-03", "no", TODAY)


def test_export_and_import_keep_the_trial_and_its_allocation(
    journal: Journal, tmp_path: Path
) -> None:
    _journal_with_trial(journal)
    doc = export_document(journal)
    [record] = doc["trials"]
    assert record["link"] == "medicine" and record["link_target"] == "Magnesium"
    other = Journal.open(tmp_path / "other.sqlite3")
    try:
        import_document(other, doc)
        again = t.latest_trial(other)
        original = t.latest_trial(journal)
        assert again is not None and original is not None
        assert again.blocks == original.blocks and again.uuid == original.uuid
        assert t.adherence(other, again, TODAY).days == t.adherence(journal, original, TODAY).days
        assert export_document(other)["trials"] == doc["trials"]
    finally:
        other.close()


def test_an_allocation_changed_in_the_file_is_refused(journal: Journal, tmp_path: Path) -> None:
    _journal_with_trial(journal)
    doc = copy.deepcopy(export_document(journal))
    first = doc["trials"][0]["blocks"][0]
    first["arm"] = "B" if first["arm"] == "A" else "A"
    other = Journal.open(tmp_path / "other.sqlite3")
    try:
        with pytest.raises(ImportError_, match=r"trials\[0\]\.blocks"):
            import_document(other, doc)
        assert t.latest_trial(other) is None and other.counts()["medications"] == 0
    finally:
        other.close()


def test_a_journal_without_trials_exports_no_trial_section(journal: Journal) -> None:
    journal.log_drink(kind="water", ml=250)
    assert "trials" not in export_document(journal)


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [("uuid", "zz", r"trials\[0\]\.uuid"), ("clinician_agreed", "false", "must be true or false")],
)
def test_a_bad_trial_field_in_the_file_is_one_line_and_nothing_is_written(
    journal: Journal, tmp_path: Path, field: str, value: str, said: str
) -> None:
    _journal_with_trial(journal)
    doc = copy.deepcopy(export_document(journal))
    doc["trials"][0][field] = value
    other = Journal.open(tmp_path / "other.sqlite3")
    try:
        with pytest.raises(ImportError_, match=said):
            import_document(other, doc)
        assert t.latest_trial(other) is None and other.counts()["medications"] == 0
    finally:
        other.close()
