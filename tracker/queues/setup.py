from flask import Flask

from tracker.core.templating import register_globals
from tracker.queues import api  # noqa: F401  (adds /api/v1/queues/… to the API blueprint)
from tracker.queues.services import queue_counts
from tracker.queues.views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    register_globals(app, queue_counts=queue_counts)
