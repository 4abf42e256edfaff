"""In real Chromium: the office's morning page, as of the report's date, and its export."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import screenshot
from tests.e2e.test_e2e_login import log_in

pytestmark = pytest.mark.e2e


def test_office_reads_the_status_page_and_opens_a_units_assignments(page, live_server):
    log_in(page, live_server, "vanphong@cchc.demo", "VanPhong@2021")
    page.wait_for_url(re.compile(r"/status$"))
    page.select_option("select[name=plan]", "5959/QĐ-UBND")
    page.fill("input[name=as_of]", "30/09/2021")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"as_of="))
    total = page.locator("tr.total").inner_text()
    assert "Toàn tỉnh" in total
    assert page.locator("svg.chart rect").count() > 20
    screenshot(page, "status-5959-as-of-30-09-2021")
    with page.expect_download() as download:
        page.click("text=Tải về .xlsx")
    assert download.value.suggested_filename == "tinh-hinh-thuc-hien-2021-09-30.xlsx"
    page.click("tr[data-unit=SNV] td:first-child a")
    page.wait_for_url(re.compile(r"/tasks/\?.*unit=SNV"))
    assert "Sở Nội vụ" in page.locator("main").inner_text()
