from flask import Flask

from tracker.feeds import api  # noqa: F401  (its routes are on the API blueprint)
from tracker.feeds.cli import create_feed_command
from tracker.feeds.views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.cli.add_command(create_feed_command)
