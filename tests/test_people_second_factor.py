"""The office resets the second factor of a person who lost their phone and its recovery codes,
or their passkey device: the service's rules, and the section of the person's page."""

from __future__ import annotations

import pyotp
import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_from
from tracker.accounts.models import LoginSession, PasskeyCredential, RecoveryCode, User
from tracker.audit.models import AuditEvent
from tracker.core.exceptions import Conflict, Forbidden, ValidationFailed
from tracker.core.timeutil import utcnow
from tracker.people.second_factor import reset_second_factor, second_factor_of


def give_app(db_session, user: User, codes: int = 3) -> None:
    user.totp_secret = pyotp.random_base32()
    user.totp_enabled_at = utcnow()
    user.totp_last_step = 123
    db_session.add_all(
        RecoveryCode(user_id=user.id, code_hash=f"{user.id}-{n}".ljust(64, "0"))
        for n in range(codes)
    )
    db_session.commit()


def give_passkey(db_session, user: User, name: str = "key") -> None:
    db_session.add(
        PasskeyCredential(
            user_id=user.id,
            credential_id=f"cred-{user.id}-{name}",
            public_key=b"k",
            transports=[],
            name=name,
        )
    )
    db_session.commit()


def count(db_session, model, user: User) -> int:
    return db_session.scalar(
        select(func.count()).select_from(model).where(model.user_id == user.id)
    )


@pytest.fixture
def office(app_ctx, make_user):
    return make_user(role="office", full_name="Văn phòng thử")


def test_reset_clears_app_codes_passkeys_and_sessions(office, make_user, db_session, app_ctx):
    user = make_user(role="viewer")
    give_app(db_session, user)
    give_passkey(db_session, user, "phone")
    give_passkey(db_session, user, "laptop")
    db_session.add_all(
        [LoginSession(user=user, token_hash=f"{n}" * 64) for n in range(2)]
        + [LoginSession(user=office, token_hash="9" * 64)]
    )
    db_session.commit()
    assert second_factor_of(user).app and second_factor_of(user).passkeys == 2

    reset_second_factor(office, user, "Mất điện thoại")
    db_session.commit()

    assert (user.totp_secret, user.totp_enabled_at, user.totp_last_step) == (None, None, None)
    assert count(db_session, RecoveryCode, user) == 0
    assert count(db_session, PasskeyCredential, user) == 0
    assert not second_factor_of(user).any
    open_sessions = db_session.scalars(
        select(LoginSession.user_id).where(LoginSession.ended_at.is_(None))
    ).all()
    assert open_sessions == [office.id]
    (event,) = db_session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == "user.second_factor_reset", AuditEvent.target_id == user.id
        )
    ).all()
    assert event.actor_id == office.id and event.details == {"reason": "Mất điện thoại"}


def test_a_passkey_alone_is_a_factor_to_reset(office, make_user, db_session, app_ctx):
    user = make_user(role="viewer")
    give_passkey(db_session, user)
    reset_second_factor(office, user, "Mất khóa")
    assert count(db_session, PasskeyCredential, user) == 0


def test_reset_needs_a_reason_a_factor_and_someone_else(office, make_user, db_session, app_ctx):
    user = make_user(role="viewer")
    with pytest.raises(Conflict) as refused:
        reset_second_factor(office, user, "Mất điện thoại")
    assert refused.value.fields["second_factor"].code == "no_second_factor"
    give_app(db_session, user)
    with pytest.raises(ValidationFailed) as refused:
        reset_second_factor(office, user, "   ")
    assert refused.value.fields["reason"].code == "required"
    give_app(db_session, office)
    with pytest.raises(ValidationFailed) as refused:
        reset_second_factor(office, office, "Thử")
    assert refused.value.fields["second_factor"].code == "own_second_factor"
    db_session.rollback()
    assert user.totp_enabled_at is not None and office.totp_enabled_at is not None


def test_who_may_reset_is_who_manages_the_account(make_user, make_unit, db_session, app_ctx):
    own, other = make_unit(code="SNVT"), make_unit(code="SYTT")
    lead = make_user(role="unit_lead", unit=own)
    staff = make_user(role="unit_member", unit=own)
    stranger = make_user(role="unit_member", unit=other)
    admin = make_user(role="admin")
    office = make_user(role="office")
    for user in (staff, stranger, admin):
        give_app(db_session, user)
    reset_second_factor(lead, staff, "Mất điện thoại")
    assert staff.totp_enabled_at is None
    with pytest.raises(Forbidden):
        reset_second_factor(lead, stranger, "Mất điện thoại")
    with pytest.raises(Forbidden) as refused:
        reset_second_factor(office, admin, "Mất điện thoại")
    assert refused.value.message.code == "admin_accounts_only_admin"
    with pytest.raises(Forbidden):
        reset_second_factor(make_user(role="viewer"), stranger, "Mất điện thoại")
    reset_second_factor(make_user(role="admin"), admin, "Mất điện thoại")
    assert admin.totp_enabled_at is None


