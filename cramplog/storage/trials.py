"""Reading and writing n-of-1 trials inside a session the caller owns.

A trial's design and its blocks (the allocation) are written once, when it is
planned; the database refuses any later change to them (triggers of migration
0007). Only ``stopped_on`` changes, and adherence answers are kept per day.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from cramplog.domain import NotFoundError, Trial, TrialBlock, TrialLink
from cramplog.storage.models import TrialAdherenceRow, TrialBlockRow, TrialRow, utc_now
from cramplog.storage.repository import medication_row


def to_trial(row: TrialRow) -> Trial:
    if row.link == TrialLink.MEDICINE.value and row.medication is not None:
        target = row.medication.name
    else:
        target = row.factor
    return Trial(
        id=row.id,
        name=row.name,
        intervention=row.intervention,
        control=row.control,
        link=TrialLink(row.link),
        link_target=target,
        block_days=row.block_days,
        washout_days=row.washout_days,
        pairs=row.pairs,
        start=row.start_day,
        seed=row.seed,
        blocks=tuple(TrialBlock(b.block_index, b.arm, b.start_day, b.end_day) for b in row.blocks),
        prescription=row.prescription,
        clinician_agreed=row.clinician_agreed,
        planned_rate=row.planned_rate,
        rate_source=row.rate_source,
        planned_power=row.planned_power,
        planned_on=row.planned_on,
        stopped_on=row.stopped_on,
        uuid=row.uuid,
        created_at=row.created_at,
    )


def add_trial(session: Session, trial: Trial) -> Trial:
    """Write a planned trial and its allocation (a new row; its id is given by SQLite)."""
    medication_id = (
        medication_row(session, trial.link_target).id if trial.link == TrialLink.MEDICINE else None
    )
    row = TrialRow(
        name=trial.name,
        intervention=trial.intervention,
        control=trial.control,
        link=trial.link.value,
        medication_id=medication_id,
        factor="" if trial.link == TrialLink.MEDICINE else trial.link_target,
        block_days=trial.block_days,
        washout_days=trial.washout_days,
        pairs=trial.pairs,
        start_day=trial.start,
        seed=trial.seed,
        prescription=trial.prescription,
        clinician_agreed=trial.clinician_agreed,
        planned_rate=trial.planned_rate,
        rate_source=trial.rate_source,
        planned_power=trial.planned_power,
        planned_on=trial.planned_on or trial.start,
        stopped_on=trial.stopped_on,
        created_at=trial.created_at or utc_now(),
    )
    if trial.uuid:
        row.uuid = trial.uuid
    session.add(row)
    session.flush()
    for block in trial.blocks:
        session.add(
            TrialBlockRow(
                trial_id=row.id,
                block_index=block.index,
                arm=block.arm,
                start_day=block.start,
                end_day=block.end,
            )
        )
    session.flush()
    session.refresh(row)
    return to_trial(row)


def trials(session: Session) -> list[Trial]:
    """Every trial, oldest first."""
    rows = session.scalars(select(TrialRow).order_by(TrialRow.id))
    return [to_trial(r) for r in rows]


def latest_trial(session: Session) -> Trial | None:
    row = session.scalar(select(TrialRow).order_by(TrialRow.id.desc()).limit(1))
    return None if row is None else to_trial(row)


def trial_row(session: Session, trial_id: int) -> TrialRow:
    row = session.get(TrialRow, trial_id)
    if row is None:
        raise NotFoundError(f"no trial with id {trial_id}")
    return row


def stop_trial(session: Session, trial_id: int, day: dt.date) -> Trial:
    row = trial_row(session, trial_id)
    row.stopped_on = day
    session.flush()
    return to_trial(row)


def adherence(session: Session, trial_id: int) -> dict[dt.date, bool]:
    """The person's own yes/no answers, by journal day."""
    rows = session.execute(
        select(TrialAdherenceRow.journal_day, TrialAdherenceRow.adhered).where(
            TrialAdherenceRow.trial_id == trial_id
        )
    )
    return {day: bool(adhered) for day, adhered in rows}


def adherence_answers(session: Session, trial_id: int) -> list[tuple[dt.date, bool, dt.datetime]]:
    """The answers with when each was last given (naive UTC), by day."""
    rows = session.execute(
        select(
            TrialAdherenceRow.journal_day,
            TrialAdherenceRow.adhered,
            TrialAdherenceRow.updated_at,
        )
        .where(TrialAdherenceRow.trial_id == trial_id)
        .order_by(TrialAdherenceRow.journal_day)
    )
    return [(day, bool(adhered), at) for day, adhered, at in rows]


def set_adherence(
    session: Session,
    trial_id: int,
    day: dt.date,
    adhered: bool,
    updated_at: dt.datetime | None = None,
) -> None:
    when = updated_at or utc_now()
    row = session.get(TrialAdherenceRow, (trial_id, day))
    if row is None:
        session.add(
            TrialAdherenceRow(trial_id=trial_id, journal_day=day, adhered=adhered, updated_at=when)
        )
    else:
        row.adhered = adhered
        row.updated_at = when
