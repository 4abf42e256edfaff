"""The office keeps the organisation (#17): creating a unit, renaming it (the old name stays an
alias and in its history, and names it on a past day), dissolving it with a successor (open
work moves, done work stays, the journal says "transferred") or without one; each refusal next
to its field in Vietnamese; a unit's lead is refused; group membership is dated and a group
expands to the members of the task's assigned day; the people of a closed unit are listed and
moved with the people service."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.conftest import csrf_from, local_today
from tracker.accounts.models import User
from tracker.assignments.models import Assignment, JournalEntry
from tracker.assignments.workflow import Evidence, report_progress
from tracker.audit.models import AuditEvent
from tracker.core.exceptions import Forbidden, ValidationFailed
from tracker.extensions import db
from tracker.plans.models import Plan, Task
from tracker.plans.services import TaskInput, create_task
from tracker.units import admin, closed_people, groups
from tracker.units.lifecycle import lineage, names_on
from tracker.units.models import UnitName
from tracker.units.services import expand_owners

# Past days counted from the day the module loaded; a test asks local_today() for today,
# since a run of the suite can cross midnight in the province.
LOADED_ON = local_today()
LONG_AGO = LOADED_ON - timedelta(days=60)
EFFECTIVE = LOADED_ON - timedelta(days=10)


@pytest.fixture
def office(make_user):
    return make_user(role="office")


@contextmanager
def acting(app):
    """The services run in a request context: in the page tests, one of its own (a session of
    its own, whose commits the test's session then reads); in the others, the test's. Rows
    pass by their ids: touching the test's own rows in there would interleave the two
    sessions' savepoints."""
    db.session.commit()
    with app.test_request_context():
        yield
    db.session.expire_all()


@pytest.fixture
def world(app, make_unit, make_user, make_plan, office):
    """A unit with an open and a done assignment, another unit to take over."""
    old = make_unit(code="CU", name="Sở Cũ", short_name="Sở Cũ", valid_from=LONG_AGO)
    successor = make_unit(code="MOI", name="Sở Mới", short_name="Sở Mới")
    lead = make_user(role="unit_lead", unit=old)
    plan = make_plan(code="KH-DV")

    office_id, plan_id, lead_id = office.id, plan.id, lead.id

    def task(number: str, units, assigned_on=LONG_AGO) -> Task:
        codes = [getattr(u, "code", u) for u in units]
        with acting(app):
            made = create_task(
                db.session.get(User, office_id),
                db.session.get(Plan, plan_id),
                TaskInput(
                    number=number,
                    title=f"Nhiệm vụ {number}",
                    lead_units=codes,
                    due_date=local_today() + timedelta(days=30),
                    assigned_on=assigned_on,
                    assigned_on_reason="Giao theo kế hoạch" if assigned_on != local_today() else "",
                    needs_confirmation=False,
                ),
            )
            made_id = made.id
        return db.session.get(Task, made_id)

    opened = task("1", [old]).assignments[0]
    done = task("2", [old]).assignments[0]
    done_id = done.id
    with acting(app):
        done_here = db.session.get(Assignment, done_id)
        report_progress(
            db.session.get(User, lead_id),
            done_here,
            version=done_here.version,
            state="done",
            progress=100,
            evidence=Evidence(document_number="1/BC", document_date=local_today()),
        )
        db.session.commit()
    return {
        "old": old,
        "successor": successor,
        "lead": lead,
        "open": opened,
        "done": done,
        "task": task,
        "plan": plan,
    }


def problems_of(refused) -> dict[str, str]:
    return {name: problem.code for name, problem in refused.value.fields.items()}


# --- create ----------------------------------------------------------------------------------


def test_office_creates_a_commune_with_its_division_type_and_district(app_ctx, office, make_unit):
    district = make_unit(kind="district", code="D1", name="UBND huyện Thử", short_name="Thử")
    unit = admin.create_unit(
        office,
        code="X1",
        name="UBND xã Một",
        short_name="Xã Một",
        kind="commune",
        division_type="xa",
        district="D1",
        valid_from=LONG_AGO,
        aliases="Xã 1\nXã Một ; Xã 1",
    )
    assert (unit.kind, unit.division_type, unit.parent, unit.valid_from) == (
        "commune",
        "xa",
        district,
        LONG_AGO,
    )
    assert unit.aliases == ["Xã 1", "Xã Một"]
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.target_id == unit.id))


