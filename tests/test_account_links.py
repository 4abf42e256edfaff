"""One-time links (accounts.links) and the pages that use them: /set-password/<token> (an
invitation, 72 hours) and /password-reset/<token> (1 hour). The token is derived from the
server's secret, only its hash is stored, it opens once (also when two requests bring it at the
same moment), a newer link voids the older; asking for a reset answers the same whoever asks."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from tests.conftest import PASSWORD, csrf_from, recreate_database, scratch_database_name
from tracker.accounts import password_changes
from tracker.accounts.links import issue_link, link_token
from tracker.accounts.models import AccountLink, LoginSession, User
from tracker.accounts.passwords import hash_password, verify_password
from tracker.audit.models import AuditEvent
from tracker.core.timeutil import utcnow
from tracker.extensions import db
from tracker.reminders.models import ReminderDelivery

NEW_PASSWORD = "sông Hiếu chảy qua Đông Hà"


def issue(app, db_session, user, purpose: str) -> tuple[AccountLink, str]:
    """A new link for `user` (in an app context of its own, as a request makes one), as a row
    of the test's session, and its token."""
    with app.app_context():
        link = issue_link(db.session.get(User, user.id), purpose)
        db.session.commit()
        link_id, token = link.id, link_token(link)
    return db_session.get(AccountLink, link_id), token


@pytest.fixture
def invited(app, make_user, db_session):
    """A person created without a password, and the token of their invitation."""
    user = make_user(role="viewer", email="moi.vao@quangtri.gov.vn", full_name="Hồ Thị Mới")
    user.password_hash = None
    db_session.commit()
    link, token = issue(app, db_session, user, "invite")
    return user, link, token


def post_password(client, path: str, password: str, confirm: str | None = None):
    token = csrf_from(client, path)
    return client.post(
        path,
        data={
            "password": password,
            "confirm": password if confirm is None else confirm,
            "csrf_token": token,
        },
    )


def events(db_session, action: str) -> list[AuditEvent]:
    return list(db_session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


# The token


def test_the_token_is_an_hmac_of_the_nonce_and_only_its_hash_is_stored(app, invited):
    _user, link, token = invited
    key = app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"account-link:invite:{link.nonce}".encode(), "sha256").digest()
    assert token == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in (link.nonce, link.token_hash)
    # Another server secret derives another token: a copy of the database opens nothing.
    app.config["SECRET_KEY"], saved = "another-secret", app.config["SECRET_KEY"]
    try:
        with app.app_context():
            assert link_token(link) != token
    finally:
        app.config["SECRET_KEY"] = saved


def test_issuing_plans_one_mail_of_kind_account(invited, db_session):
    user, link, _token = invited
    delivery = db_session.scalar(
        select(ReminderDelivery).where(ReminderDelivery.dedupe_key == f"account:invite:{link.id}")
    )
    assert (delivery.kind, delivery.status, delivery.recipient_email) == (
        "account",
        "pending",
        user.email,
    )
    assert delivery.payload == {"link_id": link.id, "purpose": "invite"}


@pytest.mark.parametrize(("purpose", "hours"), [("invite", 72), ("reset", 1)])
def test_lifetimes(app, make_user, db_session, purpose, hours):
    user = make_user()
    before = utcnow()
    link, _token = issue(app, db_session, user, purpose)
    assert before + timedelta(hours=hours) <= link.expires_at <= utcnow() + timedelta(hours=hours)


# Choosing the password through an invitation


def test_the_invited_person_chooses_a_password_once(client, invited, db_session):
    user, link, token = invited
    path = f"/set-password/{token}"
    page = client.get(path)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Hồ Thị Mới" in text and "moi.vao@quangtri.gov.vn" in text
    assert "Ít nhất 10 ký tự" in text
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Referrer-Policy"] == "no-referrer"

    response = post_password(client, path, NEW_PASSWORD)
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    db_session.expire_all()
    assert verify_password(user.password_hash, NEW_PASSWORD)
    assert user.password_changed_at is not None
    assert link.used_at is not None
    [event] = events(db_session, "password.set")
    assert (event.actor_id, event.target_id, event.details["link_id"]) == (
        user.id,
        user.id,
        link.id,
    )
    login_page = client.get("/login").get_data(as_text=True)
    assert "Đã đặt mật khẩu" in login_page

    again = client.get(path)
    assert again.status_code == 410
    assert "Liên kết mời này không còn dùng được" in again.get_data(as_text=True)
    assert post_password(client, path, "một mật khẩu khác hẳn").status_code == 410


