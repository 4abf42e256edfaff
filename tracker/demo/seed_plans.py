"""The demo plans as `tracker seed-demo` loads them: tasks, an assignment per owner unit, and
back-dated journal rows that bring each assignment to the state its spec gives (the periods are
replayed from that journal)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select

from tracker.accounts.models import User
from tracker.assignments.journal import journal
from tracker.assignments.models import Assignment, ExtensionRequest
from tracker.assignments.replay import rebuild_periods
from tracker.core.recurrence import DEFAULT_DUE_RULE
from tracker.demo.checkpoint_progress import checkpoint_progress
from tracker.demo.seed_figures import figures_progress
from tracker.extensions import db
from tracker.plans.checkpoints import checkpoint_schedule
from tracker.plans.models import Plan, PlanSection, Task
from tracker.reminders.workcalendar import load_calendar
from tracker.units.services import expand_owners

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
# The day the 2021 plans' notes were written (a paused task's reason), the report's fortnight.
NOTED_ON_2021 = date(2021, 9, 15)


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)
    # Other things a run did, one sentence each (the 2025 reorganisation applied).
    notes: list[str] = field(default_factory=list)

    def add(self, what: str, n: int = 1) -> None:
        if n:
            self.created[what] = self.created.get(what, 0) + n

    @property
    def changed(self) -> bool:
        return bool(self.created or self.notes)


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=ZONE)


def _journal(
    assignment: Assignment,
    office: User | None,
    lead: User | None,
    progress: dict,
    issued: date,
    noted_on: date,
) -> None:
    """Back-dated journal rows that tell how the assignment reached its demo state; a note
    without a day of its own (paused, in progress) is dated `noted_on`."""
    journal(
        assignment,
        "created",
        office,
        created_at=at(issued, 8),
        new_state="not_started",
        new_progress=0,
        new_due_date=assignment.original_due_date,
    )
    state = progress["state"]
    if state == "not_started":
        return
    started = issued if issued.month > 1 else date(issued.year, 1, 15)
    journal(
        assignment,
        "progress",
        lead,
        created_at=at(started, 10),
        old_state="not_started",
        new_state="in_progress",
        old_progress=0,
        new_progress=min(progress["progress"], 50),
        note="Đã triển khai thực hiện.",
    )
    if state in ("done", "awaiting_confirmation") and progress.get("completed_on"):
        evidence = progress.get("evidence") or {}
        journal(
            assignment,
            "reported_done",
            lead,
            created_at=at(progress["completed_on"], 15),
            old_state="in_progress",
            new_state="awaiting_confirmation",
            old_progress=min(progress["progress"], 50),
            new_progress=100,
            note=progress.get("note", ""),
            evidence_document_number=evidence.get("document_number"),
            evidence_document_date=evidence.get("document_date"),
            evidence_url=evidence.get("url"),
        )
        if state == "done":
            journal(
                assignment,
                "confirmed",
                office,
                created_at=at(progress["completed_on"], 16),
                old_state="awaiting_confirmation",
                new_state="done",
                note="Văn phòng UBND tỉnh xác nhận hoàn thành.",
            )
    elif state in ("paused", "cancelled", "in_progress") and progress.get("note"):
        journal(
            assignment,
            "cancelled" if state == "cancelled" else "progress",
            office if state == "cancelled" else lead,
            created_at=at(progress.get("cancelled_on") or noted_on, 11),
            old_state="in_progress",
            new_state=state,
            new_progress=progress["progress"],
            note=progress["note"],
        )


def _apply_progress(
    assignment: Assignment, progress: dict, office, lead, issued: date, noted_on: date
) -> None:
    assignment.state = progress["state"]
    assignment.progress = progress["progress"]
    assignment.completed_on = progress.get("completed_on")
    assignment.cancelled_on = progress.get("cancelled_on")
    evidence = progress.get("evidence") or {}
    assignment.evidence_document_number = evidence.get("document_number")
    assignment.evidence_document_date = evidence.get("document_date")
    assignment.evidence_url = evidence.get("url")
    _journal(assignment, office, lead, progress, issued, noted_on)
    extension = progress.get("extension")
    if extension:
        approved = extension["approved"]
        db.session.add(
            ExtensionRequest(
                assignment=assignment,
                requested_by=lead,
                requested_at=at(extension["requested_on"]),
                requested_date=extension["requested_date"],
                reason=extension["reason"],
                decision="approved" if approved else "rejected",
                decided_by=office,
                decided_at=at(extension["decided_on"], 14),
                decided_on=extension["decided_on"],
                decision_note="Đồng ý gia hạn." if approved else "Không đồng ý gia hạn.",
            )
        )
        old_due = assignment.original_due_date
        journal(
            assignment,
            "extension_requested",
            lead,
            created_at=at(extension["requested_on"]),
            old_due_date=old_due,
            new_due_date=extension["requested_date"],
            note=extension["reason"],
        )
        journal(
            assignment,
            "extension_approved" if approved else "extension_rejected",
            office,
            created_at=at(extension["decided_on"], 14),
            old_due_date=old_due,
            new_due_date=extension["requested_date"] if approved else old_due,
            note="Đồng ý gia hạn." if approved else "Không đồng ý gia hạn.",
        )
        if approved:
            assignment.due_date = extension["requested_date"]
            assignment.due_date_revision += 1


def _assignment(task, unit, role, due, issued, period=None) -> Assignment:
    assignment = Assignment(
        task=task,
        unit=unit,
        role=role,
        period=period,
        due_date=due,
        original_due_date=due,
        assigned_on=issued,
    )
    db.session.add(assignment)
    return assignment


def _checkpoint_progress(task_spec: dict, unit_code: str, role: str, period, due) -> dict:
    """A checkpoint's state: the unit's submission for the periodic report task, else the
    spec's or a drawn one (checkpoint_progress)."""
    if task_spec.get("figures"):
        return figures_progress(task_spec["figures"], unit_code, period.code)
    return checkpoint_progress(task_spec, unit_code, role, period, due)


