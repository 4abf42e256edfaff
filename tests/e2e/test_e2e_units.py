"""In real Chromium at phone width (390 px): the office creates a unit on the units page, opens
its page, dissolves it into a successor chosen in the searchable picker (first refused without
a decision, the refusal by its field), then finds it among the closed units with its successor;
a unit's page with its lineage, a group's page and the dissolve form do not scroll sideways and
axe-core finds no serious violation; the office creates a group (first refused: its code is a
unit's) and renames it on the group's page. Screenshots in test-artifacts/units-*.png."""

from __future__ import annotations

import re
import secrets
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.test_e2e_people import NO_SIDEWAYS, new_page, no_serious_violation, sign_in

pytestmark = pytest.mark.e2e
__all__ = ["new_page"]  # the fixture, shared with the people tests

PHONE = 390


def fits(page, what: str) -> None:
    assert page.evaluate(NO_SIDEWAYS), f"{what} scrolls sideways at {PHONE} px"


def open_menu(page) -> None:
    """At phone width the main menu folds behind its button."""
    toggle = page.locator(".menu-toggle")
    if toggle.is_visible():
        toggle.click()


def test_office_creates_and_dissolves_a_unit_on_a_phone(new_page, live_server):
    code = f"E2E{secrets.token_hex(2).upper()}"
    page = new_page(width=PHONE)
    sign_in(page, live_server, "vanphong@cchc.demo", "VanPhong@2021")
    open_menu(page)
    page.click(".mainnav >> text=Đơn vị")
    page.wait_for_url(re.compile(r"/units/$"))
    fits(page, "the units page")
    page.click("#new-unit")
    page.wait_for_url(re.compile(r"/units/new$"))
    page.fill("#code", code)
    page.fill("#name", "Ban Thử nghiệm trình duyệt")
    page.select_option("#kind", "department")
    page.fill("#valid_from", (date.today() - timedelta(days=30)).strftime("%d/%m/%Y"))
    fits(page, "the new unit form")
    page.click("#new-unit-form button[type=submit]")
    page.wait_for_url(re.compile(rf"/units/{code}$"))
    assert "Đã tạo đơn vị Ban Thử nghiệm trình duyệt." in page.inner_text("main")
    fits(page, "a unit's page")
    no_serious_violation(page, "a unit's page")

    page.click("#dissolve-unit")
    page.wait_for_url(re.compile(rf"/units/{code}/dissolve$"))
    page.fill("#effective_date", date.today().strftime("%d/%m/%Y"))
    page.focus("#effective_date")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "successor-ts-control"
    page.keyboard.type("so noi vu")
    expect(page.locator("#successor-ts-dropdown .option.active")).to_have_text("Sở Nội vụ")
    page.keyboard.press("Enter")
    page.click("#dissolve-form button[type=submit]")
    decision = page.locator("#dissolve-form .field.has-error")
    expect(decision).to_contain_text("Hãy ghi văn bản quyết định thay đổi này.")
    assert page.input_value("#successor") == "SNV"  # what was chosen is kept
    fits(page, "the dissolve form with its refusal")
    screenshot(page, "units-dissolve-refused-390")
    no_serious_violation(page, "the dissolve form")

    page.fill("#decision", "Quyết định số 99/QĐ-UBND")
    page.click("#dissolve-form button[type=submit]")
    page.wait_for_url(re.compile(rf"/units/{code}$"))
    main = page.inner_text("main")
    assert (
        "Đã giải thể Ban Thử nghiệm trình duyệt; 0 nhiệm vụ đang mở đã chuyển cho Sở Nội vụ."
        in main
    )
    assert "Đã chấm dứt hoạt động" in main
    expect(page.locator("#lineage-successors")).to_contain_text("Quyết định số 99/QĐ-UBND")
    fits(page, "a dissolved unit's page")
    screenshot(page, "units-dissolved-390")

    page.goto(f"{live_server}/units/?closed=1")
    row = page.locator(f"tr:has(td:text-is('{code}'))")
    expect(row).to_contain_text("Sở Nội vụ")
    fits(page, "every unit, the closed ones too")
    page.goto(f"{live_server}/units/SNV")
    expect(page.locator("#lineage-predecessors")).to_contain_text("Ban Thử nghiệm trình duyệt")
    fits(page, "the successor's page")
    screenshot(page, "units-successor-390")


def test_a_group_page_fits_a_phone(new_page, live_server):
    page = new_page(width=PHONE)
    sign_in(page, live_server, "vanphong@cchc.demo", "VanPhong@2021")
    page.goto(f"{live_server}/units/groups/SBN")
    assert page.locator("#memberships tbody tr").count() > 10
    fits(page, "a group's page")
    screenshot(page, "units-group-390")
    no_serious_violation(page, "a group's page")


def test_office_creates_and_renames_a_group_on_a_phone(new_page, live_server):
    """The new group form (first refused: the code is a unit's), then the group's page with its
    rename form opened: neither scrolls sideways."""
    code = f"N{secrets.token_hex(3).upper()}"
    page = new_page(width=PHONE)
    sign_in(page, live_server, "vanphong@cchc.demo", "VanPhong@2021")
    page.goto(f"{live_server}/units/")
    page.click("#new-group")
    page.wait_for_url(re.compile(r"/units/groups/new$"))
    page.fill("#code", "SNV")
    page.fill("#name", f"Nhóm thử trình duyệt {code}")
    page.click("#new-group-form button[type=submit]")
    expect(page.locator("#new-group-form .field.has-error")).to_contain_text(
        "SNV đã là mã hoặc tên của đơn vị Sở Nội vụ"
    )
    fits(page, "the new group form with its refusal")
    screenshot(page, "units-new-group-refused-390")
    no_serious_violation(page, "the new group form")
    page.fill("#code", code)
    page.click("#new-group-form button[type=submit]")
    page.wait_for_url(re.compile(rf"/units/groups/{code}$"))
    page.click("#edit-group summary")
    page.fill("#edit-group #name", f"Nhóm đã đổi tên {code}")
    page.click("#edit-group button[type=submit]")
    page.wait_for_url(re.compile(rf"/units/groups/{code}$"))
    expect(page.locator("h1")).to_have_text(f"Nhóm đã đổi tên {code}")
    page.click("#edit-group summary")
    expect(page.locator("#edit-group #aliases")).to_have_value(f"Nhóm thử trình duyệt {code}")
    fits(page, "a group's page with its rename form")
    screenshot(page, "units-group-rename-390")
    no_serious_violation(page, "a group's page with its rename form")
