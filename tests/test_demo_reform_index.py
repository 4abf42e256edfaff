"""The demo's reform index (#19): the shipped criteria tables (what their generator makes,
shaped like a province's, marked as demo data), and once `seed-demo` has run, 2020 finalised
and published with a ranking that shares a place, and 2021 under way (on time and late,
explanations for missing evidence, appraisals in progress, an answer awaiting its decision, a
draft begun through the service), with the appraiser's login."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tracker.accounts.models import User
from tracker.accounts.passwords import verify_password
from tracker.demo import index_criteria
from tracker.reform_index.answers import pending
from tracker.reform_index.assessments import submission_problems
from tracker.reform_index.formulas import compute
from tracker.reform_index.models import IndexJournalEntry
from tracker.reform_index.rules import parse_rule
from tracker.reform_index.sets import find_assessment, find_set, is_locked
from tracker.reform_index.totals import ranking
from tracker.units.models import Unit

DEPARTMENTS_2021 = 19
DISTRICTS_2021 = 10


def test_the_shipped_tables_are_what_the_generator_makes():
    for spec in index_criteria.DEMO_SETS:
        assert spec.file.read_bytes() == index_criteria.workbook_bytes(spec), spec.file.name


@pytest.mark.parametrize("spec", index_criteria.DEMO_SETS, ids=lambda s: f"{s.year}-{s.kind}")
def test_each_table_reads_like_a_provinces_criteria(spec):
    rows = spec.rows()
    areas = [row for row in rows if row.depth == 1]
    parents = {row.number.rpartition(".")[0] for row in rows}
    leaves = [row for row in rows if row.number not in parents]
    assert len(areas) == 8 and 55 <= len(leaves) <= 80
    assert sum(row.max_points for row in areas) + index_criteria.SURVEY_MAX == 100
    assert "(dữ liệu minh họa)" in spec.name
    rules = {row.number: parse_rule(row.guidance, row.max_points) for row in leaves}
    assert {rule.rule for rule in rules.values()} >= {"number", "levels"}
    assert any("chọn 1" in row.title for row in rows)
    computed = {n: r for n, r in rules.items() if r.rule == "computed"}
    if spec.year == 2021:
        assert computed["1.6"].formula == "plan_done"
        assert computed["1.6"].parameters == {"plan": "5959"}
    else:
        assert not computed


def unit(db_session, code: str) -> Unit:
    return db_session.scalar(select(Unit).where(Unit.code == code))


def assessment_of(db_session, year: int, kind: str, code: str):
    return find_assessment(find_set(year, kind), unit(db_session, code))


def check_2020(db_session, client):
    for kind, units, twins in (
        ("department", 19, ("SCT", "STC")),
        ("district", 10, ("466", "468")),
    ):
        criteria_set = find_set(2020, kind)
        assert criteria_set.is_demo and criteria_set.state == "published"
        assert (criteria_set.finalised_on, criteria_set.published_on) == (
            date(2021, 3, 25),
            date(2021, 4, 2),
        )
        ranked = [row for row in ranking(criteria_set) if row.rank is not None]
        assert len(ranked) == units
        assert all(row.assessment.state == "finalised" for row in ranked)
        assert all(row.totals.survey for row in ranked)
        places = {row.unit.code: row.rank for row in ranked}
        assert places[twins[0]] == places[twins[1]]
        assert len({row.band for row in ranked}) >= 3
        assert any(row.assessment.submitted_late for row in ranked)
        public = client.get(f"/public/index/2020/{kind}")
        assert public.status_code == 200
        assert ranked[0].unit.name in public.get_data(as_text=True)
    actions = set(db_session.scalars(select(IndexJournalEntry.action)))
    assert {"answer", "answer_accepted", "answer_rejected", "survey", "finalise"} <= actions


def check_2021(app, db_session, client):
    departments, districts = find_set(2021, "department"), find_set(2021, "district")
    for criteria_set in (departments, districts):
        assert criteria_set.state == "open" and criteria_set.is_demo
        assert is_locked(criteria_set)
        assert criteria_set.self_deadline == date(2022, 1, 14)
        assert client.get(f"/public/index/2021/{criteria_set.kind}").status_code == 404
    states = {row.unit.code: row.assessment.state for row in ranking(departments) if row.assessment}
    assert states == {
        "SNV": "submitted",
        "STP": "appraised",
        "SKHDT": "submitted",
        "STC": "submitted",
        "STTTT": "submitted",
        "SCT": "draft",
    }
    snv = assessment_of(db_session, 2021, "department", "SNV")
    appraised = [item for item in snv.items if item.appraised_points is not None]
    assert 0 < len(appraised) < len(snv.items)  # the appraisal is in progress
    assert any(item.appraisal_reason for item in appraised)
    stp = assessment_of(db_session, 2021, "department", "STP")
    assert [item.criterion.number for item in stp.items if pending(item)]
    late = assessment_of(db_session, 2021, "department", "SKHDT")
    assert late.submitted_late and late.submitted_on == date(2022, 1, 18)
    explained = [item for item in late.items if item.explanation and not item.evidence]
    assert explained and all(item.criterion.evidence_required for item in explained)
    for row in ranking(departments) + ranking(districts):
        if row.assessment and row.assessment.state != "draft":
            assert submission_problems(row.assessment) == {}, row.unit.code
    # Computed from the tracker's own data, as the formula gives it today.
    plan_item = next(item for item in snv.items if item.criterion.number == "1.6")
    assert "5959" in plan_item.working
    with app.app_context():
        assert plan_item.self_points == compute(plan_item.criterion, snv.unit, 2021).points
    # Đông Hà's lead has begun through the service: journaled under the lead's name.
    dong_ha = assessment_of(db_session, 2021, "district", "461")
    lead = db_session.scalar(select(User).where(User.email == "lanhdao.dongha@cchc.demo"))
    assert dong_ha.state == "draft"
    authors = set(
        db_session.scalars(
            select(IndexJournalEntry.author_id).where(IndexJournalEntry.assessment_id == dong_ha.id)
        )
    )
    assert authors == {lead.id}
    assert any(piece.kind == "journal" for item in dong_ha.items for piece in item.evidence)
    assert any(item.explanation for item in dong_ha.items)


@pytest.mark.seeded("before_2025")
def test_seed_demo_publishes_2020_and_leaves_2021_under_way(app, db_session, client):
    check_2020(db_session, client)
    check_2021(app, db_session, client)
    appraiser = db_session.scalar(select(User).where(User.email == "appraiser@cchc.demo"))
    assert appraiser.role == "appraiser"
    assert verify_password(appraiser.password_hash, "ThamDinh@2021")
