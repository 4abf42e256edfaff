"""Signing in in steps: the password, then the second factor or, for a role that requires one,
enrolling it; nothing opens a session before the last step."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from sqlalchemy import func, select

from tests.conftest import PASSWORD, csrf_from


@pytest.fixture
def require_2fa(app):
    def set_roles(*roles):
        app.config["REQUIRE_2FA_ROLES"] = tuple(roles)

    yield set_roles
    app.config["REQUIRE_2FA_ROLES"] = ()


def enable_totp(db_session, user) -> pyotp.TOTP:
    from tracker.core.timeutil import utcnow

    user.totp_secret = pyotp.random_base32()
    user.totp_enabled_at = utcnow()
    db_session.commit()
    return pyotp.TOTP(user.totp_secret)


def add_recovery_codes(db_session, user) -> list[str]:
    from tracker.accounts.models import RecoveryCode
    from tracker.core.tokens import hash_token

    codes = [f"abcde-fghj{n}" for n in range(2, 7)]
    for code in codes:
        db_session.add(RecoveryCode(user_id=user.id, code_hash=hash_token(code.replace("-", ""))))
    db_session.commit()
    return codes


def login_sessions(db_session, user) -> int:
    from tracker.accounts.models import LoginSession

    return db_session.scalar(
        select(func.count()).select_from(LoginSession).where(LoginSession.user_id == user.id)
    )


def post_code(client, code, path="/login/verify"):
    token = csrf_from(client, path)
    return client.post(path, data={"code": code, "csrf_token": token})


def login_events(db_session):
    from tracker.audit.models import AuditEvent

    return list(
        db_session.scalars(
            select(AuditEvent).where(AuditEvent.action == "login").order_by(AuditEvent.id)
        )
    )


def test_password_then_code(client, make_user, login, db_session):
    user = make_user(role="unit_lead")
    totp = enable_totp(db_session, user)
    response = login(user)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/login/verify")
    # The password alone opened nothing.
    assert client.get("/plans/").status_code == 302
    assert login_sessions(db_session, user) == 0
    page = client.get("/login/verify").get_data(as_text=True)
    assert user.email in page

    response = post_code(client, totp.now())
    assert response.status_code == 302
    assert client.get("/plans/").status_code == 200
    assert login_sessions(db_session, user) == 1
    assert login_events(db_session)[-1].details == {"method": "totp"}


def test_the_stored_next_is_followed_after_the_code(client, make_user, db_session):
    user = make_user()
    totp = enable_totp(db_session, user)
    token = csrf_from(client, "/login")
    client.post(
        "/login?next=/tasks/",
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
    )
    response = post_code(client, totp.now())
    assert response.headers["Location"].endswith("/tasks/")


def test_a_wrong_code_is_refused_and_opens_nothing(client, make_user, login, db_session):
    user = make_user()
    enable_totp(db_session, user)
    login(user)
    response = post_code(client, "000000")
    assert response.status_code == 401
    assert "Mã không đúng" in response.get_data(as_text=True)
    assert client.get("/plans/").status_code == 302
    assert login_sessions(db_session, user) == 0


def test_the_second_step_without_a_password_goes_back_to_login(client, make_user):
    assert client.get("/login/verify").headers["Location"].endswith("/login")
    assert client.get("/login/enrol").headers["Location"].endswith("/login")


def test_the_pending_state_expires_after_five_minutes(client, make_user, login, db_session):
    from tracker.accounts.signin import PENDING_KEY, PENDING_SECONDS

    user = make_user()
    totp = enable_totp(db_session, user)
    login(user)
    token = csrf_from(client, "/login/verify")
    with client.session_transaction() as session:
        session[PENDING_KEY]["checked_at"] = time.time() - PENDING_SECONDS - 1
        session.modified = True
    response = client.post("/login/verify", data={"code": totp.now(), "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/login")
    assert client.get("/plans/").status_code == 302
    assert login_sessions(db_session, user) == 0


def test_a_user_disabled_while_pending_cannot_finish(client, make_user, login, db_session):
    user = make_user()
    totp = enable_totp(db_session, user)
    login(user)
    token = csrf_from(client, "/login/verify")
    user.active = False
    db_session.commit()
    response = client.post("/login/verify", data={"code": totp.now(), "csrf_token": token})
    assert response.headers["Location"].endswith("/login")
    assert login_sessions(db_session, user) == 0


def test_a_recovery_code_signs_in_once(client, make_user, login, db_session):
    user = make_user()
    enable_totp(db_session, user)
    codes = add_recovery_codes(db_session, user)
    login(user)
    assert post_code(client, codes[0].upper()).status_code == 302
    assert login_events(db_session)[-1].details == {"method": "recovery_code"}
    token = csrf_from(client, "/plans/")
    client.post("/logout", data={"csrf_token": token})
    login(user)
    assert post_code(client, codes[0]).status_code == 401


def test_required_role_is_made_to_enrol_before_the_session_opens(
    client, make_user, login, db_session, require_2fa
):
    require_2fa("office")
    user = make_user(role="office")
    response = login(user)
    assert response.headers["Location"].endswith("/login/enrol")
    assert client.get("/plans/").status_code == 302
    page = client.get("/login/enrol").get_data(as_text=True)
    assert "<svg" in page
    secret = re.search(r'data-secret="([A-Z2-7]+)"', page).group(1)
    assert client.get("/login/enrol").get_data(as_text=True).count(secret) >= 1  # same secret
    assert login_sessions(db_session, user) == 0

    wrong = f"{(int(pyotp.TOTP(secret).now()) + 1) % 1_000_000:06d}"
    assert post_code(client, wrong, "/login/enrol").status_code == 401
    response = post_code(client, pyotp.TOTP(secret).now(), "/login/enrol")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    codes = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", page)
    assert len(codes) == 10
    assert client.get("/plans/").status_code == 200
    db_session.refresh(user)
    assert user.totp_enabled_at is not None
    assert login_sessions(db_session, user) == 1


def test_a_role_not_in_the_list_goes_straight_in(client, make_user, login, require_2fa):
    require_2fa("admin", "office")
    user = make_user(role="unit_member")
    response = login(user)
    assert response.status_code == 302
    assert "/login/" not in response.headers["Location"]
    assert client.get("/plans/").status_code == 200


def test_with_no_roles_listed_the_office_goes_straight_in(client, make_user, login):
    response = login(make_user(role="office"))
    assert "/login/" not in response.headers["Location"]


def test_an_enrolled_user_of_a_required_role_is_asked_for_the_code(
    client, make_user, login, db_session, require_2fa
):
    require_2fa("admin")
    user = make_user(role="admin")
    enable_totp(db_session, user)
    assert login(user).headers["Location"].endswith("/login/verify")
    # Enrolment is not offered to someone who has a second factor already.
    assert client.get("/login/enrol").headers["Location"].endswith("/login/verify")


def test_a_passkey_counts_as_a_second_factor(client, make_user, login, db_session, require_2fa):
    from tracker.accounts.models import PasskeyCredential

    require_2fa("office")
    user = make_user(role="office")
    db_session.add(
        PasskeyCredential(
            user_id=user.id, credential_id="abc", public_key=b"k", transports=[], name="key"
        )
    )
    db_session.commit()
    assert login(user).headers["Location"].endswith("/login/verify")
    assert client.get("/plans/").status_code == 302


def test_code_failures_are_limited_per_account(app, client, make_user, login, db_session):
    user = make_user()
    totp = enable_totp(db_session, user)
    limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    login(user)
    for _ in range(limit):
        assert post_code(client, "000000").status_code == 401
    # The right code is not even checked once the account is past its limit.
    response = post_code(client, totp.now())
    assert response.status_code == 429
    assert login_sessions(db_session, user) == 0


def test_config_parses_and_validates_the_roles(monkeypatch, tmp_path):
    from tracker.config import ConfigError, load_config

    monkeypatch.setenv("TRACKER_ENV", "development")
    monkeypatch.delenv("TRACKER_REQUIRE_2FA_ROLES", raising=False)
    assert load_config(str(tmp_path))["REQUIRE_2FA_ROLES"] == ("admin", "office")
    monkeypatch.setenv("TRACKER_REQUIRE_2FA_ROLES", " office , unit_lead ")
    assert load_config(str(tmp_path))["REQUIRE_2FA_ROLES"] == ("office", "unit_lead")
    monkeypatch.setenv("TRACKER_REQUIRE_2FA_ROLES", "")
    assert load_config(str(tmp_path))["REQUIRE_2FA_ROLES"] == ()
    monkeypatch.setenv("TRACKER_REQUIRE_2FA_ROLES", "office,boss")
    with pytest.raises(ConfigError, match="TRACKER_REQUIRE_2FA_ROLES.*'boss'"):
        load_config(str(tmp_path))
    monkeypatch.setenv("TRACKER_ENV", "testing")
    monkeypatch.delenv("TRACKER_REQUIRE_2FA_ROLES")
    assert load_config(str(tmp_path))["REQUIRE_2FA_ROLES"] == ()
