import json

import click
from flask.cli import with_appcontext

from tracker.demo.seed import DEMO_USERS, seed_demo
from tracker.demo.stats import collect_stats


@click.command("seed-demo")
@with_appcontext
def seed_demo_command():
    """Load Quảng Trị's units, the 2021 plans and one demo user per role (idempotent)."""
    report = seed_demo()
    if report.created:
        created = ", ".join(f"{n} {what}" for what, n in sorted(report.created.items()))
        click.echo(f"created {created}")
    else:
        click.echo("demo data already present; nothing changed")
    click.echo("demo logins (email / password / role):")
    for email, _name, role, unit, password in DEMO_USERS:
        click.echo(f"  {email:28} {password:16} {role}{' · ' + unit if unit else ''}")


@click.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_appcontext
def stats_command(as_json: bool):
    """Counts of units, groups, users and each plan's tasks and assignments."""
    stats = collect_stats()
    if as_json:
        click.echo(json.dumps(stats, ensure_ascii=False, indent=2))
        return
    click.echo("units: " + ", ".join(f"{k} {v}" for k, v in stats["units"].items()))
    click.echo(f"groups: {stats['groups']}")
    click.echo("users: " + ", ".join(f"{k} {v}" for k, v in stats["users"].items()))
    for plan in stats["plans"]:
        click.echo(f"plan {plan['code']}: {plan['tasks']} tasks, {plan['assignments']} assignments")
