"""How a feed is served: identical bytes for unchanged data, strong ETags, 304s, a
Last-Modified that never goes backwards, gzip, and one 404 for every URL that does not open."""

from __future__ import annotations

import gzip
from datetime import timedelta

import pytest
from sqlalchemy import delete
from werkzeug.http import http_date, parse_date

from tests.conftest import local_today
from tests.feeds_support import assignment_of, new_feed, new_task


@pytest.fixture
def bench(workbench, api_as):
    lead = api_as(workbench["lead"])
    feed_id, path = new_feed(lead)
    return workbench | {
        "office_api": api_as(workbench["office"]),
        "lead_api": lead,
        "path": path,
        "feed_id": feed_id,
    }


def test_feed_is_text_calendar_with_private_headers(bench, client):
    response = client.get(bench["path"])
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "private" in response.headers["Cache-Control"]
    assert "Accept-Encoding" in response.headers["Vary"]
    assert "Set-Cookie" not in response.headers
    assert response.data.startswith(b"BEGIN:VCALENDAR\r\n")


def test_two_fetches_without_a_change_give_identical_bytes_and_a_strong_etag(bench, client):
    first, second = client.get(bench["path"]), client.get(bench["path"])
    assert first.data == second.data
    etag = first.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert second.headers["ETag"] == etag
    assert first.headers["Last-Modified"] == second.headers["Last-Modified"]


