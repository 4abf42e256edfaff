"""The indicator sets' pages: the list, one set (its indicators and checks in words), the
office's import (upload → preview, a dry run → confirm, which imports the same kept file with
the same options, all or nothing) and the template workbook."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tracker.core.permissions import requires
from tracker.imports.kept_files import discard_upload
from tracker.imports.upload_pages import cannot_read, keep_form_file, read_kept, upload_gone
from tracker.indicators.sets import get_set, latest_set, read_set, sets
from tracker.indicators.sets_forms import ConfirmSetForm, ImportSetForm
from tracker.indicators.sets_template import template_workbook
from tracker.indicators.sets_words import combine_label, expression_in_words, target_text

bp = Blueprint("indicator_sets", __name__, url_prefix="/indicators")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("")
@requires("view")
def index():
    return render_template("indicators/sets.html", sets=sets())


@bp.route("/<code>")
@requires("view")
def latest(code: str):
    found = latest_set(code) or abort(404)
    return redirect(url_for("indicator_sets.detail", code=found.code, year=found.year))


@bp.route("/<code>/<int:year>")
@requires("view")
def detail(code: str, year: int):
    found = get_set(code, year) or abort(404)
    return render_template("indicators/sets_detail.html", set=found, **_words(found))


def _words(found) -> dict:
    names = {i.code: i.name for i in found.indicators}
    return {
        "other_years": [s.year for s in sets() if s.code == found.code and s.year != found.year],
        "combined": {i.code: combine_label(i) for i in found.indicators},
        "targets": {i.code: target_text(i) for i in found.indicators},
        "checks_in_words": {c.code: expression_in_words(c.expression, names) for c in found.checks},
    }


@bp.route("/template.xlsx")
@requires("view")
def template():
    return send_file(
        template_workbook(),
        as_attachment=True,
        download_name="bo-chi-tieu-mau.xlsx",
        mimetype=XLSX,
    )


@bp.route("/import", methods=["GET", "POST"])
@requires("manage_plans")
def upload():
    form = ImportSetForm()
    if form.validate_on_submit():
        token = keep_form_file(form)
        return _preview(token, form.options())
    return render_template("indicators/sets_upload.html", form=form), (422 if form.errors else 200)


def _preview(token: str, options: dict):
    kept = read_kept(token)
    if kept is None:
        return upload_gone("indicator_sets.upload")
    data, filename = kept
    result = read_set(current_user, data, filename, dry_run=True, **options)
    if result.unreadable is not None:
        discard_upload(token)
        form = ImportSetForm(formdata=None, data=_as_form(options))
        cannot_read(form, filename, result.unreadable.text)
        return render_template("indicators/sets_upload.html", form=form), 422
    return _page(result, filename, token, options)


def _as_form(options: dict) -> dict:
    """The service's options as the forms' fields."""
    fields = {"set_code" if k == "code" else k: v for k, v in options.items()}
    return {k: "" if v is None else str(v) for k, v in fields.items()}


def _page(result, filename: str, token: str | None, options: dict):
    extra = _words(result.set) if result.set is not None and not result.problems else {}
    return render_template(
        "indicators/sets_preview.html",
        result=result,
        set=result.set,
        filename=filename,
        token=token,
        confirm=ConfirmSetForm(formdata=None, data=_as_form(options)),
        form=ImportSetForm(formdata=None, data=_as_form(options)),
        **extra,
    ), (422 if result.problems else 200)


@bp.route("/import/<token>", methods=["POST"])
@requires("manage_plans")
def confirm(token: str):
    form = ConfirmSetForm()
    kept = read_kept(token) if form.validate_on_submit() else None
    if kept is None:
        return upload_gone("indicator_sets.upload")
    data, filename = kept
    options = form.options()
    result = read_set(current_user, data, filename, **options)
    if result.unreadable is not None:
        discard_upload(token)
        return upload_gone("indicator_sets.upload")
    if result.problems:
        return _page(result, filename, token, options)
    discard_upload(token)
    found = result.set
    if result.written:
        message = _(
            "Imported: the indicator set %(code)s of %(year)s.",
            code=found.code,
            year=str(found.year),
        )
        flash(message, "info")
    else:
        flash(_("Nothing to change: the set is as the workbook says already."), "info")
    return redirect(url_for("indicator_sets.detail", code=found.code, year=found.year))
