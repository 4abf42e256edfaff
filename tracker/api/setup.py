from flask import Flask

from tracker.api import actions, openapi, views  # noqa: F401  (routes on the API blueprint)
from tracker.api.blueprint import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
