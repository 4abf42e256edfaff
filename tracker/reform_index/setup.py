"""The reform index's blueprints, commands and API routes."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The pages, the API and the commands."""
