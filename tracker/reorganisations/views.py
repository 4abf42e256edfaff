"""The office's reorganisation page: upload a table → preview what it does (a dry run) →
confirm, which applies the same kept file, all or nothing."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tracker.core.permissions import requires
from tracker.imports.kept_files import discard_upload
from tracker.imports.upload_pages import cannot_read, keep_form_file, read_kept, upload_gone
from tracker.reorganisations.forms import ConfirmReorganiseForm, ReorganiseForm
from tracker.reorganisations.services import reorganise

bp = Blueprint("reorganisations", __name__)


@bp.route("/units/reorganise", methods=["GET", "POST"])
@requires("manage_units")
def upload():
    form = ReorganiseForm()
    if form.validate_on_submit():
        token = keep_form_file(form)
        return _preview(token)
    return render_template("reorganisations/upload.html", form=form), (422 if form.errors else 200)


def _preview(token: str):
    kept = read_kept(token)
    if kept is None:
        return upload_gone("reorganisations.upload")
    data, filename = kept
    result = reorganise(data, filename, current_user, dry_run=True)
    if result.unreadable is not None:
        discard_upload(token)
        form = ReorganiseForm(formdata=None)
        cannot_read(form, filename, result.unreadable.text)
        return render_template("reorganisations/upload.html", form=form), 422
    return _page(result, filename, token)


def _page(result, filename: str, token: str | None):
    return render_template(
        "reorganisations/preview.html",
        result=result,
        filename=filename,
        token=token,
        confirm=ConfirmReorganiseForm(formdata=None),
        form=ReorganiseForm(formdata=None),
    ), (422 if result.problems else 200)


@bp.route("/units/reorganise/<token>", methods=["POST"])
@requires("manage_units")
def confirm(token: str):
    form = ConfirmReorganiseForm()
    kept = read_kept(token) if form.validate_on_submit() else None
    if kept is None:
        return upload_gone("reorganisations.upload")
    data, filename = kept
    result = reorganise(data, filename, current_user)
    if result.unreadable is not None:
        discard_upload(token)
        return upload_gone("reorganisations.upload")
    if result.problems:
        return _page(result, filename, token)
    discard_upload(token)
    if result.nothing_to_change:
        flash(_("Nothing to change: every change of the table is made already."), "info")
        return redirect(url_for("reorganisations.upload"))
    flash(_("Reorganised: the changes of %(name)s are made.", name=filename), "info")
    return _page(result, filename, None)
