from flask import Flask


def init_app(app: Flask) -> None:
    """The people pages are added once views exist (see views.py)."""
