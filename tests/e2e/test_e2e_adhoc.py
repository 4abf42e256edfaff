"""In real Chromium (#15, point 6): đôn đốc from the status page follows what the office looks
at, previews its recipients and tasks before sending, and warns about a unit with no account."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.e2e.conftest import screenshot
from tests.e2e.test_e2e_accessibility import axe_violations, open_as
from tests.e2e.test_e2e_login import log_in
from tests.e2e.test_e2e_phone_sweep import too_wide

pytestmark = pytest.mark.e2e


def open_status(page, live_server):
    log_in(page, live_server, "vanphong@cchc.demo", "VanPhong@2021")
    page.wait_for_url(re.compile(r"/status$"))
    page.select_option("select[name=plan]", "5959/QĐ-UBND")
    page.fill("input[name=as_of]", "30/09/2021")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"as_of="))


def test_the_office_previews_a_reminder_of_what_it_looks_at_then_sends_it(page, live_server):
    open_status(page, live_server)
    # Each unit's link says which unit it reminds.
    assert page.get_by_role("link", name="Đôn đốc", exact=True).count() == 0
    page.get_by_role("link", name="Đôn đốc Sở Nội vụ", exact=True).click()
    page.wait_for_url(re.compile(r"/reminders/adhoc/SNV\?"))
    query = parse_qs(urlsplit(page.url).query)
    assert query["plan"] == ["5959/QĐ-UBND"] and query["as_of"] == ["2021-09-30"]

    main = page.locator("main")
    assert main.locator("h1").inner_text() == "Đôn đốc Sở Nội vụ"
    text = main.inner_text()
    assert "tính đến ngày 30/09/2021, như trang Tình hình thực hiện đã hiển thị" in text
    recipients = main.locator("ul.recipients li").all_inner_texts()
    assert any("lanhdao.snv@cchc.demo" in r for r in recipients)
    assert any("chuyenvien.snv@cchc.demo" in r for r in recipients)
    rows = main.locator("table.adhoc-tasks tbody tr")
    assert rows.count() >= 1
    assert all(
        c.startswith("5959/QĐ-UBND") for c in rows.locator("td:first-child a").all_inner_texts()
    )
    screenshot(page, "adhoc-preview-snv-5959-as-of-30-09-2021")

    page.fill("textarea[name=note]", "Đề nghị Sở khẩn trương hoàn thành.")
    button = page.get_by_role("button", name=re.compile(r"^Gửi thư đôn đốc đến \d+ người$"))
    button.click()
    page.wait_for_url(re.compile(r"/status\?"))
    flash = page.locator(".flash-info").inner_text()
    assert re.fullmatch(r"Đã gửi thư đôn đốc đến \d+ người của Sở Nội vụ\.", flash.strip())


def test_a_unit_without_accounts_is_warned_about_before_anything_is_sent(page, live_server):
    open_status(page, live_server)
    page.get_by_role("link", name="Đôn đốc Sở Tư pháp", exact=True).click()
    page.wait_for_url(re.compile(r"/reminders/adhoc/"))
    warning = page.locator(".no-recipients")
    assert "Sở Tư pháp chưa có tài khoản nào đang hoạt động" in warning.inner_text()
    assert page.get_by_role("button", name=re.compile("Gửi thư đôn đốc")).count() == 0
    screenshot(page, "adhoc-preview-no-account")
    warning.get_by_role("link", name="Mở trang của Sở Tư pháp").click()
    page.wait_for_url(re.compile(r"/units/"))
    assert page.locator("h1").inner_text() == "Sở Tư pháp"


@pytest.mark.parametrize("unit", ["SNV", "STP"])
def test_the_preview_is_accessible_and_fits_a_phone(browser, live_server, unit):
    context, page = open_as(browser, live_server, "office", 390)
    try:
        page.goto(f"{live_server}/reminders/adhoc/{unit}?plan=5959%2FQĐ-UBND&as_of=2021-09-30")
        assert too_wide(page) is None
        screenshot(page, f"adhoc-preview-{unit}-390")
        assert axe_violations(page) == []
    finally:
        context.close()
