"""Thin Celery jobs: they take ids or dates, call a service in tracker.reminders, and commit.

Each message is its own task, acknowledged only when done (acks_late) and given back to the
queue if the worker process dies (reject_on_worker_lost)."""

from __future__ import annotations

from datetime import date

from celery import shared_task

from tracker.reminders import services
from tracker.reminders.delivery import deliver


@shared_task(
    name="worker.jobs.send_delivery", bind=True, acks_late=True, reject_on_worker_lost=True
)
def send_delivery(self, delivery_id: int) -> str:
    outcome = deliver(delivery_id)
    if outcome.retry_in is not None:
        # Short delays only (at most ~40 min, under Redis's visibility timeout); the
        # dispatcher finds the row again anyway if this message is lost.
        self.app.send_task(services.SEND_TASK, args=[delivery_id], countdown=outcome.retry_in)
    return outcome.status


@shared_task(name="worker.jobs.morning_sweep", acks_late=True)
def morning_sweep(as_of: str | None = None) -> int:
    _messages, new_ids = services.sweep(date.fromisoformat(as_of) if as_of else None)
    services.enqueue(new_ids)
    return len(new_ids)


@shared_task(name="worker.jobs.invite_sweep", acks_late=True)
def invite_sweep() -> int:
    _messages, new_ids = services.invite_sweep()
    services.enqueue(new_ids)
    return len(new_ids)


@shared_task(name="worker.jobs.dispatch_pending", acks_late=True)
def dispatch_pending() -> int:
    ids = services.due_for_dispatch()
    services.enqueue(ids)
    return len(ids)
