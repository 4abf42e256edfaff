"""In real Chromium on a 390 px phone: the lead of Sở Nội vụ scores the unit's reform index
criteria, is told on the card that a sub-criterion needs its evidence, attaches a document,
chooses a level, explains where there is no evidence, then sends the self-assessment after the
confirmation page; nothing scrolls sideways."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.conftest import local_today
from tests.e2e.conftest import screenshot
from tests.e2e.test_e2e_login import log_in
from tests.e2e.test_e2e_phone_sweep import ROLES, too_wide
from tests.index_support import make_criteria_set
from tracker.extensions import db
from tracker.reform_index.sets import find_set

pytestmark = pytest.mark.e2e

YEAR = 2022  # a set of this test's own, on the shared demo database (the demo has 2020, 2021)
PATH = f"/index/{YEAR}/department/units/SNV"


@pytest.fixture(scope="module")
def criteria_set(live_app):
    with live_app.app_context():
        existing = find_set(YEAR, "department")
        if existing is not None:
            db.session.delete(existing)  # its assessments go with it (ON DELETE CASCADE)
            db.session.commit()
        make_criteria_set(year=YEAR, self_deadline=local_today() + timedelta(days=10))
    yield YEAR


def save(card):
    card.get_by_role("button", name="Lưu").click()
    card.page.wait_for_load_state()


def test_a_unit_lead_self_assesses_on_a_phone(browser, live_server, criteria_set):
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(20000)
    try:
        log_in(page, live_server, *ROLES["unit lead"])
        page.wait_for_load_state()
        page.goto(f"{live_server}{PATH}")
        assert "Chỉ số CCHC năm 2022: tự đánh giá" in page.locator("h1").inner_text()
        assert page.locator("#item-1-3").get_by_text("Điểm (tính tự động)").is_visible()
        assert too_wide(page) is None, too_wide(page)
        screenshot(page, "index-self-390-draft")

        card = page.locator("#item-1-1-1")
        points = card.get_by_label("Điểm")
        assert points.get_attribute("inputmode") == "decimal"
        points.fill("1")
        save(card)
        card = page.locator("#item-1-1-1")
        error = card.locator("#item-1-1-1-evidence-error")
        assert error.is_visible()
        assert error.inner_text().startswith("Tiêu chí thành phần 1.1.1: hãy đính kèm")
        assert card.get_by_label("Điểm").input_value() == "1"  # what was typed is kept
        assert too_wide(page) is None, too_wide(page)
        screenshot(page, "index-self-390-evidence-asked")

        card.get_by_label("Số văn bản").fill("12/KH-SNV")
        card.get_by_label("Ngày văn bản").fill("15/01/2022")
        save(card)
        assert "Đã lưu tiêu chí thành phần 1.1.1." in page.locator(".flash-info").inner_text()
        assert "12/KH-SNV · 15/01/2022" in page.locator("#item-1-1-1").inner_text()

        card = page.locator("#item-1-1-2")
        card.get_by_label("Từ 80 % đến dưới 100 %").check()
        save(card)
        card = page.locator("#item-1-2")
        card.get_by_label("Điểm").fill("0,75")
        card.get_by_label("Giải trình").fill("Báo cáo gửi qua Hệ thống thông tin báo cáo")
        save(card)
        for number, points in (("2-1-1", "0"), ("2-1-2", "1"), ("2-2", "1,5")):
            card = page.locator(f"#item-{number}")
            card.get_by_label("Điểm").fill(points)
            save(card)
        # 1 + 0,5 + 0,75, the best of 0 and 1 (choose one) + 1,5, and 1.3 as computed from
        # plan 5959 (the demo's)
        computed = page.locator("#item-1-3-points").inner_text()
        expected = 4.75 + (0 if computed == "—" else float(computed.replace(",", ".")))
        total = page.locator("#self-total").inner_text().split(" / ")[0]
        assert float(total.replace(",", ".")) == pytest.approx(expected)
        assert too_wide(page) is None, too_wide(page)

        page.get_by_role("link", name="Gửi bản tự đánh giá").click()
        page.wait_for_load_state()
        assert page.locator("#submit-problems").count() == 0
        assert too_wide(page) is None, too_wide(page)
        page.get_by_role("button", name="Xác nhận và gửi").click()
        page.wait_for_url(re.compile(re.escape(PATH) + "$"))
        assert page.locator(".flash-info").inner_text() == "Đã gửi bản tự đánh giá."
        assert page.locator("#assessment-state").inner_text().startswith("Đã gửi")
        assert page.locator("input[name=points]").count() == 0
        assert too_wide(page) is None, too_wide(page)
        screenshot(page, "index-self-390-submitted")
    finally:
        context.close()
