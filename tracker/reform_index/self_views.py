"""A unit's self-assessment on the web, made for a phone: one card per sub-criterion (points,
evidence, explanation, saved one at a time as a draft), the lead's submission after a page
that says what it sends, and the evidence files. The office, the appraisers and the viewers
read it; a unit's people only their own unit's."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from tracker.core.errors import on_failure
from tracker.core.evidence_files import evidence_download, evidence_path
from tracker.core.exceptions import Conflict, require
from tracker.core.permissions import requires
from tracker.core.timeutil import local_today
from tracker.extensions import db
from tracker.reform_index import assessments
from tracker.reform_index.evidence import EVIDENCE_KIND_LABELS, unit_journal_entries
from tracker.reform_index.models import (
    ASSESSMENT_STATE_LABELS,
    INDEX_KIND_LABELS,
    AssessmentEvidence,
    AssessmentItem,
)
from tracker.reform_index.scoring import maximum
from tracker.reform_index.self_access import may_assess, require_reader
from tracker.reform_index.self_forms import ItemForm, read_item_form
from tracker.reform_index.self_view import view_of
from tracker.reform_index.sets import find_assessment, get_set, nodes_of
from tracker.units.services import get_unit

bp = Blueprint("index_self", __name__, url_prefix="/index")

PAGE = "reform_index/self_assessment.html"
SUBMIT_PAGE = "reform_index/self_submit.html"
UNIT = "/<year:year>/<string:kind>/units/<string:unit_code>"


def _lookup(year: int, kind: str, unit_code: str):
    criteria_set = get_set(year, kind)
    unit = get_unit(unit_code) or abort(404)
    require_reader(current_user, unit)
    return criteria_set, unit


def _assessment(criteria_set, unit):
    if may_assess(current_user, unit):
        return assessments.open_assessment(current_user, criteria_set, unit)
    return find_assessment(criteria_set, unit)


def anchor(number: str) -> str:
    return "item-" + number.replace(".", "-")


def _sections(view) -> list[dict]:
    """The criteria in the decision's order, one section per lĩnh vực: its tiêu chí as
    headings and its scored sub-criteria as cards."""
    rows = {row.criterion.id: row for row in view.rows}
    sections: list[dict] = []
    for criterion in view.criteria_set.criteria:
        if criterion.parent_id is None:
            sections.append({"criterion": criterion, "entries": []})
            if criterion.id not in rows:
                continue
        entry = rows.get(criterion.id)
        sections[-1]["entries"].append(("item", entry) if entry else ("heading", criterion))
    return sections


def _page(criteria_set, unit, assessment, *, failed=None, status=200, top=()):
    """The page; `failed`: the card whose save was refused, with what was typed and the
    messages by field."""
    view = view_of(current_user, criteria_set, unit, assessment)
    editable = (
        assessment is not None
        and assessment.state == "draft"
        and criteria_set.state == "open"
        and may_assess(current_user, unit)
    )
    deadline = criteria_set.self_deadline
    return render_template(
        PAGE,
        view=view,
        criteria_set=criteria_set,
        unit=unit,
        kind_label=INDEX_KIND_LABELS[criteria_set.kind],
        state_label=ASSESSMENT_STATE_LABELS[view.state],
        sections=_sections(view),
        editable=editable,
        may_submit=editable and assessments.may_submit(current_user, assessment),
        past_deadline=deadline is not None and local_today() > deadline,
        choices=unit_journal_entries(unit, year=criteria_set.year) if editable else [],
        failed=failed or {},
        top_messages=list(top),
        anchor=anchor,
        criteria_max=maximum(nodes_of(criteria_set)),
        EVIDENCE_KIND_LABELS=EVIDENCE_KIND_LABELS,
    ), status


@bp.route(UNIT)
@requires("view")
def assessment_page(year: int, kind: str, unit_code: str):
    criteria_set, unit = _lookup(year, kind, unit_code)
    return _page(criteria_set, unit, _assessment(criteria_set, unit))


def _field_errors(number: str, error) -> tuple[dict[str, str], list[str]]:
    """A refused save's messages by the card's fields (the new evidence's by the field that
    took it), and those that belong to none."""
    prefix = f"items.{number}."
    fields, top = {}, []
    for key, problem in error.fields.items():
        name = key.removeprefix(prefix) if key.startswith(prefix) else None
        if name is not None and name.startswith("evidence."):
            last = name.rsplit(".", 1)[-1]
            name = "evidence" if last == "id" else last
        if name is None:
            top.append(str(problem))
        else:
            fields[name] = str(problem)
    return fields, top


@bp.post(f"{UNIT}/items/<string:number>")
@requires("self_assess")
def save_item(year: int, kind: str, unit_code: str, number: str):
    criteria_set, unit = _lookup(year, kind, unit_code)
    assessment = assessments.open_assessment(current_user, criteria_set, unit)
    form = ItemForm()
    item = next((i for i in assessment.items if i.criterion.number == number), None) or abort(404)

    def refused(error):
        fresh = find_assessment(criteria_set, unit)
        fields, top = _field_errors(number, error)
        if isinstance(error, Conflict):
            top = [
                _(
                    "Someone else saved this sub-criterion in the meantime; what you typed is "
                    "kept below: check it and save again."
                )
            ]
        posted = dict(request.form) | {"number": number, "errors": fields}
        if isinstance(error, Conflict):
            posted["version"] = str(
                next(i.version for i in fresh.items if i.criterion.number == number)
            )
        return _page(criteria_set, unit, fresh, failed=posted, top=top)

    on_failure(refused)
    points, evidence, explanation, version, errors = read_item_form(form, item)
    require(errors)
    assessments.save_item(current_user, assessment, number, points, evidence, explanation, version)
    flash(_("Saved: sub-criterion %(number)s.", number=number), "info")
    target = url_for(".assessment_page", year=year, kind=kind, unit_code=unit.code)
    return redirect(f"{target}#{anchor(number)}")


@bp.route(f"{UNIT}/submit", methods=["GET", "POST"])
@requires("self_assess")
def submit(year: int, kind: str, unit_code: str):
    """What the lead sends, said once more (how many sub-criteria, the total, late or not),
    then sent."""
    criteria_set, unit = _lookup(year, kind, unit_code)
    assessment = assessments.open_assessment(current_user, criteria_set, unit)
    if not assessments.may_submit(current_user, assessment):
        abort(403)
    back = url_for(".assessment_page", year=year, kind=kind, unit_code=unit.code)
    if assessment.state != "draft":
        return redirect(back)

    def confirmation(problems, status=200):
        view = view_of(current_user, criteria_set, unit, assessment)
        deadline = criteria_set.self_deadline
        return render_template(
            SUBMIT_PAGE,
            view=view,
            criteria_set=criteria_set,
            unit=unit,
            kind_label=INDEX_KIND_LABELS[criteria_set.kind],
            problems=problems,
            late=deadline is not None and local_today() > deadline,
            back=back,
            anchor=anchor,
        ), status

    if request.method == "GET":
        return confirmation(_problems(assessments.submission_problems(assessment)))
    form = ItemForm()  # for its CSRF token only
    if not form.validate_on_submit():
        flash(_("The form expired; try again."), "error")
        return redirect(request.url)

    def refused(error):
        if isinstance(error, Conflict):
            flash(_("Someone saved a sub-criterion meanwhile: check the page and send again."))
            return redirect(request.url)
        return confirmation(_problems(error.fields))

    on_failure(refused)
    assessments.submit(current_user, assessment, _version(request.form.get("version")))
    if assessment.submitted_late:
        flash(_("The self-assessment is sent, after the deadline: it is recorded as late."), "info")
    else:
        flash(_("The self-assessment is sent."), "info")
    return redirect(back)


def _problems(fields: dict) -> list[tuple[str | None, str]]:
    """(the sub-criterion's number or None, the message) of each problem of a submission."""
    problems = []
    for key, problem in fields.items():
        number = key.split(".", 1)[1].rsplit(".", 1)[0] if key.startswith("items.") else None
        problems.append((number, str(problem)))
    return problems


def _version(raw) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


@bp.route(f"{UNIT}/evidence/<id:evidence_id>")
@requires("view")
def evidence_file(year: int, kind: str, unit_code: str, evidence_id: int):
    criteria_set, unit = _lookup(year, kind, unit_code)
    assessment = find_assessment(criteria_set, unit) or abort(404)
    piece = db.session.scalar(
        select(AssessmentEvidence)
        .join(AssessmentItem, AssessmentItem.id == AssessmentEvidence.item_id)
        .where(AssessmentEvidence.id == evidence_id, AssessmentItem.assessment_id == assessment.id)
    )
    if piece is None or not piece.file_path:
        abort(404)
    path = evidence_path(piece.file_path)
    if not path.exists():
        abort(404)
    mimetype, name = evidence_download(piece.file_path, piece.file_name)
    # Always a download, never sniffed: an uploaded file must not become a page of this site.
    response = send_file(path, mimetype=mimetype, as_attachment=True, download_name=name)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
