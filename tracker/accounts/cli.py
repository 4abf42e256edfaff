import sys

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from tracker.accounts.api_tokens import create_token
from tracker.accounts.links import issue_link
from tracker.accounts.services import AccountError, create_user, find_user_by_email, no_account
from tracker.core.exceptions import ValidationFailed
from tracker.core.permissions import USER_ROLES
from tracker.extensions import db

# The command's option for each field a refusal names (the password is read from stdin).
OPTIONS = {
    "email": "--email",
    "name": "--name",
    "role": "--role",
    "unit": "--unit",
    "position": "--position",
    "phone": "--phone",
}


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--name", "full_name", required=True)
@click.option("--role", required=True, type=click.Choice(USER_ROLES))
@click.option("--unit", "unit_code", help="Unit code, required for unit_lead and unit_member.")
@click.option("--locale", default="vi", type=click.Choice(["vi", "en"]))
@click.option("--position", default="", help="The person's position (chức vụ).")
@click.option("--phone", default="", help="The person's phone number.")
@click.option(
    "--invite",
    is_flag=True,
    help="Read no password: mail the person an invitation link to choose one (72 hours).",
)
@with_appcontext
def create_user_command(email, full_name, role, unit_code, locale, position, phone, invite):
    """Create a user; the password is read from standard input, or with --invite the person
    chooses it through the invitation mailed to them."""
    if invite:
        password = None
    elif sys.stdin.isatty():
        password = click.prompt(
            _("Password"), hide_input=True, confirmation_prompt=_("Type the password again")
        )
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        user = create_user(
            email=email,
            full_name=full_name,
            role=role,
            password=password,
            unit_code=unit_code,
            locale=locale,
            position=position,
            phone=phone,
        )
    except AccountError as error:
        db.session.rollback()
        hint = OPTIONS.get(error.field)
        if hint is None:
            raise click.UsageError(str(error.problem)) from None
        raise click.BadParameter(str(error.problem), param_hint=hint) from None
    if invite:
        issue_link(user, "invite")  # the worker mails it once this commits
    db.session.commit()
    click.echo(_("Created the account %(email)s (%(role)s).", email=user.email, role=user.role))
    if invite:
        click.echo(
            _(
                "An invitation to choose a password will be mailed to %(email)s "
                "(the worker sends it within a minute).",
                email=user.email,
            )
        )


@click.command("create-token")
@click.option("--user", "email", required=True, help="Email of the token's owner.")
@click.option("--name", required=True, help="What the token is for.")
@with_appcontext
def create_token_command(email, name):
    """Create a personal API token and print it once."""

    user = find_user_by_email(email)
    if user is None:
        raise click.UsageError(str(no_account(email)))
    try:
        _token, raw = create_token(user, name)
    except ValidationFailed as error:
        raise click.UsageError("; ".join(map(str, error.fields.values()))) from None
    click.echo(raw)
