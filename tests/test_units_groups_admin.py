"""The office keeps the groups of units (#17): it creates a group and renames it (the old name
stays among its other spellings, so that an import still finds the group by it), through the
service, the pages and the API; it adds a unit from a day and ends a membership from a day
through the API. Each refusal names its field in Vietnamese; an unknown group or unit is a
404; a unit's people are refused (403)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.conftest import csrf_from, local_today
from tracker.audit.models import AuditEvent
from tracker.core.exceptions import Forbidden, ValidationFailed
from tracker.extensions import db
from tracker.imports.owners import OwnerIndex
from tracker.units import groups
from tracker.units.models import UnitGroup


def long_ago():
    return local_today() - timedelta(days=60)


TAKEN, A_UNITS = "group_name_taken", "group_name_is_unit"


def problems_of(refused) -> dict[str, str]:
    return {name: problem.code for name, problem in refused.value.fields.items()}


@pytest.fixture
def office(make_user):
    return make_user(role="office")


@pytest.fixture
def world(make_unit, make_user, make_group):
    first = make_unit(code="SA", name="Sở Thử A", short_name="Sở A", valid_from=long_ago())
    second = make_unit(code="SB", name="Sở Thử B", short_name="Sở B", valid_from=long_ago())
    group = make_group([first], code="NHOM-CU", name="Các sở thử")
    return {"first": first, "second": second, "group": group, "lead": make_user("unit_lead", first)}


# --- the service -----------------------------------------------------------------------------


def test_the_office_creates_a_group_and_renames_it_keeping_the_old_name(app_ctx, world, office):
    group = groups.create_group(
        office, code="SBN2", name="  Các  ban mới ", aliases="Ban mới\nCác ban mới"
    )
    assert (group.code, group.name, group.aliases) == ("SBN2", "Các ban mới", ["Ban mới"])
    assert group.memberships == []
    changes = groups.update_group(office, group, name="Các ban của tỉnh")
    assert changes == {
        "name": ["Các ban mới", "Các ban của tỉnh"],
        "aliases": [["Ban mới"], ["Ban mới", "Các ban mới"]],
    }
    assert groups.update_group(office, group, name="Các ban của tỉnh", aliases=None) == {}
    # A plan written with the old name still names the group.
    assert OwnerIndex().find("các ban mới") is group
    # Back to the old name: it leaves the other spellings, the name it replaces joins them.
    groups.update_group(office, group, name="Các ban mới")
    assert group.aliases == ["Ban mới", "Các ban của tỉnh"]
    actions = db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.action.like("unit_group.%"))
    ).all()
    assert actions.count("unit_group.create") == 1 and actions.count("unit_group.update") == 2


def test_a_group_code_or_name_is_refused_with_reasons(app_ctx, world, office):
    cases = [
        ({"code": "", "name": ""}, {"code": "required", "name": "required"}),
        ({"code": "có dấu", "name": "x" * 201}, {"code": "group_code_format", "name": "too_long"}),
        ({"code": "new", "name": "Nhóm"}, {"code": "group_code_reserved"}),
        ({"code": "nhom-cu", "name": "CÁC SỞ THỬ"}, dict.fromkeys(("code", "name"), TAKEN)),
        ({"code": "sa", "name": "Sở B"}, dict.fromkeys(("code", "name"), A_UNITS)),
    ]  # fmt: skip
    for fields, expected in cases:
        with pytest.raises(ValidationFailed) as refused:
            groups.create_group(office, **fields)
        assert problems_of(refused) == expected, fields
    with pytest.raises(ValidationFailed) as refused:
        groups.update_group(office, world["group"], name="Sở Thử A")
    assert problems_of(refused) == {"name": "group_name_is_unit"}
    with pytest.raises(ValidationFailed) as refused:
        groups.create_group(office, code="G1", name="Nhóm một", aliases=["a" * 201])
    assert problems_of(refused) == {"aliases": "alias_too_long"}
    with pytest.raises(Forbidden):
        groups.create_group(world["lead"], code="G2", name="Nhóm hai")
    with pytest.raises(Forbidden):
        groups.update_group(world["lead"], world["group"], name="Nhóm hai")
    assert db.session.scalar(select(UnitGroup).where(UnitGroup.code == "G1")) is None


# --- the pages -------------------------------------------------------------------------------


@pytest.fixture
def office_client(client, login, office):
    login(office)
    return client


def test_the_office_creates_and_renames_a_group_through_the_pages(world, office_client):
    assert 'href="/units/groups/new"' in office_client.get("/units/").get_data(as_text=True)
    token = csrf_from(office_client, "/units/groups/new")
    refused = office_client.post(
        "/units/groups/new", data={"csrf_token": token, "code": "SA", "name": ""}
    )
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert "SA đã là mã hoặc tên của đơn vị Sở Thử A" in text
    assert "Vui lòng nhập trường này." in text and 'value="SA"' in text
    created = office_client.post(
        "/units/groups/new",
        data={"csrf_token": token, "code": "HUYEN", "name": "Các huyện thử", "aliases": ""},
    )
    assert created.status_code == 302 and created.location.endswith("/units/groups/HUYEN")
    page = office_client.get("/units/groups/HUYEN").get_data(as_text=True)
    assert "Đã tạo nhóm Các huyện thử" in page and 'id="edit-group"' in page

    refused = office_client.post(
        "/units/groups/HUYEN/edit",
        data={"csrf_token": token, "name": "Các sở thử", "aliases": ""},
    )
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert "Các sở thử đã là mã hoặc tên của nhóm Các sở thử" in text
    assert '<details class="card" id="edit-group" open>' in text
    renamed = office_client.post(
        "/units/groups/HUYEN/edit",
        data={"csrf_token": token, "name": "Các huyện, thị xã", "aliases": "Huyện"},
    )
    assert renamed.status_code == 302
    group = db.session.scalar(select(UnitGroup).where(UnitGroup.code == "HUYEN"))
    assert (group.name, group.aliases) == ("Các huyện, thị xã", ["Huyện", "Các huyện thử"])
    assert "Đã lưu thay đổi." in office_client.get("/units/groups/HUYEN").get_data(as_text=True)
    assert (
        office_client.post("/units/groups/KHONG/edit", data={"csrf_token": token}).status_code
        == 404
    )


def test_a_units_people_cannot_create_or_rename_groups(world, client, login):
    login(world["lead"])
    assert client.get("/units/groups/new").status_code == 403
    token = csrf_from(client, "/units/groups/NHOM-CU")
    page = client.get("/units/groups/NHOM-CU").get_data(as_text=True)
    assert 'id="edit-group"' not in page
    edited = client.post("/units/groups/NHOM-CU/edit", data={"csrf_token": token, "name": "X"})
    assert edited.status_code == 403
    assert 'href="/units/groups/new"' not in client.get("/units/").get_data(as_text=True)


# --- the API ---------------------------------------------------------------------------------


def test_the_api_creates_renames_and_keeps_a_groups_dated_members(world, office, api_as):
    api = api_as(office)
    created = api.post("/unit-groups", json={"code": "SBN-MOI", "name": "Các sở mới"})
    assert created.status_code == 201
    assert created.json == {
        "code": "SBN-MOI", "name": "Các sở mới", "aliases": [], "unit_codes": [], "memberships": []
    }  # fmt: skip
    renamed = api.patch("/unit-groups/SBN-MOI", json={"name": "Các sở, ngành mới"})
    assert renamed.status_code == 200
    assert (renamed.json["name"], renamed.json["aliases"]) == ("Các sở, ngành mới", ["Các sở mới"])
    spellings = api.patch("/unit-groups/SBN-MOI", json={"aliases": ["Sở, ngành mới"]})
    assert spellings.json["aliases"] == ["Sở, ngành mới"]

    since = local_today() - timedelta(days=20)
    added = api.post("/unit-groups/SBN-MOI/members", json={"unit": "SA", "valid_from": str(since)})
    assert added.status_code == 201
    assert added.json == {"unit_code": "SA", "valid_from": str(since), "valid_to": None}
    again = api.post("/unit-groups/SBN-MOI/members", json={"unit": "SA", "valid_from": str(since)})
    assert again.status_code == 422
    assert (
        again.json["error"]["fields"]["unit"] == "Sở Thử A đã thuộc Các sở, ngành mới vào ngày đó."
    )
    ends_on = local_today() - timedelta(days=5)
    ended = api.patch("/unit-groups/SBN-MOI/members/SA", json={"effective_date": str(ends_on)})
    assert ended.status_code == 200
    assert ended.json["valid_to"] == str(ends_on - timedelta(days=1))
    twice = api.patch("/unit-groups/SBN-MOI/members/SA", json={"effective_date": str(ends_on)})
    assert twice.status_code == 422 and "effective_date" in twice.json["error"]["fields"]

    listed = {g["code"]: g for g in api.get("/unit-groups").json["items"]}
    assert listed["SBN-MOI"]["unit_codes"] == []
    assert listed["SBN-MOI"]["memberships"] == [ended.json]


def test_the_api_refuses_group_changes_by_field_and_by_role(world, office, api_as):
    api = api_as(office)
    duplicate = api.post("/unit-groups", json={"code": "NHOM-CU", "name": "Nhóm khác"})
    assert duplicate.status_code == 422
    assert duplicate.json["error"]["fields"] == {
        "code": "NHOM-CU đã là mã hoặc tên của nhóm Các sở thử."
    }
    missing = api.post("/unit-groups", json={"aliases": "không phải danh sách"})
    assert missing.status_code == 422
    assert set(missing.json["error"]["fields"]) == {"code", "name", "aliases"}
    future = str(local_today() + timedelta(days=1))
    refused = api.post("/unit-groups/NHOM-CU/members", json={"unit": "KHONG", "valid_from": future})
    assert refused.status_code == 422
    assert set(refused.json["error"]["fields"]) == {"unit", "valid_from"}
    assert "Không có đơn vị nào có mã KHONG" in refused.json["error"]["fields"]["unit"]
    day = {"effective_date": str(local_today())}
    for path, status in (
        ("/unit-groups/KHONG/members/SA", 404),
        ("/unit-groups/NHOM-CU/members/KHONG", 404),
        ("/unit-groups/NHOM-CU/members/SB", 404),
    ):
        answer = api.patch(path, json=day)
        assert answer.status_code == status, path
    assert (
        "chưa từng thuộc"
        in api.patch("/unit-groups/NHOM-CU/members/SB", json=day).json["error"]["message"]
    )
    unknown = api.patch("/unit-groups/KHONG", json={"name": "Tên"})
    assert unknown.status_code == 404
    assert "Không có nhóm đơn vị nào có mã KHONG" in unknown.json["error"]["message"]
    lead = api_as(world["lead"])
    for answer in (
        lead.post("/unit-groups", json={"code": "X", "name": "X"}),
        lead.patch("/unit-groups/NHOM-CU", json={"name": "X"}),
        lead.post(
            "/unit-groups/NHOM-CU/members", json={"unit": "SB", "valid_from": str(long_ago())}
        ),
        lead.patch("/unit-groups/NHOM-CU/members/SA", json=day),
    ):
        assert answer.status_code == 403
    assert lead.get("/unit-groups").status_code == 200


def test_the_group_routes_are_in_the_openapi_document(client):
    document = client.get("/api/v1/openapi.json").json
    operations = {
        (path, method): operation["operationId"]
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    }
    assert operations[("/unit-groups", "post")] == "createUnitGroup"
    assert operations[("/unit-groups/{code}", "patch")] == "updateUnitGroup"
    assert operations[("/unit-groups/{code}/members", "post")] == "addUnitGroupMember"
    assert operations[("/unit-groups/{code}/members/{unit}", "patch")] == "endUnitGroupMembership"
    schemas = document["components"]["schemas"]
    assert {"NewGroup", "GroupChange", "NewMembership", "MembershipEnd"} <= set(schemas)
    assert schemas["NewGroup"]["required"] == ["code", "name"]
