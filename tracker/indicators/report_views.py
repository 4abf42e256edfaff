"""A unit's figures on the web: its list of reports to do, the form of one period (save a
draft, submit), and the lead's or office's decision on a staff member's submission."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import HiddenField, TextAreaField
from wtforms.validators import Length

from tracker.core.errors import on_failure
from tracker.core.exceptions import Conflict
from tracker.core.forms import TrackerForm
from tracker.core.permissions import acts_for_a_unit, can, requires
from tracker.core.recurrence import figures_cut_off, parse_period
from tracker.indicators import report_values, reports, rules
from tracker.indicators.board import default_period
from tracker.indicators.report_lists import unit_to_do
from tracker.indicators.sets import set_for, sets
from tracker.units.services import get_unit

bp = Blueprint("indicator_reports", __name__, url_prefix="/indicators")

FORM = "indicators/report_form.html"
INPUT = "v_"  # a value's input is named v_<CODE>


class FiguresForm(TrackerForm):
    note = TextAreaField(_l("Note"), validators=[Length(max=reports.NOTE_MAX)])
    version = HiddenField()


class DecisionForm(TrackerForm):
    note = TextAreaField(_l("Note (the reason, when you send the figures back)"))


def _version(raw) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


@bp.route("/reports")
@requires("view")
def my_reports():
    """A unit's periodic reports to do; the office's way to the sets' boards."""
    rows = unit_to_do(current_user.unit) if acts_for_a_unit(current_user) else []
    return render_template(
        "indicators/report_list.html",
        rows=rows,
        unit=current_user.unit if acts_for_a_unit(current_user) else None,
        sets=[] if acts_for_a_unit(current_user) else [(s, default_period(s).code) for s in sets()],
    )


def _context(indicator_set, unit, period_code: str):
    reports.require_reader(current_user, unit)
    report = reports.find_report(indicator_set, unit, period_code)
    period = parse_period(period_code)
    start, end = figures_cut_off(period)
    editable = (report is None or report.state == "draft") and can(
        current_user, "update_assignment", unit_id=unit.id
    )
    return {
        "indicator_set": indicator_set,
        "unit": unit,
        "period": period,
        "cut_off": (start, end),
        "report": report,
        "editable": editable,
        "may_decide": report is not None
        and report.state != "draft"
        and reports.may_approve(current_user, report),
        "checkpoint": report.assignment
        if report is not None
        else reports.checkpoint_of(indicator_set, unit.id, period_code),
    }


def _page(context: dict, form, *, posted=None, errors=None, top=(), status=200):
    report = context["report"]
    shown = dict(report.values) if report is not None else {}
    computed = rules.unit_values(context["indicator_set"].indicators, shown)
    typed = posted if posted is not None else {k: _plain(v) for k, v in shown.items()}
    return render_template(
        FORM,
        form=form,
        decision=DecisionForm(),
        typed=typed,
        computed=computed,
        errors=errors or {},
        top_messages=list(top),
        INPUT=INPUT,
        **context,
    ), status


def _plain(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _lookup(set_code: str, period: str, unit_code: str):
    indicator_set = set_for(set_code, period)
    unit = get_unit(unit_code) or abort(404)
    return indicator_set, unit, reports.check_period(indicator_set, period)


@bp.route("/<set_code>/<period>/<unit_code>", methods=["GET", "POST"])
@requires("view")
def report_form(set_code: str, period: str, unit_code: str):
    indicator_set, unit, period = _lookup(set_code, period, unit_code)
    context = _context(indicator_set, unit, period)
    form = FiguresForm()
    if request.method == "GET":
        if context["report"] is not None:
            form.note.data = context["report"].note
            form.version.data = str(context["report"].version)
        return _page(context, form)
    if not can(current_user, "update_assignment", unit_id=unit.id):
        abort(403)
    posted = {
        i.code: request.form.get(INPUT + i.code, "")
        for i in report_values.typed_indicators(indicator_set)
    }
    if not form.validate_on_submit():
        return _page(context, form, posted=posted, status=422)

    def refused(error):
        fresh = _context(indicator_set, unit, period)
        if isinstance(error, Conflict):
            if fresh["report"] is not None:
                form.version.data = str(fresh["report"].version)
            message = _(
                "Someone else changed these figures in the meantime; what you typed is kept "
                "below: check it and save again."
            )
            return _page(fresh, form, posted=posted, top=[message], status=409)
        fields = {key: str(problem) for key, problem in error.fields.items()}
        if "note" in fields:
            form.note.errors = [fields.pop("note")]
        values = {
            k.removeprefix("values."): v for k, v in fields.items() if k.startswith("values.")
        }
        top = [v for k, v in fields.items() if not k.startswith("values.")]
        if fresh["report"] is not None:
            form.version.data = str(fresh["report"].version)
        return _page(fresh, form, posted=posted, errors=values, top=top, status=422)

    on_failure(refused)
    report = reports.save_values(
        current_user,
        indicator_set,
        unit,
        period,
        posted,
        form.note.data or "",
        _version(form.version.data),
    )
    if request.form.get("action") == "submit":
        reports.submit(current_user, report, report.version)
        if report.state == "awaiting_approval":
            flash(_("Your figures are sent; they await your lead's approval."), "info")
        else:
            flash(_("Your figures are sent."), "info")
    else:
        flash(_("Draft saved."), "info")
    return redirect(url_for(".report_form", set_code=set_code, period=period, unit_code=unit.code))


@bp.route("/<set_code>/<period>/<unit_code>/decision", methods=["POST"])
@requires("update_assignment")
def decide(set_code: str, period: str, unit_code: str):
    indicator_set, unit, period = _lookup(set_code, period, unit_code)
    report = reports.find_report(indicator_set, unit, period) or abort(404)
    form = DecisionForm()
    back = url_for(".report_form", set_code=set_code, period=period, unit_code=unit.code)
    if not form.validate_on_submit():
        flash(_("The form expired; try again."), "error")
        return redirect(back)

    def refused(error):
        for problem in error.fields.values() or [error.message]:
            flash(str(problem), "error")
        return redirect(back)

    on_failure(refused)
    if request.form.get("action") == "approve":
        reports.approve(current_user, report, note=form.note.data or "")
        flash(_("The figures are approved."), "info")
    else:
        reports.send_back(current_user, report, form.note.data or "")
        flash(_("The figures are sent back to the unit."), "info")
    return redirect(back)
