"""Random histories of assignments, played through the services on simulated days (for
test_history_as_of.py).

The clock is simulated by replacing the `datetime` that tracker.core.timeutil reads (every
local_today() and utcnow() of the app goes through it). The journal's created_at is the
database's now(), the same for a whole test transaction, so each step stamps its entries with
the simulated moment: what they would hold had they been written that day. Each history has a
connection and a transaction of its own, rolled back at its end.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from io import BytesIO
from unittest import mock
from zoneinfo import ZoneInfo

from hypothesis import strategies as st
from sqlalchemy import func, select, update

from tests.conftest import rolled_back_session
from tracker.accounts.models import User
from tracker.assignments.changes import revise_assignment
from tracker.assignments.extension_requests import decide_extension, request_extension
from tracker.assignments.models import Assignment, ExtensionRequest, JournalEntry
from tracker.assignments.workflow import Evidence, confirm_completion, report_progress
from tracker.core import timeutil
from tracker.extensions import db
from tracker.plans.models import Plan, Task
from tracker.plans.services import TaskInput, create_task
from tracker.units.models import Unit

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
FIRST_DAY = date(2021, 3, 1)
UNIT_CODES = ("HA", "HB", "HC")
PLAN_CODE = "14/KH-UBND"
OPEN = ("not_started", "in_progress", "paused")


class _AnyDatetime(type):
    # format_date() asks isinstance(value, datetime): real datetimes must still pass.
    def __instancecheck__(cls, instance) -> bool:
        return isinstance(instance, datetime)


class SimulatedClock(datetime, metaclass=_AnyDatetime):
    """datetime, save that now() is the simulated moment."""

    moment = datetime.combine(FIRST_DAY, time(8), tzinfo=ZONE)

    @classmethod
    def now(cls, tz=None):
        return cls.moment.astimezone(tz) if tz else cls.moment.replace(tzinfo=None)


# ---- the world the steps change --------------------------------------------------------


@dataclass
class World:
    office: User
    leads: dict[int, User]  # unit id → its lead
    plan: Plan
    today: date = FIRST_DAY
    step_of_day: int = 0
    tasks: int = 0
    changed_today: bool = False
    journal_seen: int = 0
    created_on: dict[int, date] = field(default_factory=dict)  # assignment id → day written

    def next_task(self) -> int:
        self.tasks += 1
        return self.tasks

    def assignments(self) -> list[Assignment]:
        return list(
            db.session.scalars(
                select(Assignment)
                .join(Task, Task.id == Assignment.task_id)
                .where(Task.plan_id == self.plan.id)
                .order_by(Assignment.id)
            )
        )

    def pick(self, index: int, eligible) -> Assignment | None:
        candidates = [a for a in self.assignments() if eligible(a)]
        return candidates[index % len(candidates)] if candidates else None

    def pending_ids(self) -> set[int]:
        return set(
            db.session.scalars(
                select(ExtensionRequest.assignment_id).where(ExtensionRequest.decision == "pending")
            )
        )

    def lead_of(self, assignment: Assignment) -> User:
        return self.leads[assignment.unit_id]

    def play(self, step) -> None:
        """Apply one step on its day, at the next minute of that day."""
        if step.gap:
            self.today += timedelta(days=step.gap)
            self.step_of_day = 0
            self.changed_today = False
        self.step_of_day += 1
        # Just after midnight, local time: still the day before in UTC, where the database
        # keeps the journal's moments.
        moment = datetime.combine(self.today, time(0), tzinfo=ZONE) + timedelta(
            minutes=self.step_of_day
        )
        SimulatedClock.moment = moment
        step.apply(self)
        # The journal entries this step wrote happened at the simulated moment.
        stamped = db.session.execute(
            update(JournalEntry)
            .where(JournalEntry.id > self.journal_seen)
            .values(created_at=moment)
            .returning(JournalEntry.id, JournalEntry.assignment_id)
            .execution_options(synchronize_session=False)
        ).all()
        db.session.commit()
        for entry_id, assignment_id in stamped:
            self.journal_seen = max(self.journal_seen, entry_id)
            self.created_on.setdefault(assignment_id, self.today)
        self.changed_today = self.changed_today or bool(stamped)


@contextlib.contextmanager
def own_transaction(app):
    """One example's rolled-back transaction (as tests/conftest.py's db_session), on the
    simulated clock."""
    with (
        rolled_back_session(app),
        app.test_request_context(),
        mock.patch.object(timeutil, "datetime", SimulatedClock),
    ):
        yield


def set_up() -> World:
    """Three departments with a lead each, the office, and an empty plan of 2021."""
    units = [
        Unit(code=code, name=f"Đơn vị {code}", short_name=code, kind="department", aliases=[])
        for code in UNIT_CODES
    ]
    office = User(email="vp@history.test", full_name="Văn phòng", role="office", password_hash="-")
    leads = [
        User(
            email=f"{u.code.lower()}@history.test",
            full_name=f"Lãnh đạo {u.code}",
            role="unit_lead",
            unit=u,
            password_hash="-",
        )
        for u in units
    ]
    plan = Plan(code=PLAN_CODE, title="Kế hoạch thử", year=2021, issued_on=FIRST_DAY)
    db.session.add_all([*units, office, *leads, plan])
    db.session.commit()
    return World(
        office=office,
        leads={u.unit_id: u for u in leads},
        plan=plan,
        # Entries already in the database (none, unless a test committed some) are not ours.
        journal_seen=db.session.scalar(select(func.coalesce(func.max(JournalEntry.id), 0))),
    )


# ---- the steps of a history -------------------------------------------------------------


@dataclass(frozen=True)
class Create:
    gap: int  # days after the previous step (0: the same day)
    leads: tuple[int, ...]
    cooperating: int | None
    due_in: int | None  # the due date, in days from today (None: no due date)
    backdate: int  # assigned this many days before today (0: today)
    needs_confirmation: bool

    def apply(self, world: World) -> None:
        today = world.today
        number = f"T{world.next_task()}"
        leads = [UNIT_CODES[i] for i in self.leads]
        cooperating = [UNIT_CODES[self.cooperating]] if self.cooperating is not None else []
        create_task(
            world.office,
            world.plan,
            TaskInput(
                number=number,
                title=f"Nhiệm vụ {number}",
                lead_units=leads,
                cooperating_units=[c for c in cooperating if c not in leads],
                due_date=None if self.due_in is None else today + timedelta(days=self.due_in),
                needs_confirmation=self.needs_confirmation,
                assigned_on=today - timedelta(days=self.backdate) if self.backdate else None,
                assigned_on_reason="Giao từ văn bản trước" if self.backdate else "",
            ),
        )


@dataclass(frozen=True)
class Progress:
    gap: int
    pick: int
    state: str
    progress: int
    evidence: str | None

    def apply(self, world: World) -> None:
        # Awaiting confirmation too: a unit may take its reported completion back.
        found = world.pick(self.pick, lambda a: a.state in OPEN + ("awaiting_confirmation",))
        if found:
            report_progress(
                world.lead_of(found),
                found,
                version=found.version,
                state=self.state,
                progress=self.progress,
                note="Cập nhật tiến độ",
                evidence=evidence_of(self.evidence, found, world.today),
            )


@dataclass(frozen=True)
class ReportDone:
    gap: int
    pick: int
    evidence: str

    def apply(self, world: World) -> None:
        found = world.pick(self.pick, lambda a: a.state in OPEN)
        if found:
            report_progress(
                world.lead_of(found),
                found,
                version=found.version,
                state="done",
                progress=100,
                evidence=evidence_of(self.evidence, found, world.today),
            )


def evidence_of(kind: str | None, assignment: Assignment, today: date) -> Evidence | None:
    """A document (number and date), a link, or a file uploaded alone."""
    if kind is None:
        return None
    if kind == "file":
        content = f"%PDF-1.4 báo cáo {assignment.id}".encode()
        return Evidence(
            file_name="bao-cao.pdf", file_stream=BytesIO(content), file_size=len(content)
        )
    if kind == "link":
        return Evidence(url=f"https://example.vn/bc/{assignment.id}/{today.isoformat()}")
    return Evidence(document_number=f"{assignment.id}-{today:%d%m}/BC", document_date=today)


@dataclass(frozen=True)
class Decide:
    gap: int
    pick: int
    accept: bool

    def apply(self, world: World) -> None:
        found = world.pick(self.pick, lambda a: a.state == "awaiting_confirmation")
        if found:
            confirm_completion(
                world.office,
                found,
                accept=self.accept,
                note="" if self.accept else "Thiếu sản phẩm",
                version=found.version,
            )


@dataclass(frozen=True)
class RequestExtension:
    gap: int
    pick: int
    by: int

    def apply(self, world: World) -> None:
        today = world.today
        found = world.pick(
            self.pick,
            lambda a: (
                a.state not in ("done", "cancelled")
                and a.due_date is not None
                and today <= a.due_date
                and a.id not in world.pending_ids()
            ),
        )
        if found:
            request_extension(
                world.lead_of(found),
                found,
                due_date=found.due_date + timedelta(days=self.by),
                reason="Cần thêm thời gian",
            )


@dataclass(frozen=True)
class DecideExtension:
    gap: int
    pick: int
    approve: bool

    def apply(self, world: World) -> None:
        pending = list(
            db.session.scalars(
                select(ExtensionRequest)
                .where(ExtensionRequest.decision == "pending")
                .order_by(ExtensionRequest.id)
            )
        )
        if not pending:
            return
        extension = pending[self.pick % len(pending)]
        assignment = extension.assignment
        # Approval is refused once the assignment moved on (finished, or re-dated past the
        # request); the office then rejects it.
        approvable = assignment.state not in ("done", "cancelled") and (
            assignment.due_date is None or extension.requested_date > assignment.due_date
        )
        approve = self.approve and approvable
        decide_extension(
            world.office, extension, approve=approve, note="" if approve else "Không đồng ý"
        )


@dataclass(frozen=True)
class Redate:
    gap: int
    pick: int
    due_in: int
    cancel_too: bool

    def apply(self, world: World) -> None:
        new_due = world.today + timedelta(days=self.due_in)
        found = world.pick(self.pick, lambda a: a.state != "cancelled" and a.due_date != new_due)
        if found:
            revise_assignment(
                world.office,
                found,
                "Điều chỉnh theo chỉ đạo",
                due_date=new_due,
                cancel=self.cancel_too,
                version=found.version,
            )


@dataclass(frozen=True)
class Cancel:
    gap: int
    pick: int

    def apply(self, world: World) -> None:
        found = world.pick(self.pick, lambda a: a.state != "cancelled")
        if found:
            revise_assignment(
                world.office, found, "Không còn phù hợp", cancel=True, version=found.version
            )


# Half the steps happen on the same day as the one before: the end of a day is what counts.
gaps = st.just(0) | st.integers(1, 12)
picks = st.integers(0, 9)
evidences = st.sampled_from(("document", "link", "file"))
creates = st.builds(
    Create,
    gap=gaps,
    leads=st.lists(st.integers(0, 2), min_size=1, max_size=2, unique=True).map(tuple),
    cooperating=st.none() | st.integers(0, 2),
    due_in=st.none() | st.integers(-10, 90),
    backdate=st.sampled_from([0, 0, 1, 5, 20]),
    needs_confirmation=st.booleans(),
)
steps = st.one_of(
    creates,
    st.builds(
        Progress,
        gap=gaps,
        pick=picks,
        state=st.sampled_from(OPEN),
        progress=st.integers(0, 99),
        evidence=st.none() | evidences,
    ),
    st.builds(ReportDone, gap=gaps, pick=picks, evidence=evidences),
    st.builds(Decide, gap=gaps, pick=picks, accept=st.booleans()),
    st.builds(RequestExtension, gap=gaps, pick=picks, by=st.integers(1, 30)),
    st.builds(DecideExtension, gap=gaps, pick=picks, approve=st.booleans()),
    st.builds(Redate, gap=gaps, pick=picks, due_in=st.integers(-10, 90), cancel_too=st.booleans()),
    st.builds(Cancel, gap=gaps, pick=picks),
)
histories = st.tuples(creates, st.lists(steps, max_size=16)).map(lambda h: [h[0], *h[1]])
