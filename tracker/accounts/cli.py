import sys

import click
from flask.cli import with_appcontext

from tracker.accounts.api_tokens import create_token
from tracker.accounts.services import AccountError, create_user, find_user_by_email
from tracker.core.exceptions import ValidationFailed
from tracker.core.permissions import USER_ROLES
from tracker.extensions import db


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--name", "full_name", required=True)
@click.option("--role", required=True, type=click.Choice(USER_ROLES))
@click.option("--unit", "unit_code", help="Unit code, required for unit_lead and unit_member.")
@click.option("--locale", default="vi", type=click.Choice(["vi", "en"]))
@with_appcontext
def create_user_command(email, full_name, role, unit_code, locale):
    """Create a user; the password is read from standard input."""
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
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
        )
    except AccountError as error:
        db.session.rollback()
        raise click.UsageError(f"{error.field}: {error.message}") from None
    db.session.commit()
    click.echo(f"created user {user.email} ({user.role})")


@click.command("create-token")
@click.option("--user", "email", required=True, help="Email of the token's owner.")
@click.option("--name", required=True, help="What the token is for.")
@with_appcontext
def create_token_command(email, name):
    """Create a personal API token and print it once."""

    user = find_user_by_email(email)
    if user is None:
        raise click.UsageError(f"no user with email {email}")
    try:
        _token, raw = create_token(user, name)
    except ValidationFailed as error:
        raise click.UsageError(error.message) from None
    click.echo(raw)
