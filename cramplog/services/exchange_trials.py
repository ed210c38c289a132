"""Trials in the exchange format: the plan with its allocation, and adherence as said.

A trial is written as planned (design, seed, blocks) and read back only if its
blocks are the ones its design and orders give (``services.trials.plan_of``):
an allocation is never rebuilt or mended on import. A file without the
section (every file before trials existed) has no trials.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from cramplog.domain import CramplogError, Trial, TrialBlock, TrialLink, ValidationError
from cramplog.services import validate as v
from cramplog.services.exchange_records import as_record, located, section_records, text_in
from cramplog.storage import trials as store

if TYPE_CHECKING:
    from cramplog.services.journal import Journal

SECTION = "trials"
# A trial's adherence answers: by day, the answer and when it was last given.
Answers = dict[dt.date, tuple[bool, dt.datetime | None]]


def _day(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


def trial_records(journal: Journal) -> list[dict[str, Any]]:
    out = []
    with journal.db.reading() as s:
        trials = store.trials(s)
        said = {t.id: store.adherence_answers(s, t.id) for t in trials if t.id is not None}
    for t in trials:
        out.append(
            {
                "uuid": t.uuid,
                "name": t.name,
                "intervention": t.intervention,
                "control": t.control,
                "link": t.link.value,
                "link_target": t.link_target,
                "block_days": t.block_days,
                "washout_days": t.washout_days,
                "pairs": t.pairs,
                "start": t.start.isoformat(),
                "seed": t.seed,
                "blocks": [
                    {
                        "index": b.index,
                        "arm": b.arm,
                        "start": b.start.isoformat(),
                        "end": b.end.isoformat(),
                    }
                    for b in t.blocks
                ],
                "prescription": t.prescription,
                "clinician_agreed": t.clinician_agreed,
                "planned_rate": t.planned_rate,
                "rate_source": t.rate_source,
                "planned_power": t.planned_power,
                "planned_on": _day(t.planned_on),
                "stopped_on": _day(t.stopped_on),
                "created_at": _moment(t.created_at),
                "adherence": [
                    {"day": day.isoformat(), "adhered": kept, "updated_at": _moment(at)}
                    for day, kept, at in said.get(t.id or 0, [])
                ],
            }
        )
    return out


def _moment(at: dt.datetime | None) -> str | None:
    """A stored naive-UTC time as ISO 8601 with its offset."""
    return None if at is None else at.replace(tzinfo=dt.UTC).isoformat()


def _utc(field: str, raw: Any) -> dt.datetime | None:
    if raw is None:
        return None
    try:
        at = dt.datetime.fromisoformat(str(raw))
    except ValueError:
        raise ValidationError(field, f"{field} must be an ISO 8601 time") from None
    if at.tzinfo is None:
        raise ValidationError(field, f"{field} must give its UTC offset")
    return at.astimezone(dt.UTC).replace(tzinfo=None)


def _number(record: Mapping[str, Any], key: str) -> float | None:
    raw = record.get(key)
    return None if raw is None else v.non_negative(key, raw, 1)


def _trial(record: Mapping[str, Any], medicines: set[str]) -> tuple[Trial, Answers]:
    from cramplog.services.trials import plan_of

    link = v.choice("link", record.get("link", "text"), TrialLink)
    target = text_in(record, "link_target", v.MAX_NAME)
    if link == TrialLink.MEDICINE and target.lower() not in medicines:
        raise ValidationError("link_target", f"link_target {target!r} is not in medications")
    blocks = []
    for i, raw in enumerate(record.get("blocks") or []):
        b = as_record("blocks", i, raw)
        arm = str(b.get("arm"))
        if arm not in ("A", "B"):
            raise ValidationError(f"blocks[{i}].arm", f"blocks[{i}].arm must be A or B")
        blocks.append(
            TrialBlock(
                v.integer(f"blocks[{i}].index", b.get("index"), 1, 10_000),
                arm,
                v.date(f"blocks[{i}].start", b.get("start")),
                v.date(f"blocks[{i}].end", b.get("end")),
            )
        )
    if not blocks or len(blocks) % 2:
        raise ValidationError("blocks", "blocks must be pairs of blocks, as planned")
    try:
        ident = str(uuid.UUID(str(record["uuid"]))) if record.get("uuid") else ""
    except ValueError:
        raise ValidationError("uuid", "uuid must be a UUID (as cramplog exports it)") from None
    stopped = record.get("stopped_on")
    planned_on = record.get("planned_on")
    trial = Trial(
        id=None,
        name=v.name("name", record.get("name")),
        intervention=v.name("intervention", record.get("intervention")),
        control=v.name("control", record.get("control")),
        link=link,
        link_target=target,
        block_days=v.integer("block_days", record.get("block_days"), 1, 366),
        washout_days=v.integer("washout_days", record.get("washout_days"), 0, 366),
        pairs=v.integer("pairs", record.get("pairs"), 1, 1000),
        start=v.date("start", record.get("start")),
        seed=v.integer("seed", record.get("seed"), 0, 2**31 - 1),
        blocks=tuple(blocks),
        prescription=bool(record.get("prescription", False)),
        clinician_agreed=bool(record.get("clinician_agreed", False)),
        planned_rate=_number(record, "planned_rate"),
        rate_source=text_in(record, "rate_source", 16),
        planned_power=_number(record, "planned_power"),
        planned_on=None if planned_on is None else v.date("planned_on", planned_on),
        stopped_on=None if stopped is None else v.date("stopped_on", stopped),
        uuid=ident,
        created_at=_utc("created_at", record.get("created_at")),
    )
    try:
        plan_of(trial)  # the stored blocks must be the design's own
    except CramplogError as exc:
        raise ValidationError("blocks", str(exc)) from None
    said: Answers = {}
    for i, raw in enumerate(record.get("adherence") or []):
        a = as_record("adherence", i, raw)
        said[v.date(f"adherence[{i}].day", a.get("day"))] = (
            v.boolean(f"adherence[{i}].adhered", a.get("adhered")),
            _utc(f"adherence[{i}].updated_at", a.get("updated_at")),
        )
    return trial, said


def parse_trials(doc: Mapping[str, Any], medicines: Iterable[str]) -> list[tuple[Trial, Answers]]:
    """Every trial of a document, checked; nothing written."""
    names = {m.lower() for m in medicines}
    out = []
    for index, raw in enumerate(section_records(doc, SECTION)):
        try:
            out.append(_trial(as_record(SECTION, index, raw), names))
        except ValidationError as exc:
            raise located(SECTION, index, exc) from None
    return out


def add_trials(session: Session, parsed: Iterable[tuple[Trial, Answers]]) -> None:
    for trial, said in parsed:
        stored = store.add_trial(session, trial)
        for day, (kept, at) in said.items():
            store.set_adherence(session, stored.id or 0, day, kept, at)
