"""Read endpoints: units, groups, plans, a task, the assignment list."""

from __future__ import annotations

from flask import current_app, jsonify, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.api.blueprint import bp
from tracker.api.serializers import assignment_json, plan_json, task_json, unit_json
from tracker.assignments.classes import classify
from tracker.core.datacache import VersionedCache, data_version
from tracker.core.exceptions import NotFound
from tracker.core.permissions import requires
from tracker.core.timeutil import local_today
from tracker.extensions import db
from tracker.plans import queries
from tracker.plans.filters import parse_assignment_filters
from tracker.units.models import Unit
from tracker.units.services import all_groups


@bp.get("/units")
@requires("view")
def units():
    rows = db.session.scalars(select(Unit).options(selectinload(Unit.parent)).order_by(Unit.code))
    return jsonify({"items": [unit_json(u) for u in rows]})


@bp.get("/unit-groups")
@requires("view")
def unit_groups():
    items = [
        {
            "code": g.code,
            "name": g.name,
            "aliases": list(g.aliases or []),
            "unit_codes": [u.code for u in g.members],
        }
        for g in all_groups()
    ]
    return jsonify({"items": items})


@bp.get("/plans")
@requires("view")
def plans():
    return jsonify({"items": [plan_json(p) for p in queries.list_plans()]})


@bp.get("/tasks/<id:task_id>")
@requires("view")
def task(task_id: int):
    found = queries.load_task(task_id)
    if found is None:
        raise NotFound(f"no task {task_id}")
    return jsonify(task_json(found, classify(found.assignments, local_today())))


# Every reader with "view" sees the same list for the same filters, so a page is kept while
# the committed data is unchanged (see tracker.core.datacache).
_assignment_pages = VersionedCache(size=256)


@bp.get("/assignments")
@requires("view")
def assignments():
    filters = parse_assignment_filters(request.args)
    body = _assignment_pages.get(data_version(), filters.key(), lambda: _assignment_page(filters))
    return current_app.response_class(body, mimetype="application/json")


def _assignment_page(filters) -> str:
    rows, total = queries.list_assignments(filters)
    document = {
        "items": [assignment_json(a, cls) for a, cls in rows],
        "total": total,
        "page": filters.page,
        "per_page": filters.per_page,
        "as_of": filters.as_of.isoformat(),
    }
    return current_app.json.dumps(document) + "\n"
