"""Self-experiments (n-of-1 trials): plan, follow and read one, for the CLI, the app and the report.

The design, allocation, power and result are the analysis layer's
(``analysis.trial_design``, ``trial_power``, ``trial_result``; docs/trials.md);
this module ties them to the journal: the stored plan (one active trial at a
time, its allocation fixed when planned), today's arm, adherence read from
linked doses or day factors or said day by day, safety checks, and the JSON
contract of `cramplog trial status --json` and `trial result --json`.

Nothing here advises starting or stopping a medicine: a trial of a
prescription medicine needs the person's word that their clinician agreed.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from cramplog.domain import (
    CramplogError,
    DayFactors,
    Dose,
    Medication,
    MedKind,
    NotFoundError,
    Trial,
    TrialBlock,
    TrialLink,
    ValidationError,
)
from cramplog.entry_kinds import PLAIN_KINDS, EntryField, EntryKind
from cramplog.nutrients import TRACKED
from cramplog.services import validate as v
from cramplog.storage import trials as store

if TYPE_CHECKING:
    from cramplog.analysis.trial_design import Design, TrialPlan
    from cramplog.analysis.trial_power import PowerEstimate
    from cramplog.analysis.trial_result import TrialResult
    from cramplog.report.trial_section import TrialReport
    from cramplog.services.journal import Journal

FORMAT = "cramplog-trial"
VERSION = 1
# The journal's own cramp-night rate: over this many days before the trial,
# from at least this many logged nights; otherwise a typed estimate is asked for.
RATE_DAYS = 90
RATE_MIN_NIGHTS = 14
ARMS = {"A": "control", "B": "intervention"}


class TrialFields(TypedDict, total=False):
    """What `cramplog trial plan` and the app's wizard accept (typed text or values)."""

    name: str
    intervention: str
    control: str | None
    block_days: int | str
    pairs: int | str
    washout_days: int | str
    start: str | dt.date | None
    seed: int | str | None
    medicine: str | None
    doses_per_day: float | str | None
    factor: str | None
    rate: float | str | None
    clinician_agreed: bool


@dataclass(frozen=True)
class Proposal:
    """A checked plan not yet saved: what the planner shows before the person confirms."""

    trial: Trial
    power: PowerEstimate | None
    # The cramp-night rate used and where from; nights it rests on (journal only).
    rate: float | None
    rate_nights: int
    # Lines the person must read (no rate, a start in the past, a medicine).
    notes: tuple[str, ...] = ()

    @property
    def needs_clinician(self) -> bool:
        return self.trial.prescription and not self.trial.clinician_agreed


@dataclass(frozen=True)
class TodayInTrial:
    """Where a journal day falls in a trial."""

    trial: Trial
    day: dt.date
    block: TrialBlock
    day_in_block: int
    washout: bool


@dataclass(frozen=True)
class Adherence:
    """Per day in the trial up to today: True kept to the arm, False not, absent: not known."""

    days: dict[dt.date, bool] = field(default_factory=dict)
    # Days in the trial so far (today included), so the missing ones can be counted.
    elapsed: int = 0
    source: str = ""  # "doses", "day factors", "your answers" (or a mix)

    @property
    def kept(self) -> int:
        return sum(self.days.values())

    @property
    def missing(self) -> int:
        return self.elapsed - len(self.days)


@dataclass(frozen=True)
class TrialStatus:
    trial: Trial
    today: dt.date
    state: str  # "not started", "running", "finished", "stopped"
    position: TodayInTrial | None
    adherence: Adherence
    answered_today: bool | None = None


# --- design and plan ------------------------------------------------------------


def design_of(block_days: object, pairs: object, washout_days: object) -> Design:
    """A checked design; a bad value is a ValidationError naming its field."""
    from cramplog.analysis import trial_design as td

    days = v.integer("block_days", block_days, td.MIN_BLOCK_DAYS, td.MAX_BLOCK_DAYS)  # type: ignore[arg-type]
    count = v.integer("pairs", pairs, td.MIN_PAIRS, td.MAX_PAIRS)  # type: ignore[arg-type]
    washout = v.integer("washout_days", washout_days, 0, days - 1)  # type: ignore[arg-type]
    try:
        return td.Design(block_days=days, pairs=count, washout_days=washout)
    except ValueError as exc:
        message = str(exc)
        field_name = next(
            (f for f in ("washout_days", "block_days", "pairs") if f in message), "design"
        )
        raise ValidationError(field_name, message) from None


