import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from tracker.accounts.services import find_user_by_email
from tracker.core.exceptions import Forbidden, NotFound, ValidationFailed
from tracker.core.numbers import format_number
from tracker.core.timeutil import format_date
from tracker.imports.services import CommandLine
from tracker.reports.archive import issue_report
from tracker.reports.docx_writer import render_docx
from tracker.reports.quarterly import build_quarterly_report, parse_quarter

# The option a service's refused field was given by.
OPTIONS = {"quarter": "--quarter", "number": "--number"}


@click.command("report")
@click.option("--plan", required=True, help="Plan code, e.g. 5959/QĐ-UBND.")
@click.option("--quarter", required=True, help="The quarter: 2021-Q3 or Q3/2021.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="The .docx to write (required unless --issue; with it, a copy of the archived one).",
)
@click.option("--number", help="The report's number (Số …/BC-UBND); blank if not given.")
@click.option(
    "--issue",
    is_flag=True,
    help="Issue the report under --number: archive its .docx and figures for good.",
)
@click.option("--by", "issued_by", help="With --issue: the email of the office user issuing it.")
@with_appcontext
def report_command(plan, quarter, output, number, issue, issued_by):
    """The quarterly report to Bộ Nội vụ as .docx, with the status view's figures as of the
    quarter's last day."""
    if issue:
        _issue(plan, quarter, output, number, issued_by)
        return
    if not output:
        raise click.UsageError(_("Give -o FILE (or --issue to archive the report)."))
    try:
        report = build_quarterly_report(plan, quarter)
    except ValidationFailed as error:
        raise click.BadParameter(str(error.fields["quarter"]), param_hint="--quarter") from None
    except NotFound as error:
        raise click.BadParameter(str(error), param_hint="--plan") from None
    with open(output, "wb") as handle:
        handle.write(render_docx(report, number=number).getvalue())
    click.echo(
        _(
            "%(file)s: plan %(plan)s, quarter %(roman)s/%(year)s, figures as of %(day)s; "
            "%(overdue)s overdue.",
            file=output,
            plan=report.plan.code,
            roman=report.quarter.roman,
            year=report.quarter.year,
            day=format_date(report.as_of),
            overdue=format_number(len(report.overdue)),
        )
    )


def _issue(plan, quarter, output, number, issued_by) -> None:
    actor = CommandLine()
    if issued_by:
        actor = find_user_by_email(issued_by)
        if actor is None:
            raise click.BadParameter(
                _("There is no user with the email %(email)s.", email=issued_by),
                param_hint="--by",
            )
    try:
        issued = issue_report(actor, plan, quarter, number)
    except ValidationFailed as error:
        name, message = next(iter(error.fields.items()))
        raise click.BadParameter(str(message), param_hint=OPTIONS.get(name, name)) from None
    except NotFound as error:
        raise click.BadParameter(str(error), param_hint="--plan") from None
    except Forbidden as error:
        raise click.BadParameter(str(error), param_hint="--by") from None
    if output:
        with open(output, "wb") as handle:
            handle.write(issued.docx)
    quarter = parse_quarter(issued.quarter)
    click.echo(
        _(
            "Issued report %(id)s: plan %(plan)s, quarter %(roman)s/%(year)s, Số %(number)s, "
            "figures as of %(day)s.",
            id=issued.id,
            plan=issued.plan.code,
            roman=quarter.roman,
            year=quarter.year,
            number=issued.document_number,
            day=format_date(issued.as_of),
        )
    )
    click.echo(f"sha256 {issued.sha256}")
