"""The Vietnamese working calendar (DOMAIN.md, "Dates and days") and the reminder days on it.

A day is off when it is a Saturday or Sunday or a public holiday the `holidays` package knows
(Tết Dương lịch, Tết Nguyên đán, Giỗ Tổ Hùng Vương, 30/4, 1/5, 2/9 and the adjacent day, the
observed and substituted days), unless it is a Saturday the government swapped into a working
day (the package knows the decided ones). The admin's CalendarDay rows come last and win: a
'day_off' adds a day off, a 'working_day' makes any day a working day.

The calendar is built lazily, one year at a time, into arrays indexed by day, so that every
method is a few list look-ups: the reminder planner asks about a thousand due dates per sweep.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays
from sqlalchemy import select

from tracker.extensions import db
from tracker.reminders.models import CalendarDay

WEEKEND = (5, 6)  # Saturday, Sunday (date.weekday())
COUNTRY = "VN"
# The package's names in the interface's languages.
HOLIDAY_LANGUAGES = {"vi": "vi", "en": "en_US"}


@lru_cache(maxsize=64)
def _raw_year(year: int) -> tuple[frozenset[date], frozenset[date]]:
    known = holidays.country_holidays(COUNTRY, years=year)
    return frozenset(known), frozenset(getattr(known, "weekend_workdays", ()) or ())


@lru_cache(maxsize=64)
def _package_year(year: int) -> tuple[frozenset[int], frozenset[int]]:
    """(holidays, swapped working weekend days) of one year as ordinals, from the package.
    The neighbouring years are asked too, for a day observed across New Year."""
    days_off: set[int] = set()
    swapped: set[int] = set()
    for asked in (year - 1, year, year + 1):
        if 1 <= asked <= 9999:
            off, working = _raw_year(asked)
            days_off.update(d.toordinal() for d in off if d.year == year)
            swapped.update(d.toordinal() for d in working if d.year == year)
    return frozenset(days_off), frozenset(swapped)


@lru_cache(maxsize=32)
def _named_holidays(year: int, language: str) -> tuple[tuple[date, str], ...]:
    known = holidays.country_holidays(COUNTRY, years=year, language=language)
    return tuple(sorted((d, name) for d, name in known.items() if d.year == year))


def public_holidays(year: int, locale: str = "vi") -> list[tuple[date, str]]:
    """The public holidays the `holidays` package knows for a year, with names in the
    interface's language (Vietnamese unless locale is 'en'), in date order."""
    return list(_named_holidays(year, HOLIDAY_LANGUAGES.get(str(locale), "vi")))


def swapped_working_days(year: int) -> list[date]:
    """Weekend days of a year the government made working days, as the package knows them."""
    return sorted(date.fromordinal(o) for o in _package_year(year)[1])


class _Year:
    """One year: for each day whether it is off, the count of working days before it, and
    the year's working days in order (ordinals)."""

    __slots__ = ("start", "off", "before", "working")

    def __init__(self, year: int, overrides: dict[int, bool]) -> None:
        self.start = date(year, 1, 1).toordinal()
        end = date(year + 1, 1, 1).toordinal() if year < 9999 else date.max.toordinal() + 1
        package_off, package_working = _package_year(year)
        self.off: list[bool] = []
        self.before: list[int] = []  # working days of this year strictly before the day
        self.working: list[int] = []
        for ordinal in range(self.start, end):
            off = overrides.get(ordinal)
            if off is None:
                if ordinal in package_working:
                    off = False
                else:
                    off = (ordinal - 1) % 7 in WEEKEND or ordinal in package_off
            self.off.append(off)
            self.before.append(len(self.working))
            if not off:
                self.working.append(ordinal)


