from flask import Flask

from tracker.accounts import passkeys_views, two_factor_views  # noqa: F401  (pages of bp)
from tracker.accounts.cli import create_token_command, create_user_command
from tracker.accounts.models import USER_ROLE_LABELS
from tracker.accounts.views import bp
from tracker.core.templating import register_globals


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.cli.add_command(create_user_command)
    app.cli.add_command(create_token_command)
    register_globals(app, USER_ROLE_LABELS=USER_ROLE_LABELS)
