"""In real Chromium: the office assigns a task, the unit lead reports it done with a document
number, the office confirms it and sees it confirmed on the task page."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import screenshot
from tests.e2e.test_e2e_login import log_in

pytestmark = pytest.mark.e2e


def log_out(page):
    page.click("#logout")
    page.wait_for_url(re.compile(r"/login$"))


def test_assign_report_confirm(browser, live_server):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        # The office assigns a new task in plan NVTT-Q4/2021 to Sở Nội vụ.
        log_in(page, live_server, "vanphong@cchc.demo", "VanPhong@2021")
        page.wait_for_url(re.compile(r"/status$"))
        page.click("nav.mainnav >> text=Kế hoạch")
        page.click("text=NVTT-Q4/2021")
        page.click("text=Nhiệm vụ mới")
        page.fill("input[name=number]", "6")
        page.fill("textarea[name=title]", "Tổng kết công tác CCHC năm 2021 – thử nghiệm e2e")
        page.select_option("select[name=lead_units]", "SNV")
        # Sở TT&TT merged into Sở KH&CN on 1/3/2025: a task of today goes to units of today.
        page.select_option("select[name=cooperating_units]", "SKHCN")
        page.fill("input[name=due_date]", "31/12/2030")
        page.fill("input[name=expected_output]", "Báo cáo tổng kết")
        screenshot(page, "e2e-office-new-task")
        page.click("#new-task button[type=submit]")
        page.wait_for_url(re.compile(r"/tasks/\d+"))
        task_url = page.url.split("#")[0]
        assert "Đã giao nhiệm vụ 6" in page.locator(".flash").inner_text()
        log_out(page)

        # The unit lead of Sở Nội vụ reports it done with a document number.
        log_in(page, live_server, "lanhdao.snv@cchc.demo", "SoNoiVu@2021")
        page.wait_for_url(re.compile(r"/my$"))
        page.goto(task_url)
        row = page.locator("tr[data-unit=SNV]")
        assert "Chưa thực hiện" in row.inner_text()
        # The unit's own assignment comes first, one tap from its form.
        page.click("p.own-assignment >> text=Cập nhật tiến độ")
        page.wait_for_url(re.compile(r"/assignments/\d+$"))
        form = page.locator("form[id^=update-]").first
        form.locator("select[name=state]").select_option("done")
        form.locator("input[name=document_number]").fill("245/BC-SNV")
        form.locator("input[name=document_date]").fill("20/12/2030")
        form.locator("textarea[name=note]").fill("Đã ban hành báo cáo tổng kết.")
        screenshot(page, "e2e-lead-reports-done")
        form.locator("button[type=submit]").click()
        page.wait_for_url(re.compile(r"/assignments/\d+$"))
        assert "Chờ xác nhận" in page.locator("dd.state").inner_text()
        log_out(page)

        # The office confirms; the task page shows it done, with the document number.
        log_in(page, live_server, "vanphong@cchc.demo", "VanPhong@2021")
        page.goto(task_url)
        page.locator("tr[data-unit=SNV] td.action a").click()
        page.locator("form.confirm button[value=accept]").click()
        page.wait_for_url(re.compile(r"/assignments/\d+$"))
        page.goto(task_url)
        row_text = page.locator("tr[data-unit=SNV]").inner_text()
        assert "Hoàn thành" in row_text
        assert "245/BC-SNV" in row_text
        assert "Hoàn thành đúng hạn" in row_text
        journal = page.locator("table.journal").inner_text()
        assert "Xác nhận hoàn thành" in journal and "Báo cáo hoàn thành" in journal
        screenshot(page, "e2e-office-sees-it-confirmed")
    finally:
        context.close()
