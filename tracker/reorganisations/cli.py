"""`tracker reorganise FILE [--dry-run] [--json]`: exit 0 applied (or nothing to change), 1
problems (nothing written), 2 unreadable file; answered as every `tracker import-…` command
answers (imports.cli_answers), in the command line's language (TRACKER_LANGUAGE)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from tracker.core.numbers import format_number
from tracker.core.timeutil import format_date
from tracker.imports.cli_answers import answer_table_import, echo_problems
from tracker.imports.services import CommandLine
from tracker.reorganisations.results import ReorganisationResult
from tracker.reorganisations.services import reorganise
from tracker.units.models import DIVISION_TYPE_LABELS


@click.command("reorganise")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
@with_appcontext
def reorganise_command(ctx, file: Path, dry_run: bool, as_json: bool):
    """Apply a reorganisation table (.xlsx or .csv UTF-8): units merged, absorbed, renamed,
    split, dissolved or founded, their open work moved; all or nothing."""

    def read(data: bytes, filename: str) -> ReorganisationResult:
        return reorganise(data, filename, CommandLine(), dry_run=dry_run)

    answer_table_import(ctx, file, read, as_json, show)


def show(result: ReorganisationResult) -> None:
    if echo_problems(result.problems):
        return
    for line in summary_lines(result):
        click.echo(line)
    if result.nothing_to_change:
        click.echo(_("Nothing to change: every change of the table is made already."))
    elif result.dry_run:
        click.echo(_("Dry run: nothing was written."))
    else:
        click.echo(_("Reorganised."))


def summary_lines(result: ReorganisationResult) -> list[str]:
    def named(code: str) -> str:
        name = result.unit_names.get(code)
        return f"{name} [{code}]" if name else code

    def count(n: int) -> str:
        return format_number(n)

    lines = [
        _("%(day)s, %(decision)s", day=_day(r["date"]), decision=r["decision"])
        for r in result.reorganisations
    ]
    if result.units_created:
        lines.append(
            _("Units created: %(units)s", units=", ".join(map(named, result.units_created)))
        )
    if result.units_closed:
        closed = [
            named(code) + (f" → {named(into)}" if (into := result.closed_into.get(code)) else "")
            for code in result.units_closed
        ]
        lines.append(_("Units closed: %(units)s", units="; ".join(closed)))
    for renamed in result.renamed:
        # A commune's new division type (thị trấn → xã) is listed with the renames, its
        # name unchanged: say what changed rather than "X → X".
        if division := renamed.get("division_type"):
            label = DIVISION_TYPE_LABELS[division]
            line = f"{_('Division type')}: {renamed['code']} “{renamed['to']}” → {label}"
        else:
            line = _(
                "Renamed: %(code)s “%(old)s” → “%(new)s”",
                code=renamed["code"],
                old=renamed["from"],
                new=renamed["to"],
            )
        lines.append(line)
    for label, entries in (
        (_("Open assignments moved: %(n)s"), result.moved),
        (_("Done or cancelled assignments staying with the closed units: %(n)s"), result.kept),
        (
            _("Open assignments staying with a closed unit: %(n)s"),
            result.left_open,
        ),
    ):
        if entries:
            lines.append(label % {"n": count(len(entries))})
            lines += [_entry(entry, result) for entry in entries]
    if result.users_to_move:
        lines.append(
            _("People of the closed units, to move: %(n)s", n=count(len(result.users_to_move)))
        )
        lines += [
            f"  {user['full_name']} <{user['email']}>: {named(user['unit'])}"
            + (f" → {named(user['successor'])}" if user["successor"] else "")
            for user in result.users_to_move
        ]
    return lines


def _entry(entry: dict, result: ReorganisationResult) -> str:
    task = result.assignments.get(entry["assignment_id"], {})
    where = f"{entry['from']} → {entry['to']}" if "to" in entry else entry["unit"]
    return f"  #{entry['assignment_id']} ({task.get('task', '')}: {task.get('title', '')}): {where}"


def _day(iso: str) -> str:
    return format_date(date.fromisoformat(iso))
