from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from tracker.accounts.emails import MAX_EMAIL_LENGTH, email_problem
from tracker.core.forms import TrackerForm

# Longer than any password the rules accept (accounts.password_rules.MAX_LENGTH), so that the
# rule, not the form, says what is wrong with a long one.
PASSWORD_FIELD_MAX = 500


def account_email(_form, field) -> None:
    """THE email rule (accounts.emails): an address the login form takes is one an account may
    have, and the other way round."""
    if problem := email_problem(field.data or ""):
        raise ValidationError(str(problem))


class LoginForm(TrackerForm):
    email = EmailField(
        _l("Email"), validators=[DataRequired(), Length(max=MAX_EMAIL_LENGTH), account_email]
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(max=PASSWORD_FIELD_MAX)]
    )


class TokenForm(TrackerForm):
    name = StringField(_l("Token name"), validators=[DataRequired(), Length(max=100)])


class NewPasswordForm(TrackerForm):
    """Choosing a password through an invitation or a reset link. The rules are the service's
    (accounts.password_rules): the form only carries what was typed."""

    password = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(max=PASSWORD_FIELD_MAX)]
    )
    confirm = PasswordField(
        _l("New password again"), validators=[DataRequired(), Length(max=PASSWORD_FIELD_MAX)]
    )


class ChangePasswordForm(NewPasswordForm):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(), Length(max=PASSWORD_FIELD_MAX)]
    )


class ResetRequestForm(TrackerForm):
    email = EmailField(
        _l("Email"), validators=[DataRequired(), Length(max=MAX_EMAIL_LENGTH), account_email]
    )
