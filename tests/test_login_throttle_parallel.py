"""30 wrong passwords for one account at the same moment: each attempt is counted before its
password is checked, so no more than the limit are ever checked, with Redis and without."""

from __future__ import annotations

import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from werkzeug.serving import make_server

from tests.support import REDIS_TEST_URL, committed_demo_app, require_redis

PARALLEL = 30
CSRF_RE = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


class CountingHasher:
    """The app's argon2 hasher, counting the passwords it really checks."""

    def __init__(self, hasher) -> None:
        self._hasher = hasher
        self._lock = threading.Lock()
        self.verified = 0

    def verify(self, *args, **kwargs):
        with self._lock:
            self.verified += 1
        return self._hasher.verify(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._hasher, name)


@pytest.fixture(scope="module")
def parallel_app(tmp_path_factory):
    with committed_demo_app(
        "_throttle_parallel", tmp_path_factory.mktemp("throttle-instance"), plans=False
    ) as app:
        yield app


@pytest.fixture(scope="module")
def server(parallel_app):
    server = make_server("127.0.0.1", 0, parallel_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()


@pytest.fixture
def hasher(monkeypatch):
    from tracker.accounts import passwords

    counting = CountingHasher(passwords._hasher)
    monkeypatch.setattr(passwords, "_hasher", counting)
    return counting


def browser_with_form(base: str):
    """A client of its own (cookie jar) holding the login form's CSRF token."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    page = opener.open(f"{base}/login", timeout=30).read().decode()
    return opener, CSRF_RE.search(page).group(1)


def fire_wrong_passwords(base: str, email: str) -> list[int]:
    clients = [browser_with_form(base) for _ in range(PARALLEL)]
    start = threading.Barrier(PARALLEL)
    statuses: list[int] = []
    lock = threading.Lock()

    def attempt(opener, token):
        body = urllib.parse.urlencode(
            {"email": email, "password": "sai-mat-khau-2021", "csrf_token": token}
        ).encode()
        start.wait()
        try:
            status = opener.open(f"{base}/login", data=body, timeout=60).status
        except urllib.error.HTTPError as error:
            status = error.code
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=attempt, args=client) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


def check(parallel_app, base, hasher, email):
    limit = parallel_app.config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    # The account's limit is what is shown: the address's (20) must not cut in, as it could
    # for a request slow between its two counts while 30 come from one address.
    parallel_app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = PARALLEL * 2
    statuses = fire_wrong_passwords(base, email)
    assert len(statuses) == PARALLEL
    assert hasher.verified == limit  # the first `limit` by count, and none after them
    assert statuses.count(401) == limit
    assert statuses.count(429) == PARALLEL - limit


def test_without_redis_at_most_the_limit_is_checked(parallel_app, server, hasher):
    parallel_app.extensions.pop("login_counter", None)
    check(parallel_app, server, hasher, "lanhdao.snv@cchc.demo")
    parallel_app.extensions.pop("login_counter", None)


def test_with_redis_at_most_the_limit_is_checked(parallel_app, server, hasher):
    client = require_redis()
    for key in client.scan_iter("tracker:login-fail:*"):
        client.delete(key)
    parallel_app.config["REDIS_URL"] = REDIS_TEST_URL
    parallel_app.extensions.pop("login_counter", None)
    try:
        check(parallel_app, server, hasher, "chuyenvien.snv@cchc.demo")
        assert int(client.get("tracker:login-fail:account:chuyenvien.snv@cchc.demo")) == PARALLEL
    finally:
        parallel_app.config["REDIS_URL"] = None
        parallel_app.extensions.pop("login_counter", None)
        for key in client.scan_iter("tracker:login-fail:*"):
            client.delete(key)


def test_a_success_gives_its_attempt_back(parallel_app):
    """The account's count starts again; the address's loses only this attempt (with Redis:
    never below zero, even when the key expired meanwhile)."""
    from tracker.accounts import throttle

    client = require_redis()
    parallel_app.config["REDIS_URL"] = REDIS_TEST_URL
    parallel_app.extensions.pop("login_counter", None)
    account = "tracker:login-fail:account:xem@cchc.demo"
    address = "tracker:login-fail:ip:192.0.2.9"
    try:
        with parallel_app.app_context():
            for _ in range(3):
                assert throttle.attempt_password("xem@cchc.demo", "192.0.2.9")
            throttle.password_succeeded("xem@cchc.demo", "192.0.2.9")
            assert client.get(account) is None
            assert int(client.get(address)) == 2
            client.delete(address)
            throttle.password_succeeded("xem@cchc.demo", "192.0.2.9")
            assert client.get(address) is None
    finally:
        parallel_app.config["REDIS_URL"] = None
        parallel_app.extensions.pop("login_counter", None)
        client.delete(account, address)
