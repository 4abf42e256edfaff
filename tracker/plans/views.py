from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, redirect, render_template, request, url_for

from tracker.core.permissions import requires
from tracker.core.timeutil import local_today, parse_day_first
from tracker.plans import queries

bp = Blueprint("plans", __name__)


def as_of_from_request() -> tuple[date, str | None]:
    """The as-of date from ?as_of= (dd/mm/yyyy or yyyy-mm-dd), with an error to show."""
    raw = (request.args.get("as_of") or "").strip()
    if not raw:
        return local_today(), None
    try:
        return (
            date.fromisoformat(raw)
            if "-" in raw and len(raw) == 10 and raw[4] == "-"
            else parse_day_first(raw)
        ), None
    except ValueError:
        return local_today(), raw


@bp.route("/")
@requires("view")
def home():
    return redirect(url_for("plans.index"))


@bp.route("/plans/")
@requires("view")
def index():
    return render_template(
        "plans/index.html", plans=queries.list_plans(), counts=queries.plan_counts()
    )


@bp.route("/plans/<int:plan_id>")
@requires("view")
def detail(plan_id: int):
    plan = queries.load_plan(plan_id)
    if plan is None:
        abort(404)
    as_of, bad_as_of = as_of_from_request()
    classes, totals = queries.plan_classes(plan, as_of)
    tasks_by_section: dict[int | None, list] = {}
    for task in plan.tasks:
        tasks_by_section.setdefault(task.section_id, []).append(task)
    return render_template(
        "plans/detail.html",
        plan=plan,
        as_of=as_of,
        bad_as_of=bad_as_of,
        classes=classes,
        totals=totals,
        tasks_by_section=tasks_by_section,
    )
