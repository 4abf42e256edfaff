"""The office's import page (upload → preview → confirm) and a plan's .xlsx export."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tracker.core.errors import on_failure, render_error
from tracker.core.permissions import requires
from tracker.core.replicas import replica_reads
from tracker.core.text import fold
from tracker.imports.forms import ConfirmImportForm, ImportForm
from tracker.imports.kept_files import discard_upload, kept_upload
from tracker.imports.plan_workbook import plan_workbook
from tracker.imports.services import ImportUnreadable, import_plan, load_plan
from tracker.imports.upload_pages import cannot_read, keep_form_file, upload_gone
from tracker.plans import queries
from tracker.plans.views import as_of_from_request

bp = Blueprint("imports", __name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/plans/import", methods=["GET", "POST"])
@requires("manage_plans")
def upload():
    form = ImportForm()
    if form.validate_on_submit():
        token = keep_form_file(form)
        return _preview(token, form.plan_code.data, form.title.data, form.year.data)
    return render_template("imports/upload.html", form=form), (422 if form.errors else 200)


def _preview(token: str, code: str, title: str | None, year: int | None, result=None):
    kept = kept_upload(token, current_user.id)
    if kept is None:
        return upload_gone("imports.upload")
    path, filename = kept
    again = ImportForm(formdata=None, plan_code=code, title=title, year=year)
    if result is None:

        def unreadable(error):
            if not isinstance(error, ImportUnreadable):
                return render_error(error.status)
            discard_upload(token)
            cannot_read(again, filename, error.message)
            return render_template("imports/upload.html", form=again)

        on_failure(unreadable)
        result = import_plan(
            current_user, path, filename, code, title=title, year=year, dry_run=True
        )
    confirm = ConfirmImportForm(formdata=None, plan_code=code, title=title or "", year=year or "")
    return render_template(
        "imports/preview.html",
        result=result,
        filename=filename,
        token=token,
        confirm=confirm,
        form=again,
    ), (422 if result.errors else 200)


@bp.route("/plans/import/<token>", methods=["POST"])
@requires("manage_plans")
def confirm(token: str):
    form = ConfirmImportForm()
    kept = kept_upload(token, current_user.id)
    if kept is None or not form.validate_on_submit():
        return upload_gone("imports.upload")
    path, filename = kept
    year_text = form.year.data or ""
    year = int(year_text) if year_text.isascii() and year_text.isdigit() else None
    title = form.title.data or None

    def unreadable(error):
        if not isinstance(error, ImportUnreadable):
            return render_error(error.status)
        discard_upload(token)
        return upload_gone("imports.upload")

    on_failure(unreadable)
    result = import_plan(
        current_user, path, filename, form.plan_code.data, title=title, year=year, previewed=True
    )
    if result.errors:
        return _preview(token, form.plan_code.data, title, year, result)
    discard_upload(token)
    plan = load_plan(result.plan_code)
    flash(
        _(
            "Plan %(code)s imported: %(created)d tasks created, %(updated)d updated.",
            code=plan.code,
            created=len(result.of("task", "create")),
            updated=len(result.of("task", "update")),
        ),
        "info",
    )
    return redirect(url_for("plans.detail", plan_id=plan.id))


@bp.route("/plans/<id:plan_id>/export.xlsx")
@replica_reads
@requires("view")
def export_plan(plan_id: int):
    plan = queries.load_plan(plan_id) or abort(404)
    as_of, _bad = as_of_from_request()
    name = "-".join(fold(plan.code).split()) or str(plan.id)
    return send_file(
        plan_workbook(plan, as_of),
        as_attachment=True,
        download_name=f"ke-hoach-{name}-{as_of.isoformat()}.xlsx",
        mimetype=XLSX,
    )
