"""`tracker import-survey FILE --year 2021 --kind department|district|commune [--dry-run]
[--json]`: exit 0 imported (or unchanged), 1 problems (nothing written, each "Dòng N, cột C:
…"), 2 unreadable file; answered as every `tracker import-…` command answers."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from tracker.imports.cli_answers import answer_table_import, echo_problems
from tracker.imports.services import CommandLine
from tracker.reform_index.models import INDEX_KINDS
from tracker.reform_index.scoring import shown_points
from tracker.reform_index.survey import SurveyImport, read_survey


@click.command("import-survey")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--year", type=click.IntRange(2000, 2100), required=True, help="The index's year.")
@click.option("--kind", type=click.Choice(INDEX_KINDS), required=True, help="The unit kind.")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
@with_appcontext
def import_survey_command(ctx, file: Path, year: int, kind: str, dry_run: bool, as_json: bool):
    """Import the sociological survey's points of each unit (Mã đơn vị | Tên đơn vị | Điểm
    khảo sát) into the reform index of that year and unit kind; all or nothing."""

    def read(data: bytes, filename: str) -> SurveyImport:
        return read_survey(CommandLine(), data, filename, year, kind, dry_run=dry_run)

    answer_table_import(ctx, file, read, as_json, show)


def show(result: SurveyImport) -> None:
    if echo_problems(result.problems):
        return
    for line in result.lines:
        before = "—" if line.before is None else shown_points(float(line.before))
        mark = "" if line.changed else f" ({_('unchanged')})"
        click.echo(
            f"  {line.unit.code} {line.unit.name}: {before} → {shown_points(line.points)}{mark}"
        )
    if result.not_in_file:
        names = ", ".join(unit.name for unit in result.not_in_file)
        click.echo(_("Not in the file (their points stay as they are): %(names)s", names=names))
    if result.status == "unchanged":
        click.echo(_("Nothing to change: the survey points are as the file says already."))
    elif result.dry_run:
        click.echo(_("Dry run: nothing was written."))
    elif result.written:
        click.echo(_("Imported."))
