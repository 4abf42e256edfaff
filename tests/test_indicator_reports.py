"""A unit's figures for a period: drafts, the submission and its checks, the lead's approval,
and the submission as the checkpoint of the set's recurring task."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import local_today
from tests.indicator_reports_support import (
    GOOD,
    PERIOD,
    make_checkpoint,
    make_report_task,
    make_set,
)
from tracker.assignments.classes import classify
from tracker.core.exceptions import Conflict, Forbidden, ValidationFailed
from tracker.indicators import reports


@pytest.fixture
def setup(app_ctx, make_unit, make_user, make_plan):
    plan = make_plan(year=2021)
    task = make_report_task(plan)
    indicator_set = make_set(task=task)
    unit = make_unit()
    member = make_user("unit_member", unit=unit)
    return indicator_set, task, unit, member


def test_a_draft_is_saved_partial_and_made_on_the_first_save(setup):
    indicator_set, _task, unit, member = setup
    report = reports.save_values(member, indicator_set, unit, PERIOD, {"TIEP_NHAN": "1.0"}, "")
    assert report.state == "draft"
    assert report.values == {"TIEP_NHAN": 1.0}
    again = reports.save_values(
        member, indicator_set, unit, PERIOD, {"TIEP_NHAN": 5, "DA_GQ": 4}, "ghi chú", report.version
    )
    assert again.id == report.id
    assert again.values == {"TIEP_NHAN": 5, "DA_GQ": 4}
    assert again.note == "ghi chú"


def test_a_value_its_indicator_does_not_take_is_named(setup):
    indicator_set, _task, unit, member = setup
    with pytest.raises(ValidationFailed) as refused:
        reports.save_values(
            member, indicator_set, unit, PERIOD, {"TIEP_NHAN": -3, "DA_GQ": "abc", "XYZ": 1}, ""
        )
    assert set(refused.value.fields) == {"values.TIEP_NHAN", "values.DA_GQ", "values.XYZ"}
    assert refused.value.fields["values.TIEP_NHAN"].code == "not_a_count"


def test_figures_that_disagree_are_refused_naming_the_check(setup):
    indicator_set, _task, unit, member = setup
    with pytest.raises(ValidationFailed) as refused:
        reports.save_values(member, indicator_set, unit, PERIOD, GOOD | {"GQ_QUA_HAN": 5}, "")
    problem = refused.value.fields["checks.GQ_CONG"]
    assert problem.code == "check_failed"
    assert "Đúng hạn + quá hạn = đã giải quyết" in problem.text
    assert "checks.GQ_TOI_DA" not in refused.value.fields
    # A draft that leaves a figure of the check out is kept: the check waits for it.
    partial = {k: v for k, v in GOOD.items() if k != "GQ_QUA_HAN"} | {"GQ_DUNG_HAN": 1}
    report = reports.save_values(member, indicator_set, unit, PERIOD, partial, "")
    assert report.state == "draft"
    with pytest.raises(ValidationFailed) as refused:
        reports.submit(member, report, report.version)
    assert "values.GQ_QUA_HAN" in refused.value.fields


def test_every_typed_indicator_must_be_filled_to_submit(setup):
    indicator_set, _task, unit, member = setup
    report = reports.save_values(member, indicator_set, unit, PERIOD, {"TIEP_NHAN": 3}, "")
    with pytest.raises(ValidationFailed) as refused:
        reports.submit(member, report, report.version)
    assert {"values.DA_GQ", "values.GQ_DUNG_HAN", "values.GQ_QUA_HAN"} <= set(refused.value.fields)
    assert "values.TY_LE_DUNG_HAN" not in refused.value.fields  # computed


def test_a_stale_version_is_refused_with_409(setup):
    indicator_set, _task, unit, member = setup
    report = reports.save_values(member, indicator_set, unit, PERIOD, GOOD, "")
    old = report.version
    reports.save_values(member, indicator_set, unit, PERIOD, GOOD, "mới", old)
    with pytest.raises(Conflict):
        reports.save_values(member, indicator_set, unit, PERIOD, GOOD, "cũ", old)
    with pytest.raises(Conflict):
        reports.submit(member, report, old)


def test_another_units_people_are_refused_with_403(setup, make_user, make_unit):
    indicator_set, _task, unit, member = setup
    stranger = make_user("unit_member", unit=make_unit())
    with pytest.raises(Forbidden):
        reports.save_values(stranger, indicator_set, unit, PERIOD, GOOD, "")
    report = reports.save_values(member, indicator_set, unit, PERIOD, GOOD, "")
    with pytest.raises(Forbidden):
        reports.submit(stranger, report, report.version)
    viewer = make_user("viewer")
    with pytest.raises(Forbidden):
        reports.save_values(viewer, indicator_set, unit, PERIOD, GOOD, "")


def test_the_submission_is_the_checkpoint_done_on_time(setup):
    indicator_set, task, unit, member = setup
    checkpoint = make_checkpoint(task, unit, due=local_today() + timedelta(days=10))
    report = reports.save_values(member, indicator_set, unit, PERIOD, GOOD, "")
    reports.submit(member, report, report.version)
    assert report.state == "submitted"
    assert report.submitted_on == local_today()
    assert checkpoint.state == "done"
    assert checkpoint.completed_on == local_today()
    assert checkpoint.evidence_url.endswith(f"/indicators/MOT_CUA/{PERIOD}/{unit.code}")
    assert classify([checkpoint], local_today())[checkpoint.id] == "done_on_time"


def test_a_submission_after_the_due_date_is_late(setup):
    indicator_set, task, unit, member = setup
    checkpoint = make_checkpoint(
        task,
        unit,
        due=local_today() - timedelta(days=3),
        assigned_on=local_today() - timedelta(days=30),
    )
    report = reports.save_values(member, indicator_set, unit, PERIOD, GOOD, "")
    reports.submit(member, report, report.version)
    assert classify([checkpoint], local_today())[checkpoint.id] == "done_late"


def test_a_staff_submission_waits_for_the_lead_then_is_approved(setup, make_user):
    indicator_set, task, unit, member = setup
    unit.member_reports_need_lead = True
    lead = make_user("unit_lead", unit=unit)
    checkpoint = make_checkpoint(task, unit, due=local_today() + timedelta(days=5))
    report = reports.save_values(member, indicator_set, unit, PERIOD, GOOD, "")
    reports.submit(member, report, report.version)
    assert report.state == "awaiting_approval"
    assert checkpoint.state == "awaiting_confirmation"
    with pytest.raises(ValidationFailed):  # read-only while it waits
        reports.save_values(member, indicator_set, unit, PERIOD, GOOD, "", report.version)
    with pytest.raises(Forbidden):
        reports.approve(member, report)
    reports.approve(lead, report)
    assert report.state == "submitted"
    assert report.approved_by_id == lead.id
    assert checkpoint.state == "done"


def test_the_lead_sends_the_figures_back_with_a_reason(setup, make_user):
    indicator_set, task, unit, member = setup
    unit.member_reports_need_lead = True
    lead = make_user("unit_lead", unit=unit)
    checkpoint = make_checkpoint(task, unit, due=local_today() + timedelta(days=5))
    report = reports.save_values(member, indicator_set, unit, PERIOD, GOOD, "")
    reports.submit(member, report, report.version)
    with pytest.raises(ValidationFailed) as refused:
        reports.send_back(lead, report, "")
    assert "note" in refused.value.fields
    reports.send_back(lead, report, "Số tiếp nhận chưa khớp sổ")
    assert report.state == "draft"
    assert report.submitted_on is None
    assert checkpoint.state == "in_progress"
    reports.save_values(member, indicator_set, unit, PERIOD, GOOD, "sửa", report.version)


def test_a_submitted_report_is_read_only(setup):
    indicator_set, _task, unit, member = setup
    report = reports.save_values(member, indicator_set, unit, PERIOD, GOOD, "")
    reports.submit(member, report, report.version)
    with pytest.raises(ValidationFailed) as refused:
        reports.save_values(member, indicator_set, unit, PERIOD, GOOD, "", report.version)
    assert refused.value.fields["state"].code == "report_submitted"


def test_without_a_task_a_submission_still_works(app_ctx, make_unit, make_user):
    indicator_set = make_set(code="KHAC")
    unit = make_unit()
    member = make_user("unit_member", unit=unit)
    report = reports.save_values(member, indicator_set, unit, PERIOD, GOOD, "")
    reports.submit(member, report, report.version)
    assert report.state == "submitted" and report.assignment is None


def test_a_period_of_another_kind_or_year_is_refused(setup):
    indicator_set, _task, unit, member = setup
    for period in ("2021-07", "2022-Q1", "Q3"):
        with pytest.raises(ValidationFailed) as refused:
            reports.save_values(member, indicator_set, unit, period, GOOD, "")
        assert "period" in refused.value.fields


def test_a_first_save_that_finds_the_report_made_meanwhile_is_a_409(setup, make_user):
    indicator_set, _task, unit, member = setup
    colleague = make_user("unit_member", unit=unit)
    reports.save_values(colleague, indicator_set, unit, PERIOD, GOOD, "")
    with pytest.raises(Conflict):  # made from a page that showed no report yet
        reports.save_values(member, indicator_set, unit, PERIOD, GOOD, "", None)
