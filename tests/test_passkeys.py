"""Passkeys through the app's endpoints, answered by a software authenticator
(tests/passkeys_support.py): registering, signing in without a password and as the second
step, enrolling one, removing one, and each answer that must be refused — a wrong challenge,
origin or RP id, a replayed challenge, a use counter going backwards, a disabled account, a
passkey of someone else, and bodies that are not answers at all. Real WebAuthn in Chromium is
tests/e2e/test_e2e_passkeys.py."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tests.conftest import CSRF_RE
from tests.passkeys_support import USER_PRESENT, SoftAuthenticator
from tracker.accounts.models import PasskeyCredential
from tracker.audit.models import AuditEvent

SECOND_STEP = "/login/verify"


def csrf(client, path="/login") -> str:
    match = CSRF_RE.search(client.get(path).get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def post(client, path, body, token):
    return client.post(path, json=body, headers={"X-CSRFToken": token})


def actions(db_session, action):
    return list(db_session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def register(client, authenticator, name="Điện thoại"):
    token = csrf(client, "/profile/passkeys")
    options = post(client, "/profile/passkeys/options", {"name": name}, token)
    assert options.status_code == 200, options.get_json()
    answer = authenticator.register(options.get_json())
    return post(client, "/profile/passkeys", answer, token)


def assert_refused(response, status, code):
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    body = response.get_json()
    assert body["error"]["code"] == code, body
    assert body["error"]["message"]
    return body["error"]


@pytest.fixture
def signed_in(client, login, make_user):
    user = make_user(role="unit_lead")
    assert login(user).status_code == 302
    return user


@pytest.fixture
def with_passkey(client, signed_in):
    """A user with one registered passkey, signed out again."""
    authenticator = SoftAuthenticator()
    assert register(client, authenticator).status_code == 201
    client.post("/logout", data={"csrf_token": csrf(client, "/profile")})
    return signed_in, authenticator


def passwordless(client, authenticator, **answer_changes):
    token = csrf(client)
    options = post(client, "/login/passkey/options", {"mode": "passwordless"}, token)
    assert options.status_code == 200, options.get_json()
    return post(
        client, "/login/passkey", authenticator.sign(options.get_json(), **answer_changes), token
    )


# Registering


def test_a_passkey_is_registered_with_its_name_and_journaled(client, signed_in, db_session):
    authenticator = SoftAuthenticator()
    token = csrf(client, "/profile/passkeys")
    options = post(client, "/profile/passkeys/options", {"name": "Điện thoại"}, token).get_json()
    assert options["rp"]["id"] == "localhost"
    assert options["user"]["name"] == signed_in.email
    assert options["authenticatorSelection"]["residentKey"] == "preferred"
    assert options["authenticatorSelection"]["userVerification"] == "required"
    assert options["excludeCredentials"] == []
    assert options["timeout"] == 300000

    response = post(client, "/profile/passkeys", authenticator.register(options), token)
    assert response.status_code == 201
    assert response.get_json()["name"] == "Điện thoại"
    row = db_session.scalar(select(PasskeyCredential))
    assert (row.user_id, row.credential_id, row.name) == (
        signed_in.id,
        authenticator.id,
        "Điện thoại",
    )
    assert row.transports == ["internal"]  # an unknown transport is dropped
    (event,) = actions(db_session, "passkey.add")
    assert (event.actor_id, event.target_id, event.details["name"]) == (
        signed_in.id,
        row.id,
        "Điện thoại",
    )

    page = client.get("/profile/passkeys").get_data(as_text=True)
    assert "Đã thêm khóa truy cập “Điện thoại”." in page
    assert "Điện thoại" in page and "Chưa dùng lần nào" in page

    # The next registration excludes the passkey already there.
    again = post(client, "/profile/passkeys/options", {"name": "Máy tính"}, token).get_json()
    assert [c["id"] for c in again["excludeCredentials"]] == [authenticator.id]


def test_the_name_is_required_short_and_not_taken(client, signed_in):
    assert register(client, SoftAuthenticator(), name="Khóa USB").status_code == 201
    token = csrf(client, "/profile/passkeys")
    for name, code in (
        ("  ", "required"),
        (None, "required"),
        ("x" * 101, "too_long"),
        ("khóa usb", "passkey_name_taken"),
        ("a\x01b", "control_character"),
    ):
        error = assert_refused(
            post(client, "/profile/passkeys/options", {"name": name}, token),
            422,
            "validation_failed",
        )
        assert error["problems"]["name"]["code"] == code
        assert error["fields"]["name"]


def test_a_registration_answer_to_another_challenge_or_origin_is_refused(client, signed_in):
    token = csrf(client, "/profile/passkeys")
    for change in (
        {"challenge": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
        {"origin": "http://evil.example"},
        {"origin": "http://evil\x00\udcff.example"},
        {"rp_id": "evil.example"},
        {"flags": USER_PRESENT},  # the device did not verify its holder
    ):
        options = post(client, "/profile/passkeys/options", {"name": "Thử"}, token).get_json()
        answer = SoftAuthenticator().register(options, **change)
        error = assert_refused(
            post(client, "/profile/passkeys", answer, token), 400, "passkey_refused"
        )
        assert error["message"] == "Không xác minh được phản hồi của khóa truy cập. Hãy thử lại."
    assert client.get("/profile/passkeys").status_code == 200


def test_a_registration_answer_is_taken_once(client, signed_in, db_session):
    token = csrf(client, "/profile/passkeys")
    options = post(client, "/profile/passkeys/options", {"name": "Thử"}, token).get_json()
    answer = SoftAuthenticator().register(options)
    assert post(client, "/profile/passkeys", answer, token).status_code == 201
    error = assert_refused(post(client, "/profile/passkeys", answer, token), 400, "passkey_refused")
    assert "đã hết hạn hoặc đã được trả lời" in error["message"]
    assert len(list(db_session.scalars(select(PasskeyCredential)))) == 1


def test_a_challenge_expires_after_five_minutes(client, signed_in, monkeypatch):
    from tracker.accounts import passkeys_challenges

    token = csrf(client, "/profile/passkeys")
    options = post(client, "/profile/passkeys/options", {"name": "Thử"}, token).get_json()
    now = passkeys_challenges.time.time()
    monkeypatch.setattr(passkeys_challenges.time, "time", lambda: now + 301)
    answer = SoftAuthenticator().register(options)
    error = assert_refused(post(client, "/profile/passkeys", answer, token), 400, "passkey_refused")
    assert "đã hết hạn" in error["message"]


# Signing in without a password


def test_passwordless_sign_in_counts_as_both_factors(client, with_passkey, db_session):
    user, authenticator = with_passkey
    assert client.get("/profile").status_code == 302  # signed out
    token = csrf(client)
    options = post(client, "/login/passkey/options", {"mode": "passwordless"}, token).get_json()
    assert options["allowCredentials"] == []  # the browser offers what it holds
    assert options["userVerification"] == "required"
    assert options["rpId"] == "localhost"
    response = post(
        client, "/login/passkey?next=/profile/passkeys", authenticator.sign(options), token
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["redirect"] == "/profile/passkeys"
    assert client.get("/profile").status_code == 200
    row = db_session.scalar(select(PasskeyCredential))
    db_session.refresh(row)
    assert row.sign_count == 1 and row.last_used_at is not None
    logins = actions(db_session, "login")
    assert logins[-1].details["method"] == "passkey_passwordless"
    assert logins[-1].actor_id == user.id


def test_a_sign_in_answer_to_another_challenge_origin_or_rp_is_refused(client, with_passkey):
    _user, authenticator = with_passkey
    for change in (
        {"challenge": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"},
        {"origin": "https://localhost.evil.example"},
        {"origin": "http://evil\x00\udcff.example"},
        {"rp_id": "evil.example"},
        {"flags": USER_PRESENT},
    ):
        error = assert_refused(
            passwordless(client, authenticator, **change), 401, "passkey_sign_in_refused"
        )
        assert error["problems"] == {}
        assert error["message"] == "Không xác minh được phản hồi của khóa truy cập. Hãy thử lại."
    assert client.get("/profile").status_code == 302


def test_a_replayed_sign_in_is_refused_even_with_the_old_cookie(client, with_passkey, db_session):
    _user, authenticator = with_passkey
    token = csrf(client)
    options = post(client, "/login/passkey/options", {"mode": "passwordless"}, token).get_json()
    before = client.get_cookie("session")
    answer = authenticator.sign(options)
    assert post(client, "/login/passkey", answer, token).status_code == 200
    client.post("/logout", data={"csrf_token": csrf(client, "/profile")})

    assert_refused(
        post(client, "/login/passkey", answer, csrf(client)), 401, "passkey_sign_in_refused"
    )
    # The session cookie as it was before the first answer still holds the challenge: the
    # server remembers it was spent.
    client.set_cookie("session", before.value, domain=before.domain)
    error = assert_refused(
        post(client, "/login/passkey", answer, token), 401, "passkey_sign_in_refused"
    )
    assert "đã hết hạn hoặc đã được trả lời" in error["message"]
    assert client.get("/profile").status_code == 302


def test_a_use_counter_going_backwards_is_refused(client, with_passkey, db_session):
    _user, authenticator = with_passkey
    assert passwordless(client, authenticator, count=5).status_code == 200
    client.post("/logout", data={"csrf_token": csrf(client, "/profile")})
    for count in (5, 3, 0):
        error = assert_refused(
            passwordless(client, authenticator, count=count), 401, "passkey_sign_in_refused"
        )
        assert "bị lùi lại" in error["message"]
    (event, *_rest) = actions(db_session, "passkey.sign_in_refused")
    assert event.details["reason"] == "passkey_counter_went_back"
    assert passwordless(client, authenticator, count=6).status_code == 200


def test_a_device_without_a_counter_signs_in_again_and_again(client, with_passkey):
    _user, authenticator = with_passkey
    for _ in range(2):
        assert passwordless(client, authenticator, count=0).status_code == 200
        client.post("/logout", data={"csrf_token": csrf(client, "/profile")})


def test_a_disabled_accounts_passkey_is_refused(client, with_passkey, db_session):
    user, authenticator = with_passkey
    user.active = False
    db_session.commit()
    error = assert_refused(passwordless(client, authenticator), 401, "passkey_sign_in_refused")
    assert error["message"] == (
        "Khóa truy cập này chưa được đăng ký ở đây, hoặc tài khoản của nó đã bị khóa."
    )
    (event,) = actions(db_session, "passkey.sign_in_refused")
    assert event.details == {"reason": "passkey_unknown", "account": "disabled"}
    assert client.get("/profile").status_code == 302


def test_an_unknown_passkey_is_refused(client, with_passkey):
    error = assert_refused(
        passwordless(client, SoftAuthenticator()), 401, "passkey_sign_in_refused"
    )
    assert "chưa được đăng ký" in error["message"]


def test_another_accounts_user_handle_is_refused(client, with_passkey):
    _user, authenticator = with_passkey
    response = passwordless(client, authenticator, user_handle=b"999999")
    assert_refused(response, 401, "passkey_sign_in_refused")


GARBAGE = (
    b"not json",
    b"[1, 2]",
    b"null",
    b'"a string"',
    b"{}",
    b'{"id": 5}',
    b'{"id": "a\\u0000b", "rawId": "a\\u0000b", "type": "public-key"}',
    b'{"id": "\\udcff", "rawId": "\\udcff", "type": "public-key"}',
    b'{"id": "abc", "rawId": "!!!", "response": "no"}',
    b'{"id": "abc", "rawId": "abc", "type": "public-key", "response": {"clientDataJSON": "%%%",'
    b' "authenticatorData": "", "signature": "", "attestationObject": "@@"}}',
    b'{"id": "abc", "rawId": "abc", "type": "public-key", "response": {"clientDataJSON": "e30",'
    b' "authenticatorData": "AAAA", "signature": "AAAA", "attestationObject": "oWNmbXQ"}}',
)


@pytest.mark.parametrize("body", GARBAGE)
def test_garbage_is_refused_with_a_problem_never_a_500(client, with_passkey, body):
    _user, authenticator = with_passkey
    token = csrf(client)
    post(client, "/login/passkey/options", {"mode": "passwordless"}, token)
    response = client.post(
        "/login/passkey", data=body, content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert response.status_code in (400, 401)
    assert response.get_json()["error"]["message"]

    # A real passkey's id with garbage around it.
    post(client, "/login/passkey/options", {"mode": "passwordless"}, token)
    forged = body.replace(b'"abc"', f'"{authenticator.id}"'.encode())
    response = client.post(
        "/login/passkey",
        data=forged,
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code in (400, 401)
    assert response.get_json()["error"]["code"]


@pytest.mark.parametrize("body", GARBAGE)
def test_garbage_registration_is_refused_with_a_problem(client, signed_in, body):
    token = csrf(client, "/profile/passkeys")
    assert post(client, "/profile/passkeys/options", {"name": "Thử"}, token).status_code == 200
    response = client.post(
        "/profile/passkeys",
        data=body,
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert_refused(response, 400, "passkey_refused")
    options = client.post(
        "/profile/passkeys/options",
        data=body,
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert_refused(options, 422, "validation_failed")


def test_without_the_csrf_token_nothing_happens(client, signed_in):
    response = client.post("/profile/passkeys/options", json={"name": "Thử"})
    assert response.status_code == 400


# The second step


def test_a_passkey_is_the_second_step_after_the_password(client, login, with_passkey, db_session):
    user, authenticator = with_passkey
    response = login(user)
    assert response.headers["Location"].endswith(SECOND_STEP)
    page = client.get(SECOND_STEP).get_data(as_text=True)
    assert "Dùng khóa truy cập" in page and 'data-mode="second_factor"' in page
    assert client.get("/profile").status_code == 302  # not signed in yet

    token = csrf(client, SECOND_STEP)
    options = post(client, "/login/passkey/options", {"mode": "second_factor"}, token).get_json()
    assert [c["id"] for c in options["allowCredentials"]] == [authenticator.id]
    response = post(client, "/login/passkey", authenticator.sign(options), token)
    assert response.status_code == 200, response.get_json()
    assert client.get("/profile").status_code == 200
    assert actions(db_session, "login")[-1].details["method"] == "passkey"


def test_the_second_step_takes_only_the_users_own_passkey(client, login, make_user, with_passkey):
    _owner, authenticator = with_passkey
    other = make_user(role="unit_member")
    other_key = SoftAuthenticator()
    assert login(other).status_code == 302  # no second factor yet: straight in
    assert register(client, other_key, "Khóa khác").status_code == 201
    client.post("/logout", data={"csrf_token": csrf(client, "/profile")})

    login(other)
    token = csrf(client, SECOND_STEP)
    options = post(client, "/login/passkey/options", {"mode": "second_factor"}, token).get_json()
    # The first user's passkey answering the other user's second step.
    error = assert_refused(
        post(client, "/login/passkey", authenticator.sign(options), token),
        401,
        "passkey_sign_in_refused",
    )
    assert "chưa được đăng ký" in error["message"]
    assert client.get("/profile").status_code == 302


def test_the_second_step_needs_a_password_first(client, with_passkey):
    token = csrf(client)
    error = assert_refused(
        post(client, "/login/passkey/options", {"mode": "second_factor"}, token),
        401,
        "passkey_sign_in_refused",
    )
    assert error["message"] == "Phiên đăng nhập đã hết hạn. Hãy nhập lại mật khẩu."


def test_a_code_user_without_a_passkey_sees_no_passkey_button(client, login, make_user, db_session):
    from tracker.core.timeutil import utcnow

    user = make_user(role="viewer", totp_secret="JBSWY3DPEHPK3PXP", totp_enabled_at=utcnow())
    login(user)
    page = client.get(SECOND_STEP).get_data(as_text=True)
    assert 'data-mode="second_factor"' not in page


# Enrolling a passkey when the role requires a second factor


def test_a_required_role_enrols_a_passkey_and_is_signed_in(
    client, login, make_user, app, monkeypatch, db_session
):
    monkeypatch.setitem(app.config, "REQUIRE_2FA_ROLES", ("office",))
    user = make_user(role="office")
    assert login(user).headers["Location"].endswith("/login/enrol")
    page = client.get("/login/enrol").get_data(as_text=True)
    assert 'data-mode="enrol"' in page and "Đăng ký khóa truy cập và đăng nhập" in page
    token = csrf(client, "/login/enrol")
    options = post(client, "/login/enrol/passkey/options", {"name": "Máy tính cơ quan"}, token)
    assert options.status_code == 200
    response = post(
        client, "/login/enrol/passkey", SoftAuthenticator().register(options.get_json()), token
    )
    assert response.status_code == 201, response.get_json()
    assert client.get("/profile").status_code == 200
    assert actions(db_session, "login")[-1].details["method"] == "passkey_enrolled"
    assert actions(db_session, "passkey.add")[-1].actor_id == user.id


def test_only_a_user_who_must_enrol_may_register_before_signing_in(client, login, with_passkey):
    user, _authenticator = with_passkey
    login(user)  # has a passkey: the second step is due, not enrolment
    token = csrf(client, SECOND_STEP)
    response = post(client, "/login/enrol/passkey/options", {"name": "Lối tắt"}, token)
    assert_refused(response, 401, "passkey_sign_in_refused")
    assert_refused(post(client, "/login/enrol/passkey", {}, token), 401, "passkey_sign_in_refused")


# Removing


def test_a_passkey_is_removed_and_journaled(client, signed_in, db_session):
    assert register(client, SoftAuthenticator()).status_code == 201
    row = db_session.scalar(select(PasskeyCredential))
    token = csrf(client, "/profile/passkeys")
    response = client.post(f"/profile/passkeys/{row.id}/remove", data={"csrf_token": token})
    assert response.status_code == 302
    assert "Đã xóa khóa truy cập." in client.get("/profile/passkeys").get_data(as_text=True)
    assert db_session.scalar(select(PasskeyCredential)) is None
    (event,) = actions(db_session, "passkey.remove")
    assert event.details["name"] == "Điện thoại" and event.actor_id == signed_in.id


def test_someone_elses_passkey_cannot_be_removed(client, login, make_user, db_session):
    owner = make_user(role="viewer")
    login(owner)
    register(client, SoftAuthenticator())
    client.post("/logout", data={"csrf_token": csrf(client, "/profile")})
    row = db_session.scalar(select(PasskeyCredential))
    login(make_user(role="viewer"))
    token = csrf(client, "/profile/passkeys")
    response = client.post(f"/profile/passkeys/{row.id}/remove", data={"csrf_token": token})
    assert response.status_code == 404
    assert db_session.get(PasskeyCredential, row.id) is not None


def test_the_last_second_factor_of_a_required_role_stays(
    client, login, make_user, app, monkeypatch, db_session
):
    user = make_user(role="office")
    login(user)
    register(client, SoftAuthenticator())
    row = db_session.scalar(select(PasskeyCredential))
    monkeypatch.setitem(app.config, "REQUIRE_2FA_ROLES", ("office",))
    token = csrf(client, "/profile/passkeys")
    response = client.post(f"/profile/passkeys/{row.id}/remove", data={"csrf_token": token})
    assert response.status_code == 400
    assert "đây là khóa truy cập duy nhất của bạn" in response.get_data(as_text=True)
    assert db_session.get(PasskeyCredential, row.id) is not None

    # With a second passkey, either may go.
    register(client, SoftAuthenticator(), name="Khóa dự phòng")
    response = client.post(f"/profile/passkeys/{row.id}/remove", data={"csrf_token": token})
    assert response.status_code == 302


# Where passkeys cannot work


def test_an_ip_address_gets_a_kind_note_and_a_link_to_localhost(client):
    ip = "http://127.0.0.1:5000"
    page = client.get("/login?next=/plans/", base_url=ip).get_data(as_text=True)
    assert "chỉ dùng được khi trang được mở bằng tên miền" in page
    assert 'href="http://localhost:5000/login?next=/plans/"' in page
    assert "data-passkeys" in page and "passkey-sign-in" not in page  # no button
    token = CSRF_RE.search(page).group(1)
    response = client.post(
        "/login/passkey/options", json={}, headers={"X-CSRFToken": token}, base_url=ip
    )
    error = assert_refused(response, 400, "passkey_refused")
    assert "127.0.0.1" in error["message"]


@pytest.mark.parametrize(
    ("config", "url", "rp_id", "origin", "usable", "elsewhere"),
    [
        ({}, "http://localhost:5000/login", "localhost", "http://localhost:5000", True, None),
        (
            {},
            "http://127.0.0.1:5000/login",
            "127.0.0.1",
            "http://127.0.0.1:5000",
            False,
            "http://localhost:5000/login",
        ),
        (
            {"TRACKER_BASE_URL": "https://cchc.example.vn"},
            "https://cchc.example.vn/login",
            "cchc.example.vn",
            "https://cchc.example.vn",
            True,
            None,
        ),
        (
            {"TRACKER_BASE_URL": "https://cchc.example.vn"},
            "http://10.0.0.5/login",
            "cchc.example.vn",
            "https://cchc.example.vn",
            False,
            "https://cchc.example.vn/login",
        ),
        (
            {
                "TRACKER_WEBAUTHN_RP_ID": "example.vn",
                "TRACKER_WEBAUTHN_ORIGIN": "https://a.example.vn",
            },
            "https://a.example.vn/login",
            "example.vn",
            "https://a.example.vn",
            True,
            None,
        ),
    ],
)
def test_the_relying_party_follows_the_settings_then_the_page(
    app, monkeypatch, config, url, rp_id, origin, usable, elsewhere
):
    from tracker.accounts import passkeys_party

    monkeypatch.setitem(app.config, "TRACKER_BASE_URL", "http://127.0.0.1:5000")
    for key, value in config.items():
        monkeypatch.setitem(app.config, key, value)
    with app.test_request_context(url):
        party = passkeys_party.relying_party()
        assert (party.id, party.origins) == (rp_id, (origin,))
        assert passkeys_party.passkeys_usable_here() is usable
        assert passkeys_party.address_to_use() == elsewhere


@pytest.mark.parametrize(
    ("variable", "value", "parsed"),
    [
        ("TRACKER_WEBAUTHN_RP_ID", "CCHC.Example.vn", "cchc.example.vn"),
        ("TRACKER_WEBAUTHN_RP_ID", "127.0.0.1", None),
        ("TRACKER_WEBAUTHN_RP_ID", "https://cchc.example.vn", None),
        ("TRACKER_WEBAUTHN_RP_ID", "cchc.example.vn:443", None),
        ("TRACKER_WEBAUTHN_ORIGIN", "https://cchc.example.vn/", "https://cchc.example.vn"),
        ("TRACKER_WEBAUTHN_ORIGIN", "cchc.example.vn", None),
        ("TRACKER_WEBAUTHN_ORIGIN", "https://cchc.example.vn/login", None),
    ],
)
def test_passkey_settings_are_checked_at_start_up(monkeypatch, tmp_path, variable, value, parsed):
    from tracker.config import ConfigError, load_config

    monkeypatch.setenv(variable, value)
    if parsed is None:
        with pytest.raises(ConfigError, match=variable):
            load_config(str(tmp_path))
    else:
        assert load_config(str(tmp_path))[variable] == parsed


# Every JSON endpoint of the ceremonies, fuzzed: whatever the body, a refusal with a Problem.

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True)
    | st.text(max_size=30)
    | st.sampled_from(["public-key", "AAAA", "%%%", "", "e30", "webauthn.get", "\udcff"]),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=12,
)
ANSWER_KEYS = ("id", "rawId", "type", "response", "authenticatorAttachment", "name", "mode")
RESPONSE_KEYS = (
    "clientDataJSON",
    "attestationObject",
    "authenticatorData",
    "signature",
    "userHandle",
    "transports",
)


@st.composite
def answer_like(draw):
    """A dict shaped like an answer, each part anything."""
    answer = {key: draw(JSON_VALUES) for key in draw(st.sets(st.sampled_from(ANSWER_KEYS)))}
    if draw(st.booleans()):
        answer["response"] = {
            key: draw(JSON_VALUES) for key in draw(st.sets(st.sampled_from(RESPONSE_KEYS)))
        }
    return answer


ENDPOINTS = (
    "/profile/passkeys/options",
    "/profile/passkeys",
    "/login/passkey/options",
    "/login/passkey",
    "/login/enrol/passkey/options",
    "/login/enrol/passkey",
)


def test_the_json_endpoints_answer_any_body_without_a_500(app, client, login, make_user):
    user = make_user(role="viewer")
    login(user)
    register(client, SoftAuthenticator())
    token = csrf(client, "/profile/passkeys")

    @settings(
        max_examples=60,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(
        path=st.sampled_from(ENDPOINTS),
        body=JSON_VALUES | answer_like(),
        challenge_first=st.booleans(),
    )
    def fuzz(path, body, challenge_first):
        if challenge_first:  # so that the answer meets a live challenge
            options = "/profile/passkeys/options" if "profile" in path else "/login/passkey/options"
            post(client, options, {"name": "Thử", "mode": "passwordless"}, token)
        response = client.post(
            path,
            data=json.dumps(body),
            content_type="application/json",
            headers={"X-CSRFToken": token},
        )
        assert response.status_code < 500, (path, body)
        if response.status_code >= 400:
            error = response.get_json()["error"]
            assert error["code"] and error["message"], (path, body)

    fuzz()
