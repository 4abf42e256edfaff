"""Form pieces shared by the domains: the base form, day-first dates, and service errors shown
on fields."""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import ValidationError
from wtforms.widgets import TextArea

from tracker.core.exceptions import ValidationFailed
from tracker.core.text import control_character
from tracker.core.timeutil import MAX_DATE, MIN_DATE, DateOutOfRange, parse_date


def _control_character_in(field) -> str | None:
    """The first control character posted in the field (or in an uploaded file's name)."""
    multiline = isinstance(field.widget, TextArea)  # only a text area keeps tab and line breaks
    for value in field.raw_data or ():
        text = getattr(value, "filename", value)
        if isinstance(text, str) and (code := control_character(text, multiline)):
            return code
    return None


# WTForms' own messages, named here so that extraction puts them in our catalogue (WTForms
# has no Vietnamese of its own); FormTranslations reads them from there.
WTFORMS_MESSAGES = (
    _l("This field is required."),
    _l("Invalid email address."),
    _l("Not a valid choice."),
    _l("Not a valid integer value."),
    _l("Not a valid decimal value."),
    _l("Not a valid float value."),
    _l("Number must be at least %(min)s."),
    _l("Number must be at most %(max)s."),
    _l("Number must be between %(min)s and %(max)s."),
    _l("Field must be at least %(min)d character long."),
    _l("Field must be at least %(min)d characters long."),
    _l("Field cannot be longer than %(max)d character."),
    _l("Field cannot be longer than %(max)d characters."),
    _l("Field must be between %(min)d and %(max)d characters long."),
    _l("Field must be equal to %(other_name)s."),
    _l("Invalid input."),
    _l("Invalid Choice: could not coerce."),
    _l("Choices cannot be None."),
    _l("'%(value)s' is not a valid choice for this field."),
    _l("'%(value)s' are not valid choices for this field."),
    _l("Invalid CSRF Token."),
    _l("The CSRF token is missing."),
    _l("The CSRF token has expired."),
    _l("The CSRF tokens do not match."),
    _l("File does not have an approved extension: %(extensions)s"),
    _l("This field cannot be empty."),
)


class FormTranslations:
    """WTForms' messages from our catalogue, in the reader's language (Vietnamese has one
    form for every number)."""

    def gettext(self, string: str) -> str:
        return _(string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _(singular if n == 1 else plural)


class TrackerForm(FlaskForm):
    """The base of every form: whatever its fields, none may hold a control character (a NUL
    would fail the database; the others nobody types), refused on the field like any mistake."""

    class Meta:
        def get_translations(self, form):
            return FormTranslations()

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if code := _control_character_in(field):
                # The one message that field needs: its other checks ran on unusable text.
                # A str, as wtforms' own messages are (views join them).
                field.errors = [
                    _("Remove the control character %(code)s from this field.", code=code)
                ]
                valid = False
        return valid


class DayFirstDateField(StringField):
    """A date typed as dd/mm/yyyy (yyyy-mm-dd also accepted); .date holds the parsed value."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})
        super().__init__(label, validators, **kwargs)
        self.date = None

    def pre_validate(self, form):
        self.date = None
        if isinstance(self.data, date):
            self.date = self.data  # not posted: the row's own date, given as the form's object
            return
        raw = (self.data or "").strip()
        if not raw:
            return
        try:
            self.date = parse_date(raw)
        except DateOutOfRange:
            raise ValidationError(
                _l(
                    "Write a date from %(first)s to %(last)s.",
                    first=MIN_DATE.strftime("%d/%m/%Y"),
                    last=MAX_DATE.strftime("%d/%m/%Y"),
                )
            ) from None
        except ValueError:
            raise ValidationError(_l("Not a date: write it as dd/mm/yyyy.")) from None


def show_service_errors(form, error: ValidationFailed, aliases: dict[str, str] | None = None):
    """Put a service's field errors on the form's fields; returns what fits no field."""
    aliases = aliases or {}
    unplaced = []
    for name, problem in error.fields.items():
        message = str(problem)  # in the reader's language, now
        field = getattr(form, aliases.get(name, name.replace(".", "_")), None)
        if field is not None and hasattr(field, "errors"):
            field.errors = [*field.errors, message] if isinstance(field.errors, list) else [message]
        else:
            unplaced.append(message)
    return unplaced


def form_again(form, template: str, **context):
    """The failure page of a form post (see core.errors.on_failure): the same form, with what
    was typed and the service's messages on their fields."""

    def render(error):
        if isinstance(error, ValidationFailed):
            for message in show_service_errors(form, error):
                flash(message, "error")
        else:
            flash(_l("Someone else changed this in the meantime. Reload and try again."), "error")
        return render_template(template, form=form, **context)

    return render


def flash_and_redirect(target: str):
    """The failure page of a one-button post: the refusal as a message, back where it came from."""

    def answer(error):
        messages = list(error.fields.values()) if error.fields else [error.message]
        for message in messages:
            flash(str(message), "error")
        return redirect(target)

    return answer
