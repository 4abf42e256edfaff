"""A recurring task's rule through the pages and the API (#18): the task forms (new and edit)
with the recurrence, the due rule, day N, working days and the yearly self-report, the plan's
default rule, and each refusal in Vietnamese next to its field."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tests.conftest import csrf_from
from tracker.assignments.models import Assignment
from tracker.plans.models import Plan, Task


def dues(db_session, task_id: int, unit: str = "SA") -> dict[str, date]:
    rows = db_session.scalars(
        select(Assignment).where(Assignment.task_id == task_id, Assignment.state != "cancelled")
    )
    return {a.period: a.due_date for a in rows if a.unit.code == unit}


def new_task_form(client, plan_id: int, **fields):
    token = csrf_from(client, f"/plans/{plan_id}/tasks/new")
    data = {
        "csrf_token": token,
        "number": "IV.2",
        "title": "Báo cáo định kỳ công tác CCHC",
        "lead_units": ["SA"],
        "needs_confirmation": "y",
    } | fields
    return client.post(f"/plans/{plan_id}/tasks/new", data=data)


def test_the_office_makes_a_quarterly_task_with_its_rule_on_the_form(
    client, login, workbench, db_session
):
    login(workbench["office"])
    plan = db_session.scalar(select(Plan).where(Plan.code == "77/KH-UBND"))
    page = client.get(f"/plans/{plan.id}/tasks/new").get_data(as_text=True)
    assert 'value="six_monthly"' in page and "Quy tắc hạn của mỗi kỳ" in page
    response = new_task_form(
        client,
        plan.id,
        recurrence="quarterly",
        due_rule="days_after_end",
        due_day="5",
        due_in_working_days="y",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    task = db_session.scalar(select(Task).where(Task.number == "IV.2"))
    assert (task.due_rule, task.due_day, task.due_in_working_days) == ("days_after_end", 5, True)
    assert sorted(dues(db_session, task.id)) == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert dues(db_session, task.id)["2026-Q3"] == date(2026, 10, 7)


def test_the_forms_refusals_stand_next_to_their_fields(client, login, workbench, db_session):
    login(workbench["office"])
    plan = db_session.scalar(select(Plan).where(Plan.code == "77/KH-UBND"))
    cases = [
        (
            {"recurrence": "quarterly", "due_rule": "day_of_last_month", "due_day": "40"},
            "due_day",
            "Nhập số nguyên từ 1 đến 31",
        ),
        (
            {"due_rule": "day_of_last_month", "due_day": "15", "due_date": "30/06/2026"},
            "due_rule",
            "Quy tắc hạn chỉ dùng cho nhiệm vụ lặp lại",
        ),
        (
            {"recurrence": "quarterly", "due_date": "30/06/2026"},
            "due_date",
            "không có một thời hạn duy nhất",
        ),
        (
            {"recurrence": "quarterly", "yearly_self_report": "y"},
            "yearly_self_report",
            "Chỉ yêu cầu tự báo cáo hằng năm đối với nhiệm vụ thường xuyên",
        ),
        ({"recurrence": "quarterly", "due_day": "10"}, "due_rule", "Chọn quy tắc hạn cho ngày này"),
    ]
    for fields, name, words in cases:
        response = new_task_form(client, plan.id, **fields)
        page = response.get_data(as_text=True)
        assert response.status_code == 422, fields
        at = page.index(f'id="{name}"')
        assert words in page[at : at + 1500], (fields, page[at : at + 1500])
    assert db_session.scalar(select(Task).where(Task.number == "IV.2")) is None


def test_editing_the_rule_re_dates_the_checkpoints(client, login, workbench, db_session):
    login(workbench["office"])
    plan = db_session.scalar(select(Plan).where(Plan.code == "77/KH-UBND"))
    new_task_form(client, plan.id, recurrence="quarterly")
    task = db_session.scalar(select(Task).where(Task.number == "IV.2"))
    assert dues(db_session, task.id)["2026-Q2"] == date(2026, 6, 15)
    page = client.get(f"/tasks/{task.id}/edit").get_data(as_text=True)
    assert '<option selected value="quarterly">' in page
    token = csrf_from(client, f"/tasks/{task.id}/edit")
    response = client.post(
        f"/tasks/{task.id}/edit",
        data={
            "csrf_token": token,
            "number": "IV.2",
            "title": task.title,
            "needs_confirmation": "y",
            "recurrence": "quarterly",
            "due_rule": "day_of_next_period",
            "due_day": "5",
            "schedule_reason": "Theo Công văn 45/SNV",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    db_session.expire_all()
    assert dues(db_session, task.id)["2026-Q2"] == date(2026, 7, 5)


def test_the_plans_default_rule_is_set_on_its_page(client, login, workbench, db_session):
    plan = db_session.scalar(select(Plan).where(Plan.code == "77/KH-UBND"))
    login(workbench["lead"])
    token = csrf_from(client, f"/plans/{plan.id}")
    refused = client.post(
        f"/plans/{plan.id}/due-rule",
        data={"csrf_token": token, "due_rule": "days_after_end", "due_day": "10"},
    )
    assert refused.status_code == 403
    client.post("/logout", data={"csrf_token": token})
    login(workbench["office"])
    new_task_form(client, plan.id, recurrence="six_monthly")
    task = db_session.scalar(select(Task).where(Task.number == "IV.2"))
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert 'id="plan-due-rule"' in page and "Trước ngày 15 của tháng cuối kỳ" in page
    token = csrf_from(client, f"/plans/{plan.id}")
    bad = client.post(
        f"/plans/{plan.id}/due-rule",
        data={"csrf_token": token, "due_rule": "days_after_end", "due_day": "0"},
        follow_redirects=True,
    )
    assert "Nhập số nguyên từ 1 đến 31" in bad.get_data(as_text=True)
    client.post(
        f"/plans/{plan.id}/due-rule",
        data={"csrf_token": token, "due_rule": "days_after_end", "due_day": "10"},
    )
    db_session.expire_all()
    assert (plan.default_due_rule, plan.default_due_day) == ("days_after_end", 10)
    assert dues(db_session, task.id) == {"2026-H1": date(2026, 7, 10), "2026-H2": date(2027, 1, 10)}


def test_the_api_takes_and_shows_the_rule(api_as, workbench):
    api = api_as(workbench["office"])
    body = {
        "plan_code": "77/KH-UBND",
        "number": "IV.3",
        "title": "Tự kiểm tra công tác CCHC",
        "lead_units": ["UBND các huyện thử"],
        "recurrence": "quarterly",
        "due_rule": "day_of_last_month",
        "due_day": 20,
        "due_in_working_days": True,
    }
    created = api.post("/tasks", json=body)
    assert created.status_code == 201, created.json
    task = created.json
    assert (task["due_rule"], task["due_day"], task["due_in_working_days"]) == (
        "day_of_last_month",
        20,
        True,
    )
    assert task["rule_in_force"]["kind"] == "day_of_last_month"
    assert task["rule_in_force"]["text"] == "Trước ngày 20 của tháng cuối kỳ"
    assert len(task["assignments"]) == 8
    # 20/09/2026 is a Sunday: a rule in working days ends on Monday 21/09.
    assert sorted({a["due_date"] for a in task["assignments"]}) == [
        "2026-03-20",
        "2026-06-22",
        "2026-09-21",
        "2026-12-21",
    ]
    plans = api.get("/plans").json["items"]
    plan = next(p for p in plans if p["code"] == "77/KH-UBND")
    assert (plan["default_due_rule"], plan["default_due_day"]) == ("day_of_last_month", 15)
    for extra, field, code in [
        ({"due_day": 0}, "due_day", "out_of_range"),
        ({"due_day": "15"}, "due_day", "out_of_range"),
        ({"due_rule": "weekly"}, "due_rule", "one_of"),
        ({"recurrence": None}, "due_rule", "rule_needs_periods"),
        ({"yearly_self_report": True}, "yearly_self_report", "self_report_needs_continuous"),
        ({"due_date": "2026-06-30"}, "due_date", "recurring_has_no_due_date"),
    ]:
        refused = api.post("/tasks", json=body | {"number": "IV.4"} | extra)
        assert refused.status_code == 422, extra
        assert refused.json["error"]["problems"][field]["code"] == code, refused.json
    one_off = api.post(
        "/tasks",
        json=body
        | {
            "number": "IV.5",
            "recurrence": None,
            "due_rule": None,
            "due_day": None,
            "due_in_working_days": False,
            "due_date": "2026-06-30",
        },
    ).json
    assert one_off["rule_in_force"] is None and len(one_off["assignments"]) == 2