# --- the person's page -------------------------------------------------------------------------


def post(client, path: str, form_path: str, **data):
    data["csrf_token"] = csrf_from(client, form_path)
    return client.post(path, data=data, headers={"Accept-Language": "vi"})


def test_the_section_shows_only_for_someone_with_a_factor(client, login, make_user, db_session):
    office = make_user(role="office")
    user = make_user(role="viewer")
    login(office)
    path = f"/admin/users/{user.id}"
    assert 'id="reset-second-factor"' not in client.get(path).get_data(as_text=True)
    give_app(db_session, user)
    give_passkey(db_session, user, "a")
    give_passkey(db_session, user, "b")
    page = client.get(path, headers={"Accept-Language": "vi"}).get_data(as_text=True)
    assert 'id="reset-second-factor"' in page
    kinds = page.split('id="second-factor-kinds">')[1].split("</p>")[0]
    assert (
        " ".join(kinds.split())
        == "Bước xác thực thứ hai: ứng dụng xác thực (bật) · 2 khóa truy cập"
    )
    assert "Đặt lại bước xác thực thứ hai" in page


def test_reset_on_the_page(client, login, make_user, db_session):
    office = make_user(role="office")
    user = make_user(role="viewer", full_name="Người mất máy")
    give_app(db_session, user)
    db_session.add(LoginSession(user=user, token_hash="a" * 64))
    db_session.commit()
    login(office)
    path = f"/admin/users/{user.id}"
    action = f"{path}/second-factor/reset"

    refused = post(client, action, path, reason="  ")
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    form = page.split('id="reset-second-factor"')[1].split("</form>")[0]
    assert "Vui lòng nhập trường này." in form
    assert 'id="disable-person"' in page  # the rest of the page as usual
    db_session.refresh(user)
    assert user.totp_enabled_at is not None

    too_long = post(client, action, path, reason="Mất điện thoại " + "x" * 600)
    assert too_long.status_code == 422
    kept = too_long.get_data(as_text=True).split('id="reset-second-factor"')[1]
    assert "Mất điện thoại xxx" in kept.split("</form>")[0]

    done = post(client, action, path, reason="Mất điện thoại")
    assert done.status_code == 302 and done.headers["Location"].endswith(path)
    db_session.refresh(user)
    assert user.totp_enabled_at is None and count(db_session, RecoveryCode, user) == 0
    assert db_session.scalar(select(LoginSession.ended_at).where(LoginSession.user_id == user.id))
    page = client.get(path, headers={"Accept-Language": "vi"}).get_data(as_text=True)
    assert "Đã đặt lại bước xác thực thứ hai của Người mất máy" in page
    assert 'id="reset-second-factor"' not in page and "Mất điện thoại" in page

    again = post(client, action, path, reason="Lần nữa")
    assert again.status_code == 409
    assert "Người này không có bước xác thực thứ hai nào để đặt lại." in again.get_data(
        as_text=True
    )


def test_nobody_resets_their_own_on_the_page(client, login, make_user, db_session):
    office = make_user(role="office")
    login(office)
    give_app(db_session, office)  # set up once signed in, so the sign-in asked no code
    path = f"/admin/users/{office.id}"
    refused = post(client, f"{path}/second-factor/reset", path, reason="Thử")
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "Bạn không thể tự đặt lại bước xác thực thứ hai của mình" in page
    assert "Thử</textarea>" in page.split('id="reset-second-factor"')[1]
    db_session.refresh(office)
    assert office.totp_enabled_at is not None


def test_after_a_reset_a_required_role_enrols_again(app, client, login, make_user, db_session):
    office = make_user(role="office")
    admin = make_user(role="admin")
    give_app(db_session, office)
    reset_second_factor(admin, office, "Mất điện thoại")
    db_session.commit()
    app.config["REQUIRE_2FA_ROLES"] = ("office",)
    try:
        assert login(office).headers["Location"].endswith("/login/enrol")
    finally:
        app.config["REQUIRE_2FA_ROLES"] = ()
