"""A unit's people racing on their self-assessment: first openings at once make one
assessment; two saves of one sub-criterion from the same version, one lands and the other is
a 409; a save racing the lead's submission lands before it or is refused after it. Never a
500, never twice in the journal. Real threads, one test client each, on a committed
database."""

from __future__ import annotations

import itertools

import pytest
from sqlalchemy import func, select

from tests.index_support import make_criteria_set
from tests.race_support import LEAD, bearer, race, statuses, user
from tests.support import committed_demo_app
from tracker.extensions import db
from tracker.reform_index.assessments import open_assessment, save_item
from tracker.reform_index.evidence import EvidenceInput
from tracker.reform_index.models import Assessment, IndexJournalEntry
from tracker.reform_index.sets import find_set, item_by_number
from tracker.units.models import Unit

STAFF = "chuyenvien.snv@cchc.demo"  # a member of Sở Nội vụ's staff
_years = itertools.count(2021)  # years Sở Nội vụ exists in, one a test


@pytest.fixture(scope="module")
def races(tmp_path_factory):
    instance = tmp_path_factory.mktemp("self-races")
    with committed_demo_app("_selfraces", instance, plans=False) as app:
        yield {"app": app, "headers": {e: bearer(app, e) for e in (LEAD, STAFF)}}


def fresh_year(app) -> int:
    year = next(_years)
    with app.app_context():
        make_criteria_set(year=year, kind="department")
    return year


def assessments_of(app, year: int) -> list[Assessment]:
    with app.app_context():
        criteria_set = find_set(year, "department")
        return list(
            db.session.scalars(select(Assessment).where(Assessment.set_id == criteria_set.id))
        )


def journal_count(app, year: int, action: str) -> int:
    with app.app_context():
        criteria_set = find_set(year, "department")
        return db.session.scalar(
            select(func.count())
            .select_from(IndexJournalEntry)
            .join(Assessment, Assessment.id == IndexJournalEntry.assessment_id)
            .where(Assessment.set_id == criteria_set.id, IndexJournalEntry.action == action)
        )


def test_first_openings_at_once_make_one_assessment(races):
    app, headers = races["app"], races["headers"]
    year = fresh_year(app)
    path = f"/api/v1/index/{year}/department/units/SNV"

    def open_it(i: int):
        response = app.test_client().get(path, headers=headers[(LEAD, STAFF)[i % 2]])
        return response.status_code, response.json

    results = race(4, open_it)
    assert statuses(results) == {200: 4}, results
    (assessment,) = assessments_of(app, year)
    assert len({body["version"] for _status, body in results}) == 1
    with app.app_context():
        assert len(db.session.get(Assessment, assessment.id).items) == 7


def test_two_saves_of_one_item_from_one_version_one_lands(races):
    app, headers = races["app"], races["headers"]
    year = fresh_year(app)
    path = f"/api/v1/index/{year}/department/units/SNV"
    opened = app.test_client().get(path, headers=headers[STAFF]).json
    version = next(i["version"] for i in opened["items"] if i["number"] == "2.2")

    def save(i: int):
        response = app.test_client().put(
            f"{path}/items/2.2",
            json={"points": (1, 1.5)[i], "version": version},
            headers=headers[(LEAD, STAFF)[i]],
        )
        return response.status_code, response.json

    results = race(2, save)
    assert statuses(results) == {200: 1, 409: 1}, results
    assert journal_count(app, year, "self_points") == 1


def test_a_save_racing_the_submission_lands_before_it_or_is_refused(races):
    app, headers = races["app"], races["headers"]
    year = fresh_year(app)
    with app.app_context():
        unit = db.session.scalar(select(Unit).where(Unit.code == "SNV"))
        lead = user(LEAD)
        assessment = open_assessment(lead, find_set(year, "department"), unit)
        document = EvidenceInput(kind="document", document_number="1/KH-SNV")
        for number, points, evidence, explanation in (
            ("1.1.1", 1, [document], None),
            ("1.1.2", 1, None, None),
            ("1.2", 0, None, None),
            ("2.1.1", 0, None, None),
            ("2.1.2", 1, None, None),
            ("2.2", 1, None, None),
        ):
            item = item_by_number(assessment, number)
            save_item(lead, assessment, number, points, evidence, explanation, item.version)
        version = item_by_number(assessment, "2.2").version
    path = f"/api/v1/index/{year}/department/units/SNV"

    def act(i: int):
        client = app.test_client()
        if i == 0:
            response = client.post(f"{path}/submit", json={}, headers=headers[LEAD])
        else:
            response = client.put(
                f"{path}/items/2.2", json={"points": 2, "version": version}, headers=headers[STAFF]
            )
        return response.status_code, response.json

    (submitted, saved) = race(2, act)
    assert submitted[0] == 200, submitted
    assert saved[0] in (200, 422), saved
    with app.app_context():
        final = db.session.get(Assessment, assessments_of(app, year)[0].id)
        assert final.state == "submitted"
        points = item_by_number(final, "2.2").self_points
    # Landed before the submission, or refused after it: the submitted points are either.
    assert points == (2 if saved[0] == 200 else 1)
    assert journal_count(app, year, "submit") == 1
