"""The people pages, as the administrator, the office and a unit's lead use them."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.conftest import csrf_from
from tracker.accounts.models import AccountLink, LoginSession, User
from tracker.audit.models import AuditEvent


@pytest.fixture
def units(make_unit):
    return {
        "own": make_unit(code="SNVT", name="Sở Nội vụ thử", short_name="SNV thử"),
        "other": make_unit(code="SYTT", name="Sở Y tế thử", short_name="SYT thử"),
    }


@pytest.fixture
def office(make_user):
    return make_user(role="office", full_name="Văn phòng thử")


@pytest.fixture
def lead(make_user, units):
    return make_user(role="unit_lead", unit=units["own"], full_name="Lãnh đạo thử")


def post(client, path: str, form_path: str | None = None, **data):
    data["csrf_token"] = csrf_from(client, form_path or path)
    return client.post(path, data=data, headers={"Accept-Language": "vi"})


def person(db_session, email: str) -> User:
    return db_session.scalar(select(User).where(User.email == email))


NEW = {
    "full_name": "Hoàng Thị Mai",
    "email": "mai@example.vn",
    "role": "unit_member",
    "unit": "SNVT",
    "position": "Chuyên viên",
    "phone": "0912 345 678",
    "locale": "vi",
    "send_invite": "y",
    "reason": "Tuyển dụng",
}


@pytest.mark.parametrize("role", ["admin", "office"])
def test_office_creates_a_person_who_is_invited(client, login, make_user, units, db_session, role):
    login(make_user(role=role))
    page = client.get("/admin/users/new").get_data(as_text=True)
    assert re.search(r"<input checked[^>]* name=\"send_invite\"", page)
    response = post(client, "/admin/users/new", **NEW)
    assert response.status_code == 302
    mai = person(db_session, "mai@example.vn")
    assert response.headers["Location"].endswith(f"/admin/users/{mai.id}")
    assert mai.unit == units["own"] and mai.password_hash is None and mai.phone == "0912 345 678"
    assert db_session.scalar(select(AccountLink).where(AccountLink.user_id == mai.id))
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Chờ kích hoạt" in shown and "Tuyển dụng" in shown


def test_refusals_are_next_to_their_fields_in_vietnamese_and_typed_values_stay(
    client, login, office, make_user, db_session
):
    make_user(role="viewer", email="trung@example.vn")
    login(office)
    response = post(
        client,
        "/admin/users/new",
        full_name="Nguyễn Mới",
        email="TRUNG@example.vn",
        role="unit_lead",
        unit="",
        position="Trưởng phòng",
        phone="0912-abc",
        locale="vi",
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Đã có tài khoản với email trung@example.vn." in page
    assert "phải thuộc một đơn vị" in page
    assert "Số điện thoại chỉ gồm chữ số" in page
    assert 'value="Nguyễn Mới"' in page and 'value="Trưởng phòng"' in page
    assert 'value="0912-abc"' in page
    # Each problem in the field's own block, right after what was typed.
    email_block = page.split('id="email"')[1].split('class="field')[0]
    assert "Đã có tài khoản" in email_block
    assert person(db_session, "trung@example.vn").full_name != "Nguyễn Mới"


def test_office_edits_a_person_and_the_journal_shows_it(
    client, login, office, make_user, units, db_session
):
    member = make_user(role="unit_member", unit=units["own"], full_name="Trần Văn Bảy")
    login(office)
    path = f"/admin/users/{member.id}"
    response = post(
        client,
        path,
        full_name="Trần Văn Bảy",
        email=member.email,
        role="unit_lead",
        unit="SYTT",
        position="Phó Giám đốc",
        phone="",
        locale="en",
        reason="Bổ nhiệm",
    )
    assert response.status_code == 302
    db_session.refresh(member)
    assert (member.role, member.unit, member.locale) == ("unit_lead", units["other"], "en")
    page = client.get(path).get_data(as_text=True)
    assert "Bổ nhiệm" in page and "Lãnh đạo đơn vị" in page and "SNVT → SYTT" in page


def test_disable_needs_a_reason_and_signs_the_person_out(
    client, login, office, make_user, db_session
):
    viewer = make_user(role="viewer")
    db_session.add(LoginSession(user=viewer, token_hash="a" * 64))
    db_session.commit()
    login(office)
    path = f"/admin/users/{viewer.id}"
    response = post(client, f"{path}/disable", path, reason="  ")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    disable_form = page.split('id="disable-person"')[1]
    assert "Vui lòng nhập trường này." in disable_form.split("</form>")[0]
    db_session.refresh(viewer)
    assert viewer.active

    response = post(client, f"{path}/disable", path, reason="Nghỉ hưu")
    assert response.status_code == 302
    db_session.refresh(viewer)
    assert not viewer.active
    assert db_session.scalar(select(LoginSession.ended_at).where(LoginSession.user_id == viewer.id))
    page = client.get(path).get_data(as_text=True)
    assert "Đã khóa" in page and "Nghỉ hưu" in page and 'id="enable-person"' in page
    assert post(client, f"{path}/enable", path, reason="").status_code == 302
    db_session.refresh(viewer)
    assert viewer.active


def test_nobody_disables_themself_on_the_page(client, login, office, db_session):
    login(office)
    path = f"/admin/users/{office.id}"
    response = post(client, f"{path}/disable", path, reason="Thử")
    assert response.status_code == 422
    assert "Bạn không thể khóa tài khoản của chính mình." in response.get_data(as_text=True)


def test_invitation_again_from_the_list(client, login, office, db_session):
    login(office)
    post(client, "/admin/users/new", **(NEW | {"role": "viewer", "unit": ""}))
    mai = person(db_session, "mai@example.vn")
    listing = client.get("/admin/users?state=invited").get_data(as_text=True)
    assert "mai@example.vn" in listing
    response = post(
        client,
        f"/admin/users/{mai.id}/invite",
        "/admin/users",
        back="/admin/users?state=invited",
    )
    assert response.headers["Location"].endswith("/admin/users?state=invited")
    links = db_session.scalars(select(AccountLink).where(AccountLink.user_id == mai.id)).all()
    assert len(links) == 2 and sum(link.voided_at is None for link in links) == 1
    elsewhere = post(
        client, f"/admin/users/{mai.id}/invite", "/admin/users", back="https://evil.example/"
    )
    assert elsewhere.headers["Location"].endswith(f"/admin/users/{mai.id}")


def test_list_filters_and_search(client, login, office, make_user, units):
    make_user(role="unit_member", unit=units["own"], full_name="Nguyễn Văn Ánh")
    make_user(role="unit_member", unit=units["other"], full_name="Lê Thị Hoa")
    login(office)
    page = client.get("/admin/users?q=nguyen+anh").get_data(as_text=True)
    assert "Nguyễn Văn Ánh" in page and "Lê Thị Hoa" not in page
    page = client.get("/admin/users?unit=SYTT").get_data(as_text=True)
    assert "Lê Thị Hoa" in page and "Nguyễn Văn Ánh" not in page
    for query in ("role=boss", "last_login=yesterday", "page=abc", "page=①", "unit=NOWHERE"):
        refused = client.get(f"/admin/users?{query}", headers={"Accept-Language": "vi"})
        assert refused.status_code == 422, query
        assert "flash-error" in refused.get_data(as_text=True)


def test_a_lead_sees_and_adds_staff_of_their_unit_only(
    client, login, lead, make_user, units, db_session
):
    make_user(role="unit_member", unit=units["own"], full_name="Cán bộ mình")
    make_user(role="unit_member", unit=units["other"], full_name="Cán bộ khác")
    login(lead)
    home = client.get("/admin/users").get_data(as_text=True)
    assert "Cán bộ mình" in home and "Cán bộ khác" not in home
    assert 'id="unit-staff-link"' in home
    # The page has no unit filter for a lead: one in the address is ignored, not a 403.
    assert client.get("/admin/users?unit=SYTT").get_data(as_text=True).count("Cán bộ khác") == 0
    form = client.get("/admin/users/new").get_data(as_text=True)
    assert 'value="office"' not in form and 'value="SYTT"' not in form
    response = post(client, "/admin/users/new", **NEW)
    assert response.status_code == 302
    assert person(db_session, "mai@example.vn").unit == units["own"]


@pytest.mark.parametrize(
    "change", [{"unit": "SYTT"}, {"role": "unit_lead"}, {"role": "office", "unit": ""}]
)
def test_a_lead_is_refused_other_units_and_roles(client, login, lead, units, db_session, change):
    login(lead)
    response = post(client, "/admin/users/new", "/admin/users/new", **(NEW | change))
    assert response.status_code == 403
    assert "chỉ quản lý tài khoản cán bộ của đơn vị mình" in response.get_data(as_text=True)
    assert person(db_session, "mai@example.vn") is None


def test_a_lead_gets_403_on_people_out_of_reach(client, login, lead, make_user, units):
    stranger = make_user(role="unit_member", unit=units["other"])
    colleague = make_user(role="unit_lead", unit=units["own"])
    office = make_user(role="office")
    login(lead)
    for target in (stranger, colleague, office):
        assert client.get(f"/admin/users/{target.id}").status_code == 403
        token = csrf_from(client, "/admin/users")
        for action in ("disable", "invite"):
            refused = client.post(
                f"/admin/users/{target.id}/{action}", data={"csrf_token": token, "reason": "x"}
            )
            assert refused.status_code == 403
    member = make_user(role="unit_member", unit=units["own"])
    path = f"/admin/users/{member.id}"
    assert client.get(path).status_code == 200
    moved = post(client, path, **(NEW | {"email": member.email, "unit": "SYTT"}))
    assert moved.status_code == 403


def test_office_cannot_open_an_administrators_account(client, login, office, make_user):
    admin = make_user(role="admin", full_name="Quản trị thử")
    login(office)
    listing = client.get("/admin/users").get_data(as_text=True)
    assert "Quản trị thử" in listing
    assert f'href="/admin/users/{admin.id}"' not in listing
    assert client.get(f"/admin/users/{admin.id}").status_code == 403


@pytest.mark.parametrize("role", ["unit_member", "viewer"])
def test_others_cannot_reach_the_people_pages(client, login, make_user, role):
    login(make_user(role=role))
    for path in ("/admin/users", "/admin/users/new"):
        assert client.get(path).status_code == 403


def test_odd_addresses_and_values_never_fail(client, login, office, db_session):
    login(office)
    assert client.get("/admin/users/99999999999999999999").status_code == 404
    assert client.get("/admin/users/123456").status_code == 404
    response = post(
        client,
        "/admin/users/new",
        full_name="A\u0007",
        email="x" * 400,
        role="x" * 50,
        unit="\u0000",
        locale="zz",
        position="p" * 300,
    )
    assert response.status_code == 422
    assert db_session.scalar(select(AuditEvent).where(AuditEvent.action == "user.create")) is None
