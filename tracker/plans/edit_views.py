"""The office's edits on the plan's pages: a task (what it says, its recurrence and due rule),
its cancellation, and the plan's default due rule. Routes of the plans blueprint."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tracker.core.errors import on_failure
from tracker.core.forms import flash_and_redirect, form_again
from tracker.core.permissions import requires
from tracker.plans import queries, task_edits
from tracker.plans.forms import EditTaskForm, plan_rule_form
from tracker.plans.schedules import Schedule, set_plan_rule
from tracker.plans.views import bp, flash_form_errors


@bp.route("/plans/<id:plan_id>/due-rule", methods=["POST"])
@requires("manage_plans")
def plan_rule(plan_id: int):
    """The plan's default due rule; the checkpoints of its recurring tasks follow."""
    plan = queries.load_plan(plan_id) or abort(404)
    back = url_for("plans.detail", plan_id=plan.id)
    form = plan_rule_form(plan, request.form)
    if not form.validate_on_submit():
        flash_form_errors(form)
        return redirect(back)
    on_failure(flash_and_redirect(back))
    set_plan_rule(
        current_user,
        plan,
        kind=form.due_rule.data,
        day=form.due_day.data,
        working_days=form.due_in_working_days.data,
        reason=form.reason.data or "",
    )
    flash(_("The plan's due rule is saved; its checkpoints follow it."), "info")
    return redirect(back)


@bp.route("/tasks/<id:task_id>/edit", methods=["GET", "POST"])
@requires("manage_plans")
def edit_task(task_id: int):
    task = queries.load_task(task_id) or abort(404)
    form = EditTaskForm(obj=task)
    del form.lead_units, form.cooperating_units, form.due_date
    # A post without these fields (an older page) keeps the task's schedule.
    if request.method == "GET" or form.recurrence.data is None:
        form.recurrence.data = task.recurrence or ""
    if request.method == "GET" or form.due_rule.data is None:
        form.due_rule.data = task.due_rule or ""
    form.section_id.choices = [("", "—")] + [
        (str(s.id), f"{s.number}. {s.title}") for s in task.plan.sections
    ]
    if request.method == "GET" or form.section_id.data is None:
        form.section_id.data = str(task.section_id or "")
    if form.validate_on_submit():
        on_failure(form_again(form, "plans/edit_task.html", task=task))
        task_edits.update_task(
            current_user,
            task,
            number=form.number.data,
            title=form.title.data,
            description=form.description.data or "",
            expected_output=form.expected_output.data or "",
            deadline_text=form.deadline_text.data or "",
            reform_area=task.reform_area,
            section_id=int(form.section_id.data) if form.section_id.data else None,
            needs_confirmation=form.needs_confirmation.data,
            schedule=Schedule(
                form.recurrence.data or None,
                form.due_rule.data or None,
                form.due_day.data,
                form.due_in_working_days.data or None,
                form.yearly_self_report.data,
            ),
            reason=form.schedule_reason.data or "",
        )
        flash(_("Saved."), "info")
        return redirect(url_for("plans.task", task_id=task.id))
    return render_template("plans/edit_task.html", form=form, task=task), (
        422 if form.errors else 200
    )


@bp.route("/tasks/<id:task_id>/cancel", methods=["POST"])
@requires("manage_plans")
def cancel_task(task_id: int):
    task = queries.load_task(task_id) or abort(404)
    back = url_for("plans.task", task_id=task.id)
    if request.form.get("confirm") != "y":
        # The page's checkbox is the confirmation step; nothing ends without it.
        flash(_("Tick the box to confirm the cancellation."), "error")
        return redirect(back)
    on_failure(flash_and_redirect(back))
    task_edits.cancel_task(current_user, task, request.form.get("reason", ""))
    flash(_("Task cancelled."), "info")
    return redirect(back)
