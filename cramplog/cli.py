"""The command line: `cramplog` alone opens the app; subcommands log and report."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from cramplog import __version__
from cramplog.domain import (
    CramplogError,
    DayMarkKind,
    DrinkKind,
    DrugClass,
    Intensity,
    LifeStage,
    MealKind,
    MedKind,
    Muscle,
    RedFlag,
    Sex,
    Side,
    ValidationError,
    medication_record,
)
from cramplog.paths import resolve_db_path
from cramplog.terminal_text import escape, escape_json, scrub

F = TypeVar("F", bound=Callable[..., Any])

# Subcommands that live beside their layer; each module has register(cli).
EXTENSIONS = (
    "cramplog.cli_foods",
    "cramplog.cli_recipes",
    "cramplog.cli_analysis",
    "cramplog.cli_report",
    "cramplog.cli_safety",
)


class AppContext:
    """What every command shares: where the journal is, opened on first use."""

    def __init__(self, db: str | None) -> None:
        self.db_path = resolve_db_path(db)
        self._journal: Any = None

    def journal(self) -> Any:
        if self._journal is None:
            from cramplog.services import Journal

            self._journal, notes = Journal.open_for_use(self.db_path)
            # Shown only for a journal that opened: for one that cannot, the
            # open's own one-line error says it all.
            for note in notes:
                click.echo(scrub(note), err=True)
        return self._journal

    def close(self) -> None:
        if self._journal is not None:
            self._journal.close()


class CramplogGroup(click.Group):
    """A group that turns expected errors into one line and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CramplogError as exc:
            raise click.ClickException(scrub(str(exc))) from None
        except click.ClickException as exc:
            # A message may quote a name or a path as given: it must not act
            # on the terminal either. Click lays out its own messages over
            # several lines ("Choose from:\n\tcomplete,\n\t..."): that layout
            # becomes one line, so only characters from the input are escaped.
            original = exc.format_message()
            message = " ".join(original.replace(",\n\t", ", ").split())
            if message == original == scrub(original):
                raise
            if isinstance(exc, click.UsageError):
                raise click.UsageError(scrub(message), exc.ctx) from None
            raise click.ClickException(scrub(message)) from None
        except KeyboardInterrupt:
            click.echo("interrupted; nothing further was written", err=True)
            sys.exit(130)

    # The subcommands that live beside their layers load only when asked for,
    # so `cramplog` alone (the app) starts without them.
    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        found = super().get_command(ctx, cmd_name)
        if found is None and self is cli and not _loaded:
            load_extensions()
            found = super().get_command(ctx, cmd_name)
        return found

    def list_commands(self, ctx: click.Context) -> list[str]:
        if self is cli:
            load_extensions()
        return super().list_commands(ctx)


def pass_app(f: F) -> F:
    return click.pass_obj(f)  # type: ignore[return-value]


def _choice(enum: type[Any]) -> click.Choice[str]:
    return click.Choice([m.value for m in enum], case_sensitive=False)


@click.group(
    cls=CramplogGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--db",
    "db",
    metavar="PATH",
    envvar="CRAMPLOG_DB",
    help="Journal file (default: the user data folder; env CRAMPLOG_DB).",
)
@click.version_option(__version__, prog_name="cramplog")
@click.pass_context
def cli(ctx: click.Context, db: str | None) -> None:
    """cramplog: a private, offline journal of muscle cramps, food, drinks and medicines.

    Run without a command to open the app.
    """
    ctx.obj = AppContext(db)
    ctx.call_on_close(ctx.obj.close)
    if ctx.invoked_subcommand is None:
        from cramplog.tui.launch import run_tui

        run_tui(ctx.obj.db_path)


# --- log -----------------------------------------------------------------------


@cli.group(cls=CramplogGroup)
def log() -> None:
    """Log a cramp, food, drink, medicine dose or activity."""


def _at_option(f: F) -> F:
    return click.option(
        "--at",
        "at",
        default="now",
        show_default=True,
        metavar="TIME",
        help="ISO 8601, 'now', '02:30' or 'yesterday 23:10'. A local time the clocks skip"
        " (spring forward) is refused; one they pass twice (autumn) is the first, summer time.",
    )(f)


