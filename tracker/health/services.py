from __future__ import annotations

import redis
from flask import current_app
from sqlalchemy import text

from tracker.extensions import db


def check_database() -> str:
    try:
        db.session.execute(text("SELECT 1"))
        return "ok"
    except Exception as error:  # any failure means "down"; the message says why
        db.session.rollback()
        return f"down: {type(error).__name__}"


def check_redis() -> str:
    url = current_app.config.get("REDIS_URL")
    if not url:
        return "not configured"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
        return "ok"
    except redis.RedisError as error:
        return f"down: {type(error).__name__}"


def health() -> tuple[dict, bool]:
    checks = {"database": check_database(), "redis": check_redis()}
    healthy = all(not state.startswith("down") for state in checks.values())
    return checks, healthy
