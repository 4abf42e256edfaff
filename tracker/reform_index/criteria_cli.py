"""`tracker import-criteria FILE --year 2021 --kind department|district|commune [--name …]
[--decision …] [--survey-max N] [--demo] [--dry-run] [--json]`: exit 0 imported (or
unchanged), 1 problems (nothing written, each "Dòng N, cột C: …"), 2 unreadable file; answered
as every `tracker import-…` command answers (imports.cli_answers)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from tracker.imports.cli_answers import answer_table_import, echo_problems
from tracker.imports.services import CommandLine
from tracker.reform_index.criteria_import import read_criteria
from tracker.reform_index.criteria_results import ACTION_LABELS, CriteriaImport
from tracker.reform_index.criteria_words import rule_text
from tracker.reform_index.models import INDEX_KIND_LABELS, INDEX_KINDS
from tracker.reform_index.scoring import shown_points


@click.command("import-criteria")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--year", type=int, required=True, help="The year the criteria are for.")
@click.option(
    "--kind", type=click.Choice(INDEX_KINDS), required=True, help="The units they are for."
)
@click.option("--name", help="The set's name (default: the set's, or one made of year and kind).")
@click.option("--decision", help='The decision that sets them ("Quyết định số …").')
@click.option("--survey-max", type=float, help="The sociological survey's maximum points.")
@click.option("--demo/--no-demo", default=None, help="Mark the set as demo data.")
@click.option("--dry-run", is_flag=True, help="Show what would change; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
@with_appcontext
def import_criteria_command(
    ctx, file: Path, year, kind, name, decision, survey_max, demo, dry_run, as_json
):
    """Import a year's reform index criteria (Chỉ số CCHC) for one kind of unit from the
    province's table (.xlsx or .csv); all or nothing."""

    def read(data: bytes, filename: str) -> CriteriaImport:
        return read_criteria(
            CommandLine(),
            data,
            filename,
            year,
            kind,
            name=name,
            decision=decision,
            survey_max=survey_max,
            demo=demo,
            dry_run=dry_run,
        )

    answer_table_import(ctx, file, read, as_json, show)


def show(result: CriteriaImport) -> None:
    if echo_problems(result.problems):
        return
    fields = result.fields
    click.echo(f"{fields.name} ({fields.year}, {INDEX_KIND_LABELS[fields.kind]})")
    if fields.decision:
        click.echo(fields.decision)
    leaves = [c for c in result.criteria if c.leaf]
    click.echo(
        _(
            "%(n)s criteria, %(m)s scored; %(max)s points",
            n=len(result.criteria),
            m=len(leaves),
            max=shown_points(result.max_points),
        )
    )
    for criterion in result.criteria:
        line = f"{'  ' * criterion.depth}{criterion.number} {criterion.title} "
        line += f"[{shown_points(criterion.max_points)}]"
        if criterion.leaf:
            line += f" {rule_text(criterion)}"
        click.echo(line)
    click.echo(str(ACTION_LABELS[result.action]))
    if result.drafts and result.action == "replace":
        click.echo(
            _("%(n)s units' drafts keep their points where the numbers stay.", n=result.drafts)
        )
    if result.dry_run:
        click.echo(_("Dry run: nothing was written."))
    elif result.written:
        click.echo(_("Imported."))
