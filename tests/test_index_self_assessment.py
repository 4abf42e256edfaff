"""A unit's self-assessment (the services): points within each rule, evidence or an
explanation where the rule asks for it, drafts with versions, the lead's submission (late when
after the office's deadline), everything journaled."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.index_support import make_criteria_set
from tracker.assignments.journal import journal
from tracker.assignments.models import Assignment
from tracker.core.exceptions import Conflict, Forbidden, NotFound, ValidationFailed
from tracker.core.timeutil import local_today
from tracker.extensions import db
from tracker.plans.models import Task
from tracker.reform_index import assessments
from tracker.reform_index.evidence import EvidenceInput
from tracker.reform_index.models import IndexJournalEntry
from tracker.reform_index.sets import item_by_number


@pytest.fixture
def unit_people(app_ctx, make_unit, make_user):
    unit = make_unit(kind="department", name="Sở Nội vụ thử")
    return {
        "unit": unit,
        "lead": make_user(role="unit_lead", unit=unit),
        "member": make_user(role="unit_member", unit=unit),
        "office": make_user(role="office"),
    }


@pytest.fixture
def opened(unit_people):
    criteria_set = make_criteria_set()
    assessment = assessments.open_assessment(
        unit_people["member"], criteria_set, unit_people["unit"]
    )
    return assessment


def save(actor, assessment, number, points, evidence=None, explanation=None):
    item = item_by_number(assessment, number)
    return assessments.save_item(
        actor, assessment, number, points, evidence, explanation, item.version
    )


def refusal(error) -> dict:
    return {key: problem.code for key, problem in error.value.fields.items()}


def fill_everything(actor, assessment):
    document = EvidenceInput(kind="document", document_number="12/KH-SNV")
    save(actor, assessment, "1.1.1", 1, [document])
    save(actor, assessment, "1.1.2", 0.5)
    save(actor, assessment, "1.2", 0.75, explanation="Báo cáo gửi qua hệ thống, không lưu số")
    save(actor, assessment, "2.1.1", 0)
    save(actor, assessment, "2.1.2", 1)
    save(actor, assessment, "2.2", 1.75)


def test_first_opening_makes_a_draft_with_an_item_per_sub_criterion(opened, unit_people):
    numbers = sorted(item.criterion.number for item in opened.items)
    assert numbers == ["1.1.1", "1.1.2", "1.2", "1.3", "2.1.1", "2.1.2", "2.2"]
    assert opened.state == "draft"
    again = assessments.open_assessment(unit_people["lead"], opened.set, unit_people["unit"])
    assert again.id == opened.id and len(again.items) == 7


def test_only_the_units_people_open_it_and_only_a_unit_of_the_sets_kind(
    unit_people, make_unit, make_user
):
    criteria_set = make_criteria_set()
    with pytest.raises(Forbidden):
        assessments.open_assessment(unit_people["office"], criteria_set, unit_people["unit"])
    stranger = make_user(role="unit_lead")
    with pytest.raises(Forbidden):
        assessments.open_assessment(stranger, criteria_set, unit_people["unit"])
    district = make_unit(kind="district")
    with pytest.raises(NotFound):
        assessments.open_assessment(
            make_user(role="unit_lead", unit=district), criteria_set, district
        )
    closed_before = make_unit(kind="department", valid_to=date(2021, 6, 30))
    with pytest.raises(NotFound):
        assessments.open_assessment(
            make_user(role="unit_lead", unit=closed_before), criteria_set, closed_before
        )


def test_a_free_number_is_saved_and_journaled(opened, unit_people):
    item = save(unit_people["member"], opened, "2.2", 1.25)
    assert item.self_points == 1.25 and item.version == 2
    entry = opened_journal(opened)[-1]
    assert (entry.action, entry.before, entry.after) == ("self_points", None, "1,25")
    assert entry.criterion.number == "2.2" and entry.author_id == unit_people["member"].id


def opened_journal(assessment):
    return list(
        db.session.scalars(
            select(IndexJournalEntry)
            .where(IndexJournalEntry.assessment_id == assessment.id)
            .order_by(IndexJournalEntry.id)
        )
    )


@pytest.mark.parametrize(
    ("number", "points", "code"),
    [
        ("2.2", 2.5, "points_out_of_range"),
        ("2.2", -0.25, "points_out_of_range"),
        ("2.2", 0.3, "points_off_step"),
        ("1.1.2", 0.75, "points_not_a_level"),
        ("1.3", 1, "computed_points"),
    ],
)
def test_points_outside_the_rule_are_refused_naming_the_item(
    opened, unit_people, number, points, code
):
    with pytest.raises(ValidationFailed) as refused:
        save(unit_people["member"], opened, number, points)
    assert refusal(refused) == {f"items.{number}.points": code}
    message = str(refused.value.fields[f"items.{number}.points"])
    assert message.startswith(f"Tiêu chí thành phần {number}: ")
    assert item_by_number(opened, number).self_points is None


def test_a_level_is_one_of_the_levels(opened, unit_people):
    assert save(unit_people["member"], opened, "1.1.2", 0.5).self_points == 0.5


def test_points_without_the_evidence_asked_for_are_refused(opened, unit_people):
    with pytest.raises(ValidationFailed) as refused:
        save(unit_people["member"], opened, "1.1.1", 1)
    assert refusal(refused) == {"items.1.1.1.evidence": "evidence_required"}
    assert "Kế hoạch CCHC năm của đơn vị" in str(refused.value.fields["items.1.1.1.evidence"])
    # Nought needs nothing; an explanation stands for the evidence; so does a document.
    assert save(unit_people["member"], opened, "1.1.1", 0).self_points == 0
    explained = save(unit_people["member"], opened, "1.1.1", 1, explanation="Chưa ban hành")
    assert explained.self_points == 1
    documented = save(
        unit_people["member"],
        opened,
        "1.1.1",
        1,
        [EvidenceInput(kind="document", document_number="5/KH", document_date=date(2021, 1, 5))],
        "",
    )
    assert [(e.kind, e.document_number) for e in documented.evidence] == [("document", "5/KH")]


def test_evidence_kept_by_id_replaced_or_removed(opened, unit_people):
    member = unit_people["member"]
    link = EvidenceInput(kind="link", url="https://snv.quangtri.gov.vn/kh-cchc")
    item = save(member, opened, "1.2", 1, [link])
    kept = item.evidence[0].id
    item = save(member, opened, "1.2", 1, [EvidenceInput(keep_id=kept), link])
    assert len(item.evidence) == 2 and item.evidence[0].id == kept
    # One of two goes: fine; with none left and points, the rule refuses.
    item = assessments.remove_evidence(member, opened, "1.2", kept, item.version)
    assert len(item.evidence) == 1
    with pytest.raises(ValidationFailed) as refused:
        assessments.remove_evidence(member, opened, "1.2", item.evidence[0].id, item.version)
    assert refusal(refused) == {"items.1.2.evidence": "evidence_required"}
    actions = [entry.action for entry in opened_journal(opened)]
    assert actions.count("evidence") == 3  # added, added, removed


def test_bad_evidence_is_named_by_its_place(opened, unit_people):
    given = [
        EvidenceInput(kind="link", url="ftp://snv/kh"),
        EvidenceInput(kind="document", document_number=""),
        EvidenceInput(kind="scan"),
        EvidenceInput(keep_id=999999),
        EvidenceInput(kind="file", file_name="a.exe", file_stream=io.BytesIO(b"x"), file_size=1),
    ]
    with pytest.raises(ValidationFailed) as refused:
        save(unit_people["member"], opened, "2.2", 1, given)
    assert refusal(refused) == {
        "items.2.2.evidence.0.url": "link_scheme",
        "items.2.2.evidence.1.document_number": "required",
        "items.2.2.evidence.2.kind": "one_of",
        "items.2.2.evidence.3.id": "not_item_evidence",
        "items.2.2.evidence.4.file": "file_type",
    }


def test_a_file_is_stored_as_evidence(opened, unit_people):
    upload = EvidenceInput(
        kind="file", file_name="Kế hoạch CCHC.pdf", file_stream=io.BytesIO(b"%PDF-1"), file_size=6
    )
    item = save(unit_people["member"], opened, "2.1.1", 2, [upload])
    (piece,) = item.evidence
    assert (piece.kind, piece.file_name, piece.file_size) == ("file", "Kế hoạch CCHC.pdf", 6)
    assert piece.file_path.endswith(".pdf")


def unit_evidence_entry(unit, make_plan, number="I.1"):
    plan = make_plan(year=2021)
    task = Task(plan=plan, number=number, title="Ban hành kế hoạch CCHC năm 2021")
    assignment = Assignment(task=task, unit=unit, role="lead", due_date=date(2021, 3, 31))
    db.session.add(assignment)
    entry = journal(
        assignment,
        "progress",
        None,
        new_state="done",
        evidence_document_number="15/KH-SNV",
        evidence_document_date=date(2021, 2, 1),
    )
    db.session.commit()
    return entry


def test_evidence_already_in_the_tracker_is_picked_from_the_units_own(
    opened, unit_people, make_plan, make_unit
):
    own = unit_evidence_entry(unit_people["unit"], make_plan)
    other = unit_evidence_entry(make_unit(kind="department"), make_plan)
    with pytest.raises(ValidationFailed) as refused:
        save(
            unit_people["member"],
            opened,
            "1.1.1",
            1,
            [EvidenceInput(kind="journal", journal_entry_id=other.id)],
        )
    assert refusal(refused) == {"items.1.1.1.evidence.0.journal_entry_id": "not_unit_evidence"}
    item = save(
        unit_people["member"],
        opened,
        "1.1.1",
        1,
        [EvidenceInput(kind="journal", journal_entry_id=own.id)],
    )
    (piece,) = item.evidence
    assert (piece.kind, piece.journal_entry_id, piece.document_number) == (
        "journal",
        own.id,
        "15/KH-SNV",
    )


def test_a_stale_or_missing_version_is_refused(opened, unit_people):
    item = item_by_number(opened, "2.2")
    seen = item.version
    save(unit_people["lead"], opened, "2.2", 1)
    with pytest.raises(Conflict):
        assessments.save_item(unit_people["member"], opened, "2.2", 2, None, None, seen)
    with pytest.raises(ValidationFailed) as refused:
        assessments.save_item(unit_people["member"], opened, "2.2", 2, None, None, None)
    assert refusal(refused) == {"version": "required"}


def test_only_the_lead_submits_and_every_item_is_checked(opened, unit_people):
    with pytest.raises(Forbidden):
        assessments.submit(unit_people["member"], opened)
    save(unit_people["member"], opened, "2.2", 1)
    with pytest.raises(ValidationFailed) as refused:
        assessments.submit(unit_people["lead"], opened)
    assert refusal(refused) == {
        "items.1.1.1.points": "points_missing",
        "items.1.1.2.points": "points_missing",
        "items.1.2.points": "points_missing",
        "items.2.1.1.points": "points_missing",
        "items.2.1.2.points": "points_missing",
    }
    assert opened.state == "draft"


def test_submitted_on_time_then_nothing_changes(opened, unit_people):
    opened.set.self_deadline = local_today()
    fill_everything(unit_people["member"], opened)
    submitted = assessments.submit(unit_people["lead"], opened, opened.version)
    assert submitted.state == "submitted"
    assert submitted.submitted_on == local_today() and not submitted.submitted_late
    assert submitted.submitted_by_id == unit_people["lead"].id
    last = opened_journal(opened)[-1]
    assert (last.action, last.before, last.after) == ("submit", "draft", "submitted")
    with pytest.raises(ValidationFailed) as refused:
        save(unit_people["lead"], opened, "2.2", 2)
    assert refusal(refused) == {"state": "assessment_submitted"}
    with pytest.raises(ValidationFailed):
        assessments.submit(unit_people["lead"], opened)


def test_a_submission_after_the_deadline_is_taken_and_recorded_late(opened, unit_people):
    opened.set.self_deadline = local_today() - timedelta(days=1)
    fill_everything(unit_people["member"], opened)
    submitted = assessments.submit(unit_people["lead"], opened)
    assert submitted.state == "submitted" and submitted.submitted_late
    assert opened_journal(opened)[-1].after == "submitted_late"


def test_a_submission_from_a_page_that_missed_a_save_is_stale(opened, unit_people):
    fill_everything(unit_people["member"], opened)
    seen = opened.version
    save(unit_people["member"], opened, "2.2", 2)
    with pytest.raises(Conflict):
        assessments.submit(unit_people["lead"], opened, seen)


def test_computed_points_count_as_they_stand_and_cannot_be_typed(opened, unit_people):
    explained = save(unit_people["member"], opened, "1.3", None, explanation="Theo số liệu")
    assert explained.self_points is None and explained.explanation == "Theo số liệu"
    fill_everything(unit_people["member"], opened)
    assert assessments.submit(unit_people["lead"], opened).state == "submitted"


def test_a_closed_set_takes_no_more_points(opened, unit_people):
    opened.set.state = "finalised"
    with pytest.raises(ValidationFailed) as refused:
        save(unit_people["member"], opened, "2.2", 1)
    assert refusal(refused) == {"state": "set_closed"}
