"""Logging in and out, refused logins, CSRF and the server-side end of a session."""

from __future__ import annotations

from sqlalchemy import select

from tests.conftest import PASSWORD, csrf_from


def audit_actions(db_session) -> list[str]:
    from tracker.audit.models import AuditEvent

    return list(db_session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_office_user_logs_in_and_sees_the_plans(client, make_user, login, db_session):
    user = make_user(role="office")
    response = login(user)
    assert response.status_code == 302
    page = client.get("/plans/", follow_redirects=True).get_data(as_text=True)
    assert "Kế hoạch" in page
    assert user.full_name in page
    assert "login" in audit_actions(db_session)


def test_email_is_matched_case_insensitively(client, make_user, login):
    user = make_user(email="Chuyen.Vien@Example.VN")
    assert user.email == "chuyen.vien@example.vn"
    token = csrf_from(client, "/login")
    response = client.post(
        "/login",
        data={"email": "CHUYEN.VIEN@example.vn", "password": PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302


def test_wrong_password_is_refused_and_audited(client, make_user, login, db_session):
    user = make_user()
    response = login(user, password="not-the-password")
    assert response.status_code == 401
    assert "Sai email hoặc mật khẩu" in response.get_data(as_text=True)
    assert client.get("/plans/").status_code == 302  # still anonymous
    assert "login_failed" in audit_actions(db_session)


def test_unknown_user_is_refused(client, db_session):
    token = csrf_from(client, "/login")
    response = client.post(
        "/login", data={"email": "nobody@example.vn", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 401


def test_disabled_user_is_refused(client, make_user, login):
    user = make_user(active=False)
    assert login(user).status_code == 401
    assert client.get("/plans/").status_code == 302


def test_login_without_csrf_token_is_refused(client, make_user):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/plans/").status_code == 302


def test_logout_without_csrf_token_is_refused(client, make_user, login):
    login(make_user())
    assert client.post("/logout").status_code == 400
    assert client.get("/plans/").status_code == 200


def test_session_cookie_replayed_after_logout_is_refused(app, client, make_user, login):
    login(make_user())
    captured = client.get_cookie("session").value
    token = csrf_from(client, "/plans/")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/plans/").status_code == 302

    replay = app.test_client()
    replay.set_cookie("session", captured, domain="localhost")
    response = replay.get("/plans/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_disabling_a_user_ends_their_open_sessions(client, make_user, login, app_ctx):
    from tracker.people.services import commit, set_active

    admin = make_user(role="admin")
    user = make_user()
    login(user)
    assert client.get("/plans/").status_code == 200
    set_active(admin, user, False, "Nghỉ việc")
    commit()
    assert client.get("/plans/").status_code == 302


def test_login_starts_a_new_session(client, make_user, login):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    login(make_user())
    with client.session_transaction() as session:
        assert "planted" not in session


def test_session_cookie_is_httponly_and_samesite_lax(client, make_user, login):
    response = login(make_user())
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_failed_logins_are_limited_per_account(app, client, make_user, login):
    user = make_user()
    limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    for _ in range(limit):
        assert login(user, password="wrong-password").status_code == 401
    # Even the right password is refused while the account is locked.
    response = login(user)
    assert response.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in response.get_data(as_text=True)


def test_failed_logins_are_limited_per_address(app, client, make_user, login):
    limit = app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"]
    users = [make_user() for _ in range(3)]
    for i in range(limit):
        login(users[i % 3], password="wrong-password")
    fresh = make_user()
    assert login(fresh).status_code == 429


def test_next_parameter_cannot_redirect_off_site(client, make_user):
    user = make_user()
    token = csrf_from(client, "/login")
    response = client.post(
        "/login?next=//evil.example/steal",
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
    )
    assert response.status_code == 302
    assert "evil.example" not in response.headers["Location"]


def test_password_hash_is_argon2id_and_rehashed_when_parameters_change(
    client, make_user, login, db_session
):
    from argon2 import PasswordHasher

    user = make_user()
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    user.password_hash = weak
    db_session.commit()
    assert login(user).status_code == 302
    db_session.refresh(user)
    assert user.password_hash.startswith("$argon2id$")
    assert user.password_hash != weak
