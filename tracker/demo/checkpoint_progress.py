"""The state, as of 30/9/2021, of each checkpoint of the demo's recurring tasks.

A task's spec may give its lead's checkpoints ("checkpoints": {period code: progress}) or any
unit's ("unit_checkpoints": {unit code: {period code: progress}}); the periodic report task
takes them from the units' figures (seed_figures). The others are drawn here, the same on
every run (a CRC of task, unit and period): quarters I and II done, most on time; quarter
III done on time, done late (after the 15th) or not done yet; quarter IV not begun.
"""

from __future__ import annotations

import zlib
from datetime import date, timedelta

from tracker.core.recurrence import Period
from tracker.demo.plan_data import ILLUSTRATIVE

AS_OF = date(2021, 9, 30)
NOT_BEGUN = {
    "state": "not_started",
    "progress": 0,
    "completed_on": None,
    "evidence": None,
    "note": "",
}


def _working_day(day: date) -> date:
    """The Friday before a weekend day."""
    return day - timedelta(days=max(0, day.weekday() - 4))


def done_on(day: date, number: str, note: str = ILLUSTRATIVE) -> dict:
    return {
        "state": "done",
        "progress": 100,
        "completed_on": day,
        "evidence": {"document_number": number, "document_date": day, "url": None},
        "note": note,
    }


def drawn_progress(task_number: str, unit_code: str, period: Period, due: date) -> dict:
    if due > AS_OF or period.end > AS_OF:
        return NOT_BEGUN
    draw = zlib.crc32(f"{task_number}|{unit_code}|{period.code}".encode()) % 100
    suffix = unit_code if not unit_code.isdigit() else "UBND"
    number = f"{draw * 3 + 11}/BC-{suffix}"
    on_time = 80 if period.end < date(2021, 7, 1) else 65
    if draw < on_time:
        return done_on(_working_day(due - timedelta(days=draw % 9)), number)
    late_by = 1 + draw % 12
    if period.end < date(2021, 7, 1) or draw < 85:
        return done_on(min(_working_day(due + timedelta(days=late_by)), AS_OF), number)
    return {
        "state": "in_progress",
        "progress": 50,
        "completed_on": None,
        "evidence": None,
        "note": "Đang tổng hợp số liệu, chưa gửi báo cáo.",
    }


def checkpoint_progress(
    task_spec: dict, unit_code: str, role: str, period: Period, due: date
) -> dict:
    """One unit's checkpoint of a period, as the spec gives it or drawn."""
    own = task_spec.get("unit_checkpoints", {}).get(unit_code, {}).get(period.code)
    if own is None and role == "lead":
        own = task_spec.get("checkpoints", {}).get(period.code)
    return own or drawn_progress(task_spec["number"], unit_code, period, due)
