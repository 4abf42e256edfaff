from flask import Flask

from tracker.backup.cli import export_all_command, import_all_command


def init_app(app: Flask) -> None:
    app.cli.add_command(export_all_command)
    app.cli.add_command(import_all_command)
