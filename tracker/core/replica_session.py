"""db.session's class: the engine of each statement, the primary or the request's replica.

tracker.core.replicas decides, at the start of a read-only request, which replica may answer
it and leaves that engine in `g`; without one (every other request, Celery jobs, the CLI)
every statement goes to the primary. Within such a request anything that writes or locks goes
to the primary, and from then on every statement does, so the request reads what it wrote.
A read-only endpoint must therefore write through db.session's statements or flushes, never
through a connection it took from the session (db.session.connection()), which the session
cannot see.
"""

from __future__ import annotations

import re

from flask import g, has_app_context
from flask_sqlalchemy.session import Session
from sqlalchemy.sql.dml import UpdateBase
from sqlalchemy.sql.elements import TextClause

# The `g` attribute holding the replica engine of this request, absent or None for the primary.
REPLICA_BIND = "replica_bind"

# A statement that writes, locks rows, or takes a sequence value: none of them run on a hot
# standby. Spelled out for SQL given as text; a false match only sends a read to the primary.
_WRITING_SQL = re.compile(
    r"\b(INSERT|UPDATE|DELETE|MERGE|TRUNCATE|COPY|CREATE|ALTER|DROP|NEXTVAL|SETVAL"
    r"|PG_ADVISORY_\w+)\b|\bFOR\s+(KEY\s+)?SHARE\b",
    re.IGNORECASE,
)


def writes_sql(sql: str) -> bool:
    return _WRITING_SQL.search(sql) is not None


def writes(clause) -> bool:
    """Whether a statement must run on the primary (None, as in get_bind(): a plain read)."""
    if clause is None:
        return False
    if isinstance(clause, UpdateBase):  # insert(), update(), delete()
        return True
    if isinstance(clause, TextClause):
        return writes_sql(clause.text)
    return getattr(clause, "_for_update_arg", None) is not None  # select(...).with_for_update()


class RoutingSession(Session):
    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        primary = super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)
        replica = g.get(REPLICA_BIND) if has_app_context() else None
        if replica is None or bind is not None or primary is not self._db.engine:
            return primary
        if self._flushing or writes(clause):
            g.pop(REPLICA_BIND)  # the rest of the request reads what this statement writes
            return primary
        return replica
