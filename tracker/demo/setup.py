from flask import Flask

from tracker.demo.cli import demo_data_command, seed_demo_command, stats_command


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(demo_data_command)
    app.cli.add_command(stats_command)
