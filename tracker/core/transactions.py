"""Transactions that race: locks taken before a service reads what it decides on, and a lost
optimistic-lock race refused as a Conflict (409) wherever it surfaces."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from tracker.core.exceptions import Conflict
from tracker.core.problems import Problem, changed_meanwhile
from tracker.extensions import db


def lock_row(row) -> None:
    """Re-read a row under a row lock: the caller holds it until its commit and sees what the
    last writer committed. Pending changes to the row are discarded, so lock first."""
    # FOR NO KEY UPDATE, the lock an UPDATE takes: it queues the next locker, yet leaves other
    # transactions free to insert rows that refer to this one (journal lines, requests).
    db.session.refresh(row, with_for_update={"key_share": True})


def lock_key(scope: str, key: str) -> None:
    """Serialise the transactions about a key that may have no row yet (a plan about to be
    created). PostgreSQL only; SQLite lets one transaction write at a time anyway."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(func.pg_advisory_xact_lock(func.hashtext(f"{scope}:{key}"))))


@contextlib.contextmanager
def stale_is_conflict(message: Problem | None = None) -> Iterator[None]:
    """A flush or commit inside that loses an optimistic-lock race (another transaction took
    the version first) rolls back and raises Conflict instead of StaleDataError."""
    try:
        yield
    except StaleDataError:
        db.session.rollback()
        raise Conflict(message or changed_meanwhile()) from None


def commit_or_conflict(message: Problem | None = None) -> None:
    with stale_is_conflict(message):
        db.session.commit()
