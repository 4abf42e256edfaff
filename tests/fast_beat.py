"""The project's Celery app (worker/celery.py) with each periodic job due every few seconds
instead of at its hour or minute, for tests that need beat to fire often:
`celery -A tests.fast_beat beat`. The jobs, their names and the app are the project's own;
only the intervals change (FAST_BEAT_SECONDS, 2 by default)."""

from __future__ import annotations

import os

from worker.celery import app

SECONDS = float(os.environ.get("FAST_BEAT_SECONDS", "2"))

app.conf.beat_schedule = {
    name: {**entry, "schedule": SECONDS} for name, entry in app.conf.beat_schedule.items()
}
