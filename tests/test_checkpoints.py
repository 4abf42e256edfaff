"""A recurring task's checkpoints (#18): one assignment per unit and period of the plan's span,
each due by the task's rule, classed as of any date like a one-off; the office's changes to
the recurrence, the rule, the plan's default rule and the units; a closed unit's open
checkpoints passing to its successor period by period."""

from __future__ import annotations

from datetime import date, datetime, time
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from tracker.assignments.changes import change_due_date
from tracker.assignments.classes import classify
from tracker.assignments.creation import add_assignment
from tracker.assignments.models import Assignment, JournalEntry
from tracker.assignments.transfers import transfer_open_work
from tracker.assignments.workflow import Evidence, report_progress
from tracker.core import timeutil
from tracker.core.exceptions import ValidationFailed
from tracker.notifications.models import Notification
from tracker.plans.checkpoints import checkpoint_schedule, task_calendar
from tracker.plans.revisions import reassign_units
from tracker.plans.schedules import Schedule, set_plan_rule, set_task_schedule
from tracker.plans.services import TaskInput, create_task
from tracker.plans.task_edits import cancel_task

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


class _AnyDatetime(type):
    def __instancecheck__(cls, instance) -> bool:
        return isinstance(instance, datetime)


class Clock(datetime, metaclass=_AnyDatetime):
    """datetime whose now() is a day of 2021 (tracker.core.timeutil reads it)."""

    moment = datetime.combine(date(2021, 1, 15), time(9), tzinfo=ZONE)

    @classmethod
    def now(cls, tz=None):
        return cls.moment.astimezone(tz) if tz else cls.moment.replace(tzinfo=None)


@pytest.fixture
def on_day():
    """Set the app's today: on_day(date(2021, 9, 20))."""

    def move(day: date) -> None:
        Clock.moment = datetime.combine(day, time(9), tzinfo=ZONE)

    with mock.patch.object(timeutil, "datetime", Clock):
        move(date(2021, 1, 15))
        yield move


@pytest.fixture
def world(app_ctx, db_session, make_unit, make_user, make_group, make_plan, on_day):
    units = [make_unit(code=code) for code in ("SA", "SB")]
    make_group(units, code="HUYEN", name="Các huyện thử")
    return {
        "units": units,
        "office": make_user(role="office"),
        "leads": [make_user(role="unit_lead", unit=u) for u in units],
        "plan": make_plan(code="5959/QĐ-UBND", year=2021),
        "on_day": on_day,
    }


def quarterly(world, number="II.3", **extra) -> object:
    data = TaskInput(
        number=number,
        title="Báo cáo công tác cải cách hành chính",
        lead_units=["HUYEN"],
        recurrence=extra.pop("recurrence", "quarterly"),
        needs_confirmation=False,
        **extra,
    )
    return create_task(world["office"], world["plan"], data)


def by_unit(task, code: str) -> dict[str | None, Assignment]:
    return {a.period: a for a in task.assignments if a.unit.code == code}


def test_a_quarterly_task_gives_each_unit_four_checkpoints(world, db_session):
    task = quarterly(world)
    assert len(task.assignments) == 8
    for code in ("SA", "SB"):
        held = by_unit(task, code)
        assert {p: a.due_date for p, a in held.items()} == {
            "2021-Q1": date(2021, 3, 15),
            "2021-Q2": date(2021, 6, 15),
            "2021-Q3": date(2021, 9, 15),
            "2021-Q4": date(2021, 12, 15),
        }
        assert all(a.original_due_date == a.due_date for a in held.values())
        assert all(a.assigned_on == date(2021, 1, 15) for a in held.values())
    q3 = by_unit(task, "SA")["2021-Q3"]
    assert q3.numbered == "II.3 · Quý III/2021" and q3.checkpoint.code == "2021-Q3"
    kinds = db_session.scalars(
        select(JournalEntry.kind).where(
            JournalEntry.assignment_id.in_([a.id for a in task.assignments])
        )
    ).all()
    assert kinds == ["created"] * 8
    # One notice per unit, not one per checkpoint.
    notices = db_session.scalars(select(Notification).where(Notification.kind == "created")).all()
    assert sorted(n.user_id for n in notices) == sorted(u.id for u in world["leads"])


def test_the_tasks_own_rule_and_the_other_recurrences(world):
    own = quarterly(world, "II.4", due_rule="days_after_end", due_day=5, due_in_working_days=True)
    assert [a.due_date for a in by_unit(own, "SA").values()] == [
        date(2021, 4, 7),
        date(2021, 7, 7),
        date(2021, 10, 7),
        date(2022, 1, 10),
    ]
    monthly = quarterly(
        world, "II.5", recurrence="monthly", due_rule="day_of_last_month", due_day=20
    )
    assert len(by_unit(monthly, "SA")) == 12
    assert by_unit(monthly, "SA")["2021-02"].due_date == date(2021, 2, 20)
    half = quarterly(world, "II.6", recurrence="six_monthly")
    assert sorted(by_unit(half, "SB")) == ["2021-H1", "2021-H2"]
    self_report = quarterly(world, "II.7", recurrence="continuous", yearly_self_report=True)
    assert {p: a.due_date for p, a in by_unit(self_report, "SA").items()} == {
        "2021": date(2021, 12, 15)
    }
    plain = quarterly(world, "II.8", recurrence="continuous")
    assert {p: a.due_date for p, a in by_unit(plain, "SA").items()} == {None: None}
    one_off = create_task(
        world["office"],
        world["plan"],
        TaskInput("II.9", "Một lần", ["HUYEN"], due_date=date(2021, 6, 30)),
    )
    assert [(a.period, a.due_date) for a in one_off.assignments] == [
        (None, date(2021, 6, 30)),
        (None, date(2021, 6, 30)),
    ]


