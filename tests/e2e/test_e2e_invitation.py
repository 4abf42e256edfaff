"""In real Chromium with a real SMTP server (aiosmtpd): the office creates an account on the
people page; the invitation mail arrives; its link opens /set-password, where the person
chooses a password and then signs in. Later, on another device, the person forgets it: the
reset mail arrives, its link sets a new one, and the session left open on the first device is
refused. /profile/security at 390 px does not scroll sideways. Screenshots in
test-artifacts/invitation-*.png."""

from __future__ import annotations

import re
import secrets

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.e2e.conftest import screenshot
from tests.e2e.test_e2e_accessibility import AXE, RUN_AXE
from tests.e2e.test_e2e_phone_sweep import too_wide
from tests.reminders.smtp import start_server

pytestmark = pytest.mark.e2e

FIRST = "hoa phượng đỏ sân trường cũ"
SECOND = "mưa dầm tháng mười ở Đông Hà"


@pytest.fixture
def mail(live_app, live_server, monkeypatch):
    """aiosmtpd, with the live app mailing it and writing links to the live server."""
    controller, recorder = start_server()
    monkeypatch.setitem(live_app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(live_app.config, "MAIL_PORT", controller.port)
    monkeypatch.setitem(live_app.config, "TRACKER_BASE_URL", live_server)
    yield recorder
    controller.stop()


def send_mails_to(live_app, email: str) -> int:
    """What the worker does: deliver each pending mail of this recipient (the others stay)."""
    from tracker.extensions import db
    from tracker.reminders.delivery import deliver
    from tracker.reminders.models import ReminderDelivery

    with live_app.app_context():
        ids = db.session.scalars(
            select(ReminderDelivery.id).where(
                ReminderDelivery.recipient_email == email, ReminderDelivery.status == "pending"
            )
        ).all()
        outcomes = [deliver(delivery_id).status for delivery_id in ids]
    assert outcomes and set(outcomes) == {"sent"}, outcomes
    return len(outcomes)


def the_link(recorder, live_server, email: str, kind: str) -> str:
    [message] = [m.message for m in recorder.received if m.recipients == [email]][-1:]
    text = message.get_body(preferencelist=("plain",)).get_content()
    [link] = set(re.findall(re.escape(live_server) + rf"/{kind}/[A-Za-z0-9_-]+", text))
    return link


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE)


