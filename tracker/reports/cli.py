import click
from flask.cli import with_appcontext

from tracker.core.exceptions import NotFound, ValidationFailed
from tracker.reports.docx_writer import render_docx
from tracker.reports.quarterly import build_quarterly_report


@click.command("report")
@click.option("--plan", required=True, help="Plan code, e.g. 5959/QĐ-UBND.")
@click.option("--quarter", required=True, help="The quarter: 2021-Q3 or Q3/2021.")
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False), help="The .docx to write."
)
@click.option("--number", help="The report's number (Số …/BC-UBND); blank if not given.")
@with_appcontext
def report_command(plan, quarter, output, number):
    """The quarterly report to Bộ Nội vụ as .docx, with the status view's figures as of the
    quarter's last day."""
    try:
        report = build_quarterly_report(plan, quarter)
    except ValidationFailed as error:
        raise click.BadParameter(error.fields["quarter"], param_hint="--quarter") from None
    except NotFound:
        raise click.BadParameter(f"no plan {plan!r}", param_hint="--plan") from None
    with open(output, "wb") as handle:
        handle.write(render_docx(report, number=number).getvalue())
    click.echo(
        f"{output}: {report.plan.code}, {report.quarter.code}, figures as of "
        f"{report.as_of.isoformat()}; {len(report.overdue)} overdue"
    )
