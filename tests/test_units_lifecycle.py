"""The primitives of units over time (#17): a closed unit's open work moves to its successor
from the effective day (the days before keep the old unit, also after a replay of the
journal), done work stays; groups expand with the members of the assigned day; a unit closed
on the assigned day is refused; names and successors as of a day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.conftest import local_today
from tracker.assignments.history import periods_of
from tracker.assignments.models import Assignment, AssignmentTransfer, JournalEntry
from tracker.assignments.replay import rebuild_periods
from tracker.assignments.workflow import Evidence, report_progress
from tracker.core.exceptions import ValidationFailed
from tracker.extensions import db
from tracker.plans.services import TaskInput, create_task
from tracker.units.closing import close_into, split_into, unchosen_assignments
from tracker.units.lifecycle import (
    current_unit_of,
    lineage,
    names_on,
    rename_unit,
    successor_map,
)
from tracker.units.models import UnitGroupMembership
from tracker.units.services import UnitClosed, expand_owners

pytestmark = pytest.mark.usefixtures("app_ctx")

# Past days counted from the day the module loaded; a test asks local_today() for today,
# since a run of the suite can cross midnight in the province.
LOADED_ON = local_today()
LONG_AGO = LOADED_ON - timedelta(days=60)
EFFECTIVE = LOADED_ON - timedelta(days=20)


def unit_as_of(assignment_id: int, day: date) -> int | None:
    for period in periods_of([assignment_id])[assignment_id]:
        if period.valid_from <= day and (period.valid_to is None or day < period.valid_to):
            return period.unit_id
    return None


@pytest.fixture
def world(make_unit, make_user, make_plan):
    old, other, successor = (make_unit(code=c) for c in ("CU", "KHAC", "MOI"))
    office = make_user(role="office")
    plan = make_plan(code="KH-THU")
    lead = make_user(role="unit_lead", unit=old)

    def task(number: str, units) -> Assignment:
        made = create_task(
            office,
            plan,
            TaskInput(
                number=number,
                title=f"Nhiệm vụ thử {number}",
                lead_units=[u.code for u in units],
                due_date=local_today() + timedelta(days=30),
                assigned_on=LONG_AGO,
                assigned_on_reason="Giao theo kế hoạch",
            ),
        )
        return next(a for a in made.assignments if a.unit_id == units[0].id)

    open_one = task("1", [old])
    done_one = task("2", [old])
    report_progress(
        lead,
        done_one,
        version=done_one.version,
        state="done",
        progress=100,
        evidence=Evidence(document_number="12/BC-SNV", document_date=local_today()),
    )
    db.session.commit()
    return {
        "old": old,
        "other": other,
        "successor": successor,
        "office": office,
        "open": open_one,
        "done": done_one,
        "task": task,
    }


def test_open_work_moves_done_work_stays_and_the_past_keeps_the_old_unit(world):
    old, successor, opened, done = world["old"], world["successor"], world["open"], world["done"]
    due = opened.due_date
    moved = close_into(old, EFFECTIVE, successor, "Quyết định 1/QĐ-UBND", world["office"])
    db.session.commit()

    assert [t.assignment_id for t in moved] == [opened.id]
    assert opened.unit_id == successor.id and opened.due_date == due
    assert done.unit_id == old.id
    assert old.valid_to == EFFECTIVE - timedelta(days=1) and old.successor_id == successor.id
    entry = db.session.scalar(
        select(JournalEntry).where(
            JournalEntry.assignment_id == opened.id, JournalEntry.kind == "transferred"
        )
    )
    assert entry.note == "Quyết định 1/QĐ-UBND"
    assert unit_as_of(opened.id, EFFECTIVE - timedelta(days=1)) == old.id
    assert unit_as_of(opened.id, EFFECTIVE) == successor.id
    assert unit_as_of(opened.id, local_today()) == successor.id
    assert unit_as_of(done.id, local_today()) == old.id

    # The journal replayed gives the same periods, the transfer included.
    before = [(p.valid_from, p.valid_to, p.unit_id) for p in periods_of([opened.id])[opened.id]]
    rebuild_periods(db.session.connection(), [opened.id])
    db.session.expire_all()
    after = [(p.valid_from, p.valid_to, p.unit_id) for p in periods_of([opened.id])[opened.id]]
    assert after == before

    # Closing again is a no-op: nothing moves twice.
    assert close_into(old, EFFECTIVE, successor, "Quyết định 1/QĐ-UBND") == []
    assert db.session.query(AssignmentTransfer).count() == 1
    assert lineage(successor)["predecessors"][0]["code"] == "CU"
    assert lineage(old)["successors"][0]["date"] == EFFECTIVE


def test_a_split_moves_each_open_assignment_to_its_chosen_successor(world, make_unit):
    old = world["old"]
    second = world["task"]("3", [old])
    first_new, second_new = make_unit(code="TACH1"), make_unit(code="TACH2")
    choices = {world["open"].id: first_new}
    assert unchosen_assignments(old, choices) == [second.id]
    choices[second.id] = second_new
    split_into(old, EFFECTIVE, [first_new, second_new], choices, "Nghị quyết tách")
    db.session.commit()
    assert world["open"].unit_id == first_new.id and second.unit_id == second_new.id
    assert world["done"].unit_id == old.id
    assert {s["code"] for s in lineage(old)["successors"]} == {"TACH1", "TACH2"}


def test_groups_expand_with_the_members_of_the_assigned_day(make_unit, make_group):
    stays, leaves, joins = (make_unit(code=c) for c in ("O", "DI", "DEN"))
    group = make_group([stays, leaves], code="NHOM-NGAY")
    db.session.execute(
        UnitGroupMembership.__table__.update()
        .where(UnitGroupMembership.unit_id == leaves.id)
        .values(valid_to=EFFECTIVE - timedelta(days=1))
    )
    group.add_member(joins, since=EFFECTIVE)
    db.session.commit()
    db.session.expire_all()
    before = expand_owners(["NHOM-NGAY"], EFFECTIVE - timedelta(days=1))
    after = expand_owners(["NHOM-NGAY"], EFFECTIVE)
    assert [u.code for u in before] == ["DI", "O"]
    assert [u.code for u in after] == ["DEN", "O"]


def test_a_unit_closed_on_the_assigned_day_cannot_be_given_a_task(world):
    close_into(world["old"], EFFECTIVE, world["successor"], "QĐ")
    db.session.commit()
    with pytest.raises(UnitClosed):
        expand_owners(["CU"], EFFECTIVE)
    assert [u.code for u in expand_owners(["CU"], EFFECTIVE - timedelta(days=1))] == ["CU"]
    with pytest.raises(ValidationFailed) as refused:
        create_task(
            world["office"],
            world["open"].task.plan,
            TaskInput(number="10", title="Nhiệm vụ sau giải thể", lead_units=["CU"]),
        )
    assert refused.value.fields["lead_units"].code == "unit_closed"


def test_names_and_successors_as_of_a_day(make_unit):
    first, second, third = (make_unit(code=c) for c in ("A1", "A2", "A3"))
    rename_unit(first, "Tên mới", "Mới", EFFECTIVE, "QĐ đổi tên")
    close_into(second, EFFECTIVE, third, "QĐ")
    close_into(third, local_today(), first, "QĐ")
    db.session.commit()
    assert names_on([first.id], EFFECTIVE - timedelta(days=1))[first.id][0].startswith("Đơn vị")
    assert names_on([first.id], EFFECTIVE) == {}
    assert "Đơn vị" in " ".join(first.aliases)
    successors = successor_map()
    assert current_unit_of(second.id, successors) == first.id
    assert current_unit_of(first.id, successors) == first.id
