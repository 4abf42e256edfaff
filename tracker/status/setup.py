from flask import Flask

from tracker.status.cli import status_command
from tracker.status.scoring import bands_from_environment
from tracker.status.views import bp  # also adds /api/v1/status/units to the API blueprint


def init_app(app: Flask) -> None:
    # Read with the rest of the configuration: a bad TRACKER_SCORE_BANDS stops the start.
    app.config.setdefault("SCORE_BANDS", bands_from_environment())
    app.register_blueprint(bp)
    app.cli.add_command(status_command)
