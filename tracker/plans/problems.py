"""What the plan services refuse, named once: each a stable code, its parameters and the
sentence for people (core.problems), shared by the services, revisions and the importer."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from tracker.core.problems import Problem

FIRST_YEAR, LAST_YEAR = 2000, 2100


def year_problem(year) -> Problem | None:
    """Why `year` is not a plan's year, or None. The years go as text: 2000, not "2.000"."""
    if isinstance(year, int) and FIRST_YEAR <= year <= LAST_YEAR:
        return None
    return Problem(
        "year_out_of_range",
        _l("Give a year from %(first)s to %(last)s."),
        first=str(FIRST_YEAR),
        last=str(LAST_YEAR),
    )


def task_number_taken(number: str, plan) -> Problem:
    return Problem(
        "task_number_taken",
        _l("Task %(number)s already exists in plan %(plan)s."),
        number=number,
        plan=plan.code,
    )


def lead_unit_required() -> Problem:
    return Problem("lead_unit_required", _l("Choose at least one lead unit."))


def recurring_has_no_due_date() -> Problem:
    return Problem(
        "recurring_has_no_due_date",
        _l("A recurring task has no single due date: leave the due date empty."),
    )


def not_a_section_of_the_plan() -> Problem:
    return Problem("not_a_section_of_the_plan", _l("Choose a section of this plan."))


def plan_code_taken(code: str) -> Problem:
    return Problem(
        "plan_code_taken", _l("A plan with the code %(code)s already exists."), code=code
    )


def unknown_unit(name: str) -> Problem:
    return Problem("unknown_unit", _l("There is no unit or group named “%(name)s”."), name=name)


def assigned_in_future() -> Problem:
    return Problem("assigned_in_future", _l("A task cannot be assigned on a day still to come."))


def assigned_on_reason_required() -> Problem:
    return Problem(
        "assigned_on_reason_required",
        _l("Say why the task counts as assigned on an earlier day."),
    )


def already_cancelled() -> Problem:
    return Problem("already_cancelled", _l("This task is already cancelled."))


def rule_needs_periods() -> Problem:
    return Problem(
        "rule_needs_periods",
        _l(
            "A due rule is for a task that recurs every month, quarter, six months or year "
            "(or a continuous one with a yearly self-report)."
        ),
    )


def day_needs_rule() -> Problem:
    return Problem("day_needs_rule", _l("Choose the due rule this day belongs to."))


def self_report_needs_continuous() -> Problem:
    return Problem(
        "self_report_needs_continuous",
        _l("A yearly self-report is asked of a continuous task only."),
    )
