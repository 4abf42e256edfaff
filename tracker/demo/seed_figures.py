"""The demo's periodic figures: the indicator set of 2021 (data/bo-chi-tieu-cchc-2021.xlsx,
imported as `tracker import-indicators` imports it, linked to task I.12 of plan 5959) and
each unit's figures of quarters I–III (data/indicator-values-2021.csv), submitted on the day
the table gives: the unit's checkpoint of I.12 for the quarter is done that day.

The rule for quarter III: every unit has sent its figures by 30/9/2021, the quarterly report's
date, some after the 15th (late); so the province's totals as of 30/9/2021 are the seed
report's exactly. As of a day between the 15th and the 30th, the late ones are missing.
"""

from __future__ import annotations

from types import SimpleNamespace

from sqlalchemy import select

from tracker.accounts.models import User
from tracker.assignments.models import Assignment
from tracker.demo.checkpoint_progress import NOT_BEGUN
from tracker.demo.indicator_set_2021 import SET_CODE, SET_FILE, SET_YEAR, TYPED
from tracker.demo.indicator_values_2021 import shipped_values
from tracker.extensions import db
from tracker.indicators.models import IndicatorReport
from tracker.indicators.reports import report_url
from tracker.indicators.sets import get_set, import_set
from tracker.plans.models import Plan, Task
from tracker.units.models import Unit

PLAN_CODE = "5959/QĐ-UBND"
TASK_NUMBER = "I.12"


def figures_progress(set_code: str, unit_code: str, period_code: str) -> dict:
    """The state of a unit's checkpoint of the periodic report task: done on the day it sent
    its figures, with the figures' page as evidence (as indicators.reports.submit does);
    not begun for a quarter it has not reported."""
    values = shipped_values().get(period_code, {}).get(unit_code)
    if values is None:
        return NOT_BEGUN
    day = values["submitted_on"]
    page = SimpleNamespace(
        set=SimpleNamespace(code=set_code),
        period=period_code,
        unit=SimpleNamespace(code=unit_code),
    )
    return {
        "state": "done",
        "progress": 100,
        "completed_on": day,
        "evidence": {
            "document_number": f"{set_code} · {period_code}",
            "document_date": day,
            "url": report_url(page),
        },
        "note": "",
    }


def seed_figures(report) -> None:
    """The set and the units' reports; nothing when the set exists."""
    if get_set(SET_CODE, SET_YEAR) is not None:
        return
    task = db.session.scalar(
        select(Task).join(Plan).where(Plan.code == PLAN_CODE, Task.number == TASK_NUMBER)
    )
    indicator_set = import_set(None, SET_FILE.read_bytes(), SET_FILE.name, SET_CODE, task=task)
    report.add("indicator sets")
    units = {u.code: u for u in db.session.scalars(select(Unit))}
    leads = {u.unit_id: u for u in db.session.scalars(select(User).where(User.role == "unit_lead"))}
    checkpoints = {
        (a.unit_id, a.period): a
        for a in db.session.scalars(select(Assignment).where(Assignment.task_id == task.id))
    }
    for period_code, rows in shipped_values().items():
        for unit_code, values in rows.items():
            unit = units[unit_code]
            lead = leads.get(unit.id)
            db.session.add(
                IndicatorReport(
                    set=indicator_set,
                    unit=unit,
                    period=period_code,
                    state="submitted",
                    values={code: values[code] for code in TYPED},
                    note="",
                    submitted_on=values["submitted_on"],
                    submitted_by_id=lead.id if lead else None,
                    assignment=checkpoints[(unit.id, period_code)],
                )
            )
            report.add("indicator reports")
    db.session.flush()
