"""The people services: who manages whose account, creating, changing, disabling and inviting
people, and finding them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tracker.accounts.models import AccountLink, LoginSession, User
from tracker.audit.models import AuditEvent
from tracker.core.exceptions import Forbidden, ValidationFailed
from tracker.core.timeutil import utcnow
from tracker.extensions import db
from tracker.people import services
from tracker.reminders.models import ReminderDelivery

OWN, OTHER = "own", "other"

# (actor's role, target's role, target's unit) → may manage. The lead's unit is "own".
MAY_MANAGE = [
    ("admin", "admin", None, True),
    ("admin", "office", None, True),
    ("admin", "unit_lead", OWN, True),
    ("admin", "unit_member", OTHER, True),
    ("admin", "viewer", None, True),
    ("office", "admin", None, False),
    ("office", "office", None, True),
    ("office", "unit_lead", OTHER, True),
    ("office", "unit_member", OWN, True),
    ("office", "viewer", None, True),
    ("unit_lead", "unit_member", OWN, True),
    ("unit_lead", "unit_member", OTHER, False),
    ("unit_lead", "unit_member", None, False),
    ("unit_lead", "unit_lead", OWN, False),
    ("unit_lead", "office", None, False),
    ("unit_lead", "viewer", OWN, False),
    ("unit_lead", "admin", None, False),
    ("unit_member", "unit_member", OWN, False),
    ("viewer", "unit_member", OWN, False),
    ("viewer", "viewer", None, False),
]


@pytest.fixture
def units(app_ctx, make_unit):
    return {
        OWN: make_unit(code="SNVT", name="Sở Nội vụ thử", short_name="SNV thử"),
        OTHER: make_unit(code="SYTT", name="Sở Y tế thử", short_name="SYT thử"),
    }


@pytest.fixture
def office(app_ctx, make_user):
    return make_user(role="office")


@pytest.fixture
def lead(make_user, units):
    return make_user(role="unit_lead", unit=units[OWN])


@pytest.mark.parametrize(("actor_role", "role", "unit", "allowed"), MAY_MANAGE)
def test_may_manage(app_ctx, make_user, units, actor_role, role, unit, allowed):
    actor = make_user(role=actor_role, unit=units[OWN] if "unit" in actor_role else None)
    unit_id = units[unit].id if unit else None
    assert services.may_manage(actor, role, unit_id) is allowed
    if allowed:
        services.check_may_manage(actor, role, unit_id)
    else:
        with pytest.raises(Forbidden) as refused:
            services.check_may_manage(actor, role, unit_id)
        assert refused.value.status == 403


def test_nobody_disabled_or_anonymous_manages(app_ctx, make_user, units):
    admin = make_user(role="admin", active=False)
    assert not services.may_manage(admin, "viewer", None)
    assert not services.may_manage(None, "viewer", None)
    lead_without_unit = make_user(role="unit_lead", unit=units[OWN])
    lead_without_unit.unit_id = None
    assert not services.may_manage(lead_without_unit, "unit_member", None)


def events(action: str, target: User) -> list[AuditEvent]:
    return list(AuditEvent.query.filter_by(action=action, target_type="user", target_id=target.id))


def test_create_person_invites_without_a_password(office, units, db_session, app_ctx):
    user = services.create_person(
        office,
        email="  Nguyen.An@Example.VN ",
        full_name=" Nguyễn Văn An ",
        role="unit_member",
        unit="sở nội vụ THỬ",
        position="Chuyên viên",
        phone="+84 (233) 385.2111",
        reason="Tuyển mới",
    )
    services.commit()
    assert user.email == "nguyen.an@example.vn"
    assert user.full_name == "Nguyễn Văn An"
    assert user.unit is units[OWN]
    assert user.password_hash is None
    assert services.account_state(user) == "invited"
    link = db_session.scalar(select(AccountLink).where(AccountLink.user_id == user.id))
    assert link.purpose == "invite" and link.created_by_id == office.id
    mail = db_session.scalar(select(ReminderDelivery).where(ReminderDelivery.recipient == user))
    assert mail.kind == "account" and mail.status == "pending"
    (event,) = events("user.create", user)
    assert event.actor_id == office.id
    assert event.details["unit"] == "SNVT" and event.details["reason"] == "Tuyển mới"


def test_create_person_by_code_without_invitation(office, units, db_session, app_ctx):
    user = services.create_person(
        office, email="b@example.vn", full_name="B", role="viewer", unit="sytt", send_invite=False
    )
    assert user.unit is units[OTHER]
    assert db_session.scalar(select(AccountLink).where(AccountLink.user_id == user.id)) is None


def test_create_person_refusals_name_their_fields(office, make_user, app_ctx):
    make_user(role="viewer", email="taken@example.vn")
    with pytest.raises(ValidationFailed) as refused:
        services.create_person(
            office,
            email="TAKEN@example.vn",
            full_name="  ",
            role="unit_member",
            unit="Sở Không Có",
            position="x" * 201,
            phone="0912 abc",
            locale="fr",
        )
    problems = {name: p.code for name, p in refused.value.fields.items()}
    assert problems == {
        "email": "email_taken",
        "name": "required",
        "unit": "unknown_unit",
        "position": "too_long",
        "phone": "not_a_phone",
        "locale": "one_of",
    }


@pytest.mark.parametrize(
    ("email", "code"), [("ai@may.test", "not_an_email"), ("không-phải", "not_an_email")]
)
def test_create_person_uses_the_login_forms_email_rule(office, app_ctx, email, code):
    with pytest.raises(ValidationFailed) as refused:
        services.create_person(office, email=email, full_name="A", role="viewer")
    assert refused.value.fields["email"].code == code


def test_a_unit_role_needs_a_unit_and_a_role_must_be_known(office, app_ctx):
    with pytest.raises(ValidationFailed) as refused:
        services.create_person(office, email="a@example.vn", full_name="A", role="unit_lead")
    assert refused.value.fields["unit"].code == "unit_required"
    with pytest.raises(ValidationFailed) as refused:
        services.create_person(office, email="a@example.vn", full_name="A", role="boss")
    assert refused.value.fields["role"].code == "one_of"


def test_a_lead_creates_staff_of_their_unit_only(lead, units, app_ctx):
    user = services.create_person(
        lead, email="nv@example.vn", full_name="Nhân viên", role="unit_member", unit="SNVT"
    )
    assert user.unit is units[OWN]
    for role, unit in (("unit_member", "SYTT"), ("unit_lead", "SNVT"), ("office", None)):
        with pytest.raises(Forbidden):
            services.create_person(lead, email="x@example.vn", full_name="X", role=role, unit=unit)


def test_office_cannot_create_or_touch_an_administrator(office, make_user, app_ctx):
    with pytest.raises(Forbidden) as refused:
        services.create_person(office, email="a@example.vn", full_name="A", role="admin")
    assert refused.value.message.code == "admin_accounts_only_admin"
    admin = make_user(role="admin")
    with pytest.raises(Forbidden):
        services.update_person(office, admin, full_name="Đổi tên")
    with pytest.raises(Forbidden):
        services.set_active(office, admin, False, "thử")
    viewer = make_user(role="viewer")
    with pytest.raises(Forbidden):
        services.update_person(office, viewer, role="admin")


def test_a_viewer_or_member_manages_nobody(app_ctx, make_user, units):
    for role in ("viewer", "unit_member"):
        actor = make_user(role=role, unit=units[OWN] if role == "unit_member" else None)
        with pytest.raises(Forbidden):
            services.create_person(actor, email="a@example.vn", full_name="A", role="boss")
        with pytest.raises(Forbidden):
            services.search_people(actor)


def test_update_person_returns_and_journals_what_changed(office, make_user, units, app_ctx):
    user = make_user(role="unit_member", unit=units[OWN], full_name="Trần Thị Bình")
    changes = services.update_person(
        office,
        user,
        reason="Chuyển công tác",
        full_name="Trần Thị Bình",
        unit="SYTT",
        position="Phó phòng",
    )
    assert changes == {"unit": ["SNVT", "SYTT"], "position": ["", "Phó phòng"]}
    (event,) = events("user.update", user)
    assert event.details == {"changes": changes, "reason": "Chuyển công tác"}
    assert services.update_person(office, user, unit="SYTT", full_name="Trần Thị Bình") == {}
    assert len(events("user.update", user)) == 1


def test_update_person_refusals(office, make_user, units, app_ctx):
    user = make_user(role="unit_member", unit=units[OWN])
    other = make_user(role="viewer", email="other@example.vn")
    with pytest.raises(ValidationFailed) as refused:
        services.update_person(
            office, user, email="OTHER@example.vn", role="unit_lead", unit="", phone="abc"
        )
    problems = {name: p.code for name, p in refused.value.fields.items()}
    assert problems == {"email": "email_taken", "unit": "unit_required", "phone": "not_a_phone"}
    with pytest.raises(ValidationFailed) as refused:
        services.update_person(office, office, role="viewer")
    assert refused.value.fields["role"].code == "own_role"
    with pytest.raises(TypeError):
        services.update_person(office, other, password_hash="x")


def test_a_lead_edits_own_staff_but_cannot_move_or_promote_them(lead, make_user, units, app_ctx):
    member = make_user(role="unit_member", unit=units[OWN])
    assert services.update_person(lead, member, phone="0912 345 678")
    for change in ({"unit": "SYTT"}, {"role": "unit_lead"}, {"role": "viewer"}):
        with pytest.raises(Forbidden):
            services.update_person(lead, member, **change)
    stranger = make_user(role="unit_member", unit=units[OTHER])
    with pytest.raises(Forbidden):
        services.update_person(lead, stranger, phone="0912")
    with pytest.raises(Forbidden):
        services.set_active(lead, stranger, False, "Nghỉ việc")
    with pytest.raises(Forbidden):
        services.send_invitation(lead, stranger)


def test_disabling_ends_sessions_voids_links_and_needs_a_reason(
    office, make_user, db_session, app_ctx
):
    user = make_user(role="viewer")
    db_session.add_all(
        [LoginSession(user=user, token_hash=f"{n}" * 64) for n in range(2)]
        + [LoginSession(user=office, token_hash="9" * 64)]
    )
    services.send_invitation(office, user)
    with pytest.raises(ValidationFailed) as refused:
        services.set_active(office, user, False, "   ")
    assert refused.value.fields["reason"].code == "required"

    assert services.set_active(office, user, False, "Nghỉ hưu") is True
    services.commit()
    assert not user.active and services.account_state(user) == "disabled"
    open_sessions = db_session.scalars(
        select(LoginSession.user_id).where(LoginSession.ended_at.is_(None))
    ).all()
    assert open_sessions == [office.id]
    link = db_session.scalar(select(AccountLink).where(AccountLink.user_id == user.id))
    assert link.voided_at is not None
    (event,) = events("user.deactivate", user)
    assert event.details == {"reason": "Nghỉ hưu"}
    assert services.set_active(office, user, False, "Lần nữa") is False

    with pytest.raises(ValidationFailed) as refused:
        services.send_invitation(office, user)
    assert refused.value.message.code == "account_disabled"
    assert services.set_active(office, user, True, "") is True
    assert events("user.activate", user)


def test_disabling_through_update_person_follows_the_same_rule(office, make_user, app_ctx):
    user = make_user(role="viewer")
    with pytest.raises(ValidationFailed) as refused:
        services.update_person(office, user, active=False)
    assert refused.value.fields["reason"].code == "required"
    changes = services.update_person(office, user, active=False, reason="Nghỉ việc")
    assert changes == {"active": [True, False]}
    assert events("user.deactivate", user) and not events("user.update", user)


def test_nobody_disables_themself(office, app_ctx):
    with pytest.raises(ValidationFailed) as refused:
        services.set_active(office, office, False, "Thử")
    assert refused.value.fields["active"].code == "own_account"
    with pytest.raises(ValidationFailed):
        services.update_person(office, office, active=False, reason="Thử")


def test_inviting_again_voids_the_older_link(office, make_user, db_session, app_ctx):
    user = services.create_person(office, email="moi@example.vn", full_name="A", role="viewer")
    second = services.send_invitation(office, user)
    rows = db_session.scalars(select(AccountLink).where(AccountLink.user_id == user.id)).all()
    assert [link.voided_at is None for link in rows] == [False, True]
    assert rows[1] is second
    assert events("user.invite", user)


def test_a_new_email_gets_the_open_invitation_again(office, db_session, app_ctx):
    user = services.create_person(office, email="sai@example.vn", full_name="A", role="viewer")
    services.update_person(office, user, email="dung@example.vn")
    mails = db_session.scalars(
        select(ReminderDelivery.recipient_email).where(ReminderDelivery.recipient == user)
    ).all()
    assert sorted(mails) == ["dung@example.vn", "sai@example.vn"]
    links = db_session.scalars(select(AccountLink).where(AccountLink.user_id == user.id)).all()
    assert [link.voided_at is None for link in links] == [False, True]


@pytest.fixture
def people(make_user, units, office):
    now = utcnow()
    return {
        "an": make_user(
            role="unit_member",
            unit=units[OWN],
            full_name="Nguyễn Văn An",
            email="an@example.vn",
            last_login_at=now - timedelta(days=3),
        ),
        "dung": make_user(
            role="unit_lead",
            unit=units[OWN],
            full_name="Đặng Thị Dung",
            email="dung@example.vn",
            last_login_at=now - timedelta(days=120),
        ),
        "binh": make_user(
            role="unit_member",
            unit=units[OTHER],
            full_name="Lê Bình",
            email="binh@example.vn",
            active=False,
        ),
        "moi": invited(make_user(role="viewer", full_name="Phạm Mới", email="moi@example.vn")),
    }


def invited(user: User) -> User:
    user.password_hash = None
    db.session.commit()
    return user


def names(found) -> list[str]:
    users, total = found
    assert total >= len(users)
    return [user.full_name for user in users]


def test_search_filters(office, people, units, app_ctx):
    mine = names(services.search_people(office, unit=units[OWN].code))
    assert mine == ["Đặng Thị Dung", "Nguyễn Văn An"]  # by unit, then by name
    assert names(services.search_people(office, unit=units[OWN].id)) == mine
    assert names(services.search_people(office, role="unit_member")) == ["Nguyễn Văn An", "Lê Bình"]
    assert names(services.search_people(office, active=False)) == ["Lê Bình"]
    assert names(services.search_people(office, state="invited")) == ["Phạm Mới"]
    assert "Lê Bình" not in names(services.search_people(office, state="active"))
    assert names(services.search_people(office, last_login="30d")) == ["Nguyễn Văn An"]
    never = names(services.search_people(office, last_login="never"))
    assert "Phạm Mới" in never and "Nguyễn Văn An" not in never
    stale = names(services.search_people(office, last_login="90d_plus"))
    assert "Đặng Thị Dung" in stale and "Phạm Mới" in stale and "Nguyễn Văn An" not in stale


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("nguyen van", ["Nguyễn Văn An"]),
        ("NGUYỄN", ["Nguyễn Văn An"]),
        ("dang dung", ["Đặng Thị Dung"]),
        ("binh@example", ["Lê Bình"]),
        ("đặng  thị", ["Đặng Thị Dung"]),
        ("không ai", []),
    ],
)
def test_search_ignores_case_and_diacritics(office, people, app_ctx, q, expected):
    assert names(services.search_people(office, q=q)) == expected


def test_search_pages(office, people, app_ctx):
    first, total = services.search_people(office, page=1, per_page=2)
    second, same_total = services.search_people(office, page=2, per_page=2)
    assert total == same_total >= 5 and len(first) == 2
    assert not {u.id for u in first} & {u.id for u in second}
    found, total = services.search_people(office, q="example", page=2, per_page=2)
    assert total >= 4 and len(found) == 2
    with pytest.raises(ValidationFailed) as refused:
        services.search_people(office, page=0, per_page=500, role="x", last_login="hôm qua")
    assert set(refused.value.fields) == {"page", "per_page", "role", "last_login"}


def test_a_lead_finds_only_their_own_unit(lead, people, units, app_ctx):
    found = names(services.search_people(lead))
    assert sorted(found) == sorted(["Nguyễn Văn An", "Đặng Thị Dung", lead.full_name])
    assert names(services.search_people(lead, unit=units[OWN].code)) == found
    with pytest.raises(Forbidden):
        services.search_people(lead, unit=units[OTHER].code)


def test_nobody_joins_a_closed_unit_but_its_people_keep_their_other_changes(
    office, units, make_user, app_ctx
):
    closed = units[OWN]
    closed.valid_to = utcnow().date() - timedelta(days=2)
    staying = make_user(role="unit_member", unit=closed)
    with pytest.raises(ValidationFailed) as refused:
        services.create_person(
            office, email="moi@example.vn", full_name="Người mới", role="unit_member", unit="SNVT"
        )
    assert refused.value.fields["unit"].code == "unit_closed"
    other = make_user(role="unit_member", unit=units[OTHER])
    with pytest.raises(ValidationFailed) as refused:
        services.update_person(office, other, unit="SNVT", reason="Điều chuyển")
    assert refused.value.fields["unit"].code == "unit_closed"
    services.update_person(office, staying, phone="0233 3852 111", unit=closed, reason="Sửa số")
    assert staying.phone and staying.unit is closed