def _json_option(f: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON.")(f)


def _print_entry(entry: Any, as_json: bool, verb: str = "logged") -> None:
    from cramplog.services.present import as_dict, describe, kind_of

    if as_json:
        click.echo(escape_json(json.dumps(as_dict(entry), ensure_ascii=False)))
    else:
        ref = as_dict(entry)["ref"]
        local = entry.at.strftime("%Y-%m-%d %H:%M")
        click.echo(
            f"{verb} {kind_of(entry)} {ref}: {local} {escape(describe(entry))}"
            f" (journal day {entry.journal_day.isoformat()})"
        )


@log.command("cramp")
@click.option("--muscle", type=_choice(Muscle), required=True)
@click.option("--side", type=_choice(Side), required=True)
@click.option("--severity", default="5", show_default=True, help="0-10.")
@click.option("--duration", default=None, help="e.g. 90s, 2m, 1m30s, 1:30.")
@click.option("--woke/--no-woke", default=False, help="It woke me from sleep.")
@click.option("--relieved-by", default="", help="What relieved it (stretching, walking...).")
@click.option(
    "--flag",
    "red_flags",
    multiple=True,
    type=_choice(RedFlag),
    help="swelling, numbness or weakness with the cramp (repeatable).",
)
@click.option("--notes", default="")
@_at_option
@_json_option
@pass_app
def log_cramp(app: AppContext, as_json: bool, **fields: Any) -> None:
    """Log a cramp episode."""
    entry = app.journal().log_cramp(**fields)
    _print_entry(entry, as_json)


@log.command("food")
@click.argument("text", required=False)
@click.option("--id", "food_id", metavar="NDB", help="Food id from `cramplog foods search`.")
@click.option("--custom", "custom_food", metavar="NAME", help="A custom food by name.")
@click.option("--grams", default=None, help="Grams eaten (with --id or --custom).")
@click.option("--meal", type=_choice(MealKind), default=None, help="Default: from the time of day.")
@click.option("--notes", default="")
@_at_option
@_json_option
@pass_app
def log_food(
    app: AppContext,
    text: str | None,
    food_id: str | None,
    custom_food: str | None,
    grams: str | None,
    meal: str | None,
    notes: str,
    at: str,
    as_json: bool,
) -> None:
    """Log food: free text ("2 eggs, 1 cup spinach") or --id/--custom with --grams."""
    journal = app.journal()
    if text is not None:
        if food_id or custom_food or grams:
            raise ValidationError(
                "text", "give either a meal as text or --id/--custom with --grams, not both"
            )
        from cramplog.services.meals import log_meal_text

        entries = log_meal_text(journal, text, at=at, meal=meal, notes=notes)
        for entry in entries:
            _print_entry(entry, as_json)
        return
    if grams is None:
        raise ValidationError(
            "grams", "grams is required with --id or --custom (or give the meal as text)"
        )
    entry = journal.log_food(
        food_id=food_id, custom_food=custom_food, grams=grams, at=at, meal=meal, notes=notes
    )
    _print_entry(entry, as_json)


@log.command("drink")
@click.option("--kind", type=_choice(DrinkKind), default="water", show_default=True)
@click.option("--ml", default="250", show_default=True)
@click.option(
    "--caffeinated/--decaf",
    default=None,
    help="Default: coffee and tea are caffeinated, the rest not.",
)
@click.option(
    "--food-id",
    default=None,
    metavar="NDB",
    help="The drink's food id when it has nutrients (milk, juice).",
)
@click.option("--notes", default="")
@_at_option
@_json_option
@pass_app
def log_drink(app: AppContext, as_json: bool, **fields: Any) -> None:
    """Log a drink (default: a 250 ml glass of water)."""
    entry = app.journal().log_drink(**fields)
    _print_entry(entry, as_json)


@log.command("med")
@click.argument("medication")
@click.option("--count", default="1", show_default=True, help="Doses taken (tablets...).")
@click.option("--notes", default="")
@_at_option
@_json_option
@pass_app
def log_med(app: AppContext, medication: str, as_json: bool, **fields: Any) -> None:
    """Log a dose of a medicine or supplement added with `cramplog med add`."""
    entry = app.journal().log_dose(medication=medication, **fields)
    _print_entry(entry, as_json)


@log.command("activity")
@click.argument("kind")
@click.option("--minutes", required=True)
@click.option("--intensity", type=_choice(Intensity), default="moderate", show_default=True)
@click.option("--notes", default="")
@_at_option
@_json_option
@pass_app
def log_activity(app: AppContext, as_json: bool, **fields: Any) -> None:
    """Log activity (walking, cycling, gardening...)."""
    entry = app.journal().log_activity(**fields)
    _print_entry(entry, as_json)


# --- list, edit, delete ----------------------------------------------------------


@cli.command("list")
@click.option(
    "--day",
    default=None,
    help="A journal day (YYYY-MM-DD, today = the current journal day, yesterday).",
)
@click.option("--from", "start", default=None, help="First journal day (as --day).")
@click.option("--to", "end", default=None, help="Last journal day (as --day).")
@_json_option
@pass_app
def list_entries(
    app: AppContext, day: str | None, start: str | None, end: str | None, as_json: bool
) -> None:
    """List entries by journal day (default: today's journal day)."""
    from cramplog.services import validate as v
    from cramplog.services.present import as_dict, describe, kind_of
    from cramplog.times import current_journal_day

    journal = app.journal()
    first: dt.date | None
    last: dt.date | None
    # 'today' is the journal day a plain `list` shows: at 02:00 that is still yesterday's date.
    today = current_journal_day(journal.profile().day_start_hour)
    if day is not None and (start or end):
        raise ValidationError("day", "give --day or --from/--to, not both")
    if day is not None:
        first = last = v.date("day", day, today)
    elif start or end:
        first = v.date("from", start, today) if start else None
        last = v.date("to", end, today) if end else None
    else:
        first = last = today
    entries = journal.entries(first, last)
    if as_json:
        click.echo(
            escape_json(json.dumps([as_dict(e) for e in entries], ensure_ascii=False, indent=1))
        )
        return
    if not entries:
        span = first.isoformat() if first == last and first else "that period"
        click.echo(f"nothing logged for {span}")
        return
    current: dt.date | None = None
    for e in entries:
        if e.journal_day != current:
            current = e.journal_day
            click.echo(f"— {current.isoformat()} ({current.strftime('%A')})")
        ref = as_dict(e)["ref"]
        # Stored text is escaped: it cannot act on the terminal, and a line
        # break in it cannot start a line that looks like another entry.
        click.echo(f"  {ref:>6}  {e.at.strftime('%H:%M')}  {kind_of(e):<8}  {escape(describe(e))}")
        if e.notes:
            click.echo(f"          note: {escape(e.notes)}")


@cli.command("edit")
@click.argument("ref")
@click.argument("changes", nargs=-1, required=True, metavar="FIELD=VALUE...")
@_json_option
@pass_app
def edit(app: AppContext, ref: str, changes: tuple[str, ...], as_json: bool) -> None:
    """Change fields of an entry, e.g. `cramplog edit c12 severity=7 at=02:40`."""
    fields: dict[str, str] = {}
    for change in changes:
        key, sep, value = change.partition("=")
        if not sep or not key.strip():
            raise ValidationError("fields", f"{change!r} is not FIELD=VALUE")
        fields[key.strip().replace("-", "_")] = value
    entry = app.journal().edit(ref, **fields)
    _print_entry(entry, as_json, verb="changed")


@cli.command("delete")
@click.argument("ref")
@_json_option
@pass_app
def delete(app: AppContext, ref: str, as_json: bool) -> None:
    """Delete an entry (its id as `cramplog list` shows it, e.g. c12)."""
    entry = app.journal().delete(ref)
    _print_entry(entry, as_json, verb="deleted")


@cli.command("mark")
@click.argument("day")
@click.argument("kind", type=click.Choice(["complete", "not-logged", "clear"]))
@pass_app
def mark(app: AppContext, day: str, kind: str) -> None:
    """Mark a journal day complete, not logged, or clear its mark."""
    value = None if kind == "clear" else DayMarkKind(kind.replace("-", " "))
    result = app.journal().mark_day(day, value)
    click.echo(
        "mark cleared"
        if result is None
        else f"{result.journal_day.isoformat()} marked {result.kind.value}"
    )


# --- profile and medicines ----------------------------------------------------


@cli.command("profile")
@click.option("--sex", type=click.Choice([*(m.value for m in Sex), "none"]), default=None)
@click.option("--birth-year", default=None)
@click.option("--life-stage", type=_choice(LifeStage), default=None)
@click.option("--day-start-hour", default=None, help="Hour a journal day starts (default 4).")
@click.option(
    "--fluid-reference-ml",
    default=None,
    help="Your own daily beverage reference in ml ('none' for the standard one).",
)
@click.option(
    "--fluid-restriction-ml",
    default=None,
    help="A prescribed fluid limit in ml: switches low-fluid judgement off.",
)
@_json_option
@pass_app
def profile(app: AppContext, as_json: bool, **changes: Any) -> None:
    """Show the profile, or change it with options."""
    journal = app.journal()
    given = {k: v for k, v in changes.items() if v is not None}
    current = journal.update_profile(**given) if given else journal.profile()
    data = {
        "sex": current.sex.value if current.sex else None,
        "birth_year": current.birth_year,
        "life_stage": current.life_stage.value,
        "day_start_hour": current.day_start_hour,
        "fluid_reference_ml": current.fluid_reference_ml,
        "fluid_restriction_ml": current.fluid_restriction_ml,
    }
    if as_json:
        click.echo(json.dumps(data))
    else:
        for key, value in data.items():
            click.echo(f"{key.replace('_', ' ')}: {'not set' if value is None else value}")


@cli.group("med", cls=CramplogGroup)
def med() -> None:
    """Medicines and supplements: add them once, then `cramplog log med NAME`."""


def _med_options(f: F) -> F:
    for option in reversed(
        [
            click.option("--kind", type=_choice(MedKind), default=None),
            click.option("--magnesium-mg", default=None, help="Per dose."),
            click.option("--potassium-mg", default=None, help="Per dose."),
            click.option("--calcium-mg", default=None, help="Per dose."),
            click.option("--vitamin-d-ug", default=None, help="Per dose, µg (40 IU = 1 µg)."),
            click.option(
                "--drug-class",
                type=click.Choice([*(c.value for c in DrugClass), "none"], case_sensitive=False),
                default=None,
                help="Cramp-associated drug class, if any.",
            ),
            click.option("--started-on", default=None, help="Date first taken."),
            click.option("--stopped-on", default=None, help="Date stopped."),
            click.option("--notes", default=None),
        ]
    ):
        f = option(f)
    return f


def _print_med(m: Any, as_json: bool) -> None:
    if as_json:
        click.echo(
            escape_json(
                json.dumps(
                    medication_record(m),
                    ensure_ascii=False,
                )
            )
        )
        return
    content = ", ".join(
        f"{label} {getattr(m, key):g} {unit}"
        for key, label, unit in (
            ("magnesium_mg", "Mg", "mg"),
            ("potassium_mg", "K", "mg"),
            ("calcium_mg", "Ca", "mg"),
            ("vitamin_d_ug", "vit D", "µg"),
        )
        if getattr(m, key)
    )
    extra = [m.kind.value]
    if content:
        extra.append(f"per dose {content}")
    if m.drug_class:
        extra.append(f"class: {m.drug_class.value}")
    if m.started_on:
        extra.append(f"since {m.started_on.isoformat()}")
    if m.stopped_on:
        extra.append(f"stopped {m.stopped_on.isoformat()}")
    click.echo(f"{escape(m.name)} ({'; '.join(extra)})")


@med.command("add")
@click.argument("name")
@_med_options
@_json_option
@pass_app
def med_add(app: AppContext, name: str, as_json: bool, **fields: Any) -> None:
    """Add a medicine or supplement (e.g. --kind supplement --magnesium-mg 250)."""
    given = {k: v for k, v in fields.items() if v is not None}
    _print_med(app.journal().add_medication(name=name, **given), as_json)


@med.command("edit")
@click.argument("name")
@click.option("--rename", default=None, help="New name.")
@_med_options
@_json_option
@pass_app
def med_edit(app: AppContext, name: str, rename: str | None, as_json: bool, **fields: Any) -> None:
    """Change a medicine or supplement."""
    given = {k: v for k, v in fields.items() if v is not None}
    if rename is not None:
        given["name"] = rename
    _print_med(app.journal().edit_medication(name, **given), as_json)


@med.command("list")
@_json_option
@pass_app
def med_list(app: AppContext, as_json: bool) -> None:
    """List medicines and supplements."""
    meds = app.journal().medications()
    if not meds and not as_json:
        click.echo("no medicines or supplements yet; add one with `cramplog med add NAME`")
    for m in meds:
        _print_med(m, as_json)


# --- export, import, backup, doctor ---------------------------------------------


def write_private(path: Path, data: str | bytes, force: bool) -> None:
    """Write an export atomically, readable only by its owner."""
    from cramplog.report.files import write_private as write

    write(path, data, force=force)


@cli.command("export")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (default: standard output).",
)
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True
)
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@pass_app
def export(app: AppContext, output: Path | None, fmt: str, force: bool) -> None:
    """Export the whole journal (JSON exchange format, or CSV tables with --format csv)."""
    if fmt == "csv":
        from cramplog.report.csv_export import export_csv

        if output is None:
            raise ValidationError("output", "--format csv writes a folder of tables: give -o DIR")
        written = export_csv(app.journal(), output, force=force)
        for path in written:
            click.echo(scrub(f"wrote {path}"))
        return
    from cramplog.services.exchange import export_json

    text = export_json(app.journal())
    if output is None:
        click.echo(escape_json(text))
    else:
        write_private(output, text + "\n", force)
        click.echo(scrub(f"wrote {output}"), err=True)


@cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--merge",
    is_flag=True,
    help="Merge another copy of this journal (from a second computer) into this one:"
    " entries are matched by their uuid, nothing is doubled, the newer version wins.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the merge summary as JSON.")
@pass_app
def import_(app: AppContext, file: Path, merge: bool, as_json: bool) -> None:
    """Import a journal exported with `cramplog export` into an empty journal,
    or with --merge into this one."""
    from cramplog.services.exchange import import_document
    from cramplog.services.exchange_format import read_document
    from cramplog.services.merge import merge_document

    doc = read_document(file)
    if not merge:
        counts = import_document(app.journal(), doc)
        shown = ", ".join(f"{n} {table.replace('_', ' ')}" for table, n in counts.items() if n)
        click.echo(scrub(f"imported into {app.db_path}: {shown or 'nothing'}"))
        return
    from cramplog.domain import entry_ref
    from cramplog.services.present import describe

    summary = merge_document(app.journal(), doc)
    if as_json:
        click.echo(escape_json(json.dumps(summary.to_dict(), ensure_ascii=False, indent=1)))
        return
    others = ", ".join(
        f"{n} {key.removesuffix('_added').replace('_', ' ')}"
        for key, n in summary.others.items()
        if n
    )
    click.echo(
        scrub(
            f"merged {file.name} into {app.db_path}: {len(summary.added)} added,"
            f" {len(summary.replaced)} replaced by a newer version, {len(summary.kept)} kept"
            f" (newer here), {summary.unchanged} unchanged"
            + (f"; also added {others}" if others else "")
        )
    )
    for old, new in summary.replaced:
        click.echo(
            scrub(
                f"  replaced {entry_ref(new)} (version {old.version} -> {new.version}):"
                f" was {escape(describe(old))}; now {escape(describe(new))}"
            )
        )


_loaded = False


def load_extensions() -> click.Group:
    """Add the subcommands that live beside their layers (once)."""
    global _loaded
    if not _loaded:
        _loaded = True
        for name in EXTENSIONS:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
                continue
            module.register(cli)
    return cli


def main() -> None:
    cli(prog_name="cramplog")


__all__ = ["AppContext", "cli", "load_extensions", "main", "write_private"]
