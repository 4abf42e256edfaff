"""What a calendar feed says: RFC 5545 that icalendar and Mozilla's ical.js (strict) both read,
one all-day event per assignment with a due date, in Vietnamese."""

from __future__ import annotations

import re
from datetime import UTC, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select, update

from tests.conftest import local_today
from tests.feeds_support import assignment_of, icaljs, new_feed, new_task


@pytest.fixture
def bench(workbench, api_as):
    office, lead = api_as(workbench["office"]), api_as(workbench["lead"])
    _id, path = new_feed(lead)
    return workbench | {"office_api": office, "lead_api": lead, "path": path}


def fetch(client, path) -> bytes:
    response = client.get(path)
    assert response.status_code == 200, response.data
    return response.data


def events_of(body: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(body)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def event_of(body: bytes, assignment_id: int):
    return next(
        e for uid, e in events_of(body).items() if uid.startswith(f"assignment-{assignment_id}@")
    )


def test_feed_has_the_calendar_properties_and_parses_with_icalendar_and_icaljs(bench, client):
    body = fetch(client, bench["path"])
    calendar = Calendar.from_ical(body)
    assert calendar["PRODID"].startswith("-//UBND tinh Quang Tri//")
    assert calendar["VERSION"] == "2.0"
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["METHOD"] == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]).startswith("Hạn nhiệm vụ CCHC: ")
    assert calendar["X-WR-TIMEZONE"] == "Asia/Ho_Chi_Minh"
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in body
    assert b"\r\nX-PUBLISHED-TTL:PT1H\r\n" in body
    described = {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    used = set(re.findall(rb";TZID=([^:;]+)", body))
    assert {tzid.decode() for tzid in used} <= described
    assert "Asia/Ho_Chi_Minh" in described

    parsed = icaljs(body)
    assert parsed["properties"]["method"] == ["PUBLISH"]
    assert parsed["properties"]["refresh-interval"] == ["PT1H"]
    assert parsed["properties"]["x-wr-calname"][0].startswith("Hạn nhiệm vụ CCHC: ")
    assert parsed["timezones"] == ["Asia/Ho_Chi_Minh"]
    assert [e["uid"] for e in parsed["events"]] == list(events_of(body))


def test_an_assignment_is_an_all_day_event_with_every_property(bench, client, db_session, app):
    from tracker.assignments.models import Assignment

    task = new_task(
        bench["office_api"], "I.1", local_today() + timedelta(days=20), area="procedures"
    )
    assignment = assignment_of(task)
    body = fetch(client, bench["path"])
    event = event_of(body, assignment["id"])
    due = local_today() + timedelta(days=20)
    assert event["UID"] == f"assignment-{assignment['id']}@127.0.0.1"
    assert b"DTSTART;VALUE=DATE:" + due.strftime("%Y%m%d").encode() in body
    assert event.decoded("DTSTART") == due
    assert event.decoded("DTEND") == due + timedelta(days=1)
    assert event["SEQUENCE"] == 0
    updated = db_session.scalar(
        select(Assignment.updated_at).where(Assignment.id == assignment["id"])
    )
    stamp = updated.astimezone(UTC).replace(microsecond=0)
    assert event.decoded("DTSTAMP") == stamp
    assert event.decoded("LAST-MODIFIED") == stamp
    assert str(event["SUMMARY"]) == "I.1 – Rà soát TTHC"
    description = str(event["DESCRIPTION"])
    assert "Kế hoạch: 77/KH-UBND" in description
    assert "Đơn vị: Đơn vị thử" in description
    assert "Vai trò: Cơ quan chủ trì" in description
    assert "Trạng thái: Chưa thực hiện" in description
    assert "Tiến độ: 0%" in description
    assert f"/tasks/{task['id']}" in description
    assert str(event["URL"]) == f"http://127.0.0.1:5000/tasks/{task['id']}"
    assert event["CATEGORIES"].cats == ["Cải cách thủ tục hành chính"]
    assert event["TRANSP"] == "TRANSPARENT"
    assert "STATUS" not in event
    (alarm,) = event.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    assert alarm.decoded("TRIGGER") == -timedelta(hours=15)  # 09:00 the day before
    assert str(alarm["DESCRIPTION"]).startswith("Đến hạn ngày mai: I.1 – ")

    (js,) = [e for e in icaljs(body)["events"] if e["uid"] == str(event["UID"])]
    assert js["dtstart"] == due.isoformat() and js["dtstart_is_date"]
    assert js["dtend"] == (due + timedelta(days=1)).isoformat()
    assert js["categories"] == ["Cải cách thủ tục hành chính"]
    assert js["alarms"] == [
        {"action": "DISPLAY", "trigger": "-PT15H", "description": str(alarm["DESCRIPTION"])}
    ]


def test_the_event_link_opens_the_task_page(bench, client, login):
    body = fetch(client, bench["path"])
    url = str(event_of(body, bench["assignment"]["id"])["URL"])
    login(bench["lead"])
    assert client.get(url.removeprefix("http://127.0.0.1:5000")).status_code == 200


def test_titles_with_special_characters_survive_the_round_trip(bench, client):
    long_text = (
        "Triển khai thực hiện có hiệu quả Nghị quyết số 76/NQ-CP của Chính phủ về Chương trình "
        "tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030 trên địa bàn tỉnh Quảng Trị; "
        "đẩy mạnh ứng dụng công nghệ thông tin, chuyển đổi số trong hoạt động "
        "của cơ quan nhà nước. "
    ) * 3
    title = 'Rà soát, sửa đổi; bãi bỏ \\ quy định "cũ"\nDòng hai 🎉🇻🇳 ' + long_text.strip()
    task = new_task(bench["office_api"], "II.9", title=title)
    body = fetch(client, bench["path"])
    expected = f"II.9 – {title}"
    assert str(event_of(body, assignment_of(task)["id"])["SUMMARY"]) == expected
    (js,) = [e for e in icaljs(body)["events"] if e["summary"] and "II.9" in e["summary"]]
    assert js["summary"] == expected

    assert b"\n" not in body.replace(b"\r\n", b"")  # CRLF only
    assert body.endswith(b"END:VCALENDAR\r\n")
    for line in body.split(b"\r\n"):
        assert len(line) <= 75, line
        line.decode("utf-8")  # folding never splits a character


def test_uid_stays_and_sequence_grows_when_the_due_date_changes(bench, client):
    assignment = bench["assignment"]
    before = event_of(fetch(client, bench["path"]), assignment["id"])
    original_due = before.decoded("DTSTART")
    new_due = original_due + timedelta(days=15)
    response = bench["office_api"].patch(
        f"/assignments/{assignment['id']}",
        json={"due_date": new_due.isoformat(), "reason": "Gia hạn theo đề nghị"},
    )
    assert response.status_code == 200, response.json
    body = fetch(client, bench["path"])
    after = event_of(body, assignment["id"])
    assert after["UID"] == before["UID"]
    assert before["SEQUENCE"] == 0 and after["SEQUENCE"] == 1
    assert after.decoded("DTSTART") == new_due
    assert f"Hạn ban đầu: {original_due:%d/%m/%Y}" in str(after["DESCRIPTION"])
    (js,) = [e for e in icaljs(body)["events"] if e["uid"] == str(after["UID"])]
    assert js["sequence"] == 1


def test_overdue_done_and_cancelled_events_say_so(bench, client, db_session):
    from tracker.assignments.models import Assignment

    office = bench["office_api"]
    late = assignment_of(new_task(office, "III.1", local_today() - timedelta(days=200)))
    done = assignment_of(new_task(office, "III.2", local_today() - timedelta(days=3)))
    cancelled = assignment_of(new_task(office, "III.3"))
    db_session.execute(
        update(Assignment)
        .where(Assignment.id == done["id"])
        .values(state="done", progress=100, completed_on=local_today() - timedelta(days=5))
    )
    db_session.commit()
    response = office.patch(
        f"/assignments/{cancelled['id']}",
        json={"state": "cancelled", "reason": "Không còn phù hợp"},
    )
    assert response.status_code == 200, response.json
    body = fetch(client, bench["path"])
    overdue_event = event_of(body, late["id"])
    assert str(overdue_event["SUMMARY"]).startswith("[Quá hạn] III.1 – ")
    assert not overdue_event.walk("VALARM")
    done_event = event_of(body, done["id"])
    assert str(done_event["SUMMARY"]).startswith("[Đã hoàn thành] III.2 – ")
    assert "Trạng thái: Hoàn thành" in str(done_event["DESCRIPTION"])
    assert not done_event.walk("VALARM")
    cancelled_event = event_of(body, cancelled["id"])
    assert cancelled_event["STATUS"] == "CANCELLED"
    assert str(cancelled_event["SUMMARY"]).startswith("[Đã hủy] III.3 – ")
    assert cancelled_event["SEQUENCE"] == 1
    statuses = {e["uid"]: e["status"] for e in icaljs(body)["events"]}
    assert statuses[str(cancelled_event["UID"])] == "CANCELLED"


def test_overdue_stays_until_done_and_done_leaves_after_30_days(bench, client, db_session, api_as):
    from tracker.assignments.models import Assignment

    office = bench["office_api"]
    long_late = assignment_of(new_task(office, "IV.1", local_today() - timedelta(days=400)))
    old_done = assignment_of(new_task(office, "IV.2", local_today() - timedelta(days=60)))
    old_cancelled = assignment_of(new_task(office, "IV.3", local_today() - timedelta(days=60)))
    long_ago = local_today() - timedelta(days=31)
    db_session.execute(
        update(Assignment)
        .where(Assignment.id == old_done["id"])
        .values(state="done", progress=100, completed_on=long_ago)
    )
    db_session.execute(
        update(Assignment)
        .where(Assignment.id == old_cancelled["id"])
        .values(state="cancelled", cancelled_on=long_ago)
    )
    db_session.commit()
    ids = {long_late["id"], old_done["id"], old_cancelled["id"]}

    def shown(path):
        return {int(uid.split("@")[0].split("-")[1]) for uid in events_of(fetch(client, path))}

    assert shown(bench["path"]) & ids == {long_late["id"]}
    _id, with_done = new_feed(bench["lead_api"], include_done=True)
    assert shown(with_done) & ids == {long_late["id"], old_done["id"]}


def test_cooperating_assignments_only_when_asked(bench, client):
    task = new_task(bench["office_api"], "V.1", lead_units=["SB"], cooperating_units=["SA"])
    cooperating = assignment_of(task, "SA")
    assert cooperating["role"] == "cooperating"
    assert f"assignment-{cooperating['id']}@127.0.0.1" not in events_of(
        fetch(client, bench["path"])
    )
    _id, path = new_feed(bench["lead_api"], include_cooperating=True)
    event = event_of(fetch(client, path), cooperating["id"])
    assert "Vai trò: Cơ quan phối hợp" in str(event["DESCRIPTION"])


def test_plan_feed_shows_every_unit_and_skips_tasks_without_a_due_date(bench, client):
    office = bench["office_api"]
    recurring = new_task(office, "VI.1", recurrence="continuous", due_date=None)
    _id, path = new_feed(office, scope="plan", plan="77/KH-UBND", include_cooperating=True)
    uids = set(events_of(fetch(client, path)))
    expected = {f"assignment-{a['id']}@127.0.0.1" for a in bench["task"]["assignments"]}
    assert expected <= uids
    assert not any(
        f"assignment-{a['id']}@" in uid for a in recurring["assignments"] for uid in uids
    )
