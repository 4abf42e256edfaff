from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tracker.core.errors import on_failure
from tracker.core.forms import flash_and_redirect, form_again
from tracker.core.permissions import acts_for_a_unit, requires
from tracker.core.replicas import replica_reads
from tracker.core.timeutil import local_today, parse_date
from tracker.plans import queries, services
from tracker.plans.areas import REFORM_AREAS
from tracker.plans.checkpoints import one_per_unit
from tracker.plans.filters import parse_assignment_filters
from tracker.plans.forms import NewTaskForm, PlanForm, SectionForm, plan_rule_form
from tracker.plans.task_page import task_page_context
from tracker.units.picker import owner_choices
from tracker.units.services import units_by_kind

bp = Blueprint("plans", __name__)


def as_of_from_request():
    """The as-of date from ?as_of= (dd/mm/yyyy or yyyy-mm-dd), with the raw text if bad."""
    raw = (request.args.get("as_of") or "").strip()
    if not raw:
        return local_today(), None
    try:
        return parse_date(raw), None
    except ValueError:
        return local_today(), raw


@bp.route("/")
@requires("view")
def home():
    if acts_for_a_unit(current_user):
        return redirect(url_for("assignments.my_unit"))
    return redirect(url_for("status.status_page"))


@bp.route("/plans/")
@requires("view")
def index():
    return render_template(
        "plans/index.html", plans=queries.list_plans(), counts=queries.plan_counts()
    )


def plan_fields(form: PlanForm) -> dict:
    """What the plan form says, as the plan services take it (new and edit alike)."""
    return {
        "title": form.title.data,
        "year": form.year.data,
        "quarter": int(form.quarter.data) if form.quarter.data else None,
        "issued_on": form.issued_on.date,
        "issuing_body": form.issuing_body.data or "",
        "description": form.description.data or "",
    }


@bp.route("/plans/new", methods=["GET", "POST"])
@requires("manage_plans")
def new_plan():
    form = PlanForm()
    on_failure(form_again(form, "plans/new_plan.html"))
    if form.validate_on_submit():
        plan = services.create_plan(current_user, code=form.code.data, **plan_fields(form))
        flash(_("Plan %(code)s created.", code=plan.code), "info")
        return redirect(url_for("plans.detail", plan_id=plan.id))
    status = 422 if form.errors else 200
    return render_template("plans/new_plan.html", form=form), status


@bp.route("/plans/<id:plan_id>")
@requires("view")
def detail(plan_id: int):
    plan = queries.load_plan(plan_id)
    if plan is None:
        abort(404)
    as_of, bad_as_of = as_of_from_request()
    seen, classes, totals = queries.plan_classes(plan, as_of)
    # Each task with its assignments as they were on the day; a task none of whose units had
    # been given it by then is not shown.
    tasks_by_section: dict[int | None, list] = {}
    for task in plan.tasks:
        shown = one_per_unit([seen[a.id][0] for a in task.assignments if a.id in seen], as_of)
        if shown:
            leads = [a for a in shown if a.role == "lead"]
            coops = [a for a in shown if a.role == "cooperating"]
            tasks_by_section.setdefault(task.section_id, []).append((task, leads, coops))
    section_form = SectionForm()
    section_form.area.choices = [("", "—"), *REFORM_AREAS.items()]
    return render_template(
        "plans/detail.html",
        rule_form=plan_rule_form(plan),
        plan=plan,
        as_of=as_of,
        bad_as_of=bad_as_of,
        classes=classes,
        totals=totals,
        tasks_by_section=tasks_by_section,
        section_form=section_form,
    )


def flash_form_errors(form) -> None:
    flash(
        "; ".join(
            f"{form[name].label.text}: {' '.join(str(message) for message in messages)}"
            for name, messages in form.errors.items()
            if name in form
        )
        or _("The form expired or is missing its security token. Reload the page and try again."),
        "error",
    )


