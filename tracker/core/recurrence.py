"""Recurring duties: the periods of a plan's span and the due date of each period's checkpoint.

A recurring task (monthly, quarterly, six-monthly, yearly) gives one checkpoint per period
(DOMAIN.md). Its due date follows a rule, the task's own or its plan's default:

    day_of_last_month   day N of the period's last month ("trước ngày 15 tháng cuối quý")
    days_after_end      N days after the period ends (working days when the rule says so)
    day_of_next_period  day N of the next period's first month ("trước ngày 5 tháng đầu quý sau")

A due day that falls on a day off ends on the next working day (Bộ luật Dân sự 2015, Điều 148)
when the rule is in working days; a rule in calendar days keeps the day the plan wrote.

This module is the one place these rules live: pure functions, tested directly.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

if TYPE_CHECKING:
    from tracker.reminders.workcalendar import WorkCalendar

PERIODIC_RECURRENCES = ("monthly", "quarterly", "six_monthly", "yearly")
RECURRENCES = ("continuous", *PERIODIC_RECURRENCES)
RECURRENCE_LABELS = {
    "continuous": _l("Continuous"),
    "monthly": _l("Every month"),
    "quarterly": _l("Every quarter"),
    "six_monthly": _l("Every six months"),
    "yearly": _l("Every year"),
}
MONTHS_IN = {"monthly": 1, "quarterly": 3, "six_monthly": 6, "yearly": 12}
DUE_RULES = ("day_of_last_month", "days_after_end", "day_of_next_period")
DUE_RULE_LABELS = {
    "day_of_last_month": _l("Day N of the period's last month"),
    "days_after_end": _l("N days after the period ends"),
    "day_of_next_period": _l("Day N of the next period's first month"),
}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_CODE = re.compile(r"(?P<year>\d{4})(?:-(?:(?P<month>\d{2})|Q(?P<quarter>[1-4])|H(?P<half>[12])))?")


@dataclass(frozen=True)
class DueRule:
    kind: str = "day_of_last_month"
    day: int = 15
    working_days: bool = False

    def describe(self) -> str:
        if self.kind == "days_after_end":
            if self.working_days:
                return _("%(n)s working days after the period ends", n=self.day)
            return _("%(n)s days after the period ends", n=self.day)
        if self.kind == "day_of_next_period":
            return _("Before day %(n)s of the next period's first month", n=self.day)
        return _("Before day %(n)s of the period's last month", n=self.day)


DEFAULT_DUE_RULE = DueRule()


@dataclass(frozen=True, order=True)
class Period:
    """One period of a recurring duty: its first month and how many months it spans."""

    year: int
    first_month: int
    months: int

    @property
    def kind(self) -> str:
        return {1: "monthly", 3: "quarterly", 6: "six_monthly", 12: "yearly"}[self.months]

    @property
    def start(self) -> date:
        return date(self.year, self.first_month, 1)

    @property
    def last_month(self) -> int:
        return self.first_month + self.months - 1

    @property
    def end(self) -> date:
        return date(self.year, self.last_month, monthrange(self.year, self.last_month)[1])

    @property
    def code(self) -> str:
        """ "2021-07", "2021-Q3", "2021-H1", "2021": what the API and the database say."""
        if self.months == 1:
            return f"{self.year}-{self.first_month:02d}"
        if self.months == 3:
            return f"{self.year}-Q{self.last_month // 3}"
        if self.months == 6:
            return f"{self.year}-H{self.last_month // 6}"
        return str(self.year)

    @property
    def label(self) -> str:
        """ "Tháng 7/2021", "Quý III/2021", "6 tháng đầu năm 2021", "Năm 2021"."""
        if self.months == 1:
            return _("Month %(month)s/%(year)s", month=self.first_month, year=self.year)
        if self.months == 3:
            return _("Quarter %(q)s/%(year)s", q=ROMAN[self.last_month // 3], year=self.year)
        if self.months == 6:
            if self.first_month == 1:
                return _("First half of %(year)s", year=self.year)
            return _("Second half of %(year)s", year=self.year)
        return _("Year %(year)s", year=self.year)

    def next(self) -> Period:
        month = self.first_month + self.months
        if month > 12:
            return Period(self.year + 1, month - 12, self.months)
        return Period(self.year, month, self.months)

    def previous(self) -> Period:
        month = self.first_month - self.months
        if month < 1:
            return Period(self.year - 1, month + 12, self.months)
        return Period(self.year, month, self.months)


def period_of(kind: str, day: date) -> Period:
    """The period of that kind that holds the day."""
    months = MONTHS_IN[kind]
    return Period(day.year, (day.month - 1) // months * months + 1, months)


def parse_period(code: str) -> Period:
    """ "2021-Q3" → Period; ValueError for anything that is not a period code."""
    found = _CODE.fullmatch((code or "").strip().upper())
    if not found:
        raise ValueError(f"{code!r} is not a period such as 2021-Q3")
    year = int(found["year"])
    if found["month"]:
        month = int(found["month"])
        if not 1 <= month <= 12:
            raise ValueError(f"{code!r} has no month {month}")
        return Period(year, month, 1)
    if found["quarter"]:
        return Period(year, 3 * int(found["quarter"]) - 2, 3)
    if found["half"]:
        return Period(year, 1 if found["half"] == "1" else 7, 6)
    return Period(year, 1, 12)


def periods_between(kind: str, first_day: date, last_day: date) -> list[Period]:
    """The periods of that kind that overlap first_day..last_day, in order."""
    periods = []
    period = period_of(kind, first_day)
    while period.start <= last_day:
        periods.append(period)
        period = period.next()
    return periods


def due_date(period: Period, rule: DueRule, calendar: WorkCalendar) -> date:
    """The checkpoint's due date of a period under a rule; see the module's docstring."""
    if rule.kind == "days_after_end":
        if rule.working_days:
            return calendar.add_working_days(period.end, rule.day)
        due = period.end + timedelta(days=rule.day)
    else:
        if rule.kind == "day_of_next_period":
            start = period.next().start
            year, month = start.year, start.month
        else:
            year, month = period.year, period.last_month
        due = date(year, month, min(rule.day, monthrange(year, month)[1]))
    return calendar.next_working_day(due) if rule.working_days else due


def figures_cut_off(period: Period) -> tuple[date, date]:
    """The days a period's figures cover under Nghị định 09/2019/NĐ-CP, Điều 12: from the 15th
    of the month before the period to the 14th of its last month."""
    before = period.start - timedelta(days=1)
    return date(before.year, before.month, 15), date(period.year, period.last_month, 14)
