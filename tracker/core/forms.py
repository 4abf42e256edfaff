"""Form pieces shared by the domains: day-first dates, and service errors shown on fields."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import ValidationError

from tracker.core.exceptions import ValidationFailed
from tracker.core.timeutil import parse_date


class DayFirstDateField(StringField):
    """A date typed as dd/mm/yyyy (yyyy-mm-dd also accepted); .date holds the parsed value."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("render_kw", {"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})
        super().__init__(label, validators, **kwargs)
        self.date = None

    def pre_validate(self, form):
        self.date = None
        raw = (self.data or "").strip()
        if not raw:
            return
        try:
            self.date = parse_date(raw)
        except ValueError:
            raise ValidationError(_l("Not a date: write it as dd/mm/yyyy.")) from None


def show_service_errors(form, error: ValidationFailed, aliases: dict[str, str] | None = None):
    """Put a service's field errors on the form's fields; returns what fits no field."""
    aliases = aliases or {}
    unplaced = []
    for name, message in error.fields.items():
        field = getattr(form, aliases.get(name, name.replace(".", "_")), None)
        if field is not None and hasattr(field, "errors"):
            field.errors = [*field.errors, message] if isinstance(field.errors, list) else [message]
        else:
            unplaced.append(f"{name}: {message}")
    return unplaced
