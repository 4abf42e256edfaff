"""The status page "Tình hình thực hiện", its .xlsx export, and the API endpoint."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template, request, send_file

from tracker.api.blueprint import bp as api_bp
from tracker.core.exceptions import ValidationFailed
from tracker.core.permissions import requires
from tracker.plans.filters import parse_assignment_filters
from tracker.plans.queries import list_plans
from tracker.reports.charts import bar_svg, status_chart_svg
from tracker.reports.export import filter_title, status_workbook
from tracker.reports.services import CLASSES, SORT_KEYS, status_json, unit_status

bp = Blueprint("reports", __name__)


def _table_from_request():
    filters = parse_assignment_filters(request.args)
    order = request.args.get("order", "unit")
    if order not in SORT_KEYS:
        raise ValidationFailed("order", {"order": f"one of {', '.join(SORT_KEYS)}"})
    return unit_status(filters, sort=order, descending=request.args.get("desc") == "1")


@bp.route("/status")
@requires("view")
def status_page():
    try:
        table, error = _table_from_request(), None
    except ValidationFailed as failed:
        table, error = unit_status(parse_assignment_filters({})), failed
    return render_template(
        "reports/status.html",
        table=table,
        error=error,
        plans=list_plans(),
        chart=status_chart_svg(table),
        args=request.args.to_dict(),
        bar=bar_svg,
        CLASSES=CLASSES,
        filter_title=filter_title(table),
    ), (422 if error else 200)


@bp.route("/status.xlsx")
@requires("view")
def status_xlsx():
    table = _table_from_request()
    name = f"tinh-hinh-thuc-hien-{table.filters.as_of.isoformat()}.xlsx"
    return send_file(
        status_workbook(table),
        as_attachment=True,
        download_name=name,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@api_bp.get("/status/units")
@requires("view")
def status_units():
    return jsonify(status_json(_table_from_request()))
