"""/profile/security: one's own password (the current one needed, the rules, the other sessions
ended), the open login sessions (ended one by one or all the others) and the API tokens."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.conftest import PASSWORD, csrf_from
from tracker.accounts.api_tokens import create_token
from tracker.accounts.login_sessions import browser_of
from tracker.accounts.models import AccountLink, ApiToken, LoginSession
from tracker.accounts.passwords import verify_password
from tracker.audit.models import AuditEvent

NEW_PASSWORD = "đồi cát Cửa Việt lúc chiều"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def signed_in(app, user, agent: str = FIREFOX):
    client = app.test_client()
    client.post(
        "/login",
        data={"email": user.email, "password": PASSWORD, "csrf_token": csrf_from(client, "/login")},
        headers={"User-Agent": agent},
    )
    assert client.get("/profile").status_code == 200
    return client


def open_sessions(db_session, user) -> int:
    return db_session.scalar(
        select(func.count(LoginSession.id)).where(
            LoginSession.user_id == user.id, LoginSession.ended_at.is_(None)
        )
    )


def change(client, current: str, new: str, confirm: str | None = None):
    return client.post(
        "/profile/security/password",
        data={
            "current_password": current,
            "password": new,
            "confirm": new if confirm is None else confirm,
            "csrf_token": csrf_from(client, "/profile/security"),
        },
    )


@pytest.mark.parametrize(
    ("agent", "browser"),
    [
        (FIREFOX, "Firefox 128 · Linux"),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87",
            "Edge 126 · Windows",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            "Safari 17 · iOS",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.6478.122 Mobile Safari/537.36",
            "Chrome 126 · Android",
        ),
        ("curl/8.5.0", ""),
        (None, ""),
    ],
)
def test_the_browser_is_named_from_the_user_agent(agent, browser):
    assert browser_of(agent) == browser


def test_the_page_lists_this_and_the_other_sessions_and_the_tokens(app, make_user, db_session):
    user = make_user(role="viewer")
    here = signed_in(app, user)
    signed_in(app, user, agent="Mozilla/5.0 (Windows NT 10.0) Chrome/126.0 Safari/537.36")
    create_token(user, "Báo cáo tự động")
    page = here.get("/profile/security")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Firefox 128 · Linux" in text and "Chrome 126 · Windows" in text
    assert text.count("(phiên này)") == 1
    assert "Báo cáo tự động" in text
    assert "Kết thúc tất cả phiên khác" in text
    assert 'href="/profile/security"' in here.get("/profile").get_data(as_text=True)


def test_changing_the_password_needs_the_current_one_and_ends_the_other_sessions(
    app, make_user, db_session
):
    user = make_user(role="viewer", email="doi.mk@quangtri.gov.vn")
    here, elsewhere = signed_in(app, user), signed_in(app, user)
    link_row = db_session.scalar(select(AccountLink).where(AccountLink.user_id == user.id))
    assert link_row is None

    wrong = change(here, "không phải mật khẩu", NEW_PASSWORD)
    assert wrong.status_code == 422
    assert "Đây không phải mật khẩu hiện tại của bạn." in wrong.get_data(as_text=True)
    common = change(here, PASSWORD, "matkhau@2024")
    assert common.status_code == 422
    assert "mật khẩu phổ biến nhất" in common.get_data(as_text=True)
    differ = change(here, PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "?")
    assert "Hai mật khẩu không giống nhau." in differ.get_data(as_text=True)
    db_session.expire_all()
    assert verify_password(user.password_hash, PASSWORD) and open_sessions(db_session, user) == 2

    done = change(here, PASSWORD, NEW_PASSWORD)
    assert done.status_code == 302 and done.headers["Location"].endswith("/profile/security")
    assert "Đã kết thúc 1 phiên đăng nhập khác" in here.get("/profile/security").get_data(
        as_text=True
    )
    db_session.expire_all()
    assert verify_password(user.password_hash, NEW_PASSWORD)
    assert user.password_changed_at is not None
    assert open_sessions(db_session, user) == 1
    assert elsewhere.get("/profile").status_code == 302  # sent to the login page
    assert here.get("/profile").status_code == 200  # this one stays
    actions = db_session.scalars(
        select(AuditEvent.action).where(AuditEvent.actor_id == user.id).order_by(AuditEvent.id)
    ).all()
    assert actions.count("password.change_refused") == 1
    assert actions.count("password.change") == 1


def test_wrong_current_passwords_are_limited(app, make_user, db_session):
    user = make_user(role="viewer")
    here = signed_in(app, user)
    for _ in range(5):
        assert change(here, "sai mật khẩu rồi", NEW_PASSWORD).status_code == 422
    locked = change(here, PASSWORD, NEW_PASSWORD)  # even the right one, for a while
    assert locked.status_code == 429
    db_session.expire_all()
    assert verify_password(user.password_hash, PASSWORD)


def test_ending_one_session_and_all_the_others(app, make_user, db_session):
    user = make_user(role="viewer")
    here = signed_in(app, user)
    second, third = signed_in(app, user), signed_in(app, user)
    rows = db_session.scalars(
        select(LoginSession).where(LoginSession.user_id == user.id).order_by(LoginSession.id)
    ).all()
    token = csrf_from(here, "/profile/security")
    response = here.post(f"/profile/security/sessions/{rows[1].id}/end", data={"csrf_token": token})
    assert response.status_code == 302
    assert second.get("/profile").status_code == 302
    assert third.get("/profile").status_code == 200
    response = here.post("/profile/security/sessions/end-others", data={"csrf_token": token})
    assert response.status_code == 302
    assert "Đã kết thúc 1 phiên đăng nhập khác." in here.get("/profile/security").get_data(
        as_text=True
    )
    assert third.get("/profile").status_code == 302
    assert here.get("/profile").status_code == 200


def test_another_persons_session_or_token_is_not_found(app, make_user, db_session):
    me, other = make_user(role="viewer"), make_user(role="viewer")
    here = signed_in(app, me)
    signed_in(app, other)
    theirs = db_session.scalar(select(LoginSession).where(LoginSession.user_id == other.id))
    their_token, _raw = create_token(other, "của người khác")
    token = csrf_from(here, "/profile/security")
    end = here.post(f"/profile/security/sessions/{theirs.id}/end", data={"csrf_token": token})
    assert end.status_code == 404
    revoke = here.post(
        f"/profile/security/tokens/{their_token.id}/revoke", data={"csrf_token": token}
    )
    assert revoke.status_code == 404
    db_session.expire_all()
    assert theirs.ended_at is None and their_token.revoked_at is None


def test_revoking_a_token_from_the_page(app, make_user, db_session):
    user = make_user(role="viewer")
    here = signed_in(app, user)
    row, raw = create_token(user, "Kịch bản cũ")
    response = here.post(
        f"/profile/security/tokens/{row.id}/revoke",
        data={"csrf_token": csrf_from(here, "/profile/security")},
    )
    assert response.status_code == 302
    db_session.expire_all()
    assert db_session.get(ApiToken, row.id).revoked_at is not None
    api = app.test_client().get("/api/v1/units", headers={"Authorization": f"Bearer {raw}"})
    assert api.status_code == 401
    assert "Kịch bản cũ" not in here.get("/profile/security").get_data(as_text=True)


def test_the_page_is_for_signed_in_people_only(client, db_session):
    assert client.get("/profile/security").status_code == 302


def test_link_tokens_are_kept_out_of_the_logs():
    from tracker.core.redaction import redact

    line = '127.0.0.1 "GET /set-password/AbC-12_x HTTP/1.1" 200; POST /password-reset/Zz9 302'
    assert redact(line) == (
        '127.0.0.1 "GET /set-password/<redacted> HTTP/1.1" 200; POST /password-reset/<redacted> 302'
    )
    assert redact("GET /password-reset HTTP/1.1") == "GET /password-reset HTTP/1.1"
    assert redact("GET /set-password/%41bc HTTP/1.1") == "GET /set-password/<redacted> HTTP/1.1"
