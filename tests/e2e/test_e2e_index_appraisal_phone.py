"""In real Chromium on a 390 px phone: an appraiser changes a sub-criterion's points (refused
without a reason, then with one), sends the appraisal to the unit; the unit's lead answers it
once. No page scrolls sideways. An app of its own with the demo's units and people only."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from tests.e2e.conftest import screenshot
from tests.e2e.test_e2e_login import log_in
from tests.e2e.test_e2e_phone_sweep import ROLES, too_wide
from tests.index_appraisal_support import submitted_assessment
from tests.index_support import make_criteria_set
from tests.support import committed_demo_app
from tracker.accounts.models import User
from tracker.accounts.passwords import hash_password
from tracker.extensions import db
from tracker.reform_index.appraisal import appraise_item
from tracker.units.models import Unit

pytestmark = pytest.mark.e2e

APPRAISER = ("thamdinh.e2e@cchc.demo", "ThamDinh@2021-e2e")
UNIT = "/index/2021/department/units/SNV"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    instance = tmp_path_factory.mktemp("appraisal-e2e")
    with committed_demo_app("_appraisal_e2e", instance, plans=False) as app:
        with app.app_context():
            appraiser = User(
                email=APPRAISER[0],
                full_name="Thành viên tổ thẩm định",
                role="appraiser",
                password_hash=hash_password(APPRAISER[1]),
            )
            db.session.add(appraiser)
            db.session.commit()
            criteria_set = make_criteria_set(year=2021, kind="department", answer_days=7)
            unit = db.session.scalar(select(Unit).where(Unit.code == "SNV"))
            lead = db.session.scalar(select(User).where(User.email == ROLES["unit lead"][0]))
            assessment = submitted_assessment(criteria_set, unit, lead)
            # Every sub-criterion but 1.2 accepted already: the phone does the rest.
            for item in assessment.items:
                if item.criterion.number != "1.2":
                    number = item.criterion.number
                    appraise_item(appraiser, assessment, number, None, "", item.version)
        http = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=http.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{http.server_port}"
        http.shutdown()
        thread.join(timeout=10)
        http.server_close()


def phone_page(browser, server, who):
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(20000)
    log_in(page, server, *who)
    page.wait_for_load_state()
    return context, page


def test_an_appraisal_and_its_answer_on_a_phone(browser, server):
    context, page = phone_page(browser, server, APPRAISER)
    try:
        page.goto(f"{server}{UNIT}/appraisal")
        assert too_wide(page) is None, too_wide(page)
        card = page.locator("#item-1\\.2")
        card.get_by_label("Điểm thẩm định").fill("0,5")
        card.get_by_role("button", name="Lưu điểm thẩm định").click()
        page.wait_for_load_state()
        error = page.locator("#reason-1\\.2-error")
        assert error.is_visible() and "lý do" in error.inner_text().lower()
        assert page.locator("#points-1\\.2").input_value() == "0,5"
        assert too_wide(page) is None, too_wide(page)
        page.locator("#reason-1\\.2").fill("Thiếu báo cáo CCHC quý III")
        page.locator("#item-1\\.2").get_by_role("button", name="Lưu điểm thẩm định").click()
        page.wait_for_load_state()
        assert "Đã thẩm định tiêu chí thành phần 1.2." in page.locator("main").inner_text()
        page.get_by_role("button", name="Chuyển kết quả cho đơn vị").click()
        page.wait_for_url(f"{server}{UNIT}/answers")
        assert "đơn vị được giải trình đến hết ngày" in page.locator("main").inner_text()
        screenshot(page, "index-appraisal-phone")
    finally:
        context.close()

    context, page = phone_page(browser, server, ROLES["unit lead"])
    try:
        page.goto(f"{server}{UNIT}/answers")
        assert too_wide(page) is None, too_wide(page)
        assert page.locator("#item-2\\.2").count() == 0  # accepted: nothing to answer
        page.locator("#text-1\\.2").fill("Báo cáo quý III gửi ngày 14/9/2021, số 77/BC-SNV")
        page.get_by_role("button", name="Gửi giải trình").click()
        page.wait_for_load_state()
        main = page.locator("main").inner_text()
        assert "Đã gửi giải trình tiêu chí 1.2." in main
        assert "Đang chờ tổ thẩm định kết luận." in main
        assert page.locator("#text-1\\.2").count() == 0  # once only
        assert too_wide(page) is None, too_wide(page)
        page.goto(f"{server}{UNIT}/journal")
        assert too_wide(page) is None, too_wide(page)
        assert "Thiếu báo cáo CCHC quý III" in page.locator("main").inner_text()
        screenshot(page, "index-appraisal-journal-phone")
    finally:
        context.close()
