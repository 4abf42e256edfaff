"""The units API (#17): the units of a day or all of them, creating one, renaming it from a day
by a decision, dissolving it into a successor (its open work moves), its lineage in exactly the
documented shape, dated group memberships; refusals in the error body, in Vietnamese, by field;
a unit's lead is refused; PATCH /users/{id} moves a person of a closed unit, and their "mine"
calendar feed follows them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import local_today
from tests.feeds_support import new_feed
from tracker.extensions import db

# Past days counted from the day the module loaded; a test asks local_today() for today,
# since a run of the suite can cross midnight in the province.
LOADED_ON = local_today()
LONG_AGO = LOADED_ON - timedelta(days=60)
EFFECTIVE = LOADED_ON - timedelta(days=10)


@pytest.fixture
def world(make_unit, make_user, make_plan, make_group, api_as):
    old = make_unit(code="CU", name="Sở Cũ", short_name="Sở Cũ", valid_from=LONG_AGO)
    new = make_unit(code="MOI", name="Sở Mới", short_name="Sở Mới", valid_from=LONG_AGO)
    make_group([old, new], code="SBN-THU", name="Các sở thử")
    office, lead = make_user(role="office"), make_user(role="unit_lead", unit=old)
    make_plan(code="KH-API")
    office_api = api_as(office)
    for number, unit in (("1", "CU"), ("3", "MOI")):
        response = office_api.post(
            "/tasks",
            json={
                "plan_code": "KH-API",
                "number": number,
                "title": f"Nhiệm vụ {number} của {unit}",
                "lead_units": [unit],
                "due_date": (local_today() + timedelta(days=20)).isoformat(),
                "assigned_on": LONG_AGO.isoformat(),
                "assigned_on_reason": "Theo kế hoạch",
            },
        )
        assert response.status_code == 201, response.json
    return {"office": office_api, "lead": lead, "lead_api": api_as(lead)}


def dissolve(api, code="CU", **dissolution):
    body = {"effective_date": EFFECTIVE.isoformat(), "successor": "MOI", "decision": "QĐ 9"}
    return api.patch(f"/units/{code}", json={"dissolve": body | dissolution})


def test_units_of_today_of_a_day_or_all(world):
    api = world["office"]
    assert dissolve(api).status_code == 200
    today = {u["code"]: u for u in api.get("/units").json["items"]}
    assert "MOI" in today and "CU" not in today
    before = {
        u["code"]: u for u in api.get("/units", on=EFFECTIVE - timedelta(days=1)).json["items"]
    }
    assert before["CU"]["valid_to"] == (EFFECTIVE - timedelta(days=1)).isoformat()
    every = {u["code"]: u for u in api.get("/units", include_closed="true").json["items"]}
    assert every["CU"]["successor_code"] == "MOI"
    assert set(every["CU"]) == {
        "code", "name", "short_name", "kind", "parent_code", "aliases", "valid_from",
        "valid_to", "division_type", "successor_code",
    }  # fmt: skip
    refused = api.get("/units", on="31/02/2021", include_closed="maybe")
    assert refused.status_code == 422
    fields = refused.json["error"]["fields"]
    assert set(fields) == {"on", "include_closed"} and "không phải là ngày" in fields["on"]


def test_a_commune_names_its_district_only_on_the_days_the_district_existed(world, make_unit):
    """A district dissolves (as in 2025): its commune answers it as its district for the days
    before, none from that day; changing the commune keeps that past."""
    api = world["office"]
    district = make_unit(kind="district", code="HUYEN-CU", valid_from=LONG_AGO)
    make_unit(
        kind="commune", code="XA-CU", division_type="xa", parent=district, valid_from=LONG_AGO
    )
    db.session.commit()
    assert dissolve(api, "HUYEN-CU", successor=None).status_code == 200
    eve = (EFFECTIVE - timedelta(days=1)).isoformat()

    def district_of_commune(**query) -> str | None:
        items = api.get("/units", **query).json["items"]
        return next(u for u in items if u["code"] == "XA-CU")["parent_code"]

    assert district_of_commune(on=eve) == "HUYEN-CU"
    assert district_of_commune() is None and district_of_commune(on=EFFECTIVE) is None
    changed = api.patch("/units/XA-CU", json={"aliases": ["Xã Cũ"], "district": None})
    assert changed.status_code == 200 and changed.json["parent_code"] is None
    assert district_of_commune(on=eve) == "HUYEN-CU"


def test_the_office_creates_a_unit_and_refusals_are_by_field_in_vietnamese(world):
    api = world["office"]
    created = api.post(
        "/units",
        json={
            "code": "X19093",
            "name": "UBND xã Vĩnh Linh",
            "kind": "commune",
            "division_type": "xa",
            "valid_from": "2025-07-01",
            "aliases": ["Xã Vĩnh Linh"],
        },
    )
    assert created.status_code == 201, created.json
    assert created.json | {"aliases": None} == {
        "code": "X19093",
        "name": "UBND xã Vĩnh Linh",
        "short_name": "UBND xã Vĩnh Linh",
        "kind": "commune",
        "parent_code": None,
        "aliases": None,
        "valid_from": "2025-07-01",
        "valid_to": None,
        "division_type": "xa",
        "successor_code": None,
    }
    refused = api.post("/units", json={"code": "X19093", "name": "", "kind": "department"})
    assert refused.status_code == 422
    assert refused.json["error"]["problems"]["name"]["code"] == "required"
    refused = api.post(
        "/units",
        json={"code": "X19093", "name": "Tên", "kind": "department", "division_type": "xa"},
    )
    assert refused.status_code == 422
    error = refused.json["error"]
    assert error["code"] == "validation_failed"
    assert error["fields"]["code"] == "Đã có đơn vị mang mã X19093."
    assert error["fields"]["division_type"] == "Chỉ đơn vị cấp xã mới có loại đơn vị hành chính."


def test_a_rename_by_the_api_keeps_the_old_name_and_names_the_unit_as_of_a_day(world):
    api = world["office"]
    refused = api.patch("/units/CU", json={"name": "Sở Tên Mới"})
    assert refused.status_code == 422
    assert refused.json["error"]["fields"] == {
        "effective_date": "Vui lòng nhập trường này.",
        "decision": "Hãy ghi văn bản quyết định thay đổi này.",
    }
    renamed = api.patch(
        "/units/CU",
        json={
            "name": "Sở Tên Mới",
            "short_name": "Sở TM",
            "effective_date": EFFECTIVE.isoformat(),
            "decision": "QĐ 5",
        },
    )
    assert renamed.status_code == 200
    assert renamed.json["name"] == "Sở Tên Mới" and "Sở Cũ" in renamed.json["aliases"]
    on_the_eve = api.get("/units", on=(EFFECTIVE - timedelta(days=1)).isoformat()).json["items"]
    assert next(u for u in on_the_eve if u["code"] == "CU")["name"] == "Sở Cũ"
    future = api.patch(
        "/units/CU",
        json={"kind": "commune", "division_type": "phuong", "aliases": ["SC"]},
    )
    assert future.status_code == 200 and future.json["division_type"] == "phuong"
    assert future.json["aliases"] == ["SC"]


def test_dissolving_by_the_api_moves_the_open_work_and_the_lineage_shows_it(world):
    api = world["office"]
    refused = dissolve(api, decision="")
    assert refused.status_code == 422
    assert refused.json["error"]["fields"] == {"dissolve.decision": "Vui lòng nhập trường này."}
    refused = dissolve(api, successor="CU")
    assert refused.json["error"]["fields"] == {
        "dissolve.successor": "Một đơn vị không thể kế thừa chính nó."
    }
    alone = api.patch("/units/CU", json={"name": "X", "dissolve": {"decision": "QĐ"}})
    assert alone.status_code == 422 and "dissolve" in alone.json["error"]["fields"]
    later = dissolve(api, effective_date=(local_today() + timedelta(days=1)).isoformat())
    assert "chưa đến" in later.json["error"]["fields"]["dissolve.effective_date"]

    body = {"effective_date": EFFECTIVE.isoformat(), "successor": "MOI", "decision": "QĐ 9"}
    done = api.patch("/units/CU", json={"name": None, "dissolve": body})  # null: not given
    assert done.status_code == 200
    assert done.json["valid_to"] == (EFFECTIVE - timedelta(days=1)).isoformat()
    assert done.json["successor_code"] == "MOI"
    moved = api.get("/assignments", unit="MOI").json["items"]
    assert sorted(a["task"]["number"] for a in moved) == ["1", "3"]

    lineage = api.get("/units/MOI/lineage")
    assert lineage.status_code == 200
    edge = {"code", "name", "date", "decision"}
    assert {k: v for k, v in lineage.json["predecessors"][0].items() if k in edge} == {
        "code": "CU",
        "name": "Sở Cũ",
        "date": EFFECTIVE.isoformat(),
        "decision": "QĐ 9",
    }
    assert lineage.json["successors"] == []
    assert api.get("/units/CU/lineage").json["successors"][0]["code"] == "MOI"
    again = dissolve(api)
    assert again.status_code == 422
    assert "đã chấm dứt hoạt động" in again.json["error"]["fields"]["dissolve.effective_date"]


def test_an_unknown_unit_is_a_404_error_body(world):
    for answer in (
        world["office"].get("/units/KHONGCO/lineage"),
        world["office"].patch("/units/KHONGCO", json={"kind": "department"}),
    ):
        assert answer.status_code == 404
        assert answer.json["error"]["code"] == "not_found"
        assert answer.json["error"]["message"] == "Không có đơn vị nào có mã KHONGCO."


def test_a_unit_lead_may_read_but_not_change_units(world):
    lead = world["lead_api"]
    assert lead.get("/units").status_code == 200
    assert lead.get("/units/CU/lineage").status_code == 200
    for answer in (
        lead.post("/units", json={"code": "K", "name": "K", "kind": "department"}),
        lead.patch("/units/CU", json={"kind": "district"}),
        dissolve(lead),
    ):
        assert answer.status_code == 403 and answer.json["error"]["code"] == "403"


def test_groups_list_their_dated_memberships(world):
    groups = {g["code"]: g for g in world["office"].get("/unit-groups").json["items"]}
    assert groups["SBN-THU"]["unit_codes"] == ["CU", "MOI"]
    assert groups["SBN-THU"]["memberships"] == [
        {"unit_code": "CU", "valid_from": None, "valid_to": None},
        {"unit_code": "MOI", "valid_from": None, "valid_to": None},
    ]
    dissolve(world["office"])
    groups = {g["code"]: g for g in world["office"].get("/unit-groups").json["items"]}
    assert groups["SBN-THU"]["unit_codes"] == ["MOI"]
    assert groups["SBN-THU"]["memberships"][0] == {
        "unit_code": "CU",
        "valid_from": None,
        "valid_to": (EFFECTIVE - timedelta(days=1)).isoformat(),
    }


def test_patch_user_moves_a_person_of_a_closed_unit_and_their_feed_follows(world, client):
    lead = world["lead"]
    _feed_id, path = new_feed(world["lead_api"])
    before = client.get(path).get_data(as_text=True)
    assert "Nhiệm vụ 1 của CU" in before and "Nhiệm vụ 3 của MOI" not in before
    dissolve(world["office"], successor=None)  # the open work stays with the closed unit
    moved = world["office"].patch(
        f"/users/{lead.id}", json={"unit": "MOI", "reason": "Đơn vị cũ giải thể"}
    )
    assert moved.status_code == 200 and moved.json["unit"] == "MOI"
    db.session.expire_all()
    assert lead.unit.code == "MOI"
    after = client.get(path).get_data(as_text=True)
    assert "Nhiệm vụ 3 của MOI" in after and "Nhiệm vụ 1 của CU" not in after
