"""What a unit reports and what the office decides about it.

report_progress: a unit's update (state, progress, note, evidence), refused with 403 for other
units' assignments and 409 when made from a stale version. confirm_completion: the office (or
the unit lead, when only the lead must agree) accepts a reported completion or sends it back.
Both lock the assignment first and decide on the row as the previous change committed it.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

from flask_babel import lazy_gettext as _l

from tracker.assignments.journal import journal
from tracker.assignments.locking import lock_assignment, take_version
from tracker.assignments.models import REPORTABLE_STATES, Assignment
from tracker.assignments.refusals import finished
from tracker.audit.services import record
from tracker.core.evidence_files import check_evidence_file, store_evidence
from tracker.core.exceptions import Forbidden, require
from tracker.core.permissions import can, is_lead_of
from tracker.core.problems import Problem, one_of, out_of_range, required, too_long
from tracker.core.timeutil import local_today
from tracker.core.transactions import commit_or_conflict
from tracker.notifications.services import notify_unit


@dataclass
class Evidence:
    document_number: str | None = None
    document_date: date | None = None
    url: str | None = None
    file_name: str | None = None
    file_stream: BinaryIO | None = None
    file_size: int | None = None

    def is_empty(self) -> bool:
        return not (self.document_number or self.url or self.file_name)


def _check_evidence(evidence: Evidence | None, errors: dict) -> None:
    if evidence is None:
        return
    if evidence.document_number and len(evidence.document_number) > 100:
        errors["evidence.document_number"] = too_long(100)
    if evidence.url:
        if len(evidence.url) > 1000:
            errors["evidence.url"] = too_long(1000)
        elif not evidence.url.startswith(("http://", "https://")):
            errors["evidence.url"] = Problem(
                "link_scheme", _l("Give a link that starts with http:// or https://.")
            )
    if evidence.file_name:
        problem = check_evidence_file(evidence.file_name, evidence.file_size or 0)
        if problem:
            errors["evidence.file"] = problem


def require_unit_access(actor, assignment: Assignment) -> None:
    if not can(actor, "update_assignment", unit_id=assignment.unit_id):
        raise Forbidden(
            Problem("not_your_unit", _l("You can update only the tasks of your own unit."))
        )


def needs_someone_to_agree(actor, assignment: Assignment) -> bool:
    if assignment.task.needs_confirmation:
        return True
    return actor.role == "unit_member" and assignment.unit.member_reports_need_lead


def report_progress(
    actor,
    assignment: Assignment,
    *,
    version: int | None,
    state: str,
    progress: int | None,
    note: str = "",
    evidence: Evidence | None = None,
) -> Assignment:
    require_unit_access(actor, assignment)
    if version is None:
        require({"version": required()})
    lock_assignment(assignment, version)
    errors: dict[str, Problem] = {}
    if assignment.is_final:
        errors["state"] = finished(assignment)
    elif assignment.state == "awaiting_confirmation" and state == "done":
        errors["state"] = Problem(
            "already_reported",
            _l("This task is already reported done and awaits confirmation."),
        )
    if state not in REPORTABLE_STATES:
        errors["state"] = one_of(REPORTABLE_STATES)
    if progress is None and state != "done":
        progress = assignment.progress
    if state == "done":
        progress = 100
    if not isinstance(progress, int) or isinstance(progress, bool) or not 0 <= progress <= 100:
        errors["progress"] = out_of_range(0, 100)
    note = (note or "").strip()
    if len(note) > 5000:
        errors["note"] = too_long(5000)
    _check_evidence(evidence, errors)
    if state == "done" and (evidence is None or evidence.is_empty()):
        errors["evidence"] = Problem(
            "evidence_required",
            _l("To report it done, give the document's number and date, a link, or a file."),
        )
    require(errors)

    stored = None
    if evidence is not None and evidence.file_name and evidence.file_stream is not None:
        stored = store_evidence(evidence.file_name, evidence.file_stream)
    old_state, old_progress = assignment.state, assignment.progress
    if state == "done":
        new_state = "awaiting_confirmation" if needs_someone_to_agree(actor, assignment) else "done"
        assignment.completed_on = local_today()
        kind = "reported_done"
    else:
        new_state = state
        # A report of done taken back by the unit (awaiting confirmation → in progress): the
        # completion no longer exists, as when the office sends it back.
        assignment.completed_on = None
        kind = "progress"
    assignment.state = new_state
    assignment.progress = progress
    take_version(assignment)
    if evidence is not None and not evidence.is_empty():
        assignment.evidence_document_number = evidence.document_number or None
        assignment.evidence_document_date = evidence.document_date
        assignment.evidence_url = evidence.url or None
    journal(
        assignment,
        kind,
        actor,
        old_state=old_state,
        new_state=new_state,
        old_progress=old_progress,
        new_progress=progress,
        note=note,
        evidence_document_number=evidence.document_number if evidence else None,
        evidence_document_date=evidence.document_date if evidence else None,
        evidence_url=evidence.url if evidence else None,
        evidence_file_path=stored.path if stored else None,
        evidence_file_name=stored.original_name if stored else None,
        evidence_file_size=stored.size if stored else None,
    )
    if actor.is_office:
        record("assignment.update", actor=actor, target=assignment, state=new_state)
    commit_or_conflict()
    return assignment


def may_confirm(actor, assignment: Assignment) -> bool:
    if can(actor, "manage_plans"):
        return True
    # Without the office's confirmation, only the unit lead's agreement is awaited.
    return not assignment.task.needs_confirmation and is_lead_of(actor, assignment.unit_id)


def confirm_completion(
    actor, assignment: Assignment, *, accept: bool, note: str = "", version: int | None = None
) -> Assignment:
    if not may_confirm(actor, assignment):
        raise Forbidden(
            Problem(
                "office_confirms", _l("Only the provincial office can confirm this completion.")
            )
        )
    lock_assignment(assignment, version)
    note = (note or "").strip()
    errors: dict[str, Problem] = {}
    if assignment.state != "awaiting_confirmation":
        errors["state"] = Problem(
            "nothing_to_confirm", _l("No reported completion of this task awaits confirmation.")
        )
    if not accept and not note:
        errors["note"] = Problem(
            "reason_required", _l("Say why the completion is sent back, so the unit knows.")
        )
    require(errors)
    if accept:
        assignment.state = "done"
        kind = "confirmed"
    else:
        # Sent back (thực hiện lại): the reported completion no longer exists.
        assignment.state = "in_progress"
        assignment.completed_on = None
        kind = "sent_back"
    journal(
        assignment,
        kind,
        actor,
        old_state="awaiting_confirmation",
        new_state=assignment.state,
        note=note,
    )
    notify_unit(assignment, kind, actor, note=note)
    record(f"assignment.{kind}", actor=actor, target=assignment, note=note)
    commit_or_conflict()
    return assignment


def parse_progress(raw) -> int | None:
    """Progress from a form or JSON: an int, or raise ValidationFailed naming the field."""
    if raw is None or raw == "":
        return None
    number = None
    if not isinstance(raw, bool):
        with suppress(TypeError, ValueError):
            number = int(raw)
    if number is None:
        require({"progress": out_of_range(0, 100)})
    return number