def plan_of(trial: Trial) -> TrialPlan:
    """The analysis layer's plan of a stored trial, from its stored allocation.

    The blocks it gives must be the stored ones, day for day: a stored
    allocation the design cannot give back is refused, never mended.
    """
    from cramplog.analysis.trial_design import plan_from_orders

    design = design_of(trial.block_days, trial.pairs, trial.washout_days)
    try:
        plan = plan_from_orders(design, trial.start, trial.orders)
    except ValueError as exc:
        raise CramplogError(f"trial {trial.name!r}: {exc}") from None
    rebuilt = tuple((b.index, b.arm, b.start, b.end) for b in plan.blocks)
    stored = tuple((b.index, b.arm, b.start, b.end) for b in trial.blocks)
    if rebuilt != stored:
        raise CramplogError(f"trial {trial.name!r}: its stored blocks do not match its design")
    return plan


def arm_text(trial: Trial, arm: str) -> str:
    """What an arm is, in the person's words: the intervention (B) or the control (A)."""
    return trial.intervention if arm == "B" else trial.control


def _factor(spec: str) -> tuple[EntryKind, EntryField, str | None]:
    """A day-factor link: a yes/no field ("stretched") or a choice and value ("footwear=tight")."""
    name, _, value = spec.strip().lower().partition("=")
    name = name.strip().replace("-", "_")
    for kind in PLAIN_KINDS:
        for f in kind.plain:
            if f.name != name:
                continue
            if f.value_type == "bool" and not value:
                return kind, f, None
            if f.choices is not None and value:
                return kind, f, v.choice("factor", value.strip(), f.choices).value
    fits = [
        f.name if f.value_type == "bool" else f"{f.name}=VALUE ({f.allowed()})"
        for k in PLAIN_KINDS
        for f in k.plain
        if f.value_type == "bool" or f.choices is not None
    ]
    raise ValidationError("factor", f"factor must be one of: {', '.join(fits)}")


def _check_dose(journal: Journal, med: Medication, per_day: float) -> None:
    """A supplement taken above a tolerable upper level is refused as an intervention."""
    from cramplog.analysis.reference import references_for

    profile = journal.profile()
    refs = references_for(profile, dt.date.today().year)
    for n in TRACKED:
        amount = getattr(med, n.key) * per_day
        ref = refs.nutrients[n.key]
        if not amount or ref.upper_limit is None or ref.upper_limit_kind != "UL":
            continue
        if amount > ref.upper_limit:
            counts = "from supplements" if ref.upper_counts == "supplements" else "in total"
            raise ValidationError(
                "medicine",
                f"{med.name} at {per_day:g} dose{'s' if per_day != 1 else ''} a day gives"
                f" {amount:g} {n.unit} {n.label.lower()}, above the tolerable upper level"
                f" ({ref.upper_limit:g} {n.unit} a day {counts}, US DRI): cramplog does not"
                " plan a trial above it",
            )


def _journal_rate(journal: Journal, before: dt.date) -> tuple[float | None, int]:
    """The share of logged nights with a cramp over RATE_DAYS days up to ``before`` (excluded)."""
    from cramplog.analysis.daily import load_daily

    start = before - dt.timedelta(days=RATE_DAYS)
    frame = load_daily(journal.db, start, before - dt.timedelta(days=1), lookback_days=0)
    logged = frame[frame["logged"].astype(bool)]
    nights = len(logged)
    if nights < RATE_MIN_NIGHTS:
        return None, nights
    return float(logged["cramp_night"].mean()), nights


def active_trial(journal: Journal, today: dt.date) -> Trial | None:
    """The trial running or still to start on ``today``: not stopped and not over."""
    trial = latest_trial(journal)
    if trial is None or trial.stopped_on is not None or trial.end < today:
        return None
    return trial


def latest_trial(journal: Journal) -> Trial | None:
    with journal.db.reading() as s:
        return store.latest_trial(s)