def test_creating_refuses_each_wrong_field(app_ctx, office, make_unit):
    make_unit(code="TRUNG")
    department = make_unit(code="SO")
    with pytest.raises(ValidationFailed) as refused:
        admin.create_unit(
            office,
            code="TRUNG",
            name="",
            kind="commune",
            district=department.code,
            valid_from=local_today() + timedelta(days=1),
        )
    assert problems_of(refused) == {
        "code": "unit_code_taken",
        "name": "required",
        "division_type": "division_type_required",
        "valid_from": "effective_in_future",
        "district": "not_a_district",
    }
    assert str(refused.value.fields["code"]) == "Đã có đơn vị mang mã TRUNG."
    with pytest.raises(ValidationFailed) as refused:
        admin.create_unit(office, code="new", name="Tên", kind="boss", division_type="xa")
    assert problems_of(refused) == {
        "code": "unit_code_reserved",
        "kind": "one_of",
        "division_type": "division_type_for_commune",
    }


def test_a_unit_lead_may_not_create_rename_or_dissolve(app_ctx, world):
    lead = world["lead"]
    with pytest.raises(Forbidden):
        admin.create_unit(lead, code="K", name="K", kind="department")
    with pytest.raises(Forbidden):
        admin.update_unit(lead, world["old"], name="Tên khác")
    with pytest.raises(Forbidden):
        admin.dissolve_unit(
            lead, world["old"], effective_date=EFFECTIVE, successor=None, decision="QĐ"
        )


# --- rename ----------------------------------------------------------------------------------


def test_a_rename_keeps_the_old_name_as_an_alias_and_in_the_history(app_ctx, world, office):
    unit = world["old"]
    changes = admin.update_unit(
        office,
        unit,
        name="Sở Mới Tên",
        short_name="Sở MT",
        effective_date=EFFECTIVE,
        decision="QĐ 5/QĐ-UBND",
        aliases=["SCU"],
    )
    assert changes["name"] == ["Sở Cũ", "Sở Mới Tên"]
    assert (unit.name, unit.short_name) == ("Sở Mới Tên", "Sở MT")
    assert unit.aliases == ["SCU", "Sở Cũ"]
    earlier = db.session.scalar(select(UnitName).where(UnitName.unit_id == unit.id))
    assert (earlier.name, earlier.valid_to, earlier.decision) == (
        "Sở Cũ",
        EFFECTIVE - timedelta(days=1),
        "QĐ 5/QĐ-UBND",
    )
    # As of a day before the rename the unit bears its old name; from the day, the new one.
    assert names_on([unit.id], EFFECTIVE - timedelta(days=1))[unit.id][0] == "Sở Cũ"
    assert names_on([unit.id], EFFECTIVE) == {}


def test_a_rename_needs_its_day_and_its_decision(app_ctx, world, office):
    unit = world["old"]
    with pytest.raises(ValidationFailed) as refused:
        admin.update_unit(office, unit, name="Tên khác")
    assert problems_of(refused) == {"effective_date": "required", "decision": "decision_required"}
    assert str(refused.value.fields["decision"]) == "Hãy ghi văn bản quyết định thay đổi này."
    with pytest.raises(ValidationFailed) as refused:
        admin.update_unit(
            office,
            unit,
            name="Tên khác",
            effective_date=local_today() + timedelta(days=3),
            decision="QĐ",
        )
    assert problems_of(refused) == {"effective_date": "effective_in_future"}
    assert "văn phòng áp dụng" in str(refused.value.fields["effective_date"])
    with pytest.raises(ValidationFailed) as refused:
        admin.update_unit(office, unit, name="Tên khác", effective_date=LONG_AGO, decision="QĐ")
    assert problems_of(refused) == {"effective_date": "rename_too_early"}
    assert unit.name == "Sở Cũ"


def test_kind_and_division_type_change_without_a_rename(app_ctx, world, office):
    unit = world["old"]
    changes = admin.update_unit(office, unit, kind="commune", division_type="phuong")
    assert changes == {"kind": ["department", "commune"], "division_type": [None, "phuong"]}
    assert admin.update_unit(office, unit, kind="commune", division_type="phuong") == {}
    admin.update_unit(office, unit, kind="department")
    assert unit.division_type is None


