"""The Celery app is built from the Flask app and answers `celery inspect ping` on Redis."""

from __future__ import annotations

import subprocess
import time

from tests.support import BIN, ROOT, app_env, require_redis

BROKER = "redis://127.0.0.1:6379/14"


def test_tasks_run_inside_the_flask_app_context(app):
    from flask import current_app

    celery = app.extensions["celery"]

    @celery.task(name="tests.config_value")
    def config_value():
        return current_app.config["TRACKER_TIMEZONE"]

    # Called directly, the task's base class still enters the app context.
    assert config_value() == "Asia/Ho_Chi_Minh"


def test_celery_worker_answers_inspect_ping_on_redis(database_uri, tmp_path):
    require_redis(BROKER)
    env = app_env(REDIS_URL=BROKER, DATABASE_URL=database_uri)
    log_path = tmp_path / "worker.log"
    log = log_path.open("w")
    worker = subprocess.Popen(
        [
            str(BIN / "celery"),
            "-A",
            "worker",
            "worker",
            "--pool",
            "solo",
            "--hostname",
            "ping-test@%h",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        answer = ""
        while time.monotonic() < deadline:
            result = subprocess.run(
                [str(BIN / "celery"), "-A", "worker", "inspect", "ping", "--timeout", "2"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
            )
            answer = result.stdout + result.stderr
            if "pong" in answer:
                break
            assert worker.poll() is None, f"the worker died: {log_path.read_text()}"
            time.sleep(1)
        assert "pong" in answer, answer
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        log.close()


def test_embedded_broker_needs_no_server(app):
    from tracker.core.celery_setup import broker_url

    saved = app.config["REDIS_URL"]
    app.config["REDIS_URL"] = None
    try:
        assert broker_url(app).startswith("sqla+sqlite:///")
    finally:
        app.config["REDIS_URL"] = saved
