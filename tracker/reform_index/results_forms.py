"""The office's forms of the results: publishing a finalised year, and the survey's upload and
confirmation (the kept file under a token, as every import's preview → confirm)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField
from wtforms.validators import InputRequired

from tracker.core.forms import TrackerForm


class PublishForm(TrackerForm):
    # The set's version the office saw: publishing what it has not seen is refused.
    version = HiddenField(validators=[InputRequired()])

    def seen_version(self) -> int:
        """The version posted; 0 (never a row's) when it is not a number."""
        raw = (self.version.data or "").strip()
        return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else 0


class SurveyUploadForm(TrackerForm):
    file = FileField(
        _l("Survey table (.xlsx, or .csv UTF-8)"),
        validators=[FileRequired(_l("Choose the table of the survey's points."))],
    )


class SurveyConfirmForm(TrackerForm):
    """Confirms the previewed upload kept under a token; the service reads it again."""

    confirm = HiddenField(default="1")
