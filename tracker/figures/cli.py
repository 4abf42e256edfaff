"""`tracker check-figures`: the kept figures against a count from scratch, and their repair."""

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext as _

from tracker.extensions import db
from tracker.figures.check import compare_session


@click.command("check-figures")
@click.option("--repair", is_flag=True, help="Replace the kept figures with the count.")
@with_appcontext
def check_figures_command(repair: bool):
    """Compare the status figures kept by deltas with a count from every period.

    Exit code 0: they agree (or, with --repair, were put right); 1: they differ; 2: not
    PostgreSQL (the figures are kept on PostgreSQL only)."""
    if db.session.get_bind().dialect.name != "postgresql":
        click.echo(_("The figures are kept only on PostgreSQL: nothing to check."), err=True)
        raise SystemExit(2)
    result = compare_session(db.session, current_app.config["DUE_SOON_DAYS"], repair=repair)
    for table, (extra, missing) in result.differences.items():
        if extra or missing:
            click.echo(
                _(
                    "%(table)s: %(extra)d rows differ from the count, %(missing)d missing.",
                    table=table,
                    extra=extra,
                    missing=missing,
                )
            )
    if result.settings_differ:
        click.echo(_("The figures were made with another 'due soon' window than the app's."))
    if result.equal:
        db.session.rollback()
        click.echo(_("The figures agree with a count from every period."))
        return
    if result.repaired:
        db.session.commit()
        click.echo(_("Repaired: the figures are now the count from every period."))
        return
    db.session.rollback()
    click.echo(_("The figures differ: run `tracker check-figures --repair`."), err=True)
    raise SystemExit(1)
