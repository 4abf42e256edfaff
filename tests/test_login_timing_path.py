"""An unknown account, or one with no password yet, is checked against a dummy hash: the
hasher runs once whatever the account, so the answer's time does not tell whether it exists.
(The times themselves are measured by bench/login_timing.py, not asserted here.)"""

from __future__ import annotations

import threading

import pytest

from tests.conftest import csrf_from


class CountingHasher:
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


@pytest.fixture
def hasher(monkeypatch):
    from tracker.accounts import passwords

    counting = CountingHasher(passwords._hasher)
    monkeypatch.setattr(passwords, "_hasher", counting)
    return counting


def post_login(client, email):
    token = csrf_from(client, "/login")
    return client.post(
        "/login", data={"email": email, "password": "sai-mat-khau-2021", "csrf_token": token}
    )


def test_an_unknown_account_runs_the_hasher(client, hasher):
    assert post_login(client, "nobody@example.vn").status_code == 401
    assert hasher.verified == 1


def test_an_account_without_a_password_runs_the_hasher(client, make_user, db_session, hasher):
    invited = make_user()
    invited.password_hash = None  # invited, no password chosen yet
    db_session.commit()
    assert post_login(client, invited.email).status_code == 401
    assert hasher.verified == 1


def test_an_existing_account_runs_it_once_too(client, make_user, hasher):
    assert post_login(client, make_user().email).status_code == 401
    assert hasher.verified == 1


def test_the_dummy_hash_uses_the_same_parameters_as_real_ones():
    from argon2 import extract_parameters

    from tracker.accounts.passwords import _DUMMY_HASH, hash_password

    assert extract_parameters(_DUMMY_HASH) == extract_parameters(hash_password("x" * 12))
