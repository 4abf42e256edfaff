"""The appraisal on the web: the appraisers' page of a unit (accept or set each
sub-criterion's points, send to the unit), the answers page (the unit answers once per item
within its days; the appraisers decide), the journal, and the office's finalisation."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import HiddenField, StringField, TextAreaField

from tracker.core.errors import on_failure
from tracker.core.exceptions import Conflict, require
from tracker.core.forms import TrackerForm
from tracker.core.permissions import can, requires
from tracker.core.problems import Problem
from tracker.core.timeutil import format_date
from tracker.indicators.rules import read_number
from tracker.reform_index import answers, appraisal, finalising
from tracker.reform_index.appraisal import item_key
from tracker.reform_index.appraisal_pages import (
    assessment_to_appraise,
    find_assessment_of,
    journal_rows,
    outline,
)
from tracker.reform_index.evidence import described
from tracker.reform_index.models import (
    ASSESSMENT_STATE_LABELS,
    INDEX_KIND_LABELS,
    SET_STATE_LABELS,
)
from tracker.reform_index.self_access import sees_appraisal
from tracker.reform_index.sets import get_set
from tracker.reform_index.totals import totals_of
from tracker.reform_index.unsent import CLOSED_UNSENT, did_not_self_assess, may_close

# The states the journal names before and after a change.
JOURNAL_STATE_LABELS = {
    **ASSESSMENT_STATE_LABELS,
    "submitted_late": _l("Submitted late"),
    CLOSED_UNSENT: _l("Closed without the unit's self-assessment"),
}

bp = Blueprint("index_appraisal", __name__, url_prefix="/index")
UNIT = "/<year:year>/<string:kind>/units/<string:unit_code>"
APPRAISAL_PAGE = "reform_index/appraisal.html"

ACTION_LABELS = {
    "self_points": _l("Unit's points"),
    "evidence": _l("Evidence"),
    "submit": _l("Submitted"),
    CLOSED_UNSENT: _l("Closed by the appraisers (not sent)"),
    "appraisal": _l("Appraised"),
    "sent_to_unit": _l("Sent to the unit"),
    "answer": _l("Unit's answer"),
    "answer_accepted": _l("Answer accepted"),
    "answer_rejected": _l("Answer rejected"),
    "survey": _l("Survey points"),
    "finalise": _l("Finalised"),
}


class ItemForm(TrackerForm):
    """One sub-criterion's form: the appraisal, the unit's answer or the decision on it."""

    number = HiddenField()
    points = StringField(_l("Points"))
    reason = TextAreaField(_l("Reason"))
    text = TextAreaField(_l("Answer"))
    version = HiddenField()


def _version(raw) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


def _points(raw: str | None, number: str) -> float | None:
    """Points as typed ("0,5"); empty is None; a word is refused on the item's field."""
    text = (raw or "").strip()
    if not text:
        return None
    try:
        return read_number(text)
    except ValueError:
        require({item_key(number, "points"): Problem("not_a_number", _l("Enter a number."))})
    return None


def _context(year: int, kind: str, unit_code: str, *, appraising: bool = False) -> dict:
    criteria_set = get_set(year, kind)
    if appraising:
        assessment = assessment_to_appraise(current_user, criteria_set, unit_code)
    else:
        assessment = find_assessment_of(current_user, criteria_set, unit_code)
    return {
        "set": criteria_set,
        "assessment": assessment,
        "unit": assessment.unit,
        "totals": totals_of(assessment),
        "rows": outline(assessment),
        "kind_label": INDEX_KIND_LABELS[criteria_set.kind],
        "state_label": ASSESSMENT_STATE_LABELS[assessment.state],
        "shows_appraisal": sees_appraisal(current_user, assessment),
        "may_appraise": appraisal.may_appraise(current_user),
        "is_unit": appraisal.is_unit_person(current_user, assessment),
        "did_not_self_assess": did_not_self_assess(assessment),
        "may_close": assessment.state == "draft" and may_close(current_user, criteria_set),
        "window_open": answers.window_open(assessment),
        "answerable": answers.answerable,
        "pending": answers.pending,
        "described": described,
    }


def _page(template: str, context: dict, *, errors=None, typed=None, top=(), status=200):
    return render_template(
        template,
        form=ItemForm(formdata=None),
        errors=errors or {},
        typed=typed or {},
        top_messages=list(top),
        **context,
    ), status


def _refusal_page(template: str, year: int, kind: str, unit_code: str, form: ItemForm):
    """On a refused save: the page again, fresh from the database, the problems next to the
    item's fields and what was typed kept."""
    number = form.number.data or ""

    def refused(error):
        context = _context(year, kind, unit_code, appraising=template == APPRAISAL_PAGE)
        typed = {number: {"points": form.points.data, "reason": form.reason.data}}
        typed[number]["text"] = form.text.data
        if isinstance(error, Conflict):
            top = [_("Someone else changed this sub-criterion in the meantime; check it again.")]
            return _page(template, context, typed=typed, top=top, status=409)
        errors = {key: str(problem) for key, problem in error.fields.items()}
        top = [v for k, v in errors.items() if not k.startswith("items.")]
        return _page(template, context, errors=errors, typed=typed, top=top, status=422)

    on_failure(refused)


