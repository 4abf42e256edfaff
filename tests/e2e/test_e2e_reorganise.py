"""In real Chromium at 390 px (#17): the office opens "Sắp xếp lại đơn vị" from the units page,
uploads a table with a mistake (the problem shown by row and column, nothing offered), then the
corrected table: the preview says what closes and where the work goes, and the confirmation
applies it. No page scrolls sideways; axe-core finds no serious violation. Screenshots in
test-artifacts/reorganise-*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.conftest import local_today
from tests.e2e.conftest import screenshot
from tests.e2e.test_e2e_accessibility import AXE, RUN_AXE
from tests.imports_support import csv_bytes

pytestmark = pytest.mark.e2e

NO_SIDEWAYS = "document.documentElement.scrollWidth <= window.innerWidth"
HEADER = ["Ngày hiệu lực", "Hình thức", "Đơn vị cũ", "Đơn vị mới", "Tên đơn vị mới", "Loại"]
HEADER += ["Văn bản"]
DECISION = "Quyết định số 99/QĐ-E2E"


@pytest.fixture
def two_boards(live_app):
    """Two boards of their own, in no group and with no work, so that closing one changes
    nothing the other browser tests look at."""
    from tracker.extensions import db
    from tracker.units.models import Unit

    with live_app.app_context():
        for code, name in (("E2E-CU", "Ban Thử nghiệm cũ"), ("E2E-MOI", "Ban Thử nghiệm mới")):
            if db.session.scalar(select(Unit.id).where(Unit.code == code)) is None:
                db.session.add(Unit(code=code, name=name, short_name=name, kind="department"))
        db.session.commit()


def closed(live_app, code: str) -> bool:
    from tracker.extensions import db
    from tracker.units.models import Unit

    with live_app.app_context():
        return db.session.scalar(select(Unit.valid_to).where(Unit.code == code)) is not None


def table_file(tmp_path, old: str) -> str:
    day = local_today().strftime("%d/%m/%Y")
    path = tmp_path / "sap-xep.csv"
    path.write_bytes(csv_bytes([HEADER, [day, "sáp nhập", old, "E2E-MOI", "", "", DECISION]]))
    return str(path)


def fits_and_passes_axe(page, name: str) -> None:
    assert page.evaluate(NO_SIDEWAYS), f"{name} scrolls sideways at 390 px"
    page.add_script_tag(path=str(AXE))
    assert page.evaluate(RUN_AXE) == [], name


def test_office_previews_and_applies_a_reorganisation_on_a_phone(
    browser, live_server, live_app, two_boards, tmp_path
):
    context = browser.new_context(
        locale="vi-VN", viewport={"width": 390, "height": 844}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        page.goto(f"{live_server}/login")
        page.fill("input[name=email]", "vanphong@cchc.demo")
        page.fill("input[name=password]", "VanPhong@2021")
        page.press("input[name=password]", "Enter")
        page.wait_for_url(lambda url: "/login" not in url)
        page.goto(f"{live_server}/units/")
        page.click("#reorganise")
        expect(page.locator("h1")).to_have_text("Sắp xếp lại đơn vị")
        fits_and_passes_axe(page, "upload")

        page.set_input_files("input[name=file]", table_file(tmp_path, "Ban Chưa Có"))
        page.click("#reorganise-form button[type=submit]")
        problems = page.locator("#reorganise-problems")
        expect(problems).to_contain_text("Đơn vị cũ")
        expect(problems).to_contain_text("Ban Chưa Có")
        expect(page.locator("#confirm-reorganise")).to_have_count(0)
        fits_and_passes_axe(page, "problems")
        screenshot(page, "reorganise-problems-390")

        page.set_input_files("input[name=file]", table_file(tmp_path, "E2E-CU"))
        page.click("#reorganise-form button[type=submit]")
        expect(page.locator("#units-closed")).to_contain_text("Ban Thử nghiệm cũ")
        assert not closed(live_app, "E2E-CU")  # the preview writes nothing
        fits_and_passes_axe(page, "preview")
        screenshot(page, "reorganise-preview-390")

        page.click("#confirm-reorganise")
        expect(page.locator("#reorganise-applied")).to_be_visible()
        assert closed(live_app, "E2E-CU")
        fits_and_passes_axe(page, "applied")
        screenshot(page, "reorganise-applied-390")
    finally:
        context.close()
