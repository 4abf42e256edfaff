"""The office's form to import an indicator set: the workbook, and what the command line's
options say (code, year, name, periodicity, the periodic-report task), each optional where the
workbook's title rows can say it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import or_, select
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import Length, Optional, Regexp

from tracker.core.forms import TrackerForm
from tracker.core.recurrence import PERIODIC_RECURRENCES, RECURRENCE_LABELS
from tracker.extensions import db
from tracker.indicators.sets_results import task_reference
from tracker.indicators.sets_table import SET_NAME_MAX
from tracker.indicators.sets_words import CODE_MAX
from tracker.plans.models import Plan, Task

YEAR = r"^\s*(20[0-9][0-9]|2100)?\s*$"


def periodicity_choices() -> list[tuple[str, str]]:
    return [("", _l("As the workbook says (default: every quarter)"))] + [
        (kind, RECURRENCE_LABELS[kind]) for kind in PERIODIC_RECURRENCES
    ]


def task_choices() -> list[tuple[str, str]]:
    """The recurring tasks a set may be linked to, as "PLAN_CODE:NUMBER"."""
    tasks = db.session.scalars(
        select(Task)
        .join(Plan, Plan.id == Task.plan_id)
        .where(
            Task.cancelled_on.is_(None),
            or_(
                Task.recurrence.in_(PERIODIC_RECURRENCES),
                (Task.recurrence == "continuous") & Task.yearly_self_report,
            ),
        )
        .order_by(Plan.code, Task.position, Task.id)
    )
    choices = [("", _l("None"))]
    for task in tasks:
        label = f"{task.plan.code} · {task.number}: {task.title}"
        choices.append((task_reference(task), label[:120]))
    return choices


class SetOptionsForm(TrackerForm):
    set_code = StringField(
        _l("Set code (default: the workbook's Mã bộ chỉ tiêu)"),
        validators=[Optional(), Length(max=CODE_MAX)],
    )
    year = StringField(
        _l("Year (default: the workbook's Năm, else this year)"),
        validators=[Regexp(YEAR, message=_l("Give a year from 2000 to 2100."))],
    )
    name = StringField(
        _l("Name (default: the workbook's Tên bộ chỉ tiêu)"),
        validators=[Optional(), Length(max=SET_NAME_MAX)],
    )
    periodicity = SelectField(_l("Periodicity"), choices=[], validate_choice=True)
    task = SelectField(_l("Periodic report task"), choices=[], validate_choice=True)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.periodicity.choices = periodicity_choices()
        self.task.choices = task_choices()

    def options(self) -> dict:
        """The service's keyword arguments; empty means the workbook's."""
        year = (self.year.data or "").strip()
        return {
            "code": (self.set_code.data or "").strip() or None,
            "year": int(year) if year else None,
            "name": (self.name.data or "").strip() or None,
            "periodicity": self.periodicity.data or None,
            "task": self.task.data or None,
        }


class ImportSetForm(SetOptionsForm):
    file = FileField(
        _l("Indicator set workbook (.xlsx, or .csv UTF-8 for the indicators alone)"),
        validators=[FileRequired(_l("Choose the workbook of the indicator set."))],
    )


class ConfirmSetForm(TrackerForm):
    """Confirms the previewed upload (kept under a token) with the options it was previewed
    with, as hidden fields; the service checks them again."""

    set_code = HiddenField()
    year = HiddenField()
    name = HiddenField()
    periodicity = HiddenField()
    task = HiddenField()

    def options(self) -> dict:
        year = (self.year.data or "").strip()
        return {
            "code": (self.set_code.data or "").strip() or None,
            "year": int(year) if year.isascii() and year.isdigit() else year or None,
            "name": (self.name.data or "").strip() or None,
            "periodicity": self.periodicity.data or None,
            "task": self.task.data or None,
        }
