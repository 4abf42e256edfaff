"""/admin/users/import: a file of people uploaded, previewed (who is new, who changes, who stays;
every problem by row and column), then confirmed; all or nothing. The file is kept between the
preview and the confirmation for its uploader only (imports.kept_files)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tracker.core.errors import on_failure, render_error
from tracker.core.permissions import requires
from tracker.imports.kept_files import discard_upload, kept_upload
from tracker.imports.upload_pages import cannot_read, keep_form_file, upload_gone
from tracker.people.onboarding import ImportUnreadable, OnboardingResult, import_people
from tracker.people.onboarding_forms import ConfirmPeopleForm, PeopleFileForm
from tracker.people.onboarding_template import XLSX, template_workbook

bp = Blueprint("onboarding", __name__, url_prefix="/admin/users")


@bp.route("/import", methods=["GET", "POST"])
@requires("manage_people")
def upload():
    form = PeopleFileForm()
    if form.validate_on_submit():
        token = keep_form_file(form)
        return _preview(token)
    return render_template("people/import.html", form=form), (422 if form.errors else 200)


@bp.route("/import/template.xlsx")
@requires("manage_people")
def template():
    return send_file(
        template_workbook(current_user),
        as_attachment=True,
        download_name="danh-sach-nguoi-dung.xlsx",
        mimetype=XLSX,
    )


def _unreadable_page(token: str, filename: str):
    """What a refusal of the file shows: the upload form with the reason by the file field."""

    def render(error):
        if not isinstance(error, ImportUnreadable):
            return render_error(error.status)
        discard_upload(token)
        form = PeopleFileForm(formdata=None)
        cannot_read(form, filename, error.message)
        return render_template("people/import.html", form=form)

    return render


def _preview(token: str, result: OnboardingResult | None = None):
    kept = kept_upload(token, current_user.id)
    if kept is None:
        return upload_gone("onboarding.upload")
    path, filename = kept
    if result is None:
        on_failure(_unreadable_page(token, filename))
        result = import_people(current_user, path, filename, dry_run=True)
    return render_template(
        "people/import_preview.html",
        result=result,
        filename=filename,
        token=token,
        confirm=ConfirmPeopleForm(formdata=None),
        form=PeopleFileForm(formdata=None),
    ), (422 if result.problems else 200)


@bp.route("/import/<token>", methods=["POST"])
@requires("manage_people")
def confirm(token: str):
    form = ConfirmPeopleForm()
    kept = kept_upload(token, current_user.id)
    if kept is None or not form.validate_on_submit():
        return upload_gone("onboarding.upload")
    path, filename = kept
    on_failure(_unreadable_page(token, filename))
    result = import_people(current_user, path, filename)
    if result.problems:  # the accounts changed since the preview
        return _preview(token, result)
    discard_upload(token)
    if result.written:
        flash(
            _(
                "%(created)d people created and invited, %(updated)d updated, "
                "%(unchanged)d unchanged.",
                created=result.count("create"),
                updated=result.count("update"),
                unchanged=result.count("unchanged"),
            ),
            "info",
        )
    else:
        flash(_("The accounts already hold everything in this file; nothing changed."), "info")
    return redirect(url_for("people.users"))
