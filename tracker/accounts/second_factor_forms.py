"""Forms of the second factor: a code at sign-in or enrolment, and confirming who you are
before the second factor changes."""

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length, Optional

from tracker.core.forms import TrackerForm


class CodeForm(TrackerForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=64)])


class ConfirmIdentityForm(TrackerForm):
    """The current password, or a code from the app (or a recovery code): either will do."""

    password = PasswordField(_l("Current password"), validators=[Optional(), Length(max=500)])
    code = StringField(
        _l("Or a code from the app, or a recovery code"), validators=[Optional(), Length(max=64)]
    )
