"""In real Chromium at phone width (390 px): the office reads a plan's status as of a day before
a merger, switches to today's units (the merged unit's figures counted in the unit that took
over its work), and the switch stays in the URL, the sort links and the export; the province
total does not move; nothing scrolls sideways and axe finds no serious violation. The plan and
its two units are the test's own, made in the live database. Screenshot in
test-artifacts/status-roll-up-390.png."""

from __future__ import annotations

import re
import secrets
from datetime import date, timedelta
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from tests.e2e.conftest import screenshot
from tests.e2e.test_e2e_people import NO_SIDEWAYS, new_page, no_serious_violation, sign_in
from tracker.accounts.models import User
from tracker.extensions import db
from tracker.plans.models import Plan
from tracker.plans.services import TaskInput, create_task
from tracker.units.closing import close_into
from tracker.units.models import Unit

pytestmark = pytest.mark.e2e
__all__ = ["new_page"]  # the fixture, shared with the people tests

PHONE = 390


def merged_plan(live_app) -> tuple[str, str, str, date]:
    """A plan whose tasks went to two new departments 60 days ago; 20 days ago the first
    merged into the second. Returns the plan's code, the two unit codes and a day between."""
    tag = secrets.token_hex(2).upper()
    old, new = f"CU{tag}", f"MO{tag}"
    today = date.today()
    with live_app.test_request_context():
        units = {
            code: Unit(code=code, name=f"Sở thử {code}", short_name=code, kind="department")
            for code in (old, new)
        }
        plan = Plan(code=f"E2E-{tag}/KH", title="Kế hoạch thử gộp số liệu", year=today.year)
        db.session.add_all([*units.values(), plan])
        db.session.commit()
        office = db.session.scalar(select(User).where(User.email == "vanphong@cchc.demo"))
        for number, lead in (("1", old), ("2", old), ("3", new)):
            create_task(
                office,
                plan,
                TaskInput(
                    number=number,
                    title=f"Nhiệm vụ thử {number}",
                    lead_units=[lead],
                    due_date=today + timedelta(days=30),
                    assigned_on=today - timedelta(days=60),
                    assigned_on_reason="Giao theo kế hoạch thử",
                ),
            )
        close_into(units[old], today - timedelta(days=20), units[new], "QĐ thử", office)
        db.session.commit()
        return plan.code, old, new, today - timedelta(days=40)


def test_office_rolls_figures_up_into_todays_units_on_a_phone(new_page, live_app, live_server):
    plan, old, new, before = merged_plan(live_app)
    page = new_page(width=PHONE)
    sign_in(page, live_server, "vanphong@cchc.demo", "VanPhong@2021")
    query = urlencode({"plan": plan, "as_of": before.strftime("%d/%m/%Y")})
    page.goto(f"{live_server}/status?{query}")
    total = page.locator("tr.total").inner_text()
    assert page.locator(f"tr[data-unit={old}]").count() == 1  # as it was then
    switch = page.locator("input[name=roll_up]")
    assert not switch.is_checked()
    switch.check()
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"roll_up=current"))
    assert page.locator("input[name=roll_up]").is_checked()
    assert page.locator("tr.total").inner_text() == total
    assert page.locator(f"tr[data-unit={old}]").count() == 0  # merged
    assert page.locator(f"tr[data-unit={new}] td").nth(1).inner_text().strip() == "3"
    assert "đơn vị tiếp nhận công việc" in page.locator("p.roll-up-note").inner_text()
    export = page.locator("a", has_text="Tải về .xlsx").get_attribute("href")
    assert "roll_up=current" in export
    assert page.evaluate(NO_SIDEWAYS), f"the rolled-up status scrolls sideways at {PHONE} px"
    no_serious_violation(page, "the rolled-up status page")
    screenshot(page, "status-roll-up-390")
    # Sorting keeps the switch (the headers are hidden on a phone, the cards show the labels).
    sort = page.locator("th a", has_text="Tổng số").first.get_attribute("href")
    assert "roll_up=current" in sort
    page.goto(live_server + sort)
    assert page.locator("input[name=roll_up]").is_checked()
    assert page.locator("tr.total").inner_text() == total
