"""With REDIS_URL, failed logins are counted in Redis, so every web process shares them."""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD, csrf_from
from tests.support import REDIS_TEST_URL, require_redis


@pytest.fixture
def redis_client():
    client = require_redis()
    for key in client.scan_iter("tracker:login-fail:*"):
        client.delete(key)
    yield client
    for key in client.scan_iter("tracker:login-fail:*"):
        client.delete(key)


def post_login(client, email, password):
    token = csrf_from(client, "/login")
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token})


def test_two_web_processes_share_the_failure_count(app, db_session, make_user, redis_client):
    user = make_user()
    app.config["REDIS_URL"] = REDIS_TEST_URL
    try:
        limit = app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
        # Two clients with their own counters stand for two web processes.
        first, second = app.test_client(), app.test_client()
        for i in range(limit):
            app.extensions.pop("login_counter", None)  # a fresh process each time
            client = first if i % 2 else second
            assert post_login(client, user.email, "wrong-password").status_code == 401
        app.extensions.pop("login_counter", None)
        assert post_login(app.test_client(), user.email, PASSWORD).status_code == 429
        key = f"tracker:login-fail:account:{user.email}"
        assert int(redis_client.get(key)) >= limit
        assert 0 < redis_client.ttl(key) <= app.config["LOGIN_FAILURE_WINDOW_SECONDS"]
    finally:
        app.config["REDIS_URL"] = None
        app.extensions.pop("login_counter", None)
