"""What the API's writes take: each JSON body once, as a pydantic model that reads it (every
problem under its field's name, see fields.py) and is published as a schema of
/api/v1/openapi.json."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, TypeVar

from flask_babel import lazy_gettext as _l
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticUndefined

from tracker.api.blueprint import json_body
from tracker.api.fields import (
    Day,
    DayIfGiven,
    DueDay,
    Flag,
    OptionalText,
    Progress,
    RequiredDay,
    RequiredFlag,
    RequiredText,
    RowId,
    Text,
    TextList,
    Version,
    an_object,
)
from tracker.api.refusals import field_problems
from tracker.assignments.models import REPORTABLE_STATES
from tracker.assignments.workflow import Evidence
from tracker.core.exceptions import require
from tracker.core.problems import Problem, one_of
from tracker.core.recurrence import DUE_RULES
from tracker.core.text import text_problem
from tracker.plans.areas import AREA_CODES
from tracker.plans.models import RECURRENCES
from tracker.plans.services import TaskInput


def described(default: Any = PydanticUndefined, **schema: Any) -> Any:
    """A field with a length limit or a set of values that its service refuses beyond (with a
    message of its own): the schema tells callers, the service checks."""
    return Field(default, json_schema_extra=schema)


class Body(BaseModel):
    """A JSON object a write takes. A key it does not know is ignored, and null is the same
    as leaving the key out, except for the keys named in keeps_null."""

    model_config = ConfigDict(frozen=True)
    keeps_null: ClassVar[tuple[str, ...]] = ()

    @model_validator(mode="before")
    @classmethod
    def _null_is_not_given(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        given = {k: v for k, v in data.items() if v is not None or k in cls.keeps_null}
        # A required field left out is read as null, so that its type words the refusal
        # ("required", or "required (true or false)" for a yes/no).
        absent = {
            name: None
            for name, field in cls.model_fields.items()
            if field.is_required() and name not in given
        }
        return given | absent

    @classmethod
    def problems_together(cls, body: dict, problems: dict[str, Problem]) -> None:
        """Rules across fields, read from the body as sent; add to `problems`."""


BodyModel = TypeVar("BodyModel", bound=Body)


def read_body(model: type[BodyModel]) -> BodyModel:
    """The request's JSON body read as `model`, or ValidationFailed naming every field wrong
    (nested ones as "evidence.url"), in the order the model declares them."""
    body = json_body()
    parsed, problems = None, {}
    try:
        parsed = model.model_validate(body)
    except ValidationError as error:
        problems = field_problems(error)
    model.problems_together(body, problems)
    require(problems)  # a body that did not validate has a problem, so it stops here
    return parsed


class NewTask(Body):
    plan_code: RequiredText = described(minLength=1)
    number: RequiredText = described(minLength=1, maxLength=20)
    title: RequiredText = described(minLength=1, maxLength=5000)
    # Required of the caller; the service refuses an empty list by name.
    lead_units: TextList = described(minItems=1, description="unit codes or group names/codes")
    cooperating_units: TextList = []
    due_date: Day = None
    recurrence: OptionalText = described(None, enum=list(RECURRENCES))
    # A recurring task's due rule of each checkpoint; null: the plan's default.
    due_rule: OptionalText = described(None, enum=list(DUE_RULES))
    due_day: DueDay = described(None, description="day N of the rule; null: the plan's")
    due_in_working_days: Flag = False
    yearly_self_report: Flag = described(False, description="continuous: a yearly checkpoint")
    deadline_text: Text = described("", maxLength=200)
    expected_output: Text = ""
    description: Text = ""
    area: OptionalText = described(None, enum=list(AREA_CODES))
    section_id: RowId = None
    needs_confirmation: Flag = True
    assigned_on: Day = described(None, description="default today; an earlier day needs a reason")
    assigned_on_reason: Text = described("", maxLength=2000)

    def task_input(self) -> TaskInput:
        return TaskInput(
            number=self.number,
            title=self.title,
            lead_units=self.lead_units,
            cooperating_units=self.cooperating_units,
            due_date=self.due_date,
            recurrence=self.recurrence,
            due_rule=self.due_rule,
            due_day=self.due_day,
            due_in_working_days=self.due_in_working_days or None,
            yearly_self_report=self.yearly_self_report,
            deadline_text=self.deadline_text,
            expected_output=self.expected_output,
            description=self.description,
            reform_area=self.area,
            section_id=self.section_id,
            needs_confirmation=self.needs_confirmation,
            assigned_on=self.assigned_on,
            assigned_on_reason=self.assigned_on_reason,
        )


class ReportedEvidence(Body):
    document_number: OptionalText = described(None, maxLength=100)
    document_date: Day = None
    url: OptionalText = described(None, maxLength=1000)

    def evidence(self) -> Evidence:
        return Evidence(
            document_number=self.document_number,
            document_date=self.document_date,
            url=self.url,
        )


class ProgressReport(Body):
    state: RequiredText = described(enum=list(REPORTABLE_STATES))
    progress: Progress = None
    note: Text = described("", maxLength=5000)
    version: Version
    # None: not given (null is read as not given before this type is).
    evidence: Annotated[ReportedEvidence, BeforeValidator(an_object)] = None


class AssignmentChange(Body):
    """A new due date (with a reason), cancellation, or both."""

    # A due_date key, even null, asks for a new date.
    keeps_null = ("due_date",)

    version: Version = None
    reason: Text = described("", minLength=1, maxLength=2000)
    due_date: DayIfGiven = None
    state: OptionalText = described(None, enum=["cancelled"])

    @classmethod
    def problems_together(cls, body: dict, problems: dict[str, Problem]) -> None:
        state = body.get("state")
        if isinstance(state, str) and state and text_problem(state) is None:
            if state != "cancelled":
                problems["state"] = one_of(["cancelled"])
        elif "due_date" not in body:
            problems["due_date"] = Problem(
                "change_required",
                _l("Give a new due date (with a reason), cancel the task, or both."),
            )


class ExtensionAsk(Body):
    due_date: RequiredDay
    reason: RequiredText = described(minLength=1, maxLength=2000)


class ExtensionDecision(Body):
    approve: RequiredFlag
    note: Text = ""


class CompletionCheck(Body):
    accept: RequiredFlag
    note: Text = ""
    version: Version = None