def all_trials(journal: Journal) -> list[Trial]:
    with journal.db.reading() as s:
        return store.trials(s)


def _refuse_second(trial: Trial | None) -> None:
    if trial is not None:
        raise ValidationError(
            "trial",
            f"trial {trial.name!r} runs until {trial.end.isoformat()}: one trial at a time;"
            " stop it first with `cramplog trial stop`",
        )


def propose(journal: Journal, today: dt.date, **fields: Unpack[TrialFields]) -> Proposal:
    """Check a plan and estimate its power; nothing is written (see :func:`save`)."""
    from cramplog.analysis.trial_design import (
        DEFAULT_BLOCK_DAYS,
        DEFAULT_PAIRS,
        DEFAULT_WASHOUT_DAYS,
        make_plan,
    )
    from cramplog.analysis.trial_power import estimate_power

    name = v.name("name", fields.get("name"))
    intervention = v.name("intervention", fields.get("intervention"))
    control_text = fields.get("control")
    control = (
        v.name("control", control_text) if control_text not in (None, "") else f"no {intervention}"
    )
    design = design_of(
        fields.get("block_days", DEFAULT_BLOCK_DAYS),
        fields.get("pairs", DEFAULT_PAIRS),
        fields.get("washout_days", DEFAULT_WASHOUT_DAYS),
    )
    start_given = fields.get("start")
    start = today if start_given in (None, "") else v.date("start", start_given, today)
    seed_given = fields.get("seed")
    seed = (
        secrets.randbelow(2**31)
        if seed_given in (None, "")
        else v.integer("seed", seed_given, 0, 2**31 - 1)
    )
    _refuse_second(active_trial(journal, today))
    notes: list[str] = []

    link, target, prescription = TrialLink.TEXT, "", False
    medicine, factor = fields.get("medicine"), fields.get("factor")
    if medicine and factor:
        raise ValidationError(
            "medicine", "link the intervention to a medicine or a factor, not both"
        )
    if not medicine and not factor:
        # An intervention named exactly as a medicine in the journal is that medicine.
        same = [m for m in journal.medications() if m.name.lower() == intervention.lower()]
        medicine = same[0].name if same else None
    if medicine:
        found = [
            m for m in journal.medications() if m.name.lower() == str(medicine).strip().lower()
        ]
        if not found:
            raise NotFoundError(
                f"no medicine or supplement named {medicine!r};"
                " add it first with `cramplog med add`"
            )
        med = found[0]
        per_day_raw = fields.get("doses_per_day")
        per_day = v.positive("doses_per_day", 1 if per_day_raw in (None, "") else per_day_raw, 20)
        link, target = TrialLink.MEDICINE, med.name
        if med.kind == MedKind.DRUG:
            prescription = True
            notes.append(
                f"{med.name} is a prescription medicine: cramplog never advises starting or"
                " stopping one. Run this trial only if your clinician agreed to it."
            )
        else:
            _check_dose(journal, med, per_day)
    elif factor:
        _, f, value = _factor(str(factor))
        link, target = TrialLink.FACTOR, f.name if value is None else f"{f.name}={value}"
    if not prescription:
        named = _prescription_named(journal, intervention, fields.get("control"))
        if named is not None:
            prescription = True
            notes.append(
                f"This trial names {named}, a prescription medicine in your journal: cramplog"
                " never advises starting or stopping one. Run this trial only if your"
                " clinician agreed to it."
            )
    agreed = bool(fields.get("clinician_agreed", False))

    rate_given = fields.get("rate")
    rate_nights = 0
    if rate_given not in (None, ""):
        rate: float | None = _typed_rate(rate_given)
        source = "typed"
    else:
        rate, rate_nights = _journal_rate(journal, min(start, today))
        source = "journal" if rate is not None else ""
        if rate is None:
            notes.append(
                f"The journal has {rate_nights} logged nights in the {RATE_DAYS} days before;"
                f" at least {RATE_MIN_NIGHTS} are needed to estimate your cramp-night rate:"
                " type an estimate (--rate, the share of nights with a cramp, e.g. 0.4)."
            )
        elif rate == 0:
            notes.append(
                f"No cramp nights in your last {rate_nights} logged nights: a trial cannot"
                " show fewer."
            )
            rate = None
    power = estimate_power(design, rate) if rate is not None else None
    if start < today:
        notes.append(
            f"The trial starts on {start.isoformat()}, before today: the allocation is drawn"
            " now, but nights already logged count as they were."
        )
    plan = make_plan(design, start, seed)
    blocks = tuple(TrialBlock(b.index, b.arm, b.start, b.end) for b in plan.blocks)
    trial = Trial(
        id=None,
        name=name,
        intervention=intervention,
        control=control,
        link=link,
        link_target=target,
        block_days=design.block_days,
        washout_days=design.washout_days,
        pairs=design.pairs,
        start=start,
        seed=seed,
        blocks=blocks,
        prescription=prescription,
        clinician_agreed=agreed,
        planned_rate=rate,
        rate_source=source if rate is not None else "",
        planned_power=power.power if power is not None else None,
        planned_on=today,
    )
    return Proposal(trial, power, rate, rate_nights, tuple(notes))