@bp.route("/plans/<id:plan_id>/sections", methods=["POST"])
@requires("manage_plans")
def new_section(plan_id: int):
    plan = queries.load_plan(plan_id) or abort(404)
    form = SectionForm()
    form.area.choices = [("", "—"), *REFORM_AREAS.items()]
    if form.validate_on_submit():
        on_failure(flash_and_redirect(url_for("plans.detail", plan_id=plan.id)))
        services.create_section(
            current_user,
            plan,
            number=form.number.data,
            title=form.title.data,
            area=form.area.data or None,
        )
        flash(_("Section added."), "info")
    else:
        flash_form_errors(form)
    return redirect(url_for("plans.detail", plan_id=plan.id))


@bp.route("/plans/<id:plan_id>/tasks/new", methods=["GET", "POST"])
@requires("manage_plans")
def new_task(plan_id: int):
    plan = queries.load_plan(plan_id) or abort(404)
    form = NewTaskForm()
    form.section_id.choices = [("", "—")] + [
        (str(s.id), f"{s.number}. {s.title}") for s in plan.sections
    ]
    form.lead_units.choices = form.cooperating_units.choices = owner_choices()
    if form.validate_on_submit():
        data = services.TaskInput(
            number=form.number.data,
            title=form.title.data,
            lead_units=form.lead_units.data,
            cooperating_units=form.cooperating_units.data,
            due_date=form.due_date.date,
            recurrence=form.recurrence.data or None,
            due_rule=form.due_rule.data or None,
            due_day=form.due_day.data,
            due_in_working_days=form.due_in_working_days.data or None,
            yearly_self_report=form.yearly_self_report.data,
            deadline_text=form.deadline_text.data or "",
            expected_output=form.expected_output.data or "",
            description=form.description.data or "",
            section_id=int(form.section_id.data) if form.section_id.data else None,
            needs_confirmation=form.needs_confirmation.data,
            assigned_on=form.assigned_on.date,
            assigned_on_reason=form.assigned_on_reason.data or "",
        )
        on_failure(form_again(form, "plans/new_task.html", plan=plan))
        task = services.create_task(current_user, plan, data)
        flash(
            _(
                "Task %(number)s assigned to %(n)d units.",
                number=task.number,
                n=len(task.assignments),
            ),
            "info",
        )
        return redirect(url_for("plans.task", task_id=task.id))
    status = 422 if form.errors else 200
    return render_template("plans/new_task.html", form=form, plan=plan), status


@bp.route("/tasks/")
@replica_reads
@requires("view")
def tasks():
    on_failure(lambda error: _task_list(parse_assignment_filters({}), error))
    return _task_list(parse_assignment_filters(request.args))


def _task_list(filters, error=None):
    rows, total = queries.list_assignments(filters)
    return render_template(
        "plans/tasks.html",
        rows=rows,
        total=total,
        filters=filters,
        error=error,
        plans=queries.list_plans(),
        units_by_kind=units_by_kind(),
    ), (422 if error else 200)


@bp.route("/tasks/<id:task_id>")
@requires("view")
def task(task_id: int):
    found = queries.load_task(task_id) or abort(404)
    as_of, bad_as_of = as_of_from_request()
    return render_template(
        "plans/task.html",
        task=found,
        bad_as_of=bad_as_of,
        **task_page_context(found, as_of=as_of),
    )


@bp.route("/plans/<id:plan_id>/edit", methods=["GET", "POST"])
@requires("manage_plans")
def edit_plan(plan_id: int):
    plan = queries.load_plan(plan_id) or abort(404)
    form = PlanForm(obj=plan)
    if request.method == "GET" or form.quarter.data in (None, "None"):
        form.quarter.data = str(plan.quarter or "")
    if request.method == "GET":
        form.issued_on.data = plan.issued_on.strftime("%d/%m/%Y") if plan.issued_on else ""
    form.code.render_kw = {"readonly": True}
    if form.validate_on_submit():
        on_failure(form_again(form, "plans/edit_plan.html", plan=plan))
        services.update_plan(current_user, plan, **plan_fields(form))
        flash(_("Saved."), "info")
        return redirect(url_for("plans.detail", plan_id=plan.id))
    return render_template("plans/edit_plan.html", form=form, plan=plan), (
        422 if form.errors else 200
    )
