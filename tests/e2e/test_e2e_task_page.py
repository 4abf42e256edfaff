"""In real Chromium (#15, points 2, 7 and 10): a refused update keeps what the lead typed; units
are chosen in the searchable picker with the keyboard alone; cancelling an assignment asks to be
confirmed, with and without JavaScript; the task page and an assignment's page fit a phone.
Screenshots at 390 and 1366 px go to test-artifacts/."""

from __future__ import annotations

import re
from itertools import count

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.test_e2e_login import log_in

pytestmark = pytest.mark.e2e

OFFICE = ("vanphong@cchc.demo", "VanPhong@2021")
SNV_LEAD = ("lanhdao.snv@cchc.demo", "SoNoiVu@2021")
PLAN = "NVTT-Q4/2021"
_numbers = count(1)


def new_page(browser, width: int = 1366, javascript: bool = True):
    context = browser.new_context(
        locale="vi-VN", viewport={"width": width, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


def open_new_task_form(page, base: str) -> None:
    page.goto(f"{base}/plans/")
    page.click(f"text={PLAN}")
    page.click("text=Nhiệm vụ mới")


def create_task(page, base: str, title: str, leads: list[str]) -> str:
    """The office assigns a task through the form (the native select under the picker)."""
    open_new_task_form(page, base)
    page.fill("input[name=number]", f"T{next(_numbers)}")
    page.fill("textarea[name=title]", title)
    page.locator("select[name=lead_units]").select_option(leads, force=True)
    page.fill("input[name=due_date]", "31/12/2030")
    page.click("#new-task button[type=submit]")
    page.wait_for_url(re.compile(r"/tasks/\d+"))
    return page.url.split("#")[0]


def assignment_url(page, task_url: str, unit: str) -> str:
    page.goto(task_url)
    return page.locator(f"tr[data-unit={unit}] td.unit a").get_attribute("href")


def assert_fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width} px wide"


@pytest.fixture(scope="module")
def task_for_snv(browser, live_server):
    """A task of the office's, for Sở Nội vụ (lead) and Sở Tư pháp, and each one's page."""
    context, page = new_page(browser)
    try:
        log_in(page, live_server, *OFFICE)
        page.wait_for_url(re.compile(r"/status$"))
        url = create_task(
            page, live_server, "Rà soát quy chế phối hợp (kiểm thử e2e)", ["SNV", "STP"]
        )
        return {
            "task": url,
            "SNV": live_server + assignment_url(page, url, "SNV"),
            "STP": live_server + assignment_url(page, url, "STP"),
        }
    finally:
        context.close()


def test_a_refused_update_keeps_what_the_lead_typed(browser, live_server, task_for_snv):
    context, page = new_page(browser, width=390)
    try:
        log_in(page, live_server, *SNV_LEAD)
        page.wait_for_url(re.compile(r"/my$"))
        page.goto(task_for_snv["task"])
        page.click("p.own-assignment a.button")
        page.wait_for_url(task_for_snv["SNV"])
        form = page.locator("form[id^=update-]")
        form.locator("select[name=state]").select_option("done")
        form.locator("textarea[name=note]").fill("Đã trình lãnh đạo ký ban hành.")
        form.locator("input[name=document_date]").fill("20/12/2030")
        form.locator("input[name=file]").set_input_files(
            {"name": "Quy chế.exe", "mimeType": "application/octet-stream", "buffer": b"MZ.."}
        )
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
        form = page.locator("form[id^=update-]")
        # Everything typed is still there; the messages sit next to their fields, in Vietnamese.
        assert form.locator("select[name=state]").input_value() == "done"
        assert form.locator("textarea[name=note]").input_value() == "Đã trình lãnh đạo ký ban hành."
        assert form.locator("input[name=document_date]").input_value() == "20/12/2030"
        assert "Không thể đính kèm tệp loại .exe" in page.locator("#update-file-error").inner_text()
        assert "Hãy chọn lại tệp" in page.locator("#update-file-hint").inner_text()
        assert page.locator("#update-file").get_attribute("aria-invalid") == "true"
        assert_fits(page)
        screenshot(page, "task-page-refused-update-390")
        # Chosen again (a PDF this time), and saved.
        form.locator("input[name=file]").set_input_files(
            {"name": "Quy chế.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 qc"}
        )
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
        assert "Chờ xác nhận" in page.locator("dd.state").inner_text()
    finally:
        context.close()


def test_units_are_chosen_in_the_picker_by_keyboard(browser, live_server):
    context, page = new_page(browser)
    try:
        log_in(page, live_server, *OFFICE)
        page.wait_for_url(re.compile(r"/status$"))
        open_new_task_form(page, live_server)
        page.fill("input[name=number]", f"T{next(_numbers)}")
        page.fill("textarea[name=title]", "Kiểm tra công tác CCHC cấp xã (kiểm thử e2e)")
        # From the title, Tab reaches the lead units' box; nothing but keys from here on.
        page.focus("textarea[name=title]")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "lead_units-ts-control"
        page.keyboard.press("ArrowDown")
        dropdown = page.locator("#lead_units-ts-dropdown")
        # The groups come first.
        expect(dropdown.locator(".optgroup-header").first).to_have_text("Nhóm đơn vị")
        expect(dropdown.locator(".option.active")).to_have_text(re.compile(r"^▸ "))
        page.keyboard.type("vinh thuy")  # no diacritics needed
        expect(dropdown.locator(".option")).to_have_text(["Xã Vĩnh Thủy"])
        expect(dropdown.locator(".option.active")).to_have_text("Xã Vĩnh Thủy")
        page.keyboard.press("Enter")
        page.keyboard.type("dong ha")  # a word's beginning: Phường Nam Đông Hà too
        expect(dropdown.locator(".option").first).to_have_text("Phường Đông Hà")
        shown = set(dropdown.locator(".option").all_inner_texts())
        assert {"Phường Đông Hà", "Phường Nam Đông Hà"} <= shown
        # The units of today only: a commune closed by the 2025 reorganisation is not offered.
        assert not any("Phường 1" in text for text in shown)
        screenshot(page, "unit-picker-dong-ha")
        page.keyboard.press("Enter")
        page.keyboard.type("snv")  # a unit's code finds it too
        expect(dropdown.locator(".option.active")).to_have_text("Sở Nội vụ")
        page.keyboard.press("Control+a")  # the typed "snv" goes; nothing chosen is removed
        page.keyboard.press("Backspace")
        page.keyboard.type("cap xa")
        expect(dropdown.locator(".option.active")).to_have_text(re.compile(r"^▸ UBND cấp xã"))
        page.keyboard.press("Enter")
        chosen = page.eval_on_selector(
            "select[name=lead_units]", "s => Array.from(s.selectedOptions, o => o.textContent)"
        )
        assert chosen[0] == "Xã Vĩnh Thủy" and chosen[1] == "Phường Đông Hà"
        assert chosen[2].startswith("▸ UBND cấp xã")
        page.keyboard.press("Escape")
        page.fill("input[name=due_date]", "31/12/2030")
        page.click("#new-task button[type=submit]")
        page.wait_for_url(re.compile(r"/tasks/\d+"))
        # The group's communes of today; the two chosen by name are among them.
        assert "78 đơn vị" in page.locator(".flash").inner_text()
        units = page.locator("table.assignments td.unit").all_inner_texts()
        assert any("Vĩnh Thủy" in unit for unit in units)
    finally:
        context.close()


def test_cancelling_an_assignment_asks_to_be_confirmed(browser, live_server, task_for_snv):
    context, page = new_page(browser)
    try:
        log_in(page, live_server, *OFFICE)
        page.wait_for_url(re.compile(r"/status$"))
        page.goto(task_for_snv["STP"])
        page.locator("summary", has_text="Hủy lượt giao việc này").click()
        form = page.locator("form[action$='/cancel']")
        form.locator("textarea[name=reason]").fill("Không thuộc chức năng (kiểm thử)")
        # Without the box ticked the browser does not send it.
        form.locator("button[type=submit]").click()
        assert form.locator("input[name=confirm]").evaluate("box => !box.validity.valid")
        # Ticked, the page asks once more; saying no leaves it as it was.
        form.locator("input[name=confirm]").check()
        questions = []
        page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
        form.locator("button[type=submit]").click()
        assert questions and "Hủy giao nhiệm vụ cho Sở Tư pháp" in questions[0]
        assert "Đã hủy" not in page.locator("dd.state").inner_text()
        screenshot(page, "assignment-cancel-confirmation-1366")
    finally:
        context.close()

    # Without JavaScript: the checkbox alone is the confirmation step.
    context, page = new_page(browser, javascript=False)
    try:
        log_in(page, live_server, *OFFICE)
        page.wait_for_url(re.compile(r"/status$"))
        page.goto(task_for_snv["STP"])
        page.locator("summary", has_text="Hủy lượt giao việc này").click()
        form = page.locator("form[action$='/cancel']")
        form.locator("textarea[name=reason]").fill("Không thuộc chức năng (kiểm thử)")
        form.locator("input[name=confirm]").check()
        form.locator("button[type=submit]").click()
        page.wait_for_url(task_for_snv["STP"])
        assert "Đã hủy" in page.locator("dd.state").inner_text()
    finally:
        context.close()


@pytest.mark.parametrize("width", [390, 1366])
def test_the_task_page_and_an_assignment_page_fit_and_are_shot(
    browser, live_server, task_for_snv, width
):
    for who, name in ((SNV_LEAD, "lead"), (OFFICE, "office")):
        context, page = new_page(browser, width=width)
        try:
            log_in(page, live_server, *who)
            page.wait_for_load_state()
            page.goto(task_for_snv["task"])
            assert_fits(page)
            screenshot(page, f"task-page-{name}-{width}")
            page.goto(task_for_snv["SNV"])
            assert_fits(page)
            screenshot(page, f"assignment-page-{name}-{width}")
            if width == 390 and name == "lead":
                # The update form's Save button is within reach: full width, thumb-sized.
                box = page.locator("form[id^=update-] button[type=submit]").bounding_box()
                assert box["height"] >= 40
        finally:
            context.close()