def test_then_the_person_signs_in_with_it(client, invited, db_session):
    user, _link, token = invited
    post_password(client, f"/set-password/{token}", NEW_PASSWORD)
    response = client.post(
        "/login",
        data={
            "email": user.email,
            "password": NEW_PASSWORD,
            "csrf_token": csrf_from(client, "/login"),
        },
    )
    assert response.status_code == 302 and "/login" not in response.headers["Location"]


@pytest.mark.parametrize(
    ("password", "confirm", "field_text"),
    [
        ("ngắn quá", None, "Mật khẩu phải có ít nhất 10 ký tự."),
        ("quangtri2021", None, "nằm trong số những mật khẩu phổ biến nhất"),
        ("moi.vao 2024 xuân", None, "không được chứa tên trong địa chỉ email"),
        (NEW_PASSWORD, NEW_PASSWORD + "!", "Hai mật khẩu không giống nhau."),
    ],
)
def test_a_refused_password_changes_nothing(
    client, invited, db_session, password, confirm, field_text
):
    user, link, token = invited
    response = post_password(client, f"/set-password/{token}", password, confirm)
    assert response.status_code == 422
    assert field_text in response.get_data(as_text=True)
    db_session.expire_all()
    assert user.password_hash is None and link.used_at is None
    assert client.get(f"/set-password/{token}").status_code == 200  # still usable


def test_an_expired_link_is_gone(client, invited, db_session):
    _user, link, token = invited
    db_session.execute(
        update(AccountLink)
        .where(AccountLink.id == link.id)
        .values(expires_at=utcnow() - timedelta(seconds=1))
    )
    db_session.commit()
    response = client.get(f"/set-password/{token}")
    assert response.status_code == 410
    assert "hết hạn" in response.get_data(as_text=True)


def test_a_newer_invitation_voids_the_older(app, client, invited, db_session):
    user, old, old_token = invited
    new, new_token = issue(app, db_session, user, "invite")
    db_session.expire_all()
    assert old.voided_at is not None and new.voided_at is None
    assert client.get(f"/set-password/{old_token}").status_code == 410
    assert client.get(f"/set-password/{new_token}").status_code == 200


@pytest.mark.parametrize(
    "token", ["", "x", "A" * 43, "../../etc/passwd", "%00", "ặ" * 500, "a" * 5000]
)
def test_a_token_that_opens_nothing_is_a_410_page_never_a_500(client, db_session, token):
    # "" and a path with a slash are no such page; a NUL is refused as any request's would be.
    assert client.get(f"/set-password/{token}").status_code in (400, 404, 410)
    assert client.get(f"/password-reset/{token}").status_code in (400, 404, 410)


def test_a_link_of_one_purpose_does_not_open_the_other_page(client, invited):
    _user, _link, token = invited
    assert client.get(f"/password-reset/{token}").status_code == 410


def test_a_disabled_accounts_link_is_gone(client, invited, db_session):
    user, _link, token = invited
    user.active = False
    db_session.commit()
    assert client.get(f"/set-password/{token}").status_code == 410


# Forgotten password


def ask_reset(client, email: str):
    return client.post(
        "/password-reset",
        data={"email": email, "csrf_token": csrf_from(client, "/password-reset")},
    )


def reset_links(db_session, user) -> list[AccountLink]:
    return list(
        db_session.scalars(
            select(AccountLink).where(
                AccountLink.user_id == user.id, AccountLink.purpose == "reset"
            )
        )
    )


def test_the_reset_page_answers_alike_for_an_account_an_unknown_and_a_disabled_one(
    client, make_user, db_session
):
    active = make_user(email="co.that@quangtri.gov.vn")
    disabled = make_user(email="da.nghi@quangtri.gov.vn", active=False)
    answers = {}
    for email in (active.email, "khong.co@quangtri.gov.vn", disabled.email):
        response = ask_reset(client, email)
        body = response.get_data(as_text=True).replace(email, "EMAIL")
        body = re.sub(r'name="csrf_token"[^>]*>', "", body)
        answers[email] = (response.status_code, body)
    assert len(set(answers.values())) == 1, "the answers differ"
    status, body = answers[active.email]
    assert status == 200
    assert "Nếu địa chỉ này có tài khoản" in body
    assert len(reset_links(db_session, active)) == 1
    assert reset_links(db_session, disabled) == []
    requests = events(db_session, "password_reset.request")
    assert sorted(e.details["email"] for e in requests) == sorted(answers)


def test_a_malformed_address_is_told_on_the_field(client, db_session):
    response = ask_reset(client, "không phải email")
    assert response.status_code == 422
    assert "không phải là địa chỉ email" in response.get_data(as_text=True)


