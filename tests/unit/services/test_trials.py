"""Trials through the services layer: plan, storage, status, adherence, result, safety."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from cramplog.domain import CramplogError, NotFoundError, TrialLink, ValidationError
from cramplog.entry_kinds import BY_NAME
from cramplog.services import Journal
from cramplog.services import trials as t
from tests.unit.services.trial_journal import fewer_with_b, log_nights, no_difference

START = dt.date(2026, 1, 5)
AFTER = dt.date(2026, 4, 20)  # after the default design's 84 days


def plan(journal: Journal, today: dt.date = AFTER, **extra: object) -> t.Proposal:
    fields: dict[str, object] = {
        "name": "magnesium",
        "intervention": "magnesium",
        "start": START,
        "seed": 11,
        "rate": "0.5",
    }
    fields.update(extra)
    return t.propose(journal, today, **fields)  # type: ignore[arg-type]


def test_the_plan_is_stored_as_shown_and_reproducible(journal: Journal) -> None:
    proposal = plan(journal)
    saved = t.save(journal, proposal, AFTER)
    assert saved.blocks == proposal.trial.blocks
    assert saved.seed == 11 and saved.start == START and saved.end == START + dt.timedelta(83)
    assert len(saved.blocks) == 6
    # Each pair is AB or BA; the same seed gives the same allocation.
    assert all(order in ("AB", "BA") for order in saved.orders)
    assert plan(journal).trial.blocks == saved.blocks
    assert t.plan_of(saved).start == START
    assert t.latest_trial(journal) == saved


def test_the_allocation_cannot_change_once_stored(journal: Journal) -> None:
    saved = t.save(journal, plan(journal), AFTER)
    conn = sqlite3.connect(journal.path)
    try:
        for sql in (
            "UPDATE trial_blocks SET arm = 'A'",
            "DELETE FROM trial_blocks",
            "UPDATE trials SET seed = 1",
            "UPDATE trials SET start_day = '2026-02-01'",
            "DELETE FROM trials",
        ):
            with pytest.raises(sqlite3.IntegrityError, match="fixed when it is planned"):
                conn.execute(sql)
    finally:
        conn.close()
    assert t.latest_trial(journal) == saved


def test_one_active_trial_at_a_time(journal: Journal) -> None:
    running_day = START + dt.timedelta(days=10)
    t.save(journal, plan(journal, running_day), running_day)
    with pytest.raises(ValidationError, match="one trial at a time"):
        plan(journal, running_day, name="stretching")
    stopped = t.stop(journal, running_day)
    assert stopped.stopped_on == running_day - dt.timedelta(days=1)
    second = plan(journal, running_day, name="stretching", start=running_day)
    assert t.save(journal, second, running_day).name == "stretching"


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"block_days": "5"}, "block_days", "7-28"),
        ({"block_days": "30"}, "block_days", "7-28"),
        ({"pairs": "0"}, "pairs", "pairs"),
        ({"washout_days": "14"}, "washout_days", "washout days"),
        ({"name": ""}, "name", "must not be empty"),
        ({"rate": "2"}, "rate", "rate"),
        ({"factor": "fatigue"}, "factor", "factor must be one of"),
        ({"seed": "x"}, "seed", "seed"),
    ],
)
def test_bad_design_names_the_field_and_writes_nothing(
    journal: Journal, fields: dict[str, object], field: str, words: str
) -> None:
    with pytest.raises(ValidationError, match=words) as caught:
        t.save(journal, plan(journal, AFTER, **fields), AFTER)
    assert caught.value.field == field
    assert t.latest_trial(journal) is None


def test_a_prescription_medicine_needs_the_clinicians_agreement(journal: Journal) -> None:
    journal.add_medication(name="Quinine 200 mg", kind="drug")
    proposal = plan(journal, intervention="quinine", medicine="Quinine 200 mg")
    assert proposal.trial.prescription and proposal.needs_clinician
    assert any("never advises" in note for note in proposal.notes)
    with pytest.raises(ValidationError, match="agreed with your clinician") as caught:
        t.save(journal, proposal, AFTER)
    assert caught.value.field == "clinician_agreed"
    assert t.latest_trial(journal) is None
    agreed = plan(journal, intervention="quinine", medicine="Quinine 200 mg", clinician_agreed=True)
    saved = t.save(journal, agreed, AFTER)
    assert saved.link == TrialLink.MEDICINE and saved.clinician_agreed


def test_a_supplement_above_the_upper_level_is_refused(journal: Journal) -> None:
    journal.add_medication(name="Mag 500", kind="supplement", magnesium_mg=500)
    with pytest.raises(ValidationError, match="tolerable upper level") as caught:
        plan(journal, intervention="magnesium", medicine="Mag 500")
    assert caught.value.field == "medicine"
    journal.add_medication(name="Mag 250", kind="supplement", magnesium_mg=250)
    within = plan(journal, intervention="magnesium", medicine="Mag 250")
    assert within.trial.link_target == "Mag 250"
    with pytest.raises(ValidationError, match="upper level"):
        plan(journal, intervention="magnesium", medicine="Mag 250", doses_per_day=2)


def test_an_intervention_named_as_a_medicine_is_linked_to_it(journal: Journal) -> None:
    journal.add_medication(name="Magnesium", kind="supplement", magnesium_mg=200)
    proposal = plan(journal)
    assert (proposal.trial.link, proposal.trial.link_target) == (TrialLink.MEDICINE, "Magnesium")


def test_power_from_the_journals_own_rate_or_a_typed_one(journal: Journal) -> None:
    typed = plan(journal)
    assert typed.rate == 0.5 and typed.trial.rate_source == "typed"
    assert typed.power is not None and 0 < typed.power.power <= 1
    assert typed.trial.planned_power == typed.power.power
    # Too few logged nights before the start: the planner asks for an estimate.
    none = plan(journal, rate=None)
    assert none.power is None and any("--rate" in note for note in none.notes)
    # With 30 logged nights, 10 of them cramp nights, before the start:
    for i in range(30):
        day = START - dt.timedelta(days=30 - i)
        journal.log_drink(at=dt.datetime.combine(day, dt.time(20), dt.UTC), kind="water", ml=250)
        if i % 3 == 0:
            night = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(2, 30), dt.UTC)
            journal.log_cramp(at=night, muscle="calf", side="left", severity=5)
    own = plan(journal, rate=None)
    assert own.trial.rate_source == "journal" and own.rate_nights == 30
    assert own.rate == pytest.approx(10 / 30)
    assert own.power is not None


def test_todays_arm_line(journal: Journal) -> None:
    saved = t.save(journal, plan(journal), AFTER)
    third = saved.blocks[2]
    day = third.start + dt.timedelta(days=4)
    st = t.status_of(journal, saved, day)
    assert st.state == "running" and st.position is not None
    arm = "magnesium" if third.arm == "B" else "no magnesium"
    assert t.status_line(st) == f"Block 3 of 6 · {arm} nights · day 5 of 14"
    washout = t.status_of(journal, saved, third.start)
    assert t.status_line(washout).endswith("day 1 of 14 (washout)")
    assert t.status_of(journal, saved, START - dt.timedelta(1)).state == "not started"
    assert t.status_of(journal, saved, AFTER).state == "finished"


def test_adherence_said_day_by_day_and_missing_days_kept_missing(journal: Journal) -> None:
    saved = t.save(journal, plan(journal), START)
    today = START + dt.timedelta(days=4)
    t.record_adherence(journal, START, "yes", today)
    t.record_adherence(journal, START + dt.timedelta(1), "no", today)
    t.record_adherence(journal, START + dt.timedelta(1), "yes", today)  # corrected
    a = t.adherence(journal, saved, today)
    assert a.days == {START: True, START + dt.timedelta(1): True}
    assert (a.elapsed, a.kept, a.missing, a.source) == (5, 2, 3, "your answers")
    with pytest.raises(ValidationError, match="date must not be after today"):
        t.record_adherence(journal, today + dt.timedelta(1), "yes", today)
    with pytest.raises(ValidationError, match="day of trial"):
        t.record_adherence(journal, START - dt.timedelta(1), "yes", today)


def test_adherence_from_linked_doses(journal: Journal) -> None:
    journal.add_medication(name="Magnesium", kind="supplement", magnesium_mg=200)
    saved = t.save(journal, plan(journal), AFTER)
    first, second = saved.blocks[0], saved.blocks[1]
    for block in (first, second):
        for n in range(3):
            day = block.start + dt.timedelta(days=n)
            evening = dt.datetime.combine(day, dt.time(21), dt.UTC)
            journal.log_drink(at=evening, kind="water", ml=250)
            if n < 2:  # a dose on two of the three days, whichever the arm
                journal.log_dose(medication="Magnesium", at=evening)
    a = t.adherence(journal, saved, AFTER)
    assert a.source == "doses"
    kept = {
        d: (n < 2) == (b.arm == "B")
        for b in (first, second)
        for n, d in enumerate(b.start + dt.timedelta(days=i) for i in range(3))
    }
    assert a.days == kept
    assert a.missing == 84 - 6


def test_adherence_from_a_linked_day_factor(journal: Journal) -> None:
    saved = t.save(journal, plan(journal, intervention="stretching", factor="stretched"), AFTER)
    factors = BY_NAME["factors"]
    b = saved.blocks[0]
    evening = dt.datetime.combine(b.start, dt.time(22), dt.UTC)
    journal.log_plain(factors, {"stretched": "yes"}, at=evening)
    journal.log_plain(factors, {"fatigue": 3}, at=evening + dt.timedelta(days=1))
    a = t.adherence(journal, saved, AFTER)
    assert a.source == "day factors"
    assert a.days == {b.start: b.arm == "B"}  # fatigue alone says nothing about stretching


def test_done_when_fewer_cramp_nights_with_the_intervention(journal: Journal) -> None:
    saved = t.save(journal, plan(journal), AFTER)
    log_nights(journal, saved, fewer_with_b)
    trial, res = t.result(journal, AFTER)
    assert res.label == "fewer cramp nights with magnesium"
    assert not res.interim
    assert res.ci_high is not None and res.ci_high < 1
    assert res.rate_ratio is not None and res.rate_ratio < 1
    doc = t.result_json(trial, res)
    assert doc["result"]["label"] == res.label
    counts = {b["index"]: b for b in doc["result"]["blocks"]}
    for block in saved.blocks:
        row = counts[block.index]
        assert row["arm"] == block.arm
        # Nights compared, and the washout nights left out, all logged.
        assert row["nights_logged"] == 11 and row["nights_washout"] == 3


def test_done_when_no_clear_difference(journal: Journal) -> None:
    saved = t.save(journal, plan(journal), AFTER)
    log_nights(journal, saved, no_difference)
    _, res = t.result(journal, AFTER)
    assert res.label == "no clear difference"
    assert res.ci_low is not None and res.ci_high is not None
    assert res.ci_low < 1 < res.ci_high


def test_done_when_unfinished_is_not_finished(journal: Journal) -> None:
    saved = t.save(journal, plan(journal), AFTER)
    midway = saved.blocks[3].end
    log_nights(journal, saved, fewer_with_b, until=midway)
    _, res = t.result(journal, midway)
    assert res.interim and res.label == "not finished"


def test_a_stopped_trial_never_concludes(journal: Journal) -> None:
    saved = t.save(journal, plan(journal), START)
    log_nights(journal, saved, fewer_with_b, until=saved.blocks[4].end)
    t.stop(journal, saved.blocks[4].end + dt.timedelta(days=1))
    _, res = t.result(journal, AFTER)
    assert res.interim and res.label == "not finished"


def test_missing_nights_are_not_cramp_free(journal: Journal) -> None:
    """Days with nothing logged are left out, never counted as nights without cramps."""
    saved = t.save(journal, plan(journal), AFTER)
    log_nights(journal, saved, fewer_with_b, skip=lambda day: day.day % 2 == 0)
    _, res = t.result(journal, AFTER)
    for block, row in zip(saved.blocks, res.blocks, strict=True):
        days = [block.start + dt.timedelta(days=i) for i in range(14)]
        logged = sum(d.day % 2 == 1 for d in days)
        assert row.nights_logged + row.nights_washout == logged


def test_status_and_result_json_follow_the_contract(journal: Journal) -> None:
    saved = t.save(journal, plan(journal), AFTER)
    st = t.status_of(journal, saved, saved.blocks[1].start)
    doc = t.status_json(st)
    assert doc["format"] == "cramplog-trial" and doc["version"] == 1
    assert set(doc["plan"]) == {
        "name",
        "intervention",
        "control",
        "block_days",
        "washout_days",
        "pairs",
        "start",
        "blocks",
    }
    assert doc["plan"]["blocks"][0] == {
        "index": 1,
        "arm": saved.blocks[0].arm,
        "start": "2026-01-05",
        "end": "2026-01-18",
    }
    assert doc["today"]["block"] == 2 and doc["today"]["day_in_block"] == 1
    _, res = t.result(journal, AFTER)
    result = t.result_json(saved, res)["result"]
    assert set(result) == {
        "blocks",
        "rate_ratio",
        "ci_low",
        "ci_high",
        "p_randomization",
        "p_min_possible",
        "posterior_prob_benefit",
        "label",
        "interim",
    }
    assert set(result["blocks"][0]) == {
        "index",
        "arm",
        "nights_logged",
        "cramp_nights",
        "nights_washout",
    }


def test_no_trial_yet_is_said_plainly(journal: Journal) -> None:
    with pytest.raises(NotFoundError, match="no trial planned yet"):
        t.status(journal, AFTER)
    with pytest.raises(CramplogError, match="no trial is running"):
        t.stop(journal, AFTER)


def test_a_prescription_medicine_named_in_free_text_also_needs_agreement(
    journal: Journal,
) -> None:
    journal.add_medication(name="Atorvastatin 20 mg", kind="drug", drug_class="statin")
    proposal = plan(journal, intervention="pausing atorvastatin")
    assert proposal.trial.link == TrialLink.TEXT
    assert proposal.needs_clinician
    with pytest.raises(ValidationError, match="clinician"):
        t.save(journal, proposal, AFTER)
    assert not plan(journal, intervention="magnesium").needs_clinician