def test_a_plan_of_one_quarter_has_one_checkpoint_per_period_in_it(world, make_plan):
    plan = make_plan(code="Q3/KH", year=2021, quarter=3)
    task = create_task(
        world["office"], plan, TaskInput("1", "Hằng tháng", ["SA"], recurrence="monthly")
    )
    assert [(p.code, due) for p, due in checkpoint_schedule(task, task_calendar(task))] == [
        ("2021-07", date(2021, 7, 15)),
        ("2021-08", date(2021, 8, 15)),
        ("2021-09", date(2021, 9, 15)),
    ]


def test_checkpoint_classes_as_of_dates(world):
    task = quarterly(world)
    sa = by_unit(task, "SA")
    world["on_day"](date(2021, 9, 20))
    report_progress(
        world["leads"][0],
        sa["2021-Q3"],
        version=sa["2021-Q3"].version,
        state="done",
        progress=None,
        evidence=Evidence(document_number="125/BC-UBND", document_date=date(2021, 9, 20)),
    )
    assert sa["2021-Q3"].completed_on == date(2021, 9, 20)
    sb = by_unit(task, "SB")
    expected = {
        date(2021, 1, 10): {},  # not assigned yet
        date(2021, 9, 1): {"2021-Q2": "overdue", "2021-Q3": "on_track"},
        date(2021, 9, 10): {"2021-Q3": "due_soon", "2021-Q4": "on_track"},
        date(2021, 9, 19): {"2021-Q3": "overdue"},
        date(2021, 9, 20): {"2021-Q3": "done_late", "2021-Q4": "on_track"},
        date(2021, 12, 31): {"2021-Q3": "done_late", "2021-Q4": "overdue"},
    }
    for as_of, classes in expected.items():
        seen = classify(list(sa.values()), as_of)
        assert {sa[p].id: c for p, c in classes.items()}.items() <= seen.items(), as_of
        if not classes:
            assert seen == {}
    # The other unit did not report: its Q3 is overdue as of 20/09/2021.
    assert classify([sb["2021-Q3"]], date(2021, 9, 20)) == {sb["2021-Q3"].id: "overdue"}


def test_a_new_rule_re_dates_the_open_checkpoints_and_keeps_the_done_ones(world, db_session):
    task = quarterly(world)
    sa = by_unit(task, "SA")
    world["on_day"](date(2021, 3, 10))
    report_progress(
        world["leads"][0],
        sa["2021-Q1"],
        version=sa["2021-Q1"].version,
        state="done",
        progress=None,
        evidence=Evidence(url="https://example.vn/bc-q1"),
    )
    change_due_date(world["office"], by_unit(task, "SB")["2021-Q2"], date(2021, 6, 25), "Gia hạn")
    revision = sa["2021-Q2"].due_date_revision
    world["on_day"](date(2021, 3, 20))
    changes = set_task_schedule(
        world["office"],
        task,
        Schedule("quarterly", "days_after_end", 5, True),
        reason="Theo Công văn 12/SNV",
    )
    assert changes["due_rule"] == ["None", "days_after_end"]
    assert sa["2021-Q1"].state == "done" and sa["2021-Q1"].due_date == date(2021, 3, 15)
    assert [sa[p].due_date for p in ("2021-Q2", "2021-Q3", "2021-Q4")] == [
        date(2021, 7, 7),
        date(2021, 10, 7),
        date(2022, 1, 10),
    ]
    assert sa["2021-Q2"].due_date_revision == revision + 1
    # An extension in force stays; the plan's date under it moves.
    extended = by_unit(task, "SB")["2021-Q2"]
    assert (extended.due_date, extended.original_due_date) == (date(2021, 6, 25), date(2021, 7, 7))
    entry = db_session.scalars(
        select(JournalEntry).where(
            JournalEntry.assignment_id == sa["2021-Q3"].id, JournalEntry.kind == "due_changed"
        )
    ).one()
    assert (entry.old_due_date, entry.new_due_date, entry.note) == (
        date(2021, 9, 15),
        date(2021, 10, 7),
        "Theo Công văn 12/SNV",
    )
    # Six-monthly now: the open quarters are cancelled, the halves added, Q1 stays done.
    set_task_schedule(world["office"], task, Schedule("six_monthly"), reason="Báo cáo 6 tháng")
    sa = by_unit(task, "SA")
    assert {p: a.state for p, a in sa.items()} == {
        "2021-Q1": "done",
        "2021-Q2": "cancelled",
        "2021-Q3": "cancelled",
        "2021-Q4": "cancelled",
        "2021-H1": "not_started",
        "2021-H2": "not_started",
    }
    assert sa["2021-H1"].due_date == date(2021, 6, 15)


