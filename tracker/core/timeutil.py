"""Local dates. A due date is a calendar date in the province's time zone (DOMAIN.md)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app


def local_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config["TRACKER_TIMEZONE"])


def utcnow() -> datetime:
    return datetime.now(UTC)


def local_today() -> date:
    return datetime.now(local_zone()).date()


def local_date_of(moment: datetime, zone: ZoneInfo | None = None) -> date:
    """The province's calendar date of an instant (naive values are taken as UTC); `zone`,
    when given, is local_zone() read once by a caller that converts millions."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone or local_zone()).date()


def format_date(value: date | datetime | None) -> str:
    """dd/mm/yyyy, as Vietnamese administrative documents write dates."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local_date_of(value)
    return value.strftime("%d/%m/%Y")


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(local_zone()).strftime("%d/%m/%Y %H:%M")


# The dates accepted from people and clients: any plan's, and far enough from Python's date
# limits that date arithmetic (as of + N days, a reminder N days before) cannot overflow.
MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2999, 12, 31)


class DateOutOfRange(ValueError):
    """A real calendar date, or a year, outside MIN_DATE..MAX_DATE."""


def within_range(day: date) -> date:
    if not MIN_DATE <= day <= MAX_DATE:
        raise DateOutOfRange(f"{day.isoformat()} is outside {MIN_DATE.year}-{MAX_DATE.year}")
    return day


def make_date(year: int, month: int, day: int) -> date:
    """date(year, month, day) within range; ValueError for anything else. date() answers a
    number beyond a C long (1/1/99999999999999999999) with OverflowError, not ValueError."""
    if not MIN_DATE.year <= year <= MAX_DATE.year:
        raise DateOutOfRange(f"the year {year} is outside {MIN_DATE.year}-{MAX_DATE.year}")
    try:
        return within_range(date(year, month, day))
    except OverflowError:
        raise ValueError(f"{day}/{month}/{year} is not a date") from None


def parse_day_first(text: str) -> date:
    """Read 30/6/2021 or 30-6-2021 (day first); raises ValueError otherwise."""
    cleaned = text.strip().replace("-", "/").replace(".", "/")
    day, month, year = (int(part) for part in cleaned.split("/"))
    return make_date(year, month, day)


def parse_iso_date(raw: str) -> date:
    """YYYY-MM-DD exactly (the API's form, OpenAPI's "date"); ValueError otherwise."""
    if len(raw) != 10 or raw[4] != "-" or raw[7] != "-" or not raw.isascii():
        raise ValueError(f"{raw!r} is not YYYY-MM-DD")
    return within_range(date.fromisoformat(raw))


def parse_date(raw: str) -> date:
    """YYYY-MM-DD (the API's form) or dd/mm/yyyy (what people type); ValueError otherwise."""
    raw = raw.strip()
    if len(raw) == 10 and raw[4] == "-":
        return parse_iso_date(raw)
    return parse_day_first(raw)
