"""Where a reader's last write stands in the primary's write-ahead log (its LSN, in bytes).

A replica that has not replayed that far would show the reader a past without their own
change, so tracker.core.replicas reads for them from the primary until it has. The mark is
kept twice: in the browser's session cookie, which travels with it to every web host, and per
user, for API clients (a bearer token has no cookie) and the same person's other browsers: in
Redis with REDIS_URL, shared by every process, otherwise in this process's memory.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

import redis
from flask import current_app, request, session
from flask_login import current_user

from tracker.core.tokens import bearer_token

SESSION_KEY = "_written_lsn"
# Longer than any replica may lag and still be read (DATABASE_REPLICA_MAX_LAG_SECONDS): after
# that, every replica that answers at all has replayed the write.
MARK_SECONDS = 3600


def parse_lsn(text: str) -> int:
    """PostgreSQL's '16/B374D848' as a number of bytes."""
    high, _, low = text.partition("/")
    return (int(high, 16) << 32) + int(low, 16)


def format_lsn(lsn: int) -> str:
    return f"{lsn >> 32:X}/{lsn & 0xFFFFFFFF:X}"


class MemoryMarks:
    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self._marks: OrderedDict[int, tuple[int, float]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, user_id: int) -> int:
        with self._lock:
            lsn, expires = self._marks.get(user_id, (0, 0.0))
        return lsn if expires > time.monotonic() else 0

    def put(self, user_id: int, lsn: int) -> None:
        with self._lock:
            lsn = max(lsn, self._marks.get(user_id, (0, 0.0))[0])
            self._marks[user_id] = (lsn, time.monotonic() + MARK_SECONDS)
            self._marks.move_to_end(user_id)
            while len(self._marks) > self.size:
                self._marks.popitem(last=False)


# Keep the larger: two requests of one user may finish in either order.
_PUT_MAX = """
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then current = tonumber(ARGV[1]) end
redis.call('SET', KEYS[1], string.format('%d', current), 'EX', ARGV[2])
"""


class RedisMarks:
    def __init__(self, url: str) -> None:
        self._redis = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)

    @staticmethod
    def key(user_id: int) -> str:
        return f"tracker:written-lsn:user:{user_id}"

    def get(self, user_id: int) -> int:
        return int(self._redis.get(self.key(user_id)) or 0)

    def put(self, user_id: int, lsn: int) -> None:
        self._redis.eval(_PUT_MAX, 1, self.key(user_id), lsn, MARK_SECONDS)


class FallbackMarks:
    """Redis while it answers, this process's memory while it does not: a page never fails
    for want of Redis (a reader may then see the primary a little longer than needed, or, on
    another host, a replica a little behind their write)."""

    def __init__(self, url: str) -> None:
        self.redis = RedisMarks(url)
        self.memory = MemoryMarks()

    def get(self, user_id: int) -> int:
        try:
            return max(self.redis.get(user_id), self.memory.get(user_id))
        except redis.RedisError as error:
            current_app.logger.warning("written LSN: Redis unavailable (%s)", error)
            return self.memory.get(user_id)

    def put(self, user_id: int, lsn: int) -> None:
        self.memory.put(user_id, lsn)
        try:
            self.redis.put(user_id, lsn)
        except redis.RedisError as error:
            current_app.logger.warning("written LSN: Redis unavailable (%s)", error)


def _marks() -> MemoryMarks | FallbackMarks:
    marks = current_app.extensions.get("written_lsn")
    if marks is None:
        url = current_app.config.get("REDIS_URL")
        marks = FallbackMarks(url) if url else MemoryMarks()
        current_app.extensions["written_lsn"] = marks
    return marks


def _user_id() -> int | None:
    return int(current_user.get_id()) if current_user.is_authenticated else None


def remember(lsn: int) -> None:
    """After this request's user committed a write that ends at `lsn`."""
    user_id = _user_id()
    if user_id is None:
        return  # nobody to read it back: a feed's bookkeeping, a password reset
    if bearer_token(request) is None:
        session[SESSION_KEY] = max(lsn, session.get(SESSION_KEY, 0))
    _marks().put(user_id, lsn)


def needed() -> int:
    """The LSN a replica must have replayed before it may answer this request's user."""
    cookie = session.get(SESSION_KEY, 0) if bearer_token(request) is None else 0
    user_id = _user_id()
    return max(cookie, _marks().get(user_id) if user_id is not None else 0)
