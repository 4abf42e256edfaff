from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, StopValidation, ValidationError

from tracker.core.forms import DayFirstDateField, TrackerForm
from tracker.reminders.policy import (
    ESCALATE_AFTER_RANGE,
    NOTE_MAX,
    OVERDUE_EVERY_RANGE,
    OffsetsError,
    parse_offsets,
)


def valid_offsets(form, field):
    try:
        field.offsets = parse_offsets(field.data or "")
    except OffsetsError as error:
        raise ValidationError(str(error.problem)) from None


class DaysField(IntegerField):
    """A whole number of days, with its own message when it is not one."""

    def process_formdata(self, valuelist):
        self.data = None
        raw = (valuelist[0] if valuelist else "").strip()
        if raw:
            try:
                self.data = int(raw)
            except ValueError:
                raise ValueError(_l("Write a whole number.")) from None

    def pre_validate(self, form):
        if self.process_errors:
            raise StopValidation()  # one message is enough


def days_range(bounds: tuple[int, int]) -> NumberRange:
    low, high = bounds
    return NumberRange(
        low, high, message=_l("A whole number from %(low)d to %(high)d.", low=low, high=high)
    )


class PolicyForm(TrackerForm):
    offsets_before = StringField(
        _l("Remind this many days before the due date"),
        validators=[valid_offsets],
        description=_l("Separated by commas; 0 is the due date itself."),
    )
    overdue_every_days = DaysField(
        _l("When overdue, remind again every (days)"),
        validators=[InputRequired(_l("Required.")), days_range(OVERDUE_EVERY_RANGE)],
    )
    escalate_after_days = DaysField(
        _l("Escalate to the provincial office after (days late)"),
        validators=[InputRequired(_l("Required.")), days_range(ESCALATE_AFTER_RANGE)],
    )
    use_working_days = BooleanField(
        _l("Count working days (skip weekends, public holidays and the days off below)")
    )
    notify_members = BooleanField(
        _l("Also remind the unit's staff (chuyên viên), not only its lead")
    )
    notify_office_on_escalation = BooleanField(
        _l("Notify the provincial office when a task is escalated")
    )
    send_invites = BooleanField(_l("Send calendar invitations for due dates"))


CALENDAR_KIND_LABELS = {
    "day_off": _l("Day off"),
    "working_day": _l("Working day (swapped)"),
}


class CalendarDayForm(TrackerForm):
    day = DayFirstDateField(_l("Day"), validators=[InputRequired(_l("Required."))])
    kind = SelectField(
        _l("Kind of day"), choices=list(CALENDAR_KIND_LABELS.items()), default="day_off"
    )
    note = StringField(
        _l("Note"),
        validators=[Length(max=NOTE_MAX)],
        render_kw={"placeholder": _l("e.g. Notice No. … of the Ministry of Home Affairs")},
    )


class RemoveForm(TrackerForm):
    """Only the CSRF token: the row is in the URL."""