def new_page(browser, width: int = 1280):
    context = browser.new_context(
        locale="vi-VN", viewport={"width": width, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


def sign_in(page, live_server, email: str, password: str) -> None:
    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.press("input[name=password]", "Enter")


def choose_password(page, password: str) -> None:
    page.fill("#password", password)
    page.fill("#confirm", password)
    page.press("#confirm", "Enter")


def test_invited_by_mail_then_a_forgotten_password_reset_by_mail(
    browser, live_server, live_app, mail
):
    email = f"moi.{secrets.token_hex(3)}@snv.quangtri.gov.vn"

    # The office creates the account; nobody types a password for the person.
    office_context, office = new_page(browser)
    sign_in(office, live_server, "vanphong@cchc.demo", "VanPhong@2021")
    office.wait_for_url(lambda url: "/login" not in url)
    office.goto(f"{live_server}/admin/users/new")
    office.locator("#unit-ts-control").wait_for()  # the picker is ready
    office.fill("#full_name", "Trần Thị Mới Vào")
    office.fill("#email", email)
    office.select_option("#role", "unit_member")
    office.focus("#role")
    office.keyboard.press("Tab")  # the unit picker, by keyboard
    office.keyboard.type("so noi vu")
    expect(office.locator("#unit-ts-dropdown .option.active")).to_have_text("Sở Nội vụ")
    office.keyboard.press("Enter")
    office.fill("#position", "Chuyên viên")
    office.click("#new-person button[type=submit]")
    office.wait_for_url(re.compile(r"/admin/users/\d+$"))
    office_context.close()

    # The invitation arrives once, in Vietnamese, with a link to the live server.
    assert send_mails_to(live_app, email) == 1
    [received] = [m for m in mail.received if m.recipients == [email]]
    invitation = received.message
    assert invitation["Subject"] == "Lời mời sử dụng hệ thống theo dõi CCHC"
    text = invitation.get_body(preferencelist=("plain",)).get_content()
    assert "với vai trò Chuyên viên của Sở Nội vụ" in text
    link = the_link(mail, live_server, email, "set-password")

    # The person opens it, chooses a password (a common one first), and signs in.
    phone_context, person = new_page(browser)
    person.goto(link)
    assert person.locator("h1").inner_text() == "Chọn mật khẩu của bạn"
    assert "Trần Thị Mới Vào" in person.inner_text("main")
    choose_password(person, "matkhau@2024")
    assert "mật khẩu phổ biến nhất" in person.inner_text("main")
    screenshot(person, "invitation-set-password-refused")
    assert axe_violations(person) == []
    choose_password(person, FIRST)
    person.wait_for_url(re.compile(r"/login$"))
    assert "Đã đặt mật khẩu" in person.inner_text("main")
    screenshot(person, "invitation-password-set")
    sign_in(person, live_server, email, FIRST)
    person.wait_for_url(re.compile(r"/my$"))
    person.goto(link)  # once only
    assert person.locator("h1").inner_text() == "Liên kết này không còn dùng được"
    assert "đề nghị Văn phòng UBND tỉnh" in person.inner_text("main")
    screenshot(person, "invitation-link-used")

    # Another device: the password is forgotten.
    other_context, other = new_page(browser)
    other.goto(f"{live_server}/login")
    other.click("text=Quên mật khẩu?")
    other.fill("#email", email)
    other.press("#email", "Enter")
    assert "Nếu địa chỉ này có tài khoản" in other.inner_text("main")
    screenshot(other, "invitation-reset-asked")
    assert axe_violations(other) == []
    assert send_mails_to(live_app, email) == 1
    reset_link = the_link(mail, live_server, email, "password-reset")
    other.goto(reset_link)
    assert other.locator("h1").inner_text() == "Chọn mật khẩu mới"
    choose_password(other, SECOND)
    other.wait_for_url(re.compile(r"/login$"))

    # The session left open on the first device is refused; the new password works there.
    person.goto(f"{live_server}/my")
    person.wait_for_url(re.compile(r"/login"))
    sign_in(person, live_server, email, FIRST)
    assert "Sai email hoặc mật khẩu" in person.inner_text("main")
    sign_in(person, live_server, email, SECOND)
    person.wait_for_url(re.compile(r"/my$"))
    for context in (phone_context, other_context):
        context.close()


def test_the_security_page_fits_a_phone(browser, live_server):
    context, page = new_page(browser, 390)
    try:
        sign_in(page, live_server, "chuyenvien.snv@cchc.demo", "ChuyenVien@2021")
        page.wait_for_url(lambda url: "/login" not in url)
        page.goto(f"{live_server}/profile")
        page.click("#security-link")
        page.wait_for_url(re.compile(r"/profile/security$"))
        assert page.locator("h1").inner_text() == "Bảo mật tài khoản"
        assert "(phiên này)" in page.inner_text("#sessions")
        assert too_wide(page) is None
        screenshot(page, "invitation-security-390")
        assert axe_violations(page) == []
        # A wrong current password is told by its field, at phone width too.
        page.fill("#current_password", "không đúng đâu")
        page.fill("#password", SECOND)
        page.fill("#confirm", SECOND)
        page.click("#password-form button[type=submit]")
        assert "Đây không phải mật khẩu hiện tại của bạn." in page.inner_text("#password-section")
        assert too_wide(page) is None
        screenshot(page, "invitation-security-refused-390")
    finally:
        context.close()
