"""The self-assessment through the API: GET a unit's assessment, PUT an item (422 naming the
item for points over the maximum or without the evidence asked for; 409 for a stale version),
POST the lead's submission (late recorded)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import local_today
from tests.index_support import make_criteria_set
from tracker.reform_index.sets import find_set

PATH = "/index/2021/department/units/SNVT"


def put(api, path, body):
    return api.client.put(f"/api/v1{path}", headers=api.headers, json=body)


@pytest.fixture
def people(app, make_unit, make_user, api_as, db_session):
    """Each person's API client, made in an app context left before the requests (see
    conftest: a context held through the test would be reused by every request)."""
    with app.test_request_context():
        unit = make_unit(kind="department", code="SNVT", name="Sở Nội vụ thử")
        make_criteria_set(self_deadline=local_today() + timedelta(days=3))
        return {
            "lead": api_as(make_user(role="unit_lead", unit=unit)),
            "member": api_as(make_user(role="unit_member", unit=unit)),
            "office": api_as(make_user(role="office")),
            "other": api_as(make_user(role="unit_lead", unit=make_unit(kind="department"))),
        }


def item_of(answer, number):
    return next(item for item in answer["items"] if item["number"] == number)


def test_the_units_people_open_and_read_it(people):
    answer = people["member"].get(PATH)
    assert answer.status_code == 200, answer.json
    body = answer.json
    assert body["state"] == "draft" and body["version"] >= 1
    assert [i["number"] for i in body["items"]] == [
        "1.1.1",
        "1.1.2",
        "1.2",
        "1.3",
        "2.1.1",
        "2.1.2",
        "2.2",
    ]
    computed = item_of(body, "1.3")
    assert computed["computed"] is True and item_of(body, "2.2")["computed"] is False
    assert item_of(body, "1.1.1")["evidence_required"] == "Kế hoạch CCHC năm của đơn vị"
    assert body["self_total"] == 0 and body["appraised_total"] is None and body["rank"] is None
    assert body["max_points"] == 10


def test_the_office_reads_an_unopened_one_and_another_unit_may_not(people):
    answer = people["office"].get(PATH)
    assert answer.status_code == 200
    assert answer.json["version"] == 0 and answer.json["items"][0]["version"] == 0
    assert people["other"].get(PATH).status_code == 403
    assert people["office"].get("/index/2021/district/units/SNVT").status_code == 404
    assert people["office"].get("/index/2021/department/units/NONE").status_code == 404


def test_an_item_is_saved_with_evidence(people):
    api = people["member"]
    version = item_of(api.get(PATH).json, "1.1.1")["version"]
    saved = put(
        api,
        f"{PATH}/items/1.1.1",
        {
            "points": 1,
            "evidence": [
                {"kind": "document", "document_number": "12/KH-SNV", "document_date": "2021-01-15"}
            ],
            "version": version,
        },
    )
    assert saved.status_code == 200, saved.json
    assert saved.json["self_points"] == 1 and saved.json["version"] == version + 1
    (piece,) = saved.json["evidence"]
    assert (piece["kind"], piece["document_number"], piece["document_date"]) == (
        "document",
        "12/KH-SNV",
        "2021-01-15",
    )
    assert piece["text"] == "12/KH-SNV · 15/01/2021"
    # Left out, the evidence stays; kept by id, it stays too.
    again = put(api, f"{PATH}/items/1.1.1", {"points": 0.5, "version": version + 1})
    assert again.status_code == 200 and len(again.json["evidence"]) == 1
    assert api.get(PATH).json["self_total"] == 0.5


def test_points_over_the_maximum_are_refused_naming_the_item(people):
    api = people["member"]
    version = item_of(api.get(PATH).json, "2.2")["version"]
    refused = put(api, f"{PATH}/items/2.2", {"points": 3, "version": version})
    assert refused.status_code == 422
    error = refused.json["error"]
    assert list(error["fields"]) == ["items.2.2.points"]
    assert error["problems"]["items.2.2.points"]["code"] == "points_out_of_range"
    assert error["fields"]["items.2.2.points"].startswith("Tiêu chí thành phần 2.2: ")


def test_points_without_the_evidence_asked_for_are_refused_naming_the_item(people):
    api = people["member"]
    version = item_of(api.get(PATH).json, "1.2")["version"]
    refused = put(api, f"{PATH}/items/1.2", {"points": 1, "version": version})
    assert refused.status_code == 422
    assert refused.json["error"]["problems"]["items.1.2.evidence"]["code"] == "evidence_required"
    assert "1.2" in refused.json["error"]["fields"]["items.1.2.evidence"]
    explained = put(
        api,
        f"{PATH}/items/1.2",
        {"points": 1, "explanation": "Báo cáo gửi qua phần mềm", "version": version},
    )
    assert explained.status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"points": "1", "version": 1}, "points"),
        ({"points": True, "version": 1}, "points"),
        ({"points": 1, "evidence": "12/KH", "version": 1}, "evidence"),
        ({"points": 1, "evidence": [{"kind": "link", "url": 5}], "version": 1}, "evidence.0.url"),
        ({"points": 1}, "version"),
    ],
)
def test_a_body_of_the_wrong_shape_is_refused_by_field(people, body, field):
    api = people["member"]
    api.get(PATH)
    refused = put(api, f"{PATH}/items/2.2", body)
    assert refused.status_code == 422, refused.json
    assert field in refused.json["error"]["fields"]


def test_a_stale_version_is_a_409(people):
    lead, member = people["lead"], people["member"]
    version = item_of(member.get(PATH).json, "2.2")["version"]
    assert put(lead, f"{PATH}/items/2.2", {"points": 1, "version": version}).status_code == 200
    stale = put(member, f"{PATH}/items/2.2", {"points": 2, "version": version})
    assert stale.status_code == 409
    assert item_of(member.get(PATH).json, "2.2")["self_points"] == 1


def test_computed_points_cannot_be_typed_and_nothing_else_is_writable_by_the_office(people):
    api = people["member"]
    version = item_of(api.get(PATH).json, "1.3")["version"]
    refused = put(api, f"{PATH}/items/1.3", {"points": 3, "version": version})
    assert refused.json["error"]["problems"]["items.1.3.points"]["code"] == "computed_points"
    office = put(people["office"], f"{PATH}/items/2.2", {"points": 1, "version": 1})
    assert office.status_code == 403
    other = put(people["other"], f"{PATH}/items/2.2", {"points": 1, "version": 1})
    assert other.status_code == 403


def fill(api):
    answer = api.get(PATH).json
    bodies = {
        "1.1.1": {"points": 1, "evidence": [{"kind": "link", "url": "https://snv.vn/kh"}]},
        "1.1.2": {"points": 0.5},
        "1.2": {"points": 0.75, "explanation": "Gửi qua phần mềm"},
        "2.1.1": {"points": 0},
        "2.1.2": {"points": 1},
        "2.2": {"points": 1.5},
    }
    for number, body in bodies.items():
        version = item_of(answer, number)["version"]
        saved = put(api, f"{PATH}/items/{number}", body | {"version": version})
        assert saved.status_code == 200, saved.json


def test_the_lead_submits_and_the_member_may_not(people):
    member, lead = people["member"], people["lead"]
    refused = lead.post(f"{PATH}/submit", json={})
    assert refused.status_code == 422
    assert "items.2.2.points" in refused.json["error"]["fields"]
    fill(member)
    assert member.post(f"{PATH}/submit", json={}).status_code == 403
    submitted = lead.post(f"{PATH}/submit", json={})
    assert submitted.status_code == 200, submitted.json
    body = submitted.json
    assert body["state"] == "submitted" and body["submitted_late"] is False
    assert body["submitted_on"] == local_today().isoformat()
    assert body["self_total"] == 4.75  # 1 + 0,5 + 0,75; best of 0 and 1 (choose one) + 1,5
    after = put(member, f"{PATH}/items/2.2", {"points": 2, "version": 99})
    assert after.status_code in (409, 422)


def test_a_late_submission_is_recorded(app, people, db_session):
    with app.test_request_context():
        find_set(2021, "department").self_deadline = local_today() - timedelta(days=1)
        db_session.commit()
    fill(people["member"])
    submitted = people["lead"].post(f"{PATH}/submit", json={})
    assert submitted.status_code == 200 and submitted.json["submitted_late"] is True


def test_a_submission_with_a_stale_version_is_a_409(people):
    member, lead = people["member"], people["lead"]
    fill(member)
    seen = lead.get(PATH).json["version"]
    version = item_of(member.get(PATH).json, "2.2")["version"]
    put(member, f"{PATH}/items/2.2", {"points": 2, "version": version})
    assert lead.post(f"{PATH}/submit", json={"version": seen}).status_code == 409
