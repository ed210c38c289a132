"""Known truth: a planted effect is found, and noise is not called a pattern."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from cramplog.analysis.run import AnalysisResult, analyze, read_profile
from cramplog.demo import generate_demo
from cramplog.storage.schema import open_database

END = dt.date(2026, 6, 30)
THRESHOLD_ML = 0.7 * 2200  # the demo profile: a woman born in 1958


def _analyse(path: Path, seed: int, effect: str | None, days: int = 180) -> AnalysisResult:
    db = open_database(path).database
    try:
        generate_demo(db, days=days, seed=seed, effect=effect, end=END)
        return analyze(db, read_profile(db))
    finally:
        db.close()


def _counts_from_raw_sql(path: Path) -> tuple[int, int, int, int]:
    """low_fluid_same_day's 2x2 computed straight from the tables, without cramplog code."""
    con = sqlite3.connect(path)
    try:

        def days(sql: str) -> set[str]:
            return {row[0] for row in con.execute(sql)}

        entries = set().union(
            *(
                days(f"SELECT journal_day FROM {t}")
                for t in ("cramps", "food_entries", "drinks", "doses", "activities")
            )
        )
        complete = days("SELECT journal_day FROM day_marks WHERE kind = 'complete'")
        not_logged = days("SELECT journal_day FROM day_marks WHERE kind = 'not logged'")
        logged = (entries | complete) - not_logged
        ml = dict(con.execute("SELECT journal_day, SUM(ml) FROM drinks GROUP BY journal_day"))
        cramp_days = days("SELECT journal_day FROM cramps")
    finally:
        con.close()
    fluid_days = {d for d in logged if d in ml or d in complete}
    exposed = {d for d in fluid_days if ml.get(d, 0.0) < THRESHOLD_ML}
    unexposed = fluid_days - exposed
    return len(exposed), len(exposed & cramp_days), len(unexposed), len(unexposed & cramp_days)


@pytest.mark.parametrize("seed", range(10))
def test_planted_low_fluid_effect_is_a_possible_pattern(tmp_path: Path, seed: int) -> None:
    path = tmp_path / "planted.sqlite3"
    result = _analyse(path, seed, "low_fluid")
    assert result.gate.passed
    [finding] = [f for f in result.findings if f.exposure == "low_fluid_same_day"]
    assert finding.label == "possible pattern"
    assert finding.direction == "more"
    assert finding.q is not None and finding.q < 0.10
    counts = (
        finding.exposed_days,
        finding.exposed_cramp_nights,
        finding.unexposed_days,
        finding.unexposed_cramp_nights,
    )
    assert counts == _counts_from_raw_sql(path)


def test_null_journals_rarely_show_a_pattern(tmp_path: Path) -> None:
    flagged: list[int] = []
    gated = tested = 0
    for seed in range(1000, 1050):
        result = _analyse(tmp_path / f"null{seed}.sqlite3", seed, None)
        gated += result.gate.passed
        tested += sum(f.p is not None for f in result.findings)
        if any(f.label == "possible pattern" for f in result.findings):
            flagged.append(seed)
    # The check means something only if most journals were actually tested.
    assert gated >= 45 and tested >= 45 * 5
    assert len(flagged) <= 5, f"patterns in null journals {flagged}"


def test_long_planted_journal_adjusted_view_agrees(tmp_path: Path) -> None:
    result = _analyse(tmp_path / "long.sqlite3", 7, "low_fluid", days=3 * 365)
    [adjusted] = [a for a in result.adjusted if a.exposure == "low_fluid_same_day"]
    assert adjusted.odds_ratio is not None and adjusted.ci_low is not None
    assert adjusted.ci_low > 1.0
    assert "exercise per 30 min" in adjusted.terms and "season (sine)" in adjusted.terms
    [crude] = [f for f in result.findings if f.exposure == "low_fluid_same_day"]
    assert crude.risk_ratio is not None and crude.risk_ratio >= 2.5


def test_planted_low_magnesium_effect_is_usually_found(tmp_path: Path) -> None:
    found: list[int] = []
    for seed in range(10):
        result = _analyse(tmp_path / f"mg{seed}.sqlite3", seed, "low_magnesium")
        [finding] = [f for f in result.findings if f.exposure == "low_magnesium_7d"]
        if finding.label == "possible pattern" and finding.direction == "more":
            found.append(seed)
    # About 90% power (benchmarks/bench_operating_characteristics.py); 10 journals.
    assert len(found) >= 7, f"found only in seeds {found}"
