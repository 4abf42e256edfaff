"""What a request may carry in its URL: no control character in a path part or a query
parameter, and only a path on this site as a place to go next.

Forms check their own fields (core.forms.TrackerForm) and the API its JSON fields
(tracker.api.fields); all three use the one rule in core.text.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Flask, request, url_for
from flask_babel import gettext as _

from tracker.core.errors import render_error
from tracker.core.exceptions import require
from tracker.core.text import control_character, text_problem


def safe_next(target: str | None, fallback: str | None = None) -> str:
    """`target` when it is a path on this site, else `fallback` (the home page). Browsers take
    "//host" and "/\\host" for another site, and drop tabs and line breaks first, so that
    "/\\t/host" is "//host" too: a target with any of these is not followed."""
    if (
        isinstance(target, str)
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and control_character(target) is None
    ):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return fallback or url_for("plans.home")


def _url_parts():
    """(name, text) of every path part and query parameter, names included."""
    for name, value in (request.view_args or {}).items():
        if isinstance(value, str):
            yield name, value
    for name, value in request.args.items(multi=True):
        yield name, name
        yield name, value


def _shown(name: str) -> str:
    return re.sub(r"[\x00-\x1f]", "\ufffd", name)


def refuse_control_characters_in_url():
    """A NUL in /units/a%00b or ?action=a%00b would reach the database and fail there; it is
    refused here, naming the parameter: a 400 page, or the API's 422 with the field."""
    if request.url_rule is None:
        return None  # no route: the 404 or 405 that follows says enough
    for name, text in _url_parts():
        code = control_character(text)
        if code is None:
            continue
        if request.path.startswith("/api/"):
            require({name: text_problem(text, multiline=False)})
        message = _(
            "The parameter “%(name)s” contains a control character (%(code)s).",
            name=_shown(name),
            code=code,
        )
        return render_error(400, message)
    return None


def init_app(app: Flask) -> None:
    app.before_request(refuse_control_characters_in_url)
