"""`tracker import-plan FILE --plan CODE`: exit 0 imported, 1 errors (nothing written),
2 unreadable file.

What it prints is in the command line's language (Vietnamese; TRACKER_LANGUAGE=en for
English), each problem with its row and column; --json gives programs the problems' codes
and parameters."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from tracker.core.numbers import format_number
from tracker.core.timeutil import parse_date
from tracker.imports.cli_answers import answer_import, echo_problems
from tracker.imports.results import ImportResult
from tracker.imports.services import CommandLine, import_plan

# What a change of a task is to, as people call it (Change.changes' keys).
CHANGED = {
    "title": _l("Task"),
    "expected_output": _l("Output"),
    "deadline": _l("Deadline"),
    "due_date": _l("Due date"),
    "section": _l("Section"),
    "units": _l("Units"),
}


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
                _("Write a date as dd/mm/yyyy or YYYY-MM-DD."), param_hint="--assigned-on"
            ) from None
    answer_import(
        ctx,
        file,
        lambda: import_plan(
            CommandLine(),
            file,
            file.name,
            plan_code,
            title=title,
            year=year,
            dry_run=dry_run,
            assigned_on=day,
        ),
        as_json,
        _print,
        lambda result: bool(result.errors),
    )


def _print(result: ImportResult) -> None:
    if echo_problems(result.errors):
        return
    plan = {"code": result.plan_code, "year": result.year, "title": result.plan_title}
    if result.plan_exists:
        click.echo(_("Plan %(code)s of %(year)s, in the tracker: %(title)s", **plan))
    else:
        click.echo(_("New plan %(code)s of %(year)s: %(title)s", **plan))
    for kind in ("section", "task"):
        counts = {
            a: format_number(len(result.of(kind, a))) for a in ("create", "update", "unchanged")
        }
        click.echo(_counts_line(kind, result.written, counts))
        for change in result.of(kind, "update"):
            fields = "; ".join(
                f"{CHANGED.get(name, name)}: “{old}” → “{new}”"
                for name, (old, new) in change.changes.items()
            )
            click.echo(f"  {change.number}: {fields}")
    if result.not_in_file:
        click.echo(
            _(
                "Not in the file, left as they are: %(numbers)s",
                numbers=", ".join(result.not_in_file),
            )
        )
    if result.dry_run:
        click.echo(_("Dry run: nothing was written."))
    elif not result.changed:
        click.echo(_("Nothing changed."))
    else:
        click.echo(_("Imported."))


def _counts_line(kind: str, written: bool, counts: dict[str, str]) -> str:
    if kind == "section":
        if written:
            return _(
                "Sections: %(create)s created, %(update)s updated, %(unchanged)s unchanged.",
                **counts,
            )
        return _(
            "Sections: %(create)s to create, %(update)s to update, %(unchanged)s unchanged.",
            **counts,
        )
    if written:
        return _(
            "Tasks: %(create)s created, %(update)s updated, %(unchanged)s unchanged.", **counts
        )
    return _(
        "Tasks: %(create)s to create, %(update)s to update, %(unchanged)s unchanged.", **counts
    )
