"""A small province that was reorganised (for tests/test_units_over_time_*.py), played through
the real services: tasks assigned 120 days ago, one reported done 90 days ago (on a simulated
clock), then 30 days ago a merger (SKH into STC, by units.closing.close_into), a district
dissolved without a successor (HCL keeps its open task) and a rename (SNN → Sở Nông nghiệp
và Môi trường).

    day     -120 assigned · -90 SKH reports T2 done · -30 effective day (E) · 0 today

It is built in an app context of its own (a test client's requests must not share the test's,
whose `g` would keep the first request's language and user); `unit`, `assignment` and `person`
load its rows again in the session of the context they are called in.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from unittest import mock

from tests.conftest import local_today
from tests.history_support import ZONE, SimulatedClock
from tracker.accounts.models import User
from tracker.assignments.models import Assignment, AssignmentTransfer
from tracker.assignments.workflow import Evidence, report_progress
from tracker.core import timeutil
from tracker.extensions import db
from tracker.plans.services import TaskInput, create_task
from tracker.units.closing import close_into
from tracker.units.lifecycle import close_unit, rename_unit
from tracker.units.models import Unit

DECISION = "Quyết định số 12/QĐ-UBND"
PLAN = "9/KH-UBND"


@contextlib.contextmanager
def on_day(day: date):
    """The app's clock (tracker.core.timeutil) reads `day`, 09:00 local time."""
    SimulatedClock.moment = datetime.combine(day, time(9), tzinfo=ZONE)
    with mock.patch.object(timeutil, "datetime", SimulatedClock):
        yield


@dataclass
class Reorganised:
    today: date
    assigned: date  # the tasks' assigned day
    done_day: date  # T2 reported done
    effective: date  # the merger, the dissolution and the rename
    people_ids: dict[str, int]  # "office", "skh_lead"… → the user's id
    assignment_ids: dict[str, int]  # task number → its lead assignment's id
    transfer_ids: list[int]

    def days(self, n: int) -> date:
        return self.today + timedelta(days=n)

    def person(self, name: str) -> User:
        return db.session.get(User, self.people_ids[name])

    def unit(self, code: str) -> Unit:
        return db.session.scalar(db.select(Unit).where(Unit.code == code))

    def assignment(self, number: str) -> Assignment:
        return db.session.get(Assignment, self.assignment_ids[number])

    def transfers(self) -> list[AssignmentTransfer]:
        return [db.session.get(AssignmentTransfer, i) for i in self.transfer_ids]


# number, lead, due (days from today)
TASKS = [
    ("T1", "SKH", 30),  # open: moves to STC on E
    ("T2", "SKH", -80),  # done on day -90: stays with SKH
    ("T3", "STC", -50),  # STC's own, overdue
    ("T4", "HCL", 10),  # open, its district dissolved without a successor
    ("T5", "SNN", 60),  # the renamed unit's
]


def build_reorganised(app, make_unit, make_user, make_plan) -> Reorganised:
    today = local_today()
    days = (today - timedelta(days=n) for n in (120, 90, 30))
    dues = {number: today + timedelta(days=due) for number, _lead, due in TASKS}
    with app.test_request_context():
        return _build(make_unit, make_user, make_plan, *days, dues)


def build_reorganised_in_2025(app, make_unit, make_user, make_plan) -> Reorganised:
    """The same story on fixed days: assigned 02/01/2025, T2 done 10/02/2025, the changes on
    01/03/2025 (in the first quarter); T1 due 30/06, T3 15/03, T4 30/04, T5 31/05/2025."""
    days = (date(2025, 1, 2), date(2025, 2, 10), date(2025, 3, 1))
    dues = {
        "T1": date(2025, 6, 30),
        "T2": date(2025, 2, 28),
        "T3": date(2025, 3, 15),
        "T4": date(2025, 4, 30),
        "T5": date(2025, 5, 31),
    }
    with app.test_request_context():
        return _build(make_unit, make_user, make_plan, *days, dues)


def _build(make_unit, make_user, make_plan, assigned, done_day, effective, dues) -> Reorganised:
    today = local_today()
    units = {
        "SKH": make_unit(code="SKH", name="Sở Kế hoạch và Đầu tư", short_name="Sở KH&ĐT"),
        "STC": make_unit(code="STC", name="Sở Tài chính", short_name="Sở TC"),
        "SNN": make_unit(code="SNN", name="Sở Nông nghiệp và PTNT", short_name="Sở NN&PTNT"),
        "HCL": make_unit(
            kind="district", code="HCL", name="UBND huyện Cam Lộ", short_name="Cam Lộ"
        ),
    }
    people = {
        "office": make_user(role="office"),
        "skh_lead": make_user(role="unit_lead", unit=units["SKH"]),
        "stc_lead": make_user(role="unit_lead", unit=units["STC"]),
        "hcl_lead": make_user(role="unit_lead", unit=units["HCL"]),
        "snn_lead": make_user(role="unit_lead", unit=units["SNN"]),
    }
    plan = make_plan(code=PLAN, year=assigned.year)
    for number, lead, _due in TASKS:
        create_task(
            people["office"],
            plan,
            TaskInput(
                number=number,
                title=f"Nhiệm vụ {number}",
                lead_units=[lead],
                due_date=dues[number],
                assigned_on=assigned,
                assigned_on_reason="Giao theo kế hoạch",
                needs_confirmation=False,
            ),
        )
    assignments = {
        a.task.number: a for a in db.session.scalars(db.select(Assignment)) if a.task.plan == plan
    }
    with on_day(done_day):
        report_progress(
            people["skh_lead"],
            assignments["T2"],
            version=assignments["T2"].version,
            state="done",
            progress=100,
            evidence=Evidence(document_number="15/BC-SKH", document_date=done_day),
        )
    transfers = close_into(
        units["SKH"], effective, units["STC"], DECISION, people["office"], kind="absorb"
    )
    close_unit(units["HCL"], effective)
    rename_unit(
        units["SNN"], "Sở Nông nghiệp và Môi trường", "Sở NN&MT", effective, decision=DECISION
    )
    db.session.commit()
    return Reorganised(
        today,
        assigned,
        done_day,
        effective,
        {name: user.id for name, user in people.items()},
        {number: a.id for number, a in assignments.items()},
        [t.id for t in transfers],
    )
