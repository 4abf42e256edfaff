from flask import Flask

from tracker.people import api  # noqa: F401  (adds /api/v1/users… to the API blueprint)
from tracker.people.cli import import_users_command
from tracker.people.onboarding_views import bp as onboarding_bp
from tracker.people.views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.register_blueprint(onboarding_bp)
    app.cli.add_command(import_users_command)
