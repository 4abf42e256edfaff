"""The demo plans of `tracker.demo.plan_data`, checked as plain data: no database, no app;
and, once, against the seeded database.

Deadline classes come from the app's one rule, `tracker.assignments.deadlines` (its own tests
are in test_status_deadlines.py); only the reading of the demo's dicts is done here, the due
date in force included (the spec's approved extension from the day it was decided). The last
test seeds the demo and checks that the app, reading the periods it replayed from the demo's
back-dated journal, classes every lead assignment as the spec says, on many days of 2021 (each
by the unit it was assigned to: since the 2025 reorganisation the open ones are its successors').
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.test_demo_seed import assigned_units
from tracker.assignments.classes import classify
from tracker.assignments.deadlines import DEADLINE_CLASSES, deadline_class
from tracker.assignments.models import Assignment
from tracker.core.recurrence import periods_between
from tracker.demo import units
from tracker.demo.checkpoint_progress import checkpoint_progress
from tracker.demo.plan_data import PLAN_5959, PLAN_Q4_2021, RECONSTRUCTED
from tracker.demo.seed_figures import figures_progress
from tracker.units.models import Unit

AS_OF = date(2021, 9, 30)
DUE_SOON_DAYS = 7  # the setting's default
AREAS = (
    "direction",
    "institutions",
    "procedures",
    "organization",
    "civil_service",
    "public_finance",
    "e_government",
)
STATES = ("not_started", "in_progress", "paused", "awaiting_confirmation", "done", "cancelled")
OFFICE = units.OFFICE[0]
DEPARTMENTS = [code for code, *_ in units.DEPARTMENTS]
DISTRICTS = [code for code, *_ in units.DISTRICTS]
GROUP_CODES = {code for code, *_ in units.GROUPS}
UNIT_CODES = {OFFICE, *DEPARTMENTS, *DISTRICTS}
# Members of the groups a lead may name (communes need the vietnam-provinces package).
GROUP_MEMBERS = {
    "SBN": [OFFICE, *DEPARTMENTS],
    "HUYEN": DISTRICTS,
    "XA": [code for code, *_ in units.communes()],
    "LIENQUAN": [OFFICE, *DEPARTMENTS, *DISTRICTS],
}
QUARTERS_2021 = periods_between("quarterly", date(2021, 1, 1), date(2021, 12, 31))
PLANS = (PLAN_5959, PLAN_Q4_2021)


def tasks(plan: dict) -> list[dict]:
    return [task for section in plan["sections"] for task in section["tasks"]]


def lead_units(task: dict) -> list[str]:
    """The units that get a lead assignment, as the seed expands group codes."""
    codes: list[str] = []
    for owner in task["lead"]:
        for code in GROUP_MEMBERS.get(owner, [owner]):
            if code not in codes:
                codes.append(code)
    return codes


def lead_progress(task: dict) -> list[tuple[str, dict]]:
    overrides = task.get("unit_progress", {})
    return [(code, overrides.get(code, task["progress"])) for code in lead_units(task)]


def all_progress(plan: dict):
    for task in tasks(plan):
        yield task, task["progress"]
        for progress in task.get("unit_progress", {}).values():
            yield task, progress


def due_in_force(task: dict, progress: dict, as_of: date) -> date | None:
    """The spec's due date on `as_of`: its extension's date from the day it was approved."""
    extension = progress.get("extension")
    if extension and extension["approved"] and extension["decided_on"] <= as_of:
        return extension["requested_date"]
    return task["due_date"]


def demo_class(task: dict, progress: dict, as_of: date = AS_OF) -> str:
    """The deadline class, as of `as_of`, of one unit's progress on a demo task."""
    return deadline_class(
        due=due_in_force(task, progress, as_of),
        completed_on=progress.get("completed_on"),
        cancelled_on=progress.get("cancelled_on"),
        as_of=as_of,
        due_soon_days=DUE_SOON_DAYS,
    )


ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def due_from_text(text: str, year: int) -> tuple[date | None, str | None]:
    """(due date, recurrence) for the deadline phrases of DOMAIN.md."""
    if text == "Thường xuyên":
        return None, "continuous"
    if text == "Hằng quý":
        return None, "quarterly"
    if text == "Cả năm":
        return date(year, 12, 31), None
    if text == "6 tháng đầu năm":
        return date(year, 6, 30), None
    if m := re.fullmatch(r"Năm (\d{4})", text):
        return date(int(m[1]), 12, 31), None
    if m := re.fullmatch(r"Trước ngày (\d{1,2})/(\d{1,2})/(\d{4})", text):
        return date(int(m[3]), int(m[2]), int(m[1])), None
    if m := re.fullmatch(r"Tháng (\d{1,2})(?: và tháng (\d{1,2}))?/(\d{4})", text):
        return month_end(int(m[3]), int(m[2] or m[1])), None
    if m := re.fullmatch(r"Quý ([IV]+)(?:, ([IV]+))?/(\d{4})", text):
        return month_end(int(m[3]), 3 * ROMAN[m[2] or m[1]]), None
    raise AssertionError(f"unknown deadline phrase: {text!r}")


