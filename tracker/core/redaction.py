"""Keeping secrets in URL paths (calendar feed tokens, the one-time links of an invitation or
a password reset) out of the logs.

A feed's secret is in its URL path, and every access log writes the path. This filter
rewrites /feeds/<token>.ics as /feeds/<redacted>.ics in each record of the loggers that
write request lines: werkzeug's (the development server), gunicorn's access and error logs,
and the app's own. create_app installs it (through the feeds blueprint), so it holds under
any server; gunicorn.conf.py names GunicornLogger too, so that gunicorn's logs are covered
from the master process on, before the app is loaded.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote

# Every way a client may spell a feed's path: any case, repeated slashes, a trailing slash or
# suffix, parameters after ";". Everything after /feeds/ up to the query or the end of the
# word is the secret. /api/v1/feeds/<id> is left alone: those ids are not secret and help to
# read the log.
FEED_PATH = re.compile(r"(?P<api>/api/v\d+)?/+feeds/+(?P<rest>[^\s?#\"']*)", re.I)
# A one-time link's token: /set-password/<token> and /password-reset/<token> (the form at
# /password-reset itself has none).
LINK_PATH = re.compile(r"/+(?P<page>set-password|password-reset)/+[^\s?#\"'/]+", re.I)
LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error")
MAX_DECODINGS = 3  # a client may encode twice (%252F); the server decodes once, proxies again


def _replace(match: re.Match) -> str:
    if match.group("api"):
        return match.group(0)
    suffix = ".ics" if match.group("rest").lower().split("/")[0].endswith(".ics") else ""
    return "/feeds/<redacted>" + suffix


def redact(text: str) -> str:
    decoded = text
    for _ in range(MAX_DECODINGS):
        once = unquote(decoded)
        if once == decoded:
            break
        decoded = once
    # Lines without a feed path are left as they were written, encoding and all.
    if decoded != text and (FEED_PATH.search(decoded) or LINK_PATH.search(decoded)):
        text = decoded
    text = LINK_PATH.sub(lambda match: f"/{match.group('page').lower()}/<redacted>", text)
    return FEED_PATH.sub(_replace, text)


class RedactFeedTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True  # a broken record is logging's own problem to report
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


_FILTER = RedactFeedTokens()


def install(app_logger_name: str | None = None) -> None:
    """Idempotent: logging keeps one copy of a filter object per logger."""
    for name in (*LOGGERS, *([app_logger_name] if app_logger_name else [])):
        logging.getLogger(name).addFilter(_FILTER)


try:
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # gunicorn is a production dependency; tolerate its absence elsewhere
    _GunicornLogger = object


class GunicornLogger(_GunicornLogger):
    """gunicorn's logger with the filter on its access and error logs (gunicorn.conf.py)."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        self.access_log.addFilter(_FILTER)
        self.error_log.addFilter(_FILTER)
