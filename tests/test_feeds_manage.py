"""Creating, listing and revoking feeds: the API, the `tracker create-feed` command and the page
"Lịch công việc"."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.conftest import csrf_from
from tests.feeds_support import new_feed, path_of


def test_api_create_returns_the_url_once_and_the_list_never_shows_it(workbench, api_as, client):
    lead = api_as(workbench["lead"])
    response = lead.post("/feeds", json={"scope": "mine", "name": "Điện thoại"})
    assert response.status_code == 201
    created = response.json
    assert set(created) >= {"id", "url", "scope", "name", "created_at"}
    assert re.fullmatch(r"http://127\.0\.0\.1:5000/feeds/[A-Za-z0-9_-]{43}\.ics", created["url"])
    assert client.get(path_of(created["url"])).status_code == 200
    listed = lead.get("/feeds").json["items"]
    assert [f["id"] for f in listed] == [created["id"]]
    assert listed[0]["name"] == "Điện thoại"
    assert listed[0]["last_used_at"] is not None
    assert "url" not in listed[0]
    token = path_of(created["url"]).split("/")[-1].removesuffix(".ics")
    assert token not in str(lead.get("/feeds").data)


def test_the_token_is_stored_only_as_its_hash(workbench, api_as, db_session):
    import hashlib

    from tracker.feeds.models import CalendarFeed

    _id, path = new_feed(api_as(workbench["lead"]))
    token = path.split("/")[-1].removesuffix(".ics")
    feed = db_session.scalar(select(CalendarFeed))
    assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in repr([getattr(feed, c.key) for c in CalendarFeed.__table__.columns])


def test_api_delete_revokes_the_feed(workbench, api_as, client):
    lead = api_as(workbench["lead"])
    feed_id, path = new_feed(lead)
    response = lead.client.delete(f"/api/v1/feeds/{feed_id}", headers=lead.headers)
    assert response.status_code == 204
    assert client.get(path).status_code == 404
    assert lead.get("/feeds").json["items"][0]["revoked_at"] is not None


def test_api_delete_of_someone_elses_feed_is_404(workbench, api_as, client):
    feed_id, path = new_feed(api_as(workbench["lead"]))
    other = api_as(workbench["other_lead"])
    assert other.client.delete(f"/api/v1/feeds/{feed_id}", headers=other.headers).status_code == 404
    assert client.get(path).status_code == 200


def test_unit_user_cannot_create_a_feed_of_another_unit(workbench, api_as):
    response = api_as(workbench["lead"]).post("/feeds", json={"scope": "unit", "unit": "SB"})
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


def test_plan_scope_is_refused_to_unit_roles_and_open_to_office_and_viewers(
    workbench, api_as, make_user
):
    body = {"scope": "plan", "plan": "77/KH-UBND"}
    for user in (workbench["lead"], workbench["member"]):
        assert api_as(user).post("/feeds", json=body).status_code == 403
    for user in (workbench["office"], make_user(role="viewer"), make_user(role="admin")):
        assert api_as(user).post("/feeds", json=body).status_code == 201


def test_office_and_viewers_may_subscribe_to_any_unit(workbench, api_as, make_user):
    for user in (workbench["office"], make_user(role="viewer")):
        response = api_as(user).post("/feeds", json={"scope": "unit", "unit": "SB"})
        assert response.status_code == 201, response.json


def test_api_validates_the_body(workbench, api_as, make_user):
    lead = api_as(workbench["lead"])
    cases = [
        ({}, "scope", None),
        ({"scope": "year"}, "scope", None),
        ({"scope": "unit"}, "unit", "required"),
        ({"scope": "unit", "unit": "NO-SUCH"}, "unit", "unknown_unit"),
        ({"scope": "plan", "plan": "NO-SUCH"}, "plan", "unknown_plan"),
        ({"scope": "mine", "plan": "77/KH-UBND"}, "plan", "plan_not_for_scope"),
        ({"scope": "mine", "include_done": "yes"}, "include_done", None),
        ({"scope": "mine", "name": "x" * 101}, "name", None),
    ]
    for body, field, code in cases:
        response = lead.post("/feeds", json=body)
        assert response.status_code == 422, body
        assert field in response.json["error"]["fields"], (body, response.json)
        if code:
            assert response.json["error"]["problems"][field]["code"] == code, body
    unknown = lead.post("/feeds", json={"scope": "unit", "unit": "NO-SUCH"}).json["error"]
    assert unknown["fields"]["unit"] == "Không có đơn vị nào có mã NO-SUCH."
    nobody = api_as(make_user(role="viewer"))
    refused = nobody.post("/feeds", json={"scope": "mine"})
    assert refused.status_code == 422
    assert refused.json["error"]["problems"]["scope"]["code"] == "no_unit_of_yours"


def test_feeds_need_a_login(client):
    assert client.get("/api/v1/feeds").status_code == 401
    assert client.get("/calendar").status_code == 302


def test_openapi_describes_the_feed_routes(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert set(paths["/feeds"]) == {"get", "post"}
    assert set(paths["/feeds/{feed_id}"]) == {"delete"}


def test_cli_create_feed_prints_a_working_url(app, workbench, client):
    runner = app.test_cli_runner()
    lead = workbench["lead"].email
    result = runner.invoke(args=["create-feed", "--user", lead, "--name", "Lịch SA"])
    assert result.exit_code == 0, result.output
    url = result.output.strip()
    assert url.startswith("http://127.0.0.1:5000/feeds/") and url.endswith(".ics")
    assert client.get(path_of(url)).status_code == 200

    office = workbench["office"].email
    for args in (["--unit", "SB"], ["--plan", "77/KH-UBND"]):
        result = runner.invoke(args=["create-feed", "--user", office, *args])
        assert result.exit_code == 0, result.output
        assert client.get(path_of(result.output.strip())).status_code == 200


def test_cli_create_feed_refuses_what_the_user_may_not_see(app, workbench):
    runner = app.test_cli_runner()
    lead = workbench["lead"].email
    for args in (["--unit", "SB"], ["--plan", "77/KH-UBND"], ["--unit", "SA", "--plan", "x"]):
        result = runner.invoke(args=["create-feed", "--user", lead, *args])
        assert result.exit_code == 2, (args, result.output)
    result = runner.invoke(args=["create-feed", "--user", "nobody@example.vn"])
    assert result.exit_code == 2


def test_page_creates_copies_and_revokes_a_feed(workbench, client, login):
    login(workbench["lead"])
    page = client.get("/calendar")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Lịch công việc" in text
    assert "Google Calendar" in text and "Outlook" in text and "Apple Calendar" in text
    assert 'value="plan"' not in text  # a unit user cannot pick a whole plan

    token = csrf_from(client, "/calendar")
    created = client.post(
        "/calendar",
        data={"csrf_token": token, "scope": "unit", "unit": "SA", "name": "Lịch phòng"},
    )
    assert created.status_code == 201
    html = created.get_data(as_text=True)
    url = re.search(r'id="new-feed-url" type="text" readonly value="([^"]+)"', html).group(1)
    assert 'data-copy="new-feed-url"' in html and "js/feeds.js" in html
    assert client.get(path_of(url)).status_code == 200
    assert "Lịch phòng" in html

    listing = client.get("/calendar").get_data(as_text=True)
    assert url not in listing
    feed_id = re.search(r'action="/calendar/(\d+)/revoke"', listing).group(1)
    revoked = client.post(f"/calendar/{feed_id}/revoke", data={"csrf_token": token})
    assert revoked.status_code == 302
    assert client.get(path_of(url)).status_code == 404
    assert "Đã thu hồi đường liên kết lịch" in client.get("/calendar").get_data(as_text=True)


def test_page_posts_need_the_csrf_token(workbench, client, login):
    login(workbench["lead"])
    assert client.post("/calendar", data={"scope": "mine"}).status_code == 400


def test_page_refuses_another_units_feed(workbench, client, login):
    login(workbench["lead"])
    token = csrf_from(client, "/calendar")
    response = client.post("/calendar", data={"csrf_token": token, "scope": "unit", "unit": "SB"})
    assert response.status_code == 403
    response = client.post("/calendar", data={"csrf_token": token, "scope": "plan", "plan": "x"})
    assert response.status_code == 422


def test_office_page_offers_plans(workbench, client, login):
    login(workbench["office"])
    text = client.get("/calendar").get_data(as_text=True)
    assert 'value="plan"' in text and "77/KH-UBND" in text
    assert "Lịch công việc" in text  # the menu link


def test_copy_script_is_served(client):
    response = client.get("/static/js/feeds.js")
    assert response.status_code == 200
    assert b"data-copy" in response.data
    response.close()