def test_plan_sizes_and_areas():
    assert len(tasks(PLAN_5959)) >= 28
    assert len(tasks(PLAN_Q4_2021)) == 5
    assert [t["number"] for t in tasks(PLAN_Q4_2021)] == ["1", "2", "3", "4", "5"]
    per_area = Counter(s["area"] for s in PLAN_5959["sections"] for _ in s["tasks"])
    assert set(per_area) == set(AREAS)
    for area in AREAS[1:]:
        assert per_area[area] >= 3, area
    for plan in PLANS:
        assert all(section["area"] in AREAS for section in plan["sections"])


def test_plan_headers():
    assert PLAN_5959["code"] == "5959/QĐ-UBND"
    assert PLAN_5959["year"] == 2021 and PLAN_5959["quarter"] is None
    assert RECONSTRUCTED in PLAN_5959["description"]
    assert PLAN_Q4_2021["code"] == "NVTT-Q4/2021"
    assert PLAN_Q4_2021["title"] == "Nhiệm vụ trọng tâm Quý IV/2021"
    assert PLAN_Q4_2021["year"] == 2021 and PLAN_Q4_2021["quarter"] == 4
    for plan in PLANS:
        assert isinstance(plan["issued_on"], date)


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p["code"])
def test_task_numbers_are_unique(plan):
    numbers = [task["number"] for task in tasks(plan)]
    assert len(numbers) == len(set(numbers))
    assert all(len(number) <= 20 for number in numbers)


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p["code"])
def test_owners_are_known_units_or_groups(plan):
    known = UNIT_CODES | GROUP_CODES
    for task in tasks(plan):
        assert task["lead"], task["number"]
        assert set(task["lead"]) <= known - {"LIENQUAN"}, task["number"]
        assert set(task["cooperating"]) <= known, task["number"]
        # An override must name a unit that actually gets a lead assignment.
        assert set(task.get("unit_progress", {})) <= set(lead_units(task)), task["number"]


def test_every_reconstructed_task_says_so():
    for task in tasks(PLAN_5959):
        assert task["description"].startswith(RECONSTRUCTED), task["number"]


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p["code"])
def test_deadline_text_gives_the_due_date(plan):
    for task in tasks(plan):
        due, recurrence = due_from_text(task["deadline_text"], plan["year"])
        assert task["due_date"] == due, task["number"]
        assert task["recurrence"] == recurrence, task["number"]
        if recurrence:
            assert task["due_date"] is None


def test_deadline_phrases_are_mixed():
    phrases = {task["deadline_text"] for task in tasks(PLAN_5959)}
    for expected in (
        "Tháng 3/2021",
        "Quý II/2021",
        "6 tháng đầu năm",
        "Trước ngày 15/12/2021",
        "Năm 2021",
        "Cả năm",
        "Tháng 10 và tháng 11/2021",
        "Quý III, IV/2021",
        "Thường xuyên",
        "Hằng quý",
    ):
        assert expected in phrases, expected


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p["code"])
def test_progress_is_consistent(plan):
    for task, progress in all_progress(plan):
        number = task["number"]
        assert progress["state"] in STATES, number
        assert 0 <= progress["progress"] <= 100, number
        if progress["state"] in ("done", "awaiting_confirmation"):
            assert progress["progress"] == 100, number
            assert progress["completed_on"] is not None, number
            assert plan["issued_on"] <= progress["completed_on"] <= AS_OF, number
            evidence = progress["evidence"]
            assert evidence and evidence["document_number"], number
            assert evidence["document_date"] <= progress["completed_on"], number
        else:
            assert progress["completed_on"] is None, number
        if progress["state"] == "cancelled":
            assert progress["cancelled_on"] <= AS_OF, number
        else:
            assert progress.get("cancelled_on") is None, number
        extension = progress.get("extension")
        if extension:
            assert task["due_date"] is not None, number
            assert plan["issued_on"] <= extension["requested_on"] <= extension["decided_on"]
            assert extension["decided_on"] <= AS_OF, number
            assert extension["requested_date"] > task["due_date"], number
            assert extension["reason"], number


