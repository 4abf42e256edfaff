"""A checkpoint (an assignment with its period) is shown like a one-off assignment, with its
period in its title everywhere ("II.3 · Quý III/2021"), is counted as one item of the status
view, appears in /api/v1/assignments with `period`, filters by it, and is updated through the
same endpoints."""

from __future__ import annotations

from datetime import date

import pytest

from tests.checkpoints_support import make_checkpoints, recurring_task

QUARTERS = ["2021-Q1", "2021-Q2", "2021-Q3", "2021-Q4"]


@pytest.fixture
def world(app, db_session, make_unit, make_user, make_plan, api_as):
    """A unit with four quarterly checkpoints of II.3 (2021) and a one-off assignment of I.1.
    Made in a request context of its own (as the API's requests run outside the test's), then
    read again in the test's session."""
    from tracker.assignments.changes import assign_unit
    from tracker.assignments.models import Assignment
    from tracker.extensions import db
    from tracker.plans.models import Task

    unit = make_unit(code="SNV", name="Sở Nội vụ thử", short_name="SNV")
    office = make_user(role="office")
    lead = make_user(role="unit_lead", unit=unit)
    plan = make_plan(code="5959/KH-THU", year=2021)
    with app.test_request_context():
        actor, here, plan_row = (db.session.merge(row) for row in (office, unit, plan))
        task = recurring_task(plan_row)
        ids = {a.period: a.id for a in make_checkpoints(actor, task, here, QUARTERS)}
        once = Task(
            plan=plan_row,
            number="I.1",
            title="Ban hành quy chế một cửa",
            due_date=date(2021, 6, 30),
        )
        db.session.add(once)
        one_off = assign_unit(actor, once, here, "lead", date(2021, 6, 30))
        db.session.commit()
        task_id, one_off_id = task.id, one_off.id
    return {
        "unit": unit,
        "office": office,
        "lead": lead,
        "plan": plan,
        "task": db_session.get(Task, task_id),
        "checkpoints": {code: db_session.get(Assignment, i) for code, i in ids.items()},
        "one_off": db_session.get(Assignment, one_off_id),
        "api": api_as(office),
        "lead_api": api_as(lead),
    }


def page(client, path, status=200) -> str:
    response = client.get(path)
    assert response.status_code == status, response.status_code
    return response.get_data(as_text=True)


def test_the_title_of_a_checkpoint_carries_its_period(app, world):
    with app.test_request_context(headers={"Accept-Language": "vi"}):
        q3 = world["checkpoints"]["2021-Q3"]
        assert q3.numbered == "II.3 · Quý III/2021"
        assert world["one_off"].numbered == "I.1"


def test_pages_show_the_period_with_the_number(world, client, login):
    login(world["office"])
    q3 = world["checkpoints"]["2021-Q3"]
    assignment_page = page(client, f"/assignments/{q3.id}")
    assert "II.3 · Quý III/2021. Báo cáo tình hình CCHC hằng quý" in assignment_page
    listed = page(client, f"/tasks/?plan={world['plan'].code}")
    for label in ("Quý I/2021", "Quý II/2021", "Quý III/2021", "Quý IV/2021"):
        assert f"II.3 · {label}" in listed
    assert ">I.1<" in listed  # a one-off keeps its plain number


def test_my_unit_page_shows_the_period(world, client, login):
    login(world["lead"])
    mine = page(client, "/my")
    assert "II.3 · Quý III/2021" in mine and "II.3 · Quý IV/2021" in mine


def test_the_task_page_lists_the_checkpoints_by_period_each_with_its_class(world, client, login):
    login(world["office"])
    body = page(client, f"/tasks/{world['task'].id}")
    headings = [body.index(f'id="p{code}"') for code in QUARTERS]
    assert headings == sorted(headings)  # in period order
    assert "Quý III/2021 (1)" in body
    for code, checkpoint in world["checkpoints"].items():
        row = body.index(f'id="a{checkpoint.id}"')
        assert body.index(f'id="p{code}"') < row  # under its own period
        following = [body.index(f'id="p{c}"') for c in QUARTERS if body.index(f'id="p{c}"') > row]
        assert not following or row < min(following)
        # Each with its class: all of 2021 is past, none done: overdue.
        cell = body[row : body.index("</tr>", row)]
        assert "dc-overdue" in cell


