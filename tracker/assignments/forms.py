from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from tracker.core.forms import DayFirstDateField, TrackerForm


class VersionedForm(TrackerForm):
    version = HiddenField(validators=[InputRequired()])

    def version_number(self) -> int | None:
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return None


class UpdateForm(VersionedForm):
    state = SelectField(
        _l("Status"),
        choices=[
            ("not_started", _l("Not started")),
            ("in_progress", _l("In progress")),
            ("paused", _l("Paused")),
            ("done", _l("Report done")),
        ],
    )
    progress = IntegerField(_l("Progress"), validators=[Optional(), NumberRange(0, 100)])
    note = TextAreaField(_l("Note"), validators=[Length(max=5000)])
    document_number = StringField(_l("Document number"), validators=[Length(max=100)])
    document_date = DayFirstDateField(_l("Document date"))
    url = StringField(_l("Link"), validators=[Length(max=1000)])
    file = FileField(_l("File (pdf, doc(x), xls(x), odt, ods, jpg, png; up to 20 MB)"))


class ConfirmForm(VersionedForm):
    note = TextAreaField(_l("Note"), validators=[Length(max=5000)])
    decision = SelectField(choices=[("accept", "accept"), ("send_back", "send_back")])


class ExtensionForm(TrackerForm):
    due_date = DayFirstDateField(_l("New due date"), validators=[DataRequired()])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])


class DecisionForm(TrackerForm):
    decision = SelectField(choices=[("approve", "approve"), ("reject", "reject")])
    note = TextAreaField(_l("Note"), validators=[Length(max=2000)])


class DueDateForm(VersionedForm):
    due_date = DayFirstDateField(_l("New due date"), validators=[DataRequired()])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])


class CancelForm(TrackerForm):
    version = HiddenField()
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])
