import json

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from tracker.core.problems import not_a_date
from tracker.core.timeutil import parse_date
from tracker.reminders import services
from tracker.reminders.delivery import deliver


@click.command("remind")
@click.option("--as-of", "as_of", help="The sweep's day (YYYY-MM-DD or dd/mm/yyyy); today.")
@click.option("--dry-run", is_flag=True, help="List what would be sent; send nothing.")
@click.option("--sync", is_flag=True, help="Send in this process instead of queueing.")
@click.option("--invites/--no-invites", default=True, help="Also plan calendar invites.")
@click.option("--json", "as_json", is_flag=True)
@with_appcontext
def remind_command(as_of, dry_run, sync, invites, as_json):
    """Run the deadline sweep by hand (the same one beat runs at 07:30)."""
    try:
        day = parse_date(as_of) if as_of else None
    except ValueError:
        raise click.BadParameter(str(not_a_date(as_of)), param_hint="--as-of") from None
    planned, new_ids = services.sweep(day, dry_run=dry_run)
    if invites:
        invite_plan, invite_ids = services.invite_sweep(dry_run=dry_run)
        planned, new_ids = planned + invite_plan, new_ids + invite_ids
    outcomes = {}
    if not dry_run:
        pending = sorted(set(new_ids) | set(services.due_for_dispatch()))
        if sync:
            outcomes = {i: deliver(i).status for i in pending}
        else:
            services.enqueue(pending)
    rows = [
        {
            "recipient": m.recipient_email if hasattr(m, "recipient_email") else m.recipient.email,
            "kind": m.kind,
            "assignment_ids": m.assignment_ids,
            "key": m.dedupe_key,
        }
        for m in planned
    ]
    summary = {
        "as_of": (day.isoformat() if day else None),
        "dry_run": dry_run,
        "planned": rows,
        "new": len(new_ids),
        "sent": sum(1 for s in outcomes.values() if s == "sent"),
        "queued": 0 if (dry_run or sync) else len(set(new_ids)),
        "outcomes": {str(k): v for k, v in outcomes.items()},
    }
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(f"{row['kind']:7} {row['recipient']:32} {row['assignment_ids']}")
    counts = {"n": len(rows), "new": len(new_ids), "sent": summary["sent"]}
    if dry_run:
        click.echo(_("Would plan %(n)d messages (%(new)d new).", **counts))
    elif sync:
        click.echo(_("Planned %(n)d messages (%(new)d new), sent %(sent)d.", **counts))
    else:
        click.echo(_("Planned %(n)d messages (%(new)d new).", **counts))