def test_the_status_view_counts_each_checkpoint_as_one_item(world):
    api = world["api"]
    plan = world["plan"].code
    figures = api.get("/status/units", plan=plan).json
    row = next(u for u in figures["units"] if u["unit_code"] == "SNV")
    assert row["total"] == 5  # four checkpoints and the one-off assignment
    assert row["overdue"] == 5
    only_q3 = api.get("/status/units", plan=plan, checkpoint="Quý III/2021").json
    assert only_q3["filters"]["checkpoint"] == "2021-Q3"
    assert only_q3["totals"]["total"] == 1
    assert "checkpoint" not in figures["filters"]  # said only when asked for


def test_the_api_gives_each_checkpoint_its_period_and_the_task_its_number(world):
    api = world["api"]
    items = api.get("/assignments", plan=world["plan"].code, per_page=50).json["items"]
    assert len(items) == 5
    by_id = {item["id"]: item for item in items}
    q3 = by_id[world["checkpoints"]["2021-Q3"].id]
    assert q3["period"] == "2021-Q3" and q3["period_label"] == "Quý III/2021"
    assert q3["task"]["number"] == "II.3"
    assert q3["due_date"] == "2021-09-15"
    one_off = by_id[world["one_off"].id]
    assert one_off["period"] is None and one_off["period_label"] == ""
    task = api.get(f"/tasks/{world['task'].id}").json
    assert sorted(a["period"] for a in task["assignments"]) == QUARTERS


@pytest.mark.parametrize("written", ["2021-Q3", "Quý III/2021", "quy 3/2021"])
def test_the_api_list_filters_by_checkpoint_period(world, written):
    api = world["api"]
    answer = api.get("/assignments", plan=world["plan"].code, checkpoint=written).json
    assert [item["period"] for item in answer["items"]] == ["2021-Q3"]
    assert answer["total"] == 1


def test_a_checkpoint_period_that_is_no_period_is_refused_by_name(world):
    answer = world["api"].get("/assignments", checkpoint="01/07/2021..15/08/2021")
    assert answer.status_code == 422
    assert answer.json["error"]["problems"]["checkpoint"]["code"] == "not_a_checkpoint_period"


def test_the_due_period_filter_still_means_due_dates_within_it(world):
    api = world["api"]
    answer = api.get("/assignments", plan=world["plan"].code, period="2021-Q2").json
    # The Q2 checkpoint (due 15/06) and the one-off due 30/06.
    assert {item["id"] for item in answer["items"]} == {
        world["checkpoints"]["2021-Q2"].id,
        world["one_off"].id,
    }


def test_the_page_list_filters_by_checkpoint_period_and_explains_a_bad_one(world, client, login):
    login(world["office"])
    body = page(client, f"/tasks/?plan={world['plan'].code}&checkpoint=2021-Q4")
    assert "II.3 · Quý IV/2021" in body and "II.3 · Quý III/2021" not in body
    assert 'name="checkpoint" value="2021-Q4"' in body
    refused = page(client, "/tasks/?checkpoint=mùa+thu", status=422)
    assert "không phải là một kỳ của nhiệm vụ định kỳ" in refused


def test_a_checkpoint_is_updated_through_the_same_endpoints(world):
    q3 = world["checkpoints"]["2021-Q3"]
    reported = world["lead_api"].post(
        f"/assignments/{q3.id}/updates",
        json={"state": "in_progress", "progress": 40, "version": q3.version},
    )
    assert reported.status_code == 200, reported.json
    assert reported.json["period"] == "2021-Q3" and reported.json["progress"] == 40
    moved = world["api"].patch(
        f"/assignments/{q3.id}",
        json={
            "due_date": "2021-09-30",
            "reason": "Lùi hạn báo cáo quý",
            "version": reported.json["version"],
        },
    )
    assert moved.status_code == 200, moved.json
    assert moved.json["due_date"] == "2021-09-30" and moved.json["period"] == "2021-Q3"
    # The other checkpoints of the same task and unit are untouched.
    items = world["api"].get("/assignments", checkpoint="2021-Q4").json["items"]
    assert [i["progress"] for i in items] == [0] and items[0]["due_date"] == "2021-12-15"
    stale = world["api"].patch(
        f"/assignments/{q3.id}",
        json={"due_date": "2021-10-15", "reason": "Lần nữa", "version": reported.json["version"]},
    )
    assert stale.status_code == 409
