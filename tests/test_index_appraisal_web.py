"""The appraisal's pages and API: the appraisers' page (a refusal shown next to the item's
field), sending to the unit, the unit's answers page, the journal, the office's finalisation;
the API's PUT/POST with 403, 409 and 422 naming the item."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.conftest import PASSWORD, csrf_from, local_today
from tests.index_appraisal_support import appraisal_world, appraise_all
from tracker.accounts.api_tokens import create_token
from tracker.accounts.models import User
from tracker.extensions import db
from tracker.reform_index.appraisal import send_to_unit
from tracker.reform_index.models import Assessment, AssessmentItem, CriteriaSet

BASE = "/index/2021/department"
UNIT = f"{BASE}/units/SNV"
API = f"/api/v1{UNIT}"


@pytest.fixture
def world(app, db_session, make_unit, make_user):
    """Emails, built in an app context left before the requests (see conftest)."""
    with app.test_request_context():
        made = appraisal_world(make_unit, make_user)
        return {name: made[name].email for name in ("lead", "member", "appraiser", "office")}


def signed_in(app, email: str):
    client = app.test_client()
    token = csrf_from(client, "/login")
    client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": token})
    return client


def bearer(app, email: str) -> dict:
    with app.test_request_context():
        user = db.session.scalar(select(User).where(User.email == email))
        _row, raw = create_token(user, "test")
        return {"Authorization": f"Bearer {raw}"}


def item_row(app, number: str) -> AssessmentItem:
    with app.test_request_context():
        for item in db.session.get(Assessment, _assessment_id(app)).items:
            if item.criterion.number == number:
                db.session.expunge(item)
                return item
    raise AssertionError(number)


def _assessment_id(app) -> int:
    with app.test_request_context():
        return db.session.scalar(select(Assessment.id))


def run_as(app, email: str, call):
    """A service call as that person, in an app context of its own."""
    with app.test_request_context():
        user = db.session.scalar(select(User).where(User.email == email))
        assessment = db.session.get(Assessment, _assessment_id(app))
        return call(user, assessment)


def version_on(page: str, number: str) -> str:
    form = page.split(f'id="item-{number}"', 1)[1]
    return re.search(r'name="version" value="(\d+)"', form).group(1)


def post_item(client, path, number, action, **fields):
    page = client.get(path).get_data(as_text=True)
    data = {
        "csrf_token": csrf_from(client, path),
        "number": number,
        "version": version_on(page, number) if 'name="version"' in page else "",
        "action": action,
    }
    return client.post(path, data=data | fields)


def test_the_appraisers_page_accepts_changes_and_shows_a_refusal_by_the_item(app, world):
    client = signed_in(app, world["appraiser"])
    path = f"{UNIT}/appraisal"
    page = client.get(path)
    assert page.status_code == 200
    assert 'id="item-1.2"' in page.get_data(as_text=True)
    refused = post_item(client, path, "1.2", "set", points="0,5", reason="")
    assert refused.status_code == 422
    body = refused.get_data(as_text=True)
    assert 'id="reason-1.2-error"' in body and 'value="0,5"' in body
    over = post_item(client, path, "1.2", "set", points="3", reason="Quá")
    assert over.status_code == 422 and 'id="points-1.2-error"' in over.get_data(as_text=True)
    word = post_item(client, path, "1.2", "set", points="nửa", reason="x")
    assert word.status_code == 422 and 'id="points-1.2-error"' in word.get_data(as_text=True)
    saved = post_item(client, path, "1.2", "set", points="0,5", reason="Thiếu báo cáo quý III")
    assert saved.status_code == 302 and saved.headers["Location"].endswith("#item-1.2")
    assert item_row(app, "1.2").appraised_points == 0.5
    accepted = post_item(client, path, "2.2", "accept", points="", reason="")
    assert accepted.status_code == 302
    assert item_row(app, "2.2").appraised_points == 1.5


def test_a_stale_page_is_told_and_nothing_is_lost(app, world):
    client = signed_in(app, world["appraiser"])
    path = f"{UNIT}/appraisal"
    page = client.get(path).get_data(as_text=True)
    data = {
        "csrf_token": csrf_from(client, path),
        "number": "2.2",
        "version": version_on(page, "2.2"),
        "action": "set",
        "points": "1",
        "reason": "Chưa đủ",
    }
    assert client.post(path, data=data).status_code == 302
    again = client.post(path, data=data | {"points": "0,5", "reason": "Thiếu nữa"})
    assert again.status_code == 409
    assert "Thiếu nữa" in again.get_data(as_text=True)
    assert item_row(app, "2.2").appraised_points == 1


def test_sending_then_answering_then_deciding_on_the_pages(app, world):
    appraiser = signed_in(app, world["appraiser"])
    send = f"{UNIT}/appraisal/send"
    token = csrf_from(appraiser, f"{UNIT}/appraisal")
    early = appraiser.post(send, data={"csrf_token": token})
    assert early.status_code == 422
    assert 'id="points-1.1.1-error"' in early.get_data(as_text=True)
    run_as(
        app,
        world["appraiser"],
        lambda user, assessment: appraise_all(user, assessment, {"1.2": (0.5, "Thiếu báo cáo")}),
    )
    assert appraiser.post(send, data={"csrf_token": token}).status_code == 302

    member = signed_in(app, world["member"])
    answers = f"{UNIT}/answers"
    page = member.get(answers).get_data(as_text=True)
    assert 'id="item-1.2"' in page and 'id="item-2.2"' not in page  # only what was changed
    assert 'name="text"' in page
    empty = post_item(member, answers, "1.2", "answer", text="")
    assert empty.status_code == 422 and 'id="text-1.2-error"' in empty.get_data(as_text=True)
    sent = post_item(member, answers, "1.2", "answer", text="Đã gửi đủ báo cáo quý III")
    assert sent.status_code == 302
    twice = post_item(member, answers, "1.2", "answer", text="Bổ sung")
    assert twice.status_code == 422
    assert item_row(app, "1.2").answer == "Đã gửi đủ báo cáo quý III"

    rejected = post_item(appraiser, answers, "1.2", "reject", points="", reason="")
    assert rejected.status_code == 422
    assert 'id="reason-1.2-error"' in rejected.get_data(as_text=True)
    accepted = post_item(appraiser, answers, "1.2", "accept", points="0,75", reason="Đủ")
    assert accepted.status_code == 302
    decided = item_row(app, "1.2")
    assert (decided.answer_decision, decided.appraised_points) == ("accepted", 0.75)

    journal = member.get(f"{UNIT}/journal").get_data(as_text=True)
    assert journal.count("<tr>") == 1 + 7 + 3  # header, 7 appraisals, sent, answer, decision
    assert "Đã gửi đủ báo cáo quý III" in journal and "Thiếu báo cáo" in journal


def test_the_unit_sees_neither_the_appraisal_page_nor_the_work_before_it_is_sent(app, world):
    run_as(
        app,
        world["appraiser"],
        lambda user, assessment: appraise_all(user, assessment, {"1.2": (0.5, "Thiếu")}),
    )
    lead = signed_in(app, world["lead"])
    assert lead.get(f"{UNIT}/appraisal").status_code == 403
    answers = lead.get(f"{UNIT}/answers").get_data(as_text=True)
    assert 'id="item-1.2"' not in answers
    journal = lead.get(f"{UNIT}/journal").get_data(as_text=True)
    assert "Thiếu" not in journal
    api = app.test_client().get(f"{API}/journal", headers=bearer(app, world["lead"]))
    assert api.status_code == 200 and api.json["items"] == []
    office = app.test_client().get(f"{API}/journal", headers=bearer(app, world["office"]))
    assert [line["action"] for line in office.json["items"]] == ["appraisal"] * 7


def test_the_api_appraises_sends_answers_and_decides(app, world):
    appraiser, lead = bearer(app, world["appraiser"]), bearer(app, world["lead"])
    client = app.test_client()
    version = item_row(app, "1.2").version
    path = f"{API}/items/1.2/appraisal"
    no_reason = client.put(path, headers=appraiser, json={"points": 0.5, "version": version})
    assert no_reason.status_code == 422
    assert list(no_reason.json["error"]["fields"]) == ["items.1.2.reason"]
    over = client.put(
        path, headers=appraiser, json={"points": 2, "reason": "x", "version": version}
    )
    assert over.status_code == 422
    assert over.json["error"]["problems"]["items.1.2.points"]["code"] == "points_out_of_range"
    word = client.put(path, headers=appraiser, json={"points": "nửa", "version": version})
    assert word.status_code == 422 and "points" in word.json["error"]["fields"]
    body = {"points": 0.5, "reason": "Thiếu báo cáo quý III", "version": version}
    assert client.put(path, headers=lead, json=body).status_code == 403
    done = client.put(path, headers=appraiser, json=body)
    assert done.status_code == 200, done.json
    assert (done.json["appraised_points"], done.json["version"]) == (0.5, version + 1)
    stale = client.put(path, headers=appraiser, json=body | {"reason": "Lại"})
    assert stale.status_code == 409
    missing = client.put(f"{API}/items/9.9/appraisal", headers=appraiser, json=body)
    assert missing.status_code == 404
    unsent = client.post(f"{API}/appraisal/send", headers=appraiser, json={})
    assert unsent.status_code == 422 and "items.2.2.points" in unsent.json["error"]["fields"]
    run_as(app, world["appraiser"], lambda user, assessment: appraise_all(user, assessment))
    # appraise_all accepted 1.2 again: set it back to a change so that the unit may answer.
    version = item_row(app, "1.2").version
    body = {"points": 0.5, "reason": "Thiếu báo cáo quý III", "version": version}
    assert client.put(path, headers=appraiser, json=body).status_code == 200
    sent = client.post(f"{API}/appraisal/send", headers=appraiser, json={})
    assert sent.status_code == 200, sent.json
    assert sent.json["state"] == "appraised"
    assert sent.json["appraised_total"] == 8.5
    answer = client.post(f"{API}/items/1.2/answer", headers=lead, json={"text": "Đủ báo cáo"})
    assert answer.status_code == 200 and answer.json["answer"] == "Đủ báo cáo"
    again = client.post(f"{API}/items/1.2/answer", headers=lead, json={"text": "Lại"})
    assert again.status_code == 422
    assert again.json["error"]["problems"]["items.1.2.answer"]["code"] == "answered_once"
    assert (
        client.post(f"{API}/items/1.2/answer", headers=appraiser, json={"text": "x"}).status_code
        == 403
    )
    decision = client.put(
        f"{API}/items/1.2/answer/decision",
        headers=appraiser,
        json={"decision": "rejected", "reason": "Báo cáo quý III nộp muộn"},
    )
    assert decision.status_code == 200 and decision.json["answer_decision"] == "rejected"
    assert decision.json["appraised_points"] == 0.5


def test_finalising_on_the_page_and_through_the_api(app, world):
    office = signed_in(app, world["office"])
    page = office.get(f"{BASE}/finalise")
    assert page.status_code == 200 and "finalise-problems" in page.get_data(as_text=True)
    headers = bearer(app, world["office"])
    client = app.test_client()
    refused = client.post(f"/api/v1{BASE}/finalise", headers=headers, json={})
    assert refused.status_code == 422
    assert refused.json["error"]["problems"]["units.SNV"]["code"] == "unit_not_appraised"
    run_as(app, world["appraiser"], lambda user, assessment: appraise_all(user, assessment))
    run_as(app, world["appraiser"], lambda user, assessment: send_to_unit(user, assessment))
    appraiser = bearer(app, world["appraiser"])
    assert client.post(f"/api/v1{BASE}/finalise", headers=appraiser, json={}).status_code == 403
    token = csrf_from(office, f"{BASE}/finalise")
    done = office.post(f"{BASE}/finalise", data={"csrf_token": token, "version": ""})
    assert done.status_code == 302
    with app.test_request_context():
        criteria_set = db.session.query(CriteriaSet).one()
        assert (criteria_set.state, criteria_set.finalised_on) == ("finalised", local_today())
    again = client.post(f"/api/v1{BASE}/finalise", headers=headers, json={})
    assert again.status_code == 422 and "state" in again.json["error"]["fields"]


def test_the_answer_days_end_and_the_page_says_so(app, world):
    run_as(
        app,
        world["appraiser"],
        lambda user, assessment: appraise_all(user, assessment, {"1.2": (0.5, "Thiếu")}),
    )
    run_as(app, world["appraiser"], lambda user, assessment: send_to_unit(user, assessment))

    def close(_user, assessment):
        assessment.answer_until = local_today() - timedelta(days=1)
        db.session.commit()

    run_as(app, world["office"], close)
    lead = signed_in(app, world["lead"])
    page = lead.get(f"{UNIT}/answers").get_data(as_text=True)
    assert 'name="text"' not in page
    late = bearer(app, world["lead"])
    refused = app.test_client().post(f"{API}/items/1.2/answer", headers=late, json={"text": "x"})
    assert refused.status_code == 422
    assert refused.json["error"]["problems"]["items.1.2.answer"]["code"] == "answer_window_closed"
