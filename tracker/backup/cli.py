"""`tracker export-all FILE [--with-evidence]` and `tracker import-all FILE`: exit 0 done,
1 refused (nothing written), 2 the file cannot be read or written. What they say is in
TRACKER_LANGUAGE (Vietnamese unless it says en)."""

from pathlib import Path
from typing import NoReturn

import click
from flask.cli import with_appcontext
from flask_babel import format_decimal
from flask_babel import gettext as _

from tracker.backup.services import BackupError, Summary, export_all, import_all


def _refused(error: BackupError) -> NoReturn:
    click.echo(_("Error: %(problem)s", problem=str(error)), err=True)
    raise SystemExit(error.exit_code) from None


def _figures(done: Summary, file: Path) -> dict:
    return {
        "rows": format_decimal(sum(done.counts.values())),
        "tables": format_decimal(len(done.counts)),
        "files": format_decimal(done.files),
        "file": str(file),
    }


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
        _refused(error)
    for name in done.missing:
        click.echo(
            _("Warning: the evidence file %(name)s is not in the evidence folder.", name=name),
            err=True,
        )
    if with_evidence:
        said = _(
            "Exported %(rows)s rows of %(tables)s tables and %(files)s evidence files to %(file)s.",
            **_figures(done, file),
        )
    else:
        said = _("Exported %(rows)s rows of %(tables)s tables to %(file)s.", **_figures(done, file))
    click.echo(said)


@click.command("import-all")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def import_all_command(file: Path):
    """Restore a backup written by export-all (JSON or .tar.gz) into an empty database."""
    try:
        done = import_all(file)
    except BackupError as error:
        _refused(error)
    if done.files:
        said = _(
            "Imported %(rows)s rows of %(tables)s tables and %(files)s evidence files from "
            "%(file)s.",
            **_figures(done, file),
        )
    else:
        said = _(
            "Imported %(rows)s rows of %(tables)s tables from %(file)s.", **_figures(done, file)
        )
    click.echo(said)
