"""Counting failed logins per account and per address.

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

    def count(self, key: str, window: int) -> int:
        now = time.monotonic()
        with self._lock:
            return len([t for t in self._hits.get(key, []) if now - t < window])

    def reset(self, key: str) -> None:
        with self._lock:
            self._hits.pop(key, None)


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

    def count(self, key: str, window: int) -> int:
        value = self._redis.get(key)
        return int(value) if value else 0

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

    def count(self, key: str, window: int) -> int:
        return self._call("count", key, window)

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


def is_locked(email: str, address: str | None) -> bool:
    config = current_app.config
    window = config["LOGIN_FAILURE_WINDOW_SECONDS"]
    account_key, address_key = _keys(email, address)
    counter = _counter()
    return (
        counter.count(account_key, window) >= config["LOGIN_MAX_FAILURES_PER_ACCOUNT"]
        or counter.count(address_key, window) >= config["LOGIN_MAX_FAILURES_PER_ADDRESS"]
    )


def note_failure(email: str, address: str | None) -> None:
    window = current_app.config["LOGIN_FAILURE_WINDOW_SECONDS"]
    counter = _counter()
    for key in _keys(email, address):
        counter.incr(key, window)


def note_success(email: str, address: str | None) -> None:
    _counter().reset(_keys(email, address)[0])
