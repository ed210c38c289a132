"""`cramplog export` and `cramplog import`: the journal in and out as a file."""

from __future__ import annotations

import json
from pathlib import Path

import click

from cramplog.cli.context import AppContext, pass_app
from cramplog.domain import ValidationError
from cramplog.terminal_text import counted, escape, escape_json, scrub


@click.command("export")
@click.option(
    "-o",
    "--output",
    # A folder is allowed here: --format csv writes one (checked in report.files).
    type=click.Path(path_type=Path),
    default=None,
    help="File to write (default: standard output); with --format csv, a folder, new or existing.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True
)
@click.option(
    "--force",
    is_flag=True,
    help="Overwrite an existing file (with --format csv, only the tables cramplog writes)."
    " A symbolic link is never written through or over.",
)
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
        from cramplog.report.files import write_private

        write_private(output, text + "\n", force=force)
        click.echo(scrub(f"wrote {output}"), err=True)


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--merge",
    is_flag=True,
    help="Merge another copy of this journal (from a second computer) into this one:"
    " entries are matched by their uuid, nothing is doubled, the newer version wins.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the merge summary as JSON.")
@click.option(
    "--from",
    "origin",
    type=click.Choice(["cramplog", "cronometer"]),
    default="cramplog",
    show_default=True,
    help="What FILE is: a cramplog export, or a Cronometer CSV export (Servings or"
    " Daily Nutrition, recognised by its header row).",
)
@click.option(
    "--map",
    "mapping",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Import FILE, a CSV from another tracker, by this TOML mapping of its columns"
    " (docs/import.md).",
)
@click.option(
    "--on-overlap",
    type=click.Choice(["skip", "replace"]),
    default=None,
    help="For a food import: days that already have food in the journal are kept as they"
    " are (skip) or have the food imported there before replaced (replace).",
)
@pass_app
def import_(
    app: AppContext,
    file: Path,
    merge: bool,
    as_json: bool,
    origin: str,
    mapping: Path | None,
    on_overlap: str | None,
) -> None:
    """Import a journal exported with `cramplog export` into an empty journal,
    or with --merge into this one; or a food log from Cronometer (--from
    cronometer) or another tracker (--map MAPPING.toml)."""
    if origin == "cronometer" or mapping is not None:
        if merge:
            raise ValidationError("merge", "--merge is for a cramplog export, not a food log")
        _import_food(app, file, mapping, on_overlap, as_json)
        return
    if on_overlap is not None:
        raise ValidationError(
            "on_overlap", "--on-overlap is for a food log (--from cronometer or --map)"
        )
    from cramplog.services.exchange import import_document
    from cramplog.services.merge import merge_document
    from cramplog.services.strict_json import read_document

    doc = read_document(file)
    if not merge:
        counts = import_document(app.journal(), doc)
        shown = ", ".join(f"{n} {table.replace('_', ' ')}" for table, n in counts.items() if n)
        click.echo(scrub(f"imported into {app.db_path}: {shown or 'nothing'}"))
        return
    from cramplog.entry_kinds import entry_ref
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


def _import_food(
    app: AppContext, file: Path, mapping: Path | None, on_overlap: str | None, as_json: bool
) -> None:
    from dataclasses import asdict

    from cramplog.periods import days_text
    from cramplog.services.food_import import import_food, read_file

    read = read_file(file, mapping)
    choice = {"skip": "skip", "replace": "replace"}.get(on_overlap or "")
    summary = import_food(app.journal(), read, choice)  # type: ignore[arg-type]
    if as_json:
        record = {
            key: [d.isoformat() for d in value] if key.endswith(("_days", "_complete")) else value
            for key, value in asdict(summary).items()
        }
        click.echo(escape_json(json.dumps(record, ensure_ascii=False, indent=1)))
        return
    for note in summary.notes:
        click.echo(scrub(f"  {note}"))
    lines = [
        (summary.new_days, "new"),
        (summary.unchanged_days, "unchanged (imported before)"),
        (summary.replaced_days, "replaced"),
        (summary.skipped_days, "skipped (kept as they were)"),
        (summary.logged_here_days, "skipped: food logged in cramplog, never replaced"),
        (summary.marked_complete, "marked complete"),
    ]
    for days, what in lines:
        if days:
            click.echo(scrub(f"  {counted(len(days), 'day')} {what}: {days_text(days)}"))
    removed = f", removed {summary.removed} imported before" if summary.removed else ""
    click.echo(
        scrub(
            f"imported {file.name} ({summary.source}) into {app.db_path}:"
            f" {summary.added} of {summary.rows_in_file} rows added{removed}"
        )
    )
