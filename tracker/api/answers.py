"""What the API answers with: each shape once, as a pydantic model that is built from the
rows, serialized as the JSON body, and published as a schema of /api/v1/openapi.json."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from flask import Response, jsonify
from pydantic import BaseModel, ConfigDict, Field

from tracker.assignments.deadlines import DEADLINE_CLASSES
from tracker.assignments.models import ASSIGNMENT_ROLES, DECISIONS, STATES
from tracker.core.recurrence import DUE_RULES
from tracker.plans.areas import AREA_CODES
from tracker.plans.models import RECURRENCES
from tracker.units.models import UNIT_KINDS

Area = Literal[AREA_CODES]
UnitKind = Literal[UNIT_KINDS]


class Answer(BaseModel):
    """An object the API answers with: every key always present, and no other key (so a value
    the API sends that is not described here fails the fuzz test's schema check)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_serialization_defaults_required=True, from_attributes=True
    )

    def as_json(self) -> dict:
        return self.model_dump(mode="json")


def answered(answer: Answer, status: int = 200) -> Response:
    response = jsonify(answer.as_json())
    response.status_code = status
    return response


class Plan(Answer):
    id: int
    code: str
    title: str
    year: int
    quarter: Literal[1, 2, 3, 4] | None
    issued_on: date | None
    issuing_body: str
    # What a recurring task without a rule of its own takes (core.recurrence.DueRule).
    default_due_rule: Literal[DUE_RULES]
    default_due_day: int
    default_due_in_working_days: bool

    @classmethod
    def of(cls, plan) -> Plan:
        return cls.model_validate(plan)  # every field is the row's attribute of that name


class TaskOfAssignment(Answer):
    """The task an assignment belongs to, as much as a list of assignments shows."""

    id: int
    number: str
    title: str
    plan_code: str
    area: Area | None


class AssignmentEvidence(Answer):
    document_number: str | None
    document_date: date | None
    url: str | None


class Assignment(Answer):
    id: int
    task: TaskOfAssignment
    unit_code: str
    unit_name: str
    role: Literal[ASSIGNMENT_ROLES]
    period: str | None = Field(
        description="a recurring task's checkpoint: its period (2021-Q3, 2021-07, 2021-H1, "
        "2021); null for a one-off assignment"
    )
    period_label: str = Field(description="that period as people read it (Quý III/2021), or ''")
    due_date: date | None
    original_due_date: date | None
    state: Literal[STATES]
    deadline_class: Literal[tuple(DEADLINE_CLASSES)]
    progress: int = Field(ge=0, le=100)
    completed_on: date | None
    evidence: AssignmentEvidence
    version: int

    @classmethod
    def of(cls, assignment, deadline_class: str) -> Assignment:
        task = assignment.task
        return cls(
            id=assignment.id,
            task=TaskOfAssignment(
                id=task.id,
                number=task.number,
                title=task.title,
                plan_code=task.plan.code,
                area=task.reform_area,
            ),
            unit_code=assignment.unit.code,
            unit_name=assignment.unit.name,
            role=assignment.role,
            # By its Period: `period` of an assignment as of a day is that day's values.
            period=checkpoint.code if (checkpoint := assignment.checkpoint) else None,
            period_label=assignment.period_label,
            due_date=assignment.due_date,
            original_due_date=assignment.original_due_date,
            state=assignment.state,
            deadline_class=deadline_class,
            progress=assignment.progress,
            completed_on=assignment.completed_on,
            evidence=AssignmentEvidence(
                document_number=assignment.evidence_document_number,
                document_date=assignment.evidence_document_date,
                url=assignment.evidence_url,
            ),
            version=assignment.version,
        )


class DueRuleAnswer(Answer):
    """The due rule of a recurring task's checkpoints, and what it says in words."""

    kind: Literal[DUE_RULES]
    day: int
    working_days: bool
    text: str

    @classmethod
    def of(cls, rule) -> DueRuleAnswer:
        return cls(
            kind=rule.kind, day=rule.day, working_days=rule.working_days, text=rule.describe()
        )


class Task(Answer):
    id: int
    plan_code: str
    number: str
    title: str
    description: str
    expected_output: str
    area: Area | None
    section_id: int | None
    start_date: date | None
    due_date: date | None
    recurrence: Literal[RECURRENCES] | None
    # A recurring task's own due rule (null: the plan's default) and the rule in force.
    due_rule: Literal[DUE_RULES] | None
    due_day: int | None
    due_in_working_days: bool | None
    yearly_self_report: bool
    rule_in_force: DueRuleAnswer | None
    deadline_text: str
    needs_confirmation: bool
    cancelled_on: date | None
    assignments: list[Assignment]

    @classmethod
    def of(cls, task, classes: dict[int, str]) -> Task:
        """`classes`: the deadline class of each of the task's assignments, by id."""
        return cls(
            id=task.id,
            plan_code=task.plan.code,
            number=task.number,
            title=task.title,
            description=task.description,
            expected_output=task.expected_output,
            area=task.reform_area,
            section_id=task.section_id,
            start_date=task.start_date,
            due_date=task.due_date,
            recurrence=task.recurrence,
            due_rule=task.due_rule,
            due_day=task.due_day,
            due_in_working_days=task.due_in_working_days,
            yearly_self_report=task.yearly_self_report,
            rule_in_force=DueRuleAnswer.of(task.rule) if task.checkpoint_recurrence else None,
            deadline_text=task.deadline_text,
            needs_confirmation=task.needs_confirmation,
            cancelled_on=task.cancelled_on,
            assignments=[Assignment.of(a, classes[a.id]) for a in task.assignments],
        )


class ExtensionRequest(Answer):
    id: int
    assignment_id: int
    requested_date: date
    reason: str
    decision: Literal[DECISIONS]
    decided_on: date | None
    decision_note: str

    @classmethod
    def of(cls, extension) -> ExtensionRequest:
        return cls.model_validate(extension)  # every field is the row's attribute


class PlanList(Answer):
    items: list[Plan]


class AssignmentPage(Answer):
    items: list[Assignment]
    total: int
    page: int
    per_page: int
    as_of: date


class FieldProblem(Answer):
    """What is wrong with one field, the same in every language: a stable code and its
    parameters (dates as yyyy-mm-dd)."""

    code: str
    params: dict[str, Any]


class ErrorDetail(Answer):
    """`message` and `fields` are in the language of Accept-Language (Vietnamese by default)."""

    code: str
    message: str
    fields: dict[str, str]
    problems: dict[str, FieldProblem]


class Error(Answer):
    """Every refusal (tracker.core.errors answers them all in this shape)."""

    error: ErrorDetail
