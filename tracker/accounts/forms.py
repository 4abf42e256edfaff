from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, Length

from tracker.core.forms import TrackerForm


class LoginForm(TrackerForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=500)])


class TokenForm(TrackerForm):
    name = StringField(_l("Token name"), validators=[DataRequired(), Length(max=100)])
