"""The office's board of a set's period (/indicators/<set>/board?period=2021-Q3) and its
.xlsx export: routes on the reports' blueprint."""

from __future__ import annotations

from flask import abort, render_template, request, send_file
from flask_babel import gettext as _
from flask_login import current_user

from tracker.core.exceptions import NotFound
from tracker.core.permissions import UNIT_ROLES, requires
from tracker.core.recurrence import figures_cut_off
from tracker.core.replicas import replica_reads
from tracker.core.text import text_problem
from tracker.core.timeutil import DateOutOfRange, local_today, parse_date
from tracker.indicators.board import build_board, default_period, periods_of_set
from tracker.indicators.board_charts import indicator_chart_svg
from tracker.indicators.board_workbook import board_workbook, state_words
from tracker.indicators.report_views import bp
from tracker.indicators.sets import latest_set, no_set, set_for
from tracker.indicators.sets_words import target_text


def _board_from_request(set_code: str):
    """The board the query asks for, and a message when its day could not be read."""
    if current_user.role in UNIT_ROLES:
        abort(403)
    period = (request.args.get("period") or "").strip()
    raw_day = (request.args.get("as_of") or "").strip()
    if text_problem(period) or text_problem(raw_day):
        abort(404)
    if period:
        indicator_set = set_for(set_code, period)
    else:
        indicator_set = latest_set(set_code)
        if indicator_set is None:
            raise NotFound(no_set(set_code))
        period = default_period(indicator_set).code
    as_of, message = None, None
    if raw_day:
        try:
            as_of = parse_date(raw_day)
        except (DateOutOfRange, ValueError):
            message = _("“%(value)s” is not a date: type it as dd/mm/yyyy.", value=raw_day)
    return build_board(indicator_set, period, as_of or local_today()), message


@bp.route("/<set_code>/board")
@requires("view")
def board(set_code: str):
    built, message = _board_from_request(set_code)
    return render_template(
        "indicators/board.html",
        board=built,
        message=message,
        periods=periods_of_set(built.indicator_set),
        targets={i.code: target_text(i) for i in built.indicators},
        cut_off=figures_cut_off(built.period),
        charts={
            i.code: indicator_chart_svg(i, built.series) for i in built.indicator_set.indicators
        },
        state_words=state_words,
    )


@bp.route("/<set_code>/board.xlsx")
@replica_reads
@requires("view")
def board_xlsx(set_code: str):
    built, _message = _board_from_request(set_code)
    name = f"so-lieu-{built.indicator_set.code}-{built.period.code}-{built.as_of.isoformat()}.xlsx"
    return send_file(
        board_workbook(built),
        as_attachment=True,
        download_name=name.lower(),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