def test_reset_requests_are_limited_quietly(client, make_user, db_session):
    user = make_user(email="hay.quen@quangtri.gov.vn")
    statuses = {ask_reset(client, user.email).status_code for _ in range(5)}
    assert statuses == {200}
    assert len(reset_links(db_session, user)) == 3  # three mails an hour, then quietly none
    for n in range(10):  # the client address's budget (10 in 15 minutes) runs out as well
        ask_reset(client, f"ai.do.{n}@quangtri.gov.vn")
    other = make_user(email="nguoi.khac@quangtri.gov.vn")
    assert ask_reset(client, other.email).status_code == 200
    assert reset_links(db_session, other) == []


def test_resetting_ends_every_session_and_voids_the_other_links(app, make_user, db_session):
    user = make_user(email="bi.lo@quangtri.gov.vn")
    elsewhere = app.test_client()
    elsewhere.post(
        "/login",
        data={
            "email": user.email,
            "password": PASSWORD,
            "csrf_token": csrf_from(elsewhere, "/login"),
        },
    )
    assert elsewhere.get("/profile").status_code == 200
    invite, _token = issue(app, db_session, user, "invite")
    first, _token = issue(app, db_session, user, "reset")
    second, second_token = issue(app, db_session, user, "reset")
    db_session.expire_all()
    assert first.voided_at is not None

    here = app.test_client()
    response = post_password(here, f"/password-reset/{second_token}", NEW_PASSWORD)
    assert response.status_code == 302
    db_session.expire_all()
    assert invite.voided_at is not None and second.used_at is not None
    open_sessions = db_session.scalar(
        select(func.count(LoginSession.id)).where(
            LoginSession.user_id == user.id, LoginSession.ended_at.is_(None)
        )
    )
    assert open_sessions == 0
    assert elsewhere.get("/profile").status_code == 302  # sent to the login page
    [event] = events(db_session, "password.reset")
    assert event.details["sessions_ended"] == 1
    assert not verify_password(user.password_hash, PASSWORD)


# Two requests with the same link at the same moment: exactly one sets the password


@pytest.fixture(scope="module")
def committed_app(tmp_path_factory):
    from flask_migrate import upgrade

    from tracker import create_app
    from tracker.extensions import db

    uri = recreate_database(scratch_database_name("_links"))
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": uri.replace("postgresql://", "postgresql+psycopg://"),
            "REDIS_URL": None,
        }
    )
    app.instance_path = str(tmp_path_factory.mktemp("links-instance"))
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


def race(client_forms: list[tuple], path: str, monkeypatch) -> list[int]:
    """Each (client, form) posts to `path` at the same moment; their statuses. Every request
    has found the link open and checked its password before any of them claims it: the claim
    alone decides."""
    count = len(client_forms)
    start, all_checked = threading.Barrier(count), threading.Barrier(count)
    statuses: list[int | None] = [None] * count

    def hash_when_all_checked(password: str) -> str:
        all_checked.wait(30)
        return hash_password(password)

    def run(i: int) -> None:
        client, form = client_forms[i]
        start.wait(10)
        statuses[i] = client.post(path, data=form).status_code

    monkeypatch.setattr(password_changes, "hash_password", hash_when_all_checked)
    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return statuses


def test_two_uses_at_once_have_exactly_one_winner(committed_app, monkeypatch):
    rounds, racers = 4, 4
    for n in range(rounds):
        with committed_app.app_context():
            user = User(email=f"dua.{n}@quangtri.gov.vn", full_name=f"Người đua {n}", role="viewer")
            db.session.add(user)
            link = issue_link(user, "invite")
            db.session.commit()
            token, link_id, user_id = link_token(link), link.id, user.id
        path = f"/set-password/{token}"
        client_forms = []
        for i in range(racers):
            client = committed_app.test_client()
            password = f"mật khẩu riêng số {i} của vòng {n}"
            csrf = csrf_from(client, path)
            client_forms.append(
                (client, {"password": password, "confirm": password, "csrf_token": csrf})
            )
        statuses = race(client_forms, path, monkeypatch)
        assert sorted(statuses) == [302] + [410] * (racers - 1), statuses
        with committed_app.app_context():
            winner = client_forms[statuses.index(302)][1]["password"]
            user = db.session.get(User, user_id)
            assert verify_password(user.password_hash, winner)
            assert db.session.get(AccountLink, link_id).used_at is not None
            sets = db.session.scalar(
                select(func.count(AuditEvent.id)).where(
                    AuditEvent.action == "password.set", AuditEvent.target_id == user_id
                )
            )
            assert sets == 1