def _prescription_named(journal: Journal, *texts: object) -> str | None:
    """A prescription medicine of the journal that the trial's words name, if any.

    "atorvastatin" in an intervention names "Atorvastatin 20 mg": a word of
    four letters or more of the medicine's name, as a whole word of the text.
    """
    words = {w for text in texts if text for w in _words(str(text))}
    for med in journal.medications():
        if med.kind == MedKind.DRUG and any(len(w) >= 4 and w in words for w in _words(med.name)):
            return med.name
    return None


def _words(text: str) -> list[str]:
    return "".join(c if c.isalnum() else " " for c in text.lower()).split()


def _typed_rate(value: object) -> float:
    text = str(value).strip()
    percent = text.endswith("%")
    number = v.positive("rate", text.rstrip("%").strip(), 100 if percent else 1)
    return number / 100 if percent else number


def save(journal: Journal, proposal: Proposal, today: dt.date) -> Trial:
    """Store a proposed trial and its allocation, exactly as shown, in one write transaction."""
    if proposal.needs_clinician:
        raise ValidationError(
            "clinician_agreed",
            "this trial involves a prescription medicine: cramplog never advises"
            " starting or stopping one; confirm the trial was agreed with your clinician"
            " (--clinician-agreed)",
        )
    with journal.db.writing() as s:
        latest = store.latest_trial(s)
        if latest is not None and latest.stopped_on is None and latest.end >= today:
            _refuse_second(latest)
        return store.add_trial(s, proposal.trial)


def stop(journal: Journal, today: dt.date) -> Trial:
    """End the active trial early (its result stays "not finished")."""
    with journal.db.writing() as s:
        trial = store.latest_trial(s)
        if trial is None or trial.stopped_on is not None or trial.end < today or trial.id is None:
            raise NotFoundError("no trial is running")
        return store.stop_trial(s, trial.id, max(today - dt.timedelta(days=1), trial.start))


def _trial_or_refuse(journal: Journal) -> Trial:
    trial = latest_trial(journal)
    if trial is None:
        raise NotFoundError("no trial planned yet; plan one with `cramplog trial plan`")
    return trial


# --- during the trial -----------------------------------------------------------


def locate(trial: Trial, day: dt.date) -> TodayInTrial | None:
    for block in trial.blocks:
        if block.start <= day <= block.end:
            number = (day - block.start).days + 1
            return TodayInTrial(trial, day, block, number, number <= trial.washout_days)
    return None


def last_day(trial: Trial, today: dt.date) -> dt.date:
    """The last day the trial has run to: today, its end, or the day it was stopped."""
    end = min(today, trial.end)
    return min(end, trial.stopped_on) if trial.stopped_on is not None else end


def _said_adherence(journal: Journal, trial: Trial) -> dict[dt.date, bool]:
    if trial.id is None:
        return {}
    with journal.db.reading() as s:
        return store.adherence(s, trial.id)


