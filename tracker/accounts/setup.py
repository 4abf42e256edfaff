from flask import Flask

from tracker.accounts import passkeys_views, two_factor_views  # noqa: F401  (pages of bp)
from tracker.accounts.cli import create_token_command, create_user_command
from tracker.accounts.links import DELIVERY_KIND as LINK_DELIVERY_KIND
from tracker.accounts.mails import account_message
from tracker.accounts.models import USER_ROLE_LABELS
from tracker.accounts.password_views import bp as passwords_bp
from tracker.accounts.security_views import bp as security_bp
from tracker.accounts.views import bp
from tracker.core.templating import register_globals
from tracker.reminders.messages import register_message


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(passwords_bp)
    app.register_blueprint(security_bp)
    register_message(LINK_DELIVERY_KIND, account_message)
    app.cli.add_command(create_user_command)
    app.cli.add_command(create_token_command)
    register_globals(app, USER_ROLE_LABELS=USER_ROLE_LABELS)
