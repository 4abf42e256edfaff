"""The challenge of a passkey ceremony: made when the options are sent, kept in the signed
session for five minutes, and taken once.

The session is a cookie, so a client could send an old copy of it again; a challenge is also
marked spent on the server (in Redis with REDIS_URL, shared by every process; in this process's
memory otherwise), so that an answer to it is accepted once whichever cookie comes with it.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field

import redis
from flask import current_app, session
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url, generate_challenge

SESSION_KEY = "passkey_challenge"
LIFETIME_SECONDS = 300


@dataclass(frozen=True)
class Challenge:
    purpose: str
    value: bytes
    user_id: int | None = None
    details: dict = field(default_factory=dict)


def issue(purpose: str, user_id: int | None = None, **details) -> bytes:
    """A new challenge for this session, replacing any earlier one."""
    value = generate_challenge()
    session[SESSION_KEY] = {
        "purpose": purpose,
        "challenge": bytes_to_base64url(value),
        "user_id": user_id,
        "expires_at": time.time() + LIFETIME_SECONDS,
        "details": details,
    }
    return value


def take(purposes: tuple[str, ...]) -> Challenge | None:
    """The session's challenge if it is one of `purposes`, unexpired and unspent; it is gone
    from the session afterwards either way."""
    kept = session.pop(SESSION_KEY, None)
    if not isinstance(kept, dict) or kept.get("purpose") not in purposes:
        return None
    expires_at = kept.get("expires_at")
    if not isinstance(expires_at, int | float) or expires_at < time.time():
        return None
    encoded = kept.get("challenge")
    if not isinstance(encoded, str) or not _spend(encoded):
        return None
    user_id = kept.get("user_id")
    return Challenge(
        purpose=kept["purpose"],
        value=base64url_to_bytes(encoded),
        user_id=user_id if isinstance(user_id, int) else None,
        details=kept.get("details") if isinstance(kept.get("details"), dict) else {},
    )


class MemorySpentSet:
    def __init__(self) -> None:
        self._expiry: dict[str, float] = {}
        self._lock = threading.Lock()

    def add(self, key: str, ttl: int) -> bool:
        now = time.monotonic()
        with self._lock:
            for stale in [k for k, until in self._expiry.items() if until < now]:
                del self._expiry[stale]
            if key in self._expiry:
                return False
            self._expiry[key] = now + ttl
            return True


class RedisSpentSet:
    """SET NX: atomic across processes; the key expires with the challenge."""

    def __init__(self, url: str) -> None:
        self._redis = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._memory = MemorySpentSet()

    def add(self, key: str, ttl: int) -> bool:
        try:
            return bool(self._redis.set(key, 1, nx=True, ex=ttl))
        except redis.RedisError as error:
            current_app.logger.warning("passkey challenges: Redis unavailable (%s)", error)
            return self._memory.add(key, ttl)


def _spent_set():
    store = current_app.extensions.get("passkey_spent_challenges")
    if store is None:
        url = current_app.config.get("REDIS_URL")
        store = RedisSpentSet(url) if url else MemorySpentSet()
        current_app.extensions["passkey_spent_challenges"] = store
    return store


def _spend(encoded: str) -> bool:
    """Mark the challenge spent; False when it already was."""
    key = "tracker:passkey-challenge:" + hashlib.sha256(encoded.encode()).hexdigest()
    return _spent_set().add(key, LIFETIME_SECONDS + 60)
