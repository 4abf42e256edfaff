"""In real Chromium: log in with a demo account, read a plan as of the report's date, log out."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e


def log_in(page, live_server, email, password):
    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("button[type=submit].primary")


def test_office_logs_in_reads_the_plan_as_of_the_report_and_logs_out(page, live_server):
    log_in(page, live_server, "vanphong@cchc.demo", "VanPhong@2021")
    page.wait_for_url(re.compile(r"/status$"))
    assert page.locator("h1").inner_text() == "Tình hình thực hiện"
    page.click("nav.mainnav >> text=Kế hoạch")
    assert page.locator("h1").inner_text() == "Kế hoạch"
    page.click("text=5959/QĐ-UBND")
    page.fill("input[name=as_of]", "30/09/2021")
    page.click("text=Xem")
    page.wait_for_url(re.compile(r"as_of="))
    body = page.locator("main").inner_text()
    for label in (
        "Hoàn thành đúng hạn",
        "Hoàn thành quá hạn",
        "Quá hạn chưa hoàn thành",
        "Sắp đến hạn",
        "Đang thực hiện trong hạn",
        "Thường xuyên / không thời hạn",
    ):
        assert label in body
    assert "Cải cách thủ tục hành chính" in body
    screenshot(page, "plan-5959-as-of-30-09-2021")

    page.click("#logout")
    page.wait_for_url(re.compile(r"/login$"))
    page.goto(f"{live_server}/plans/")
    assert "/login" in page.url


def test_wrong_password_shows_a_message_in_vietnamese(page, live_server):
    log_in(page, live_server, "lanhdao.snv@cchc.demo", "sai-mat-khau")
    assert page.locator(".error").inner_text().startswith("Sai email hoặc mật khẩu")
    screenshot(page, "login-refused")


def test_unit_member_is_refused_the_office_pages(page, live_server):
    log_in(page, live_server, "chuyenvien.snv@cchc.demo", "ChuyenVien@2021")
    page.wait_for_url(re.compile(r"/my$"))
    assert "Việc của đơn vị" in page.locator("h1").inner_text()
    screenshot(page, "unit-member-my-unit")
    assert page.locator("text=Nhật ký hệ thống").count() == 0
    response = page.goto(f"{live_server}/admin/audit")
    assert response.status == 403
    assert "Bạn không có quyền" in page.locator("main").inner_text()