def test_extensions_both_approved_and_rejected():
    decisions = [
        progress["extension"]["approved"]
        for _, progress in all_progress(PLAN_5959)
        if progress.get("extension")
    ]
    assert True in decisions and False in decisions


def test_every_deadline_class_occurs_on_the_report_date():
    classes = Counter(
        demo_class(task, progress)
        for task in tasks(PLAN_5959)
        for _, progress in lead_progress(task)
    )
    assert set(classes) == set(DEADLINE_CLASSES), classes
    done = classes["done_on_time"] + classes["done_late"]
    # As the report says: most done, some late, a few overdue.
    assert done > classes["overdue"] * 3
    assert classes["done_on_time"] > classes["done_late"]


def test_group_tasks_differ_per_unit():
    group_tasks = [
        task
        for task in tasks(PLAN_5959)
        if set(task["lead"]) & {"SBN", "HUYEN"} and task.get("unit_progress")
    ]
    assert len(group_tasks) >= 3
    differing = 0
    for task in group_tasks:
        classes = {demo_class(task, progress) for _, progress in lead_progress(task)}
        assert len(classes) >= 2, task["number"]
        differing += {"done_on_time", "done_late", "overdue"} <= classes
    assert differing >= 2


def test_q4_priorities_are_open_and_due_in_q4():
    for task in tasks(PLAN_Q4_2021):
        assert task["lead"] == ["SNV"]
        assert task["progress"]["state"] in ("not_started", "in_progress")
        assert date(2021, 10, 1) <= task["due_date"] <= date(2021, 12, 31)
        assert demo_class(task, task["progress"]) == "on_track"
    by_number = {task["number"]: task for task in tasks(PLAN_Q4_2021)}
    assert "LIENQUAN" in by_number["2"]["cooperating"]
    assert {"HUYEN", "SBN"} <= set(by_number["5"]["cooperating"])


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p["code"])
def test_vietnamese_text_has_diacritics(plan):
    for task in tasks(plan):
        assert not task["title"].isascii(), task["number"]


def days_that_matter() -> list[date]:
    """Month ends of 2021, and each day the spec changes something, with the day before."""
    days = {month_end(2021, month) for month in range(1, 13)}
    for plan in PLANS:
        days.add(plan["issued_on"])
        for _task, progress in all_progress(plan):
            extension = progress.get("extension") or {}
            for day in (
                progress.get("completed_on"),
                progress.get("cancelled_on"),
                extension.get("requested_on"),
                extension.get("decided_on"),
            ):
                if day:
                    days |= {day, day - timedelta(days=1)}
    return sorted(days)


def spec_entries(plan: dict, task: dict, code: str, progress: dict):
    """(key, (plan, task, progress)) of one unit's lead assignment, or of each of its
    quarterly checkpoints (#18), each due on the 15th of its quarter's last month (the plan's
    default rule) in the task given to demo_class."""
    if task["recurrence"] != "quarterly":
        yield (plan["code"], task["number"], code, None), (plan, task, progress)
        return
    for period in QUARTERS_2021:
        due = date(period.year, period.last_month, 15)
        if task.get("figures"):
            state = figures_progress(task["figures"], code, period.code)
        else:
            state = checkpoint_progress(task, code, "lead", period, due)
        key = (plan["code"], task["number"], code, period.code)
        yield key, (plan, {**task, "due_date": due}, state)


@pytest.mark.seeded
def test_the_seeded_database_classes_every_lead_assignment_as_the_spec(app, db_session):
    with app.app_context():
        codes = {plan["code"] for plan in PLANS}
        leads = [
            a
            for a in db_session.scalars(
                select(Assignment).where(Assignment.role == "lead").order_by(Assignment.id)
            )
            if a.task.plan.code in codes  # the 2026 plan is checked in test_demo_reorganisation*
        ]
        # The unit each was assigned to: what was open in 2025 has moved on since.
        first_units = assigned_units(db_session)
        unit_codes = dict(db_session.execute(select(Unit.id, Unit.code)).all())
        keys = {
            a.id: (a.task.plan.code, a.task.number, unit_codes[first_units[a.id]], a.period)
            for a in leads
        }
        spec = {
            key: value
            for plan in PLANS
            for task in tasks(plan)
            for code, progress in lead_progress(task)
            for key, value in spec_entries(plan, task, code, progress)
        }
        assert sorted(keys.values()) == sorted(spec)
        of_assignment = {i: spec[key] for i, key in keys.items()}
        for as_of in days_that_matter():
            expected = {
                i: demo_class(task, progress, as_of)
                for i, (plan, task, progress) in of_assignment.items()
                if plan["issued_on"] <= as_of  # assigned on the plan's issue date
            }
            assert classify(leads, as_of) == expected, as_of
