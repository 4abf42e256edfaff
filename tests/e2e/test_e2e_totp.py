"""In real Chromium, with TRACKER_REQUIRE_2FA_ROLES=office: the office's account is made to set
up an authenticator app at its first sign-in (the key read off the page, the code computed
with pyotp), sees its recovery codes once, then signs in with a code, and with a recovery code."""

from __future__ import annotations

import re
import threading
import time

import pyotp
import pytest
from werkzeug.serving import make_server

from tests.e2e.conftest import screenshot
from tests.e2e.test_e2e_accessibility import AXE, RUN_AXE
from tests.support import committed_demo_app

pytestmark = pytest.mark.e2e

OFFICE = ("vanphong@cchc.demo", "VanPhong@2021")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def totp_server(tmp_path_factory):
    with committed_demo_app("_e2e_totp", tmp_path_factory.mktemp("e2e-totp"), plans=False) as app:
        app.config["REQUIRE_2FA_ROLES"] = ("office",)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{server.server_port}"
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def type_password(page, base):
    page.goto(f"{base}/login")
    page.fill("input[name=email]", OFFICE[0])
    page.fill("input[name=password]", OFFICE[1])
    page.press("input[name=password]", "Enter")


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def at_both_widths(page, name):
    """Screenshots at 1280 and 390 px; no sideways scrolling on the phone; no serious or
    critical axe-core violation at either width."""
    page.add_script_tag(path=str(AXE))
    assert page.evaluate(RUN_AXE) == [], name
    screenshot(page, f"{name}-desktop")
    page.set_viewport_size(PHONE)
    assert fits_the_phone(page), f"{name} scrolls sideways at 390 px"
    assert page.evaluate(RUN_AXE) == [], f"{name} at 390 px"
    screenshot(page, f"{name}-390")
    page.set_viewport_size(DESKTOP)


@pytest.fixture
def page(browser):
    # axe is added by the test, so the context lets it past the app's CSP.
    context = browser.new_context(locale="vi-VN", viewport=DESKTOP, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def log_out(page):
    page.click("#logout")
    page.wait_for_url(re.compile(r"/login$"))


def test_office_enrols_then_signs_in_with_a_code_and_a_recovery_code(page, totp_server):
    type_password(page, totp_server)
    page.wait_for_url(re.compile(r"/login/enrol$"))
    assert page.locator("h1").inner_text() == "Cài đặt bước xác thực thứ hai"
    assert page.locator(".totp-qr svg").count() == 1
    # The password alone opened nothing.
    assert page.locator("#logout").count() == 0
    at_both_widths(page, "totp-enrol")

    secret = page.locator("#totp-secret").get_attribute("data-secret")
    app_totp = pyotp.TOTP(secret)
    page.fill("input[name=code]", "000000")
    page.press("input[name=code]", "Enter")
    assert page.locator(".error").inner_text().startswith("Mã không đúng")
    page.fill("input[name=code]", app_totp.now())
    page.press("input[name=code]", "Enter")
    page.wait_for_selector("#recovery-codes")
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert all(re.fullmatch(r"[a-z2-9]{5}-[a-z2-9]{5}", code) for code in codes)
    at_both_widths(page, "totp-recovery-codes")
    page.click("text=Tôi đã lưu lại, tiếp tục")
    page.wait_for_url(re.compile(r"/status$"))
    page.goto(f"{totp_server}/profile/two-factor")
    assert page.locator("#codes-left").inner_text() == "10"
    at_both_widths(page, "totp-profile")
    log_out(page)

    # Again: the password, then a code (the next step's: the one used to enrol is spent).
    type_password(page, totp_server)
    page.wait_for_url(re.compile(r"/login/verify$"))
    assert page.locator("#logout").count() == 0
    at_both_widths(page, "totp-verify")
    page.fill("input[name=code]", app_totp.at(time.time() + 30))
    page.press("input[name=code]", "Enter")
    page.wait_for_url(re.compile(r"/status$"))
    log_out(page)

    # And with a recovery code, typed as it was written down.
    type_password(page, totp_server)
    page.wait_for_url(re.compile(r"/login/verify$"))
    page.fill("input[name=code]", codes[0].upper())
    page.press("input[name=code]", "Enter")
    page.wait_for_url(re.compile(r"/status$"))
    page.goto(f"{totp_server}/profile/two-factor")
    assert page.locator("#codes-left").inner_text() == "9"
    log_out(page)

    # That recovery code is spent.
    type_password(page, totp_server)
    page.wait_for_url(re.compile(r"/login/verify$"))
    page.fill("input[name=code]", codes[0])
    page.press("input[name=code]", "Enter")
    assert page.locator(".error").inner_text().startswith("Mã không đúng")
    assert page.locator("#logout").count() == 0
