"""Trials: plan a self-experiment, follow it day by day, read its result.

The screen shows the latest trial: today's arm, the schedule as a calendar
strip (one cell a day, a row per block), adherence so far, and the result
with a chart of cramp nights per block. `p` opens the plan wizard, which shows
the schedule and the power as the design is typed; `y` / `n` say whether today
kept to its arm. The result needs the analysis (pandas, scipy): it is read in
a thread worker.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from cramplog.domain import CramplogError, Trial, ValidationError
from cramplog.tui.base import JournalScreen, literal
from cramplog.tui.forms import Field, FormScreen, Values

if TYPE_CHECKING:
    from cramplog.analysis.trial_result import TrialResult
    from cramplog.services import Journal
    from cramplog.services.trials import Proposal, TrialStatus

ARM_STYLE = {"A": "black on #8fb3d9", "B": "black on #8fd98f"}
WASHOUT_STYLE = {"A": "#8fb3d9 on #26384d", "B": "#8fd98f on #264d26"}
BAR_WIDTH = 30
NO_TRIAL = (
    "No trial yet. A trial alternates a remedy (B) and its absence (A) in randomised"
    " blocks, so your own journal can say whether it helps you.\n\np plans one."
)


def calendar_strip(trial: Trial, today: dt.date) -> Text:
    """A row per block: its number, arm and dates, then one cell a day (washout dim)."""
    out = Text()
    for b in trial.blocks:
        out.append(f"{b.index:>2} {b.arm} {b.start:%d %b}–{b.end:%d %b} ", style="bold")
        day = b.start
        n = 0
        while day <= b.end:
            n += 1
            washout = n <= trial.washout_days
            style = WASHOUT_STYLE[b.arm] if washout else ARM_STYLE[b.arm]
            if day == today:
                style += " reverse"
            out.append("·" if washout else b.arm, style=style)
            day += dt.timedelta(days=1)
        out.append("\n")
    out.append("A ", style=ARM_STYLE["A"])
    out.append(f" {trial.control}   ")
    out.append("B ", style=ARM_STYLE["B"])
    out.append(f" {trial.intervention}   ")
    out.append("·", style=WASHOUT_STYLE["A"])
    out.append(" washout (left out)")
    return out


def block_chart(res: TrialResult) -> Text:
    """Share of compared nights with a cramp, a bar per block, coloured by arm."""
    out = Text()
    for b in res.blocks:
        share = b.cramp_nights / b.nights_logged if b.nights_logged else 0.0
        filled = round(share * BAR_WIDTH)
        out.append(f"{b.index:>2} {b.arm} ", style="bold")
        out.append("█" * filled, style=ARM_STYLE[b.arm].split(" on ")[-1])
        out.append("░" * (BAR_WIDTH - filled), style="dim")
        counted = f"{b.cramp_nights}/{b.nights_logged}" if b.nights_logged else "no nights"
        out.append(f" {counted} cramp nights\n")
    return out


class PlanWizard(FormScreen):
    """The plan as a form: every change re-checks it and shows the schedule and its power."""

    def __init__(self, journal: Journal, today: dt.date, seed: int | None = None) -> None:
        import secrets

        self.journal = journal
        self.today = today
        self.proposal: Proposal | None = None
        fields = [
            Field("name", "Name", placeholder="magnesium"),
            Field("intervention", "B days", placeholder="magnesium 300 mg at night"),
            Field("control", "A days", placeholder="no INTERVENTION"),
            Field("block_days", "Block days", "14", errors=("design",)),
            Field("pairs", "Pairs", "3"),
            Field("washout_days", "Washout days", "3"),
            Field("start", "Start", today.isoformat()),
            # Drawn once when the wizard opens, so the schedule holds still while
            # the rest is typed; a seed may be typed (a sealed envelope's).
            Field("seed", "Seed", str(secrets.randbelow(2**31) if seed is None else seed)),
            Field("medicine", "Medicine", placeholder="link to a medicine in the journal"),
            Field("factor", "Day factor", placeholder="stretched, or footwear=VALUE"),
            Field("rate", "Cramp nights", placeholder="your share, e.g. 0.4 (blank: journal)"),
            Field("clinician_agreed", "Clinician OK", False, kind="bool"),
        ]
        super().__init__(
            "Plan a trial",
            fields,
            self._propose,
            self._save_trial,
            hint="Type the design; the schedule and its power show here.",
        )

    def _propose(self, values: Values) -> None:
        from cramplog.services.trials import propose

        self.proposal = None
        if not str(values.get("name", "")).strip():
            raise ValidationError("name", "name the trial (magnesium, stretching, ...)")
        proposal = propose(
            self.journal,
            self.today,
            name=values["name"],
            intervention=values["intervention"],
            control=values["control"] or None,
            block_days=values["block_days"],
            pairs=values["pairs"],
            washout_days=values["washout_days"],
            start=values["start"],
            seed=values["seed"],
            medicine=values["medicine"] or None,
            factor=values["factor"] or None,
            rate=values["rate"] or None,
            clinician_agreed=bool(values["clinician_agreed"]),
        )
        self.proposal = proposal
        if proposal.needs_clinician:
            raise ValidationError(
                "clinician_agreed",
                "a prescription medicine: save only if your clinician agreed (Clinician OK: yes)",
            )

    def validate(self, *, saving: bool = False) -> bool:
        ok = super().validate(saving=saving)
        hint = self.query_one(".hint", Static)
        if self.proposal is None:
            hint.update("Type the design; the schedule and its power show here.")
        else:
            hint.update(literal("\n".join(_preview(self.proposal))))
        return ok

    def _save_trial(self, values: Values) -> Trial:
        from cramplog.services.trials import save

        if self.proposal is None:
            raise ValidationError("name", "nothing to save yet")
        return save(self.journal, self.proposal, self.today)


def _preview(proposal: Proposal) -> list[str]:
    from cramplog.services.trial_text import power_lines, schedule_strip

    t = proposal.trial
    orders = " ".join(t.orders)
    lines = [
        f"{t.start.isoformat()} to {t.end.isoformat()} · pairs {orders} · seed {t.seed}",
        schedule_strip(t),
        *power_lines(proposal),
        *proposal.notes,
    ]
    return lines


class TrialsScreen(JournalScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "plan", "Plan"),
        Binding("y", "adhered(True)", "Kept today"),
        Binding("n", "adhered(False)", "Not kept"),
        Binding("R", "refresh_result", "Result again", show=False),
    ]
    KEY_HELP: ClassVar[dict[str, str]] = {
        "p": "plan a trial: the schedule and its power as you type, saved when you say",
        "y / n": "today kept to its arm / did not (a trial without linked entries)",
        "R": "read the result again",
    }
    DEFAULT_CSS = """
    TrialsScreen #trial-line { height: auto; padding: 0 1; }
    TrialsScreen #trial-scroll { height: 1fr; padding: 0 1; }
    TrialsScreen #trial-scroll Static { height: auto; margin-bottom: 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.status: TrialStatus | None = None
        self.result: TrialResult | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="trial-line")
        with VerticalScroll(id="trial-scroll"):
            yield Static("", id="trial-strip")
            yield Static("", id="trial-adherence")
            yield Static("", id="trial-result")
            yield Static("", id="trial-chart")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        if not self.capp.journal_ready:
            self.query_one("#trial-line", Static).update("Opening your journal…")
            return
        from cramplog.services import trials

        today = self.today()
        trial = trials.latest_trial(self.journal)
        if trial is None:
            self.status = None
            self.query_one("#trial-line", Static).update(Text(NO_TRIAL))
            for ident in ("#trial-strip", "#trial-adherence", "#trial-result", "#trial-chart"):
                self.query_one(ident, Static).update("")
            return
        self.status = trials.status_of(self.journal, trial, today)
        self._show_status(self.status)
        self.query_one("#trial-result", Static).update(literal("Reading the result…"))
        self._read_result(trial, today)

    def _show_status(self, st: TrialStatus) -> None:
        from cramplog.services.trials import status_line

        t = st.trial
        head = Text(f"{t.name}: {t.intervention} (B) against {t.control} (A)\n", style="bold")
        head.append(status_line(st))
        if st.position is not None and st.answered_today is not None:
            head.append(" · today kept" if st.answered_today else " · today not kept")
        elif st.position is not None:
            head.append(" · y / n: did today keep to its arm?", style="yellow")
        self.query_one("#trial-line", Static).update(head)
        self.query_one("#trial-strip", Static).update(calendar_strip(t, st.today))
        a = st.adherence
        source = f" (from {a.source})" if a.source else ""
        agreed = ""
        if t.prescription:
            agreed = (
                "\nA prescription medicine: agreed with the clinician."
                if t.clinician_agreed
                else "\nA prescription medicine."
            )
        self.query_one("#trial-adherence", Static).update(
            literal(
                f"Adherence: {a.kept} of {a.elapsed} days kept to their arm,"
                f" {len(a.days) - a.kept} not, {a.missing} not known{source}"
            )
            + Text(agreed)
        )

    @work(thread=True, exclusive=True, group="trial-result")
    def _read_result(self, trial: Trial, today: dt.date) -> None:
        from cramplog.services.trials import result_of

        try:
            res = result_of(self.journal, trial, today)
        except CramplogError as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self._show_result, trial, res)

    def _failed(self, exc: CramplogError) -> None:
        self.query_one("#trial-result", Static).update(literal(str(exc)))

    def _show_result(self, trial: Trial, res: TrialResult) -> None:
        from cramplog.services.trial_text import result_lines

        self.result = res
        lines = result_lines(trial, res)
        # The first line repeats the trial's name (shown above) and the block
        # table is drawn as the chart below.
        words = [
            line
            for line in lines[1:]
            if not line.startswith(("block  arm", " ")) and not line.strip()[:1].isdigit()
        ]
        text = Text()
        text.append(words[0] + "\n", style="bold")
        text.append("\n".join(words[1:]))
        self.query_one("#trial-result", Static).update(text)
        self.query_one("#trial-chart", Static).update(
            Text("Cramp nights per block (washout left out)\n", style="bold") + block_chart(res)
        )

    # --- actions --------------------------------------------------------------------

    def action_plan(self) -> None:
        def done(saved: Any) -> None:
            if saved is not None:
                self.notify(f"trial {saved.name!r} saved", markup=False, timeout=3)
                self.refresh_data()

        self.app.push_screen(PlanWizard(self.journal, self.today()), done)

    def action_adhered(self, kept: bool) -> None:
        from cramplog.services.trials import record_adherence

        try:
            record_adherence(self.journal, self.today(), "yes" if kept else "no", self.today())
        except CramplogError as exc:
            self.capp.report_error(exc)
            return
        self.notify("today kept to its arm" if kept else "today did not keep to its arm")
        self.refresh_data()

    def action_refresh_result(self) -> None:
        self.refresh_data()

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Plan a trial", "Trials screen (p)", self.action_plan)
        yield SystemCommand(
            "Today kept to its arm", "Trials screen (y)", lambda: self.action_adhered(True)
        )
        yield SystemCommand(
            "Today did not keep to its arm", "Trials screen (n)", lambda: self.action_adhered(False)
        )
