from flask import Flask

from tracker.reports import api  # noqa: F401  (adds /api/v1/reports to the API blueprint)
from tracker.reports.cli import report_command
from tracker.reports.views import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.cli.add_command(report_command)
