"""In real Chromium on a 390 px phone: a unit's staff member fills in the unit's figures for a
quarter, sees a wrong value and a check that fails, then submits."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import screenshot
from tests.e2e.test_e2e_login import log_in
from tests.e2e.test_e2e_phone_sweep import ROLES, too_wide

pytestmark = pytest.mark.e2e

CODE = "E2E_PHONE"  # a set of this test's own, on the shared demo database
PATH = f"/indicators/{CODE}/2021-Q3/SNV"


@pytest.fixture(scope="module")
def figures_set(live_app):
    from tests.indicator_reports_support import make_set
    from tracker.extensions import db
    from tracker.indicators.models import IndicatorReport, IndicatorSet

    with live_app.app_context():
        existing = db.session.query(IndicatorSet).filter_by(code=CODE).one_or_none()
        if existing is not None:
            db.session.query(IndicatorReport).filter_by(set_id=existing.id).delete()
            db.session.delete(existing)
            db.session.commit()
        make_set(code=CODE)
    yield CODE


def test_a_unit_member_fills_and_submits_its_figures_on_a_phone(browser, live_server, figures_set):
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(20000)
    try:
        log_in(page, live_server, *ROLES["unit staff"])
        page.wait_for_load_state()
        page.goto(f"{live_server}{PATH}")
        main = page.locator("main")
        assert "Số liệu từ 15/06/2021 đến 14/09/2021" in main.inner_text()
        received = page.get_by_label("Số hồ sơ tiếp nhận (hồ sơ)")
        assert received.get_attribute("inputmode") == "numeric"
        assert too_wide(page) is None, too_wide(page)

        received.fill("một trăm")
        page.get_by_label("Số hồ sơ đã giải quyết (hồ sơ)").fill("90")
        page.get_by_label("Giải quyết đúng hạn (hồ sơ)").fill("88")
        page.get_by_label("Giải quyết quá hạn (hồ sơ)").fill("5")
        page.get_by_role("button", name="Lưu nháp").click()
        page.wait_for_load_state()
        error = page.locator("#v_TIEP_NHAN-error")
        assert error.is_visible() and "số" in error.inner_text().lower()
        assert page.get_by_label("Giải quyết quá hạn (hồ sơ)").input_value() == "5"

        page.get_by_label("Số hồ sơ tiếp nhận (hồ sơ)").fill("100")
        page.get_by_role("button", name="Gửi báo cáo").click()
        page.wait_for_load_state()
        problems = page.locator("#report-problems")
        assert "Đúng hạn + quá hạn = đã giải quyết" in problems.inner_text()
        assert too_wide(page) is None, too_wide(page)
        screenshot(page, "indicator-form-390-failed-check")

        page.get_by_label("Giải quyết quá hạn (hồ sơ)").fill("2")
        page.get_by_role("button", name="Gửi báo cáo").click()
        page.wait_for_url(re.compile(re.escape(PATH) + "$"))
        flash = page.locator(".flash-info").inner_text()
        assert flash.startswith("Đã gửi số liệu")
        text = page.locator("main").inner_text()
        assert "97,78" in text  # the computed ratio, read-only
        assert page.get_by_role("button", name="Gửi báo cáo").count() == 0
        assert too_wide(page) is None, too_wide(page)
        screenshot(page, "indicator-form-390-submitted")
    finally:
        context.close()
