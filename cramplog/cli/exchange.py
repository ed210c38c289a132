"""`cramplog export` and `cramplog import`: the journal in and out as a file."""

from __future__ import annotations

import json
from pathlib import Path

import click

from cramplog.cli.context import AppContext, pass_app
from cramplog.domain import ValidationError
from cramplog.terminal_text import escape, escape_json, scrub


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
@pass_app
def import_(app: AppContext, file: Path, merge: bool, as_json: bool) -> None:
    """Import a journal exported with `cramplog export` into an empty journal,
    or with --merge into this one."""
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
