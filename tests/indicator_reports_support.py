"""An indicator set made with the models (the one-stop figures, cut down), its recurring task
and the units' checkpoints, for the reports', totals' and API tests."""

from __future__ import annotations

from datetime import date

from tracker.assignments.journal import journal
from tracker.assignments.models import Assignment
from tracker.extensions import db
from tracker.indicators.models import Indicator, IndicatorCheck, IndicatorSet
from tracker.plans.models import Task

PERIOD = "2021-Q3"
GOOD = {"TIEP_NHAN": 100, "DA_GQ": 90, "GQ_DUNG_HAN": 88, "GQ_QUA_HAN": 2}


def make_set(code: str = "MOT_CUA", year: int = 2021, task=None) -> IndicatorSet:
    indicator_set = IndicatorSet(
        code=code, year=year, name="Kết quả giải quyết TTHC", periodicity="quarterly", task=task
    )
    indicator_set.indicators = [
        Indicator(position=1, code="TIEP_NHAN", name="Số hồ sơ tiếp nhận", measure="hồ sơ"),
        Indicator(position=2, code="DA_GQ", name="Số hồ sơ đã giải quyết", measure="hồ sơ"),
        Indicator(position=3, code="GQ_DUNG_HAN", name="Giải quyết đúng hạn", measure="hồ sơ"),
        Indicator(position=4, code="GQ_QUA_HAN", name="Giải quyết quá hạn", measure="hồ sơ"),
        Indicator(
            position=5,
            code="TY_LE_DUNG_HAN",
            name="Tỷ lệ giải quyết đúng hạn",
            measure="%",
            kind="percent",
            combine="ratio",
            numerator_code="GQ_DUNG_HAN",
            denominator_code="DA_GQ",
            computed=True,
            target_operator=">=",
            target_value=98,
        ),
    ]
    indicator_set.checks = [
        IndicatorCheck(
            position=1,
            code="GQ_CONG",
            name="Đúng hạn + quá hạn = đã giải quyết",
            expression="GQ_DUNG_HAN + GQ_QUA_HAN = DA_GQ",
        ),
        IndicatorCheck(
            position=2,
            code="GQ_TOI_DA",
            name="Đã giải quyết ≤ tiếp nhận",
            expression="DA_GQ <= TIEP_NHAN",
        ),
    ]
    db.session.add(indicator_set)
    db.session.commit()
    return indicator_set


def make_report_task(plan, needs_confirmation: bool = False) -> Task:
    task = Task(
        plan=plan,
        number="IV.1",
        title="Báo cáo kết quả giải quyết TTHC hằng quý",
        recurrence="quarterly",
        needs_confirmation=needs_confirmation,
    )
    db.session.add(task)
    db.session.commit()
    return task


def make_checkpoint(task, unit, due: date, period: str = PERIOD, assigned_on: date | None = None):
    """One unit's checkpoint of the task for a period, journaled as created (as
    assignments.creation does)."""
    fields = {"assigned_on": assigned_on} if assigned_on else {}
    checkpoint = Assignment(
        task=task,
        unit=unit,
        role="lead",
        period=period,
        due_date=due,
        original_due_date=due,
        **fields,
    )
    db.session.add(checkpoint)
    journal(checkpoint, "created", None, new_state="not_started", new_progress=0, new_due_date=due)
    db.session.commit()
    return checkpoint
