"""`tracker export-all FILE [--with-evidence]` and `tracker import-all FILE`: exit 0 done,
1 refused (nothing written), 2 the file cannot be read or written."""

from pathlib import Path

import click
from flask.cli import with_appcontext

from tracker.backup.services import BackupError, export_all, import_all


@click.command("export-all")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--with-evidence",
    is_flag=True,
    help="Write a .tar.gz with the evidence files and their SHA-256 sums beside the JSON.",
)
@with_appcontext
def export_all_command(file: Path, with_evidence: bool):
    """Write every table to one JSON file (mode 0600: it holds password hashes)."""
    try:
        done = export_all(file, with_evidence=with_evidence)
    except BackupError as error:
        click.echo(f"error: {error}", err=True)
        raise SystemExit(error.exit_code) from None
    for name in done.missing:
        click.echo(f"warning: evidence file {name} is not in the evidence folder", err=True)
    files = f" and {done.files} evidence files" if with_evidence else ""
    click.echo(
        f"exported {sum(done.counts.values())} rows of {len(done.counts)} tables{files} to {file}"
    )


@click.command("import-all")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def import_all_command(file: Path):
    """Restore a backup written by export-all (JSON or .tar.gz) into an empty database."""
    try:
        done = import_all(file)
    except BackupError as error:
        click.echo(f"error: {error}", err=True)
        raise SystemExit(error.exit_code) from None
    files = f" and {done.files} evidence files" if done.files else ""
    click.echo(
        f"imported {sum(done.counts.values())} rows of {len(done.counts)} tables{files} from {file}"
    )
