"""`tracker import-users FILE`: exit 0 imported (or nothing to change), 1 problems (nothing
written), 2 unreadable file.

What it prints is in the command line's language (Vietnamese; TRACKER_LANGUAGE=en for English),
each problem with its row and column; --json gives programs the problems' codes and parameters
and every person's row with what the import does with it."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from tracker.core.numbers import format_number
from tracker.imports.cli_answers import answer_import, echo_problems
from tracker.people.onboarding import ACTIONS, OnboardingResult, import_people

# What a change of a person is to, as people call it (update_person's keys).
CHANGED = {
    "email": _l("Email"),
    "full_name": _l("Full name"),
    "role": _l("Role"),
    "unit": _l("Unit"),
    "position": _l("Position"),
    "phone": _l("Phone"),
}


class CommandLine:
    """The actor of `tracker import-users`: whoever may run commands on the server manages
    every account. Its audit events have no user."""

    id = None
    role = "admin"
    unit_id = None
    active = True
    is_authenticated = True
    is_active = True


@click.command("import-users")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
@with_appcontext
def import_users_command(ctx, file, dry_run, as_json):
    """Create and update accounts from a list of people (.xlsx or .csv UTF-8): Họ và tên |
    Email | Đơn vị | Vai trò | Chức vụ | Điện thoại. New people are mailed an invitation."""
    answer_import(
        ctx,
        file,
        lambda: import_people(CommandLine(), file, file.name, dry_run=dry_run),
        as_json,
        _print,
        lambda result: bool(result.problems),
    )


def _print(result: OnboardingResult) -> None:
    if echo_problems(result.problems):
        return
    counts = {action: format_number(result.count(action)) for action in ACTIONS}
    if result.written:
        click.echo(
            _("People: %(create)s created, %(update)s updated, %(unchanged)s unchanged.", **counts)
        )
    else:
        click.echo(
            _(
                "People: %(create)s to create, %(update)s to update, %(unchanged)s unchanged.",
                **counts,
            )
        )
    for item in result.of("update"):
        fields = "; ".join(
            f"{CHANGED.get(name, name)}: “{old or ''}” → “{new or ''}”"
            for name, (old, new) in item.changes.items()
        )
        click.echo(f"  {item.email}: {fields}")
    if result.dry_run:
        click.echo(_("Dry run: nothing was written."))
    elif not result.changed:
        click.echo(_("Nothing changed."))
    else:
        click.echo(
            _(
                "Imported; %(n)s invitations will be mailed.",
                n=format_number(result.invitations),
            )
        )
