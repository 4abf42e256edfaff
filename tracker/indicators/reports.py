"""A unit's figures for one period: saved as a draft, submitted, approved by the lead (or the
office) where the unit or the task asks for it, or sent back.

The submission is the checkpoint of the set's recurring task: `submit` reports the unit's
checkpoint for the period done through assignments.workflow.report_progress, so its class (on
time, late), the lead's or office's agreement and the reminders follow the rules of every other
assignment; `approve` and `send_back` go through workflow.confirm_completion. The report and
its checkpoint change in one transaction. Each change takes the report's row lock and checks
the version it was made from (409 when stale), as the assignments do (assignments.locking).
"""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from tracker.assignments import workflow
from tracker.assignments.models import Assignment
from tracker.audit.services import record
from tracker.core.exceptions import Conflict, Forbidden, ServiceError, require
from tracker.core.permissions import UNIT_ROLES, acts_for_unit, can, is_lead_of
from tracker.core.problems import Problem, required
from tracker.core.recurrence import parse_period
from tracker.core.text import checked_text
from tracker.core.timeutil import local_today
from tracker.core.transactions import commit_or_conflict, lock_key, lock_row
from tracker.extensions import db
from tracker.indicators import report_values
from tracker.indicators.models import IndicatorReport, IndicatorSet
from tracker.units.models import Unit

NOTE_MAX = 5000


def changed_meanwhile() -> Problem:
    return Problem(
        "report_changed_meanwhile",
        _l("Someone else changed these figures in the meantime. Reload the page and try again."),
    )


def require_unit_people(actor, unit: Unit) -> None:
    """The unit's own people (and the office) write its figures, as they update its tasks."""
    if not can(actor, "update_assignment", unit_id=unit.id):
        raise Forbidden(
            Problem("not_your_unit", _l("You can fill in only your own unit's figures."))
        )


def may_read(actor, unit: Unit) -> bool:
    """A unit's people read their own unit's figures; the office (and a viewer) every unit's."""
    if actor.role in UNIT_ROLES:
        return acts_for_unit(actor, unit.id)
    return can(actor, "view")


def require_reader(actor, unit: Unit) -> None:
    if not may_read(actor, unit):
        raise Forbidden(Problem("not_your_unit", _l("You can see only your own unit's figures.")))


def check_period(indicator_set: IndicatorSet, period_code: str) -> str:
    """The period's code as stored ("2021-Q3"); 422 when it is not one of the set's periods."""
    try:
        period = parse_period(period_code)
    except ValueError:
        period = None
    if period is None or period.kind != indicator_set.periodicity:
        require({"period": Problem("not_a_period", _l("This is not a period of the set."))})
    if period.year != indicator_set.year:
        require(
            {
                "period": Problem(
                    "other_year",
                    _l("The set of %(year)s holds the periods of %(year)s only."),
                    year=str(indicator_set.year),
                )
            }
        )
    return period.code


def find_report(indicator_set: IndicatorSet, unit: Unit, period_code: str):
    return db.session.scalar(
        select(IndicatorReport).where(
            IndicatorReport.set_id == indicator_set.id,
            IndicatorReport.unit_id == unit.id,
            IndicatorReport.period == period_code,
        )
    )


def checkpoint_of(indicator_set: IndicatorSet, unit_id: int, period_code: str):
    """The unit's checkpoint of the set's task for the period, or None (no task, or the unit
    holds none)."""
    if indicator_set.task_id is None:
        return None
    return db.session.scalar(
        select(Assignment)
        .where(
            Assignment.task_id == indicator_set.task_id,
            Assignment.unit_id == unit_id,
            Assignment.period == period_code,
        )
        .order_by(Assignment.role)  # "cooperating" < "lead": a unit holds one per period
    )


def _lock(report: IndicatorReport, version: int | None, unseen_is_conflict: bool = False) -> None:
    lock_row(report)
    if version is None and not unseen_is_conflict:
        require({"version": required()})
    if version != report.version:
        raise Conflict(changed_meanwhile())


def _take_version(report: IndicatorReport) -> None:
    """Write the row, and so take the next version, even when nothing in it changed: another
    save made from the same version must then find it stale (as assignments.locking does)."""
    report.updated_at = func.now()


def _not_submitted(report: IndicatorReport) -> None:
    if report.state != "draft":
        require(
            {
                "state": Problem(
                    "report_submitted",
                    _l(
                        "These figures are sent and can no longer be changed, unless they are "
                        "sent back."
                    ),
                )
            }
        )


