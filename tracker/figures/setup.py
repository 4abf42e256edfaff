from flask import Flask

from tracker.figures.cli import check_figures_command


def init_app(app: Flask) -> None:
    app.cli.add_command(check_figures_command)
