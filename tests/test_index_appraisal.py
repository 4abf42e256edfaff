"""The appraisal and the unit's answer, as services: accept or change points with a reason,
send to the unit, one answer per sub-criterion within the days, the appraisers' decision,
the office's finalisation, and the journal of each change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.index_appraisal_support import appraisal_world, appraise_all
from tracker.core.exceptions import Conflict, Forbidden, ValidationFailed
from tracker.core.timeutil import local_today
from tracker.extensions import db
from tracker.reform_index.answers import answer, decide_answer
from tracker.reform_index.appraisal import answer_deadline, appraise_item, send_to_unit
from tracker.reform_index.finalising import finalise
from tracker.reform_index.models import IndexJournalEntry
from tracker.reform_index.sets import item_by_number
from tracker.reform_index.totals import totals_of


@pytest.fixture
def appraisal(app_ctx, make_unit, make_user):
    return appraisal_world(make_unit, make_user)


def entries(assessment, action=None):
    query = (
        select(IndexJournalEntry)
        .where(IndexJournalEntry.assessment_id == assessment.id)
        .order_by(IndexJournalEntry.id)
    )
    if action:
        query = query.where(IndexJournalEntry.action == action)
    return list(db.session.scalars(query))


def refused_fields(call) -> dict:
    with pytest.raises(ValidationFailed) as refused:
        call()
    return {name: problem.code for name, problem in refused.value.fields.items()}


def item(assessment, number):
    return item_by_number(assessment, number)


def sent(appraisal, changes=None):
    assessment = appraisal["assessment"]
    appraise_all(appraisal["appraiser"], assessment, changes)
    send_to_unit(appraisal["appraiser"], assessment)
    return assessment


def test_accepting_the_units_points_needs_no_reason_and_is_journaled(appraisal):
    assessment, appraiser = appraisal["assessment"], appraisal["appraiser"]
    version = item(assessment, "1.2").version
    appraise_item(appraiser, assessment, "1.2", None, "", version)
    assert item(assessment, "1.2").appraised_points == 0.75
    assert item(assessment, "1.2").version == version + 1
    [entry] = entries(assessment, "appraisal")
    assert (entry.author_id, entry.before, entry.after, entry.reason) == (
        appraiser.id,
        "0,75",
        "0,75",
        "",
    )
    assert entry.criterion.number == "1.2"


def test_changed_points_need_a_reason_and_the_journal_keeps_it(appraisal):
    assessment, appraiser = appraisal["assessment"], appraisal["appraiser"]
    version = item(assessment, "1.2").version
    fields = refused_fields(lambda: appraise_item(appraiser, assessment, "1.2", 0.5, "", version))
    assert fields == {"items.1.2.reason": "reason_required"}
    assert entries(assessment, "appraisal") == []
    appraise_item(appraiser, assessment, "1.2", 0.5, "Thiếu báo cáo quý III", version)
    again = item(assessment, "1.2")
    assert (again.appraised_points, again.appraisal_reason) == (0.5, "Thiếu báo cáo quý III")
    # A second look on the same day: from the last appraisal's points, not the unit's.
    appraise_item(appraiser, assessment, "1.2", 0.25, "Báo cáo năm nộp muộn", again.version)
    last = entries(assessment, "appraisal")[-1]
    assert (last.before, last.after, last.reason) == ("0,5", "0,25", "Báo cáo năm nộp muộn")


@pytest.mark.parametrize(
    ("number", "points", "code"),
    [
        ("1.2", 1.5, "points_out_of_range"),
        ("1.2", -0.25, "points_out_of_range"),
        ("1.2", 0.3, "points_off_step"),
        ("1.1.2", 0.75, "points_not_a_level"),
    ],
)
def test_points_that_do_not_fit_the_rule_are_refused_naming_the_item(
    appraisal, number, points, code
):
    assessment = appraisal["assessment"]
    version = item(assessment, number).version
    fields = refused_fields(
        lambda: appraise_item(appraisal["appraiser"], assessment, number, points, "Lý do", version)
    )
    assert fields == {f"items.{number}.points": code}
    assert item(assessment, number).appraised_points is None


def test_a_stale_version_is_a_conflict_and_a_version_is_required(appraisal):
    assessment, appraiser = appraisal["assessment"], appraisal["appraiser"]
    version = item(assessment, "2.2").version
    appraise_item(appraiser, assessment, "2.2", 1, "Chưa đủ hồ sơ", version)
    with pytest.raises(Conflict):
        appraise_item(appraisal["office"], assessment, "2.2", 2, "Đủ hồ sơ", version)
    assert item(assessment, "2.2").appraised_points == 1
    fields = refused_fields(lambda: appraise_item(appraiser, assessment, "2.2", 1, "x", None))
    assert fields == {"items.2.2.version": "required"}


def test_only_appraisers_and_the_office_appraise(appraisal):
    assessment = appraisal["assessment"]
    version = item(assessment, "2.2").version
    for person in (appraisal["lead"], appraisal["member"]):
        with pytest.raises(Forbidden):
            appraise_item(person, assessment, "2.2", None, "", version)
    appraise_item(appraisal["office"], assessment, "2.2", None, "", version)


def test_a_draft_is_not_appraised(appraisal):
    """Without a deadline only the office closes a draft never sent (tests/test_index_unsent)."""
    assessment = appraisal["assessment"]
    assessment.state = "draft"
    db.session.commit()
    version = item(assessment, "2.2").version
    fields = refused_fields(
        lambda: appraise_item(appraisal["appraiser"], assessment, "2.2", None, "", version)
    )
    assert fields == {"state": "no_self_deadline"}


def test_sending_needs_every_sub_criterion_appraised(appraisal):
    assessment, appraiser = appraisal["assessment"], appraisal["appraiser"]
    appraise_item(appraiser, assessment, "1.1.1", None, "", item(assessment, "1.1.1").version)
    fields = refused_fields(lambda: send_to_unit(appraiser, assessment))
    assert set(fields) == {
        f"items.{n}.points" for n in ("1.1.2", "1.2", "1.3", "2.1.1", "2.1.2", "2.2")
    }
    assert assessment.state == "submitted"


def test_sending_opens_the_answer_days(appraisal):
    assessment = sent(appraisal, {"1.2": (0.5, "Thiếu báo cáo quý III")})
    today = local_today()
    assert (assessment.state, assessment.appraised_on) == ("appraised", today)
    assert assessment.answer_until == answer_deadline(today, 7)
    assert today + timedelta(days=7) <= assessment.answer_until <= today + timedelta(days=12)
    [entry] = entries(assessment, "sent_to_unit")
    assert entry.after == assessment.answer_until.strftime("%d/%m/%Y")
    # Appraised: no more appraising, the decisions go through the answers.
    fields = refused_fields(
        lambda: appraise_item(
            appraisal["appraiser"], assessment, "2.2", 1, "x", item(assessment, "2.2").version
        )
    )
    assert fields == {"state": "not_under_appraisal"}


def test_the_unit_answers_once_per_changed_item(appraisal):
    assessment = sent(appraisal, {"1.2": (0.5, "Thiếu báo cáo quý III")})
    answer(appraisal["member"], assessment, "1.2", "Báo cáo quý III gửi ngày 14/9 (số 77/BC)")
    answered = item(assessment, "1.2")
    assert (answered.answer, answered.answered_on) == (
        "Báo cáo quý III gửi ngày 14/9 (số 77/BC)",
        local_today(),
    )
    [entry] = entries(assessment, "answer")
    assert (entry.author_id, entry.criterion.number) == (appraisal["member"].id, "1.2")
    again = refused_fields(lambda: answer(appraisal["lead"], assessment, "1.2", "Bổ sung"))
    assert again == {"items.1.2.answer": "answered_once"}
    assert item(assessment, "1.2").answer.startswith("Báo cáo quý III")
    # Where the appraisers accepted the unit's points there is nothing to answer.
    nothing = refused_fields(lambda: answer(appraisal["lead"], assessment, "2.2", "Xin xem lại"))
    assert nothing == {"items.2.2.answer": "nothing_to_answer"}
    empty = refused_fields(lambda: answer(appraisal["lead"], assessment, "1.1.1", " "))
    assert empty == {"items.1.1.1.answer": "nothing_to_answer"}


def test_no_answer_after_the_window_nor_before_the_appraisal_is_sent(appraisal):
    assessment = appraisal["assessment"]
    early = refused_fields(lambda: answer(appraisal["lead"], assessment, "1.2", "Sớm"))
    assert early == {"state": "appraisal_not_sent"}
    sent(appraisal, {"1.2": (0.5, "Thiếu báo cáo")})
    assessment.answer_until = local_today() - timedelta(days=1)
    db.session.commit()
    late = refused_fields(lambda: answer(appraisal["lead"], assessment, "1.2", "Muộn"))
    assert late == {"items.1.2.answer": "answer_window_closed"}
    assert entries(assessment, "answer") == []


def test_only_the_units_own_people_answer(appraisal, make_user):
    assessment = sent(appraisal, {"1.2": (0.5, "Thiếu báo cáo")})
    stranger = make_user(role="unit_lead")
    for person in (stranger, appraisal["appraiser"], appraisal["office"]):
        with pytest.raises(Forbidden):
            answer(person, assessment, "1.2", "Giải trình")


def test_an_accepted_answer_may_set_new_points_and_is_journaled(appraisal):
    assessment = sent(appraisal, {"1.2": (0.25, "Thiếu hai báo cáo")})
    answer(appraisal["lead"], assessment, "1.2", "Đã gửi đủ bốn báo cáo")
    version = item(assessment, "1.2").version
    decide_answer(appraisal["appraiser"], assessment, "1.2", "accepted", 0.75, "", version)
    decided = item(assessment, "1.2")
    assert (decided.answer_decision, decided.appraised_points) == ("accepted", 0.75)
    [entry] = entries(assessment, "answer_accepted")
    assert (entry.before, entry.after) == ("0,25", "0,75")
    assert totals_of(assessment).appraised_total == 8.75  # the unit's own total again
    twice = refused_fields(
        lambda: decide_answer(
            appraisal["appraiser"], assessment, "1.2", "rejected", None, "x", decided.version
        )
    )
    assert twice == {"items.1.2.decision": "answer_decided"}


def test_a_rejection_keeps_the_points_and_needs_a_reason(appraisal):
    assessment = sent(appraisal, {"2.1.1": (1, "Chưa công khai tại bộ phận một cửa")})
    answer(appraisal["lead"], assessment, "2.1.1", "Đã niêm yết")
    version = item(assessment, "2.1.1").version
    fields = refused_fields(
        lambda: decide_answer(appraisal["appraiser"], assessment, "2.1.1", "rejected", None, "")
    )
    assert fields == {"items.2.1.1.reason": "required"}
    wrong = refused_fields(
        lambda: decide_answer(appraisal["appraiser"], assessment, "2.1.1", "maybe", None, "x")
    )
    assert wrong == {"items.2.1.1.decision": "one_of"}
    over = refused_fields(
        lambda: decide_answer(appraisal["appraiser"], assessment, "2.1.1", "accepted", 3, "")
    )
    assert over == {"items.2.1.1.points": "points_out_of_range"}
    decide_answer(
        appraisal["appraiser"], assessment, "2.1.1", "rejected", 2, "Ảnh chụp không rõ", version
    )
    decided = item(assessment, "2.1.1")
    assert (decided.answer_decision, decided.appraised_points) == ("rejected", 1)
    [entry] = entries(assessment, "answer_rejected")
    assert (entry.before, entry.after, entry.reason) == ("1", "1", "Ảnh chụp không rõ")


def test_no_decision_without_an_answer_and_only_by_appraisers(appraisal):
    assessment = sent(appraisal, {"1.2": (0.5, "Thiếu")})
    fields = refused_fields(
        lambda: decide_answer(appraisal["appraiser"], assessment, "1.2", "accepted")
    )
    assert fields == {"items.1.2.answer": "no_answer"}
    answer(appraisal["lead"], assessment, "1.2", "Đủ")
    with pytest.raises(Forbidden):
        decide_answer(appraisal["lead"], assessment, "1.2", "accepted")


def test_finalising_waits_for_pending_answers_then_the_window(appraisal):
    assessment = sent(appraisal, {"1.2": (0.5, "Thiếu"), "2.2": (1, "Chưa đủ")})
    office, code = appraisal["office"], "units.SNV"
    fields = refused_fields(lambda: finalise(office, appraisal["set"]))
    assert fields == {code: "answer_window_open"}
    answer(appraisal["lead"], assessment, "1.2", "Đủ báo cáo")
    assert refused_fields(lambda: finalise(office, appraisal["set"])) == {code: "answers_pending"}
    decide_answer(appraisal["appraiser"], assessment, "1.2", "accepted")
    # 2.2 may still be answered while the window is open.
    assert refused_fields(lambda: finalise(office, appraisal["set"])) == {
        code: "answer_window_open"
    }
    assessment.answer_until = local_today() - timedelta(days=1)
    db.session.commit()
    with pytest.raises(Forbidden):
        finalise(appraisal["appraiser"], appraisal["set"])
    finalise(office, appraisal["set"])
    assert (appraisal["set"].state, appraisal["set"].finalised_on) == ("finalised", local_today())
    assert (assessment.state, assessment.finalised_on) == ("finalised", local_today())
    [entry] = entries(assessment, "finalise")
    assert entry.author_id == office.id
    again = refused_fields(lambda: finalise(office, appraisal["set"]))
    assert again == {"state": "set_finalised"}
    late = refused_fields(lambda: answer(appraisal["lead"], assessment, "2.2", "Muộn"))
    assert late == {"state": "appraisal_not_sent"}


def test_finalising_needs_every_unit_appraised(appraisal, make_unit):
    sent(appraisal)  # every point accepted: nothing to answer, the window need not close
    other = make_unit(kind="department", code="STP", name="Sở Tư pháp")
    make_unit(kind="district", code="DH", name="Thành phố Đông Hà")  # another kind's
    fields = refused_fields(lambda: finalise(appraisal["office"], appraisal["set"]))
    assert fields == {"units.STP": "unit_not_appraised"}
    assert appraisal["set"].state == "open"
    assert other.code == "STP"


def test_the_whole_journal_reads_in_order(appraisal):
    assessment = sent(appraisal, {"1.2": (0.5, "Thiếu")})
    answer(appraisal["lead"], assessment, "1.2", "Đủ")
    decide_answer(appraisal["appraiser"], assessment, "1.2", "rejected", None, "Không đủ")
    actions = [entry.action for entry in entries(assessment)]
    assert actions == ["appraisal"] * 7 + ["sent_to_unit", "answer", "answer_rejected"]