def adherence(journal: Journal, trial: Trial, today: dt.date) -> Adherence:
    """Whether each day so far kept to its arm, from linked entries or the person's answers.

    A linked medicine: a logged day with a dose of it is an intervention day,
    a logged day without one a control day. A linked factor: the day's factor
    as logged (a day without it said is not known). Otherwise, or where the
    journal does not tell, the person's yes/no. A day nobody said anything
    about stays missing: never filled in.
    """
    end = last_day(trial, today)
    if end < trial.start:
        return Adherence({}, 0, "")
    said = _said_adherence(journal, trial)
    derived: dict[dt.date, bool] = {}
    source = "your answers"
    if trial.link == TrialLink.MEDICINE:
        from cramplog.analysis.daily import load_daily

        source = "doses"
        frame = load_daily(journal.db, trial.start, end, lookback_days=0)
        logged = {ts.date() for ts in frame.index[frame["logged"].to_numpy(dtype=bool)]}
        dosed = {
            e.journal_day
            for e in journal.entries(trial.start, end)
            if isinstance(e, Dose) and e.medication.lower() == trial.link_target.lower()
        }
        for day in logged | dosed:
            where = locate(trial, day)
            if where is not None:
                derived[day] = (day in dosed) == (where.block.arm == "B")
    elif trial.link == TrialLink.FACTOR:
        source = "day factors"
        name, _, value = trial.link_target.partition("=")
        for kind in PLAIN_KINDS:
            for entry in journal.plain_entries(kind, trial.start, end):
                if not isinstance(entry, DayFactors):
                    continue
                got = getattr(entry, name, None)
                if got is None:
                    continue
                done = (str(getattr(got, "value", got)) == value) if value else bool(got)
                where = locate(trial, entry.journal_day)
                if where is not None:
                    derived[entry.journal_day] = done == (where.block.arm == "B")
    days = {d: a for d, a in said.items() if trial.start <= d <= end and d not in derived}
    # Where the days' answers came from, as far as they came from anywhere.
    sources = [name for name, used in ((source, derived), ("your answers", days)) if used]
    days.update(derived)
    return Adherence(days, (end - trial.start).days + 1, ", ".join(sources) or source)


def record_adherence(
    journal: Journal, day: object, adhered: object, today: dt.date
) -> tuple[dt.date, bool, TodayInTrial]:
    """The person's yes/no for one day of the active or latest trial."""
    when = v.date("date", day, today)  # type: ignore[arg-type]
    if when > today:
        raise ValidationError("date", "date must not be after today")
    answer = v.boolean("adhered", str(adhered))
    # Read and written in one write transaction: a trial stopped or planned
    # meanwhile by another program is seen before the answer is stored.
    with journal.db.writing() as s:
        trial = store.latest_trial(s)
        if trial is None or trial.id is None:
            raise NotFoundError("no trial planned yet; plan one with `cramplog trial plan`")
        where = locate(trial, when)
        if where is None or when > last_day(trial, today):
            raise ValidationError(
                "date",
                f"date must be a day of trial {trial.name!r} so far"
                f" ({trial.start.isoformat()} to {last_day(trial, today).isoformat()})",
            )
        store.set_adherence(s, trial.id, when, answer)
    return when, answer, where


def status(journal: Journal, today: dt.date) -> TrialStatus:
    trial = _trial_or_refuse(journal)
    return status_of(journal, trial, today)


def status_of(journal: Journal, trial: Trial, today: dt.date) -> TrialStatus:
    if trial.stopped_on is not None:
        state = "stopped"
    elif today < trial.start:
        state = "not started"
    elif today > trial.end:
        state = "finished"
    else:
        state = "running"
    position = locate(trial, today) if state == "running" else None
    said = _said_adherence(journal, trial)
    return TrialStatus(
        trial, today, state, position, adherence(journal, trial, today), said.get(today)
    )


def arm_line(trial: Trial, where: TodayInTrial) -> str:
    """Today's arm as one line: "Block 3 of 6 · magnesium nights · day 5 of 14"."""
    washout = " (washout)" if where.washout else ""
    return (
        f"Block {where.block.index} of {len(trial.blocks)} · {arm_text(trial, where.block.arm)}"
        f" nights · day {where.day_in_block} of {trial.block_days}{washout}"
    )


