"""What the upload → preview → confirm pages of every import share: the uploaded file kept for
its uploader between the preview and the confirmation, the reason a file cannot be read shown by
the file field, and the way back to the upload when the kept file is gone."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tracker.imports.kept_files import keep_upload, read_kept_upload


def keep_form_file(form) -> str:
    """Keep the form's uploaded file for the current user; its token."""
    upload = form.file.data
    return keep_upload(upload.stream, upload.filename or "", current_user.id)


def read_kept(token: str) -> tuple[bytes, str] | None:
    """The kept file's bytes and name, if it is still there and the current user's."""
    return read_kept_upload(token, current_user.id)


def cannot_read(form, filename: str, reason) -> None:
    """Why the file cannot be read, by the form's file field."""
    form.file.errors = [_("%(name)s cannot be read: %(error)s", name=filename, error=reason)]


def upload_gone(endpoint: str, **values):
    """Back to the upload page (`endpoint`): the kept file is gone, or not the user's."""
    flash(_("The uploaded file is no longer available; upload it again."), "error")
    return redirect(url_for(endpoint, **values))
