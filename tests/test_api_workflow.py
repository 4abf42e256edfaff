"""The whole flow through the API: the office assigns a task to a group, each unit reports,
the office confirms one and sends one back, an extension is approved; classes as of dates."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from tests.conftest import api_create_task as create_task
from tests.conftest import local_today as today


@pytest.fixture
def province(make_unit, make_user, make_group, make_plan):
    units = [make_unit(kind="district", code=code) for code in ("D1", "D2", "D3")]
    make_group(units, code="HUYEN-T", name="UBND các huyện thử")
    return {
        "units": units,
        "leads": [make_user(role="unit_lead", unit=u) for u in units],
        "office": make_user(role="office"),
        "viewer": make_user(role="viewer"),
        "plan": make_plan(code="77/KH-UBND"),
    }


def by_unit(task_json) -> dict[str, dict]:
    return {a["unit_code"]: a for a in task_json["assignments"]}


def test_whole_flow(province, api_as):
    office = api_as(province["office"])
    leads = [api_as(user) for user in province["leads"]]
    due = today() + timedelta(days=20)

    response = create_task(office, due)
    assert response.status_code == 201, response.json
    task = response.json
    assignments = by_unit(task)
    assert set(assignments) == {"D1", "D2", "D3"}
    assert all(a["role"] == "lead" and a["state"] == "not_started" for a in assignments.values())
    assert all(a["deadline_class"] == "on_track" for a in assignments.values())

    evidence = {"document_number": "123/BC-UBND", "document_date": today().isoformat()}
    for code, lead in zip(("D1", "D2"), leads[:2], strict=True):
        a = assignments[code]
        response = lead.post(
            f"/assignments/{a['id']}/updates",
            json={
                "state": "done",
                "note": "Đã xong",
                "evidence": evidence,
                "version": a["version"],
            },
        )
        assert response.status_code == 200, response.json
        assert response.json["state"] == "awaiting_confirmation"
        assert response.json["completed_on"] == today().isoformat()
        assert response.json["deadline_class"] == "done_on_time"

    d3 = assignments["D3"]
    response = leads[2].post(
        f"/assignments/{d3['id']}/updates",
        json={"state": "in_progress", "progress": 40, "version": d3["version"]},
    )
    assert response.status_code == 200
    assert response.json["progress"] == 40

    response = office.post(
        f"/assignments/{assignments['D1']['id']}/confirmation", json={"accept": True}
    )
    assert response.status_code == 200 and response.json["state"] == "done"
    response = office.post(
        f"/assignments/{assignments['D2']['id']}/confirmation",
        json={"accept": False, "note": "Thiếu phụ lục số liệu"},
    )
    assert response.status_code == 200
    assert response.json["state"] == "in_progress"
    assert response.json["completed_on"] is None

    wanted = due + timedelta(days=30)
    response = leads[2].post(
        f"/assignments/{d3['id']}/extension-requests",
        json={"due_date": wanted.isoformat(), "reason": "Chờ số liệu"},
    )
    assert response.status_code == 201, response.json
    response = office.post(
        f"/extension-requests/{response.json['id']}/decision",
        json={"approve": True, "note": "Đồng ý"},
    )
    assert response.status_code == 200 and response.json["decision"] == "approved"

    task = office.get(f"/tasks/{task['id']}").json
    d3_now = by_unit(task)["D3"]
    assert d3_now["due_date"] == wanted.isoformat()
    assert d3_now["original_due_date"] == due.isoformat()

    def classes(as_of: date) -> dict[str, str]:
        items = office.get("/assignments", plan="77/KH-UBND", as_of=as_of.isoformat()).json
        return {a["unit_code"]: a["deadline_class"] for a in items["items"]}

    assert classes(today()) == {"D1": "done_on_time", "D2": "on_track", "D3": "on_track"}
    # Before today the task had not been given to anyone: it is in no list of that day.
    assert classes(today() - timedelta(days=1)) == {}
    # Past the original due date: D2 (sent back) is overdue; D3 is judged by its extension.
    later = due + timedelta(days=1)
    assert classes(later) == {"D1": "done_on_time", "D2": "overdue", "D3": "on_track"}
    assert classes(wanted - timedelta(days=3)) == {
        "D1": "done_on_time",
        "D2": "overdue",
        "D3": "due_soon",
    }
    assert classes(wanted + timedelta(days=1))["D3"] == "overdue"

    overdue = office.get(
        "/assignments", plan="77/KH-UBND", deadline_class="overdue", as_of=later.isoformat()
    ).json
    assert overdue["total"] == 1 and overdue["items"][0]["unit_code"] == "D2"


def test_unit_lead_cannot_update_another_units_assignment(province, api_as):
    office = api_as(province["office"])
    task = create_task(office, today() + timedelta(days=5)).json
    other = by_unit(task)["D2"]
    response = api_as(province["leads"][0]).post(
        f"/assignments/{other['id']}/updates",
        json={"state": "in_progress", "progress": 10, "version": other["version"]},
    )
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"
    assert office.get(f"/tasks/{task['id']}").json["assignments"][1]["progress"] == 0


def test_viewer_changes_nothing(province, api_as):
    office = api_as(province["office"])
    task = create_task(office, today() + timedelta(days=5)).json
    viewer = api_as(province["viewer"])
    a = task["assignments"][0]
    assert (
        viewer.post(
            f"/assignments/{a['id']}/updates", json={"state": "in_progress", "version": 1}
        ).status_code
        == 403
    )
    assert create_task(viewer, today(), number="X.1").status_code == 403
    assert viewer.get("/assignments").status_code == 200


def test_unit_lead_cannot_create_tasks_or_confirm(province, api_as):
    office = api_as(province["office"])
    lead = api_as(province["leads"][0])
    refused = create_task(lead, today(), number="X.2")
    assert refused.status_code == 403
    assert office.get("/assignments", plan="77/KH-UBND").json["total"] == 0

    # Not even the completion its own unit reported.
    a = by_unit(create_task(office, today() + timedelta(days=5)).json)["D1"]
    reported = lead.post(
        f"/assignments/{a['id']}/updates",
        json={
            "state": "done",
            "evidence": {"url": "https://quangtri.gov.vn/vb/2"},
            "version": a["version"],
        },
    )
    assert reported.json["state"] == "awaiting_confirmation"
    for decision in ({"accept": True}, {"accept": False, "note": "Tự trả lại"}):
        response = lead.post(f"/assignments/{a['id']}/confirmation", json=decision)
        assert response.status_code == 403, response.json
        assert response.json["error"]["code"] == "forbidden"
    after = office.get("/assignments", unit="D1").json["items"][0]
    assert after["state"] == "awaiting_confirmation"
    assert after["completed_on"] == today().isoformat()


def test_stale_version_is_refused_with_409_and_nothing_is_overwritten(province, api_as):
    office = api_as(province["office"])
    a = by_unit(create_task(office, today() + timedelta(days=5)).json)["D1"]
    lead = api_as(province["leads"][0])
    first = lead.post(
        f"/assignments/{a['id']}/updates",
        json={"state": "in_progress", "progress": 30, "version": a["version"]},
    )
    assert first.status_code == 200
    stale = lead.post(
        f"/assignments/{a['id']}/updates",
        json={"state": "in_progress", "progress": 90, "version": a["version"]},
    )
    assert stale.status_code == 409
    assert stale.json["error"]["code"] == "conflict"
    # Said to the person, in Vietnamese by default, with no version number in it.
    assert stale.json["error"]["message"].startswith("Trong lúc bạn thao tác, người khác")
    assert not any(ch.isdigit() for ch in stale.json["error"]["message"])
    current = office.get("/assignments", unit="D1").json["items"][0]
    assert current["progress"] == 30


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"state": "in_progress", "progress": 150}, "progress"),
        ({"state": "in_progress", "progress": "lots"}, "progress"),
        ({"state": "finished"}, "state"),
        ({"state": "done"}, "evidence"),
        (
            {
                "state": "done",
                "evidence": {"document_number": "1/BC", "document_date": "31/02/2021"},
            },
            "evidence.document_date",
        ),
        ({"state": "done", "evidence": {"url": "javascript:alert(1)"}}, "evidence.url"),
        ({"progress": 10}, "state"),
    ],
)
def test_bad_update_gets_422_naming_the_field(province, api_as, payload, field):
    office = api_as(province["office"])
    a = by_unit(create_task(office, today() + timedelta(days=5)).json)["D1"]
    response = api_as(province["leads"][0]).post(
        f"/assignments/{a['id']}/updates", json=payload | {"version": a["version"]}
    )
    assert response.status_code == 422, response.json
    assert field in response.json["error"]["fields"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"due_date": "2021-13-01"}, "due_date"),
        ({"lead_units": ["Sở Không Tồn Tại"]}, "lead_units"),
        ({"lead_units": []}, "lead_units"),
        ({"title": ""}, "title"),
        ({"plan_code": "nope"}, "plan_code"),
    ],
)
def test_bad_task_gets_422_naming_the_field(province, api_as, payload, field):
    office = api_as(province["office"])
    body = {
        "plan_code": "77/KH-UBND",
        "number": "I.9",
        "title": "T",
        "lead_units": ["D1"],
        "due_date": "2026-12-31",
    } | payload
    response = office.post("/tasks", json=body)
    assert response.status_code == 422, response.json
    assert field in response.json["error"]["fields"]


def test_office_moves_a_due_date_with_a_reason_and_the_original_is_kept(province, api_as):
    office = api_as(province["office"])
    due = today() + timedelta(days=5)
    a = by_unit(create_task(office, due).json)["D1"]
    assert (
        office.patch(f"/assignments/{a['id']}", json={"due_date": "2027-01-15"}).status_code == 422
    )  # no reason
    response = office.patch(
        f"/assignments/{a['id']}", json={"due_date": "2027-01-15", "reason": "Theo chỉ đạo mới"}
    )
    assert response.status_code == 200
    assert response.json["due_date"] == "2027-01-15"
    assert response.json["original_due_date"] == due.isoformat()


def test_office_cancels_one_assignment(province, api_as):
    office = api_as(province["office"])
    a = by_unit(create_task(office, today() + timedelta(days=5)).json)["D2"]
    response = office.patch(
        f"/assignments/{a['id']}", json={"state": "cancelled", "reason": "Đơn vị sáp nhập"}
    )
    assert response.status_code == 200
    assert response.json["state"] == "cancelled"
    assert response.json["deadline_class"] == "cancelled"


def test_extension_must_be_requested_before_the_due_date(province, api_as, db_session):
    office = api_as(province["office"])
    a = by_unit(create_task(office, today() - timedelta(days=1)).json)["D1"]
    response = api_as(province["leads"][0]).post(
        f"/assignments/{a['id']}/extension-requests",
        json={"due_date": (today() + timedelta(days=30)).isoformat(), "reason": "Muộn"},
    )
    assert response.status_code == 422
    assert "due_date" in response.json["error"]["fields"]


@pytest.mark.parametrize("meanwhile", ["cancelled", "re-dated"])
def test_approval_is_refused_when_the_assignment_moved_on(province, api_as, meanwhile):
    office = api_as(province["office"])
    task = create_task(office, today() + timedelta(days=5)).json
    a = by_unit(task)["D1"]
    wanted = today() + timedelta(days=20)
    request = api_as(province["leads"][0]).post(
        f"/assignments/{a['id']}/extension-requests",
        json={"due_date": wanted.isoformat(), "reason": "Chờ số liệu"},
    )
    assert request.status_code == 201, request.json
    change = (
        {"state": "cancelled", "reason": "Đơn vị sáp nhập"}
        if meanwhile == "cancelled"
        else {"due_date": (wanted + timedelta(days=10)).isoformat(), "reason": "Lùi hạn chung"}
    )
    assert office.patch(f"/assignments/{a['id']}", json=change).status_code == 200
    response = office.post(
        f"/extension-requests/{request.json['id']}/decision", json={"approve": True}
    )
    assert response.status_code == 422
    assert "approve" in response.json["error"]["fields"]
    after = by_unit(office.get(f"/tasks/{task['id']}").json)["D1"]
    assert after["due_date"] != wanted.isoformat()
    # Rejecting (with a reason) still closes the request.
    response = office.post(
        f"/extension-requests/{request.json['id']}/decision",
        json={"approve": False, "note": "Không còn cần"},
    )
    assert response.status_code == 200, response.json


def test_task_without_confirmation_is_done_when_reported(province, api_as):
    office = api_as(province["office"])
    task = create_task(office, today() + timedelta(days=5), needs_confirmation=False).json
    a = by_unit(task)["D1"]
    response = api_as(province["leads"][0]).post(
        f"/assignments/{a['id']}/updates",
        json={
            "state": "done",
            "evidence": {"url": "https://quangtri.gov.vn/vb/1"},
            "version": a["version"],
        },
    )
    assert response.json["state"] == "done"


def test_no_token_is_401_and_a_revoked_token_stops_working(province, app, client):
    from tracker.accounts.api_tokens import create_token, revoke_token

    assert client.get("/api/v1/units").status_code == 401
    token, raw = create_token(province["office"], "script")
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/v1/units", headers=headers).status_code == 200
    revoke_token(province["office"], token.id)
    assert client.get("/api/v1/units", headers=headers).status_code == 401


def test_session_callers_need_the_csrf_header_for_writes(province, client, login):
    login(province["office"])
    response = client.post("/api/v1/tasks", json={"plan_code": "77/KH-UBND"})
    assert response.status_code == 400
    assert response.json["error"]["code"] == "csrf"


def test_reference_lists(province, api_as):
    api = api_as(province["viewer"])
    units = api.get("/units").json["items"]
    assert {"code", "name", "short_name", "kind", "parent_code", "aliases"} <= set(units[0])
    groups = api.get("/unit-groups").json["items"]
    assert any(
        g["name"] == "UBND các huyện thử" and g["unit_codes"] == ["D1", "D2", "D3"] for g in groups
    )
    plans = api.get("/plans").json["items"]
    assert {"code": "77/KH-UBND", "year": 2026}.items() <= plans[0].items()


def test_openapi_document_describes_every_route(app, client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.")
    paths = set(document["paths"])
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api.") and rule.endpoint != "api.openapi_json":
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
            assert path in paths, path
