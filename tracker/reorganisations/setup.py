from flask import Flask

from tracker.reorganisations.cli import reorganise_command
from tracker.reorganisations.views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.cli.add_command(reorganise_command)
