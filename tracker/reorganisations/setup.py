from flask import Flask


def init_app(app: Flask) -> None:
    """The command and page come with cli.py and views.py."""
