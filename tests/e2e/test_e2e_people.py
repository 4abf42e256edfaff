"""In real Chromium: the office adds a person (the unit chosen in the searchable picker), edits
them and disables them (first refused without a reason, the refusal by the field); a unit's
lead reaches "Cán bộ đơn vị" from the menu, adds a staff member to their own unit, and is
refused another unit's person (403). The people list at 390 px does not scroll sideways and
axe-core finds no serious violation on the pages. Screenshots in test-artifacts/people-*.png."""

from __future__ import annotations

import re
import secrets

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.e2e.conftest import screenshot
from tests.e2e.test_e2e_accessibility import AXE, RUN_AXE

pytestmark = pytest.mark.e2e

NO_SIDEWAYS = "document.documentElement.scrollWidth <= window.innerWidth"


def sign_in(page, live_server, email: str, password: str) -> None:
    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(lambda url: "/login" not in url)


def user_id(live_app, email: str) -> int:
    from tracker.accounts.models import User
    from tracker.extensions import db

    with live_app.app_context():
        return db.session.scalar(select(User.id).where(User.email == email))


def no_serious_violation(page, name: str) -> None:
    page.add_script_tag(path=str(AXE))
    assert page.evaluate(RUN_AXE) == [], name


@pytest.fixture
def new_page(browser):
    contexts = []

    def make(width: int = 1280):
        # axe is added by the test, so the context lets it past the app's CSP.
        context = browser.new_context(
            locale="vi-VN", viewport={"width": width, "height": 900}, bypass_csp=True
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        return page

    yield make
    for context in contexts:
        context.close()


def choose_unit(page, typed: str, label: str) -> None:
    """The unit picker (Tom Select), by keyboard from the role: type part of a name (no
    diacritics needed), take the match."""
    page.focus("#role")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "unit-ts-control"
    page.keyboard.type(typed)
    expect(page.locator("#unit-ts-dropdown .option.active")).to_have_text(label)
    page.keyboard.press("Enter")


def test_office_adds_edits_and_disables_a_person(new_page, live_server, live_app):
    email = f"nguoimoi.{secrets.token_hex(3)}@snv.example.vn"
    page = new_page()
    sign_in(page, live_server, "vanphong@cchc.demo", "VanPhong@2021")
    page.click("summary:has-text('Quản trị')")
    page.click(".dropdown-panel >> text=Người dùng")
    page.wait_for_url(re.compile(r"/admin/users$"))
    assert page.locator("h1").inner_text() == "Người dùng"
    page.click("#add-person")
    page.wait_for_url(re.compile(r"/admin/users/new$"))
    page.fill("#full_name", "Nguyễn Thị Người Mới")
    page.fill("#email", email)
    page.select_option("#role", "unit_member")
    choose_unit(page, "so noi vu", "Sở Nội vụ")
    page.fill("#position", "Chuyên viên phòng CCHC")
    page.fill("#phone", "0233 3852 111")
    assert page.is_checked("#send_invite")
    screenshot(page, "people-new")
    page.click("#new-person button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/users/\d+$"))
    assert "lời mời đang được gửi tới " + email in page.inner_text("main")
    assert page.inner_text("#person-state") == "Chờ kích hoạt"
    assert page.input_value("#unit") == "SNV"

    page.fill("#position", "Phó Trưởng phòng CCHC")
    page.fill("#reason", "Bổ nhiệm")
    page.click("#edit-person button[type=submit]")
    assert "Đã lưu thay đổi." in page.inner_text("main")
    journal = page.inner_text("#journal")
    assert "Sửa thông tin" in journal and "Phó Trưởng phòng CCHC" in journal
    assert "Bổ nhiệm" in journal

    page.click("#disable-person button[type=submit]")
    disable_form = page.locator("#disable-person")
    assert "Vui lòng nhập trường này." in disable_form.inner_text()
    page.fill("#disable-reason", "Chuyển công tác khỏi tỉnh")
    page.click("#disable-person button[type=submit]")
    assert page.inner_text("#person-state") == "Đã khóa"
    assert "Chuyển công tác khỏi tỉnh" in page.inner_text("#journal")
    assert page.locator("#enable-person").count() == 1
    screenshot(page, "people-edit-disabled")
    no_serious_violation(page, "the account's page")

    page.goto(f"{live_server}/admin/users?q=nguoi+moi&state=disabled")
    rows = page.locator("#people tbody tr")
    assert rows.count() == 1 and email in rows.first.inner_text()


def test_a_lead_adds_staff_of_their_unit_and_is_refused_another_units(
    new_page, live_server, live_app
):
    email = f"canbo.{secrets.token_hex(3)}@snv.example.vn"
    page = new_page()
    sign_in(page, live_server, "lanhdao.snv@cchc.demo", "SoNoiVu@2021")
    page.click("#unit-staff-link")
    page.wait_for_url(re.compile(r"/admin/users$"))
    assert page.locator("h1").inner_text().startswith("Cán bộ đơn vị")
    units = page.locator("#people tbody td[data-label='Đơn vị']").all_inner_texts()
    assert units and set(units) == {"Sở Nội vụ"}
    page.click("#add-person")
    page.wait_for_url(re.compile(r"/admin/users/new$"))
    roles = page.locator("#role option").evaluate_all("options => options.map(o => o.text)")
    assert roles == ["Chuyên viên"]
    page.fill("#full_name", "Lê Văn Cán Bộ")
    page.fill("#email", email)
    page.click("#new-person button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/users/\d+$"))
    assert page.inner_text("#person-state") == "Chờ kích hoạt"
    screenshot(page, "people-lead-added")

    stranger = user_id(live_app, "lanhdao.dongha@cchc.demo")
    response = page.goto(f"{live_server}/admin/users/{stranger}")
    assert response.status == 403
    assert "chỉ quản lý tài khoản cán bộ của đơn vị mình" in page.inner_text("main")
    screenshot(page, "people-lead-refused")


@pytest.mark.parametrize(
    ("email", "password"),
    [("vanphong@cchc.demo", "VanPhong@2021"), ("lanhdao.snv@cchc.demo", "SoNoiVu@2021")],
)
def test_the_people_list_fits_a_phone(new_page, live_server, email, password):
    page = new_page(width=390)
    sign_in(page, live_server, email, password)
    page.goto(f"{live_server}/admin/users")
    assert page.locator("#people tbody tr").count() > 1
    assert page.evaluate(NO_SIDEWAYS), "the people list scrolls sideways at 390 px"
    screenshot(page, f"people-list-390-{email.split('@')[0]}")
    no_serious_violation(page, "the people list at 390 px")
    page.goto(f"{live_server}/admin/users/new")
    assert page.evaluate(NO_SIDEWAYS), "the new account form scrolls sideways at 390 px"
    screenshot(page, f"people-new-390-{email.split('@')[0]}")
