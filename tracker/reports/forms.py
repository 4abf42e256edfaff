from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from tracker.core.forms import TrackerForm
from tracker.reports.models import NUMBER_LENGTH


class IssueReportForm(TrackerForm):
    """ "Ban hành": the office sends the quarterly report under a number and it is archived."""

    # Choices are set by the view: the plans.
    plan = SelectField(_l("Plan"), choices=[], validators=[DataRequired()])
    quarter = StringField(
        _l("Quarter"),
        validators=[DataRequired(), Length(max=20)],
        render_kw={"placeholder": "2021-Q3"},
    )
    number = StringField(
        _l("Report number (Số …/BC-UBND)"),
        validators=[DataRequired(), Length(max=NUMBER_LENGTH + len("/BC-UBND"))],
        render_kw={"placeholder": "245"},
    )
