"""Helpers for tests that need the real services or a subprocess of the app."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis

from tests.databases import app_on, copy_of_demo, scratch_database_name
from tracker.extensions import db

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
REDIS_TEST_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def require_redis(url: str = REDIS_TEST_URL) -> redis.Redis:
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.ConnectionError as error:
        pytest.fail(
            f"Redis is not reachable at {url}: {error}. Start it with `make services` "
            "(or redis-server --daemonize yes --port 6379).",
            pytrace=False,
        )
    return client


def app_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.update({"TRACKER_ENV": "testing", "SECRET_KEY": "test-secret-key-not-for-production"})
    env.update(overrides)
    return env


def run_tracker(*args: str, env: dict[str, str], input: str | None = None, cwd: Path = ROOT):
    return subprocess.run(
        [str(BIN / "tracker"), *args],
        env=env,
        input=input,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


@contextlib.contextmanager
def committed_demo_app(database_suffix: str, instance_path, *, plans: bool = True):
    """An app on a fresh database of its own with the migrations and the demo committed,
    for tests whose server runs in another thread or process. Without plans, only the demo's
    units and users. A copy of the demo seeded once (tests/databases.py): a second or two."""
    uri = copy_of_demo(scratch_database_name(database_suffix), "demo" if plans else "units")
    app = app_on(uri, instance_path)
    try:
        yield app
    finally:
        with app.app_context():
            db.engine.dispose()
