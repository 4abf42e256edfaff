"""Figures cached per process for as long as the committed data has not changed.

The office's pages ask for the same province-wide figures again and again; they change only
when somebody writes. On PostgreSQL, deferred triggers on the tables the figures are made of
(tracker.core.version_triggers.VERSIONED_TABLES) bump one counter when a writing
transaction commits, so the version costs one primary-key read. The bump waits for the commit
so that the counter's row lock is taken last and held for an instant: two writers can never
deadlock on it. SQLite (the embedded demo) has no such trigger and is never cached.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import current_app
from sqlalchemy import BigInteger, CheckConstraint, Integer, text
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db

T = TypeVar("T")


class DataVersion(db.Model):
    """One row; its version moves with every commit that wrote a versioned table."""

    __tablename__ = "data_version"
    # A cache token, not data: export-all leaves it out and import-all keeps the target's.
    __table_args__ = (CheckConstraint("id = 1", name="single_row"), {"info": {"backup": False}})

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)


def data_version() -> tuple[int, str, int] | None:
    """The app, the database and its committed data's version, or None when nothing may be
    cached: on SQLite, and in a transaction that has written (what it sees is not yet
    everyone's, and may be rolled back)."""
    # The engine this request reads from: on a read replica (tracker/core/replicas.py) the
    # version is the replica's, and its URL keeps the replica's figures apart from the primary's.
    # (A session bound to a connection, as the tests' rolled-back one is, answers that.)
    bind = db.session.get_bind().engine
    if bind.dialect.name != "postgresql":
        return None
    row = db.session.execute(
        text(
            "SELECT version, txid_current_if_assigned() IS NOT NULL FROM data_version WHERE id = 1"
        )
    ).one_or_none()
    if row is None or row[1]:
        return None
    # The app too: what is built also depends on its settings (score bands, due-soon days).
    return (
        id(current_app._get_current_object()),
        bind.url.render_as_string(hide_password=True),
        row[0],
    )


class VersionedCache:
    """A small least-recently-used map of (data version, key) to what was built from them.
    Threads of one worker share it; building happens outside the map's lock."""

    instances: list[VersionedCache] = []

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._items: OrderedDict[tuple, object] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[tuple, threading.Lock] = {}
        VersionedCache.instances.append(self)

    def get(self, version: tuple[int, str, int] | None, key: Hashable, build: Callable[[], T]) -> T:
        if version is None:
            return build()
        full_key = (version, key)
        with self._lock:
            if full_key in self._items:
                self._items.move_to_end(full_key)
                return self._items[full_key]  # type: ignore[return-value]
            # One build per key at a time: after a commit every thread asks for the same
            # figures at once, and all but one wait for it instead of computing them again.
            building = self._building.setdefault(full_key, threading.Lock())
        with building:
            with self._lock:
                if full_key in self._items:
                    return self._items[full_key]  # type: ignore[return-value]
            try:
                value = build()
            except BaseException:
                with self._lock:
                    self._building.pop(full_key, None)
                raise
            with self._lock:
                self._items[full_key] = value
                self._building.pop(full_key, None)
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    @classmethod
    def clear_all(cls) -> None:
        """Forget everything (the benches time the uncached path with it)."""
        for cache in cls.instances:
            cache.clear()
