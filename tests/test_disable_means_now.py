"""Disabling an account takes effect at the person's next request (#16): their login session,
their API token and their calendar feed are all refused, the feed also when the client asks
only whether it changed (a 304 would tell it the old calendar still holds)."""

from __future__ import annotations

from tests.conftest import csrf_from
from tests.test_feeds_http import new_feed
from tracker.extensions import db
from tracker.people.services import set_active


def test_a_disabled_persons_session_token_and_feed_stop_at_their_next_request(
    app, client, workbench, api_as, login, db_session
):
    lead, office = workbench["lead"], workbench["office"]
    api = api_as(lead)
    _feed_id, feed_path = new_feed(api)
    feeds = app.test_client()
    first = feeds.get(feed_path)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert feeds.get(feed_path, headers={"If-None-Match": etag}).status_code == 304
    login(lead)
    assert client.get("/profile").status_code == 200
    assert api.get("/units").status_code == 200

    with app.test_request_context():
        set_active(db.session.merge(office), db.session.merge(lead), False, reason="Nghỉ hưu")
        db.session.commit()

    assert feeds.get(feed_path, headers={"If-None-Match": etag}).status_code == 404
    assert feeds.get(feed_path).status_code == 404
    assert api.get("/units").status_code == 401
    page = client.get("/profile")
    assert page.status_code == 302 and "/login" in page.headers["Location"]
    # And the password no longer opens a new session.
    response = client.post(
        "/login",
        data={
            "email": lead.email,
            "password": "Mật-khẩu-thử-2021",
            "csrf_token": csrf_from(client, "/login"),
        },
    )
    assert response.status_code == 401
