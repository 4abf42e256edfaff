"""In real Chromium, without logging in: the published reform index's ranking and a unit's
breakdown on a 390 px phone (cards, no sideways scroll) and at 1366 px; before publication
the same address answers 404."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select

from tests.e2e.conftest import screenshot
from tests.e2e.test_e2e_phone_sweep import too_wide
from tests.index_results_support import FULL, appraise
from tests.index_support import make_criteria_set
from tracker.extensions import db
from tracker.reform_index.models import CriteriaSet
from tracker.reform_index.sets import assessed_units

pytestmark = pytest.mark.e2e

YEAR = 2024  # a year of this test's own on the shared demo database (its units exist then)
PATH = f"/public/index/{YEAR}/department"


def _remove(app) -> None:
    with app.app_context():
        db.session.execute(delete(CriteriaSet).where(CriteriaSet.year == YEAR))
        db.session.commit()


def _set_state(app, state: str) -> None:
    with app.app_context():
        found = db.session.scalar(select(CriteriaSet).where(CriteriaSet.year == YEAR))
        found.state = state
        db.session.commit()


@pytest.fixture(scope="module")
def published_year(live_app):
    """Three of the demo's departments appraised (two tied), the year finalised."""
    _remove(live_app)
    with live_app.app_context():
        criteria_set = make_criteria_set(year=YEAR, kind="department", survey_max=10)
        first, second, third = assessed_units(criteria_set)[:3]
        appraise(criteria_set, first, FULL, 9)
        appraise(criteria_set, second, FULL | {"1.3": 1}, 8)
        appraise(criteria_set, third, FULL | {"2.2": 0}, 8)
        criteria_set.state = "finalised"
        db.session.commit()
        names = [first.name, second.name, third.name]
    yield names
    _remove(live_app)


def test_a_visitor_reads_the_published_index_on_a_phone(
    browser, live_app, live_server, published_year
):
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(20000)
    try:
        assert page.goto(f"{live_server}{PATH}").status == 404
        _set_state(live_app, "published")
        assert page.goto(f"{live_server}{PATH}").status == 200
        assert "/login" not in page.url
        ranking = page.locator("#ranking")
        assert published_year[0] in ranking.inner_text()
        first = page.locator("#ranking tbody tr").first
        assert "95" in first.inner_text() and "Tốt" in first.inner_text()
        assert page.locator("#ranking-chart svg").is_visible()
        assert too_wide(page) is None, too_wide(page)
        screenshot(page, "index-public-ranking-390")

        page.get_by_role("link", name=published_year[1]).click()
        page.wait_for_load_state()
        breakdown = page.locator("#breakdown")
        # Area 1: 6, 4 and 6 points → the province's average 5,33 (labelled on the card).
        assert "5,33" in breakdown.inner_text()
        average = page.locator("#breakdown tr[data-area='1'] td").nth(3)
        assert average.get_attribute("data-label") == "Trung bình toàn tỉnh"
        assert page.locator("#breakdown tr[data-area='1']").is_visible()
        assert too_wide(page) is None, too_wide(page)
        screenshot(page, "index-public-unit-390")

        page.set_viewport_size({"width": 1366, "height": 900})
        page.goto(f"{live_server}{PATH}")
        assert too_wide(page) is None, too_wide(page)
        screenshot(page, "index-public-ranking-1366")
    finally:
        context.close()
