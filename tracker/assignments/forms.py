from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from tracker.core.forms import DayFirstDateField, TrackerForm

# What a unit may report (awaiting confirmation is what "done" becomes when someone must agree).
REPORTABLE_CHOICES = [
    ("not_started", _l("Not started")),
    ("in_progress", _l("In progress")),
    ("paused", _l("Paused")),
    ("done", _l("Report done")),
]


class VersionedForm(TrackerForm):
    version = HiddenField(validators=[InputRequired()])

    def version_number(self) -> int | None:
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return None


class UpdateForm(VersionedForm):
    state = SelectField(_l("Status"), choices=REPORTABLE_CHOICES)
    progress = IntegerField(_l("Progress (%)"), validators=[Optional(), NumberRange(0, 100)])
    note = TextAreaField(_l("Note"), validators=[Length(max=5000)])
    document_number = StringField(_l("Document number"), validators=[Length(max=100)])
    document_date = DayFirstDateField(_l("Document date"))
    url = StringField(_l("Link"), validators=[Length(max=1000)])
    file = FileField(_l("File (pdf, doc(x), xls(x), odt, ods, jpg, png; up to 20 MB)"))

    # A service's refusals by the form's field names.
    SERVICE_FIELDS = {
        "evidence.document_number": "document_number",
        "evidence.document_date": "document_date",
        "evidence.url": "url",
        "evidence.file": "file",
    }
    FIELDSETS = ("evidence",)  # refusals about the evidence as a whole, shown on its fieldset

    def chosen_file_name(self) -> str | None:
        """The name of the file that was posted, which a browser cannot be given back."""
        upload = self.file.data
        return upload.filename if upload is not None and upload.filename else None


class ConfirmForm(VersionedForm):
    note = TextAreaField(_l("Note (required to send back)"), validators=[Length(max=5000)])
    decision = SelectField(choices=[("accept", "accept"), ("send_back", "send_back")])


class ExtensionForm(TrackerForm):
    due_date = DayFirstDateField(_l("New due date"), validators=[DataRequired()])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])


class DecisionForm(TrackerForm):
    decision = SelectField(choices=[("approve", "approve"), ("reject", "reject")])
    note = TextAreaField(_l("Note (required to reject)"), validators=[Length(max=2000)])


class DueDateForm(VersionedForm):
    due_date = DayFirstDateField(_l("New due date"), validators=[DataRequired()])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])


class CancelForm(TrackerForm):
    version = HiddenField()
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])
    # The confirmation step, without JavaScript too: nothing is cancelled unless it is ticked.
    confirm = BooleanField(
        _l("I confirm: cancel this assignment. It cannot be undone."),
        validators=[DataRequired(message=_l("Tick this box to confirm the cancellation."))],
    )

    def version_number(self) -> int | None:
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return None