# --- dissolve --------------------------------------------------------------------------------


def test_dissolving_with_a_successor_moves_open_work_and_keeps_done_work(app_ctx, world, office):
    old, successor, opened, done = world["old"], world["successor"], world["open"], world["done"]
    moved = admin.dissolve_unit(
        office, old, effective_date=EFFECTIVE, successor="MOI", decision="QĐ 9/QĐ-UBND"
    )
    assert done.state == "done" and [t.assignment_id for t in moved] == [opened.id]
    assert opened.unit_id == successor.id and done.unit_id == old.id
    assert old.valid_to == EFFECTIVE - timedelta(days=1) and old.successor == successor
    kinds = db.session.scalars(
        select(JournalEntry.kind).where(JournalEntry.assignment_id == opened.id)
    )
    assert "transferred" in list(kinds)
    assert lineage(successor)["predecessors"][0] | {"kind": None, "partial": None} == {
        "code": "CU",
        "name": "Sở Cũ",
        "date": EFFECTIVE,
        "decision": "QĐ 9/QĐ-UBND",
        "kind": None,
        "partial": None,
    }
    with pytest.raises(ValidationFailed) as refused:
        admin.dissolve_unit(
            office, old, effective_date=local_today(), successor="MOI", decision="QĐ"
        )
    assert problems_of(refused) == {"effective_date": "unit_closed_already"}


def test_dissolving_without_a_successor_leaves_the_open_work_with_the_unit(app_ctx, world, office):
    old = world["old"]
    assert (
        admin.dissolve_unit(
            office, old, effective_date=local_today(), successor=None, decision="QĐ giải thể"
        )
        == []
    )
    assert old.valid_to == local_today() - timedelta(days=1) and old.successor is None
    assert world["open"].unit_id == old.id


def test_dissolving_refuses_a_wrong_successor_a_future_day_and_no_decision(
    app_ctx, world, office, make_unit
):
    old = world["old"]
    later = make_unit(code="SAU", valid_from=local_today() - timedelta(days=2))
    with pytest.raises(ValidationFailed) as refused:
        admin.dissolve_unit(office, old, effective_date=EFFECTIVE, successor="CU", decision="")
    assert problems_of(refused) == {
        "successor": "successor_itself",
        "decision": "decision_required",
    }
    assert str(refused.value.fields["successor"]) == "Một đơn vị không thể kế thừa chính nó."
    with pytest.raises(ValidationFailed) as refused:
        admin.dissolve_unit(office, old, effective_date=EFFECTIVE, successor="SAU", decision="QĐ")
    assert problems_of(refused) == {"successor": "unit_not_on_day"}
    assert later.name in str(refused.value.fields["successor"])
    with pytest.raises(ValidationFailed) as refused:
        admin.dissolve_unit(
            office,
            old,
            effective_date=local_today() + timedelta(days=1),
            successor="KHONG",
            decision="QĐ",
        )
    assert problems_of(refused) == {
        "effective_date": "effective_in_future",
        "successor": "unknown_unit",
    }
    assert old.valid_to is None


# --- groups ----------------------------------------------------------------------------------


def test_a_group_expands_to_its_members_of_the_assigned_day(
    app_ctx, world, office, make_unit, make_group
):
    stays, leaves, joins = (make_unit(code=c, valid_from=LONG_AGO) for c in ("O", "DI", "DEN"))
    group = make_group([stays, leaves], code="NHOM")
    change_day = local_today() - timedelta(days=5)
    groups.add_membership(office, group, "DEN", change_day)
    leaving = next(m for m in group.memberships if m.unit_id == leaves.id)
    groups.end_membership(office, leaving, change_day)
    assert leaving.valid_to == change_day - timedelta(days=1)
    assert len(group.memberships) == 3  # ended, not deleted

    before = world["task"]("10", ["NHOM"], assigned_on=change_day - timedelta(days=1))
    after = world["task"]("11", ["NHOM"], assigned_on=change_day)
    assert sorted(a.unit.code for a in before.assignments) == ["DI", "O"]
    assert sorted(a.unit.code for a in after.assignments) == ["DEN", "O"]
    assert [u.code for u in expand_owners(["NHOM"])] == ["DEN", "O"]


