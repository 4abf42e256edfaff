"""The reviewer's scenario of #14, in real Chromium: the figures of 30/09/2021 are taken, then
the office creates a task today, cancels an assignment of 2021, approves an extension and
sends a 2021 completion back; the figures of 30/09/2021 are the same bytes, and the task list
as of that day shows the 2021 states."""

from __future__ import annotations

import re
import threading
from urllib.parse import quote

import pytest
from werkzeug.serving import make_server

from tests.e2e.conftest import screenshot
from tests.e2e.test_e2e_login import log_in
from tests.support import committed_demo_app

pytestmark = pytest.mark.e2e

PLAN = "5959/QĐ-UBND"
DAY = "2021-09-30"
STATUS_API = f"/api/v1/status/units?plan={quote(PLAN)}&as_of={DAY}"
LIST_API = f"/api/v1/assignments?plan={quote(PLAN)}&as_of={DAY}&per_page=200&sort=number"
LIST_PAGE = f"/tasks/?plan={quote(PLAN)}&as_of=30/09/2021&per_page=200&sort=number"


@pytest.fixture(scope="module")
def history_server(tmp_path_factory):
    """A demo of its own: this test changes today's data, which the other e2e tests read."""
    with committed_demo_app("_e2e_history", tmp_path_factory.mktemp("history")) as app:
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_port}"
        finally:
            server.shutdown()
            thread.join(timeout=10)
            server.server_close()


def new_page(browser, width: int = 1280):
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


def as_listed(page, base: str) -> dict[int, tuple]:
    items = page.request.get(base + LIST_API).json()["items"]
    return {
        a["id"]: (a["state"], a["progress"], a["due_date"], a["completed_on"], a["deadline_class"])
        for a in items
    }


def first(items, **wanted) -> dict:
    return next(a for a in items if all(a[k] == v for k, v in wanted.items()))


def test_figures_of_a_past_day_do_not_move(browser, history_server):
    base = history_server
    office_context, office = new_page(browser)
    lead_context, lead = new_page(browser)
    try:
        log_in(office, base, "vanphong@cchc.demo", "VanPhong@2021")
        office.wait_for_url(re.compile(r"/status$"))
        status_before = office.request.get(base + STATUS_API).body()
        listed_before = as_listed(office, base)
        today_items = office.request.get(
            base + f"/api/v1/assignments?plan={quote(PLAN)}&per_page=200&role=lead"
        ).json()["items"]
        awaiting = first(today_items, state="awaiting_confirmation")
        to_cancel = first(today_items, state="done")
        assert awaiting["completed_on"] <= DAY and to_cancel["id"] in listed_before

        # 1. A task created today in the 2021 plan.
        office.goto(base + "/plans/")
        office.click(f"text={PLAN}")
        office.click("text=Nhiệm vụ mới")
        office.fill("input[name=number]", "IX.9")
        office.fill("textarea[name=title]", "Nhiệm vụ bổ sung năm 2026 (kiểm thử số liệu quá khứ)")
        office.select_option("select[name=lead_units]", "SNV")
        office.fill("input[name=due_date]", "31/12/2030")
        office.click("#new-task button[type=submit]")
        office.wait_for_url(re.compile(r"/tasks/\d+"))
        new_task_url = office.url.split("#")[0]

        # 2. An extension of it, asked by the unit and approved by the office.
        log_in(lead, base, "lanhdao.snv@cchc.demo", "SoNoiVu@2021")
        lead.wait_for_url(re.compile(r"/my$"))
        lead.goto(new_task_url)
        lead.click("p.own-assignment >> text=Cập nhật tiến độ")
        lead.click("summary >> text=Đề nghị gia hạn")
        lead.fill("form[action$='/extension'] input[name=due_date]", "31/03/2031")
        lead.fill("form[action$='/extension'] textarea[name=reason]", "Chờ hướng dẫn của Bộ")
        lead.click("form[action$='/extension'] button[type=submit]")
        lead.wait_for_url(re.compile(r"/assignments/\d+$"))
        office.goto(new_task_url)
        office.click("tr[data-unit=SNV] td.action a")
        office.click("form[action$='/decide'] button[value=approve]")
        office.wait_for_url(re.compile(r"/assignments/\d+$"))
        office.goto(new_task_url)
        assert "31/03/2031" in office.locator("tr[data-unit=SNV]").inner_text()

        # 3. A 2021 assignment cancelled today, confirmed twice (the box, then the dialog).
        office.goto(base + f"/assignments/{to_cancel['id']}")
        office.locator("summary", has_text="Hủy lượt giao việc này").click()
        cancel = office.locator("form[action$='/cancel']")
        cancel.locator("textarea[name=reason]").fill("Đơn vị sáp nhập (kiểm thử)")
        cancel.locator("input[name=confirm]").check()
        office.once("dialog", lambda dialog: dialog.accept())
        cancel.locator("button[type=submit]").click()
        office.wait_for_url(re.compile(r"/assignments/\d+$"))
        assert "Đã hủy" in office.locator("dd.state").inner_text()

        # 4. A completion of 2021, still awaiting confirmation, sent back today.
        office.goto(base + f"/assignments/{awaiting['id']}")
        confirm = office.locator(f"#confirm-{awaiting['id']}")
        confirm.locator("textarea[name=note]").fill("Hồ sơ chưa đầy đủ (kiểm thử)")
        confirm.locator("button[value=send_back]").click()
        office.wait_for_url(re.compile(r"/assignments/\d+$"))
        assert "Bị trả lại" in office.locator("dd.state").inner_text()

        # The figures of 30/09/2021 are the very same bytes, and so is every row of that day.
        assert office.request.get(base + STATUS_API).body() == status_before
        assert as_listed(office, base) == listed_before

        # The list as of that day shows the 2021 states, and says which day it is.
        office.goto(base + LIST_PAGE)
        assert "Số liệu tính đến ngày 30/09/2021" in office.locator("p.as-of").inner_text()
        page_text = office.locator("table.grid").inner_text()
        assert "Nhiệm vụ bổ sung năm 2026" not in page_text
        cancelled_row = office.locator("tr", has=office.locator(f"a[href$='#a{to_cancel['id']}']"))
        assert "Đã hủy" not in cancelled_row.inner_text()
        screenshot(office, "e2e-history-list-2021")
        office.goto(base + f"/tasks/{to_cancel['task']['id']}?as_of=30/09/2021")
        assert "Đã hủy" not in office.locator(f"#a{to_cancel['id']}").inner_text()
        screenshot(office, "e2e-history-task-2021")
    finally:
        office_context.close()
        lead_context.close()


def test_the_past_list_reads_on_a_phone(browser, history_server):
    context, page = new_page(browser, width=390)
    try:
        log_in(page, history_server, "vanphong@cchc.demo", "VanPhong@2021")
        page.wait_for_url(re.compile(r"/status$"))
        page.goto(history_server + LIST_PAGE)
        assert "Số liệu tính đến ngày 30/09/2021" in page.locator("p.as-of").inner_text()
        screenshot(page, "e2e-history-list-2021-phone")
    finally:
        context.close()
