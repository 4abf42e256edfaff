"""Vietnamese first, English second (Flask-Babel)."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, request, session
from flask_login import current_user

from tracker.extensions import babel

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    # Vietnamese is the default whatever the browser says; English only when asked for.
    if request and request.args.get("lang") in languages:
        return request.args["lang"]
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app: Flask) -> None:
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(TRANSLATIONS),
    )
