"""Counting login attempts per account and per address, and second-factor attempts per account.

An attempt is counted before its password or code is checked, in one atomic step (Redis INCR,
or the in-memory counter under its lock), and refused unchecked when the count is past the
limit: so however many requests arrive at once, at most the limit are ever checked. A success
gives the attempt back (the account's count starts again; the address's loses this one), so
the counts hold failures and attempts still being checked.

With REDIS_URL the counts live in Redis, so every web process shares them; without it (the
embedded `make run`), in this process's memory.
"""

from __future__ import annotations

import threading
import time

import redis
from flask import current_app


class MemoryCounter:
    def __init__(self) -> None:
        self._hits: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def incr(self, key: str, window: int) -> int:
        now = time.monotonic()
        with self._lock:
            hits = [t for t in self._hits.get(key, []) if now - t < window]
            hits.append(now)
            self._hits[key] = hits
            return len(hits)

    def release(self, key: str) -> None:
        with self._lock:
            hits = self._hits.get(key)
            if hits:
                hits.pop()

    def reset(self, key: str) -> None:
        with self._lock:
            self._hits.pop(key, None)


_RELEASE_SCRIPT = """
if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then redis.call('DECR', KEYS[1]) end
"""


class RedisCounter:
    """A fixed window per key: INCR, and EXPIRE on the first failure of the window."""

    def __init__(self, url: str) -> None:
        self._redis = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)

    def incr(self, key: str, window: int) -> int:
        pipe = self._redis.pipeline()
        pipe.incr(key)
        pipe.expire(key, window, nx=True)
        count, _ = pipe.execute()
        return int(count)

    def release(self, key: str) -> None:
        # Never below zero: the key may have expired between the attempt and its success.
        self._redis.eval(_RELEASE_SCRIPT, 1, key)

    def reset(self, key: str) -> None:
        self._redis.delete(key)


class FallbackCounter:
    """Redis while it answers; this process's memory while it does not, so that logging in
    keeps working when Redis is down (the limit is then per process for that while)."""

    def __init__(self, url: str) -> None:
        self.redis = RedisCounter(url)
        self.memory = MemoryCounter()

    def _call(self, name: str, *args):
        try:
            return getattr(self.redis, name)(*args)
        except redis.RedisError as error:
            current_app.logger.warning("login counter: Redis unavailable (%s)", error)
            return getattr(self.memory, name)(*args)

    def incr(self, key: str, window: int) -> int:
        return self._call("incr", key, window)

    def release(self, key: str) -> None:
        self._call("release", key)

    def reset(self, key: str) -> None:
        self._call("reset", key)


def _counter():
    counter = current_app.extensions.get("login_counter")
    if counter is None:
        url = current_app.config.get("REDIS_URL")
        counter = FallbackCounter(url) if url else MemoryCounter()
        current_app.extensions["login_counter"] = counter
    return counter


def _keys(email: str, address: str | None) -> tuple[str, str]:
    return f"tracker:login-fail:account:{email.lower()}", f"tracker:login-fail:ip:{address}"


def _second_factor_key(user_id: int) -> str:
    return f"tracker:login-fail:second-factor:{user_id}"


def _password_change_key(user_id: int) -> str:
    return f"tracker:login-fail:current-password:{user_id}"


def _attempt(key: str) -> bool:
    config = current_app.config
    count = _counter().incr(key, config["LOGIN_FAILURE_WINDOW_SECONDS"])
    return count <= config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]


def attempt_password(email: str, address: str | None) -> bool:
    """Count this password attempt; False when the account or the address is past its limit,
    and then the password must not be checked at all."""
    config = current_app.config
    window = config["LOGIN_FAILURE_WINDOW_SECONDS"]
    account_key, address_key = _keys(email, address)
    counter = _counter()
    # Both are counted even when the first is past its limit: a sprayer keeps counting
    # against its address.
    account_count = counter.incr(account_key, window)
    address_count = counter.incr(address_key, window)
    return (
        account_count <= config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
        and address_count <= config["LOGIN_MAX_FAILURES_PER_ADDRESS"]
    )


def password_succeeded(email: str, address: str | None) -> None:
    account_key, address_key = _keys(email, address)
    counter = _counter()
    counter.reset(account_key)
    counter.release(address_key)


def attempt_second_factor(user_id: int) -> bool:
    """Count this TOTP or recovery code attempt (per account, apart from the password's
    count); False when past the limit, and then the code must not be checked."""
    return _attempt(_second_factor_key(user_id))


def second_factor_succeeded(user_id: int) -> None:
    _counter().reset(_second_factor_key(user_id))


def attempt_password_change(user_id: int) -> bool:
    """Count a check of the current password before changing it (a signed-in session guessing
    the account's password); False when past the limit, and then it must not be checked."""
    return _attempt(_password_change_key(user_id))


def password_change_succeeded(user_id: int) -> None:
    _counter().reset(_password_change_key(user_id))
