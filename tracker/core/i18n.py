"""Vietnamese first, English second (Flask-Babel)."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, current_app, has_request_context, request, session
from flask_login import current_user

from tracker.extensions import babel

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():
        # The command line and the workers: TRACKER_LANGUAGE=en for English.
        chosen = os.environ.get("TRACKER_LANGUAGE", "")
        return chosen if chosen in languages else default
    if request.path.startswith("/api/"):
        # A program says which language its people read by Accept-Language; none: Vietnamese.
        if request.accept_languages:
            return request.accept_languages.best_match(languages, default=default)
        return default
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    # Vietnamese is the default whatever the browser says; English only when asked for.
    if request.args.get("lang") in languages:
        return request.args["lang"]
    return default


def init_app(app: Flask) -> None:
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(TRANSLATIONS),
    )
