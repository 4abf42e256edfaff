"""The quarterly report (.docx) of a plan, as the office sends it to the province."""

from __future__ import annotations

from flask import Blueprint, request, send_file
from flask_babel import gettext as _

from tracker.core.errors import on_failure, render_error
from tracker.core.permissions import requires
from tracker.reports.docx_writer import render_docx
from tracker.reports.quarterly import build_quarterly_report

bp = Blueprint("reports", __name__)


@bp.route("/status/report.docx")
@requires("view")
def quarterly_docx():
    on_failure(
        lambda _e: render_error(422, _("Choose a quarter that has begun, written like 2021-Q3."))
    )
    report = build_quarterly_report(request.args.get("plan", ""), request.args.get("quarter", ""))
    number = (request.args.get("number") or "").strip()[:20] or None
    name = f"bao-cao-cchc-{report.quarter.code}.docx"
    return send_file(
        render_docx(report, number=number),
        as_attachment=True,
        download_name=name,
        mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