def test_the_plans_default_rule_moves_the_tasks_that_take_it(world):
    default = quarterly(world, "II.3")
    own = quarterly(world, "II.4", due_rule="day_of_last_month", due_day=10)
    set_plan_rule(
        world["office"], world["plan"], kind="day_of_next_period", day=5, working_days=True
    )
    assert [a.due_date for a in by_unit(default, "SA").values()] == [
        date(2021, 4, 5),
        date(2021, 7, 5),
        date(2021, 10, 5),
        date(2022, 1, 5),
    ]
    assert [a.due_date for a in by_unit(own, "SA").values()] == [
        date(2021, 3, 10),
        date(2021, 6, 10),
        date(2021, 9, 10),
        date(2021, 12, 10),
    ]
    assert all(a.due_date_revision == 0 for a in own.assignments)


def test_reassigning_units_adds_and_cancels_checkpoints_per_unit(world, make_unit):
    task = quarterly(world)
    sa = by_unit(task, "SA")
    world["on_day"](date(2021, 4, 1))
    report_progress(
        world["leads"][0],
        sa["2021-Q1"],
        version=sa["2021-Q1"].version,
        state="done",
        progress=None,
        evidence=Evidence(url="https://example.vn/q1"),
    )
    third = make_unit(code="SC")
    changes = reassign_units(
        world["office"], task, leads=[world["units"][1]], cooperating=[third], reason="Đổi đơn vị"
    )
    assert changes == {"added": ["SC (cooperating)"], "removed": ["SA"]}
    assert {p: a.state for p, a in by_unit(task, "SA").items()} == {
        "2021-Q1": "done",
        "2021-Q2": "cancelled",
        "2021-Q3": "cancelled",
        "2021-Q4": "cancelled",
    }
    sc = by_unit(task, "SC")
    assert sorted(sc) == ["2021-Q1", "2021-Q2", "2021-Q3", "2021-Q4"]
    assert all(a.role == "cooperating" and a.assigned_on == date(2021, 4, 1) for a in sc.values())
    reassign_units(
        world["office"], task, leads=[third], cooperating=[world["units"][1]], reason="x"
    )
    assert {a.role for a in by_unit(task, "SC").values()} == {"lead"}


def test_a_closed_units_open_checkpoints_move_to_its_successor_period_by_period(world, db_session):
    sa, sb = world["units"]
    task = create_task(
        world["office"],
        world["plan"],
        TaskInput("III.1", "Hằng quý", ["SA"], recurrence="quarterly"),
    )
    # The successor already holds the task's Q3 (given to it alone): that one stays.
    add_assignment(world["office"], task, sb, "lead", date(2021, 9, 15), period="2021-Q3")
    db_session.flush()
    moved = transfer_open_work(sa, sb, date(2021, 6, 1), "Quyết định 1/QĐ")
    assert sorted(t.assignment.period for t in moved) == ["2021-Q1", "2021-Q2", "2021-Q4"]
    assert {p: a.unit.code for p, a in by_unit(task, "SA").items()} == {"2021-Q3": "SA"}


def test_what_a_schedule_refuses(world):
    office, task = world["office"], quarterly(world)
    cases = [
        (Schedule("quarterly", "day_of_last_month", 32), {"due_day": "out_of_range"}),
        (Schedule("quarterly", "day_of_last_month", 0), {"due_day": "out_of_range"}),
        (Schedule(None, "day_of_last_month", 15), {"due_rule": "rule_needs_periods"}),
        (Schedule("continuous", "day_of_last_month", 15), {"due_rule": "rule_needs_periods"}),
        (Schedule("quarterly", None, 15), {"due_rule": "day_needs_rule"}),
        (Schedule("quarterly", "weekly", 15), {"due_rule": "one_of"}),
        (Schedule("weekly"), {"recurrence": "one_of"}),
        (
            Schedule("quarterly", yearly_self_report=True),
            {"yearly_self_report": "self_report_needs_continuous"},
        ),
    ]
    for schedule, codes in cases:
        with pytest.raises(ValidationFailed) as refused:
            set_task_schedule(office, task, schedule)
        assert {k: p.code for k, p in refused.value.fields.items()} == codes, schedule
    with pytest.raises(ValidationFailed) as refused:
        quarterly(world, "II.9", due_date=date(2021, 6, 30))
    assert refused.value.fields["due_date"].code == "recurring_has_no_due_date"


def test_a_cancelled_task_keeps_its_checkpoints_cancelled(world):
    task = quarterly(world)
    cancel_task(world["office"], task, "Không còn phù hợp")
    assert {a.state for a in task.assignments} == {"cancelled"}
    set_plan_rule(
        world["office"], world["plan"], kind="day_of_last_month", day=20, working_days=False
    )
    assert {a.state for a in task.assignments} == {"cancelled"}
