"""In real Chromium: the office confirms a completion from its queue "Chờ xác nhận", reached
from the menu with its count; the unit lead then sees the unread count by "Thông báo", reads
what happened and marks it read."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.e2e.conftest import screenshot
from tests.e2e.test_e2e_login import log_in
from tracker.accounts.models import User
from tracker.assignments.workflow import Evidence, report_progress
from tracker.core.timeutil import local_today
from tracker.extensions import db
from tracker.plans.models import Plan
from tracker.plans.services import TaskInput, create_task

pytestmark = pytest.mark.e2e

TITLE = "Rà soát quy chế phối hợp – thử nghiệm hàng đợi"


def reported_done_by_the_unit(app) -> int:
    """A task of Sở Nội vụ, reported done by its staff member: it waits for the office."""
    with app.test_request_context():
        office = db.session.scalar(select(User).where(User.email == "vanphong@cchc.demo"))
        member = db.session.scalar(select(User).where(User.email == "chuyenvien.snv@cchc.demo"))
        plan = db.session.scalar(select(Plan).where(Plan.code == "NVTT-Q4/2021"))
        task = create_task(
            office,
            plan,
            TaskInput(
                number="9",
                title=TITLE,
                lead_units=["SNV"],
                due_date=local_today() + timedelta(days=20),
            ),
        )
        assignment = task.assignments[0]
        report_progress(
            member,
            assignment,
            version=assignment.version,
            state="done",
            progress=100,
            note="Đã trình ký quy chế.",
            evidence=Evidence(document_number="301/QĐ-SNV", url="https://snv.example.vn/301"),
        )
        return assignment.id


def menu_count(page, selector: str) -> int:
    badge = page.locator(f"{selector} .count")
    return int(badge.inner_text()) if badge.count() else 0


def test_office_confirms_from_the_queue_and_the_lead_is_told(browser, live_server, live_app):
    assignment_id = reported_done_by_the_unit(live_app)
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        log_in(page, live_server, "vanphong@cchc.demo", "VanPhong@2021")
        page.wait_for_url(re.compile(r"/status$"))
        waiting = menu_count(page, "#queue-confirmations")
        assert waiting >= 1
        page.click("#queue-confirmations")
        page.wait_for_url(re.compile(r"/queues/confirmations$"))
        assert page.locator("h1").inner_text() == "Báo cáo hoàn thành chờ xác nhận"
        row = page.locator(f"#c{assignment_id}")
        text = row.inner_text()
        for expected in (f"NVTT-Q4/2021 · 9. {TITLE}", "Sở Nội vụ", "301/QĐ-SNV", "đúng hạn"):
            assert expected in text, expected
        assert "Đã trình ký quy chế." in text
        screenshot(page, "e2e-office-confirmation-queue")
        row.locator("textarea[name=note]").fill("Đạt yêu cầu, đề nghị công khai quy chế.")
        row.locator("button[value=accept]").click()
        page.wait_for_url(re.compile(r"/queues/confirmations$"))
        assert "Đã xác nhận hoàn thành: NVTT-Q4/2021 · 9" in page.locator(".flash").inner_text()
        assert page.locator(f"#c{assignment_id}").count() == 0
        assert menu_count(page, "#queue-confirmations") == waiting - 1
        page.click("#logout")
        page.wait_for_url(re.compile(r"/login$"))

        log_in(page, live_server, "lanhdao.snv@cchc.demo", "SoNoiVu@2021")
        page.wait_for_url(re.compile(r"/my$"))
        link = page.locator("#notifications-link")
        unread = menu_count(page, "#notifications-link")
        assert unread >= 2  # the task given, then its completion confirmed
        assert link.get_attribute("aria-label") == f"Thông báo, {unread} chưa đọc"
        screenshot(page, "e2e-lead-sees-unread-count")
        link.click()
        page.wait_for_url(re.compile(r"/notifications$"))
        newest = page.locator("li.notice").first
        newest_text = newest.inner_text()
        assert "Đã xác nhận hoàn thành" in newest_text and TITLE in newest_text
        assert "đã xác nhận đơn vị hoàn thành nhiệm vụ này" in newest_text
        assert "Ghi chú: Đạt yêu cầu, đề nghị công khai quy chế." in newest_text
        screenshot(page, "e2e-lead-reads-notifications")
        newest.locator("button", has_text="Đánh dấu đã đọc").click()
        page.wait_for_url(re.compile(r"/notifications(#n\d+)?$"))
        assert menu_count(page, "#notifications-link") == unread - 1
        page.click("#read-all")
        page.wait_for_url(re.compile(r"/notifications$"))
        assert menu_count(page, "#notifications-link") == 0
        assert page.locator("li.notice.unread").count() == 0
    finally:
        context.close()
