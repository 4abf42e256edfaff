import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from tracker.accounts.services import find_user_by_email, no_account
from tracker.core.exceptions import ServiceError
from tracker.feeds.services import create_feed


@click.command("create-feed")
@click.option("--user", "email", required=True, help="Email of the feed's owner.")
@click.option("--unit", "unit_code", help="A unit's deadlines (its code).")
@click.option("--plan", "plan_code", help="A whole plan's deadlines (its code).")
@click.option("--name", default="", help="What the link is for.")
@click.option("--include-done", is_flag=True, help="Keep done tasks after 30 days.")
@click.option("--include-cooperating", is_flag=True, help="Also tasks the unit cooperates on.")
@with_appcontext
def create_feed_command(email, unit_code, plan_code, name, include_done, include_cooperating):
    """Create a calendar feed and print its URL once. Without --unit or --plan: the
    deadlines of the user's own unit."""

    if unit_code and plan_code:
        raise click.UsageError(_("Give --unit or --plan, not both."))
    user = find_user_by_email(email)
    if user is None:
        raise click.UsageError(str(no_account(email)))
    scope = "unit" if unit_code else "plan" if plan_code else "mine"
    try:
        _feed, url = create_feed(
            user,
            scope=scope,
            unit_code=unit_code,
            plan_code=plan_code,
            name=name,
            include_done=include_done,
            include_cooperating=include_cooperating,
        )
    except ServiceError as error:
        problems = error.fields.values() or [error.message]
        raise click.UsageError("; ".join(map(str, problems))) from None
    click.echo(url)