def test_membership_changes_are_refused_with_reasons(app_ctx, world, office, make_unit, make_group):
    member = make_unit(code="TV", valid_from=LONG_AGO)
    group = make_group([member], code="NHOM2")
    with pytest.raises(ValidationFailed) as refused:
        groups.add_membership(office, group, "TV", local_today())
    assert problems_of(refused) == {"unit": "already_member"}
    with pytest.raises(ValidationFailed) as refused:
        groups.add_membership(office, group, "", local_today() + timedelta(days=1))
    assert problems_of(refused) == {"valid_from": "effective_in_future", "unit": "unit_required"}
    membership = group.memberships[0]
    groups.end_membership(office, membership, local_today())
    with pytest.raises(ValidationFailed) as refused:
        groups.end_membership(office, membership, local_today())
    assert problems_of(refused) == {"effective_date": "membership_ended"}
    with pytest.raises(Forbidden):
        groups.add_membership(world["lead"], group, "TV", local_today())


# --- people of closed units ------------------------------------------------------------------


def test_people_of_a_closed_unit_are_listed_and_moved(app_ctx, world, office, make_user):
    old, successor, lead = world["old"], world["successor"], world["lead"]
    admin.dissolve_unit(office, old, effective_date=EFFECTIVE, successor="MOI", decision="QĐ")
    stranded = closed_people.people_of_closed_units()
    assert [(p.user, p.unit, p.suggested) for p in stranded] == [(lead, old, successor)]
    with pytest.raises(ValidationFailed) as refused:
        closed_people.move_person(office, lead, "CU", "")
    assert problems_of(refused) == {"unit": "unit_not_on_day", "reason": "required"}
    changes = closed_people.move_person(office, lead, "MOI", "Đơn vị cũ đã giải thể")
    assert changes == {"unit": ["CU", "MOI"]}
    assert lead.unit == successor
    event = db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "user.update", AuditEvent.target_id == lead.id
        )
    )
    assert event.details["reason"] == "Đơn vị cũ đã giải thể"
    assert closed_people.people_of_closed_units() == []


# --- the pages -------------------------------------------------------------------------------


def dissolve_old(app, office) -> None:
    office_id = office.id
    with acting(app):
        admin.dissolve_unit(
            db.session.get(User, office_id),
            admin.find_unit("CU"),
            effective_date=EFFECTIVE,
            successor="MOI",
            decision="QĐ",
        )


@pytest.fixture
def office_client(client, login, office):
    login(office)
    return client


def test_the_units_page_shows_today_or_also_the_closed_ones(app, world, office, office_client):
    dissolve_old(app, office)
    today = office_client.get("/units/").get_data(as_text=True)
    assert "Sở Mới" in today and "Sở Cũ" not in today
    assert 'href="/units/new"' in today and 'href="/units/reorganise"' in today
    every = office_client.get("/units/?closed=1").get_data(as_text=True)
    assert (
        "Sở Cũ" in every
        and "ngày cuối " + (EFFECTIVE - timedelta(days=1)).strftime("%d/%m/%Y") in every
    )
    page = office_client.get("/units/MOI").get_data(as_text=True)
    assert 'id="lineage-predecessors"' in page and 'href="/units/CU"' in page
    assert "1 đang mở, 0 đã hoàn thành" in page
    old_page = office_client.get("/units/CU").get_data(as_text=True)
    assert "Đã chấm dứt hoạt động" in old_page
    assert "0 đang mở, 1 đã hoàn thành" in old_page


