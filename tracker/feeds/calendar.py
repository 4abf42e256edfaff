"""The iCalendar document of a feed (RFC 5545, written with icalendar).

Its bytes depend only on the data: DTSTAMP and LAST-MODIFIED are the assignment's updated_at,
never the clock, so an unchanged feed is byte-for-byte the same and its ETag holds.

icalendar needs about half a millisecond per event, most of it folding lines, which is a
second for a 2,000-event feed; each VEVENT's bytes are therefore kept in a bounded in-process
cache keyed by everything they are made of (FeedEvent and EventContext), so a fetch
re-serializes only the events that changed since the last one.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from icalendar import Alarm, Calendar, Event, Timezone, vDuration, vText

from tracker.assignments.models import ASSIGNMENT_ROLE_LABELS, STATE_LABELS
from tracker.core.recurrence import parse_period
from tracker.feeds.queries import FeedEvent
from tracker.plans.areas import REFORM_AREAS

PRODID = "-//UBND tinh Quang Tri//Theo doi nhiem vu CCHC//VI"
# Clients poll a subscription at their own pace; these ask for hourly (Apple, Outlook,
# Thunderbird honour one or the other; Google refreshes on its own schedule).
REFRESH = timedelta(hours=1)
# 09:00 local time the day before an all-day deadline, rather than midnight.
REMINDER_BEFORE = timedelta(hours=15)
EVENT_CACHE_SIZE = 20_000

PREFIXES = {"overdue": _l("[Overdue]"), "done": _l("[Done]"), "cancelled": _l("[Cancelled]")}
FIELD_NAMES = {
    "plan": _l("Plan"),
    "unit": _l("Unit"),
    "role": _l("Role"),
    "state": _l("Status"),
    "progress": _l("Progress"),
    "original_due": _l("Original due date"),
    "completed_on": _l("Reported done on"),
    "reminder": _l("Due tomorrow"),
}
CALENDAR_NAME = _l("Reform deadlines: %(scope)s")


class EventContext(NamedTuple):
    """What an event's bytes depend on besides its row; hashable, for the cache key."""

    host: str
    base_url: str
    # (key, Vietnamese text) pairs of PREFIXES, FIELD_NAMES, roles, states and areas.
    labels: tuple[tuple[str, str], ...]


def event_context() -> EventContext:
    base_url = current_app.config["TRACKER_BASE_URL"]
    # Subscribers read the feed outside the app, in a calendar: it is written in Vietnamese.
    with force_locale("vi"):
        labels = tuple(
            (f"{group}:{key}", str(text))
            for group, table in (
                ("prefix", PREFIXES),
                ("field", FIELD_NAMES),
                ("role", ASSIGNMENT_ROLE_LABELS),
                ("state", STATE_LABELS),
                ("area", REFORM_AREAS),
            )
            for key, text in table.items()
        )
    return EventContext(urlsplit(base_url).hostname or "localhost", base_url, labels)


def calendar_name(scope_description: str) -> str:
    with force_locale("vi"):
        return str(CALENDAR_NAME % {"scope": scope_description})


def _vn(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def numbered(event: FeedEvent) -> str:
    """The task's number, with a checkpoint's period in Vietnamese: "II.3 · Quý III/2021"."""
    if not event.period:
        return event.number
    with force_locale("vi"):
        return f"{event.number} · {parse_period(event.period).label}"


def summary_of(event: FeedEvent, labels: dict[str, str]) -> str:
    prefix = labels[f"prefix:{event.mark}"] + " " if event.mark else ""
    return f"{prefix}{numbered(event)} – {event.title}"


def task_url(base_url: str, task_id: int) -> str:
    return f"{base_url}/tasks/{task_id}"  # plans.task; a test follows it to the page


def description_of(event: FeedEvent, labels: dict[str, str], url: str) -> str:
    lines = [
        f"{labels['field:plan']}: {event.plan_code} – {event.plan_title}",
        f"{labels['field:unit']}: {event.unit_name}",
        f"{labels['field:role']}: {labels['role:' + event.role]}",
        f"{labels['field:state']}: {labels['state:' + event.state]}",
        f"{labels['field:progress']}: {event.progress}%",
    ]
    if event.original_due is not None and event.original_due != event.due:
        lines.append(f"{labels['field:original_due']}: {_vn(event.original_due)}")
    if event.completed_on is not None:
        lines.append(f"{labels['field:completed_on']}: {_vn(event.completed_on)}")
    lines.append(url)
    return "\n".join(lines)


@lru_cache(maxsize=EVENT_CACHE_SIZE)
def event_bytes(event: FeedEvent, context: EventContext) -> bytes:
    labels = dict(context.labels)
    url = task_url(context.base_url, event.task_id)
    summary = summary_of(event, labels)
    vevent = Event()
    # The assignment's id, never its position or dates: clients match updates by UID.
    vevent.add("uid", f"assignment-{event.assignment_id}@{context.host}")
    vevent.add("dtstamp", event.updated)
    vevent.add("last-modified", event.updated)
    vevent.add("dtstart", event.due)
    vevent.add("dtend", event.due + timedelta(days=1))
    # Grows with each change of the due date (and at cancellation): clients replace the event.
    vevent.add("sequence", event.revision)
    vevent.add("summary", summary)
    vevent.add("description", description_of(event, labels, url))
    vevent.add("url", url)
    if event.area:
        vevent.add("categories", [labels[f"area:{event.area}"]])
    # A deadline does not make anyone busy that day.
    vevent.add("transp", "TRANSPARENT")
    if event.mark == "cancelled":
        vevent.add("status", "CANCELLED")
    if not event.mark:  # no reminder for what is done, cancelled or already late
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{labels['field:reminder']}: {summary}")
        alarm.add("trigger", -REMINDER_BEFORE)
        vevent.add_component(alarm)
    return vevent.to_ical()


@lru_cache(maxsize=64)
def _envelope(name: str, tzid: str) -> tuple[bytes, bytes]:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", vText(name))
    calendar.add("x-wr-timezone", tzid)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    # Events are all-day (VALUE=DATE) and stamps are UTC, so no TZID is used; the zone is
    # still described, for clients that read X-WR-TIMEZONE and expect its VTIMEZONE. Vietnam
    # has kept UTC+7 without daylight saving since 1975, so one STANDARD block says it all.
    timezone = Timezone.from_tzid(tzid, first_date=date(2000, 1, 1))
    timezone.pop("COMMENT", None)
    calendar.add_component(timezone)
    # The events are spliced in between, from the cache.
    end = b"END:VCALENDAR\r\n"
    return calendar.to_ical().removesuffix(end), end


def calendar_bytes(name: str, events: list[FeedEvent], context: EventContext) -> bytes:
    head, tail = _envelope(name, current_app.config["TRACKER_TIMEZONE"])
    return b"".join([head, *(event_bytes(event, context) for event in events), tail])
