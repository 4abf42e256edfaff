"""The office edits plans and tasks and cancels them; a unit sets who agrees to reports."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from tests.conftest import api_create_task as create_task
from tests.conftest import csrf_from
from tests.conftest import local_today as today


def test_office_edits_a_task_and_it_is_audited(client, login, workbench, db_session):
    from tracker.audit.models import AuditEvent
    from tracker.plans.models import Task

    login(workbench["office"])
    task_id = workbench["task"]["id"]
    token = csrf_from(client, f"/tasks/{task_id}/edit")
    response = client.post(
        f"/tasks/{task_id}/edit",
        data={
            "csrf_token": token,
            "number": "II.4",
            "title": "Rà soát, đơn giản hóa TTHC",
            "expected_output": "Quyết định công bố",
            "deadline_text": "Quý IV/2026",
            "needs_confirmation": "y",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    task = db_session.get(Task, task_id)
    db_session.refresh(task)
    assert (task.number, task.expected_output) == ("II.4", "Quyết định công bố")
    event = db_session.scalar(select(AuditEvent).where(AuditEvent.action == "task.update"))
    assert event.details["changes"]["number"] == ["II.3", "II.4"]


def test_office_cancels_a_whole_task(client, login, workbench, db_session):
    from tracker.assignments.models import Assignment

    login(workbench["office"])
    task_id = workbench["task"]["id"]
    token = csrf_from(client, f"/tasks/{task_id}")
    unconfirmed = client.post(
        f"/tasks/{task_id}/cancel", data={"csrf_token": token, "reason": "Trùng lặp"}
    )
    assert unconfirmed.status_code == 302
    states = set(db_session.scalars(select(Assignment.state).where(Assignment.task_id == task_id)))
    assert "cancelled" not in states, "the confirmation box was not ticked"
    page = client.get(f"/tasks/{task_id}").get_data(as_text=True)
    assert "Đánh dấu vào ô xác nhận" in page
    client.post(
        f"/tasks/{task_id}/cancel",
        data={"csrf_token": token, "reason": "Trùng lặp", "confirm": "y"},
    )
    states = set(db_session.scalars(select(Assignment.state).where(Assignment.task_id == task_id)))
    assert states == {"cancelled"}


def test_member_report_waits_for_the_lead_when_the_unit_says_so(
    client,
    login,
    workbench,
    api_as,
    db_session,
):
    office = api_as(workbench["office"])
    task = create_task(
        office,
        today() + timedelta(days=9),
        number="III.1",
        lead_units=["SA"],
        needs_confirmation=False,
    ).json
    a = task["assignments"][0]
    login(workbench["lead"])
    token = csrf_from(client, "/units/SA")
    client.post("/units/SA/settings", data={"csrf_token": token, "member_reports_need_lead": "y"})
    response = api_as(workbench["member"]).post(
        f"/assignments/{a['id']}/updates",
        json={"state": "done", "evidence": {"document_number": "9/BC"}, "version": a["version"]},
    )
    assert response.json["state"] == "awaiting_confirmation"
    confirm = api_as(workbench["lead"]).post(
        f"/assignments/{a['id']}/confirmation", json={"accept": True}
    )
    assert confirm.status_code == 200 and confirm.json["state"] == "done"


def test_another_units_lead_cannot_change_its_settings(client, login, workbench):
    login(workbench["other_lead"])
    token = csrf_from(client, "/units/SA")
    response = client.post(
        "/units/SA/settings", data={"csrf_token": token, "member_reports_need_lead": "y"}
    )
    assert response.status_code == 403


def test_office_edits_a_plan(client, login, workbench, db_session):
    from tracker.plans.models import Plan

    login(workbench["office"])
    plan = db_session.scalar(select(Plan).where(Plan.code == "77/KH-UBND"))
    token = csrf_from(client, f"/plans/{plan.id}/edit")
    response = client.post(
        f"/plans/{plan.id}/edit",
        data={
            "csrf_token": token,
            "code": plan.code,
            "title": "Kế hoạch tuyên truyền CCHC",
            "year": "2026",
            "issued_on": "13/01/2026",
        },
    )
    assert response.status_code == 302
    db_session.refresh(plan)
    assert plan.title == "Kế hoạch tuyên truyền CCHC"
    assert plan.issued_on.isoformat() == "2026-01-13"
