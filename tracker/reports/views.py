"""The quarterly report (.docx) of a plan, as the office sends it to the province, and the
reports it issued ("Ban hành"), kept as they were sent."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from tracker.core.errors import on_failure, render_error
from tracker.core.forms import form_again
from tracker.core.permissions import requires
from tracker.core.replicas import replica_reads
from tracker.plans.queries import list_plans
from tracker.reports import archive
from tracker.reports.docx_writer import render_docx
from tracker.reports.forms import IssueReportForm
from tracker.reports.quarterly import build_quarterly_report

bp = Blueprint("reports", __name__)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# What may differ between an issued report and the same report built again (archive.COMPARED
# and archive.LISTS).
CHANGE_LABELS = {
    "deadline_class": _l("deadline class"),
    "due_date": _l("due date"),
    "completed_on": _l("completion date"),
    "awaiting_confirmation": _l("awaiting confirmation"),
    "completed": _l("completed in the quarter (sections I-II)"),
    "overdue": _l("overdue list (section III)"),
    "priorities": _l("next quarter's tasks (section IV)"),
}


@bp.route("/status/report.docx")
@replica_reads
@requires("view")
def quarterly_docx():
    # The quarter's own problem (not a quarter, not begun yet), in the reader's language.
    on_failure(lambda error: render_error(422, error.fields.get("quarter") or error.message))
    report = build_quarterly_report(request.args.get("plan", ""), request.args.get("quarter", ""))
    number = (request.args.get("number") or "").strip()[:20] or None
    name = f"bao-cao-cchc-{report.quarter.code}.docx"
    return send_file(
        render_docx(report, number=number), as_attachment=True, download_name=name, mimetype=DOCX
    )


@bp.route("/status/reports")
@requires("view")
def issued_list():
    return render_template("reports/index.html", reports=archive.issued_reports())


def _issue_form() -> IssueReportForm:
    form = IssueReportForm()
    form.plan.choices = [(p.code, f"{p.code} — {p.title}") for p in list_plans()]
    if request.method == "GET":
        # Come from the status page's "Ban hành": its plan and quarter, the number to type.
        form.plan.data = request.args.get("plan") or None
        form.quarter.data = request.args.get("quarter") or None
    return form


@bp.route("/status/reports/issue")
@requires("manage_plans")
def issue_form():
    return render_template("reports/issue.html", form=_issue_form())


@bp.route("/status/reports/issue", methods=["POST"])
@requires("manage_plans")
def issue():
    form = _issue_form()
    if not form.validate_on_submit():
        return render_template("reports/issue.html", form=form), 422
    on_failure(form_again(form, "reports/issue.html"))
    issued = archive.issue_report(current_user, form.plan.data, form.quarter.data, form.number.data)
    flash(
        _(
            "Report %(number)s of %(quarter)s issued and archived.",
            number=issued.document_number,
            quarter=issued.quarter,
        ),
        "info",
    )
    return redirect(url_for("reports.issued_page", report_id=issued.id))


@bp.route("/status/reports/<id:report_id>")
@requires("view")
def issued_page(report_id: int):
    issued = archive.issued_report(report_id)
    return render_template(
        "reports/show.html",
        report=issued,
        comparison=archive.compare_with_live(issued),
        change_labels=CHANGE_LABELS,
    )


@bp.route("/status/reports/<id:report_id>.docx")
@replica_reads
@requires("view")
def issued_docx(report_id: int):
    return send_issued_docx(archive.issued_report(report_id))


def send_issued_docx(issued):
    """The archived bytes as they were issued (the page and the API send the same)."""
    return send_file(
        BytesIO(issued.docx),
        as_attachment=True,
        download_name=issued.file_name,
        mimetype=DOCX,
        etag=issued.sha256,
    )
