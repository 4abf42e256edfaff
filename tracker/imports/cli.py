"""`tracker import-plan FILE --plan CODE`: exit 0 imported, 1 errors (nothing written),
2 unreadable file."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import with_appcontext

from tracker.core.timeutil import parse_date
from tracker.imports.reader import ImportUnreadable
from tracker.imports.results import ImportResult
from tracker.imports.services import CommandLine, import_plan


@click.command("import-plan")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--plan", "plan_code", required=True, help="Plan code, e.g. 5959/QĐ-UBND.")
@click.option("--title", help="Title of a plan to create (default: from the title rows).")
@click.option("--year", type=int, help="The plan's year (default: the plan's, or the title's).")
@click.option(
    "--assigned-on",
    "assigned_on",
    help="The day new tasks count as assigned (dd/mm/yyyy or YYYY-MM-DD; default: the plan's "
    "issue date, else 1 January of a past plan year, else today).",
)
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
@with_appcontext
def import_plan_command(ctx, file, plan_code, title, year, assigned_on, dry_run, as_json):
    """Import a plan from .xlsx or .csv (UTF-8): create it, or update its tasks in place."""
    day = None
    if assigned_on:
        try:
            day = parse_date(assigned_on)
        except ValueError:
            raise click.BadParameter(
                "a date, dd/mm/yyyy or YYYY-MM-DD", param_hint="--assigned-on"
            ) from None
    try:
        result = import_plan(
            CommandLine(),
            file,
            file.name,
            plan_code,
            title=title,
            year=year,
            dry_run=dry_run,
            assigned_on=day,
        )
    except ImportUnreadable as error:
        if as_json:
            click.echo(json.dumps({"status": "unreadable", "error": str(error)}))
        else:
            click.echo(f"{file}: {error}", err=True)
        ctx.exit(2)
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        _print(result)
    ctx.exit(1 if result.errors else 0)


def _print(result: ImportResult) -> None:
    if result.errors:
        for issue in result.errors:
            click.echo(str(issue), err=True)
        click.echo(f"{len(result.errors)} error(s); nothing was written", err=True)
        return
    state = "exists" if result.plan_exists else "new"
    click.echo(f"plan {result.plan_code} ({result.year}, {state}): {result.plan_title}")
    created, updated = ("created", "updated") if result.written else ("to create", "to update")
    for kind in ("section", "task"):
        counts = {a: len(result.of(kind, a)) for a in ("create", "update", "unchanged")}
        click.echo(
            f"{kind}s: {counts['create']} {created}, {counts['update']} {updated}, "
            f"{counts['unchanged']} unchanged"
        )
        for change in result.of(kind, "update"):
            fields = "; ".join(
                f"{k}: {old!r} → {new!r}" for k, (old, new) in change.changes.items()
            )
            click.echo(f"  {kind} {change.number}: {fields}")
    if result.not_in_file:
        click.echo(f"not in the file, left as they are: {', '.join(result.not_in_file)}")
    if result.dry_run:
        click.echo("dry run: nothing was written")
    elif not result.changed:
        click.echo("nothing changed")
    else:
        click.echo("imported")
