"""celery_init_app, after Flask's Celery pattern: a Task base that enters the app context."""

from __future__ import annotations

from pathlib import Path

from celery import Celery, Task
from flask import Flask


def broker_url(app: Flask) -> str:
    """Redis when configured; otherwise an embedded broker in the instance folder, so that
    `make run` needs no server."""
    if app.config.get("REDIS_URL"):
        return app.config["REDIS_URL"]
    return "sqla+sqlite:///" + str(Path(app.instance_path) / "celery-broker.sqlite")


def transport_options(app: Flask) -> dict:
    if not app.config.get("REDIS_URL"):
        return {}  # the embedded SQLAlchemy transport hands these to create_engine
    # Retries wait at most ~40 minutes, below this: a delayed message is never handed to a
    # second worker while the first still holds it.
    return {"visibility_timeout": app.config["BROKER_VISIBILITY_TIMEOUT"]}


def celery_init_app(app: Flask) -> Celery:
    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    celery = Celery(app.name, task_cls=FlaskTask)
    celery.conf.update(
        broker_url=broker_url(app),
        task_ignore_result=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        # A few messages in hand per process: each task is short, and acks_late keeps the
        # unacknowledged ones safe if the process dies.
        worker_prefetch_multiplier=4,
        timezone=app.config["TRACKER_TIMEZONE"],
        broker_connection_retry_on_startup=True,
        broker_transport_options=transport_options(app),
        # A web request that queues must not hang on a broker that is down; what it planned
        # is in the database and the dispatcher queues it later.
        broker_connection_timeout=3,
        task_publish_retry_policy={
            "max_retries": 1,
            "interval_start": 0,
            "interval_step": 0.5,
            "interval_max": 0.5,
        },
    )
    celery.set_default()
    app.extensions["celery"] = celery
    return celery
