import json
import time

import click
from flask.cli import with_appcontext

from tracker.demo.seed import DEMO_USERS, DEMO_USERS_2025, seed_demo
from tracker.demo.stats import collect_stats
from tracker.demo.synthetic import PASSWORD, SyntheticPlansExist, generate
from tracker.extensions import db


@click.command("seed-demo")
@with_appcontext
def seed_demo_command():
    """Load Quảng Trị's units, the 2021 plans and one demo user per role; then Quảng Bình's
    units, the 2025 reorganisation, the 2026 plan and its login (idempotent)."""
    report = seed_demo()
    if report.created:
        created = ", ".join(f"{n} {what}" for what, n in sorted(report.created.items()))
        click.echo(f"created {created}")
    for note in report.notes:
        click.echo(note)
    if not report.changed:
        click.echo("demo data already present; nothing changed")
    click.echo("demo logins (email / password / role):")
    for email, _name, role, unit, password in DEMO_USERS + DEMO_USERS_2025:
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


@click.command("demo-data")
@click.option(
    "--units",
    type=click.IntRange(min=1),
    default=155,
    show_default=True,
    help="Units in all: Quảng Trị's real ones, then synthetic departments.",
)
@click.option(
    "--plans",
    type=click.IntRange(1, 30),
    default=5,
    show_default=True,
    help="Yearly plans SYN-KH-<year>, the last one this year.",
)
@click.option("--assignments", type=click.IntRange(min=1), default=50_000, show_default=True)
@click.option(
    "--updates",
    type=click.IntRange(min=1),
    default=250_000,
    show_default=True,
    help="Journal rows (progress_updates) in all.",
)
@click.option("--seed", type=int, default=2021, show_default=True, help="Random seed.")
@click.option("--replace", is_flag=True, help="Delete earlier synthetic plans first.")
@with_appcontext
def demo_data_command(units, plans, assignments, updates, seed, replace):
    """Fill the database with province-scale synthetic plans, tasks and journals."""

    started = time.perf_counter()
    try:
        created = generate(
            units=units,
            plans=plans,
            assignments=assignments,
            updates=updates,
            seed=seed,
            replace=replace,
        )
    except SyntheticPlansExist as exists:
        db.session.rollback()
        click.echo(
            f"synthetic plans already exist: {', '.join(exists.codes)}; nothing changed. "
            "Run again with --replace to delete the synthetic plans and create them anew.",
            err=True,
        )
        raise SystemExit(1) from None
    except ValueError as error:
        db.session.rollback()
        raise click.UsageError(str(error)) from None
    elapsed = time.perf_counter() - started
    removed = created.pop("removed plans", 0)
    if removed:
        click.echo(f"removed {removed} earlier synthetic plans")
    click.echo("created " + ", ".join(f"{n} {what}" for what, n in created.items()))
    click.echo(f"synthetic logins: thunghiem.<unit code>@cchc.demo / {PASSWORD}")
    click.echo(f"done in {elapsed:.1f} s")
