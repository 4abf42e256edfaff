"""Read-only requests answered by PostgreSQL streaming replicas (DATABASE_REPLICA_URLS).

A view marked @replica_reads (the status page and API, assignment lists, feeds, exports) may
read from a replica when the request is a GET or HEAD. At its start one replica is asked, in
turn, where it stands (one short query); it answers the request when
- it answers at all (one that does not is left alone for RETRY_SECONDS);
- it is a standby, streaming from its primary, at most DATABASE_REPLICA_MAX_LAG_SECONDS
  behind what it has received;
- it has replayed the last write of the reader (tracker.core.write_marks), so nobody misses
  their own change.
Otherwise the primary answers, as it answers every other request, every Celery job and the
CLI. After a request that committed a write on the primary, the primary's WAL position is
kept as the reader's mark. The per-process caches (tracker.core.datacache) read the data
version through the same engine as the figures, and their keys name the engine's URL, so a
replica's figures are kept apart from the primary's.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from tracker.config import ConfigError, engine_options
from tracker.core import write_marks
from tracker.core.replica_session import REPLICA_BIND, writes_sql
from tracker.extensions import db

READ_METHODS = {"GET", "HEAD"}
ATTRIBUTE = "reads_from_replica"
RETRY_SECONDS = 5.0
CONNECT_TIMEOUT_SECONDS = 2
WROTE = "replica_primary_wrote"  # a `g` flag: this request committed a write on the primary

# Received but not replayed yet: the lag is the age of the last transaction replayed (its
# commit time on the primary). All received is all replayed: no lag, however idle the primary.
_WHERE_ARE_YOU = text(
    """
    SELECT pg_is_in_recovery(),
           (pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint,
           EXISTS (SELECT FROM pg_stat_wal_receiver),
           CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                ELSE coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 0)
           END
    """
)
# Read after the commit: at or past the end of its commit record. When the last record ended
# exactly on a WAL page, the insert position is reported past the next page's header, which a
# replica reaches only with the next record written: the header is taken off (24 bytes, 40 at
# a segment's start), as no record can end there.
PRIMARY_POSITION = text(
    """
    SELECT lsn - CASE WHEN lsn % segment = 40 THEN 40 WHEN lsn % page = 24 THEN 24 ELSE 0 END
    FROM (SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint AS lsn,
                 current_setting('wal_block_size')::bigint AS page,
                 pg_size_bytes(current_setting('wal_segment_size')) AS segment) AS here
    """
)


def replica_reads(view: Callable) -> Callable:
    """Mark a view whose GET may be answered from a replica: it only reads, or writes through
    db.session alone (see tracker.core.replica_session)."""
    setattr(view, ATTRIBUTE, True)
    return view


@dataclass(frozen=True)
class Standing:
    in_recovery: bool
    replayed: int | None
    streaming: bool
    lag_seconds: float


class Router:
    def __init__(self, engines: list[Engine]) -> None:
        self.engines = engines
        self._turn = itertools.count()
        self._down_until: dict[Engine, float] = {}
        self._lock = threading.Lock()

    def dispose(self) -> None:
        for engine in self.engines:
            engine.dispose()

    def standing(self, engine: Engine) -> Standing:
        for attempt in (1, 2):
            try:
                with engine.connect() as connection:
                    in_recovery, replayed, streaming, lag = connection.execute(_WHERE_ARE_YOU).one()
                return Standing(in_recovery, replayed, streaming, float(lag))
            except DBAPIError as error:
                # A pooled connection the replica closed (it restarted): the pool is emptied,
                # the second attempt connects afresh.
                if attempt == 2 or not error.connection_invalidated:
                    raise
        raise AssertionError("unreachable")

    def _leave_alone(self, engine: Engine, reason: str) -> None:
        with self._lock:
            self._down_until[engine] = time.monotonic() + RETRY_SECONDS
        current_app.logger.warning(
            "read replica %s %s: reading from the primary for %d s",
            engine.url.render_as_string(hide_password=True),
            reason,
            RETRY_SECONDS,
        )

    def usable(self, engine: Engine, needed: int) -> bool:
        with self._lock:
            if self._down_until.get(engine, 0.0) > time.monotonic():
                return False
        try:
            standing = self.standing(engine)
        except SQLAlchemyError as error:
            self._leave_alone(engine, f"unavailable ({str(error).strip().splitlines()[0]})")
            return False
        if not standing.in_recovery or not standing.streaming:
            # Promoted, or cut off from its primary: how far behind it is nobody can tell.
            self._leave_alone(engine, "is not streaming from a primary")
            return False
        max_lag = current_app.config.get("DATABASE_REPLICA_MAX_LAG_SECONDS", 30)
        if standing.lag_seconds > max_lag:
            return False
        return standing.replayed is not None and standing.replayed >= needed

    def choose(self, needed: int) -> Engine | None:
        """A replica that may answer a reader whose last write ended at `needed`, taken in
        turn; None for the primary."""
        start = next(self._turn)
        for offset in range(len(self.engines)):
            engine = self.engines[(start + offset) % len(self.engines)]
            if self.usable(engine, needed):
                return engine
        return None


def _router() -> Router | None:
    return current_app.extensions.get("replicas")


def _choose_for_request() -> None:
    g.pop(REPLICA_BIND, None)  # a test that holds the app context shares `g` among requests
    router = _router()
    view = current_app.view_functions.get(request.endpoint or "")
    if router is None or request.method not in READ_METHODS or not getattr(view, ATTRIBUTE, 0):
        return
    # The reader is loaded before the choice (by enforce_permissions, or here for a public
    # view), so from the primary: a session or token just revoked is never honoured.
    setattr(g, REPLICA_BIND, router.choose(write_marks.needed()))


def _remember_write(response):
    if g.pop(WROTE, False):
        try:
            with db.engine.connect() as connection:
                write_marks.remember(connection.execute(PRIMARY_POSITION).scalar_one())
        except SQLAlchemyError as error:
            current_app.logger.warning("written LSN not read from the primary: %s", error)
    return response


def _forget(_error=None) -> None:
    g.pop(REPLICA_BIND, None)
    g.pop(WROTE, None)


def watch_writes(primary: Engine) -> None:
    """Flag the request when a transaction that wrote commits on the primary."""

    @event.listens_for(primary, "before_cursor_execute")
    def _note(connection, cursor, statement, parameters, context, executemany):
        if writes_sql(statement):
            connection.info["wrote"] = True

    @event.listens_for(primary, "commit")
    def _committed(connection):
        if connection.info.pop("wrote", False) and has_request_context():
            g.setdefault(WROTE, True)

    @event.listens_for(primary, "rollback")
    def _rolled_back(connection):
        connection.info.pop("wrote", None)

    @event.listens_for(primary.pool, "checkin")
    def _returned(dbapi_connection, record):
        record.info.pop("wrote", None)


def replica_options(url: str) -> dict:
    options = engine_options(url)
    # Each request asks the replica first (Router.standing), which tests the connection.
    options["pool_pre_ping"] = False
    options["connect_args"] = {
        **options.get("connect_args", {}),
        "connect_timeout": CONNECT_TIMEOUT_SECONDS,
    }
    return options


def init_app(app: Flask) -> None:
    urls = app.config.get("DATABASE_REPLICA_URLS") or ()
    if not urls:
        return
    with app.app_context():
        primary = db.engine
    if primary.dialect.name != "postgresql":
        raise ConfigError("DATABASE_REPLICA_URLS needs DATABASE_URL on PostgreSQL")
    app.extensions["replicas"] = Router(
        [create_engine(url, **replica_options(url)) for url in urls]
    )
    watch_writes(primary)
    # After every other before_request: the reader is known and allowed in by then.
    app.before_request(_choose_for_request)
    app.after_request(_remember_write)
    app.teardown_request(_forget)
