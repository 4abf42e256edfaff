"""The audit log hears every refusal (403) the error boundary answers."""

from flask import Flask

from tracker.audit.services import record_forbidden
from tracker.core.errors import listen_for_forbidden


def init_app(app: Flask) -> None:
    listen_for_forbidden(app, record_forbidden)
