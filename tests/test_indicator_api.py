"""The figures' API: PUT a unit's values, POST its submission, GET the reports and the
province's totals; 403, 409 and 422 (naming the failed check) as the services refuse."""

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

PATH = f"/indicator-reports/MOT_CUA/{PERIOD}"


def put(api, path, body):
    return api.client.put(f"/api/v1{path}", headers=api.headers, json=body)


@pytest.fixture
def world(app, db_session, make_unit, make_user, make_plan, api_as):
    """(the unit's code, its member's API client, a maker of other people's clients). Built
    in an app context left before the requests: a context held through the test would be
    reused by every request, with its logged-in user (see conftest); so codes, not rows."""
    with app.test_request_context():
        plan = make_plan(year=2021)
        task = make_report_task(plan)
        make_set(task=task)
        unit = make_unit()
        member = make_user("unit_member", unit=unit)
        make_checkpoint(
            task, unit, due=local_today() + timedelta(days=30), assigned_on=local_today()
        )
        code, api = unit.code, api_as(member)

    def someone(role: str):
        with app.test_request_context():
            other = None if role == "office" else make_unit()
            person = make_user(role, unit=other)
            return api_as(person), (other.code if other else None)

    return code, api, someone


def test_a_unit_saves_then_submits_its_figures(world):
    unit, api, _someone = world
    saved = put(api, f"{PATH}/{unit}", {"values": GOOD, "note": "Quý III"})
    assert saved.status_code == 200, saved.get_json()
    body = saved.get_json()
    assert body["state"] == "draft"
    assert body["values"]["TIEP_NHAN"] == 100
    assert body["values"]["TY_LE_DUNG_HAN"] == pytest.approx(97.78)
    assert body["deadline_class"] == "on_track"
    sent = api.post(f"{PATH}/{unit}/submit", json={"version": body["version"]})
    assert sent.status_code == 200, sent.get_json()
    assert sent.get_json()["state"] == "submitted"
    assert sent.get_json()["submitted_on"] == local_today().isoformat()
    assert sent.get_json()["deadline_class"] == "done_on_time"
    listed = api.get("/indicator-reports", set="MOT_CUA", period=PERIOD, state="submitted")
    assert listed.status_code == 200
    items = listed.get_json()["items"]
    assert listed.get_json()["total"] == 1
    assert {k: items[0][k] for k in ("unit_code", "period", "state", "deadline_class")} == {
        "unit_code": unit,
        "period": PERIOD,
        "state": "submitted",
        "deadline_class": "done_on_time",
    }


def test_a_failed_check_is_named_in_the_422(world):
    unit, api, _someone = world
    refused = put(api, f"{PATH}/{unit}", {"values": GOOD | {"DA_GQ": 95}})
    assert refused.status_code == 422
    error = refused.get_json()["error"]
    assert "checks.GQ_CONG" in error["fields"]
    assert "Đúng hạn + quá hạn = đã giải quyết" in error["fields"]["checks.GQ_CONG"]
    assert error["problems"]["checks.GQ_CONG"]["code"] == "check_failed"


def test_a_bad_value_is_a_422_on_its_code(world):
    unit, api, _someone = world
    refused = put(api, f"{PATH}/{unit}", {"values": {"TIEP_NHAN": 1.5, "DA_GQ": [1]}})
    assert refused.status_code == 422
    assert set(refused.get_json()["error"]["fields"]) == {"values.TIEP_NHAN", "values.DA_GQ"}


def test_a_stale_version_is_a_409(world):
    unit, api, _someone = world
    first = put(api, f"{PATH}/{unit}", {"values": GOOD}).get_json()
    second = put(api, f"{PATH}/{unit}", {"values": GOOD, "version": first["version"]})
    assert second.status_code == 200
    stale = put(api, f"{PATH}/{unit}", {"values": GOOD, "version": first["version"]})
    assert stale.status_code == 409
    stale_submit = api.post(f"{PATH}/{unit}/submit", json={"version": first["version"]})
    assert stale_submit.status_code == 409


def test_another_units_figures_are_refused_with_403(world):
    unit, api, someone = world
    stranger, other = someone("unit_member")
    assert put(api, f"{PATH}/{other}", {"values": GOOD}).status_code == 403
    put(api, f"{PATH}/{unit}", {"values": GOOD})
    refused = stranger.post(f"{PATH}/{unit}/submit", json={"version": 1})
    assert refused.status_code == 403, refused.get_json()
    # A unit's people list only their own unit's reports.
    assert stranger.get("/indicator-reports").get_json()["total"] == 0
    viewer, _none = someone("viewer")
    assert put(viewer, f"{PATH}/{unit}", {"values": GOOD}).status_code == 403


def test_unknown_set_period_or_unit_is_a_404(world):
    unit, api, _someone = world
    assert put(api, f"/indicator-reports/KHONG/{PERIOD}/{unit}", {}).status_code == 404
    assert put(api, f"/indicator-reports/MOT_CUA/2021-07/{unit}", {}).status_code == 404
    assert put(api, f"{PATH}/KHONG-CO", {"values": GOOD}).status_code == 404


def test_the_totals_as_of_a_day(world):
    unit, api, someone = world
    saved = put(api, f"{PATH}/{unit}", {"values": GOOD}).get_json()
    api.post(f"{PATH}/{unit}/submit", json={"version": saved["version"]})
    office, _none = someone("office")
    today = office.get("/indicator-totals", set="MOT_CUA", period=PERIOD)
    assert today.status_code == 200
    assert today.get_json() == {
        "period": PERIOD,
        "totals": {
            "TIEP_NHAN": 100,
            "DA_GQ": 90,
            "GQ_DUNG_HAN": 88,
            "GQ_QUA_HAN": 2,
            "TY_LE_DUNG_HAN": pytest.approx(97.78),
        },
        "units": {"submitted": 1, "late": 0, "missing": 0},
    }
    yesterday = (local_today() - timedelta(days=1)).isoformat()
    before = office.get("/indicator-totals", set="MOT_CUA", period=PERIOD, as_of=yesterday)
    assert before.get_json()["units"] == {"submitted": 0, "late": 0, "missing": 0}
    assert before.get_json()["totals"]["TIEP_NHAN"] is None
    refused = office.get("/indicator-totals", set="MOT_CUA", as_of="31/02/2021")
    assert refused.status_code == 422
    assert set(refused.get_json()["error"]["fields"]) == {"period", "as_of"}
