"""The `tracker` console script: Flask's CLI over create_app (db, run, shell and ours)."""

from flask.cli import FlaskGroup

from tracker import create_app


def main() -> None:
    FlaskGroup(create_app=lambda: create_app(), help="Reform-plan tracker").main()
