from flask import Flask

from tracker.health.views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
