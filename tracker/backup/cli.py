from pathlib import Path

import click
from flask.cli import with_appcontext

from tracker.backup.services import BackupError, export_all, import_all


@click.command("export-all")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def export_all_command(file: Path):
    """Write every table to one JSON file."""
    counts = export_all(file)
    click.echo(f"exported {sum(counts.values())} rows of {len(counts)} tables to {file}")


@click.command("import-all")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def import_all_command(file: Path):
    """Restore a backup written by export-all into an empty database."""
    try:
        counts = import_all(file)
    except BackupError as error:
        click.echo(f"error: {error}", err=True)
        raise SystemExit(error.exit_code) from None
    click.echo(f"imported {sum(counts.values())} rows of {len(counts)} tables from {file}")
