"""A recurring duty's periods and the due date of each checkpoint under every rule (#18):
across a whole year, with the public holidays of the `holidays` package (Tết, 30/4–1/5, 2/9),
a day the admin adds, and Bộ luật Dân sự 2015, Điều 148 (a due day that falls on a day off
ends on the next working day) for the rules in working days."""

from __future__ import annotations

from datetime import date

import pytest
from flask_babel import force_locale

from tracker.core.recurrence import (
    DueRule,
    Period,
    due_date,
    parse_period,
    period_of,
    periods_between,
)
from tracker.reminders.models import CalendarDay
from tracker.reminders.workcalendar import WorkCalendar, load_calendar

YEAR = (date(2021, 1, 1), date(2021, 12, 31))


def dues(kind: str, rule: DueRule, calendar: WorkCalendar) -> list[date]:
    return [due_date(p, rule, calendar) for p in periods_between(kind, *YEAR)]


def days(*texts: str) -> list[date]:
    """ "15/03/21" → date(2021, 3, 15)."""
    return [date(2000 + int(t[6:]), int(t[3:5]), int(t[:2])) for t in texts]


PACKAGE = WorkCalendar.from_rows([])

CASES = [
    # Calendar days: the day the plan wrote, whatever day of the week it is.
    (
        "monthly",
        DueRule("day_of_last_month", 15),
        days(*(f"15/{m:02d}/21" for m in range(1, 13))),
    ),
    # Working days: 15/2 is in Tết (10–16/02/2021), 15/5 a Saturday, 15/8 a Sunday.
    (
        "monthly",
        DueRule("day_of_last_month", 15, True),
        days(
            "15/01/21",
            "17/02/21",
            "15/03/21",
            "15/04/21",
            "17/05/21",
            "15/06/21",
            "15/07/21",
            "16/08/21",
            "15/09/21",
            "15/10/21",
            "15/11/21",
            "15/12/21",
        ),
    ),
    # 30/4 and 1/5 (and 3/5, the day for 1/5 on a Saturday) are off: 4/5.
    (
        "monthly",
        DueRule("day_of_last_month", 30, True),
        days(
            "01/02/21",
            "01/03/21",
            "30/03/21",
            "04/05/21",
            "31/05/21",
            "30/06/21",
            "30/07/21",
            "30/08/21",
            "30/09/21",
            "01/11/21",
            "30/11/21",
            "30/12/21",
        ),
    ),
    # A day past the month's end is its last day (28/02).
    (
        "monthly",
        DueRule("day_of_last_month", 31),
        days(
            "31/01/21",
            "28/02/21",
            "31/03/21",
            "30/04/21",
            "31/05/21",
            "30/06/21",
            "31/07/21",
            "31/08/21",
            "30/09/21",
            "31/10/21",
            "30/11/21",
            "31/12/21",
        ),
    ),
    # 5 working days after the month: May counts from 4/5 (30/4, 1/5, 3/5 off), September
    # skips 2/9 and 3/9, January 2022 skips 1/1 and 3/1.
    (
        "monthly",
        DueRule("days_after_end", 5, True),
        days(
            "05/02/21",
            "05/03/21",
            "07/04/21",
            "10/05/21",
            "07/06/21",
            "07/07/21",
            "06/08/21",
            "09/09/21",
            "07/10/21",
            "05/11/21",
            "07/12/21",
            "10/01/22",
        ),
    ),
    (
        "monthly",
        DueRule("days_after_end", 10),
        days(
            "10/02/21",
            "10/03/21",
            "10/04/21",
            "10/05/21",
            "10/06/21",
            "10/07/21",
            "10/08/21",
            "10/09/21",
            "10/10/21",
            "10/11/21",
            "10/12/21",
            "10/01/22",
        ),
    ),
    # Day 2 of the next month: 2/9 and 3/9 off → 6/9; 2/5 a Sunday, 3/5 off → 4/5.
    (
        "monthly",
        DueRule("day_of_next_period", 2, True),
        days(
            "02/02/21",
            "02/03/21",
            "02/04/21",
            "04/05/21",
            "02/06/21",
            "02/07/21",
            "02/08/21",
            "06/09/21",
            "04/10/21",
            "02/11/21",
            "02/12/21",
            "04/01/22",
        ),
    ),
    (
        "quarterly",
        DueRule("day_of_last_month", 15),
        days("15/03/21", "15/06/21", "15/09/21", "15/12/21"),
    ),
    (
        "quarterly",
        DueRule("days_after_end", 5, True),
        days("07/04/21", "07/07/21", "07/10/21", "10/01/22"),
    ),
    (
        "quarterly",
        DueRule("days_after_end", 10),
        days("10/04/21", "10/07/21", "10/10/21", "10/01/22"),
    ),
    (
        "quarterly",
        DueRule("day_of_next_period", 5, True),
        days("05/04/21", "05/07/21", "05/10/21", "05/01/22"),
    ),
    ("six_monthly", DueRule("day_of_last_month", 15), days("15/06/21", "15/12/21")),
    ("six_monthly", DueRule("days_after_end", 5, True), days("07/07/21", "10/01/22")),
    ("six_monthly", DueRule("day_of_next_period", 5), days("05/07/21", "05/01/22")),
    ("yearly", DueRule("day_of_last_month", 15), days("15/12/21")),
    ("yearly", DueRule("days_after_end", 5, True), days("10/01/22")),
    ("yearly", DueRule("day_of_next_period", 1, True), days("04/01/22")),
]