class WorkCalendar:
    """Weekends, public holidays and the admin's days. Every method takes and returns dates."""

    def __init__(
        self,
        days_off: Iterable[date] = (),
        working_days: Iterable[date] = (),
    ) -> None:
        """days_off / working_days: the admin's CalendarDay rows of each kind."""
        self._overrides: dict[int, bool] = {d.toordinal(): True for d in days_off}
        self._overrides.update({d.toordinal(): False for d in working_days})
        self._years: dict[int, _Year] = {}

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[date, str]]) -> WorkCalendar:
        """From (day, kind) pairs, kind 'day_off' or 'working_day'."""
        rows = list(rows)
        return cls(
            days_off=[day for day, kind in rows if kind == "day_off"],
            working_days=[day for day, kind in rows if kind == "working_day"],
        )

    def _year(self, year: int) -> _Year:
        found = self._years.get(year)
        if found is None:
            found = self._years[year] = _Year(year, self._overrides)
        return found

    def preload(self, *years: int) -> None:
        for year in years:
            self._year(year)

    # -- single days ------------------------------------------------------------------

    def is_day_off(self, d: date) -> bool:
        y = self._year(d.year)
        return y.off[d.toordinal() - y.start]

    def is_working_day(self, d: date) -> bool:
        return not self.is_day_off(d)

    def previous_working_day(self, d: date) -> date:
        """d itself if it is a working day, else the latest working day before it."""
        y = self._year(d.year)
        i = d.toordinal() - y.start
        if not y.off[i]:
            return d
        return date.fromordinal(self._nth_before(d.year, y.before[i], 1))

    def next_working_day(self, d: date) -> date:
        """d itself if it is a working day, else the first working day after it."""
        y = self._year(d.year)
        i = d.toordinal() - y.start
        if not y.off[i]:
            return d
        return date.fromordinal(self._nth_from(d.year, y.before[i], 1))

    # -- counting ---------------------------------------------------------------------

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day after d (n > 0) or before it (n < 0); d itself for n == 0.
        d need not be a working day: one working day after a Saturday is the Monday."""
        if n == 0:
            return d
        y = self._year(d.year)
        i = d.toordinal() - y.start
        if n > 0:
            # working days up to and including d, then n more
            return date.fromordinal(self._nth_from(d.year, y.before[i] + (not y.off[i]), n))
        return date.fromordinal(self._nth_before(d.year, y.before[i], -n))

    def working_days_between(self, a: date, b: date) -> int:
        """The number of working days in (a, b]; negative (those in (b, a]) when b < a."""
        if b < a:
            return -self.working_days_between(b, a)
        if a.year == b.year:
            return self._up_to(b) - self._up_to(a)
        count = len(self._year(a.year).working) - self._up_to(a)
        for year in range(a.year + 1, b.year):
            count += len(self._year(year).working)
        return count + self._up_to(b)

    def _up_to(self, d: date) -> int:
        """Working days of d's year up to and including d."""
        y = self._year(d.year)
        i = d.toordinal() - y.start
        return y.before[i] + (not y.off[i])

    def _nth_from(self, year: int, k: int, n: int) -> int:
        """The n-th working day (n >= 1) after the first k working days of `year`."""
        index = k + n - 1
        y = self._year(year)
        while index >= len(y.working):
            index -= len(y.working)
            year += 1
            y = self._year(year)
        return y.working[index]

    def _nth_before(self, year: int, k: int, n: int) -> int:
        """The n-th working day (n >= 1) counting back from the k-th working day of `year`
        (k = the number of working days of the year before the starting day)."""
        index = k - n
        while index < 0:
            year -= 1
            index += len(self._year(year).working)
        return self._year(year).working[index]

    def working_days_in(self, start: date, end: date) -> list[date]:
        """The working days from start to end, both included."""
        result = []
        for year in range(start.year, end.year + 1):
            working = self._year(year).working
            lo = bisect_right(working, start.toordinal() - 1)
            hi = bisect_right(working, end.toordinal())
            result.extend(date.fromordinal(o) for o in working[lo:hi])
        return result


def load_calendar(years_around: date) -> WorkCalendar:
    """The calendar with the admin's days (one query); the years around the given day are
    built at once, any other year when first asked for."""

    rows = db.session.execute(select(CalendarDay.day, CalendarDay.kind)).all()
    calendar = WorkCalendar.from_rows((day, kind) for day, kind in rows)
    calendar.preload(years_around.year - 1, years_around.year, years_around.year + 1)
    return calendar


# -- the reminder planner's rules ----------------------------------------------------------


def reminder_days_before(
    due: date, offsets: Iterable[int], cal: WorkCalendar, use_working_days: bool
) -> dict[date, int]:
    """The days on which the reminders before a due date go out, mapped to their offset.

    Offset k is k days before the due date: working days on the calendar with
    use_working_days, else calendar days; 0 is the due date itself. A day that falls on a
    day off moves to the working day before. When two offsets land on the same day the
    smaller one is kept (the more urgent message)."""
    days: dict[date, int] = {}
    for k in sorted(set(offsets)):
        if k < 0:
            continue
        if use_working_days:
            nominal = cal.add_working_days(due, -k) if k else due
        else:
            nominal = due - timedelta(days=k)
        days.setdefault(cal.previous_working_day(nominal), k)
    return days


def add_days(d: date, n: int, cal: WorkCalendar, use_working_days: bool) -> date:
    """n working days after d (before it when n < 0) with use_working_days, else n calendar
    days."""
    if use_working_days:
        return cal.add_working_days(d, n)
    return d + timedelta(days=n)


def days_late(due: date, as_of: date, cal: WorkCalendar, use_working_days: bool) -> int:
    """Days from the due date to as_of: working days in (due, as_of] with use_working_days,
    else calendar days. Zero or negative when as_of is not after the due date."""
    if use_working_days:
        return cal.working_days_between(due, as_of)
    return (as_of - due).days


def overdue_reminder_day(
    due: date, as_of: date, every: int, cal: WorkCalendar, use_working_days: bool
) -> int | None:
    """The number of days late if a "still overdue" reminder goes out on as_of, else None.

    The reminders fall every `every` days after the due date (days counted as in
    days_late: due + every, due + 2·every, …); one that falls on a day off goes out the
    working day before, and only after the due date."""
    if every < 1 or as_of <= due or cal.is_day_off(as_of):
        return None
    late = days_late(due, as_of, cal, use_working_days)
    if use_working_days:
        # Counted in working days, each reminder day is a working day already.
        return late if late > 0 and late % every == 0 else None
    # as_of sends the reminders of itself and of the days off that follow it.
    day = as_of
    while True:
        elapsed = (day - due).days
        if elapsed >= every and elapsed % every == 0:
            return late
        day += timedelta(days=1)
        if not cal.is_day_off(day):
            return None
