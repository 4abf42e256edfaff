"""The reform index's criteria pages (#19) in real Chromium on the demo: the office's list of
years, a set's overview with its settings, the criteria tree and the import page fit a 390 px
phone (no sideways scroll; tables become cards) and a 1366 px screen; a unit lead finds its own
self-assessment from /index."""

from __future__ import annotations

import pytest

from tests.e2e.test_e2e_phone_sweep import phone, too_wide, visit

OFFICE_PAGES = (
    "/index",
    "/index/2021/department",
    "/index/2021/district",
    "/index/2021/department/criteria",
    "/index/2020/district/criteria",
    "/index/criteria/import",
)


@pytest.mark.parametrize("width", [390, 1366])
def test_the_office_reads_the_criteria_pages_without_sideways_scroll(browser, live_server, width):
    context, page = phone(browser, live_server, "office", width)
    try:
        wide = []
        for path in OFFICE_PAGES:
            assert visit(page, f"{live_server}{path}") == 200, path
            if problem := too_wide(page):
                wide.append(f"{path} — {problem}")
        assert not wide, "\n".join(wide)
        page.goto(f"{live_server}/index/2021/department/criteria")
        first = page.locator("#criteria-tree tbody tr").first
        assert first.is_visible()
        if width == 390:  # a card: the table's header row is not shown
            assert not page.locator("#criteria-tree thead").is_visible()
    finally:
        context.close()


def test_a_unit_lead_finds_its_self_assessment_from_the_index(browser, live_server):
    context, page = phone(browser, live_server, "unit lead", 390)
    try:
        assert visit(page, f"{live_server}/index") == 200
        assert page.locator("#own-assessments").is_visible()
        assert not too_wide(page)
        own = page.locator("#own-assessments a[href*='/index/2021/department/units/']")
        assert own.count() == 1
        assert visit(page, f"{live_server}/index/2021/department") == 403
    finally:
        context.close()