def save_values(
    actor,
    indicator_set: IndicatorSet,
    unit: Unit,
    period_code: str,
    values: dict,
    note: str = "",
    version: int | None = None,
) -> IndicatorReport:
    """Save the unit's figures as a draft; the row is made on the first save. Each value must
    be one its indicator takes (422 naming `values.<CODE>`), and the figures given must pass
    the checks (422 naming `checks.<CODE>`); a stale version is a 409."""
    require_unit_people(actor, unit)
    period_code = check_period(indicator_set, period_code)
    errors: dict[str, Problem] = {}
    if not isinstance(values, dict):
        errors["values"] = Problem("json_object", _l("Give the values as an object."))
        values = {}
    typed = report_values.read_values(indicator_set, values, errors)
    if not errors:
        # A draft may leave figures out, but those it gives must agree (a check whose
        # figures are not all there yet waits for them).
        errors.update(report_values.failed_checks(indicator_set, typed))
    note = checked_text(note, "note", errors, NOTE_MAX, required=False)
    # Two first saves at once: the second waits here and finds the row the first made.
    lock_key("indicator_report", f"{indicator_set.id}:{unit.id}:{period_code}")
    report = find_report(indicator_set, unit, period_code)
    if report is None:
        require(errors)  # before the row is made: a refused first save leaves nothing behind
        report = IndicatorReport(
            set=indicator_set, unit=unit, period=period_code, state="draft", values={}, note=""
        )
        report.assignment = checkpoint_of(indicator_set, unit.id, period_code)
        db.session.add(report)
    else:
        # Made without a version, from a page (or a client) that saw no report yet: someone
        # else's save came first.
        _lock(report, version, unseen_is_conflict=True)
        _not_submitted(report)
    require(errors)
    report.values = typed
    report.note = note
    _take_version(report)
    commit_or_conflict(changed_meanwhile())
    return report


def submit(actor, report: IndicatorReport, version: int | None) -> IndicatorReport:
    """Send the figures: every typed indicator filled and every check holding (a failed check
    is a 422 under `checks.<CODE>`). The unit's checkpoint is then reported done."""
    require_unit_people(actor, report.unit)
    _lock(report, version)
    _not_submitted(report)
    require(report_values.submission_problems(report.set, report.values))
    assignment = report.assignment or checkpoint_of(report.set, report.unit_id, report.period)
    report.assignment = assignment
    if assignment is not None:
        waits = workflow.needs_someone_to_agree(actor, assignment)
    else:
        waits = actor.role == "unit_member" and report.unit.member_reports_need_lead
    report.state = "awaiting_approval" if waits else "submitted"
    report.submitted_on = local_today()
    report.submitted_by_id = actor.id
    report.approved_by_id = None
    record("indicator_report.submit", actor=actor, target=report, state=report.state)
    if assignment is None:
        commit_or_conflict(changed_meanwhile())
        return report
    with _together():
        workflow.report_progress(
            actor,
            assignment,
            version=assignment.version,
            state="done",
            progress=100,
            note=report.note,
            evidence=workflow.Evidence(
                document_number=_evidence_number(report),
                document_date=report.submitted_on,
                url=report_url(report),
            ),
        )
    return report


def may_approve(actor, report: IndicatorReport) -> bool:
    if report.assignment is not None:
        return workflow.may_confirm(actor, report.assignment)
    return can(actor, "manage_plans") or is_lead_of(actor, report.unit_id)


def approve(actor, report: IndicatorReport, version: int | None = None, note: str = ""):
    """The lead (or the office, where the task asks for its confirmation) accepts a staff
    member's submission: the checkpoint is confirmed done."""
    return _decide(actor, report, version, accept=True, note=note)


def send_back(actor, report: IndicatorReport, note: str, version: int | None = None):
    """The lead or the office sends the figures back to the unit, with the reason: a draft
    again, and the checkpoint open again."""
    return _decide(actor, report, version, accept=False, note=note)


def _decide(actor, report: IndicatorReport, version, *, accept: bool, note: str):
    if not may_approve(actor, report):
        raise Forbidden(
            Problem("lead_or_office", _l("Only the unit's lead or the office can decide this."))
        )
    lock_row(report)
    if version is not None and version != report.version:
        raise Conflict(changed_meanwhile())
    errors: dict[str, Problem] = {}
    note = checked_text(note, "note", errors, NOTE_MAX, required=not accept)
    assignment = report.assignment
    if report.state == "draft" or (accept and report.state == "submitted"):
        errors["state"] = Problem(
            "nothing_to_decide", _l("No submission of these figures awaits a decision.")
        )
    elif report.state == "submitted" and assignment is not None:
        # The checkpoint is done and final: the workflow has no way back from there.
        errors["state"] = Problem(
            "checkpoint_done",
            _l("These figures are accepted and their task is done; they cannot be sent back."),
        )
    require(errors)
    if accept:
        report.state = "submitted"
        report.approved_by_id = actor.id
    else:
        report.state = "draft"
        report.submitted_on = None
        report.submitted_by_id = None
        report.approved_by_id = None
    record(
        "indicator_report.approved" if accept else "indicator_report.sent_back",
        actor=actor,
        target=report,
        note=note,
    )
    if assignment is None or assignment.state != "awaiting_confirmation":
        commit_or_conflict(changed_meanwhile())
        return report
    with _together():
        workflow.confirm_completion(actor, assignment, accept=accept, note=note)
    return report


class _together:
    """The report's change and its checkpoint's commit together (the workflow commits); when
    the workflow refuses, the report's change is rolled back with it."""

    def __enter__(self):
        return self

    def __exit__(self, kind, error, _trace):
        if isinstance(error, ServiceError):
            db.session.rollback()
        return False


def _evidence_number(report: IndicatorReport) -> str:
    return f"{report.set.code} · {report.period}"[:100]


def report_url(report: IndicatorReport) -> str:
    """The figures' page, the evidence of the checkpoint's report of done."""
    base = current_app.config["TRACKER_BASE_URL"]
    return f"{base}/indicators/{report.set.code}/{report.period}/{report.unit.code}"