def _expired(back: str):
    flash(_("The form expired; try again."), "error")
    return redirect(back)


def _posted_form(template: str, year: int, kind: str, unit_code: str) -> ItemForm | None:
    """The item form posted to a unit's page, a refused save answered by `template` again;
    None when the form expired."""
    form = ItemForm()
    if not form.validate_on_submit():
        return None
    _refusal_page(template, year, kind, unit_code, form)
    return form


@bp.route(UNIT + "/appraisal", methods=["GET", "POST"])
@requires("appraise_index")
def appraisal_page(year: int, kind: str, unit_code: str):
    template = APPRAISAL_PAGE
    context = _context(year, kind, unit_code, appraising=True)
    if request.method == "GET":
        return _page(template, context)
    back = url_for(".appraisal_page", year=year, kind=kind, unit_code=unit_code)
    if (form := _posted_form(template, year, kind, unit_code)) is None:
        return _expired(back)
    number = form.number.data or ""
    accept = request.form.get("action") == "accept"
    points = None if accept else _points(form.points.data, number)
    if not accept and points is None:
        require({item_key(number, "points"): Problem("required", _l("Type the points."))})
    appraisal.appraise_item(
        current_user,
        context["assessment"],
        number,
        points,
        "" if accept else form.reason.data or "",
        _version(form.version.data),
    )
    flash(_("Sub-criterion %(number)s appraised.", number=number), "info")
    return redirect(f"{back}#item-{number}")


@bp.route(UNIT + "/appraisal/send", methods=["POST"])
@requires("appraise_index")
def send_page(year: int, kind: str, unit_code: str):
    context = _context(year, kind, unit_code)
    back = url_for(".appraisal_page", year=year, kind=kind, unit_code=unit_code)
    if (form := _posted_form("reform_index/appraisal.html", year, kind, unit_code)) is None:
        return _expired(back)
    assessment = appraisal.send_to_unit(
        current_user, context["assessment"], _version(form.version.data)
    )
    flash(
        _(
            "The appraisal is sent to the unit; it may answer until %(day)s.",
            day=format_date(assessment.answer_until),
        ),
        "info",
    )
    return redirect(url_for(".answers_page", year=year, kind=kind, unit_code=unit_code))


@bp.route(UNIT + "/answers", methods=["GET", "POST"])
@requires("view")
def answers_page(year: int, kind: str, unit_code: str):
    template = "reform_index/answers.html"
    context = _context(year, kind, unit_code)
    if request.method == "GET":
        return _page(template, context)
    back = url_for(".answers_page", year=year, kind=kind, unit_code=unit_code)
    if (form := _posted_form(template, year, kind, unit_code)) is None:
        return _expired(back)
    number = form.number.data or ""
    action = request.form.get("action")
    if action == "answer":
        answers.answer(current_user, context["assessment"], number, form.text.data or "")
        flash(_("Your answer on %(number)s is sent.", number=number), "info")
    else:
        decision = "accepted" if action == "accept" else "rejected"
        answers.decide_answer(
            current_user,
            context["assessment"],
            number,
            decision,
            _points(form.points.data, number),
            form.reason.data or "",
            _version(form.version.data),
        )
        flash(_("The answer on %(number)s is decided.", number=number), "info")
    return redirect(f"{back}#item-{number}")


@bp.route(UNIT + "/journal")
@requires("view")
def journal_page(year: int, kind: str, unit_code: str):
    context = _context(year, kind, unit_code)
    return render_template(
        "reform_index/journal.html",
        entries=journal_rows(current_user, context["assessment"]),
        ACTION_LABELS=ACTION_LABELS,
        STATE_LABELS=JOURNAL_STATE_LABELS,
        **context,
    )


class FinaliseForm(TrackerForm):
    version = HiddenField()


@bp.route("/<year:year>/<string:kind>/finalise", methods=["GET", "POST"])
@requires("manage_index")
def finalise_page(year: int, kind: str):
    criteria_set = get_set(year, kind)
    form = FinaliseForm()
    back = url_for(".finalise_page", year=year, kind=kind)
    if request.method == "POST":
        if not form.validate_on_submit():
            return _expired(back)

        def refused(error):
            for problem in error.fields.values() or [error.message]:
                flash(str(problem), "error")
            return redirect(back)

        on_failure(refused)
        finalising.finalise(current_user, criteria_set, _version(form.version.data))
        flash(_("The index is finalised; the office may now publish it."), "info")
        return redirect(back)
    form.version.data = str(criteria_set.version)
    return render_template(
        "reform_index/finalise.html",
        set=criteria_set,
        form=form,
        problems=finalising.finalise_problems(criteria_set),
        kind_label=INDEX_KIND_LABELS[criteria_set.kind],
        state_label=SET_STATE_LABELS[criteria_set.state],
        may_finalise=can(current_user, "manage_index"),
    )
