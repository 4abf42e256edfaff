"""The users API: find, create, change, disable, invite again and import a file of people, for
tokens of the office and administrators, and of a unit's lead for their own unit's staff (403
for anything else); every refusal names its field, in the language asked for."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from tests.people_support import people_csv, people_rows, people_xlsx


@pytest.fixture
def world(make_unit, make_user):
    snv = make_unit(code="SNV", name="Sở Nội vụ", short_name="Sở Nội vụ")
    stp = make_unit(code="STP", name="Sở Tư pháp", short_name="Sở Tư pháp")
    return {
        "snv": snv,
        "stp": stp,
        "admin": make_user(role="admin", email="quantri@quangtri.gov.vn"),
        "office": make_user(role="office", email="vanphong@quangtri.gov.vn"),
        "lead": make_user(role="unit_lead", unit=snv, email="lanhdao.snv@quangtri.gov.vn"),
        "member": make_user(role="unit_member", unit=snv, email="cv.snv@quangtri.gov.vn"),
        "other": make_user(role="unit_member", unit=stp, email="cv.stp@quangtri.gov.vn"),
        "viewer": make_user(role="viewer", email="xem@quangtri.gov.vn"),
    }


NEW = {
    "email": "Moi.Nguoi@QuangTri.gov.vn",
    "name": "Người Mới",
    "role": "unit_member",
    "unit": "SNV",
    "position": "Chuyên viên",
    "phone": "0912 345 678",
}


LEAD_REFUSAL = "Lãnh đạo đơn vị chỉ quản lý tài khoản cán bộ của đơn vị mình."


def deliveries(db_session) -> int:
    from tracker.reminders.models import ReminderDelivery

    db_session.expire_all()
    return db_session.scalar(select(func.count()).select_from(ReminderDelivery))


def upload(api, data: bytes, filename: str, **form):
    return api.client.post(
        "/api/v1/users/import",
        headers=api.headers,
        data={"file": (io.BytesIO(data), filename), **form},
        content_type="multipart/form-data",
    )


def test_the_office_lists_people_with_filters_and_pages(api_as, world):
    api = api_as(world["office"])
    everyone = api.get("/users", per_page=200)
    assert everyone.status_code == 200
    assert set(everyone.json) == {"items", "total"}
    assert everyone.json["total"] == len(everyone.json["items"]) == 6
    member = next(p for p in everyone.json["items"] if p["email"] == "cv.snv@quangtri.gov.vn")
    assert set(member) == {
        "id",
        "email",
        "name",
        "role",
        "unit",
        "position",
        "phone",
        "active",
        "state",
        "last_login_at",
        "created_at",
    }
    assert (member["role"], member["unit"], member["active"], member["state"]) == (
        "unit_member",
        "SNV",
        True,
        "active",
    )
    snv = api.get("/users", unit="SNV", role="unit_member")
    assert [p["email"] for p in snv.json["items"]] == ["cv.snv@quangtri.gov.vn"]
    assert api.get("/users", q="cv stp").json["total"] == 1
    paged = api.get("/users", per_page=2, page=2)
    assert (len(paged.json["items"]), paged.json["total"]) == (2, everyone.json["total"])
    assert api.get("/users", active="false").json["total"] == 0


@pytest.mark.parametrize(
    ("query", "field", "code"),
    [
        ({"active": "maybe"}, "active", "one_of"),
        ({"page": "0"}, "page", "out_of_range"),
        ({"per_page": "many"}, "per_page", "out_of_range"),
        ({"role": "boss"}, "role", "one_of"),
        ({"unit": "KHONGCO"}, "unit", "unknown_unit"),
        ({"q": "a\x00b"}, "q", "nul_character"),
        ({"unit": "S\x07NV"}, "unit", "control_character"),
    ],
)
def test_a_bad_filter_is_refused_by_name(api_as, world, query, field, code):
    refused = api_as(world["office"]).get("/users", **query)
    assert refused.status_code == 422
    assert refused.json["error"]["problems"][field]["code"] == code


def test_a_lead_lists_their_own_unit_only(api_as, world):
    lead = api_as(world["lead"])
    listed = lead.get("/users", per_page=200)
    assert {p["unit"] for p in listed.json["items"]} == {"SNV"}
    assert lead.get("/users", unit="SNV").status_code == 200
    refused = lead.get("/users", unit="STP")
    assert (refused.status_code, refused.json["error"]["message"]) == (403, LEAD_REFUSAL)


def test_creating_a_person_invites_them(api_as, world, db_session):
    from tracker.accounts.models import User

    before = deliveries(db_session)
    created = api_as(world["office"]).post("/users", json=NEW)
    assert created.status_code == 201, created.json
    body = created.json
    assert body["email"] == "moi.nguoi@quangtri.gov.vn"
    assert (body["name"], body["role"], body["unit"], body["state"]) == (
        "Người Mới",
        "unit_member",
        "SNV",
        "invited",
    )
    assert (body["position"], body["phone"], body["last_login_at"]) == (
        "Chuyên viên",
        "0912 345 678",
        None,
    )
    assert deliveries(db_session) == before + 1
    person = db_session.get(User, body["id"])
    assert person.password_hash is None
    quiet = api_as(world["office"]).post(
        "/users", json=NEW | {"email": "im.lang@quangtri.gov.vn", "send_invite": False}
    )
    assert quiet.status_code == 201 and deliveries(db_session) == before + 1


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"email": "khong-phai-email"}, "email", "not_an_email"),
        ({"email": "cv.snv@quangtri.gov.vn"}, "email", "email_taken"),
        ({"name": ""}, "name", "required"),
        ({"role": "boss"}, "role", "one_of"),
        ({"unit": "KHONGCO"}, "unit", "unknown_unit"),
        ({"unit": None}, "unit", "unit_required"),
        ({"phone": "số bàn"}, "phone", "not_a_phone"),
        ({"position": "x" * 201}, "position", "too_long"),
        ({"send_invite": "yes"}, "send_invite", "bool_type"),
        ({"name": 12}, "name", "string_type"),
    ],
)
def test_a_refused_person_names_the_field(api_as, world, body, field, code):
    refused = api_as(world["office"]).post("/users", json=NEW | body)
    assert refused.status_code == 422, refused.json
    assert refused.json["error"]["problems"][field]["code"] == code


def test_refusals_are_in_the_language_asked_for(api_as, world):
    api = api_as(world["office"])
    body = NEW | {"email": "khong-phai-email"}
    vietnamese = api.post("/users", json=body).json["error"]["fields"]["email"]
    assert vietnamese == "“khong-phai-email” không phải là địa chỉ email."
    english = api.client.post(
        "/api/v1/users", headers=api.headers | {"Accept-Language": "en"}, json=body
    )
    assert english.json["error"]["fields"]["email"] == "“khong-phai-email” is not an email address."


def test_changing_a_person(api_as, world, db_session):
    api = api_as(world["office"])
    member = world["member"]
    changed = api.patch(
        f"/users/{member.id}",
        json={"name": "Tên Mới", "unit": "STP", "position": "Phó phòng", "phone": ""},
    )
    assert changed.status_code == 200, changed.json
    assert (changed.json["name"], changed.json["unit"], changed.json["position"]) == (
        "Tên Mới",
        "STP",
        "Phó phòng",
    )
    # A field left out stays as it was.
    assert changed.json["email"] == "cv.snv@quangtri.gov.vn"
    promoted = api.patch(f"/users/{member.id}", json={"role": "viewer", "unit": None})
    assert (promoted.json["role"], promoted.json["unit"]) == ("viewer", None)


def test_disabling_needs_a_reason_and_enabling_does_not(api_as, world, db_session):
    api = api_as(world["office"])
    member = world["member"]
    refused = api.patch(f"/users/{member.id}", json={"active": False})
    assert refused.status_code == 422
    assert refused.json["error"]["problems"]["reason"]["code"] == "required"
    disabled = api.patch(f"/users/{member.id}", json={"active": False, "reason": "Nghỉ hưu"})
    assert (disabled.json["active"], disabled.json["state"]) == (False, "disabled")
    enabled = api.patch(f"/users/{member.id}", json={"active": True})
    assert (enabled.json["active"], enabled.json["state"]) == (True, "active")


def test_nobody_disables_themself_or_changes_their_own_role(api_as, world):
    api = api_as(world["office"])
    office = world["office"]
    own = api.patch(f"/users/{office.id}", json={"active": False, "reason": "thử"})
    assert (own.status_code, own.json["error"]["problems"]["active"]["code"]) == (
        422,
        "own_account",
    )
    role = api.patch(f"/users/{office.id}", json={"role": "viewer"})
    assert (role.status_code, role.json["error"]["problems"]["role"]["code"]) == (422, "own_role")


def test_an_unknown_person_is_404(api_as, world):
    api = api_as(world["office"])
    assert api.patch("/users/999999", json={"name": "x"}).status_code == 404
    assert api.post("/users/999999/invitation").status_code == 404
    assert api.patch("/users/99999999999", json={}).status_code == 404


def test_inviting_again_mails_a_new_link(api_as, world, db_session):
    from tracker.accounts.models import AccountLink

    api = api_as(world["office"])
    person = api.post("/users", json=NEW).json
    before = deliveries(db_session)
    invited = api.post(f"/users/{person['id']}/invitation")
    assert invited.status_code == 202
    assert set(invited.json) == {"user_id", "email", "expires_at"}
    assert invited.json["user_id"] == person["id"]
    assert deliveries(db_session) == before + 1
    links = db_session.scalars(select(AccountLink).where(AccountLink.user_id == person["id"]))
    assert [link.voided_at is None for link in links] == [False, True]
    api.patch(f"/users/{person['id']}", json={"active": False, "reason": "Chuyển công tác"})
    refused = api.post(f"/users/{person['id']}/invitation")
    assert refused.status_code == 422
    assert refused.json["error"]["problems"]["active"]["code"] == "account_disabled"


def test_the_office_does_not_manage_administrators(api_as, world):
    api = api_as(world["office"])
    assert api.post("/users", json=NEW | {"role": "admin", "unit": None}).status_code == 403
    admin = world["admin"]
    assert api.patch(f"/users/{admin.id}", json={"name": "x"}).status_code == 403
    assert api.patch(f"/users/{world['member'].id}", json={"role": "admin"}).status_code == 403
    assert api.post(f"/users/{admin.id}/invitation").status_code == 403
    created = api_as(admin).post("/users", json=NEW | {"role": "admin", "unit": None})
    assert created.status_code == 201


def test_a_lead_manages_their_own_staff_only(api_as, world):
    lead = api_as(world["lead"])
    refused = lead.post("/users", json=NEW | {"unit": "STP"})
    assert refused.status_code == 403
    assert refused.json["error"]["code"] == "forbidden"
    assert refused.json["error"]["message"] == LEAD_REFUSAL
    assert lead.post("/users", json=NEW | {"role": "unit_lead"}).status_code == 403
    assert lead.post("/users", json=NEW | {"role": "viewer", "unit": None}).status_code == 403
    assert lead.patch(f"/users/{world['other'].id}", json={"name": "x"}).status_code == 403
    assert lead.post(f"/users/{world['other'].id}/invitation").status_code == 403
    # Their own staff member may not be moved out of the unit, nor made a lead.
    member = world["member"].id
    assert lead.patch(f"/users/{member}", json={"unit": "STP"}).status_code == 403
    assert lead.patch(f"/users/{member}", json={"role": "unit_lead"}).status_code == 403
    assert lead.patch(f"/users/{world['office'].id}", json={"name": "x"}).status_code == 403
    created = lead.post("/users", json=NEW)
    assert created.status_code == 201 and created.json["unit"] == "SNV"
    changed = lead.patch(f"/users/{member}", json={"position": "Phó phòng"})
    assert changed.status_code == 200


@pytest.mark.parametrize("role", ["viewer", "member"])
def test_who_manages_nobody_gets_403_everywhere(api_as, world, role):
    api = api_as(world[role])
    member = world["member"].id
    assert api.get("/users").status_code == 403
    assert api.post("/users", json=NEW).status_code == 403
    assert api.patch(f"/users/{member}", json={"name": "x"}).status_code == 403
    assert api.post(f"/users/{member}/invitation").status_code == 403
    assert upload(api, people_csv(people_rows(1)), "a.csv").status_code == 403


def test_without_a_token_401(client, world):
    assert client.get("/api/v1/users").status_code == 401
    assert client.post("/api/v1/users", json=NEW).status_code == 401


def test_importing_a_file(api_as, world, db_session):
    api = api_as(world["office"])
    data = people_xlsx(people_rows(4, unit="SNV"))
    checked = upload(api, data, "nhan-su.xlsx", dry_run="true")
    assert (checked.status_code, checked.json) == (
        200,
        {"created": 4, "updated": 0, "unchanged": 0, "problems": []},
    )
    before = deliveries(db_session)
    imported = upload(api, data, "nhan-su.xlsx")
    assert imported.json == {"created": 4, "updated": 0, "unchanged": 0, "problems": []}
    assert deliveries(db_session) == before + 4
    again = upload(api, data, "nhan-su.xlsx", dry_run="false")
    assert again.json == {"created": 0, "updated": 0, "unchanged": 4, "problems": []}
    assert deliveries(db_session) == before + 4


def test_a_file_with_problems_is_422_and_writes_nothing(api_as, world, db_session):
    api = api_as(world["office"])
    rows = people_rows(3, unit="SNV")
    rows[2][2] = "Sở Nội vụu"
    refused = upload(api, people_csv(rows), "nhan-su.csv")
    assert refused.status_code == 422
    assert refused.json == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "problems": [
            {
                "row": 4,
                "column": "C",
                "message": "Không có đơn vị “Sở Nội vụu”; có phải “Sở Nội vụ”?",
            }
        ],
    }
    assert api.get("/users", q="Nguyễn Văn Thử").json["total"] == 0


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"file": (io.BytesIO(b"PK\x03\x04broken"), "hong.xlsx")}, "Không đọc được tệp .xlsx này"),
        ({"file": (io.BytesIO(b""), "trong.csv")}, "Tệp không có nội dung."),
        ({}, "“file”"),
        ({"file": (io.BytesIO(b"x"), "a.csv"), "dry_run": "perhaps"}, "dry_run"),
    ],
)
def test_a_broken_upload_is_422_with_its_problem(api_as, world, form, message):
    api = api_as(world["office"])
    refused = api.client.post(
        "/api/v1/users/import",
        headers=api.headers,
        data=form,
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422
    (problem,) = refused.json["problems"]
    assert (problem["row"], problem["column"]) == (None, None)
    assert message in problem["message"]


def test_a_lead_s_file_holds_only_their_staff(api_as, world):
    lead = api_as(world["lead"])
    rows = [
        ["Cán Bộ Một", "cb1@quangtri.gov.vn", "SNV", "Chuyên viên", "", ""],
        ["Cán Bộ Hai", "cb2@quangtri.gov.vn", "STP", "Chuyên viên", "", ""],
    ]
    refused = upload(lead, people_csv(rows), "a.csv")
    assert refused.status_code == 422
    assert [(p["row"], p["column"]) for p in refused.json["problems"]] == [(3, "C")]
    assert upload(lead, people_csv(rows[:1]), "a.csv").json["created"] == 1


def test_a_browser_session_must_send_its_csrf_token(client, login, world):
    login(world["office"])
    refused = client.post("/api/v1/users", json=NEW)
    assert refused.status_code == 400
