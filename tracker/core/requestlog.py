"""Request logs as JSON lines, one per request, each with a request id that the response
carries back (X-Request-ID) and that error logs repeat, so a user's report can be traced."""

from __future__ import annotations

import json
import logging
import re
import secrets
import sys
import time
import traceback

from flask import Flask, g, request
from flask_login import current_user

from tracker.core.redaction import redact

REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["traceback"] = "".join(traceback.format_exception(*record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


def init_app(app: Flask) -> None:
    logger = logging.getLogger("tracker.requests")
    if app.config.get("LOG_JSON"):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        logger.handlers = [handler]
        logger.setLevel(logging.INFO)
        logger.propagate = False
        app.logger.handlers = [handler]

    @app.before_request
    def start_timer():
        given = request.headers.get("X-Request-ID", "")
        g.request_id = given if REQUEST_ID.match(given) else secrets.token_hex(8)
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response):
        request_id = getattr(g, "request_id", None)
        if request_id:
            response.headers["X-Request-ID"] = request_id
        started = getattr(g, "request_started", None)
        user = current_user.get_id() if current_user and current_user.is_authenticated else None
        logger.info(
            "%s %s %s",
            request.method,
            redact(request.path),
            response.status_code,
            extra={
                "fields": {
                    "request_id": request_id,
                    "method": request.method,
                    "path": redact(request.path),
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1)
                    if started
                    else None,
                    "user_id": user,
                    "remote_addr": request.remote_addr,
                }
            },
        )
        return response
