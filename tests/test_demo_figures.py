"""The demo's periodic figures (#18): the indicator set of the seed report's per-unit figures,
each unit's values of 2021 split deterministically from the province's totals, and, once the
demo is seeded, the province's totals of Q3/2021 as of 30/09/2021 equal to the seed report's
(shared/seeds: 104.671 received, 100.151 resolved, …) through the totals the board and the API
use (indicators.totals.period_totals)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import select

from tracker.assignments.classes import classify
from tracker.assignments.models import Assignment
from tracker.demo import indicator_set_2021 as set_data
from tracker.demo import indicator_values_2021 as values_data
from tracker.indicators import rules
from tracker.indicators.sets import set_for
from tracker.indicators.totals import period_totals
from tracker.plans.models import Plan, Task

SEED_Q3 = {
    "TIEP_NHAN": 104_671,
    "DA_GIAI_QUYET": 100_151,
    "GQ_DUNG_HAN": 99_618,
    "GQ_QUA_HAN": 533,
    "DANG_GIAI_QUYET": 4_520,
    "DGQ_TRONG_HAN": 4_464,
    "DGQ_QUA_HAN": 56,
    "THOA_THUAN_BCCI": 20 + 9,
    "TTHC_BCCI": 526,
    "HO_SO_BCCI": 163_763,
    "PAKN_TIEP_NHAN": 17,
    "PAKN_DA_XU_LY": 14,
    "PAKN_DANG_XU_LY": 3,
    "CBCCVC_KE_KHAI": 21_503,
    "CQ_TU_CHU": 37 + 151,
    "DVSN_TU_CHU": 109 + 311,
    # Every unit of 2021: 20 sở, ban, ngành, 10 huyện and the demo's 119 communes.
    "MOT_CUA": 20 + 10 + 119,
    "TRANG_TTDT": 149,
}
REPORT_DATE = date(2021, 9, 30)


def test_the_shipped_files_are_what_the_generators_make():
    assert values_data.VALUES_FILE.read_bytes() == values_data.table_bytes()
    assert set_data.SET_FILE.read_bytes() == set_data.workbook_bytes()


def test_every_unit_of_2021_has_figures_each_quarter_that_pass_every_check():
    units = values_data.units_2021()
    assert len(units) == 149
    shipped = values_data.shipped_values()
    assert sorted(shipped) == ["2021-Q1", "2021-Q2", "2021-Q3"]
    for period, rows in shipped.items():
        assert sorted(rows) == sorted(code for code, _kind in units), period
        for code, values in rows.items():
            assert all(values[c] >= 0 for c in set_data.TYPED), (period, code)
            for check in set_data.CHECKS:
                assert rules.check_holds(check.expression, values), (period, code, check.code)
            assert values["submitted_on"].month == int(period[-1]) * 3, (period, code)


def test_q3_sums_are_the_seed_reports_figures_and_the_earlier_quarters_smaller():
    shipped = values_data.shipped_values()
    sums = {
        period: {code: sum(v[code] for v in rows.values()) for code in set_data.TYPED}
        for period, rows in shipped.items()
    }
    for code, expected in SEED_Q3.items():
        assert sums["2021-Q3"][code] == expected, code
    assert sums["2021-Q1"]["TIEP_NHAN"] < sums["2021-Q2"]["TIEP_NHAN"] < SEED_Q3["TIEP_NHAN"]
    # Cumulative figures never go down for a unit.
    for code in shipped["2021-Q3"]:
        counts = [shipped[p][code]["HO_SO_BCCI"] for p in ("2021-Q1", "2021-Q2", "2021-Q3")]
        assert counts == sorted(counts), code


def test_some_units_send_late_and_all_by_the_quarters_last_day():
    for period, rows in values_data.shipped_values().items():
        month = int(period[-1]) * 3
        due = date(2021, month, 15)
        days = [v["submitted_on"] for v in rows.values()]
        late = [day for day in days if day > due]
        assert 5 <= len(late) <= 40, period
        assert max(days) <= date(2021, month + 1, 1)


@pytest.fixture
def seeded(app, db_session):
    """The demo before the 2025 reorganisation, `seed_demo(reorganisation=False)`: its tests
    are marked `seeded("before_2025")` (seeded once per session)."""
    with app.app_context():
        yield db_session


@pytest.mark.seeded("before_2025")
def test_q3_totals_as_of_the_report_date_equal_the_seed_report(app, seeded):
    found = set_for(set_data.SET_CODE, "2021-Q3")
    assert found.task.number == "I.12" and found.task.plan.code == "5959/QĐ-UBND"
    answer = period_totals(found, "2021-Q3", REPORT_DATE)
    for code, expected in SEED_Q3.items():
        assert answer["totals"][code] == expected, code
    assert answer["totals"]["TL_DUNG_HAN"] == 99.47
    assert answer["totals"]["TL_KE_KHAI"] == 100
    units = answer["units"]
    assert units["submitted"] == 149 and units["missing"] == 0
    assert units["late"] > 0
    # Before the quarter's end the late ones had not sent theirs yet.
    earlier = period_totals(found, "2021-Q3", date(2021, 9, 20))["units"]
    assert earlier["missing"] > 0 and earlier["submitted"] + earlier["missing"] == 149
    previous = period_totals(found, "2021-Q2", REPORT_DATE)
    assert previous["totals"]["TIEP_NHAN"] < SEED_Q3["TIEP_NHAN"]


@pytest.mark.seeded("before_2025")
def test_recurring_tasks_have_one_checkpoint_per_quarter_done_late_or_missing(app, seeded):
    plan = seeded.scalar(select(Plan).where(Plan.code == "5959/QĐ-UBND"))
    recurring = [t for t in plan.tasks if t.recurrence == "quarterly"]
    assert {t.number for t in recurring} >= {"I.11", "I.12", "1.2", "2.4"}
    for task in recurring:
        periods = Counter(a.unit_id for a in task.assignments)
        assert set(periods.values()) == {4}, task.number
        assert {a.period for a in task.assignments} == {f"2021-Q{n}" for n in range(1, 5)}
        assert all(a.due_date == date(2021, a.checkpoint.last_month, 15) for a in task.assignments)
    checkpoints = seeded.scalars(
        select(Assignment).join(Task).where(Task.plan_id == plan.id, Assignment.period.is_not(None))
    ).all()
    classes = classify(checkpoints, REPORT_DATE)
    q3 = Counter(classes[a.id] for a in checkpoints if a.period == "2021-Q3")
    assert q3["done_on_time"] and q3["done_late"] and q3["overdue"]
    q4 = {classes[a.id] for a in checkpoints if a.period == "2021-Q4"}
    assert q4 == {"on_track"}
