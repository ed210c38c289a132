"""The minimum-data gate, and the words the output may and may not use."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from cramplog.analysis.run import AnalysisResult, analyze, read_profile, result_to_json
from cramplog.analysis.text import render_text
from cramplog.demo import generate_demo
from cramplog.storage.engine import Database
from cramplog.storage.schema import open_database

END = dt.date(2026, 6, 30)
# "cause" also catches "causes", "caused", "because"; the others catch their variants.
FORBIDDEN = re.compile(r"caus|deficien|dehydrat", re.IGNORECASE)


def _demo(db: Database, days: int, effect: str | None = None) -> AnalysisResult:
    generate_demo(db, days=days, seed=3, effect=effect, end=END)
    return analyze(db, read_profile(db))


def test_thirty_days_say_what_is_missing(new_db: Database) -> None:
    result = _demo(new_db, 30)
    assert not result.gate.passed
    assert result.gate.days_logged < 60
    assert any("more logged days" in m and "of the 60 needed" in m for m in result.gate.missing)
    assert all(f.label == "not enough data" for f in result.findings)
    assert all(f.p is None and f.q is None and f.risk_ratio is None for f in result.findings)
    assert all(result.gate.missing[0] in f.missing for f in result.findings)
    text = render_text(result)
    assert "Not enough data yet" in text and "more logged days" in text
    doc = result_to_json(result)
    assert doc["gate"]["passed"] is False and doc["gate"]["missing"]


def test_an_empty_journal(new_db: Database) -> None:
    result = analyze(new_db, read_profile(new_db))
    assert result.period is None and result.days_logged == 0
    assert "Nothing is logged yet" in render_text(result)
    doc = result_to_json(result)
    assert doc["period"] is None and doc["days_logged"] == 0
    assert doc["cramps"]["cramps"] == 0


def _all_strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _all_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _all_strings(v)]
    return []


@pytest.mark.parametrize(("days", "effect"), [(30, None), (200, None), (200, "low_fluid")])
def test_wording_rules(tmp_path: Path, days: int, effect: str | None) -> None:
    db = open_database(tmp_path / "j.sqlite3").database
    try:
        result = _demo(db, days, effect)
    finally:
        db.close()
    text = render_text(result)
    words = [*text.splitlines(), *_all_strings(result_to_json(result))]
    assert not [w for w in words if FORBIDDEN.search(w)]
    assert "dehydrated" not in text.lower()
    if result.gate.passed:
        # Names what else could explain a difference, and says a null is not proof.
        for confounder in ("season", "active", "illness", "alcohol", "medicines", "sleep"):
            assert confounder in text
        assert "not proof of no link" in text
    if effect:
        assert "possible pattern" in text
    # Intake words are the IOM's three, for every nutrient.
    for item in result.intake.values():
        assert item.assessment in ("likely adequate", "possibly low", "can't tell")


def test_no_single_day_is_judged(new_db: Database) -> None:
    result = _demo(new_db, 1)
    assert all(item.assessment == "can't tell" for item in result.intake.values())


def test_json_is_strict_and_documented_keys_are_there(new_db: Database) -> None:
    result = _demo(new_db, 120, "low_fluid")
    doc = json.loads(json.dumps(result_to_json(result), allow_nan=False))
    for key in (
        "period",
        "days_logged",
        "gate",
        "findings",
        "intake",
        "fluids",
        "cramps",
        "medicines",
        "adjusted",
    ):
        assert key in doc
    for finding in doc["findings"]:
        for key in (
            "exposure",
            "exposed_days",
            "exposed_cramp_nights",
            "unexposed_days",
            "unexposed_cramp_nights",
            "risk_ratio",
            "ci_low",
            "ci_high",
            "p",
            "q",
            "label",
        ):
            assert key in finding
        assert finding["label"] in ("possible pattern", "no clear difference", "not enough data")
    for item in doc["intake"].values():
        for key in ("mean_7d", "days_in_7d", "reference", "coverage", "assessment"):
            assert key in item
