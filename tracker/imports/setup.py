from flask import Flask

from tracker.imports.cli import import_plan_command
from tracker.imports.views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.cli.add_command(import_plan_command)
