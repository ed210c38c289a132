"""The day still in progress, intake over the whole period, and tolerable upper levels."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from cramplog.analysis.intake import LIKELY_ADEQUATE, POSSIBLY_LOW
from cramplog.analysis.reference import references_for
from cramplog.analysis.run import analyze, result_to_json
from cramplog.analysis.text import render_text
from cramplog.domain import LifeStage, Profile, Sex, ValidationError
from cramplog.nutrients import MAGNESIUM, VITAMIN_D
from cramplog.services.catalog import dose_amount
from cramplog.services.days import day_range
from tests.unit.analysis.conftest import Builder

BANANA = "09040"
PUMPKIN_KERNELS = "12014"  # about 590 mg magnesium per 100 g
TODAY = dt.date(2026, 3, 20)


def _whole_days(build: Builder, days: int) -> None:
    """``days`` whole days before TODAY: plenty to drink, two bananas."""
    for back in range(days, 0, -1):
        day = (TODAY - dt.timedelta(days=back)).isoformat()
        build.drink(day, 2500)
        build.food(day, BANANA, 240)


def _partial_today(build: Builder) -> None:
    # A glass of water and a banana this morning.
    build.drink(TODAY.isoformat(), 250, "08:00")
    build.food(TODAY.isoformat(), BANANA, 120, "08:05")


def test_a_day_in_progress_is_no_low_fluid_day_and_leaves_the_means_alone(
    build: Builder,
) -> None:
    _whole_days(build, 10)
    _partial_today(build)
    result = analyze(build.db, build.profile, today=TODAY)
    assert result.in_progress == TODAY
    assert result.period is not None and result.period.end == TODAY
    assert result.as_of == TODAY - dt.timedelta(days=1)
    assert result.fluids.low_fluid_days == 0
    assert result.days_logged == 10
    potassium = result.intake["potassium_mg"]
    assert potassium.days_in_7d == 7
    assert potassium.mean_7d == pytest.approx(potassium.mean_period)
    assert potassium.days_in_period == 10
    assert result_to_json(result)["in_progress_day"] == TODAY.isoformat()
    assert "still in progress" in render_text(result)


def test_a_day_marked_complete_counts_in_full(build: Builder) -> None:
    _whole_days(build, 10)
    _partial_today(build)
    build.mark(TODAY.isoformat(), "complete")
    result = analyze(build.db, build.profile, today=TODAY)
    assert result.in_progress is None
    assert result.as_of == TODAY
    assert result.fluids.low_fluid_days == 1
    assert result.days_logged == 11


def test_yesterday_is_a_whole_day(build: Builder) -> None:
    _whole_days(build, 10)
    _partial_today(build)
    result = analyze(build.db, build.profile, today=TODAY + dt.timedelta(days=1))
    assert result.in_progress is None
    assert result.fluids.low_fluid_days == 1


def test_today_panel_shows_the_day_so_far(build: Builder) -> None:
    _whole_days(build, 3)
    _partial_today(build)
    week = day_range(build.journal, TODAY - dt.timedelta(days=2), TODAY, today=TODAY)
    assert [t.in_progress for t in week] == [False, False, True]
    assert week[-1].fluids_ml == 250 and week[-1].low_fluid is None
    from cramplog.tui.widgets import targets_text

    assert "so far today" in targets_text(week[-1]).plain
    assert "so far" not in targets_text(week[0]).plain
    build.mark(TODAY.isoformat(), "complete")
    done = day_range(build.journal, TODAY, TODAY, today=TODAY)[-1]
    assert not done.in_progress and done.low_fluid is True


def test_intake_is_judged_over_the_period_as_well_as_the_last_week(build: Builder) -> None:
    """A steady low intake over the period is not hidden by one better week."""
    build.journal.add_medication(name="D3", kind="supplement", vitamin_d_ug="50")
    _whole_days(build, 60)
    for back in range(1, 8):
        build.journal.log_dose(
            medication="D3", at=build.at((TODAY - dt.timedelta(days=back)).isoformat(), "09:00")
        )
    item = analyze(build.db, build.profile, today=TODAY).intake["vitamin_d_ug"]
    assert item.assessment == LIKELY_ADEQUATE
    assert item.days_in_period == 60
    assert item.days_below_low_line == 53
    assert item.share_below_low_line == pytest.approx(53 / 60)
    assert item.assessment_period == POSSIBLY_LOW
    assert "60 days of records" in item.reason_period
    data = result_to_json(analyze(build.db, build.profile, today=TODAY))["intake"]
    for field in (
        "mean_period",
        "days_below_low_line",
        "share_below_low_line",
        "z_period",
        "assessment_period",
        "reason_period",
        "coverage_period",
    ):
        assert field in data["vitamin_d_ug"], field


def test_days_above_an_upper_level_are_named_for_a_clinician(build: Builder) -> None:
    build.journal.add_medication(name="Mg", kind="supplement", magnesium_mg="400")
    build.journal.add_medication(name="D3", kind="supplement", vitamin_d_ug="125 µg")
    _whole_days(build, 10)
    # Food magnesium never counts toward its UL: 100 g of kernels is about 590 mg.
    build.food((TODAY - dt.timedelta(days=5)).isoformat(), PUMPKIN_KERNELS, 100)
    two_days_ago = (TODAY - dt.timedelta(days=2)).isoformat()
    build.journal.log_dose(medication="Mg", at=build.at(two_days_ago, "09:00"))
    build.journal.log_dose(medication="D3", at=build.at(two_days_ago, "09:00"))
    result = analyze(build.db, build.profile, today=TODAY)
    mg, d = result.intake["magnesium_mg"], result.intake["vitamin_d_ug"]
    assert (mg.days_above_upper, mg.upper_limit_counts) == (1, "supplements")
    assert mg.last_day_above_upper == TODAY - dt.timedelta(days=2)
    assert (d.days_above_upper, d.upper_limit_counts) == (1, "total")
    assert result.intake["sodium_mg"].days_above_upper == 0  # a CDRR is not a UL
    text = render_text(result)
    assert "Magnesium from supplements and medicines was above the tolerable upper" in text
    assert "worth discussing with a clinician" in text
    day = day_range(build.journal, TODAY - dt.timedelta(days=2), TODAY, today=TODAY)[0]
    assert day.nutrients["magnesium_mg"].above_upper
    assert day.nutrients["vitamin_d_ug"].above_upper
    food_day = day_range(build.journal, TODAY - dt.timedelta(days=5), TODAY, today=TODAY)[0]
    assert not food_day.nutrients["magnesium_mg"].above_upper
    from cramplog.tui.widgets import targets_text

    assert "upper level" in targets_text(day).plain
    assert "upper level" not in targets_text(food_day).plain


def test_vitamin_d_doses_in_iu_or_ug() -> None:
    assert dose_amount(VITAMIN_D, "1000 IU") == 25
    assert dose_amount(VITAMIN_D, "1000 iu") == 25
    assert dose_amount(VITAMIN_D, "25 µg") == 25
    assert dose_amount(VITAMIN_D, "300 mcg") == 300  # the unit said: taken as typed
    assert dose_amount(VITAMIN_D, "25") == 25
    assert dose_amount(VITAMIN_D, 1000.0) == 1000  # stored numbers are not asked about
    with pytest.raises(ValidationError, match="IU"):
        dose_amount(VITAMIN_D, "1000")  # most likely IU typed as µg
    with pytest.raises(ValidationError, match="µg or IU"):
        dose_amount(VITAMIN_D, "5 mg")
    with pytest.raises(ValidationError, match="the unit must be mg"):
        dose_amount(MAGNESIUM, "250 IU")
    assert dose_amount(MAGNESIUM, "250 mg") == 250


def test_unknown_sex_names_what_differs_and_never_says_lower() -> None:
    refs = references_for(Profile(birth_year=1966), 2026)  # 60: women's calcium is higher
    note = " ".join(refs.assumptions)
    assert refs.sex == Sex.FEMALE
    assert "women's values for age 60 are used" in note
    assert "calcium (RDA 1000 mg for men, 1200 for women)" in note
    assert "magnesium (RDA 420 mg for men, 320 for women)" in note
    assert "lower" not in note


def test_pregnancy_outside_the_tables_is_said() -> None:
    profile = Profile(sex=Sex.FEMALE, birth_year=1970, life_stage=LifeStage.PREGNANCY)
    refs = references_for(profile, 2026)
    assert refs.life_stage == LifeStage.GENERAL
    assert any("only from age 14 to 50" in a for a in refs.assumptions)
    within = references_for(dataclasses.replace(profile, birth_year=1995), 2026)
    assert within.life_stage == LifeStage.PREGNANCY and not within.assumptions


def test_age_is_the_year_minus_the_birth_year() -> None:
    assert references_for(Profile(sex=Sex.MALE, birth_year=1956), 2026).age == 70
    # 70 all year: the 71+ values start in the year the person turns 71.
    ca = references_for(Profile(sex=Sex.MALE, birth_year=1956), 2026).nutrients["calcium_mg"]
    assert ca.target == 1000
    assert (
        references_for(Profile(sex=Sex.MALE, birth_year=1955), 2026).nutrients["calcium_mg"].target
        == 1200
    )


def test_med_add_takes_iu_and_asks_about_an_unusual_dose(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from cramplog.cli import load_extensions

    def run(*args: str) -> Any:
        db = ["--db", str(tmp_path / "j.sqlite3")]
        return CliRunner().invoke(load_extensions(), [*db, "med", "add", *args])

    iu = run("D3", "--vitamin-d-iu", "1000")
    assert iu.exit_code == 0 and "Vit D 25 µg" in iu.stdout
    assert "stored in µg: 1000 IU = 25 µg" in iu.stdout
    refused = run("D3 high", "--vitamin-d-ug", "1000")
    assert refused.exit_code != 0 and not refused.stdout
    assert "'1000 IU' (= 25 µg)" in refused.stderr and "--confirm-unit" in refused.stderr
    assert "--vitamin-d-iu" in refused.stderr
    confirmed = run("D3 high", "--vitamin-d-ug", "1000", "--confirm-unit")
    assert confirmed.exit_code == 0 and "Vit D 1000 µg" in confirmed.stdout
    both = run("D3 both", "--vitamin-d-ug", "10", "--vitamin-d-iu", "400")
    assert both.exit_code != 0 and "not both" in both.stderr


def test_the_report_names_days_above_an_upper_level(build: Builder) -> None:
    from cramplog.report.html import render_html
    from cramplog.report.model import build_report_data

    build.journal.add_medication(name="Mg", kind="supplement", magnesium_mg="400")
    _whole_days(build, 10)
    build.journal.log_dose(
        medication="Mg", at=build.at((TODAY - dt.timedelta(days=3)).isoformat(), "09:00")
    )
    _partial_today(build)
    data = build_report_data(build.journal, TODAY - dt.timedelta(days=20), TODAY)
    page = render_html(data)
    assert "Magnesium from supplements and medicines was above the tolerable upper" in page
    assert "whole period" in page


def test_weekly_trends_leave_the_day_in_progress_out(build: Builder) -> None:
    from cramplog.analysis.weekly import weekly_aggregates

    _whole_days(build, 10)
    _partial_today(build)
    start = TODAY - dt.timedelta(days=10)
    partial = weekly_aggregates(build.db, build.profile, start, TODAY, today=TODAY)
    assert partial["low_fluid_days"].sum() == 0
    assert partial["beverages_ml_mean"].min() == pytest.approx(2500)
    build.mark(TODAY.isoformat(), "complete")
    whole = weekly_aggregates(build.db, build.profile, start, TODAY, today=TODAY)
    assert whole["low_fluid_days"].sum() == 1