def test_the_office_creates_and_renames_a_unit_through_the_pages(world, office_client):
    token = csrf_from(office_client, "/units/new")
    response = office_client.post(
        "/units/new",
        data={
            "csrf_token": token,
            "code": "SDTTG",
            "name": "Sở Dân tộc và Tôn giáo",
            "short_name": "",
            "kind": "department",
            "division_type": "",
            "district": "",
            "aliases": "Sở DT&TG",
            "valid_from": EFFECTIVE.strftime("%d/%m/%Y"),
        },
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/units/SDTTG")
    token = csrf_from(office_client, "/units/SDTTG/edit")
    refused = office_client.post(
        "/units/SDTTG/edit",
        data={
            "csrf_token": token,
            "name": "Sở Dân tộc",
            "short_name": "Sở DT",
            "kind": "department",
            "effective_date": "",
            "decision": "",
        },
    )
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "Hãy ghi văn bản quyết định thay đổi này." in page
    assert 'value="Sở Dân tộc"' in page  # what was typed is kept
    renamed = office_client.post(
        "/units/SDTTG/edit",
        data={
            "csrf_token": token,
            "name": "Sở Dân tộc",
            "short_name": "Sở DT",
            "kind": "department",
            "aliases": "Sở DT&TG",
            "decision": "QĐ 7/QĐ-UBND",
            "effective_date": local_today().strftime("%d/%m/%Y"),
        },
    )
    assert renamed.status_code == 302
    page = office_client.get("/units/SDTTG").get_data(as_text=True)
    assert 'id="earlier-names"' in page and "Sở Dân tộc và Tôn giáo" in page
    assert "QĐ 7/QĐ-UBND" in page


def test_the_dissolve_form_shows_each_refusal_by_its_field(world, office_client):
    token = csrf_from(office_client, "/units/CU/dissolve")
    future = (local_today() + timedelta(days=2)).strftime("%d/%m/%Y")
    refused = office_client.post(
        "/units/CU/dissolve",
        data={"csrf_token": token, "effective_date": future, "successor": "CU", "decision": ""},
    )
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "Một đơn vị không thể kế thừa chính nó." in page
    assert "Hãy ghi văn bản quyết định thay đổi này." in page
    assert "chưa đến" in page
    done = office_client.post(
        "/units/CU/dissolve",
        data={
            "csrf_token": token,
            "effective_date": EFFECTIVE.strftime("%d/%m/%Y"),
            "successor": "MOI",
            "decision": "QĐ 9",
        },
    )
    assert done.status_code == 302
    assert world["open"].unit.code == "MOI"


def test_a_unit_lead_is_refused_the_office_pages(world, client, login):
    login(world["lead"])
    for path in ("/units/new", "/units/CU/edit", "/units/CU/dissolve", "/units/closed-people"):
        assert client.get(path).status_code == 403, path
    page = client.get("/units/").get_data(as_text=True)
    assert 'href="/units/new"' not in page
    assert client.get("/units/CU").status_code == 200


def test_the_group_page_adds_and_ends_memberships(world, office_client, make_unit, make_group):
    member = make_unit(code="TV1", valid_from=LONG_AGO)
    make_unit(code="TV2", valid_from=LONG_AGO)
    group = make_group([member], code="NHOM3")
    token = csrf_from(office_client, "/units/groups/NHOM3")
    day = (local_today() - timedelta(days=3)).strftime("%d/%m/%Y")
    added = office_client.post(
        "/units/groups/NHOM3/members", data={"csrf_token": token, "unit": "TV2", "valid_from": day}
    )
    assert added.status_code == 302
    membership = group.memberships[0]
    refused = office_client.post(
        f"/units/groups/NHOM3/members/{membership.id}/end",
        data={"csrf_token": token, "effective_date": ""},
    )
    assert refused.status_code == 422
    assert "Vui lòng nhập trường này." in refused.get_data(as_text=True)
    ended = office_client.post(
        f"/units/groups/NHOM3/members/{membership.id}/end",
        data={"csrf_token": token, "effective_date": day},
    )
    assert ended.status_code == 302
    page = office_client.get("/units/groups/NHOM3").get_data(as_text=True)
    assert page.count('data-unit="TV') == 2 and 'id="members-today">1<' in page


def test_the_closed_people_page_moves_a_person(app, world, office, office_client):
    dissolve_old(app, office)
    lead = world["lead"]
    page = office_client.get("/units/closed-people").get_data(as_text=True)
    assert lead.email in page and "Đề xuất: Sở Mới" in page
    token = csrf_from(office_client, "/units/closed-people")
    moved = office_client.post(
        f"/units/closed-people/{lead.id}",
        data={"csrf_token": token, "unit": "MOI", "reason": "Sắp xếp bộ máy"},
    )
    assert moved.status_code == 302
    db.session.expire_all()
    assert lead.unit.code == "MOI"
    assert "Không có ai" in office_client.get("/units/closed-people").get_data(as_text=True)
