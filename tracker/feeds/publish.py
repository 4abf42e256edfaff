"""Serving a feed: its body, a strong ETag from the body, a Last-Modified that never goes
backwards, and the conditional-request rules of RFC 9110 §13."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask_babel import force_locale
from werkzeug.datastructures import ETags

from tracker.core.db import aware
from tracker.core.timeutil import local_today, utcnow
from tracker.extensions import db
from tracker.feeds.calendar import EventContext, calendar_bytes, calendar_name, event_context
from tracker.feeds.models import CalendarFeed
from tracker.feeds.queries import FeedEvent, fingerprint, load_events
from tracker.feeds.services import describe

# Part of the content key: bump it when the bytes an event is written as change, so that
# stored ETags are not trusted across such a deploy.
FORMAT_VERSION = "1"


@dataclass
class Published:
    etag: str  # of the identity body, without quotes
    last_modified: datetime
    body: bytes | None  # None when the caller's copy is current and the body was not built


def content_key(name: str, context: EventContext, today: date, rows_digest: str) -> str:
    """A digest of everything the body is made of; equal keys mean identical bytes. `today`
    is in it because the date decides which events are overdue and which have left."""
    inputs = (FORMAT_VERSION, name, context, today.isoformat(), rows_digest)
    return hashlib.sha256(repr(inputs).encode()).hexdigest()


def is_fresh(
    if_none_match: ETags | None,
    if_modified_since: datetime | None,
    etags: tuple[str, ...],
    last_modified: datetime,
) -> bool:
    """Whether the caller's copy is current (answer 304). If-None-Match, when sent, decides
    alone (RFC 9110 §13.2.2); If-Modified-Since counts only without it, and an unparseable
    one (None here) asks for the full answer."""
    if if_none_match is not None:
        return any(if_none_match.contains_weak(tag) for tag in etags)
    if if_modified_since is not None:
        return last_modified <= if_modified_since
    return False


def _next_last_modified(feed: CalendarFeed, events: list[FeedEvent]) -> datetime:
    newest = max((e.updated for e in events), default=aware(feed.created_at))
    newest = newest.astimezone(UTC).replace(microsecond=0)
    previous = aware(feed.content_modified_at)
    if previous is None or newest > previous:
        return newest
    # The body changed but no row in it is newer: a row was deleted or left the window, a
    # task or plan was renamed, or the day turned an assignment overdue. The change is dated
    # when it is first seen, and always after the previous one, so clients that send
    # If-Modified-Since never miss it.
    return max(utcnow().replace(microsecond=0), previous + timedelta(seconds=1))


def publish(feed: CalendarFeed, fresh) -> Published:
    """`fresh(etag, last_modified)` tells whether the caller's copy is current; the body is
    built only when it is not, or when the stored ETag no longer matches the data."""
    unit = feed.user.unit if feed.scope == "mine" else feed.unit
    with force_locale("vi"):
        name = calendar_name(describe(feed, unit))
    context = event_context()
    unit_id, today = (unit.id if unit else None), local_today()
    key = content_key(name, context, today, fingerprint(feed, unit_id, today))
    etag, last_modified = feed.content_etag, aware(feed.content_modified_at)
    if key == feed.content_key and etag is not None and fresh(etag, last_modified):
        return Published(etag, last_modified, None)
    events = load_events(feed, unit_id, today)
    body = calendar_bytes(name, events, context)
    new_etag = hashlib.sha256(body).hexdigest()[:40]
    if new_etag != etag or key != feed.content_key:
        if new_etag != etag:
            last_modified = _next_last_modified(feed, events)
        feed.content_etag, feed.content_key = new_etag, key
        feed.content_modified_at = last_modified
        db.session.commit()
    return Published(new_etag, last_modified, body)
