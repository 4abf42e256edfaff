"""Secrets handed to people and scripts (API tokens, feed links, one-time links): one hash,
and one way to read a bearer token from a request."""

from __future__ import annotations

import hashlib

BEARER = "bearer "


def hash_token(raw: str) -> str:
    """What is stored of a secret: a SHA-256 of it (the secrets are random, so no salt)."""
    return hashlib.sha256(raw.encode()).hexdigest()


def bearer_token(request) -> str | None:
    """The token of an `Authorization: Bearer …` header, or None for any other request."""
    header = request.headers.get("Authorization", "")
    if header[: len(BEARER)].lower() != BEARER:
        return None
    return header[len(BEARER) :].strip() or None
