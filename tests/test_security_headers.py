"""Production settings: headers, proxy, JSON request logs with a request id, error page."""

from __future__ import annotations

import json
import logging

import pytest

from tests.conftest import csrf_from


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/login")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_no_page_needs_inline_script_or_style(client, login, make_user, db_session):
    login(make_user(role="office"))
    for path in (
        "/status",
        "/plans/",
        "/tasks/",
        "/units/",
        "/profile",
        "/calendar",
        "/admin/audit",
        "/reminders/log",
    ):
        page = client.get(path).get_data(as_text=True)
        assert " style=" not in page, path
        assert "<script>" not in page and "javascript:" not in page, path


def production_app(monkeypatch, tmp_path, **env):
    from tracker import create_app

    monkeypatch.setenv("TRACKER_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "k" * 50)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    app = create_app({"REDIS_URL": None})
    app.instance_path = str(tmp_path)
    return app


def test_production_sends_hsts_and_secure_cookies(monkeypatch, tmp_path, database_uri):
    app = production_app(monkeypatch, tmp_path, DATABASE_URL=database_uri)
    response = app.test_client().get("/login", base_url="https://cchc.example.vn")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert "Secure" in response.headers["Set-Cookie"]


def test_behind_a_proxy_the_client_address_and_scheme_are_the_forwarded_ones(
    monkeypatch, tmp_path, database_uri
):
    app = production_app(monkeypatch, tmp_path, DATABASE_URL=database_uri, TRACKER_PROXY_COUNT="1")
    seen = {}

    @app.get("/_probe")
    def probe():
        from flask import request

        seen.update(addr=request.remote_addr, scheme=request.scheme)
        return "ok"

    probe.required_permission = "public"
    app.test_client().get(
        "/_probe", headers={"X-Forwarded-For": "203.113.1.7", "X-Forwarded-Proto": "https"}
    )
    assert seen == {"addr": "203.113.1.7", "scheme": "https"}


def test_request_logs_are_json_lines_with_a_request_id(monkeypatch, tmp_path, database_uri, capsys):
    app = production_app(monkeypatch, tmp_path, DATABASE_URL=database_uri)
    response = app.test_client().get("/login", headers={"X-Request-ID": "abc-123"})
    assert response.headers["X-Request-ID"] == "abc-123"
    lines = [
        json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")
    ]
    entry = next(line for line in lines if line.get("path") == "/login")
    assert entry["request_id"] == "abc-123" and entry["status"] == 200
    assert entry["method"] == "GET" and "duration_ms" in entry


def test_an_error_is_logged_with_its_traceback_and_shown_kindly(
    monkeypatch, tmp_path, database_uri, capsys
):
    app = production_app(monkeypatch, tmp_path, DATABASE_URL=database_uri)

    @app.get("/_boom")
    def boom():
        raise RuntimeError("kaboom")

    boom.required_permission = "public"
    response = app.test_client().get("/_boom")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Hệ thống gặp sự cố" in page and "kaboom" not in page
    request_id = response.headers["X-Request-ID"]
    assert request_id in page
    lines = [
        json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")
    ]
    error = next(line for line in lines if line["level"] == "ERROR")
    assert "RuntimeError: kaboom" in error["traceback"]
    assert error["request_id"] == request_id


@pytest.fixture(autouse=True)
def _restore_logging():
    """A production app installs JSON handlers on these loggers; later tests get them back."""
    loggers = [logging.getLogger(name) for name in ("tracker.requests", "tracker")]
    saved = [(lg.handlers[:], lg.propagate, lg.level) for lg in loggers]
    yield
    for lg, (handlers, propagate, level) in zip(loggers, saved, strict=True):
        lg.handlers, lg.propagate, lg.level = handlers, propagate, level


def test_csrf_token_still_required_in_production(monkeypatch, tmp_path, database_uri):
    app = production_app(monkeypatch, tmp_path, DATABASE_URL=database_uri)
    client = app.test_client()
    assert client.post("/login", data={"email": "a@b.vn", "password": "x"}).status_code == 400
    assert csrf_from(client, "/login")
