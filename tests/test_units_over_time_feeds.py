"""Calendar feeds across a reorganisation: a person's feed follows their unit (moved to the
successor, it shows the successor's work, the transferred assignments included); a closed
unit's own feed keeps what it did and says it closed and where its open work went."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from tests.units_over_time_support import build_reorganised
from tracker.extensions import db
from tracker.feeds.services import create_feed


@pytest.fixture
def reorganised(app, db_session, make_unit, make_user, make_plan):
    return build_reorganised(app, make_unit, make_user, make_plan)


def new_feed(app, world, who: str, **options) -> str:
    """The path of a new feed of `who`'s."""
    with app.test_request_context():
        _feed, url = create_feed(world.person(who), include_done=True, **options)
    return url.split("localhost", 1)[-1]


def fetched(client, path: str) -> tuple[str, set[str]]:
    """(the calendar's name, the task numbers of its events)."""
    response = client.get(path)
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.data)
    numbers = {str(e.get("summary")).split(" – ")[0].split()[-1] for e in calendar.walk("VEVENT")}
    # An X- property comes back as written: its commas and semicolons escaped (RFC 5545).
    name = str(calendar.get("x-wr-calname")).replace("\\,", ",").replace("\\;", ";")
    return name, numbers


def test_a_persons_feed_follows_them_to_the_successor(reorganised, app, client):
    path = new_feed(app, reorganised, "skh_lead", scope="mine")
    name, numbers = fetched(client, path)
    assert numbers == {"T2"}  # what SKH did; its open T1 went to STC
    closed_on = reorganised.effective.strftime("%d/%m/%Y")
    assert name == (
        "Hạn nhiệm vụ CCHC: Đơn vị tôi (Sở Kế hoạch và Đầu tư, ngừng hoạt động từ "
        f"{closed_on}; việc đang làm đã chuyển cho Sở Tài chính)"
    )
    with app.app_context():
        person = reorganised.person("skh_lead")
        person.unit = reorganised.unit("STC")  # the office moves them
        db.session.commit()
    name, numbers = fetched(client, path)
    assert numbers == {"T1", "T3"}  # STC's, T1 transferred from SKH
    assert name == "Hạn nhiệm vụ CCHC: Đơn vị tôi (Sở Tài chính)"


def test_a_closed_units_feed_keeps_what_it_did_and_says_it_closed(reorganised, app, client):
    path = new_feed(app, reorganised, "office", scope="unit", unit_code="HCL")
    name, numbers = fetched(client, path)
    assert numbers == {"T4"}  # dissolved without a successor: its open work stays with it
    closed_on = reorganised.effective.strftime("%d/%m/%Y")
    assert name.endswith(f"UBND huyện Cam Lộ, ngừng hoạt động từ {closed_on}")
    merged = new_feed(app, reorganised, "office", scope="unit", unit_code="SKH")
    _name, numbers = fetched(client, merged)
    assert numbers == {"T2"}


def test_the_feeds_page_names_closed_units_as_such(reorganised, client, login):
    login(reorganised.person("office"))
    page = client.get("/calendar").get_data(as_text=True)
    assert "UBND huyện Cam Lộ, ngừng hoạt động từ" in page
