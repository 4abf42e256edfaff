"""The status page "Tình hình thực hiện", its .xlsx export, the quarterly report (.docx),
and the API endpoint."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from tracker.api.blueprint import bp as api_bp
from tracker.api.operations import operation
from tracker.core.datacache import VersionedCache
from tracker.core.errors import on_failure
from tracker.core.exceptions import require
from tracker.core.permissions import can, requires
from tracker.core.problems import one_of
from tracker.core.replicas import replica_reads
from tracker.core.timeutil import local_today
from tracker.plans.filters import FILTER_LABELS, parse_assignment_filters
from tracker.plans.queries import list_plans
from tracker.reports.quarterly import ROMAN, Quarter
from tracker.status.answer import StatusQuery, UnitStatus, status_answer
from tracker.status.charts import bar_svg, status_chart_svg
from tracker.status.services import CLASSES, ROLL_UPS, SORT_KEYS, unit_status
from tracker.status.workbook import filter_title, status_workbook

bp = Blueprint("status", __name__)
# The page names each filter a problem is about; roll_up is the status page's own.
STATUS_FILTER_LABELS = {**FILTER_LABELS, "roll_up": _l("Units of today")}


def _table_from_request():
    filters = parse_assignment_filters(request.args)
    order = request.args.get("order", "unit")
    if order not in SORT_KEYS:
        require({"order": one_of(SORT_KEYS)})
    roll_up = request.args.get("roll_up") or None
    if roll_up is not None and roll_up not in ROLL_UPS:
        require({"roll_up": one_of(ROLL_UPS)})
    return unit_status(
        filters,
        sort=order,
        descending=request.args.get("desc") == "1",
        roll_up=roll_up is not None,
    )


# What is made of a status table, cached beside it (see tracker.core.datacache): the JSON
# body, and the rendered table and chart, which were most of the page's time.
_json_bodies = VersionedCache(size=64)
_table_html = VersionedCache(size=64)


@bp.route("/status")
@replica_reads
@requires("view")
def status_page():
    on_failure(lambda failed: _status_page(unit_status(parse_assignment_filters({})), failed))
    return _status_page(_table_from_request())


def _status_page(table, error=None):
    plans = list_plans()
    args = request.args.to_dict()
    may_remind = can(current_user, "manage_plans")
    table_html = _table_html.get(
        content_version(table),
        (table.key, str(get_locale()), may_remind, tuple(sorted(args.items()))),
        lambda: _render_table(table, args, may_remind),
    )
    return render_template(
        "status/status.html",
        table=table,
        table_html=table_html,
        error=error,
        plans=plans,
        args=args,
        FILTER_LABELS=STATUS_FILTER_LABELS,
        filter_title=filter_title(table),
        report_quarters=_report_quarters(table, plans),
    ), (422 if error else 200)


def content_version(table) -> tuple | None:
    """What the rendered table is made of: the app and database of its data version, and its
    rows' units and figures instead of the data's counter. Most writes (a progress note, a
    piece of evidence) leave every class where it was: the page rendered before them (0.2 s
    for 500 units) is still right, and only the figures (a few ms) are read again."""
    if table.version is None:
        return None
    rows = tuple(
        (row.unit, tuple(row.figures.counts.values()), row.figures.awaiting_confirmation)
        for row in table.rows()
    )
    return (*table.version[:2], rows)


def _render_table(table, args, may_remind) -> Markup:
    return Markup(
        render_template(
            "status/_status_table.html",
            table=table,
            chart=status_chart_svg(table),
            args=args,
            bar=bar_svg,
            CLASSES=CLASSES,
            # Built once, not once per unit row: url_for was a fifth of the page's time.
            unit_link=url_for(
                "plans.tasks",
                role="lead",
                plan=table.filters.plan or "",
                area=table.filters.area or "",
                period=table.filters.period or "",
                checkpoint=table.filters.checkpoint or "",
                as_of=table.filters.as_of.isoformat(),
            ),
            # Đôn đốc reminds of what this page shows: its plan, area, period and day.
            remind_link=url_for(
                "reminder_log.adhoc",
                code="__UNIT__",
                plan=table.filters.plan or None,
                area=table.filters.area or None,
                period=table.filters.period or None,
                checkpoint=table.filters.checkpoint or None,
                as_of=table.filters.as_of.isoformat(),
                next=request.full_path,
            ),
            may_remind=may_remind,
            remind_label=_("Remind"),
        )
    )


def _report_quarters(table, plans):
    """(value, roman, year, selected) for the begun quarters of the chosen plan's year; none
    without a plan. Preselected: the plan's own quarter, else the one of the as-of date."""
    plan = next((p for p in plans if p.code == table.filters.plan), None)
    if plan is None:
        return []
    as_of = table.filters.as_of
    chosen = plan.quarter or ((as_of.month - 1) // 3 + 1 if as_of.year == plan.year else 4)
    begun = [n for n in range(1, 5) if Quarter(plan.year, n).start <= local_today()]
    chosen = chosen if chosen in begun else (begun[-1] if begun else None)
    return [(f"{plan.year}-Q{n}", ROMAN[n], plan.year, n == chosen) for n in begun]


@bp.route("/status.xlsx")
@replica_reads
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
@replica_reads
@requires("view")
@operation(
    "statusByUnit",
    "Figures per unit (lead assignments), as the status page shows them",
    answers={200: UnitStatus},
    refusals=(401, 422),
    query=StatusQuery,
)
def status_units():
    table = _table_from_request()
    body = _json_bodies.get(
        table.version, table.key, lambda: current_app.json.dumps(status_answer(table).as_json())
    )
    return current_app.response_class(body + "\n", mimetype="application/json")
