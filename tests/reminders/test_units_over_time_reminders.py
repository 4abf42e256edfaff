"""Reminders after a reorganisation: a closed unit's open work is told to the people of the
unit it became, never to its own people; work a unit dissolved without a successor still holds
is told to nobody of a unit (the office still hears when it escalates)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tests.reminders.conftest import AS_OF, run_tracker, wait_until
from tests.reminders.test_reminders_delivery import digests_by_recipient, settled, statuses
from tests.reminders.test_reminders_planning import plan
from tracker.accounts.models import User
from tracker.assignments.models import Assignment
from tracker.extensions import db
from tracker.units.closing import close_into
from tracker.units.models import Unit

CLOSED_ON = date(2026, 11, 1)
SA_PEOPLE = {"lead.a@example.vn", "cv.a@example.vn"}


def add_sc(app) -> None:
    """A third department SC, with its lead (SB cooperates on an SA task: SC takes SA's)."""
    with app.app_context():
        unit = Unit(code="SC", name="Sở C", short_name="Sở C", kind="department", aliases=[])
        lead = User(
            email="lead.c@example.vn",
            full_name="Lãnh đạo C",
            role="unit_lead",
            unit=unit,
            password_hash="-",
        )
        db.session.add_all([unit, lead])
        db.session.commit()


def close_sa(app, into: str | None) -> None:
    """SA closes on CLOSED_ON, into `into` (its open work moves there) or dissolved."""
    with app.test_request_context():
        unit = db.session.scalar(select(Unit).where(Unit.code == "SA"))
        successor = db.session.scalar(select(Unit).where(Unit.code == into)) if into else None
        office = db.session.scalar(select(User).where(User.role == "office"))
        close_into(unit, CLOSED_ON, successor, "Quyết định số 7/QĐ-UBND", office)
        db.session.commit()


def lead_assignment_of(app, task_id: int) -> int:
    with app.app_context():
        return db.session.scalar(
            select(Assignment.id).where(Assignment.task_id == task_id, Assignment.role == "lead")
        )


def test_a_merged_units_work_is_sent_to_the_successors_people(
    rapp, smtp, office_world, celery_worker
):
    _controller, recorder = smtp
    add_sc(rapp)
    close_sa(rapp, into="SC")
    result = run_tracker(rapp, "remind", "--as-of", AS_OF.isoformat(), "--no-invites")
    assert result.returncode == 0, result.stderr
    wait_until(lambda: len(recorder.received) >= 3)
    wait_until(settled(rapp, 3))
    assert statuses(rapp) == {"sent": 3}
    mails = digests_by_recipient(recorder)
    # None to SA's people; SB hears of its cooperation, the office of the escalated one.
    assert set(mails) == {"lead.c@example.vn", "lead.b@example.vn", "vp@example.vn"}
    text = mails["lead.c@example.vn"].get_body(("plain",)).get_content()
    for name in ("late9", "late3", "today", "soon"):
        assert f"Nhiệm vụ {name}" in text


def test_work_left_with_a_dissolved_unit_is_told_to_no_unit(rapp, office_world):
    close_sa(rapp, into=None)
    planned = plan(rapp, AS_OF)
    assert SA_PEOPLE.isdisjoint(planned)
    # The office hears of the escalated one; SB of its own cooperation only.
    assert planned["vp@example.vn"] == [lead_assignment_of(rapp, office_world["tasks"]["late9"])]
    assert set(planned) == {"vp@example.vn", "lead.b@example.vn"}
    assert len(planned["lead.b@example.vn"]) == 1


def test_a_successor_given_later_hears_of_what_was_left(rapp, office_world):
    add_sc(rapp)
    close_sa(rapp, into=None)
    with rapp.app_context():
        unit = db.session.scalar(select(Unit).where(Unit.code == "SA"))
        unit.successor = db.session.scalar(select(Unit).where(Unit.code == "SC"))
        db.session.commit()
    planned = plan(rapp, AS_OF)
    assert SA_PEOPLE.isdisjoint(planned)
    assert len(planned["lead.c@example.vn"]) == 4  # what SA still holds
