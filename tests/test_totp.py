"""The TOTP second factor: enrolling, codes checked with a step either side and once only,
recovery codes used once, and the rules for turning it off; the page /profile/two-factor."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from sqlalchemy import select

from tests.conftest import PASSWORD, csrf_from


def audit_actions(db_session) -> list[str]:
    from tracker.audit.models import AuditEvent

    return list(db_session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def enrolled(user) -> tuple[pyotp.TOTP, list[str]]:
    from tracker.accounts import totp as service

    enrolment = service.begin_enrolment(user)
    app_totp = pyotp.TOTP(enrolment.secret)
    codes = service.confirm_enrolment(user, app_totp.now())
    return app_totp, codes


def code_at(app_totp: pyotp.TOTP, steps_from_now: int) -> str:
    return app_totp.at(time.time() + steps_from_now * 30)


def test_enrolment_gives_an_otpauth_uri_and_a_qr_drawn_on_the_server(app_ctx, make_user):
    from tracker.accounts import totp as service

    user = make_user(email="vp@example.vn")
    enrolment = service.begin_enrolment(user)
    assert enrolment.uri.startswith("otpauth://totp/")
    assert "issuer=CCHC%20Qu%E1%BA%A3ng%20Tr%E1%BB%8B" in enrolment.uri
    assert "vp%40example.vn" in enrolment.uri
    assert enrolment.qr_svg.startswith("<svg") and "<path" in enrolment.qr_svg
    assert user.totp_enabled_at is None  # not in force until a code is typed back
    assert service.begin_enrolment(user).secret == enrolment.secret  # same secret on reload


def test_confirming_turns_it_on_with_ten_recovery_codes(app_ctx, make_user, db_session):
    user = make_user()
    _totp, codes = enrolled(user)
    assert user.totp_enabled_at is not None
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(re.fullmatch(r"[a-z2-9]{5}-[a-z2-9]{5}", code) for code in codes)
    from tracker.accounts.models import RecoveryCode

    stored = list(db_session.scalars(select(RecoveryCode.code_hash)))
    assert len(stored) == 10
    assert not set(codes) & set(stored)  # only hashes are kept
    assert "totp.enable" in audit_actions(db_session)


def test_a_wrong_code_does_not_turn_it_on(app_ctx, make_user):
    from tracker.accounts import totp as service

    user = make_user()
    enrolment = service.begin_enrolment(user)
    with pytest.raises(service.SecondFactorRefused):
        service.confirm_enrolment(user, code_at(pyotp.TOTP(enrolment.secret), 5))
    assert user.totp_enabled_at is None


@pytest.mark.parametrize("steps", [-1, 0, 1])
def test_a_code_one_step_either_side_is_accepted(app_ctx, make_user, steps):
    from tracker.accounts import totp as service

    user = make_user()
    app_totp, _codes = enrolled(user)
    user.totp_last_step = None  # the enrolment's code used this step
    assert service.verify_code(user, code_at(app_totp, steps)) == "totp"


@pytest.mark.parametrize("steps", [-3, 2])
def test_a_code_further_away_is_refused(app_ctx, make_user, steps):
    from tracker.accounts import totp as service

    user = make_user()
    app_totp, _codes = enrolled(user)
    user.totp_last_step = None
    with pytest.raises(service.SecondFactorRefused):
        service.verify_code(user, code_at(app_totp, steps))


def test_a_code_is_accepted_once(app_ctx, make_user, db_session):
    from tracker.accounts import totp as service

    user = make_user()
    app_totp, _codes = enrolled(user)
    code = code_at(app_totp, 1)
    assert service.verify_code(user, code) == "totp"
    with pytest.raises(service.SecondFactorRefused):
        service.verify_code(user, code)
    # An earlier step's code is refused too once a later one was accepted.
    with pytest.raises(service.SecondFactorRefused):
        service.verify_code(user, code_at(app_totp, 0))
    assert "second_factor_failed" in audit_actions(db_session)


def test_the_code_used_to_enrol_cannot_sign_in(app_ctx, make_user):
    from tracker.accounts import totp as service

    user = make_user()
    enrolment = service.begin_enrolment(user)
    code = pyotp.TOTP(enrolment.secret).now()
    service.confirm_enrolment(user, code)
    with pytest.raises(service.SecondFactorRefused):
        service.verify_code(user, code)


def test_a_recovery_code_works_once_written_any_way(app_ctx, make_user, db_session):
    from tracker.accounts import totp as service

    user = make_user()
    _totp, codes = enrolled(user)
    assert service.verify_code(user, " " + codes[3].upper().replace("-", " ") + " ") == (
        "recovery_code"
    )
    with pytest.raises(service.SecondFactorRefused):
        service.verify_code(user, codes[3])
    assert service.recovery_codes_left(user) == 9
    assert "recovery_code.used" in audit_actions(db_session)


def test_new_recovery_codes_void_the_old(app_ctx, make_user, db_session):
    from tracker.accounts import totp as service

    user = make_user()
    _totp, old = enrolled(user)
    new = service.regenerate_recovery_codes(user, PASSWORD, None)
    assert len(new) == 10 and not set(new) & set(old)
    with pytest.raises(service.SecondFactorRefused):
        service.verify_code(user, old[0])
    assert service.verify_code(user, new[0]) == "recovery_code"
    assert "totp.recovery_codes" in audit_actions(db_session)


def test_new_recovery_codes_need_the_password_or_a_code(app_ctx, make_user):
    from tracker.accounts import totp as service
    from tracker.core.exceptions import ValidationFailed

    user = make_user()
    enrolled(user)
    with pytest.raises(ValidationFailed):
        service.regenerate_recovery_codes(user, None, None)
    with pytest.raises(service.SecondFactorRefused):
        service.regenerate_recovery_codes(user, "not-the-password", None)


def test_disabling_needs_the_password_or_a_code(app_ctx, make_user, db_session):
    from tracker.accounts import totp as service
    from tracker.accounts.models import RecoveryCode

    user = make_user(role="unit_lead")
    app_totp, _codes = enrolled(user)
    with pytest.raises(service.SecondFactorRefused):
        service.disable(user, "not-the-password", None)
    assert user.totp_enabled_at is not None
    service.disable(user, None, code_at(app_totp, 1))
    assert user.totp_enabled_at is None and user.totp_secret is None
    assert db_session.scalar(select(RecoveryCode).where(RecoveryCode.user_id == user.id)) is None
    assert "totp.disable" in audit_actions(db_session)


def test_disabling_is_refused_when_the_role_requires_it_and_no_passkey_remains(
    app, app_ctx, make_user, db_session
):
    from tracker.accounts import totp as service
    from tracker.accounts.models import PasskeyCredential
    from tracker.core.exceptions import Forbidden

    app.config["REQUIRE_2FA_ROLES"] = ("office",)
    try:
        user = make_user(role="office")
        enrolled(user)
        with pytest.raises(Forbidden):
            service.disable(user, PASSWORD, None)
        assert user.totp_enabled_at is not None
        db_session.add(
            PasskeyCredential(
                user_id=user.id, credential_id="cred", public_key=b"k", transports=[], name="k"
            )
        )
        db_session.commit()
        service.disable(user, PASSWORD, None)
        assert user.totp_enabled_at is None
    finally:
        app.config["REQUIRE_2FA_ROLES"] = ()


def test_code_attempts_are_counted_before_they_are_checked(app, app_ctx, make_user):
    from tracker.accounts import totp as service

    user = make_user()
    app_totp, _codes = enrolled(user)
    for _ in range(app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]):
        with pytest.raises(service.SecondFactorRefused) as refused:
            service.verify_code(user, "000000")
        assert refused.value.reason == "wrong_code"
    with pytest.raises(service.SecondFactorRefused) as refused:
        service.verify_code(user, code_at(app_totp, 1))
    assert refused.value.reason == "locked" and refused.value.status == 429
    assert user.totp_last_step != int(time.time() // 30) + 1  # the good code was not used


def post(client, path, data, page="/profile/two-factor"):
    return client.post(path, data={**data, "csrf_token": csrf_from(client, page)})


def test_the_page_sets_up_regenerates_and_turns_off(client, make_user, login, db_session):
    user = make_user(role="viewer")
    login(user)
    page = client.get("/profile/two-factor").get_data(as_text=True)
    assert "<svg" in page
    secret = re.search(r'data-secret="([A-Z2-7]+)"', page).group(1)
    app_totp = pyotp.TOTP(secret)

    refused = post(client, "/profile/two-factor/enable", {"enable-code": "12"})
    assert refused.status_code == 401
    assert 'value="12"' in refused.get_data(as_text=True)  # what was typed stays

    response = post(client, "/profile/two-factor/enable", {"enable-code": app_totp.now()})
    assert response.status_code == 200
    assert (
        len(re.findall(r"<code>[a-z2-9]{5}-[a-z2-9]{5}</code>", response.get_data(as_text=True)))
        == 10
    )
    page = client.get("/profile/two-factor").get_data(as_text=True)
    assert 'id="codes-left">10<' in page

    response = post(client, "/profile/two-factor/recovery-codes", {"regenerate-password": PASSWORD})
    assert response.status_code == 200
    assert "<code>" in response.get_data(as_text=True)

    response = post(client, "/profile/two-factor/disable", {"disable-password": "wrong-one"})
    assert response.status_code == 401
    response = post(client, "/profile/two-factor/disable", {"disable-password": PASSWORD})
    assert response.status_code == 302
    db_session.refresh(user)
    assert user.totp_enabled_at is None


def test_the_page_says_why_it_cannot_be_turned_off(app, client, make_user, login, db_session):
    from tests.test_signin_steps import add_recovery_codes, enable_totp
    from tracker.accounts import totp as service

    user = make_user(role="admin")
    enable_totp(db_session, user)
    add_recovery_codes(db_session, user)
    app.config["REQUIRE_2FA_ROLES"] = ("admin",)
    try:
        token = csrf_from(client, "/login")
        client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
        app_totp = pyotp.TOTP(user.totp_secret)
        token = csrf_from(client, "/login/verify")
        client.post("/login/verify", data={"code": code_at(app_totp, 1), "csrf_token": token})
        page = client.get("/profile/two-factor").get_data(as_text=True)
        assert "đăng ký khóa truy cập (passkey) trước khi tắt" in page
        assert "/profile/two-factor/disable" not in page
        response = post(client, "/profile/two-factor/disable", {"disable-password": PASSWORD})
        assert response.status_code == 403
        db_session.refresh(user)
        assert user.totp_enabled_at is not None
        with app.test_request_context():
            assert service.recovery_codes_left(user) == 5
    finally:
        app.config["REQUIRE_2FA_ROLES"] = ()


@pytest.mark.parametrize(
    "typed", ["١٢٣٤٥٦", "１２３４５６", "12345６", "ⅫⅫⅫ", "a\u200bb", "𝟚𝟘𝟚𝟙𝟚𝟘"]
)
def test_digits_of_other_scripts_are_a_wrong_code_not_an_error(app_ctx, make_user, typed):
    from tracker.accounts import totp as service

    user = make_user()
    enrolled(user)
    with pytest.raises(service.SecondFactorRefused):
        service.verify_code(user, typed)
