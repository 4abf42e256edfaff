"""In real Chromium with its virtual authenticator (CDP WebAuthn, a platform authenticator that
keeps discoverable credentials and verifies its user): a person signs in with the password,
registers a passkey on /profile/passkeys, signs out, signs in with the passkey alone; then
signs in with the password and the passkey as the second step; removes the passkey, after which
it no longer signs in. WebAuthn needs a host name, so the live server is reached as localhost,
not 127.0.0.1. The pages are looked at on a desktop and at 390 px (no sideways scrolling, no
serious axe-core violation); screenshots in test-artifacts/passkeys-*.png."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, select

from tests.e2e.conftest import screenshot
from tests.e2e.test_e2e_accessibility import AXE, RUN_AXE

pytestmark = pytest.mark.e2e

EMAIL = "khoa.truycap@cchc.demo"
PASSWORD = "Khóa-truy-cập-2021"
NO_SIDEWAYS = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def make_person(live_app, role: str, email: str = EMAIL) -> int:
    from tracker.accounts.models import User
    from tracker.accounts.passwords import hash_password
    from tracker.extensions import db
    from tracker.units.models import Unit

    with live_app.app_context():
        unit = db.session.scalar(select(Unit).where(Unit.code == "SNV"))
        user = User(
            email=email,
            full_name="Trần Khóa Truy Cập",
            role=role,
            unit=unit if role == "unit_member" else None,
            password_hash=hash_password(PASSWORD),
        )
        db.session.add(user)
        db.session.commit()
        return user.id


def retire(live_app, user_id: int) -> None:
    from tracker.accounts.models import PasskeyCredential, User
    from tracker.extensions import db

    with live_app.app_context():
        db.session.execute(delete(PasskeyCredential).where(PasskeyCredential.user_id == user_id))
        user = db.session.get(User, user_id)
        user.active = False
        user.email = f"gone-{user_id}@cchc.demo"
        db.session.commit()


@pytest.fixture
def person(live_app):
    """An account of its own (Sở Nội vụ's staff), so that the demo's logins stay
    password-only for the other browser tests; gone with its passkeys afterwards."""
    user_id = make_person(live_app, "unit_member")
    yield user_id
    retire(live_app, user_id)


@pytest.fixture
def localhost(live_app, live_server):
    """The live server by name, and the app's relying party set to it (the settings path;
    without them the page's own host would be used)."""
    url = live_server.replace("127.0.0.1", "localhost")
    saved = {
        k: live_app.config.get(k) for k in ("TRACKER_WEBAUTHN_RP_ID", "TRACKER_WEBAUTHN_ORIGIN")
    }
    live_app.config["TRACKER_WEBAUTHN_RP_ID"] = "localhost"
    live_app.config["TRACKER_WEBAUTHN_ORIGIN"] = url
    yield url
    live_app.config.update(saved)


def virtual_authenticator(page) -> tuple:
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


def sign_in_with_password(page, url, email=EMAIL):
    page.goto(f"{url}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")


def sign_out(page):
    page.click("#logout")
    page.wait_for_url(re.compile(r"/login$"))


def login_methods(live_app, user_id) -> list[str]:
    from tracker.audit.models import AuditEvent
    from tracker.extensions import db

    with live_app.app_context():
        events = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "login", AuditEvent.actor_id == user_id)
            .order_by(AuditEvent.id)
        )
        return [e.details.get("method") for e in events]


