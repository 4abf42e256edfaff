"""`tracker import-indicators FILE --set CODE [--year Y] [--name …] [--periodicity …]
[--task "PLAN_CODE:NUMBER"] [--dry-run] [--json]`: exit 0 imported (or unchanged), 1 problems
(nothing written, each "Dòng N, cột C: …"), 2 unreadable file; answered as every
`tracker import-…` command answers (imports.cli_answers)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from tracker.core.recurrence import RECURRENCE_LABELS
from tracker.imports.cli_answers import answer_table_import, echo_problems
from tracker.imports.services import CommandLine
from tracker.indicators.models import INDICATOR_KIND_LABELS
from tracker.indicators.sets import read_set
from tracker.indicators.sets_results import ACTION_LABELS, SetImport, task_reference
from tracker.indicators.sets_words import combine_label, target_text


@click.command("import-indicators")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--set", "code", help="The set's code (default: the workbook's Mã bộ chỉ tiêu).")
@click.option("--year", type=int, help="The year the set is for (default: the workbook's).")
@click.option("--name", help="The set's name (default: the workbook's Tên bộ chỉ tiêu).")
@click.option("--periodicity", help="monthly, quarterly, six_monthly or yearly.")
@click.option("--task", help='The recurring periodic-report task, "PLAN_CODE:NUMBER".')
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
@with_appcontext
def import_indicators_command(
    ctx, file: Path, code, year, name, periodicity, task, dry_run, as_json
):
    """Import an indicator set (bộ chỉ tiêu) from an .xlsx workbook (sheets "Chỉ tiêu" and
    "Kiểm tra") or a .csv of its indicators; all or nothing."""

    def read(data: bytes, filename: str) -> SetImport:
        return read_set(
            CommandLine(),
            data,
            filename,
            code,
            year,
            name=name,
            periodicity=periodicity,
            task=task,
            dry_run=dry_run,
        )

    answer_table_import(ctx, file, read, as_json, show)


def show(result: SetImport) -> None:
    if echo_problems(result.problems):
        return
    found = result.set
    click.echo(f"{found.code} ({found.year}): {found.name}")
    click.echo(
        _(
            "%(periodicity)s; %(n)s indicators, %(m)s checks",
            periodicity=RECURRENCE_LABELS[found.periodicity],
            n=len(found.indicators),
            m=len(found.checks),
        )
    )
    for indicator in found.indicators:
        kind = INDICATOR_KIND_LABELS[indicator.kind]
        line = f"  {indicator.code}: {indicator.name} ({kind}; {combine_label(indicator)})"
        if target := target_text(indicator):
            line += f" {target}"
        click.echo(line)
    for check in found.checks:
        click.echo(f"  {check.code}: {check.name} [{check.expression}]")
    if found.task is not None:
        click.echo(_("Periodic report task: %(task)s", task=task_reference(found.task)))
    click.echo(str(ACTION_LABELS[result.action]))
    if result.dry_run:
        click.echo(_("Dry run: nothing was written."))
    elif result.written:
        click.echo(_("Imported."))