def status_line(st: TrialStatus) -> str:
    trial = st.trial
    if st.position is not None:
        return arm_line(trial, st.position)
    if st.state == "not started":
        return f"Trial {trial.name!r} starts on {trial.start.isoformat()}"
    if st.state == "stopped" and trial.stopped_on is not None:
        return f"Trial {trial.name!r} stopped on {trial.stopped_on.isoformat()}"
    return f"Trial {trial.name!r} ended on {trial.end.isoformat()}"


# --- result ---------------------------------------------------------------------


def result_of(journal: Journal, trial: Trial, today: dt.date) -> TrialResult:
    """The analysis layer's result for ``trial`` with the journal's nights up to today."""
    from cramplog.analysis.daily import load_daily
    from cramplog.analysis.trial_result import nights_from_daily, trial_result

    plan = plan_of(trial)
    end = last_day(trial, today)
    kept = adherence(journal, trial, today).days
    if end < trial.start:
        nights = []
    else:
        frame = load_daily(journal.db, trial.start, end, lookback_days=0)
        nights = nights_from_daily(frame, kept)
    # A trial stopped early is read as of the day it stopped: interim, never a conclusion.
    as_of = today if trial.stopped_on is None else min(today, trial.stopped_on)
    return trial_result(plan, nights, today=as_of, intervention=trial.intervention)


def result(journal: Journal, today: dt.date) -> tuple[Trial, TrialResult]:
    trial = _trial_or_refuse(journal)
    return trial, result_of(journal, trial, today)


# --- the JSON contract (docs/trials.md) ----------------------------------------


def plan_json(trial: Trial) -> dict[str, Any]:
    return {
        "name": trial.name,
        "intervention": trial.intervention,
        "control": trial.control,
        "block_days": trial.block_days,
        "washout_days": trial.washout_days,
        "pairs": trial.pairs,
        "start": trial.start.isoformat(),
        "blocks": [
            {"index": b.index, "arm": b.arm, "start": b.start.isoformat(), "end": b.end.isoformat()}
            for b in trial.blocks
        ],
    }


def status_json(st: TrialStatus) -> dict[str, Any]:
    where = st.position
    return {
        "format": FORMAT,
        "version": VERSION,
        "plan": plan_json(st.trial),
        "state": st.state,
        "today": {
            "date": st.today.isoformat(),
            "block": where.block.index if where else None,
            "arm": where.block.arm if where else None,
            "arm_text": arm_text(st.trial, where.block.arm) if where else None,
            "day_in_block": where.day_in_block if where else None,
            "washout": where.washout if where else None,
            "line": status_line(st),
        },
        "adherence": {
            "source": st.adherence.source,
            "days_so_far": st.adherence.elapsed,
            "days_kept": st.adherence.kept,
            "days_not_kept": len(st.adherence.days) - st.adherence.kept,
            "days_missing": st.adherence.missing,
        },
    }


def result_json(trial: Trial, res: TrialResult) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "plan": plan_json(trial),
        "result": {
            "blocks": [
                {
                    "index": b.index,
                    "arm": b.arm,
                    "nights_logged": b.nights_logged,
                    "cramp_nights": b.cramp_nights,
                    "nights_washout": b.nights_washout,
                }
                for b in res.blocks
            ],
            "rate_ratio": res.rate_ratio,
            "ci_low": res.ci_low,
            "ci_high": res.ci_high,
            "p_randomization": res.p_randomization,
            "p_min_possible": res.p_min_possible,
            "posterior_prob_benefit": res.posterior_prob_benefit,
            "label": res.label,
            "interim": res.interim,
        },
    }


# --- the clinician report -------------------------------------------------------


def trial_report(journal: Journal, today: dt.date | None = None) -> TrialReport | None:
    """The latest trial with its result and adherence as of today, or None without one."""
    from cramplog.report.trial_section import TrialReport
    from cramplog.times import current_journal_day

    trial = latest_trial(journal)
    if trial is None:
        return None
    when = today or current_journal_day(journal.profile().day_start_hour)
    res = result_of(journal, trial, when)
    kept = adherence(journal, trial, when)
    return TrialReport(
        trial=trial,
        result=res,
        as_of=when,
        days_so_far=kept.elapsed,
        days_kept=kept.kept,
        days_known=len(kept.days),
        adherence_source=kept.source,
        day_start_hour=journal.profile().day_start_hour,
    )
