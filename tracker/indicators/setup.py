"""The periodic figures' blueprint, commands and API routes."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Nothing to register yet: the pages, the API and the import command come next."""
