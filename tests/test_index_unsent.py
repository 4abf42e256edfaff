"""A unit that never sends its self-assessment: after the deadline the appraisers (or the office;
without a deadline only the office) score it from its records. The first appraisal closes the
unit's draft (no submission day, its own points emptied, journaled as closed_unsent); the
appraisal then goes on as any other, and finalising succeeds once every unit is sent; the
results and the annex mark the unit as not self-assessed."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from tests.conftest import PASSWORD, csrf_from
from tests.index_appraisal_support import appraise_all, submitted_assessment
from tests.index_support import make_criteria_set
from tracker.accounts.api_tokens import create_token
from tracker.accounts.models import User
from tracker.core.exceptions import Conflict, NotFound, ValidationFailed
from tracker.core.timeutil import local_today
from tracker.extensions import db
from tracker.reform_index.appraisal import appraise_item, open_unsent, send_to_unit
from tracker.reform_index.appraisal_pages import assessment_to_appraise
from tracker.reform_index.assessments import save_item, submit
from tracker.reform_index.finalising import finalise
from tracker.reform_index.models import Assessment, CriteriaSet, IndexJournalEntry
from tracker.reform_index.overview import overview
from tracker.reform_index.results import ranking_items
from tracker.reform_index.results_annex import render_annex
from tracker.reform_index.sets import assessment_for, find_assessment, item_by_number
from tracker.reform_index.totals import totals_of
from tracker.reform_index.unsent import did_not_self_assess
from tracker.units.models import Unit


def world_of(make_unit, make_user, deadline_days: int | None) -> dict:
    """Sở Nội vụ submitted; Sở Tư pháp began a draft and never sent it; Sở Y tế never began.
    The deadline is `deadline_days` from today (negative: passed; None: none set)."""
    deadline = None if deadline_days is None else local_today() + timedelta(days=deadline_days)
    snv = make_unit(kind="department", code="SNV", name="Sở Nội vụ")
    stp = make_unit(kind="department", code="STP", name="Sở Tư pháp")
    syt = make_unit(kind="department", code="SYT", name="Sở Y tế")
    criteria_set = make_criteria_set(
        year=2021, kind="department", answer_days=7, self_deadline=deadline
    )
    snv_lead = make_user(role="unit_lead", unit=snv)
    submitted_assessment(criteria_set, snv, snv_lead)
    draft = assessment_for(criteria_set, stp)
    item_by_number(draft, "2.2").self_points = 2  # saved, never sent
    item_by_number(draft, "2.2").explanation = "Sổ theo dõi phản ánh"
    db.session.commit()
    return {
        "set": criteria_set,
        "snv": snv,
        "stp": stp,
        "syt": syt,
        "draft": draft,
        "stp_lead": make_user(role="unit_lead", unit=stp),
        "appraiser": make_user(role="appraiser", email="thamdinh@example.vn"),
        "office": make_user(role="office"),
    }


def refused_fields(call) -> dict:
    with pytest.raises(ValidationFailed) as refused:
        call()
    return {name: problem.code for name, problem in refused.value.fields.items()}


def entries(assessment, action=None):
    query = select(IndexJournalEntry).where(IndexJournalEntry.assessment_id == assessment.id)
    if action:
        query = query.where(IndexJournalEntry.action == action)
    return list(db.session.scalars(query.order_by(IndexJournalEntry.id)))


def appraise_one(actor, assessment, number="2.2", points=1.5, reason="Theo hồ sơ của sở"):
    version = item_by_number(assessment, number).version
    return appraise_item(actor, assessment, number, points, reason, version)


def test_before_the_deadline_the_draft_is_not_appraised(app_ctx, make_unit, make_user):
    world = world_of(make_unit, make_user, deadline_days=0)  # today is the last day
    for person in (world["appraiser"], world["office"]):
        fields = refused_fields(lambda person=person: appraise_one(person, world["draft"]))
        assert fields == {"state": "self_deadline_not_passed"}
        not_begun = refused_fields(
            lambda person=person: open_unsent(person, world["set"], world["syt"])
        )
        assert not_begun == {"state": "self_deadline_not_passed"}
    assert world["draft"].state == "draft"
    assert find_assessment(world["set"], world["syt"]) is None
    assert entries(world["draft"]) == []


def test_without_a_deadline_only_the_office_closes_a_draft(app_ctx, make_unit, make_user):
    world = world_of(make_unit, make_user, deadline_days=None)
    fields = refused_fields(lambda: appraise_one(world["appraiser"], world["draft"]))
    assert fields == {"state": "no_self_deadline"}
    appraise_one(world["office"], world["draft"])
    assert did_not_self_assess(world["draft"])
    [closed] = entries(world["draft"], "closed_unsent")
    assert closed.reason == "Không gửi bản tự đánh giá"


def test_after_the_deadline_the_first_appraisal_closes_the_draft(app_ctx, make_unit, make_user):
    world = world_of(make_unit, make_user, deadline_days=-1)
    draft, appraiser = world["draft"], world["appraiser"]
    appraise_one(appraiser, draft, "2.2", 1.5, "Sổ theo dõi có 12 phản ánh được xử lý")
    assert (draft.state, draft.submitted_on, draft.submitted_late) == ("submitted", None, True)
    assert draft.submitted_by_id is None
    assert did_not_self_assess(draft)
    # The unsent draft is no claim: its own points are emptied, counting 0; its records stay.
    assert all(item.self_points is None for item in draft.items)
    assert item_by_number(draft, "2.2").explanation == "Sổ theo dõi phản ánh"
    assert totals_of(draft).self_total == 0
    closed, appraised = entries(draft)
    deadline = world["set"].self_deadline.strftime("%d/%m/%Y")
    assert (closed.action, closed.author_id, closed.before, closed.after, closed.reason) == (
        "closed_unsent",
        appraiser.id,
        "draft",
        "closed_unsent",
        f"Không gửi bản tự đánh giá (hạn {deadline})",
    )
    assert (appraised.action, appraised.before, appraised.after) == ("appraisal", None, "1,5")
    # Points other than 0 need their reason, as for any unit.
    fields = refused_fields(lambda: appraise_one(appraiser, draft, "1.2", 1, ""))
    assert fields == {"items.1.2.reason": "reason_required"}
    # The unit can no longer save its draft, nor send it.
    version = item_by_number(draft, "2.2").version
    lead = world["stp_lead"]
    saving = refused_fields(lambda: save_item(lead, draft, "2.2", 2, None, None, version))
    assert saving == {"state": "assessment_closed_unsent"}
    assert refused_fields(lambda: submit(lead, draft)) == {"state": "assessment_closed_unsent"}


def test_a_unit_submitting_late_before_any_appraisal_is_appraised_as_usual(
    app_ctx, make_unit, make_user
):
    world = world_of(make_unit, make_user, deadline_days=-1)
    sent = submitted_assessment(world["set"], world["stp"], world["stp_lead"])
    sent.submitted_late = True
    db.session.commit()
    appraise_one(world["appraiser"], sent, "2.2", 1.5, "")
    assert not did_not_self_assess(sent)
    assert entries(sent, "closed_unsent") == []


def test_a_unit_not_begun_is_opened_for_the_appraisers(app_ctx, make_unit, make_user):
    world = world_of(make_unit, make_user, deadline_days=-1)
    appraiser = world["appraiser"]
    member = make_user(role="unit_member", unit=world["syt"])
    with pytest.raises(NotFound):  # the unit's own people read, they do not open it so
        assessment_to_appraise(member, world["set"], "SYT")
    assessment = assessment_to_appraise(appraiser, world["set"], "SYT")
    assert assessment.state == "draft"
    # Version 0 is how GET shows an assessment not opened yet; it holds until a write.
    appraise_item(appraiser, assessment, "2.2", 0, "", 0)
    assert did_not_self_assess(assessment)
    with pytest.raises(Conflict):
        appraise_item(appraiser, assessment, "2.2", 0, "", 0)


def test_finalise_succeeds_once_every_unit_is_appraised_and_sent(app_ctx, make_unit, make_user):
    world = world_of(make_unit, make_user, deadline_days=-1)
    appraiser, office = world["appraiser"], world["office"]
    assert set(refused_fields(lambda: finalise(office, world["set"]))) == {
        "units.SNV",
        "units.STP",
        "units.SYT",
    }
    syt = assessment_to_appraise(appraiser, world["set"], "SYT")
    for assessment in (find_assessment(world["set"], world["snv"]), world["draft"], syt):
        appraise_all(appraiser, assessment)  # the unit's own points accepted: 0 where unsent
        send_to_unit(appraiser, assessment)
    finalise(office, world["set"])
    assert world["set"].state == "finalised"
    marked = {item.unit_code: item.did_not_self_assess for item in ranking_items(world["set"])}
    assert marked == {"SNV": False, "STP": True, "SYT": True}
    doc = Document(render_annex(world["set"], ranking_items(world["set"])))
    names = [row.cells[1].text for row in doc.tables[1].rows[1:]]
    assert "Sở Tư pháp (không tự đánh giá)" in names
    assert "Sở Nội vụ" in names
    assert any("không tự đánh giá" in p.text for p in doc.paragraphs)


# -- the pages and the API ------------------------------------------------------------------


@pytest.fixture
def web(app, db_session, make_unit, make_user):
    with app.test_request_context():
        world = world_of(make_unit, make_user, deadline_days=-1)
        return {name: world[name].email for name in ("appraiser", "office", "stp_lead")}


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


def move_deadline(app, days: int) -> None:
    with app.test_request_context():
        criteria_set = db.session.scalar(select(CriteriaSet))
        criteria_set.self_deadline = local_today() + timedelta(days=days)
        db.session.commit()


def item_version(app, code: str, number: str) -> int:
    with app.test_request_context():
        unit = db.session.scalar(select(Unit).where(Unit.code == code))
        assessment = db.session.scalar(select(Assessment).where(Assessment.unit_id == unit.id))
        return item_by_number(assessment, number).version


def test_the_api_refuses_before_the_deadline_and_appraises_after(app, web):
    move_deadline(app, 3)
    client, headers = app.test_client(), bearer(app, web["appraiser"])
    path = "/api/v1/index/2021/department/units/STP/items/2.2/appraisal"
    body = {"points": 0, "version": item_version(app, "STP", "2.2")}
    early = client.put(path, headers=headers, json=body)
    assert early.status_code == 422
    problem = early.json["error"]["problems"]["state"]
    assert problem["code"] == "self_deadline_not_passed"
    not_begun = client.put(path.replace("STP", "SYT"), headers=headers, json=body | {"version": 0})
    assert not_begun.status_code == 422
    assert not_begun.json["error"]["problems"]["state"]["code"] == "self_deadline_not_passed"
    move_deadline(app, -1)
    done = client.put(path.replace("STP", "SYT"), headers=headers, json=body | {"version": 0})
    assert done.status_code == 200, done.json
    assert done.json["appraised_points"] == 0
    journal = client.get("/api/v1/index/2021/department/units/SYT/journal", headers=headers)
    assert [line["action"] for line in journal.json["items"]] == ["closed_unsent", "appraisal"]
    lead = bearer(app, web["stp_lead"])
    stp = client.put(path, headers=headers, json=body)
    assert stp.status_code == 200, stp.json
    own = client.put(
        "/api/v1/index/2021/department/units/STP/items/2.2",
        headers=lead,
        json={"points": 2, "version": stp.json["version"]},
    )
    assert own.status_code == 422
    assert own.json["error"]["problems"]["state"]["code"] == "assessment_closed_unsent"
    ranking = client.get("/api/v1/index/2021/department/ranking", headers=headers)
    flags = {item["unit_code"]: item["did_not_self_assess"] for item in ranking.json["items"]}
    assert flags == {"SNV": False, "STP": True, "SYT": True}


def test_the_overview_and_the_appraisal_page_offer_it_after_the_deadline(app, web):
    appraiser = signed_in(app, web["appraiser"])
    overview = appraiser.get("/index/2021/department").get_data(as_text=True)
    for code in ("SNV", "STP", "SYT"):
        assert f"/index/2021/department/units/{code}/appraisal" in overview
    page = appraiser.get("/index/2021/department/units/SYT/appraisal")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'id="unsent-note"' in html and 'name="points"' in html
    token = csrf_from(appraiser, "/index/2021/department/units/SYT/appraisal")
    saved = appraiser.post(
        "/index/2021/department/units/SYT/appraisal",
        data={
            "csrf_token": token,
            "number": "2.2",
            "points": "1,5",
            "reason": "Theo hồ sơ",
            "version": "1",
            "action": "set",
        },
    )
    assert saved.status_code == 302
    with app.test_request_context():
        unit = db.session.scalar(select(Unit).where(Unit.code == "SYT"))
        assessment = db.session.scalar(select(Assessment).where(Assessment.unit_id == unit.id))
        assert did_not_self_assess(assessment)
    overview = appraiser.get("/index/2021/department").get_data(as_text=True)
    row = overview.split('id="unit-SYT"', 1)[1].split("</tr>", 1)[0]
    assert "did not self-assess" in row or "không tự đánh giá" in row
    move_deadline(app, 3)
    before = appraiser.get("/index/2021/department").get_data(as_text=True)
    assert "/index/2021/department/units/STP/appraisal" not in before


def test_the_overview_counts_the_unsent_apart_until_appraised(app_ctx, make_unit, make_user):
    world = world_of(make_unit, make_user, deadline_days=-1)
    stages = ("draft", "submitted", "unsent", "appraised")

    def counts():
        view = overview(world["set"])
        return tuple(view.count(stage) for stage in stages) + (view.late,)

    assert counts() == (2, 1, 0, 0, 0)
    appraise_one(world["appraiser"], world["draft"])
    assert counts() == (1, 1, 1, 0, 0)  # closed unsent: neither sent nor late-sent
    appraise_all(world["appraiser"], world["draft"])
    send_to_unit(world["appraiser"], world["draft"])
    assert counts() == (1, 1, 0, 1, 0)  # appraised as any other unit


def close_stp(app, web) -> None:
    """The appraiser's first appraisal closes Sở Tư pháp's unsent draft."""
    with app.test_request_context():
        appraiser = db.session.scalar(select(User).where(User.email == web["appraiser"]))
        unit = db.session.scalar(select(Unit).where(Unit.code == "STP"))
        assessment = db.session.scalar(select(Assessment).where(Assessment.unit_id == unit.id))
        appraise_one(appraiser, assessment)


def test_the_overview_line_names_the_units_that_did_not_self_assess(app, web):
    office = signed_in(app, web["office"])

    def counts_line():
        html = office.get("/index/2021/department").get_data(as_text=True)
        return html.split('id="set-counts">', 1)[1].split("</dd>", 1)[0]

    assert counts_line() == (
        "3 đơn vị: 2 đang soạn, 1 đã gửi (0 trễ hạn), 0 không tự đánh giá, "
        "0 đã thẩm định, 0 đã chốt kết quả"
    )
    close_stp(app, web)
    assert counts_line() == (
        "3 đơn vị: 1 đang soạn, 1 đã gửi (0 trễ hạn), 1 không tự đánh giá, "
        "0 đã thẩm định, 0 đã chốt kết quả"
    )


def test_the_workbook_marks_the_unit_as_the_annex_does(app, web):
    close_stp(app, web)
    office = signed_in(app, web["office"])
    answer = office.get("/index/2021/department/results.xlsx")
    assert answer.status_code == 200
    ranking, by_area = load_workbook(BytesIO(answer.data)).worksheets
    names = {row[1]: row[2] for row in ranking.iter_rows(min_row=4, values_only=True) if row[1]}
    assert names == {
        "SNV": "Sở Nội vụ",
        "STP": "Sở Tư pháp (không tự đánh giá)",
        "SYT": "Sở Y tế",
    }
    note = ranking.cell(row=ranking.max_row, column=1).value
    assert note.startswith("Ghi chú: đơn vị (không tự đánh giá) không gửi báo cáo tự đánh giá")
    areas = {row[0]: row[1] for row in by_area.iter_rows(min_row=4, values_only=True)}
    assert areas["STP"] == "Sở Tư pháp (không tự đánh giá)"
    assert areas["SNV"] == "Sở Nội vụ"


def test_the_unit_api_says_it_did_not_self_assess(app, web):
    client, headers = app.test_client(), bearer(app, web["appraiser"])
    path = "/api/v1/index/2021/department/units/{}"

    def flags():
        return {
            code: client.get(path.format(code), headers=headers).json["did_not_self_assess"]
            for code in ("SNV", "STP", "SYT")
        }

    assert flags() == {"SNV": False, "STP": False, "SYT": False}
    close_stp(app, web)
    assert flags() == {"SNV": False, "STP": True, "SYT": False}
    lead = client.get(path.format("STP"), headers=bearer(app, web["stp_lead"]))
    assert lead.json["did_not_self_assess"] is True
    document = client.get("/api/v1/openapi.json").json
    answer = document["components"]["schemas"]["UnitAssessmentAnswer"]
    assert answer["properties"]["did_not_self_assess"]["type"] == "boolean"
    assert "did_not_self_assess" in answer["required"]