def looked_at(page, name):
    """A desktop and a 390 px screenshot; no sideways scrolling at 390 px; no serious axe
    violation."""
    screenshot(page, f"passkeys-{name}-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate(NO_SIDEWAYS), f"{name} scrolls sideways at 390 px"
    screenshot(page, f"passkeys-{name}-390")
    page.add_script_tag(path=str(AXE))
    assert page.evaluate(RUN_AXE) == [], name
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def page_by_name(browser):
    # axe is added by the test, so the context lets it past the app's CSP.
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def test_a_passkey_registered_in_chromium_signs_in_alone_and_as_the_second_step(
    page_by_name, live_app, localhost, person
):
    page = page_by_name
    cdp, authenticator = virtual_authenticator(page)

    # With the password (no second factor yet), to the profile's passkeys.
    sign_in_with_password(page, localhost)
    page.wait_for_url(re.compile(r"/my$"))
    page.goto(f"{localhost}/profile/passkeys")
    assert page.locator("h1").inner_text() == "Khóa truy cập (passkey)"
    assert "Chưa có khóa truy cập nào." in page.locator("table.passkeys").inner_text()
    looked_at(page, "profile-empty")

    # A name is needed before the device is asked.
    page.click("form.passkey-supported button.passkey-go")
    expect(page.locator(".passkey-field-error")).to_have_text("Vui lòng nhập trường này.")
    page.fill("#passkey-name", "Máy tính cơ quan")
    page.click("form.passkey-supported button.passkey-go")
    page.wait_for_selector("text=Đã thêm khóa truy cập “Máy tính cơ quan”.")
    row = page.locator("table.passkeys tbody tr").first
    assert "Máy tính cơ quan" in row.inner_text()
    assert "Chưa dùng lần nào" in row.inner_text()
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert len(credentials["credentials"]) == 1
    assert credentials["credentials"][0]["isResidentCredential"] is True
    looked_at(page, "profile-one")

    # The same device again: the browser refuses it (it is in excludeCredentials).
    page.fill("#passkey-name", "Lần hai")
    page.click("form.passkey-supported button.passkey-go")
    expect(page.locator(".passkey-widget .passkey-message")).to_contain_text(
        "Thiết bị này đã có một khóa truy cập của bạn"
    )

    # Signed out, then in with the passkey alone.
    sign_out(page)
    button = page.locator("#passkey-sign-in")
    assert button.inner_text() == "Đăng nhập bằng khóa truy cập (passkey)"
    looked_at(page, "login")
    button.click()
    page.wait_for_url(re.compile(r"/my$"))
    page.goto(f"{localhost}/profile/passkeys")
    assert "Chưa dùng lần nào" not in page.locator("table.passkeys").inner_text()

    # Signed out, then the password: the passkey is the second step.
    sign_out(page)
    sign_in_with_password(page, localhost)
    page.wait_for_url(re.compile(r"/login/verify$"))
    assert page.locator("#passkey-second-factor").inner_text() == "Dùng khóa truy cập"
    looked_at(page, "second-step")
    page.click("#passkey-second-factor")
    page.wait_for_url(re.compile(r"/my$"))
    assert login_methods(live_app, person)[-3:] == [
        "password",
        "passkey_passwordless",
        "passkey",
    ]

    # Removed (asked twice), it no longer signs in, though the device still holds it.
    page.goto(f"{localhost}/profile/passkeys")
    page.click("details.passkey-remove summary")
    page.click("details.passkey-remove button.danger")
    page.wait_for_selector("text=Đã xóa khóa truy cập.")
    assert "Chưa có khóa truy cập nào." in page.locator("table.passkeys").inner_text()
    sign_out(page)
    page.click("#passkey-sign-in")
    expect(page.locator(".passkey-option .passkey-message")).to_contain_text(
        "chưa được đăng ký ở đây"
    )
    assert page.url.endswith("/login")


def test_an_office_account_enrols_a_passkey_as_its_required_second_factor(
    page_by_name, live_app, localhost, monkeypatch
):
    monkeypatch.setitem(live_app.config, "REQUIRE_2FA_ROLES", ("office",))
    email = "vanphong.khoa@cchc.demo"
    user_id = make_person(live_app, "office", email)
    try:
        page = page_by_name
        virtual_authenticator(page)
        sign_in_with_password(page, localhost, email)
        page.wait_for_url(re.compile(r"/login/enrol$"))
        option = page.locator(".passkey-option")
        expect(option.locator("h2")).to_have_text("Hoặc dùng khóa truy cập")
        page.fill("#passkey-name", "Điện thoại công vụ")
        looked_at(page, "enrol")
        page.click("#passkey-enrol")
        page.wait_for_url(re.compile(r"/status$"))
        assert login_methods(live_app, user_id)[-1] == "passkey_enrolled"
        page.goto(f"{localhost}/profile/passkeys")
        assert "Điện thoại công vụ" in page.locator("table.passkeys").inner_text()
        # The only second factor of a role that needs one stays.
        page.click("details.passkey-remove summary")
        page.click("details.passkey-remove button.danger")
        expect(page.locator("#passkey-refusal")).to_contain_text("duy nhất của bạn")
        assert "Điện thoại công vụ" in page.locator("table.passkeys").inner_text()
        screenshot(page, "passkeys-last-factor-refused")
    finally:
        retire(live_app, user_id)


def test_opened_by_ip_address_the_login_page_says_where_passkeys_work(page, live_server):
    page.goto(f"{live_server}/login")
    note = page.locator(".passkey-note")
    assert "chỉ dùng được khi trang được mở bằng tên miền" in note.inner_text()
    assert note.locator("a").get_attribute("href").startswith("http://localhost:")
    assert page.locator("#passkey-sign-in").count() == 0
    screenshot(page, "passkeys-login-by-ip")