def seed_plan(spec: dict, report: SeedReport) -> None:
    """The plan, its sections and tasks, an assignment per unit its owners name on the issue
    day, each brought to its demo state by back-dated journal rows. Nothing when the plan
    exists."""
    if db.session.scalar(select(Plan).where(Plan.code == spec["code"])):
        return
    noted_on = spec.get("noted_on", NOTED_ON_2021)
    office = db.session.scalar(select(User).where(User.role == "office"))
    leads = {u.unit_id: u for u in db.session.scalars(select(User).where(User.role == "unit_lead"))}
    plan = Plan(
        code=spec["code"],
        title=spec["title"],
        issuing_body=spec["issuing_body"],
        issued_on=spec["issued_on"],
        year=spec["year"],
        quarter=spec["quarter"],
        description=spec["description"],
        # Recurring tasks' checkpoints are due by the plan's default rule (core.recurrence).
        default_due_rule=DEFAULT_DUE_RULE.kind,
        default_due_day=DEFAULT_DUE_RULE.day,
        default_due_in_working_days=DEFAULT_DUE_RULE.working_days,
    )
    db.session.add(plan)
    issued = spec["issued_on"]
    calendar = load_calendar(date(spec["year"], 1, 1))
    task_position = 0
    for section_position, section_spec in enumerate(spec["sections"]):
        section = PlanSection(
            plan=plan,
            position=section_position,
            number=section_spec["number"],
            title=section_spec["title"],
            reform_area=section_spec["area"],
        )
        db.session.add(section)
        for task_spec in section_spec["tasks"]:
            task_position += 1
            task = Task(
                plan=plan,
                section=section,
                position=task_position,
                number=task_spec["number"],
                title=task_spec["title"],
                description=task_spec.get("description", ""),
                expected_output=task_spec.get("expected_output", ""),
                reform_area=section_spec["area"],
                start_date=issued,
                due_date=task_spec["due_date"],
                recurrence=task_spec["recurrence"],
                deadline_text=task_spec["deadline_text"],
                needs_confirmation=task_spec.get("needs_confirmation", True),
            )
            db.session.add(task)
            report.add("tasks")
            schedule = checkpoint_schedule(task, calendar)
            overrides = task_spec.get("unit_progress", {})
            for role, codes in (
                ("lead", task_spec["lead"]),
                ("cooperating", task_spec.get("cooperating", [])),
            ):
                for unit in expand_owners(codes, issued):
                    if any(a.unit_id == unit.id for a in task.assignments):
                        continue  # a lead unit that its cooperating group also names
                    lead = leads.get(unit.id)
                    if schedule:
                        for period, due in schedule:
                            progress = _checkpoint_progress(task_spec, unit.code, role, period, due)
                            assignment = _assignment(task, unit, role, due, issued, period.code)
                            _apply_progress(assignment, progress, office, lead, issued, noted_on)
                            report.add("assignments")
                        continue
                    assignment = _assignment(task, unit, role, task.due_date, issued)
                    progress = overrides.get(unit.code, task_spec["progress"])
                    if role == "cooperating":
                        progress = {**progress, "extension": None}
                    _apply_progress(assignment, progress, office, lead, issued, noted_on)
                    report.add("assignments")
            if task_spec["progress"].get("state") == "cancelled" and all(
                a.state == "cancelled" for a in task.assignments
            ):
                task.cancelled_on = task_spec["progress"].get("cancelled_on")
    db.session.flush()
    # The demo's journal is back-dated: its periods are replayed from it.
    ids = [a.id for task in plan.tasks for a in task.assignments]
    rebuild_periods(db.session.connection(), ids)