def test_matching_if_none_match_gets_304(bench, client):
    first = client.get(bench["path"])
    again = client.get(bench["path"], headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Referrer-Policy"] == "no-referrer"
    other = client.get(bench["path"], headers={"If-None-Match": '"something-else"'})
    assert other.status_code == 200


def test_a_change_changes_the_etag(bench, client):
    first = client.get(bench["path"])
    new_task(bench["office_api"], "VII.1")
    again = client.get(bench["path"], headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200
    assert again.headers["ETag"] != first.headers["ETag"]


def test_if_none_match_wins_over_if_modified_since(bench, client):
    first = client.get(bench["path"])
    future = http_date(parse_date(first.headers["Last-Modified"]) + timedelta(days=1))
    stale = {"If-None-Match": '"stale"', "If-Modified-Since": future}
    assert client.get(bench["path"], headers=stale).status_code == 200
    current = {"If-None-Match": first.headers["ETag"], "If-Modified-Since": http_date(0)}
    assert client.get(bench["path"], headers=current).status_code == 304


def test_if_modified_since_alone(bench, client):
    first = client.get(bench["path"])
    same = {"If-Modified-Since": first.headers["Last-Modified"]}
    assert client.get(bench["path"], headers=same).status_code == 304
    older = {"If-Modified-Since": http_date(0)}
    assert client.get(bench["path"], headers=older).status_code == 200


@pytest.mark.parametrize("garbage", ["yesterday", "Mon, 99 Foo 2021 99:99:99 GMT", ""])
def test_an_unparseable_if_modified_since_gets_the_full_answer(bench, client, garbage):
    client.get(bench["path"])
    response = client.get(bench["path"], headers={"If-Modified-Since": garbage})
    assert response.status_code == 200
    assert response.data.startswith(b"BEGIN:VCALENDAR")


def test_last_modified_never_goes_backwards_after_a_deletion(bench, client, db_session):
    from tracker.assignments.models import Assignment

    task = new_task(bench["office_api"], "VII.2")
    first = client.get(bench["path"])
    db_session.execute(delete(Assignment).where(Assignment.id == assignment_of(task)["id"]))
    db_session.commit()
    second = client.get(bench["path"])
    assert second.headers["ETag"] != first.headers["ETag"]
    assert parse_date(second.headers["Last-Modified"]) > parse_date(first.headers["Last-Modified"])
    third = client.get(bench["path"], headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert third.status_code == 200
    assert client.get(bench["path"]).headers["Last-Modified"] == second.headers["Last-Modified"]


def test_last_modified_never_goes_backwards_after_a_cancellation(bench, client):
    first = client.get(bench["path"])
    assignment = bench["assignment"]
    response = bench["office_api"].patch(
        f"/assignments/{assignment['id']}", json={"state": "cancelled", "reason": "Bỏ"}
    )
    assert response.status_code == 200
    second = client.get(bench["path"])
    assert second.headers["ETag"] != first.headers["ETag"]
    assert parse_date(second.headers["Last-Modified"]) >= parse_date(first.headers["Last-Modified"])


def test_gzip_when_asked(bench, client):
    plain = client.get(bench["path"])
    zipped = client.get(bench["path"], headers={"Accept-Encoding": "gzip, deflate"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == plain.data
    assert zipped.headers["ETag"] != plain.headers["ETag"]  # another representation
    assert client.get(bench["path"], headers={"Accept-Encoding": "gzip"}).data == zipped.data
    assert "Content-Encoding" not in plain.headers
    revalidated = client.get(
        bench["path"],
        headers={"Accept-Encoding": "gzip", "If-None-Match": zipped.headers["ETag"]},
    )
    assert revalidated.status_code == 304
    refused = client.get(bench["path"], headers={"Accept-Encoding": "gzip;q=0"})
    assert "Content-Encoding" not in refused.headers


def test_revoked_and_unknown_tokens_get_the_same_404(bench, client):
    assert client.get(bench["path"]).status_code == 200
    assert (
        bench["lead_api"]
        .client.delete(f"/api/v1/feeds/{bench['feed_id']}", headers=bench["lead_api"].headers)
        .status_code
        == 204
    )
    revoked = client.get(bench["path"])
    unknown = client.get("/feeds/" + "x" * 43 + ".ics")
    assert revoked.status_code == unknown.status_code == 404
    assert revoked.data == unknown.data
    # Every request has its own id; nothing else may tell the two apart.
    same = {k: v for k, v in revoked.headers.items() if k != "X-Request-ID"}
    assert same == {k: v for k, v in unknown.headers.items() if k != "X-Request-ID"}


def test_a_feed_token_opens_only_its_feed(bench, client):
    token = bench["path"].removeprefix("/feeds/").removesuffix(".ics")
    as_bearer = client.get("/api/v1/plans", headers={"Authorization": f"Bearer {token}"})
    assert as_bearer.status_code == 401
    assert client.get(f"/feeds/{token}").status_code == 404
    assert client.get("/calendar", headers={"Authorization": f"Bearer {token}"}).status_code == 302


def test_another_units_feed_is_not_reachable_with_a_users_token(bench, client, api_as):
    other = api_as(bench["other_lead"])
    response = other.post("/feeds", json={"scope": "unit", "unit": "SA"})
    assert response.status_code == 403
    _id, own = new_feed(other, scope="unit", unit="SB")
    body = client.get(own).data
    sa_assignment = bench["assignment"]["id"]
    assert f"assignment-{sa_assignment}@".encode() not in body


def test_deactivated_user_loses_the_feed(bench, client, db_session):
    assert client.get(bench["path"]).status_code == 200
    bench["lead"].active = False
    db_session.commit()
    assert client.get(bench["path"]).status_code == 404


def test_user_moved_to_another_unit_loses_the_old_units_feed(bench, client, db_session, api_as):
    """A 'unit' feed names its unit: it closes when its owner leaves that unit. 'mine' follows
    its owner: it shows the new unit's deadlines from the next fetch on."""
    from tracker.units.models import Unit

    _id, unit_feed = new_feed(bench["lead_api"], scope="unit", unit="SA")
    assert client.get(unit_feed).status_code == 200
    bench["lead"].unit = db_session.get(Unit, bench["other_lead"].unit_id)
    db_session.commit()
    assert client.get(unit_feed).status_code == 404
    mine = client.get(bench["path"])
    assert mine.status_code == 200
    sb = next(a for a in bench["task"]["assignments"] if a["unit_code"] == "SB")
    assert f"assignment-{sb['id']}@".encode() in mine.data
    assert f"assignment-{bench['assignment']['id']}@".encode() not in mine.data


def test_office_user_who_becomes_a_unit_member_loses_the_plan_feed(bench, client, db_session):
    _id, plan_feed = new_feed(bench["office_api"], scope="plan", plan="77/KH-UBND")
    assert client.get(plan_feed).status_code == 200
    office = bench["office"]
    office.role, office.unit_id = "unit_member", bench["lead"].unit_id
    db_session.commit()
    assert client.get(plan_feed).status_code == 404


def test_last_used_is_recorded(bench, client, db_session):
    from tracker.feeds.models import CalendarFeed

    feed = db_session.get(CalendarFeed, bench["feed_id"])
    assert feed.last_used_at is None
    client.get(bench["path"])
    db_session.refresh(feed)
    assert feed.last_used_at is not None


def test_overdue_prefix_follows_the_date(bench, client, monkeypatch):
    """The body depends on today (overdue titles, the 30-day window); it is rebuilt when the
    day turns, even though no row changed."""
    from tracker.feeds import publish

    task = new_task(bench["office_api"], "VII.3", local_today() + timedelta(days=1))
    today = client.get(bench["path"])
    assert b"[Qu\xc3\xa1 h\xe1\xba\xa1n] VII.3" not in today.data
    monkeypatch.setattr(publish, "local_today", lambda: local_today() + timedelta(days=2))
    later = client.get(bench["path"], headers={"If-None-Match": today.headers["ETag"]})
    assert later.status_code == 200
    assert "[Quá hạn] VII.3".encode() in later.data
    assert assignment_of(task)["id"]


@pytest.mark.parametrize("in_database", [True, False])
def test_renaming_a_task_changes_the_feed_though_no_assignment_changed(
    bench, client, db_session, monkeypatch, in_database
):
    """The rows' digest covers the task, plan and unit too (on PostgreSQL the database
    computes it; elsewhere Python does)."""
    from tracker.feeds import queries
    from tracker.plans.models import Task

    monkeypatch.setattr(queries, "digest_in_database", lambda: in_database)
    first = client.get(bench["path"])
    assert (
        client.get(bench["path"], headers={"If-None-Match": first.headers["ETag"]}).status_code
        == 304
    )
    task = db_session.get(Task, bench["task"]["id"])
    task.title = "Rà soát TTHC (đã sửa tên)"
    db_session.commit()
    again = client.get(bench["path"], headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200
    assert "Rà soát TTHC (đã sửa tên)".encode() in again.data