@pytest.mark.parametrize(("kind", "rule", "expected"), CASES)
def test_checkpoint_due_dates_across_2021(kind, rule, expected):
    assert dues(kind, rule, PACKAGE) == expected


def test_a_day_the_admin_adds_counts_for_the_rules_in_working_days(app_ctx, db_session):
    """15/9/2021 made a day off and Saturday 18/9 a working day: a quarterly report due on
    the 15th (working days) ends on 16/9; one in calendar days stays on 15/9; five working
    days after Q3 with 2/10 (Saturday) worked end one day earlier."""
    db_session.add_all(
        [
            CalendarDay(day=date(2021, 9, 15), kind="day_off", note="Nghỉ bù"),
            CalendarDay(day=date(2021, 10, 2), kind="working_day", note="Làm bù"),
        ]
    )
    db_session.flush()
    calendar = load_calendar(date(2021, 1, 1))
    q3 = Period(2021, 7, 3)
    assert due_date(q3, DueRule("day_of_last_month", 15, True), calendar) == date(2021, 9, 16)
    assert due_date(q3, DueRule("day_of_last_month", 15), calendar) == date(2021, 9, 15)
    assert due_date(q3, DueRule("days_after_end", 5, True), PACKAGE) == date(2021, 10, 7)
    assert due_date(q3, DueRule("days_after_end", 5, True), calendar) == date(2021, 10, 6)


@pytest.mark.parametrize(
    ("period", "code", "vi", "en"),
    [
        (Period(2021, 7, 1), "2021-07", "Tháng 7/2021", "Month 7/2021"),
        (Period(2021, 7, 3), "2021-Q3", "Quý III/2021", "Quarter III/2021"),
        (Period(2021, 1, 3), "2021-Q1", "Quý I/2021", "Quarter I/2021"),
        (Period(2021, 1, 6), "2021-H1", "6 tháng đầu năm 2021", "First half of 2021"),
        (Period(2021, 7, 6), "2021-H2", None, "Second half of 2021"),
        (Period(2021, 1, 12), "2021", "Năm 2021", "Year 2021"),
    ],
)
def test_period_codes_labels_and_parsing(app, period, code, vi, en):
    assert period.code == code
    assert parse_period(code) == period
    assert parse_period(code.lower()) == period
    with app.test_request_context("/"):
        if vi:
            assert period.label == vi
        with force_locale("en"):
            assert period.label == en


@pytest.mark.parametrize("code", ["", "2021-Q5", "2021-13", "2021-H3", "Q3", "2021 Q3", "21-Q3"])
def test_what_is_not_a_period_code_is_refused(code):
    with pytest.raises(ValueError):
        parse_period(code)


def test_periods_follow_each_other_and_hold_their_days():
    q4 = Period(2021, 10, 3)
    assert q4.next() == Period(2022, 1, 3) and q4.next().previous() == q4
    assert (q4.start, q4.end) == (date(2021, 10, 1), date(2021, 12, 31))
    assert period_of("quarterly", date(2021, 9, 20)) == Period(2021, 7, 3)
    assert period_of("six_monthly", date(2021, 9, 20)).code == "2021-H2"
    assert [p.code for p in periods_between("quarterly", date(2021, 7, 1), date(2021, 9, 30))] == [
        "2021-Q3"
    ]
    assert len(periods_between("monthly", *YEAR)) == 12
