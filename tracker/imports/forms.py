from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, IntegerField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from tracker.core.forms import TrackerForm


class ImportForm(TrackerForm):
    file = FileField(
        _l("Plan file (.xlsx or .csv UTF-8)"),
        validators=[FileRequired(_l("Choose the plan file."))],
    )
    plan_code = StringField(
        _l("Code (decision number)"), validators=[DataRequired(), Length(max=60)]
    )
    title = StringField(_l("Title of a new plan"), validators=[Optional(), Length(max=500)])
    year = IntegerField(_l("Year"), validators=[Optional(), NumberRange(2000, 2100)])


class ConfirmImportForm(TrackerForm):
    plan_code = HiddenField(validators=[DataRequired(), Length(max=60)])
    title = HiddenField(validators=[Length(max=500)])
    year = HiddenField()
