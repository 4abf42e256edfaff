from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from tracker.core.forms import DayFirstDateField, TrackerForm
from tracker.core.recurrence import DUE_RULE_LABELS, RECURRENCE_LABELS


class PlanForm(TrackerForm):
    code = StringField(_l("Code (decision number)"), validators=[DataRequired(), Length(max=60)])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=500)])
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(2000, 2100)])
    quarter = SelectField(
        _l("Quarter"),
        choices=[("", "—"), ("1", "I"), ("2", "II"), ("3", "III"), ("4", "IV")],
        default="",
    )
    issued_on = DayFirstDateField(_l("Issued on"))
    issuing_body = StringField(
        _l("Issued by"), default="UBND tỉnh Quảng Trị", validators=[Length(max=200)]
    )
    description = TextAreaField(_l("Description"), validators=[Length(max=5000)])


class SectionForm(TrackerForm):
    number = StringField(_l("Number"), validators=[DataRequired(), Length(max=20)])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=500)])
    area = SelectField(_l("Reform area"), default="")


class TaskForm(TrackerForm):
    number = StringField(_l("Number"), validators=[DataRequired(), Length(max=20)])
    title = TextAreaField(_l("Task"), validators=[DataRequired(), Length(max=5000)])
    section_id = SelectField(_l("Section"), default="")
    lead_units = SelectMultipleField(_l("Lead unit"), validators=[DataRequired()])
    cooperating_units = SelectMultipleField(_l("Cooperating"), validators=[Optional()])
    due_date = DayFirstDateField(_l("Due date"))
    recurrence = SelectField(
        _l("Recurrence"),
        default="",
        choices=[("", _l("None (a due date)")), *RECURRENCE_LABELS.items()],
    )
    # A recurring task's due rule: empty, the plan's default (plans.schedules.Schedule).
    due_rule = SelectField(
        _l("Due rule of each period"),
        default="",
        choices=[("", _l("The plan's default rule")), *DUE_RULE_LABELS.items()],
    )
    due_day = IntegerField(_l("Day N (empty: the plan's)"), validators=[Optional()])
    due_in_working_days = BooleanField(
        _l("In working days (a day off moves it to the next working day)")
    )
    yearly_self_report = BooleanField(_l("Continuous: ask a yearly self-report"))
    deadline_text = StringField(_l("Deadline as written in the plan"), validators=[Length(max=200)])
    expected_output = StringField(_l("Output"), validators=[Length(max=2000)])
    description = TextAreaField(_l("Description"), validators=[Length(max=5000)])
    needs_confirmation = BooleanField(
        _l("Completion needs the office's confirmation"), default=True
    )


class EditTaskForm(TaskForm):
    schedule_reason = TextAreaField(
        _l("Why the recurrence or due rule changes (in the checkpoints' journal)"),
        validators=[Length(max=2000)],
    )


class PlanRuleForm(TrackerForm):
    """The plan's default due rule: what a plain "Hằng quý" takes."""

    due_rule = SelectField(_l("Due rule"), choices=list(DUE_RULE_LABELS.items()))
    due_day = IntegerField(_l("Day N"), validators=[InputRequired()])
    due_in_working_days = BooleanField(
        _l("In working days (a day off moves it to the next working day)")
    )
    reason = TextAreaField(_l("Reason (optional)"), validators=[Length(max=2000)])


class NewTaskForm(TaskForm):
    # Today when empty; an earlier day (a plan decided before it was typed in) needs a reason.
    assigned_on = DayFirstDateField(_l("Assigned on (empty: today)"))
    assigned_on_reason = TextAreaField(
        _l("Why it counts as assigned on an earlier day"), validators=[Length(max=2000)]
    )


def plan_rule_form(plan, formdata=None) -> PlanRuleForm:
    """The form of the plan's default rule: the plan's values, or those posted."""
    form = PlanRuleForm(formdata=formdata)
    if formdata is None:
        form.due_rule.data = plan.default_due_rule
        form.due_day.data = plan.default_due_day
        form.due_in_working_days.data = plan.default_due_in_working_days
    return form
