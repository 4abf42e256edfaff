"""`tracker seed-demo`: Quảng Trị's units, groups, two plans and a user per role.

Idempotent: rows are found by their natural keys (unit code, group code, plan code, email)
and left alone when they exist, so a second run changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select

from tracker.accounts.models import User
from tracker.accounts.passwords import hash_password
from tracker.assignments.journal import journal
from tracker.assignments.models import Assignment, ExtensionRequest
from tracker.assignments.replay import rebuild_periods
from tracker.demo import units as unit_data
from tracker.demo.plan_data import PLAN_5959, PLAN_Q4_2021
from tracker.extensions import db
from tracker.plans.models import Plan, PlanSection, Task
from tracker.units.models import Unit, UnitGroup
from tracker.units.services import expand_owners

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")

# (email, full name, role, unit code, password): printed by the command, for trying the app.
DEMO_USERS = [
    ("admin@cchc.demo", "Quản trị hệ thống", "admin", None, "QuanTri@2021"),
    (
        "vanphong@cchc.demo",
        "Nguyễn Thị Hương (Văn phòng UBND tỉnh)",
        "office",
        "VPUBND",
        "VanPhong@2021",
    ),
    (
        "lanhdao.snv@cchc.demo",
        "Trần Văn Minh (Lãnh đạo Sở Nội vụ)",
        "unit_lead",
        "SNV",
        "SoNoiVu@2021",
    ),
    (
        "chuyenvien.snv@cchc.demo",
        "Lê Thị Lan (Chuyên viên Sở Nội vụ)",
        "unit_member",
        "SNV",
        "ChuyenVien@2021",
    ),
    (
        "lanhdao.dongha@cchc.demo",
        "Phạm Quốc Huy (Lãnh đạo UBND TP Đông Hà)",
        "unit_lead",
        "461",
        "DongHa@2021",
    ),
    ("xem@cchc.demo", "Hoàng Văn Nam (Lãnh đạo UBND tỉnh)", "viewer", None, "XemBaoCao@2021"),
]


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)

    def add(self, what: str, n: int = 1) -> None:
        self.created[what] = self.created.get(what, 0) + n


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=ZONE)


def seed_units(report: SeedReport) -> None:
    existing = {u.code: u for u in db.session.scalars(select(Unit))}

    def ensure(code, name, short, kind, aliases, parent=None) -> Unit:
        unit = existing.get(code)
        if unit is None:
            unit = Unit(
                code=code,
                name=name,
                short_name=short,
                kind=kind,
                aliases=aliases,
                parent=parent,
                valid_from=unit_data.VALID_FROM,
            )
            db.session.add(unit)
            existing[code] = unit
            report.add("units")
        return unit

    office = ensure(
        unit_data.OFFICE[0], unit_data.OFFICE[1], unit_data.OFFICE[2], "office", unit_data.OFFICE[3]
    )
    for code, name, short, aliases in unit_data.DEPARTMENTS:
        ensure(code, name, short, "department", aliases)
    districts = {}
    for code, name, short, aliases in unit_data.DISTRICTS:
        districts[code] = ensure(code, name, short, "district", aliases)
    for code, name, short, district_code in unit_data.communes():
        unit = ensure(code, name, short, "commune", [], parent=districts[district_code])
        if unit.short_name == short.capitalize() != short:
            # Seeded before the official spelling was kept ("Xã vĩnh thái"): mended in place.
            unit.short_name = short
    del office
    db.session.flush()

    groups = {g.code: g for g in db.session.scalars(select(UnitGroup))}
    for code, name, aliases, kinds in unit_data.GROUPS:
        if code in groups:
            continue
        members = sorted((u for u in existing.values() if u.kind in kinds), key=lambda u: u.code)
        group = UnitGroup(code=code, name=name, aliases=aliases)
        for unit in members:
            group.add_member(unit)
        db.session.add(group)
        report.add("groups")
    db.session.flush()


def seed_users(report: SeedReport) -> None:
    for email, name, role, unit_code, password in DEMO_USERS:
        if db.session.scalar(select(User).where(User.email == email)):
            continue
        unit = db.session.scalar(select(Unit).where(Unit.code == unit_code)) if unit_code else None
        db.session.add(
            User(
                email=email,
                full_name=name,
                role=role,
                unit=unit,
                password_hash=hash_password(password),
            )
        )
        report.add("users")
    db.session.flush()


def _journal(
    assignment: Assignment, office: User | None, lead: User | None, progress: dict, issued: date
) -> None:
    """Back-dated journal rows that tell how the assignment reached its demo state."""
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
            created_at=at(progress.get("cancelled_on") or date(2021, 9, 15), 11),
            old_state="in_progress",
            new_state=state,
            new_progress=progress["progress"],
            note=progress["note"],
        )


def _apply_progress(assignment: Assignment, progress: dict, office, lead, issued: date) -> None:
    assignment.state = progress["state"]
    assignment.progress = progress["progress"]
    assignment.completed_on = progress.get("completed_on")
    assignment.cancelled_on = progress.get("cancelled_on")
    evidence = progress.get("evidence") or {}
    assignment.evidence_document_number = evidence.get("document_number")
    assignment.evidence_document_date = evidence.get("document_date")
    assignment.evidence_url = evidence.get("url")
    _journal(assignment, office, lead, progress, issued)
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


def seed_plan(spec: dict, report: SeedReport) -> None:
    if db.session.scalar(select(Plan).where(Plan.code == spec["code"])):
        return
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
    )
    db.session.add(plan)
    issued = spec["issued_on"]
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
            overrides = task_spec.get("unit_progress", {})
            for role, codes in (
                ("lead", task_spec["lead"]),
                ("cooperating", task_spec.get("cooperating", [])),
            ):
                for unit in expand_owners(codes, issued):
                    if any(a.unit_id == unit.id for a in task.assignments):
                        continue  # a lead unit that its cooperating group also names
                    assignment = Assignment(
                        task=task,
                        unit=unit,
                        role=role,
                        due_date=task.due_date,
                        original_due_date=task.due_date,
                        assigned_on=issued,
                    )
                    db.session.add(assignment)
                    progress = overrides.get(unit.code, task_spec["progress"])
                    if role == "cooperating":
                        progress = {**progress, "extension": None}
                    _apply_progress(assignment, progress, office, leads.get(unit.id), issued)
                    report.add("assignments")
            if task_spec["progress"].get("state") == "cancelled" and all(
                a.state == "cancelled" for a in task.assignments
            ):
                task.cancelled_on = task_spec["progress"].get("cancelled_on")
    db.session.flush()
    # The demo's journal is back-dated: its periods are replayed from it.
    ids = [a.id for task in plan.tasks for a in task.assignments]
    rebuild_periods(db.session.connection(), ids)


def seed_demo() -> SeedReport:
    report = SeedReport()
    seed_units(report)
    seed_users(report)

    for spec in (PLAN_5959, PLAN_Q4_2021):
        seed_plan(spec, report)
    db.session.commit()
    return report
