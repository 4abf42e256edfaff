"""Appraisers racing on one sub-criterion, a unit answering twice at once, and an answer
two decisions on one answer: one lands, the others are refused (409 or 422), never a 500,
never twice in the journal. Real threads, one test client each, on a committed database."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import func, select

from tests.index_appraisal_support import appraise_all, submitted_assessment
from tests.index_support import make_criteria_set
from tests.race_support import LEAD, OFFICE, bearer, race, statuses, user
from tests.support import committed_demo_app
from tracker.accounts.models import User
from tracker.extensions import db
from tracker.reform_index.appraisal import send_to_unit
from tracker.reform_index.models import Assessment, IndexJournalEntry
from tracker.reform_index.sets import item_by_number
from tracker.units.models import Unit

APPRAISERS = ("thamdinh1@cchc.demo", "thamdinh2@cchc.demo")
_years = itertools.count(2021)  # years Sở Nội vụ exists in, one a test


@pytest.fixture(scope="module")
def races(tmp_path_factory):
    instance = tmp_path_factory.mktemp("appraisal-races")
    with committed_demo_app("_appraisalraces", instance, plans=False) as app:
        with app.app_context():
            for n, email in enumerate(APPRAISERS, start=1):
                db.session.add(User(email=email, full_name=f"Thẩm định {n}", role="appraiser"))
            db.session.commit()
        yield {"app": app, "headers": {e: bearer(app, e) for e in (*APPRAISERS, LEAD, OFFICE)}}


def fresh_assessment(app, *, sent: bool = False, changes=None) -> tuple[int, int]:
    """A new year's set with Sở Nội vụ's submitted assessment (appraised and sent to it when
    asked); (the set's year, the assessment's id)."""
    year = next(_years)
    with app.app_context():
        criteria_set = make_criteria_set(year=year, kind="department", answer_days=7)
        unit = db.session.scalar(select(Unit).where(Unit.code == "SNV"))
        assessment = submitted_assessment(criteria_set, unit, user(LEAD))
        if sent:
            appraise_all(user(APPRAISERS[0]), assessment, changes)
            send_to_unit(user(APPRAISERS[0]), assessment)
        return year, assessment.id


def item_state(app, assessment_id: int, number: str) -> dict:
    with app.app_context():
        item = item_by_number(db.session.get(Assessment, assessment_id), number)
        return {
            "version": item.version,
            "appraised_points": item.appraised_points,
            "answer": item.answer,
        }


def journal_count(app, assessment_id: int, action: str) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count())
            .select_from(IndexJournalEntry)
            .where(
                IndexJournalEntry.assessment_id == assessment_id,
                IndexJournalEntry.action == action,
            )
        )


def test_two_appraisers_on_one_item_one_wins(races):
    app, headers = races["app"], races["headers"]
    year, assessment_id = fresh_assessment(app)
    before = item_state(app, assessment_id, "1.2")
    path = f"/api/v1/index/{year}/department/units/SNV/items/1.2/appraisal"

    def appraise(i: int):
        body = {"points": 0.25 * (i % 4), "reason": f"Lý do {i}", "version": before["version"]}
        client = app.test_client()
        response = client.put(path, json=body, headers=headers[APPRAISERS[i % 2]])
        return response.status_code, response.json

    results = race(12, appraise)
    seen = statuses(results)
    assert (seen[200], seen[409]) == (1, 11), results
    after = item_state(app, assessment_id, "1.2")
    assert after["version"] == before["version"] + 1
    assert journal_count(app, assessment_id, "appraisal") == 1


def test_an_answer_sent_twice_at_once_is_taken_once(races):
    app, headers = races["app"], races["headers"]
    year, assessment_id = fresh_assessment(app, sent=True, changes={"1.2": (0.5, "Thiếu")})
    path = f"/api/v1/index/{year}/department/units/SNV/items/1.2/answer"

    def answer(i: int):
        client = app.test_client()
        response = client.post(path, json={"text": f"Giải trình {i}"}, headers=headers[LEAD])
        return response.status_code, response.json

    results = race(8, answer)
    seen = statuses(results)
    assert (seen[200], seen[422]) == (1, 7), results
    assert journal_count(app, assessment_id, "answer") == 1


def test_two_decisions_on_one_answer_one_wins(races):
    app, headers = races["app"], races["headers"]
    year, assessment_id = fresh_assessment(app, sent=True, changes={"1.2": (0.25, "Thiếu")})
    path = f"/api/v1/index/{year}/department/units/SNV/items/1.2"
    client = app.test_client()
    answered = client.post(f"{path}/answer", json={"text": "Đủ"}, headers=headers[LEAD])
    assert answered.status_code == 200

    def decide(i: int):
        if i % 2:
            body = {"decision": "accepted", "points": 0.75}
        else:
            body = {"decision": "rejected", "reason": f"Không đủ {i}"}
        response = app.test_client().put(
            f"{path}/answer/decision", json=body, headers=headers[APPRAISERS[i % 2]]
        )
        return response.status_code, response.json

    results = race(10, decide)
    seen = statuses(results)
    assert (seen[200], seen[422]) == (1, 9), results
    decided = journal_count(app, assessment_id, "answer_accepted") + journal_count(
        app, assessment_id, "answer_rejected"
    )
    assert decided == 1
