from flask import Flask

from tracker.people import api  # noqa: F401  (adds /api/v1/users… to the API blueprint)
from tracker.people.cli import import_users_command
from tracker.people.views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.cli.add_command(import_users_command)
