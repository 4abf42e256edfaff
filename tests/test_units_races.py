"""Offices racing on one unit have exactly one winner: several dissolve it at once, each into
another successor (one does, the others are told it is closed already); several add it to a
group at once, from the same or the next day (one membership is made), through the service or
the API; several create one group code at once (one group is made). Real threads, one
test client or app context each, on a committed database."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import local_today
from tests.race_support import OFFICE, bearer, race, statuses, user
from tests.support import committed_demo_app
from tracker.assignments.models import AssignmentTransfer
from tracker.core.exceptions import ValidationFailed
from tracker.extensions import db
from tracker.units import admin, groups
from tracker.units.models import Unit, UnitGroup, UnitGroupMembership, UnitLink

SUCCESSORS = ("SNV", "STP", "SYT", "SCT", "SXD", "STC")
_codes = itertools.count(1)


@pytest.fixture(scope="module")
def races(tmp_path_factory):
    instance = tmp_path_factory.mktemp("unit-races")
    with committed_demo_app("_unitraces", instance, plans=False) as app:
        yield {"app": app, "office": bearer(app, OFFICE)}


def call(app, method: str, path: str, headers: dict, body: dict) -> tuple[int, dict]:
    response = app.test_client().open(f"/api/v1{path}", method=method, json=body, headers=headers)
    return response.status_code, response.json


@pytest.mark.parametrize("round_", range(3))
def test_racing_dissolutions_of_one_unit_have_exactly_one_winner(races, round_):
    app, office = races["app"], races["office"]
    code = f"DUA{next(_codes)}"
    created = {"code": code, "name": f"Ban đua {code}", "kind": "department"}
    assert call(app, "POST", "/units", office, created)[0] == 201
    today = local_today().isoformat()

    def dissolve(i: int):
        body = {
            "dissolve": {
                "effective_date": today,
                "successor": SUCCESSORS[i],
                "decision": f"Quyết định {i}/QĐ-UBND",
            }
        }
        return call(app, "PATCH", f"/units/{code}", office, body)

    results = race(len(SUCCESSORS), dissolve)
    assert statuses(results) == {200: 1, 422: len(SUCCESSORS) - 1}, results
    for status, body in results:
        if status == 422:
            assert body["error"]["fields"]["dissolve.effective_date"]
    with app.app_context():
        unit = db.session.scalar(select(Unit).where(Unit.code == code))
        links = db.session.scalar(
            select(func.count()).select_from(UnitLink).where(UnitLink.predecessor_id == unit.id)
        )
        assert links == 1 and unit.successor_id is not None
        assert not db.session.scalar(
            select(func.count())
            .select_from(AssignmentTransfer)
            .where(AssignmentTransfer.from_unit_id == unit.id)
        )


def test_racing_additions_of_one_unit_to_a_group_have_exactly_one_winner(races):
    app = races["app"]
    code = f"DUA{next(_codes)}"
    with app.app_context():
        office = user(OFFICE)
        admin.create_unit(office, code=code, name=f"Ban đua {code}", kind="department")
    since = local_today()

    def add(i: int):
        with app.app_context():
            group = db.session.scalar(select(UnitGroup).where(UnitGroup.code == "SBN"))
            try:
                groups.add_membership(user(OFFICE), group, code, since - timedelta(days=i % 2))
            except ValidationFailed as refused:
                return 422, refused.fields
            return 200, None

    results = race(6, add)
    assert statuses(results) == {200: 1, 422: 5}, results
    with app.app_context():
        unit = db.session.scalar(select(Unit).where(Unit.code == code))
        count = select(func.count()).where(UnitGroupMembership.unit_id == unit.id)
        assert db.session.scalar(count) == 1


def test_racing_api_additions_of_one_member_have_exactly_one_winner(races):
    """Two offices add one unit to a group through the API at once: one membership is made,
    the other office is told the unit belongs to the group already."""
    app, office = races["app"], races["office"]
    code = f"DUA{next(_codes)}"
    group = f"NHOM-{code}"
    unit_body = {"code": code, "name": f"Ban đua {code}", "kind": "department"}
    assert call(app, "POST", "/units", office, unit_body)[0] == 201
    group_body = {"code": group, "name": f"Nhóm đua {code}"}
    assert call(app, "POST", "/unit-groups", office, group_body)[0] == 201
    since = local_today().isoformat()

    def add(_i: int):
        body = {"unit": code, "valid_from": since}
        return call(app, "POST", f"/unit-groups/{group}/members", office, body)

    results = race(2, add)
    assert statuses(results) == {201: 1, 422: 1}, results
    refused = next(body for status, body in results if status == 422)
    assert "đã thuộc" in refused["error"]["fields"]["unit"]
    with app.app_context():
        unit = db.session.scalar(select(Unit).where(Unit.code == code))
        count = select(func.count()).where(UnitGroupMembership.unit_id == unit.id)
        assert db.session.scalar(count) == 1


def test_racing_creations_of_one_group_code_have_exactly_one_winner(races):
    app, office = races["app"], races["office"]
    code = f"NHOM-DUA{next(_codes)}"

    def create(i: int):
        return call(
            app, "POST", "/unit-groups", office, {"code": code, "name": f"Nhóm đua {code} {i}"}
        )

    results = race(3, create)
    assert statuses(results) == {201: 1, 422: 2}, results
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(UnitGroup.code == code)) == 1
