"""The office's import of the survey's points: /index/<year>/<kind>/survey (upload → preview, a
dry run) → confirm, which imports the same kept file, all or nothing."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tracker.core.permissions import requires
from tracker.imports.kept_files import discard_upload
from tracker.imports.upload_pages import cannot_read, keep_form_file, read_kept, upload_gone
from tracker.reform_index.models import INDEX_KIND_LABELS
from tracker.reform_index.results_forms import SurveyConfirmForm, SurveyUploadForm
from tracker.reform_index.scoring import shown_points
from tracker.reform_index.sets import get_set
from tracker.reform_index.survey import read_survey

bp = Blueprint("index_survey", __name__, url_prefix="/index")


def _page(criteria_set, form, result=None, token=None, filename=""):
    status = 422 if form.errors or (result is not None and result.problems) else 200
    return render_template(
        "reform_index/survey.html",
        set=criteria_set,
        kind_label=INDEX_KIND_LABELS[criteria_set.kind],
        form=form,
        confirm=SurveyConfirmForm(formdata=None),
        result=result,
        token=token,
        filename=filename,
        survey_max=shown_points(float(criteria_set.survey_max or 0)),
    ), status


@bp.route("/<year:year>/<string:kind>/survey", methods=["GET", "POST"])
@requires("manage_index")
def survey(year: int, kind: str):
    criteria_set = get_set(year, kind)
    form = SurveyUploadForm()
    if not form.validate_on_submit():
        return _page(criteria_set, form)
    token = keep_form_file(form)
    data, filename = read_kept(token)
    result = read_survey(current_user, data, filename, year, kind, dry_run=True)
    if result.unreadable is not None:
        discard_upload(token)
        cannot_read(form, filename, result.unreadable.text)
        return _page(criteria_set, form)
    if result.problems:
        discard_upload(token)
        token = None
    return _page(criteria_set, SurveyUploadForm(formdata=None), result, token, filename)


@bp.route("/<year:year>/<string:kind>/survey/<token>", methods=["POST"])
@requires("manage_index")
def confirm_survey(year: int, kind: str, token: str):
    criteria_set = get_set(year, kind)
    form = SurveyConfirmForm()
    kept = read_kept(token) if form.validate_on_submit() else None
    if kept is None:
        return upload_gone("index_survey.survey", year=year, kind=kind)
    data, filename = kept
    result = read_survey(current_user, data, filename, year, kind)
    if result.unreadable is not None or result.problems:
        return _page(criteria_set, SurveyUploadForm(formdata=None), result, token, filename)
    discard_upload(token)
    if result.written:
        changed = sum(1 for line in result.lines if line.changed)
        flash(_("Imported: the survey points of %(n)s units.", n=changed), "info")
    else:
        flash(_("Nothing to change: the survey points are as the file says already."), "info")
    return redirect(url_for("index_results.results", year=year, kind=kind))
