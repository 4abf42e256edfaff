"""Open work left with a closed unit (#17): when the successor held the same task already, the
closed unit's open assignment stays where it is; the successor's people act for it (the one
permission check, permissions.acts_for_unit), and find it in their unit's list (/my, and
GET /assignments?unit=…&inherited=true), marked with the closed unit's name."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest

from tests.conftest import local_today
from tracker.core.permissions import acts_for_unit, can, is_lead_of

# Past days counted from the day the module loaded; a test asks local_today() for today.
LOADED_ON = local_today()
LONG_AGO = LOADED_ON - timedelta(days=60)
EFFECTIVE = LOADED_ON - timedelta(days=10)


def test_a_unit_user_acts_for_their_unit_and_the_units_closed_into_it(
    app_ctx, make_unit, make_user
):
    today = local_today()
    newest = make_unit(code="C")
    middle = make_unit(code="B", valid_to=today - timedelta(days=20), successor=newest)
    oldest = make_unit(code="A", valid_to=today - timedelta(days=40), successor=middle)
    # Closes only tomorrow: its own people still act for it, not yet its successor's.
    closing = make_unit(code="D", valid_to=today, successor=newest)
    other = make_unit(code="E")
    member = make_user(role="unit_member", unit=newest)
    lead = make_user(role="unit_lead", unit=newest)
    stranded = make_user(role="unit_member", unit=oldest)
    office = make_user(role="office")

    for unit in (newest, middle, oldest):  # transitively, by the successors
        assert acts_for_unit(member, unit.id) and can(member, "update_assignment", unit.id)
        assert is_lead_of(lead, unit.id) and not is_lead_of(member, unit.id)
    assert not acts_for_unit(member, closing.id) and not acts_for_unit(member, other.id)
    assert not can(member, "update_assignment", unit_id=other.id)
    # Backwards, no: a closed unit's people do not act for the unit it became.
    assert acts_for_unit(stranded, oldest.id) and not acts_for_unit(stranded, newest.id)
    # The office acts for every unit through its role, for none as a unit's people.
    assert can(office, "update_assignment", unit_id=oldest.id)
    assert not acts_for_unit(office, oldest.id)
    assert not can(make_user(role="viewer"), "update_assignment", unit_id=newest.id)


@pytest.fixture
def merged(make_unit, make_user, make_plan, api_as):
    """CU closes into MOI on EFFECTIVE. Task 1 was given to both: CU's open assignment stays
    with CU (left open); task 2 only to CU (moves); task 3 to both, done by CU (kept)."""
    old = make_unit(code="CU", name="Sở Cũ", short_name="Sở Cũ", valid_from=LONG_AGO)
    new = make_unit(code="MOI", name="Sở Mới", short_name="Sở Mới", valid_from=LONG_AGO)
    people = {
        "office": make_user(role="office"),
        "old_lead": make_user(role="unit_lead", unit=old),
        "new_member": make_user(role="unit_member", unit=new),
        "other_member": make_user(role="unit_member"),
    }
    make_plan(code="KH-TT")
    api = {name: api_as(person) for name, person in people.items()}
    office = api["office"]
    for number, units in (("1", ["CU", "MOI"]), ("2", ["CU"]), ("3", ["CU", "MOI"])):
        made = office.post(
            "/tasks",
            json={
                "plan_code": "KH-TT",
                "number": number,
                "title": f"Nhiệm vụ {number}",
                "lead_units": units,
                "due_date": (local_today() + timedelta(days=20)).isoformat(),
                "assigned_on": LONG_AGO.isoformat(),
                "assigned_on_reason": "Theo kế hoạch",
                "needs_confirmation": False,
            },
        )
        assert made.status_code == 201, made.json
    held = {a["task"]["number"]: a for a in office.get("/assignments", unit="CU").json["items"]}
    reported = api["old_lead"].post(
        f"/assignments/{held['3']['id']}/updates",
        json={
            "state": "done",
            "version": held["3"]["version"],
            "evidence": {"document_number": "1/BC", "document_date": LONG_AGO.isoformat()},
        },
    )
    assert reported.status_code == 200, reported.json
    # Before the closing, the work of CU is CU's people's alone.
    refused = api["new_member"].post(
        f"/assignments/{held['1']['id']}/updates",
        json={"state": "in_progress", "progress": 10, "version": held["1"]["version"]},
    )
    assert refused.status_code == 403
    dissolved = office.patch(
        "/units/CU",
        json={
            "dissolve": {
                "effective_date": EFFECTIVE.isoformat(),
                "successor": "MOI",
                "decision": "QĐ 7/QĐ-UBND",
            }
        },
    )
    assert dissolved.status_code == 200, dissolved.json
    return {"ids": {n: a["id"] for n, a in held.items()}, "people": people, "api": api}


def listed(api, **query) -> dict[int, dict]:
    answer = api.get("/assignments", **query)
    assert answer.status_code == 200, answer.json
    return {a["id"]: a for a in answer.json["items"]}


def test_the_successors_people_update_the_work_left_with_the_closed_unit(merged):
    ids, api = merged["ids"], merged["api"]
    left = listed(api["office"], unit="CU")[ids["1"]]
    assert left["state"] == "not_started"  # left open with CU: MOI held task 1 already
    assert ids["2"] not in listed(api["office"], unit="CU")  # moved to MOI
    updated = api["new_member"].post(
        f"/assignments/{ids['1']}/updates",
        json={"state": "in_progress", "progress": 40, "version": left["version"]},
    )
    assert updated.status_code == 200, updated.json
    assert (updated.json["unit_code"], updated.json["progress"]) == ("CU", 40)
    refused = api["other_member"].post(
        f"/assignments/{ids['1']}/updates",
        json={"state": "in_progress", "progress": 50, "version": updated.json["version"]},
    )
    assert refused.status_code == 403


def test_the_units_list_shows_the_open_work_it_inherited(merged):
    ids, api = merged["ids"], merged["api"]
    own = listed(api["new_member"], unit="MOI")
    assert ids["1"] not in own and ids["2"] in own  # the unit's own: as the status counts
    with_inherited = listed(api["new_member"], unit="MOI", inherited="true")
    assert set(with_inherited) == set(own) | {ids["1"]}  # not the done task 3 of CU
    assert (with_inherited[ids["1"]]["unit_code"], with_inherited[ids["1"]]["unit_name"]) == (
        "CU",
        "Sở Cũ",
    )
    # As of a day before the closing, CU's work was CU's.
    before = (EFFECTIVE - timedelta(days=1)).isoformat()
    assert ids["1"] not in listed(api["new_member"], unit="MOI", inherited="1", as_of=before)
    refused = api["new_member"].get("/assignments", unit="MOI", inherited="maybe")
    assert refused.status_code == 422 and set(refused.json["error"]["fields"]) == {"inherited"}


def test_my_units_page_lists_the_inherited_work_marked_and_its_page_lets_them_update_it(
    merged, client, login
):
    ids = merged["ids"]
    login(merged["people"]["new_member"])
    page = html.unescape(client.get("/my").get_data(as_text=True))
    assert f"/assignments/{ids['1']}" in page and f"/assignments/{ids['2']}" in page
    assert "Việc của Sở Cũ, đơn vị đã thôi hoạt động mà đơn vị mình tiếp nhận" in page
    assert page.count("đơn vị mình tiếp nhận") == 1
    assignment = client.get(f"/assignments/{ids['1']}").get_data(as_text=True)
    assert 'name="progress"' in assignment
