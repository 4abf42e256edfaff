"""The Celery app taken from the Flask app (Celery finds it as `worker.celery:app`)."""

from celery.schedules import crontab
from celery.signals import worker_process_init

from tracker import create_app
from tracker.extensions import db

flask_app = create_app()
app = flask_app.extensions["celery"]
celery = app

app.conf.beat_schedule = {
    # Beat runs in the province's time zone (celery timezone = TRACKER_TIMEZONE).
    "morning-sweep": {"task": "worker.jobs.morning_sweep", "schedule": crontab(hour=7, minute=30)},
    "hourly-invites": {"task": "worker.jobs.invite_sweep", "schedule": crontab(minute=5)},
    "dispatch-pending": {"task": "worker.jobs.dispatch_pending", "schedule": 60.0},
}

import worker.jobs  # noqa: E402,F401  (registers the tasks)


@worker_process_init.connect
def fresh_database_connections(**_kwargs):
    # A forked child must not reuse the parent's pooled connections.

    with flask_app.app_context():
        db.engine.dispose(close=False)
