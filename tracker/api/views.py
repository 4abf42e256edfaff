"""Read endpoints: plans, a task, the assignment list (the units' are tracker/units/api.py)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from flask import current_app, request
from flask_babel import lazy_gettext as _l
from pydantic import Field

from tracker.api import answers
from tracker.api.answers import UnitKind, answered
from tracker.api.blueprint import bp
from tracker.api.operations import QueryParameters, operation
from tracker.assignments.classes import classify
from tracker.assignments.deadlines import DEADLINE_CLASSES
from tracker.assignments.models import ASSIGNMENT_ROLES, STATES
from tracker.core.datacache import VersionedCache, data_version
from tracker.core.db import MAX_INTEGER
from tracker.core.exceptions import NotFound
from tracker.core.permissions import requires
from tracker.core.problems import Problem
from tracker.core.replicas import replica_reads
from tracker.core.timeutil import local_today
from tracker.plans import queries
from tracker.plans.areas import AREA_CODES
from tracker.plans.filters import MAX_PER_PAGE, SORTS, parse_assignment_filters


@bp.get("/plans")
@requires("view")
@operation("listPlans", "Plans", answers={200: answers.PlanList}, refusals=(401,))
def plans():
    return answered(answers.PlanList(items=[answers.Plan.of(p) for p in queries.list_plans()]))


@bp.get("/tasks/<id:task_id>")
@requires("view")
@operation(
    "getTask", "A task with every assignment", answers={200: answers.Task}, refusals=(401, 404)
)
def task(task_id: int):
    found = queries.load_task(task_id)
    if found is None:
        raise NotFound(Problem("task_not_found", _l("This task does not exist."), id=task_id))
    return answered(answers.Task.of(found, classify(found.assignments, local_today())))


class AssignmentQuery(QueryParameters):
    plan: str
    unit: str
    role: Literal[ASSIGNMENT_ROLES]
    state: Literal[STATES]
    deadline_class: Literal[tuple(DEADLINE_CLASSES)]
    due_from: date
    due_to: date
    as_of: date = Field(description="the date the deadline class is computed for (today)")
    q: str = Field(description="text in the title or number")
    area: Literal[AREA_CODES]
    section: int = Field(ge=1, le=MAX_INTEGER, description="a section id")
    period: str = Field(
        description="due dates within a period: 2021, 2021-Q3, Quý III/2021, Tháng 9/2021 or "
        "dd/mm/yyyy..dd/mm/yyyy"
    )
    checkpoint: str = Field(
        description="only recurring tasks' checkpoints of this period (2021-Q3, 2021-09, "
        "2021-H1, 2021 or Quý III/2021), whatever their due dates"
    )
    unit_kind: UnitKind
    inherited: bool = Field(
        description="with unit: also the open work left with the units closed into it (its "
        "successor held the same task already), which the unit's people carry on"
    )
    page: int = Field(ge=1, le=100000)
    per_page: int = Field(ge=1, le=MAX_PER_PAGE)
    sort: Literal[SORTS]


# Every reader with "view" sees the same list for the same filters, so a page is kept while
# the committed data is unchanged (see tracker.core.datacache).
_assignment_pages = VersionedCache(size=256)


@bp.get("/assignments")
@replica_reads
@requires("view")
@operation(
    "listAssignments",
    "Assignments, filtered and paginated",
    answers={200: answers.AssignmentPage},
    refusals=(401, 422),
    query=AssignmentQuery,
)
def assignments():
    filters = parse_assignment_filters(request.args)
    body = _assignment_pages.get(data_version(), filters.key(), lambda: _assignment_page(filters))
    return current_app.response_class(body, mimetype="application/json")


def _assignment_page(filters) -> str:
    rows, total = queries.list_assignments(filters)
    page = answers.AssignmentPage(
        items=[answers.Assignment.of(a, cls) for a, cls in rows],
        total=total,
        page=filters.page,
        per_page=filters.per_page,
        as_of=filters.as_of,
    )
    return current_app.json.dumps(page.as_json()) + "\n"
