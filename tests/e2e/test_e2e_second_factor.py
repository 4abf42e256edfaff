"""In real Chromium, on a phone (390 px): the office resets the second factor of someone who
lost their phone — refused without a reason (the refusal by the field), then done; the page
does not scroll sideways and axe-core finds no serious violation. Screenshot in
test-artifacts/people-second-factor-*.png."""

from __future__ import annotations

import secrets

import pyotp
import pytest

from tests.e2e.conftest import screenshot
from tests.e2e.test_e2e_people import NO_SIDEWAYS, new_page, no_serious_violation, sign_in

pytestmark = pytest.mark.e2e

__all__ = ["new_page"]  # the fixture, used here under its own name


def person_with_an_app(live_app) -> int:
    from tracker.accounts.models import User
    from tracker.core.timeutil import utcnow
    from tracker.extensions import db

    with live_app.app_context():
        user = User(
            email=f"mat-may.{secrets.token_hex(3)}@example.vn",
            full_name="Người mất điện thoại",
            role="viewer",
            password_hash="-",
            totp_secret=pyotp.random_base32(),
            totp_enabled_at=utcnow(),
        )
        db.session.add(user)
        db.session.commit()
        return user.id


def test_office_resets_a_lost_second_factor_on_a_phone(new_page, live_server, live_app):
    user_id = person_with_an_app(live_app)
    page = new_page(390)
    sign_in(page, live_server, "vanphong@cchc.demo", "VanPhong@2021")
    page.goto(f"{live_server}/admin/users/{user_id}")
    section = page.locator("#second-factor")
    assert "Bước xác thực thứ hai: ứng dụng xác thực (bật)" in section.inner_text()
    assert page.evaluate(NO_SIDEWAYS)
    screenshot(page, "people-second-factor-phone")
    no_serious_violation(page, "the account's page with a second factor")

    page.click("#reset-second-factor button[type=submit]")
    assert "Vui lòng nhập trường này." in page.locator("#reset-second-factor").inner_text()
    page.fill("#reset-second-factor-reason", "Mất điện thoại và mã khôi phục")
    page.click("#reset-second-factor button[type=submit]")
    assert "Đã đặt lại bước xác thực thứ hai của Người mất điện thoại" in page.inner_text("main")
    assert page.locator("#second-factor").count() == 0
    assert "Mất điện thoại và mã khôi phục" in page.inner_text("#journal")
    assert page.evaluate(NO_SIDEWAYS)
