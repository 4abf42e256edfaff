"""The Vietnamese working calendar and the days reminders go out on (DOMAIN.md, Dates and days)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tracker.reminders.workcalendar import (
    WorkCalendar,
    add_days,
    days_late,
    overdue_reminder_day,
    reminder_days_before,
)


@pytest.fixture(scope="module")
def cal():
    return WorkCalendar()


def d(text: str) -> date:
    day, month, year = (int(p) for p in text.split("/"))
    return date(year, month, day)


def days(start: str, end: str) -> list[date]:
    first, last = d(start), d(end)
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


# -- days off ---------------------------------------------------------------------------


def test_weekends_are_days_off(cal):
    assert cal.is_day_off(d("07/03/2026"))  # Saturday
    assert cal.is_day_off(d("08/03/2026"))  # Sunday
    assert not cal.is_day_off(d("06/03/2026"))  # Friday
    assert not cal.is_day_off(d("09/03/2026"))  # Monday


@pytest.mark.parametrize(
    ("first", "last"),
    [("10/02/2021", "16/02/2021"), ("16/02/2026", "20/02/2026")],
    ids=["tet-2021", "tet-2026"],
)
def test_tet_is_off(cal, first, last):
    assert all(cal.is_day_off(day) for day in days(first, last))
    before, after = d(first) - timedelta(days=1), d(last) + timedelta(days=1)
    assert cal.previous_working_day(d(last)) == cal.previous_working_day(before)
    assert cal.next_working_day(d(first)) == cal.next_working_day(after)


def test_tet_2026_is_a_nine_day_break(cal):
    # Saturday 14/02 to Sunday 22/02: the last working day is Friday 13/02.
    assert all(cal.is_day_off(day) for day in days("14/02/2026", "22/02/2026"))
    assert cal.previous_working_day(d("20/02/2026")) == d("13/02/2026")
    assert cal.next_working_day(d("14/02/2026")) == d("23/02/2026")
    assert cal.working_days_between(d("13/02/2026"), d("23/02/2026")) == 1


@pytest.mark.parametrize("day", ["30/04/2026", "01/05/2026", "30/04/2021", "01/01/2026"])
def test_fixed_holidays_are_off(cal, day):
    assert cal.is_day_off(d(day))


def test_labour_day_on_a_saturday_is_observed_the_monday(cal):
    assert cal.is_day_off(d("01/05/2021"))  # Saturday
    assert cal.is_day_off(d("03/05/2021"))  # observed
    assert not cal.is_day_off(d("04/05/2021"))


@pytest.mark.parametrize(
    ("national_day", "adjacent"),
    [("02/09/2021", "03/09/2021"), ("02/09/2026", "01/09/2026"), ("02/09/2025", "01/09/2025")],
)
def test_national_day_and_the_adjacent_day_are_off(cal, national_day, adjacent):
    assert cal.is_day_off(d(national_day))
    assert cal.is_day_off(d(adjacent))


def test_the_governments_swapped_saturday_known_to_the_package_is_a_working_day(cal):
    # 2025: Friday 02/05 off, worked on Saturday 26/04.
    assert cal.is_day_off(d("02/05/2025"))
    assert not cal.is_day_off(d("26/04/2025"))


def test_admin_day_off_adds_a_day_off():
    cal = WorkCalendar(days_off=[d("04/05/2026")])  # a Monday after 30/4 and 1/5
    assert cal.is_day_off(d("04/05/2026"))
    assert cal.previous_working_day(d("04/05/2026")) == d("29/04/2026")
    assert cal.next_working_day(d("30/04/2026")) == d("05/05/2026")
    assert not WorkCalendar().is_day_off(d("04/05/2026"))


def test_admin_working_day_on_a_saturday_makes_it_a_working_day():
    cal = WorkCalendar(working_days=[d("09/05/2026")])  # Saturday
    assert not cal.is_day_off(d("09/05/2026"))
    assert cal.add_working_days(d("08/05/2026"), 1) == d("09/05/2026")
    assert cal.previous_working_day(d("10/05/2026")) == d("09/05/2026")
    assert cal.working_days_between(d("08/05/2026"), d("11/05/2026")) == 2


def test_admin_working_day_overrides_a_holiday():
    cal = WorkCalendar.from_rows([(d("24/11/2026"), "working_day"), (d("23/11/2026"), "day_off")])
    assert not cal.is_day_off(d("24/11/2026"))
    assert cal.is_day_off(d("23/11/2026"))


# -- counting -----------------------------------------------------------------------------


def test_working_days_across_a_weekend(cal):
    friday, monday = d("06/03/2026"), d("09/03/2026")
    assert cal.add_working_days(friday, 1) == monday
    assert cal.add_working_days(monday, -1) == friday
    assert cal.add_working_days(friday, 5) == d("13/03/2026")
    assert cal.add_working_days(d("07/03/2026"), 1) == monday  # from a Saturday
    assert cal.add_working_days(d("07/03/2026"), -1) == friday
    assert cal.add_working_days(d("07/03/2026"), 0) == d("07/03/2026")
    assert cal.working_days_between(friday, monday) == 1
    assert cal.working_days_between(monday, friday) == -1
    assert cal.working_days_between(friday, friday) == 0
    assert cal.working_days_between(d("07/03/2026"), d("08/03/2026")) == 0


def test_working_days_across_new_year(cal):
    # 01/01/2026 (Thursday) is off; 02/01 is a working Friday.
    assert cal.working_days_between(d("31/12/2025"), d("05/01/2026")) == 2
    assert cal.working_days_between(d("05/01/2026"), d("31/12/2025")) == -2
    assert cal.add_working_days(d("31/12/2025"), 2) == d("05/01/2026")
    assert cal.add_working_days(d("05/01/2026"), -2) == d("31/12/2025")
    assert cal.add_working_days(d("02/01/2026"), -1) == d("31/12/2025")
    assert cal.working_days_between(d("31/12/2024"), d("31/12/2026")) == sum(
        not cal.is_day_off(day) for day in days("01/01/2025", "31/12/2026")
    )


def test_counting_agrees_with_a_day_by_day_count():
    cal = WorkCalendar(days_off=[d("15/06/2026")], working_days=[d("27/06/2026")])

    def walk(start: date, n: int) -> date:
        step = 1 if n > 0 else -1
        day = start
        while n:
            day += timedelta(days=step)
            if not cal.is_day_off(day):
                n -= step
        return day

    for start in days("20/12/2025", "10/03/2026")[::3] + days("01/06/2026", "30/06/2026"):
        for n in (-25, -7, -3, -1, 1, 2, 5, 12, 40):
            assert cal.add_working_days(start, n) == walk(start, n), (start, n)
            if n > 0 or not cal.is_day_off(start):
                # (start, end] holds n working days; back from a day off, the end is one of
                # them and the start is not.
                assert cal.working_days_between(start, walk(start, n)) == n, (start, n)
            else:
                assert cal.working_days_between(start, walk(start, n)) == n + 1, (start, n)


# -- reminders before the due date ------------------------------------------------------


def test_reminder_before_a_monday_after_30_4_and_1_5_goes_out_the_working_day_before(cal):
    # Due Monday 04/05/2026; 3 calendar days before is Friday 01/05 (holiday), and Thursday
    # 30/04 is a holiday too: the reminder goes out on Wednesday 29/04.
    assert reminder_days_before(d("04/05/2026"), [3], cal, False) == {d("29/04/2026"): 3}


def test_reminder_on_a_due_date_in_tet_goes_out_before_tet(cal):
    assert reminder_days_before(d("12/02/2021"), [0], cal, False) == {d("09/02/2021"): 0}
    assert reminder_days_before(d("12/02/2021"), [0], cal, True) == {d("09/02/2021"): 0}


def test_reminder_due_on_labour_day(cal):
    # Due Friday 01/05/2026; 30/04 is a holiday too.
    assert reminder_days_before(d("01/05/2026"), [0, 1], cal, False) == {d("29/04/2026"): 0}
    assert reminder_days_before(d("01/05/2026"), [0, 1, 3], cal, True) == {
        d("29/04/2026"): 0,
        # working days back: 29/04, 28/04, (27/04 Giỗ Tổ observed, the weekend) 24/04
        d("24/04/2026"): 3,
    }


def test_offsets_in_working_days(cal):
    # Due Tuesday 10/03/2026.
    assert reminder_days_before(d("10/03/2026"), [7, 3, 1, 0], cal, True) == {
        d("10/03/2026"): 0,
        d("09/03/2026"): 1,
        d("05/03/2026"): 3,
        d("27/02/2026"): 7,
    }
    assert reminder_days_before(d("10/03/2026"), [7, 3, 1, 0], cal, False) == {
        d("10/03/2026"): 0,
        d("09/03/2026"): 1,
        d("06/03/2026"): 3,  # Saturday 07/03 moves to Friday
        d("03/03/2026"): 7,
    }


def test_reminders_before_a_due_date_after_tet(cal):
    # Due Monday 23/02/2026, the first working day after Tết.
    assert reminder_days_before(d("23/02/2026"), [3, 1], cal, True) == {
        d("13/02/2026"): 1,
        d("11/02/2026"): 3,
    }
    # In calendar days 3 and 7 days before both fall in the break: one reminder, offset 3.
    assert reminder_days_before(d("23/02/2026"), [7, 3], cal, False) == {d("13/02/2026"): 3}


def test_due_date_on_a_saturday_keeps_the_smallest_offset(cal):
    # Offset 0 moves to Friday, which is also 1 working day before: one reminder, offset 0.
    assert reminder_days_before(d("07/03/2026"), [1, 0], cal, True) == {d("06/03/2026"): 0}
    assert reminder_days_before(d("07/03/2026"), [1, 0], cal, False) == {d("06/03/2026"): 0}


def test_no_offsets_no_reminders(cal):
    assert reminder_days_before(d("10/03/2026"), [], cal, True) == {}


# -- overdue ----------------------------------------------------------------------------


def sent(due: str, every: int, cal, working: bool, start: str, end: str) -> dict[date, int]:
    result = {}
    for day in days(start, end):
        late = overdue_reminder_day(d(due), day, every, cal, working)
        if late is not None:
            result[day] = late
    return result


def test_overdue_every_3_calendar_days(cal):
    # Due Monday 02/03/2026: 05/03, 08/03 (Sunday → Friday 06/03), 11/03, 14/03 (Saturday →
    # Friday 13/03), 17/03.
    assert sent("02/03/2026", 3, cal, False, "01/03/2026", "18/03/2026") == {
        d("05/03/2026"): 3,
        d("06/03/2026"): 4,
        d("11/03/2026"): 9,
        d("13/03/2026"): 11,
        d("17/03/2026"): 15,
    }


def test_overdue_every_3_working_days(cal):
    assert sent("02/03/2026", 3, cal, True, "01/03/2026", "18/03/2026") == {
        d("05/03/2026"): 3,
        d("10/03/2026"): 6,
        d("13/03/2026"): 9,
        d("18/03/2026"): 12,
    }


def test_overdue_reminders_falling_in_tet_go_out_before_it(cal):
    # Due Tuesday 10/02/2026, every 3 days: 13/02, then 16, 19 and 22/02 all in the break go
    # out on 13/02 too, then 25/02.
    assert sent("10/02/2026", 3, cal, False, "10/02/2026", "26/02/2026") == {
        d("13/02/2026"): 3,
        d("25/02/2026"): 15,
    }
    assert sent("10/02/2026", 3, cal, True, "10/02/2026", "27/02/2026") == {
        d("13/02/2026"): 3,
        d("25/02/2026"): 6,
    }


def test_an_overdue_reminder_never_moves_onto_the_due_date(cal):
    # Due Friday 06/03/2026, every day: Saturday and Sunday would move back to the due date.
    assert sent("06/03/2026", 1, cal, False, "05/03/2026", "10/03/2026") == {
        d("09/03/2026"): 3,
        d("10/03/2026"): 4,
    }


def test_overdue_reminder_not_before_the_due_date_nor_on_a_day_off(cal):
    assert overdue_reminder_day(d("02/03/2026"), d("02/03/2026"), 3, cal, False) is None
    assert overdue_reminder_day(d("02/03/2026"), d("26/02/2026"), 3, cal, False) is None
    assert overdue_reminder_day(d("01/03/2026"), d("07/03/2026"), 3, cal, False) is None
    assert overdue_reminder_day(d("02/03/2026"), d("05/03/2026"), 0, cal, False) is None


def test_days_late(cal):
    assert days_late(d("13/02/2026"), d("23/02/2026"), cal, False) == 10
    assert days_late(d("13/02/2026"), d("23/02/2026"), cal, True) == 1
    assert days_late(d("23/02/2026"), d("23/02/2026"), cal, True) == 0
    assert days_late(d("23/02/2026"), d("20/02/2026"), cal, False) == -3


def test_add_days_counts_either_way(cal):
    assert add_days(d("06/03/2026"), 1, cal, True) == d("09/03/2026")
    assert add_days(d("06/03/2026"), 1, cal, False) == d("07/03/2026")


def test_a_thousand_due_dates_are_quick(cal):
    import time

    start = time.perf_counter()
    for n in range(1000):
        due = d("01/01/2026") + timedelta(days=n % 700)
        reminder_days_before(due, [7, 3, 1, 0], cal, True)
        overdue_reminder_day(due, d("15/06/2026"), 3, cal, False)
    assert time.perf_counter() - start < 0.5


# -- loading ----------------------------------------------------------------------------


def test_load_calendar_reads_the_admin_days_in_one_query(db_session):
    from sqlalchemy import event

    from tracker.reminders.models import CalendarDay
    from tracker.reminders.workcalendar import load_calendar

    db_session.add_all(
        [
            CalendarDay(day=d("04/05/2026"), kind="day_off", note="Nghỉ bù"),
            CalendarDay(day=d("09/05/2026"), kind="working_day", note="Làm bù"),
        ]
    )
    db_session.flush()
    statements = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    connection = db_session.connection()
    event.listen(connection, "before_cursor_execute", count)
    try:
        cal = load_calendar(d("01/05/2026"))
        assert cal.is_day_off(d("04/05/2026"))
        assert not cal.is_day_off(d("09/05/2026"))
        assert cal.is_day_off(d("01/01/2030"))  # any year, on demand
    finally:
        event.remove(connection, "before_cursor_execute", count)
    assert [s.split()[0] for s in statements] == ["SELECT"]
