"""The index's first pages: /index (the years and kinds; a unit's own assessments), a set's
overview for the office and the appraisers (each unit's state and totals; the office's
settings), a set's criteria, and the office's import (upload → preview, a dry run → confirm,
which imports the same kept file with the same options, all or nothing) with its template."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tracker.core.errors import on_failure
from tracker.core.forms import form_again
from tracker.core.permissions import requires
from tracker.imports.kept_files import discard_upload
from tracker.imports.upload_pages import cannot_read, keep_form_file, read_kept, upload_gone
from tracker.reform_index.criteria_forms import (
    ConfirmCriteriaForm,
    ImportCriteriaForm,
    SettingsForm,
    confirm_data,
    points_or_none,
)
from tracker.reform_index.criteria_import import read_criteria
from tracker.reform_index.criteria_results import maximum_of, planned_of
from tracker.reform_index.criteria_template import template_workbook
from tracker.reform_index.overview import all_sets, overview, own_assessments
from tracker.reform_index.scoring import shown_points
from tracker.reform_index.sets import get_set, is_locked
from tracker.reform_index.settings import Settings, bands_text, update_settings

bp = Blueprint("index_criteria", __name__, url_prefix="/index")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SET = "/<year:year>/<string:kind>"


@bp.route("")
@requires("view")
def home():
    return render_template(
        "reform_index/home.html", sets=all_sets(), own=own_assessments(current_user)
    )


@bp.route(SET)
@requires("appraise_index")
def set_overview(year: int, kind: str):
    criteria_set = get_set(year, kind)
    form = SettingsForm(formdata=None, data=_settings_data(criteria_set))
    return _overview_page(criteria_set, form)


def _overview_page(criteria_set, form, status: int = 200):
    return render_template(
        "reform_index/overview.html", view=overview(criteria_set), form=form
    ), status


def _settings_data(criteria_set) -> dict:
    return {
        "name": criteria_set.name,
        "decision": criteria_set.decision,
        "self_deadline": criteria_set.self_deadline,
        "answer_days": str(criteria_set.answer_days),
        "survey_max": shown_points(float(criteria_set.survey_max or 0)),
        "bands": bands_text(criteria_set.bands),
        "version": str(criteria_set.version),
    }


@bp.post(f"{SET}/settings")
@requires("manage_index")
def settings(year: int, kind: str):
    criteria_set = get_set(year, kind)
    form = SettingsForm()
    if not form.validate_on_submit():
        return _overview_page(criteria_set, form, 422)
    on_failure(form_again(form, "reform_index/overview.html", view=overview(criteria_set)))
    version = form.version.data or ""
    update_settings(
        current_user,
        criteria_set,
        Settings(
            name=form.name.data,
            decision=form.decision.data or "",
            self_deadline=form.self_deadline.date,
            answer_days=int(form.answer_days.data.strip()),
            survey_max=points_or_none(form.survey_max.data) or 0.0,
            bands=form.bands.data,
        ),
        int(version) if version.isascii() and version.isdigit() else None,
    )
    flash(_("The settings are saved."), "info")
    return redirect(url_for("index_criteria.set_overview", year=year, kind=kind))


@bp.route(f"{SET}/criteria")
@requires("view")
def criteria(year: int, kind: str):
    criteria_set = get_set(year, kind)
    planned = planned_of(criteria_set)
    return render_template(
        "reform_index/criteria.html",
        set=criteria_set,
        criteria=planned,
        max_points=maximum_of(planned),
        locked=is_locked(criteria_set),
    )


@bp.route("/criteria/template.xlsx")
@requires("view")
def template():
    return send_file(
        template_workbook(),
        as_attachment=True,
        download_name="bo-tieu-chi-chi-so-cchc-mau.xlsx",
        mimetype=XLSX,
    )


@bp.route("/criteria/import", methods=["GET", "POST"])
@requires("manage_index")
def upload():
    form = ImportCriteriaForm()
    if form.validate_on_submit():
        token = keep_form_file(form)
        return _preview(token, form.options())
    status = 422 if form.errors else 200
    return render_template("reform_index/criteria_upload.html", form=form), status


def _preview(token: str, options: dict):
    kept = read_kept(token)
    if kept is None:
        return upload_gone("index_criteria.upload")
    data, filename = kept
    result = read_criteria(current_user, data, filename, dry_run=True, **options)
    if result.unreadable is not None:
        discard_upload(token)
        form = ImportCriteriaForm(formdata=None, data=_form_data(options))
        cannot_read(form, filename, result.unreadable.text)
        return render_template("reform_index/criteria_upload.html", form=form), 422
    return _page(result, filename, token, options)


def _form_data(options: dict) -> dict:
    data = confirm_data(options)
    data["demo"] = bool(options["demo"])
    return data


def _page(result, filename: str, token: str | None, options: dict):
    return render_template(
        "reform_index/criteria_preview.html",
        result=result,
        filename=filename,
        token=token,
        confirm=ConfirmCriteriaForm(formdata=None, data=confirm_data(options)),
        form=ImportCriteriaForm(formdata=None, data=_form_data(options)),
    ), (422 if result.problems else 200)


@bp.post("/criteria/import/<token>")
@requires("manage_index")
def confirm(token: str):
    form = ConfirmCriteriaForm()
    kept = read_kept(token) if form.validate_on_submit() else None
    if kept is None:
        return upload_gone("index_criteria.upload")
    data, filename = kept
    options = form.options()
    result = read_criteria(current_user, data, filename, **options)
    if result.unreadable is not None:
        discard_upload(token)
        return upload_gone("index_criteria.upload")
    if result.problems:
        return _page(result, filename, token, options)
    discard_upload(token)
    if result.written:
        flash(
            _(
                "Imported: the criteria of %(year)s, %(n)s sub-criteria.",
                year=str(result.year),
                n=sum(1 for c in result.criteria if c.leaf),
            ),
            "info",
        )
    else:
        flash(_("Nothing to change: the set is as the table says already."), "info")
    return redirect(url_for("index_criteria.criteria", year=result.year, kind=result.kind))
