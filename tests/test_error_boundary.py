"""One error boundary: a service's refusal is answered once, app-wide, with the same status as a
page or as JSON; bearer and cookie callers are kept apart; a dead connection at teardown is
not the server's bare 500; feed tokens never reach a log line, however the path is spelt."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import text

from tests.conftest import csrf_from


def test_revoking_someone_elses_or_a_missing_token_is_404_not_500(client, login, make_user, api_as):
    from tracker.accounts.api_tokens import create_token

    owner, intruder = make_user(role="office"), make_user(role="unit_lead")
    token, _raw = create_token(owner, "owner's script")
    login(intruder)
    csrf = csrf_from(client, "/profile")
    for token_id in (token.id, 987654):
        response = client.post(f"/profile/tokens/{token_id}/revoke", data={"csrf_token": csrf})
        assert response.status_code == 404, token_id
        assert "<html" in response.get_data(as_text=True).lower()


def test_revoking_someone_elses_or_a_missing_feed_is_404_not_500(client, login, workbench, api_as):
    from tests.feeds_support import new_feed

    feed_id, _path = new_feed(api_as(workbench["lead"]))
    login(workbench["other_lead"])
    csrf = csrf_from(client, "/calendar")
    for target in (feed_id, 987654):
        response = client.post(f"/calendar/{target}/revoke", data={"csrf_token": csrf})
        assert response.status_code == 404, target


@pytest.mark.parametrize(
    ("error", "status"),
    [("not_found", 404), ("forbidden", 403), ("conflict", 409), ("validation_failed", 422)],
)
def test_each_service_error_has_one_status_as_page_and_as_json(app, client, error, status):
    from tracker.core import exceptions

    raised = {
        "not_found": exceptions.NotFound("no such row"),
        "forbidden": exceptions.Forbidden("not yours"),
        "conflict": exceptions.Conflict("changed meanwhile"),
        "validation_failed": exceptions.ValidationFailed("bad", {"note": "too long"}),
    }[error]
    with app.test_request_context("/tasks/"):
        page = app.handle_user_exception(raised)
    with app.test_request_context("/api/v1/tasks"):
        body = app.handle_user_exception(raised)
    page, body = app.make_response(page), app.make_response(body)
    assert page.status_code == body.status_code == status
    assert page.mimetype == "text/html"
    assert body.json["error"]["code"] == error
    assert set(body.json["error"]) == {"code", "message", "fields", "problems"}


def test_a_form_page_registered_for_failure_keeps_what_was_typed(client, login, make_user):
    office = make_user(role="office")
    login(office)
    csrf = csrf_from(client, "/plans/new")
    data = {"csrf_token": csrf, "code": "1/KH", "title": "Kế hoạch thử", "year": "2026"}
    assert client.post("/plans/new", data=data).status_code == 302
    again = client.post("/plans/new", data=data | {"title": "Tên gõ lại lần hai"})
    assert again.status_code == 422
    assert "Tên gõ lại lần hai" in again.get_data(as_text=True)


def test_a_cookie_session_with_another_authorization_scheme_still_needs_csrf(
    client, login, workbench
):
    login(workbench["lead"])
    assignment = workbench["assignment"]
    body = {"state": "in_progress", "progress": 40, "version": assignment["version"]}
    path = f"/api/v1/assignments/{assignment['id']}/updates"
    for header in ("Basic dXNlcjpwYXNz", "Digest x", "bearer", ""):
        response = client.post(path, json=body, headers={"Authorization": header})
        assert response.status_code == 400, header
        assert response.json["error"]["code"] == "csrf"
    csrf = csrf_from(client, "/profile")
    ok = client.post(path, json=body, headers={"X-CSRFToken": csrf})
    assert ok.status_code == 200
    assert ok.json["progress"] == 40


def test_a_bearer_request_never_uses_the_cookie_session(client, login, workbench, api_as):
    login(workbench["office"])  # the browser's session is the office's
    path = "/api/v1/assignments"
    assert client.get(path).status_code == 200
    # A wrong token with a valid cookie: the cookie does not stand in for it.
    assert client.get(path, headers={"Authorization": "Bearer cchc_wrong"}).status_code == 401
    # A right token of a unit lead: the request speaks as the lead, not as the office.
    lead_api = api_as(workbench["lead"])
    created = client.post(
        "/api/v1/tasks",
        json={"plan_code": "77/KH-UBND", "number": "X.9", "title": "t", "lead_units": ["SA"]},
        headers=lead_api.headers,
    )
    assert created.status_code == 403


def test_a_token_does_not_open_the_html_pages(client, workbench, api_as):
    headers = api_as(workbench["office"]).headers
    profile = client.get("/profile", headers=headers)
    assert profile.status_code == 302 and "/login" in profile.headers["Location"]
    minted = client.post("/profile/tokens", data={"name": "more"}, headers=headers)
    assert minted.status_code in (302, 400)
    assert client.get("/api/v1/assignments", headers=headers).status_code == 200


@pytest.mark.parametrize(
    "line",
    [
        "GET /feeds/{t}.ics HTTP/1.1",
        "GET /feeds/{t}.ics/ HTTP/1.1",
        "GET /feeds/{t} HTTP/1.1",
        "GET /feeds/{t}/ HTTP/1.1",
        "GET /feeds/{t}.ics?x=1 HTTP/1.1",
        "GET /FEEDS/{t}.ICS HTTP/1.1",
        "GET //feeds//{t}.ics HTTP/1.1",
        "GET /feeds/{t}.ics;v=2 HTTP/1.1",
        "GET /%66eeds/{t}.ics HTTP/1.1",
        "GET /feeds%2F{t}.ics HTTP/1.1",
        "GET /feeds%252F{t}.ics HTTP/1.1",
        'GET http://tracker.example/feeds/{t}.ics HTTP/1.1" 200 "-" "Outlook"',
        '"-" "https://tracker.example/feeds/{t}.ics"',
        "path=/feeds/{t}.ics status=404",
    ],
)
def test_redaction_covers_every_spelling_of_a_feed_path(line):
    from tracker.core.redaction import redact

    token = "Ab-_9xYz" * 5
    logged = redact(line.format(t=token))
    assert token not in logged
    assert token.lower() not in logged.lower()
    assert "<redacted>" in logged


def test_redaction_leaves_other_paths_alone():
    from tracker.core.redaction import redact

    for line in ("DELETE /api/v1/feeds/12 HTTP/1.1", "GET /calendar HTTP/1.1", "GET /a%20b"):
        assert redact(line) == line


def test_access_log_of_a_trailing_slash_feed_path_has_no_token(app, client, caplog):
    import logging

    caplog.set_level(logging.INFO, logger="tracker.requests")
    token = "T" * 43
    client.get(f"/feeds/{token}.ics/")
    client.get(f"/feeds/{token}")
    assert token not in caplog.text


@pytest.fixture
def dying_app(app):
    """The app, with a hook that kills the request's own database connection after the view
    ran: teardown then meets a dead connection, as under pg_terminate_backend or a failover."""
    from tracker.extensions import db

    def kill_own_backend(response):
        pid = db.session.execute(text("select pg_backend_pid()")).scalar()
        url = db.engine.url
        with psycopg.connect(
            host=url.host,
            port=url.port,
            user=url.username,
            password=url.password,
            dbname=url.database,
            autocommit=True,
        ) as admin:
            admin.execute("select pg_terminate_backend(%s)", (pid,))
        return response

    app.after_request_funcs.setdefault(None, []).insert(0, kill_own_backend)
    try:
        yield app
    finally:
        app.after_request_funcs[None].remove(kill_own_backend)


def test_a_connection_killed_during_the_request_is_not_a_bare_500(dying_app):
    # Not db_session: this test needs the pool's own connections, as in production.
    client = dying_app.test_client()
    for _ in range(3):
        page = client.get("/login")
        assert page.status_code == 200
        assert page.headers.get("X-Request-ID")
